"""The place file being filled in: read once, rewritten atomically after every answer.

Only what the session changed is written, key by key (`tomledit`): comments,
blank lines, order and everything the questionnaire does not manage stay as
the member wrote them. Before each write the file is read again and its digest
compared with what this session last read or wrote: when someone else changed
it meanwhile (another hand, an editor, `git pull`), the session's changes are
made onto the file as it now is; when both changed the same answer or the same
key, the file is left as it is and the session's content goes to
`FILE.conflict.toml` (`Conflict`). One session writes a file at a time
(`locking.FileLock`).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from .. import tomledit
from ..documents import decode, loads, parse_toml
from ..errors import Problem, os_reason
from ..files import write_atomic
from ..i18n import SHOWN, _, listed
from ..locking import Busy, FileLock


class StoreError(Exception):
    """The place file cannot be read or written; the message is for the person.

    `problems`: what is wrong in the file as `check` says it (one line each, located), when it
    cannot be read; the message is then those lines.
    """

    def __init__(self, message: str, problems: tuple[Problem, ...] = (), *, other_kind: bool = False) -> None:
        super().__init__(message)
        self.problems = problems
        #: The file is another kind of file (a criteria set, a network file, a review): nothing to fix in it.
        self.other_kind = other_kind


def _unreadable(problems: list[Problem]) -> StoreError:
    return StoreError("\n".join(str(p) for p in problems), tuple(problems))


class Conflict(StoreError):
    """Both this session and someone else changed the same key; nothing on disk was overwritten."""

    def __init__(self, message: str, conflict_file: Path) -> None:
        super().__init__(message)
        self.conflict_file = conflict_file


def dumps(data: dict[str, Any]) -> str:
    """TOML text of a new place file: `[answers]` last, long-form answers as inline tables."""
    text = tomledit.apply("", {(k,): v for k, v in data.items() if not isinstance(v, dict)})
    for name, table in data.items():
        if isinstance(table, dict) and table:
            text = tomledit.apply(text, {(name, k): v for k, v in table.items()})
    return text


def _loads(path: Path, text: str) -> dict[str, Any]:
    """The file's content, read by the code `check` reads it with: the same problem, in the same words."""
    data, problems = parse_toml(text, str(path))
    if data is None:
        raise _unreadable(problems)
    return data


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(
            _("{path}: cannot be read: {error}").format(path=path, error=os_reason(exc))
        ) from None


def _decode(path: Path, raw: bytes) -> str:
    if not raw.strip():
        return ""  # an empty file is a place file not begun: the questionnaire fills it
    text, problems = decode(raw, str(path))
    if text is None:
        raise _unreadable(problems)
    return raw.decode("utf-8")  # as written, a byte-order mark included: the file keeps its form


def _renamed_text(text: str, renames: dict[tuple[str, str], str]) -> str:
    bom = tomledit.BOM if text.startswith(tomledit.BOM) else ""
    body = text[len(bom) :]
    for (table, old), new in renames.items():
        body = tomledit.rename_in_table(body, table, {old: (new, None, None)})
    return bom + body


