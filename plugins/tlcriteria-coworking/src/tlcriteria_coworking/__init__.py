"""tlcriteria plugin: the network's 'coworking' criteria set.

The set is the repository's `criteria/coworking.toml`. A wheel carries a copy
inside this package (hatch `force-include`); an editable install has no copy,
so the module reads the repository's file, and an edit there takes effect
without reinstalling. See docs/plugins.md, "How a set reaches a plugin".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tlcriteria import hookimpl
from tlcriteria.shipping import shipped_set

if TYPE_CHECKING:  # importing it pulls tempfile, shutil, zipfile…: not at every start-up
    from importlib.resources.abc import Traversable


@hookimpl
def tlcriteria_criteria_sets() -> list[Traversable | Path]:
    return [shipped_set(__name__, __file__, "coworking.toml")]
