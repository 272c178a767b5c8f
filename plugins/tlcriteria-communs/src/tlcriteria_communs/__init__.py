"""tlcriteria plugin: the network's 'communs' criteria set.

The set is the repository's `criteria/communs.toml`. A wheel carries a copy
inside this package (hatch `force-include`); an editable install has no copy,
so the module reads the repository's file, and an edit there takes effect
without reinstalling. See docs/plugins.md, "How a set reaches a plugin".
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from tlcriteria import hookimpl

SET_FILE = "communs.toml"


def set_file() -> Traversable | Path:
    """The copy inside the installed package, else the source checkout's file."""
    packaged = files(__name__) / SET_FILE
    if packaged.is_file():
        return packaged
    # src/tlcriteria_communs/__init__.py -> plugins/tlcriteria-communs/ -> the repository root
    return Path(__file__).resolve().parents[4] / "criteria" / SET_FILE


@hookimpl
def tlcriteria_criteria_sets() -> list[Traversable | Path]:
    return [set_file()]
