"""How a plugin distribution ships a criteria set file.

A wheel carries a copy of the set inside the plugin's package (hatch
`force-include` of the repository's `criteria/<set>.toml`); an editable
install has no copy, so the repository's file is read in place and an edit
takes effect without reinstalling. See docs/plugins.md, "How a set reaches a
plugin".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def shipped_set(package: str, module_file: str, filename: str) -> Traversable | Path:
    """The copy inside the installed `package`, else the source checkout's `criteria/filename`.

    `module_file` is the plugin's `__file__`, laid out as
    `plugins/<distribution>/src/<package>/__init__.py` in the repository.
    """
    here = Path(module_file)
    if here.is_file():
        # A package in a folder, as pip installs it: importlib.resources would look in this
        # same folder, and importing its readers costs more than the rest of `check` does.
        packaged: Traversable | Path = here.parent / filename
    else:  # a package inside an archive: importlib.resources reads it
        from importlib.resources import files

        packaged = files(package) / filename
    if packaged.is_file():
        return packaged
    return here.resolve().parents[4] / "criteria" / filename
