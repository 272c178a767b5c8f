"""The place files beside the one being filled in: the ids they use, read once.

Two files with one place id are both left out by `score` and `publish`
(`place_checks.duplicate_ids`): the questionnaire refuses an id another place
file of the folder already writes, and names that file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..documents import read_sources
from ..place_checks import written_id


def place_ids(folder: Path, own: Path | None = None) -> dict[str, str]:
    """Place id → the first file of `folder` (not its subfolders) that writes it, `own` left out.

    Files that cannot be read or are no place files write no id; hidden files are skipped.
    """
    try:
        files = sorted(p for p in folder.glob("*.toml") if not p.name.startswith(".") and p.is_file())
    except OSError:
        return {}
    mine = _real(own) if own is not None else None
    reading = read_sources((p, str(p), "") for p in files if mine is None or _real(p) != mine)
    found: dict[str, str] = {}
    for doc in reading.documents:
        if doc.kind == "place" and (place_id := written_id(doc)) is not None:
            found.setdefault(place_id, doc.path)
    return found


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def free_id(wanted: str, taken: Callable[[str], bool]) -> str:
    """`wanted`, or the first of wanted-2, wanted-3… that is not `taken`."""
    if not taken(wanted):
        return wanted
    number = 2
    while taken(f"{wanted}-{number}"):
        number += 1
    return f"{wanted}-{number}"
