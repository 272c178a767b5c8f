"""Writing files without ever leaving a half-written one behind."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import attrs

from .output_mark import FOLDER_MARK


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`.

    A crash or a kill at any moment leaves either the old file or the new one.
    """
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[Callable[[str], object]]:
    """`write(text)` into a temporary file beside `path`, renamed over `path` on success.

    For outputs written piece by piece: until the end, `path` keeps its old
    content; on an error the temporary file is removed and `path` untouched.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
            yield handle.write
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


#: The work folders of a run, inside the target (same file system; nothing to write beside it),
#: named `PREFIX` + `PID@HOST.` + a random part: a run killed outright may leave one, and the
#: next run on the same machine removes it once that process is gone (see `clear_leftovers`).
#: The mark (`output_mark.FOLDER_MARK`) lists what tlcriteria wrote in the folder: only those
#: entries, and such work folders, are ever replaced or removed.
_NEW, _OLD = ".tlcriteria-new-", ".tlcriteria-old-"
#: Written into a run's new folder before anything of one's own is carried into it: a run killed
#: from then on may have left one's files in that folder, which is then never removed.
_CARRYING = ".tlcriteria-carrying"


@attrs.frozen
class Leftovers:
    """Work folders of runs killed outright, found in the target: those removed (only the
    output was in them) and those kept (they may hold one's own files, or their run may
    still be going on another machine)."""

    removed: tuple[Path, ...] = ()
    kept: tuple[Path, ...] = ()


def _host() -> str:
    import socket  # only when a folder is written

    return "".join(c if c.isalnum() or c in "-_" else "-" for c in socket.gethostname()) or "host"


def _work_folder(prefix: str, target: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}@{_host()}.", dir=target))


def _running(pid: int) -> bool:
    """Whether a process of this machine with that id runs (when unsure, that it does)."""
    if os.name == "nt":
        return True  # os.kill there would end the process, not ask about it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: it runs
    return True


def clear_leftovers(target: Path) -> Leftovers:
    """Remove the work folders that runs on this machine, now gone, left in `target`, but for
    a new folder that had started to carry one's own files into it; say what stays."""
    with os.scandir(target) as listing:
        names = sorted(
            e.name for e in listing if e.name.startswith((_NEW, _OLD)) and e.is_dir(follow_symlinks=False)
        )
    removed: list[Path] = []
    kept: list[Path] = []
    host = _host()
    for name in names:
        folder = target / name
        pid, at, rest = name.removeprefix(_NEW).removeprefix(_OLD).partition("@")
        if at and pid.isdigit() and rest.rpartition(".")[0] == host:
            if _running(int(pid)):
                continue  # a run going on now (or a process that took its id): not a leftover
            if not (name.startswith(_NEW) and (folder / _CARRYING).exists()):
                shutil.rmtree(folder, ignore_errors=True)
                if not folder.exists():
                    removed.append(folder)
                    continue
        # Another machine's run (perhaps going on), an earlier version's, or one's files within.
        kept.append(folder)
    return Leftovers(tuple(removed), tuple(kept))


class NotOurFolder(Exception):
    """The target folder holds files tlcriteria did not write: it is left alone."""


class TheirsInTheWay(Exception):
    """A file tlcriteria did not write stands where the new output writes one: nothing was changed.

    `path`: that file's path.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def replace_folder(target: str | Path, fill: Callable[[Path], None]) -> Leftovers:
    """Fill a new folder, then put its entries in place of what tlcriteria wrote in `target` before.

    Everything else in `target` stays, and so does `target` itself (its mode, its owner): a
    `.git`, a `CNAME`, a folder of one's own, a file added inside one of the output's folders
    (it moves into the new one). What the previous output wrote and the new one does not (the
    page of a place that left) goes. A failure while filling leaves `target` as it was (and no
    half-written folder); one while swapping puts back what was moved. A folder that exists, is
    not empty and holds no mark is never touched.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise NotOurFolder(str(target))
    created = not target.exists()
    if created:
        target.mkdir(parents=True)
    # First: a first run killed outright leaves only its work folder, which must not make the
    # folder look like someone else's.
    leftovers = clear_leftovers(target)
    before = _written_before(target)
    if before is None:
        raise NotOurFolder(str(target))
    new = _work_folder(_NEW, target)
    try:
        fill(new)
        entries = _entries(new)
        written = set(entries)
        mark = _mark(entries)
        (new / FOLDER_MARK).write_text(mark, encoding="utf-8")
        moves, swapped = _plan(target, new, before, written)
    except BaseException:
        shutil.rmtree(target if created else new, ignore_errors=True)
        raise
    # While swapping, the mark lists both outputs.
    if before.listed is None:  # an earlier version's mark: it lists nothing
        both = None
    elif before.listed:
        both = _mark(list(before.listed | written))
    else:
        both = mark
    try:
        _swap(target, new, moves, swapped, both)
    except BaseException:
        if created:
            with suppress(OSError):
                target.rmdir()  # empty once everything is put back
        raise
    return leftovers


