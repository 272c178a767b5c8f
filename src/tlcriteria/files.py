"""Writing files without ever leaving a half-written one behind."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
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
#: named `PREFIX` + `PID@HOST.` + a random part and locked (`flock`) by their run while it lasts:
#: a run killed outright may leave one, and a later run removes it once it can take that lock
#: (see `clear_leftovers`). The mark (`output_mark.FOLDER_MARK`) lists what tlcriteria wrote in
#: the folder: only those entries, and such work folders, are ever replaced or removed.
_NEW, _OLD = ".tlcriteria-new-", ".tlcriteria-old-"
#: Written into a run's new folder before anything of one's own is carried into it, removed once
#: everything is in place: a run killed in between may have left one's files in that folder,
#: which is then never removed.
_CARRYING = ".tlcriteria-carrying"
#: A work folder younger than this, unlocked, whose process runs: its run may have made it and
#: not locked it yet.
_STARTING = 60.0
#: `_try_lock`: another process holds the lock.
_BUSY = -1


@attrs.frozen
class Leftovers:
    """Work folders of runs killed outright, found in the target: those removed (only the
    output was in them) and those kept (they may hold one's own files, or their run may
    still be going on another machine)."""

    removed: tuple[Path, ...] = ()
    kept: tuple[Path, ...] = ()


def _host() -> str:
    if hasattr(os, "uname"):
        name = os.uname().nodename  # what socket.gethostname() says, without importing it
    else:  # Windows
        import socket

        name = socket.gethostname()
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name) or "host"


def _is_work_folder(name: str) -> bool:
    return name.startswith((_NEW, _OLD))


def _try_lock(folder: Path) -> int | None:
    """A descriptor holding an exclusive lock on `folder` (closing it releases the lock); `_BUSY`
    when another process holds one; None where locks cannot be taken (Windows, a file system
    without them)."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return _BUSY
    except OSError:
        os.close(fd)
        return None
    return fd


def _work_folder(prefix: str, target: Path, held: list[int]) -> Path:
    """A new work folder in `target`, named after this run, locked while `held`'s descriptors
    stay open."""
    folder, fd = locked_folder(f"{prefix}{os.getpid()}@{_host()}.", target)
    if fd is not None:
        held.append(fd)
    return folder


