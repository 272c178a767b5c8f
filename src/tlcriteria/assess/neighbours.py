"""The other place files of the network, as `publish` would read them with this one: the ids
they use, read once.

Two files with one place id are both left out by `score` and `publish`
(`place_checks.duplicate_ids`): the questionnaire refuses an id another place
file already writes, and names that file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..documents import read_sources, toml_files
from ..network_file import from_here, network_root
from ..place_checks import written_id


def place_ids(place_file: Path, own: Path | None = None) -> dict[str, str]:
    """Place id → the first other place file that writes it, `own` (the file being filled in)
    left out. Looked for where `publish` finds the network's places: under the network's
    `places/` folder (or its whole folder, without `places/`), subfolders included, and in
    `place_file`'s own folder; for a place file alone in a folder of its own (no network
    file, not in `places/`), in that folder only (not its subfolders).

    Files that cannot be read or are no place files write no id; hidden files are skipped.
    """
    folder = place_file.parent
    try:
        files = [p for p in folder.glob("*.toml") if not p.name.startswith(".") and p.is_file()]
    except OSError:
        files = []
    root = network_root(place_file)
    if root is not None:
        places = root / "places"
        files += toml_files([from_here(places if places.is_dir() else root)])[0]
    mine = _real(own) if own is not None else None
    seen: set[Path] = set()
    chosen = []
    for path in sorted(files):
        real = _real(path)
        if real != mine and real not in seen:
            seen.add(real)
            chosen.append(path)
    reading = read_sources((p, str(p), "") for p in chosen)
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
