"""How a plugin distribution ships a criteria set file.

A wheel carries a copy of the set inside the plugin's package (hatch
`force-include` of the repository's `criteria/<set>.toml`); an editable
install has no copy, so the repository's file is read in place and an edit
takes effect without reinstalling. See docs/plugins.md, "How a set reaches a
plugin".
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def shipped_set(package: str, module_file: str, filename: str) -> Traversable | Path:
    """The copy inside the installed `package`, else the source checkout's `criteria/filename`.

    `module_file` is the plugin's `__file__`, laid out as
    `plugins/<distribution>/src/<package>/__init__.py` in the repository.
    """
    packaged = files(package) / filename
    if packaged.is_file():
        return packaged
    return Path(module_file).resolve().parents[4] / "criteria" / filename