class _Before:
    """What the previous output wrote in a folder: the entries its mark lists (a folder ends
    with `/`), or, for a mark that lists nothing (written before marks listed), everything under
    the names the new output writes at the top."""

    def __init__(self, entries: set[str] | None) -> None:
        self.listed = entries
        self.folders = {e.rstrip("/") for e in entries or () if e.endswith("/")}

    def holds(self, path: str, tops: set[str]) -> bool:
        if self.listed is None:
            return path.split("/", 1)[0] in tops
        return path in self.listed or path in self.folders


def _written_before(target: Path) -> _Before | None:
    """The mark's entries; None for a folder that is not empty and holds no mark."""
    try:
        text = (target / FOLDER_MARK).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None if any(target.iterdir()) else _Before(set())
    except (OSError, UnicodeDecodeError):
        return _Before(None)
    try:
        listed = json.loads(text)["entries"]
    except (ValueError, TypeError, KeyError):
        return _Before(None)  # a mark of an earlier version: "tlcriteria"
    if not isinstance(listed, list) or not all(isinstance(e, str) for e in listed):
        return _Before(None)
    return _Before(set(listed))


def _mark(entries: list[str]) -> str:
    return json.dumps({"written by": "tlcriteria", "entries": sorted(entries)}, ensure_ascii=False) + "\n"


def _entries(root: Path) -> list[str]:
    """Every entry under `root`, relative, `/`-separated; a folder's ends with `/`."""
    found: list[str] = []
    pending = [("", str(root))]
    add, push, pop = found.append, pending.append, pending.pop  # thousands of entries: one lookup each
    while pending:
        rel, path = pop()
        with os.scandir(path) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    name = f"{rel}{entry.name}/"
                    add(name)
                    push((name, entry.path))
                else:
                    add(rel + entry.name)
    return found


def _plan(
    target: Path, new: Path, before: _Before, written: set[str]
) -> tuple[list[tuple[Path, Path]], list[str]]:
    """What the swap does, found before anything moves: the entries not tlcriteria's to carry
    from the folders being replaced into the new ones, and the top-level names to swap (the
    previous output's and the new one's). Raises TheirsInTheWay."""
    tops = {e.split("/", 1)[0].rstrip("/") for e in written}
    moves: list[tuple[Path, Path]] = []
    swapped = set(tops)
    with os.scandir(target) as listing:
        for entry in listing:
            name = entry.name
            is_folder = entry.is_dir(follow_symlinks=False)
            if name in (new.name, FOLDER_MARK):
                continue
            if before.holds(name, tops):
                swapped.add(name)  # the previous output's
            elif name in written or (name + "/" in written and not is_folder):
                raise TheirsInTheWay(target / name)
            elif name + "/" not in written:
                continue  # not tlcriteria's: stays where it is
            if is_folder:
                _theirs(target, new, name + "/", before, written, tops, moves)
    return moves, sorted(swapped)


def _swap(
    target: Path, new: Path, moves: list[tuple[Path, Path]], swapped: list[str], both: str | None
) -> None:
    """Carry the entries of `moves` into the new output, swap the top-level entries, the mark
    last. Meanwhile the mark lists both outputs (`both`): a run killed halfway leaves a folder
    the next run still knows. A failure puts back everything moved; when even that fails, the
    work folders stay (kept by later runs, as anything tlcriteria did not list), nothing is lost.
    """
    mark = target / FOLDER_MARK
    previous_mark = mark.read_bytes() if mark.exists() else None
    old = _work_folder(_OLD, target)
    done: list[tuple[Path, Path]] = []
    try:
        if both is not None:
            write_atomic(mark, both)
        if moves:
            (new / _CARRYING).touch()
        for source, destination in moves:
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.rename(source, destination)
            done.append((source, destination))
        for name in swapped:
            if os.path.lexists(target / name):
                os.rename(target / name, old / name)
                done.append((target / name, old / name))
            if os.path.lexists(new / name):
                os.rename(new / name, target / name)
                done.append((new / name, target / name))
        os.replace(new / FOLDER_MARK, mark)
    except BaseException:
        stranded = False
        for source, destination in reversed(done):
            try:
                os.rename(destination, source)
            except OSError:
                stranded = True
        with suppress(OSError):
            if previous_mark is None:
                mark.unlink(missing_ok=True)
            else:
                write_atomic(mark, previous_mark)
        if not stranded:
            shutil.rmtree(new, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(new, ignore_errors=True)


def _theirs(
    target: Path,
    new: Path,
    folder: str,
    before: _Before,
    written: set[str],
    tops: set[str],
    moves: list[tuple[Path, Path]],
) -> None:
    """Add to `moves` each entry under `folder` (one tlcriteria writes or wrote) that it did not
    write: into the new output at the same place."""
    with os.scandir(target / folder) as listing:
        for entry in listing:
            path = folder + entry.name
            is_folder = entry.is_dir(follow_symlinks=False)
            if is_folder and (path + "/" in written or before.holds(path + "/", tops)):
                _theirs(target, new, path + "/", before, written, tops, moves)
            elif before.holds(path, tops) and not is_folder:
                continue  # the previous output's: replaced or gone
            elif path in written or path + "/" in written or _under_a_file(path, written):
                raise TheirsInTheWay(target / path)
            else:
                moves.append((target / path, new / path))


def _under_a_file(path: str, written: set[str]) -> bool:
    """Whether the new output writes a file where `path` needs a folder."""
    parts = path.split("/")
    return any("/".join(parts[:i]) in written for i in range(1, len(parts)))