def _applicable(data: dict[str, Any], renames: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """The renames `data` allows: the key is there, and none is written under the name meant."""
    found = {}
    for (name, old), new in renames.items():
        table = data.get(name)
        if isinstance(table, dict) and old in table and new not in table:
            found[(name, old)] = new
    return found


def _renamed(data: dict[str, Any], renames: dict[tuple[str, str], str]) -> dict[str, Any]:
    """`data` with the keys renamed, each where it stands."""
    out = dict(data)
    for (name, old), new in renames.items():
        table = out.get(name)
        if isinstance(table, dict) and old in table:
            out[name] = {new if k == old else k: v for k, v in table.items()}
    return out


def _other_kind(data: dict[str, Any]) -> str | None:
    """What a file is when it is another of the network's files (as `documents.Document.kind` tells
    them apart), None otherwise."""
    if "set" in data:
        return _("is a criteria set, not a place file")
    if "network" in data:
        return _("is the network file, not a place file")
    if "review" in data:
        return _("is a peer review, not a place file")
    return None


class PlaceFile:
    """A place file on disk and its content in memory."""

    def __init__(self, path: Path | None, data: dict[str, Any], original: str | None = None) -> None:
        self.path = path
        self.data = data
        self.existed = original is not None
        # What this session last read or wrote: the common ground of a merge.
        self.text = original or ""
        self.base: dict[str, Any] = copy.deepcopy(data)
        self.digest = tomledit.digest(self.text.encode("utf-8")) if original is not None else None
        self.saves = 0
        self.lock: FileLock | None = None
        self.signature_said = False
        #: Keys to rename where they stand at the next save: (table, written key) → the key meant.
        self.renames: dict[tuple[str, str], str] = {}

    @classmethod
    def open(cls, path: Path | None) -> PlaceFile:
        if path is None:
            return cls(path, {})
        raw = _read(path)
        if raw is None:
            return cls(path, {})
        text = _decode(path, raw)
        if not text.strip():  # an empty file: a place file not begun, filled in as a new one
            return cls(path, {})
        return cls.from_text(path, text)

    @classmethod
    def open_other(cls, path: Path) -> PlaceFile:
        """A TOML file edited key by key that is not a place file (a review file): read as a
        place file is (`check`'s words when it cannot be), without a place's tables."""
        raw = _read(path)
        if raw is None:
            return cls(path, {})
        text = _decode(path, raw)
        return cls(path, _loads(path, text), text)

    @classmethod
    def from_text(cls, path: Path, text: str) -> PlaceFile:
        """The place file whose content is `text` (read from `path`, or opened in the site's page)."""
        data = _loads(path, text)
        other = _other_kind(data)
        if other is not None and not isinstance(data.get("place"), dict):
            problem = Problem(
                str(path), "", other, _("give a place file to resume, or the name of a new one")
            )
            raise StoreError(str(problem), (problem,), other_kind=True)
        if data and not isinstance(data.get("place"), dict):
            raise _unreadable(
                [
                    Problem(
                        str(path), "", _("is not a place file"), _("a place file starts with a [place] table")
                    )
                ]
            )
        for table in ("contact", "answers"):
            if table in data and not isinstance(data[table], dict):
                raise StoreError(
                    _(
                        "{path}: [{table}] is not a table (correct it, then run the questionnaire again)"
                    ).format(path=path, table=table)
                )
        return cls(path, data, text)

    def table(self, name: str) -> dict[str, Any]:
        table = self.data.get(name)
        if not isinstance(table, dict):
            table = {}
            self.data[name] = table
        return table

    def hold(self) -> str:
        """Take the file's lock (raises `locking.Busy`); returns a notice when a dead session's was taken over."""
        if self.path is None or self.lock is not None:
            return ""
        lock = FileLock(self.path)
        try:
            lock.acquire()
        except Busy as exc:
            raise StoreError(str(exc)) from None
        except OSError:
            return ""  # no lock file possible here (read-only folder): writing will say why
        self.lock = lock
        return lock.notice

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def save(self) -> list[str]:
        """Write this session's changes onto the file as it is now; returns notices for the person."""
        assert self.path is not None
        notices = []
        taken_over = self.hold()
        if taken_over:
            notices.append(taken_over)
        raw = _read(self.path)
        if raw is None or tomledit.digest(raw) == self.digest:
            text, theirs = (self.text, self.base) if raw is not None else ("", {})
        else:
            text = _decode(self.path, raw)
            try:
                theirs = _loads(self.path, text)
            except StoreError:
                theirs = None
            if self.digest is not None:
                notices.append(
                    _("Note: {path} was changed by someone else meanwhile; their changes are kept.").format(
                        path=self.path
                    )
                )
        read = text
        base = self.base
        renames = _applicable(theirs, self.renames) if theirs is not None else {}
        if renames and theirs is not None:  # keys renamed where they stand, comments kept
            text = _renamed_text(text, renames)
            base, theirs = _renamed(base, renames), _renamed(theirs, renames)
        edits, conflicts = tomledit.merge(base, self.data, theirs) if theirs is not None else ({}, [("",)])
        if conflicts:
            raise self._conflict(conflicts)
        new_text = tomledit.apply(text, edits) if edits or not raw else text
        if new_text != read or raw is None:
            try:
                write_atomic(self.path, new_text)
            except OSError as exc:
                raise StoreError(
                    _("{path}: cannot write: {error}").format(path=self.path, error=os_reason(exc))
                ) from None
            self.saves += 1
            notices += self._signature_notice()
        self.renames = {}
        self.text = new_text
        self.digest = tomledit.digest(new_text.encode("utf-8"))
        self.base = loads(new_text)
        self.data = copy.deepcopy(self.base)
        return notices

    def _conflict(self, keys: list[tuple[str, ...]]) -> Conflict:
        assert self.path is not None
        target = self.path.with_name(self.path.name + ".conflict.toml")
        clean = {k: v for k, v in self.data.items() if v != {}}
        try:
            write_atomic(target, dumps(clean))
        except OSError as exc:
            return Conflict(
                _("{path}: cannot write: {error}").format(path=target, error=os_reason(exc)), target
            )
        changed = [".".join(k) for k in keys if k != ("",)]
        shown = listed(changed, SHOWN, separator=", ") if changed else _("the whole file")
        return Conflict(
            _(
                "{path}: someone else changed {keys} while you answered; the file is kept as they left it "
                "and your answers are in {conflict}: copy what you want to keep into {path}, "
                "then delete {conflict}"
            ).format(path=self.path, keys=shown, conflict=target),
            target,
        )

    def _signature_notice(self) -> list[str]:
        from ..signatures import signature_path  # not at start-up: it brings subprocess

        assert self.path is not None
        sig = signature_path(self.path)
        if self.signature_said or not sig.exists():
            return []
        self.signature_said = True
        return [
            _(
                "Note: {sig} no longer matches {path}; sign it again at the end "
                "(tlcriteria sign {path} --key KEY, or assess --sign-with KEY)."
            ).format(sig=sig, path=self.path)
        ]
