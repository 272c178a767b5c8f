"""Grade history of places that live in git: each earlier version of a place file, rated.

Read with one `git log` per repository (the last `MAX_COMMITS` commits that
touched the TOML files of the places' folders, renames followed) and one
`git cat-file --batch` for the old contents, so the cost stays bounded however
many places there are. Each version is rated
with today's criteria (the catalogue already loaded): the history shows how the
answers moved, on one scale. A version that no longer loads is left out.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Mapping
from fractions import Fraction
from pathlib import Path

from .catalogue import Catalogue
from .documents import document_from_bytes
from .place_checks import check_place
from .place_loading import Loaded, rate_places
from .registry import Registry
from .shown import number

#: Commits read per repository, versions kept per place (newest first), and versions
#: rated in all (a commit that touched every file of a large network stays cheap).
MAX_COMMITS = 200
MAX_VERSIONS = 12
MAX_TOTAL = 5000

History = dict[str, list[dict[str, str]]]


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd), *args], input=data, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _toplevel(folder: Path) -> Path | None:
    out = _git(folder, "rev-parse", "--show-toplevel")
    return Path(out.decode("utf-8").strip()) if out else None


def _versions(top: Path, files: Mapping[str, str]) -> tuple[dict[str, list[tuple[str, str, str]]], bool]:
    """For each file's key (`files`: name in the repository → key), its (commit, date, name then)
    versions, newest first, from one `git log`; and whether `MAX_TOTAL` cut the list short.

    The log reads the TOML files of the folders holding these files, renames found
    (`--find-renames`): a file renamed (`git mv`) keeps its versions under its old name, each
    read where it was then. A rename that changed nothing is not a version of its own."""
    folders = sorted({name.rpartition("/")[0] for name in files})
    specs = [f":(glob){_glob_escaped(folder)}/*.toml" if folder else ":(glob)*.toml" for folder in folders]
    out = _git(
        top,
        "-c",
        "core.quotePath=false",
        "log",
        f"-n{MAX_COMMITS}",
        "--format=%x00%H %cs",
        "--name-status",
        "--find-renames",
        "--",
        *specs,
    )
    names = dict(files)  # name at the commit being read (going back in time) → key
    found: dict[str, list[tuple[str, str, str]]] = {}
    total = 0
    for block in (out or b"").decode("utf-8", "replace").split("\0")[1:]:
        head, *lines = block.strip().split("\n")
        commit, date = head.split(" ", 1)
        for line in lines:  # "M<tab>NAME", "A…", "D…", "R087<tab>OLD<tab>NEW"
            name = line[line.rfind("\t") + 1 :]
            key = names.get(name)
            if key is None or line[0] == "D":  # not ours, or no version there
                continue
            if line[0] == "R":  # older versions are under the old name
                del names[name]
                names[line[line.find("\t") + 1 : -len(name) - 1]] = key
                if line.startswith("R100"):  # the same bytes: no version of its own
                    continue
            if len(found.setdefault(key, [])) < MAX_VERSIONS:
                found[key].append((commit, date, name))
                total += 1
                if total >= MAX_TOTAL:
                    return found, True
    return found, False


def _glob_escaped(name: str) -> str:
    """A folder's name as a glob pathspec matches it exactly: `[`, `*`, `?`, `\\` escaped."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", name)


def _blobs(top: Path, wanted: list[str]) -> list[bytes | None]:
    """The contents of `REV:path` objects, in order, from one `git cat-file --batch`."""
    out = _git(top, "cat-file", "--batch", data="".join(w + "\n" for w in wanted).encode("utf-8"))
    if out is None:
        return [None] * len(wanted)
    blobs: list[bytes | None] = []
    at = 0
    for _ in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3:  # "<object> missing"
            blobs.append(None)
            at = end + 1
            continue
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return blobs


def _rated(
    raw: bytes | None, path: str, catalogue: Catalogue, registry: Registry
) -> list[tuple[str, str, str]]:
    if raw is None:
        return []
    doc, _ = document_from_bytes(raw, path)
    if doc is None:
        return []
    place = check_place(doc, catalogue, registry).place
    if place is None:
        return []
    return [
        (r.rules.set.college or r.rules.id, r.grade or "", _percent(r.percent))
        for r in rate_places((place,), catalogue, registry)
    ]


def _percent(value: Fraction | None) -> str:
    """Shown as every other figure of the page: rounded down, in the page's language."""
    return "" if value is None else number(value)


def in_git(folders: Iterable[Path]) -> bool:
    """Whether any of these folders is in a git work tree (then places have a grade history).

    Looked up as git does, by a `.git` entry in the folder or above it, without running git
    once per folder (a large network has many)."""
    seen: set[Path] = set()
    for folder in folders:
        for at in (folder.resolve(), *folder.resolve().parents):
            if at in seen:
                break
            seen.add(at)
            if (at / ".git").exists():
                return True
    return False


def grade_history(loaded: Loaded, registry: Registry) -> History:
    """Place id → earlier ratings, newest first: {date, college, grade, percent}; {} outside git."""
    history, _cut = files_history(
        [(p.path, p.id) for p in loaded.places if p.path], loaded.catalogue, registry
    )
    return history


def files_history(
    files: Iterable[tuple[str, str]], catalogue: Catalogue, registry: Registry
) -> tuple[History, bool]:
    """Key → earlier ratings of the file (`files`: (path, key) pairs), as `grade_history`;
    and whether `MAX_TOTAL` cut it short (then which files were asked matters)."""
    by_folder: dict[Path, list[tuple[str, str]]] = {}
    for path, key in files:
        by_folder.setdefault(Path(path).resolve().parent, []).append((path, key))
    by_top: dict[Path, dict[str, str]] = {}
    for folder, pairs in by_folder.items():
        top = _toplevel(folder)
        if top is None:
            continue
        for path, key in pairs:
            by_top.setdefault(top, {})[Path(path).resolve().relative_to(top.resolve()).as_posix()] = key
    history: History = {}
    cut = False
    for top, names in by_top.items():
        versions, short = _versions(top, names)
        cut = cut or short
        wanted = [(key, *version) for key, found in versions.items() for version in found]
        blobs = _blobs(top, [f"{commit}:{name}" for _key, commit, _date, name in wanted])
        for (key, _, date, name), raw in zip(wanted, blobs, strict=True):
            for college, grade, percent in _rated(raw, name, catalogue, registry):
                history.setdefault(key, []).append(
                    {"date": date, "college": college, "grade": grade, "percent": percent}
                )
    return history, cut