def locked_folder(prefix: str, parent: str | Path | None = None) -> tuple[Path, int | None]:
    """A new folder (`tempfile.mkdtemp`), and the descriptor that holds it locked until closed
    (None where locks cannot be taken): `remove_abandoned` leaves it alone meanwhile."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    fd = _try_lock(folder)
    return folder, (None if fd == _BUSY else fd)


def remove_abandoned(parent: str | Path, prefix: str) -> None:
    """Remove the folders `prefix…` in `parent` that runs killed outright left (their spool):
    those no process holds locked, made over a minute ago (a run locks its folder as soon as
    it has made it). Where locks cannot be taken, or the folder is another user's, none."""
    try:
        with os.scandir(parent) as listing:
            names = [e.name for e in listing if e.name.startswith(prefix) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for name in names:
        folder = Path(parent, name)
        lock = _try_lock(folder)
        if lock is None or lock == _BUSY:
            continue
        try:
            with suppress(OSError):
                if time.time() - folder.stat().st_mtime > _STARTING:
                    shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(lock)


def _running(pid: int) -> bool:
    """Whether a process of this machine with that id runs (when unsure, that it does)."""
    if os.name == "nt":
        return True  # os.kill there would end the process, not ask about it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process: it runs
    try:  # Linux: a process killed and not yet reaped (a zombie) has ended all the same
        return Path(f"/proc/{pid}/stat").read_bytes().rpartition(b")")[2].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _owner(name: str, host: str) -> int | None:
    """The process id in a work folder's name, when the name is this version's and this machine's."""
    pid, at, rest = name.removeprefix(_NEW).removeprefix(_OLD).partition("@")
    if at and pid.isascii() and pid.isdigit() and len(pid) <= 10 and rest.rpartition(".")[0] == host:
        return int(pid)
    return None


def _carrying(folder: Path) -> bool:
    """Whether a new folder may hold one's own files: its run had begun carrying them into it."""
    if not (folder / _CARRYING).exists():
        return False
    with os.scandir(folder) as listing:
        return any(e.name not in (_CARRYING, FOLDER_MARK) for e in listing)


def clear_leftovers(target: str | Path) -> Leftovers:
    """Remove the work folders of this machine's runs that ended (their lock is free), but for a
    new folder that had begun to carry one's own files; say what stays. A folder whose run is
    going on is left alone, unsaid. Where locks cannot be taken, a run is taken to have ended
    when no process has its id."""
    target = Path(target)
    if not target.is_dir():
        return Leftovers()
    with os.scandir(target) as listing:
        names = sorted(e.name for e in listing if _is_work_folder(e.name) and e.is_dir(follow_symlinks=False))
    removed: list[Path] = []
    kept: list[Path] = []
    host = _host()
    for name in names:
        folder = target / name
        pid = _owner(name, host)
        if pid is None:  # another machine's run (perhaps going on), or an earlier version's
            kept.append(folder)
            continue
        lock = _try_lock(folder)
        if lock == _BUSY:
            continue  # its run is going on
        try:
            if lock is None and _running(pid):
                kept.append(folder)  # no lock to tell: its run may be going on
                continue
            if lock is not None and pid != os.getpid() and _running(pid):
                with suppress(OSError):
                    if time.time() - folder.stat().st_mtime < _STARTING:
                        continue  # its run may have made it a moment ago, and not locked it yet
            if name.startswith(_NEW) and _carrying(folder):
                kept.append(folder)
                continue
            shutil.rmtree(folder, ignore_errors=True)
            (removed if not folder.exists() else kept).append(folder)
        finally:
            if lock is not None:
                os.close(lock)
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


def replace_folder(target: str | Path, fill: Callable[[Path], None]) -> None:
    """Fill a new folder, then put its entries in place of what tlcriteria wrote in `target` before.

    Everything else in `target` stays, and so does `target` itself (its mode, its owner): a
    `.git`, a `CNAME`, a folder of one's own, a file added inside one of the output's folders
    (it moves into the new one). What the previous output wrote and the new one does not (the
    page of a place that left) goes. A failure while filling leaves `target` as it was (and no
    half-written folder); one while swapping puts back what was moved. A folder that exists, is
    not empty and holds no mark is never touched (work folders left by killed runs aside: see
    `clear_leftovers`, which the caller runs first).
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise NotOurFolder(str(target))
    created = not target.exists()
    if created:
        target.mkdir(parents=True)
    before = _written_before(target)
    if before is None:
        raise NotOurFolder(str(target))
    held: list[int] = []  # the work folders' locks, released when the run ends
    try:
        _fill_and_swap(target, fill, created, before, held)
    finally:
        for fd in held:
            os.close(fd)


def _fill_and_swap(
    target: Path, fill: Callable[[Path], None], created: bool, before: _Before, held: list[int]
) -> None:
    new = _work_folder(_NEW, target, held)
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
        _swap(target, new, moves, swapped, both, held)
    except BaseException:
        if created:
            with suppress(OSError):
                target.rmdir()  # empty once everything is put back
        raise


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
        # Empty but for work folders (a first run killed, or one going on) and a `.git` (a fresh
        # clone of the repository a Pages host serves): a new folder, where nothing is replaced.
        others = (p for p in target.iterdir() if p.name != ".git" and not _is_work_folder(p.name))
        return None if any(others) else _Before(set())
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
    target: Path,
    new: Path,
    moves: list[tuple[Path, Path]],
    swapped: list[str],
    both: str | None,
    held: list[int],
) -> None:
    """Carry the entries of `moves` into the new output, swap the top-level entries, the mark
    last. Meanwhile the mark lists both outputs (`both`): a run killed halfway leaves a folder
    the next run still knows. A failure puts back everything moved; when even that fails, the
    work folders stay: the new one, holding one's files, is kept by later runs (and named), the
    old one, only the previous output's, removed.
    """
    mark = target / FOLDER_MARK
    previous_mark = mark.read_bytes() if mark.exists() else None
    old = _work_folder(_OLD, target, held)
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
        if moves:
            (new / _CARRYING).unlink()  # one's files are all in place
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
