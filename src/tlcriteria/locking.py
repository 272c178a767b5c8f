"""One writer at a time for a file: an advisory lock of the operating system.

The lock is `flock` on a hidden file beside the one being written
(`.NAME.lock`), which holds who took it (user, host, process, since when). The
system releases a lock when its process ends, however it ends (SIGKILL, a
crash): a lock file still holding a holder's line but free to take was left by
a session that died, and is taken over (the caller says so). A clean end
removes the lock file. Where `fcntl` does not exist, nothing is locked.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
from pathlib import Path
from typing import IO

from .i18n import _

try:
    import fcntl
except ImportError:  # pragma: no cover - not Linux or macOS
    fcntl = None  # type: ignore[assignment]


class Busy(Exception):
    """Another session writes the file; the message names it and says what to do."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _holder_line() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    since = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    return f"{user}\t{socket.gethostname()}\t{os.getpid()}\t{since}\n"


def _describe(line: str) -> str:
    parts = line.strip().split("\t")
    if len(parts) != 4:
        return _("another session")
    user, host, pid, since = parts
    return _("{user} (process {pid} on {host}, since {since})").format(
        user=user, pid=pid, host=host, since=since
    )


class FileLock:
    """The lock of one file, held from `acquire` to `release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_file = lock_path(path)
        self.handle: IO[str] | None = None
        #: Said once after `acquire` when a dead session's lock was taken over.
        self.notice = ""

    def acquire(self) -> None:
        """Take the lock, or raise `Busy` naming who holds it."""
        if fcntl is None or self.handle is not None:
            return
        while True:
            handle = open(self.lock_file, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.seek(0)
                holder = handle.read()
                handle.close()
                raise Busy(
                    _(
                        "{path}: is being written by {holder}; wait until that session ends "
                        "(or stop it), then try again"
                    ).format(path=self.path, holder=_describe(holder))
                ) from None
            try:
                same = os.fstat(handle.fileno()).st_ino == os.stat(self.lock_file).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            handle.close()  # removed by its holder as we opened it: take the new one
        handle.seek(0)
        left = handle.read().strip()
        if left:
            self.notice = _(
                "Note: {path} was left locked by {holder}, whose session stopped; this session takes it over."
            ).format(path=self.path, holder=_describe(left))
        handle.seek(0)
        handle.truncate()
        handle.write(_holder_line())
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is None:
            return
        try:
            self.lock_file.unlink()
        except OSError:
            pass
        self.handle.close()  # closing releases the lock
        self.handle = None
