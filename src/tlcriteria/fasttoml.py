"""A fast reader for the plain TOML that place files are made of; tomllib for the rest.

Reading ten thousand place files with `tomllib` (pure Python) is most of the
time `score` takes. Place files use a small part of TOML: a few `[table]`
headers, bare keys, one-line strings, integers, decimals, booleans, one-line
arrays and inline tables of those. `loads` reads exactly that part, line by
line with regular expressions, and returns None as soon as it meets anything
else (escapes, literal or multi-line strings, exponents, underscores in
numbers, dotted or quoted keys, `[[arrays of tables]]`, a key or a table
defined twice, control characters…). The caller then uses
`tomllib.loads(text, parse_float=Decimal)`, so every error message still
comes from tomllib. For the files it accepts, the result is equal to
tomllib's, with decimals as `Decimal` of the text written (tests compare both
on generated files).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

# Characters tomllib refuses outside strings and comments, or inside one-line basic
# strings and comments: control characters except tab (and the \n that ends lines).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANK = re.compile(r"[ \t]*(?:#[^\n]*)?")
_HEADER = re.compile(r"[ \t]*\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\][ \t]*(?:#[^\n]*)?")
_KEY = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*")
_END = re.compile(r"[ \t]*(?:#[^\n]*)?$")
_SPACE = re.compile(r"[ \t]*")
_STRING = re.compile(r'"([^"\\]*)"')
_NUMBER = re.compile(r"[+-]?(?:0|[1-9][0-9]*)(\.[0-9]+)?(?![0-9A-Za-z_.:+-])")
_BOOL = re.compile(r"(true|false)(?![A-Za-z0-9_-])")
_INLINE_KEY = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*")
#: The commonest lines whole: `key = "text"`, `key = true`, `key = 12`, `key = 3.5`.
_SIMPLE = re.compile(
    r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*"
    r'(?:"([^"\\]*)"|(true|false)|([+-]?(?:0|[1-9][0-9]*)(\.[0-9]+)?))'
    r"[ \t]*(?:#[^\n]*)?"
)


class _NotPlain(Exception):
    """The text uses TOML this reader leaves to tomllib."""


def loads(text: str) -> dict[str, Any] | None:
    """The document as tomllib would read it, or None when it is not plain enough."""
    if _FORBIDDEN.search(text):
        return None
    try:
        return _document(text)
    except _NotPlain:
        return None


def _document(text: str) -> dict[str, Any]:
    root: dict[str, Any] = {}
    table = root
    for line in text.split("\n"):
        match = _SIMPLE.fullmatch(line)
        if match is not None:
            key, string, boolean, number, decimals = match.groups()
            if key in table:
                raise _NotPlain
            if string is not None:
                table[key] = string
            elif boolean is not None:
                table[key] = boolean == "true"
            else:
                table[key] = Decimal(number) if decimals else int(number)
            continue
        match = _KEY.match(line)
        if match is not None:
            key = match.group(1)
            if key in table:
                raise _NotPlain
            value, end = _value(line, match.end())
            if _END.match(line, end) is None:
                raise _NotPlain
            table[key] = value
            continue
        if _BLANK.fullmatch(line):
            continue
        match = _HEADER.fullmatch(line)
        if match is None:
            raise _NotPlain
        name = match.group(1)
        if name in root:
            raise _NotPlain  # a table defined twice, or over a key: tomllib says what is wrong
        table = root[name] = {}
    return root


def _value(line: str, pos: int) -> tuple[Any, int]:
    char = line[pos : pos + 1]
    if char == '"':
        match = _STRING.match(line, pos)
        if match is None:
            raise _NotPlain
        return match.group(1), match.end()
    if char == "[":
        return _array(line, pos + 1)
    if char == "{":
        return _inline_table(line, pos + 1)
    match = _BOOL.match(line, pos)
    if match is not None:
        return match.group(1) == "true", match.end()
    match = _NUMBER.match(line, pos)
    if match is not None:
        text = match.group(0)
        return (Decimal(text) if match.group(1) else int(text)), match.end()
    raise _NotPlain


def _array(line: str, pos: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    pos = _SPACE.match(line, pos).end()  # type: ignore[union-attr]
    if line[pos : pos + 1] == "]":
        return items, pos + 1
    while True:
        value, pos = _value(line, pos)
        items.append(value)
        pos = _SPACE.match(line, pos).end()  # type: ignore[union-attr]
        char = line[pos : pos + 1]
        if char == "]":
            return items, pos + 1
        if char != ",":
            raise _NotPlain
        pos = _SPACE.match(line, pos + 1).end()  # type: ignore[union-attr]
        if line[pos : pos + 1] == "]":  # a trailing comma is allowed in arrays
            return items, pos + 1


def _inline_table(line: str, pos: int) -> tuple[dict[str, Any], int]:
    table: dict[str, Any] = {}
    pos = _SPACE.match(line, pos).end()  # type: ignore[union-attr]
    if line[pos : pos + 1] == "}":
        return table, pos + 1
    while True:
        match = _INLINE_KEY.match(line, pos)
        if match is None:
            raise _NotPlain
        key = match.group(1)
        if key in table:
            raise _NotPlain
        table[key], pos = _value(line, match.end())
        pos = _SPACE.match(line, pos).end()  # type: ignore[union-attr]
        char = line[pos : pos + 1]
        if char == "}":
            return table, pos + 1
        if char != ",":  # no trailing comma in an inline table (TOML 1.0)
            raise _NotPlain
        pos += 1
