"""Writing files without ever leaving a half-written one behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .output_mark import FOLDER_MARK, is_marked


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


class NotOurFolder(Exception):
    """The target folder holds files tlcriteria did not write: it is left alone."""


def replace_folder(target: str | Path, fill: Callable[[Path], None]) -> None:
    """Fill a new folder beside `target`, then put it in place of `target`.

    A failure leaves the old folder as it was (and no half-written one); a folder
    that exists, is not empty and was not written by tlcriteria is never replaced.
    """
    target = Path(target)
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not is_marked(target))):
        raise NotOurFolder(str(target))
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    try:
        fill(new)
        (new / FOLDER_MARK).write_text("tlcriteria\n", encoding="utf-8")
        os.chmod(new, 0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.replace(target, old / "previous")
            try:
                os.replace(new, target)
            except OSError:
                os.replace(old / "previous", target)
                raise
            finally:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(new, target)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
