"""Where a place's network file is: one rule for `assess`, `check` and `publish`.

A network keeps `reseau.toml` at the top of its folder, beside `places/`
(`NETWORK/reseau.toml`, `NETWORK/places/x.toml`). The network file of a place
file is `reseau.toml` in the place file's folder, else one folder up; a network
file named on the command line applies to the places of its folder and below
it. Only paths are looked at here (a stat or two per folder): the network
module, and the file itself, are read only when one is found.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: The network file's name, looked for beside a place file and one folder up.
NETWORK_FILE = "reseau.toml"


def network_file_near(place_file: Path) -> Path | None:
    """`reseau.toml` beside the place file, else one folder up; None when neither exists."""
    folder = _folder(place_file)
    return None if folder is None else _in_or_above(folder)


def network_root(place_file: Path) -> Path | None:
    """The network's folder of a place file, when it has one: the folder of its network file
    (`network_file_near`), else the folder holding `places/` when the file lies in `places/`;
    None for a place file alone in a folder of its own."""
    network_file = network_file_near(place_file)
    if network_file is not None:
        return network_file.parent
    folder = _folder(place_file)
    return folder.parent if folder is not None and folder.name == "places" else None


def from_here(path: Path) -> Path:
    """`path` (a real path) from the current folder when below it: files are named as typed."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return Path(relative) if not relative.startswith(os.pardir) else path


def in_reviews_folder(path: str | Path) -> bool:
    """Whether `path` lies where peer reviews are filed: `reviews/PLACE/NAME.toml` in the
    network's folder (`place_reviews.reviews_folder`)."""
    return Path(path).parent.parent.name == "reviews"


def _in_or_above(folder: Path) -> Path | None:
    for candidate in (folder / NETWORK_FILE, folder.parent / NETWORK_FILE):
        if candidate.is_file():
            return candidate
    return None


def network_files_near(place_files: Iterable[str], given: Iterable[str] = ()) -> list[Path]:
    """The network files of these place files (`network_file_near`), each once, leaving out the
    places that a network file `given` (named on the command line) covers: its folder or below."""
    covering = [_folder(Path(path)) for path in given]
    found: dict[Path, None] = {}
    by_folder: dict[str, Path | None] = {}  # looked up once per folder, however many places
    for path in place_files:
        folder = os.path.dirname(path)  # a string, not a Path per place: thousands of places
        if folder not in by_folder:
            resolved = _folder(Path(path))
            covered = resolved is not None and any(
                c is not None and resolved.is_relative_to(c) for c in covering
            )
            by_folder[folder] = None if covered or resolved is None else _in_or_above(resolved)
        near = by_folder[folder]
        if near is not None:
            found.setdefault(near)
    return list(found)


def network_files_of(paths: Iterable[str]) -> list[Path]:
    """The network files of the places given as files or folders, looked up once per folder:
    a folder's is `reseau.toml` in it, else one folder up (that of the places directly in it:
    those of deeper places lie inside it), and a file's is `network_file_near`'s."""
    found: dict[Path, None] = {}
    looked: set[str] = set()  # a shell's `lieux/*.toml` gives thousands of files, in few folders
    for path in paths:
        key = path if os.path.isdir(path) else os.path.dirname(path) or "."
        if key in looked:
            continue
        looked.add(key)
        folder = _folder(Path(key, NETWORK_FILE))
        near = None if folder is None else _in_or_above(folder)
        if near is not None:
            found.setdefault(near)
    return list(found)


def _folder(path: Path) -> Path | None:
    try:
        return path.resolve().parent
    except (OSError, RuntimeError):
        return None
