"""The mark of a folder tlcriteria wrote (a site): an output, never an input.

`files.replace_folder` writes `FOLDER_MARK` into every folder it fills and
replaces no folder without it; the walk of a folder given (`documents.toml_files`)
skips a folder holding it, so that a site written inside the network's folder
(`publish . --format site -o public`) is never read back as places; and `-o`
may name such a folder inside a folder read (`overwrites`). A base module: it
imports nothing of the program.
"""

from __future__ import annotations

import os

#: Written in every folder `replace_folder` fills: only such a folder may be replaced.
FOLDER_MARK = ".tlcriteria-output"


def is_marked(folder: str | os.PathLike[str]) -> bool:
    """Whether `folder` holds the mark: tlcriteria wrote it, and may write it again."""
    return os.path.exists(os.path.join(folder, FOLDER_MARK))
