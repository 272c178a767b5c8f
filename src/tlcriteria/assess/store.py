"""The place file being filled in: read once, rewritten atomically after every answer.

Everything the questionnaire does not manage is kept (other keys, `[contact]`,
answers to criteria it does not know). tomli-w writes no comments, so when the
original file has any, a `.bak` copy of the original is made before the first
rewrite and the person is told once.
"""

from __future__ import annotations

import shutil
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w

from ..files import write_atomic
from ..i18n import _


class StoreError(Exception):
    """The place file cannot be read or written; the message is for the person."""


def has_comments(text: str) -> bool:
    """Whether a TOML text holds a comment (a `#` outside strings); errs on the side of yes."""
    for line in text.splitlines():
        quote = ""
        i = 0
        while i < len(line):
            ch = line[i]
            if quote:
                if ch == "\\" and quote == '"':
                    i += 2
                    continue
                if line.startswith(quote, i):
                    i += len(quote)
                    quote = ""
                    continue
            elif ch == "#":
                return True
            elif ch in "\"'":
                quote = ch * 3 if line.startswith(ch * 3, i) else ch
                i += len(quote)
                continue
            i += 1
    return False


def _scalar(value: Any) -> str:
    return tomli_w.dumps({"x": value}).split(" = ", 1)[1].rstrip("\n")


def _key(key: str) -> str:
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


def dumps(data: dict[str, Any]) -> str:
    """TOML text of a place file: `[answers]` last, long-form answers as inline tables."""
    rest = {k: v for k, v in data.items() if k != "answers"}
    text = tomli_w.dumps(rest)
    answers = data.get("answers")
    if isinstance(answers, dict):
        lines = ["[answers]"]
        for key, value in answers.items():
            if isinstance(value, dict):
                inner = ", ".join(f"{_key(k)} = {_scalar(v)}" for k, v in value.items())
                lines.append(f"{_key(key)} = {{ {inner} }}")
            else:
                lines.append(f"{_key(key)} = {_scalar(value)}")
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + "\n".join(lines) + "\n"
    return text


class PlaceFile:
    """A place file on disk and its content in memory."""

    def __init__(self, path: Path | None, data: dict[str, Any], original: str | None = None) -> None:
        self.path = path
        self.data = data
        self.original = original
        self.existed = original is not None
        self.comments = original is not None and has_comments(original)
        self.backup: Path | None = None
        self.saves = 0

    @classmethod
    def open(cls, path: Path | None) -> PlaceFile:
        if path is None or not path.exists():
            return cls(path, {})
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise StoreError(_("{path}: is not UTF-8 text (save it as UTF-8)").format(path=path)) from None
        except OSError as exc:
            raise StoreError(
                _("{path}: cannot be read: {error}").format(path=path, error=exc.strerror or exc)
            ) from None
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            raise StoreError(
                _("{path}: is not valid TOML: {error} (correct it, then run the questionnaire again)").format(
                    path=path, error=exc
                )
            ) from None
        if data and not isinstance(data.get("place"), dict):
            raise StoreError(
                _("{path}: is not a place file (a place file starts with a [place] table)").format(path=path)
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

    def save(self) -> list[str]:
        """Write the file atomically; returns notices for the person (said once)."""
        assert self.path is not None
        notices = []
        if self.comments and self.backup is None:
            backup = self.path.with_name(self.path.name + ".bak")
            try:
                shutil.copy2(self.path, backup)
            except OSError as exc:
                raise StoreError(
                    _("{path}: cannot write: {error}").format(path=backup, error=exc.strerror or exc)
                ) from None
            self.backup = backup
            notices.append(
                _(
                    "Note: {path} has comments, which rewriting the file does not keep; "
                    "the original is copied to {backup}."
                ).format(path=self.path, backup=backup)
            )
        clean = {k: v for k, v in self.data.items() if not (k in ("contact", "answers") and v == {})}
        try:
            write_atomic(self.path, dumps(clean))
        except OSError as exc:
            raise StoreError(
                _("{path}: cannot write: {error}").format(path=self.path, error=exc.strerror or exc)
            ) from None
        self.saves += 1
        return notices
