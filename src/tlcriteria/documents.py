"""Reading TOML files people wrote: decimals kept exact, every failure located.

A `Document` is one parsed file with a `Locator` that finds the line of a
table or key, so that problems found later can point into the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

try:
    import toml_rs

    HAS_TOML_RS = True
except ImportError:  # compiled, so absent in Pyodide (the site's self-assessment page): tomllib reads
    HAS_TOML_RS = False

from .errors import Problem, os_reason
from .i18n import N_, _
from .output_mark import FOLDER_MARK

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable  # importing it pulls tempfile, shutil, zipfile…

_TOML_POSITION = re.compile(r"^(?P<message>.*?)\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")
#: One part of a table's name: bare (`place`), quoted (`"place"`) or literal (`'place'`).
_NAME_PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'"""
#: A table header line: `[name]` or `[[name]]`, dotted names of any parts, spaces around them
#: (`[ "place" ]`), a comment after it.
_HEADER = re.compile(
    rf"^[ \t]*(?P<open>\[\[?)[ \t]*(?P<name>(?:{_NAME_PART})(?:[ \t]*\.[ \t]*(?:{_NAME_PART}))*)"
    r"[ \t]*\]\]?[ \t]*(?:#.*)?\r?$",
    re.MULTILINE,
)
_PARTS = re.compile(_NAME_PART)
#: Files must stay readable by tomllib, taplo and editors: TOML 1.0, not 1.1.
TOML_VERSION: Final = "1.0.0"


@attrs.frozen
class Locator:
    """Finds the line where a table or a key of a TOML document is written.

    Only used to point at a problem, never to read values, and says nothing
    when unsure. Key lines come from `toml_rs`'s key positions; it keeps none
    for `[table]` headers, so those are found by one regular-expression pass
    over the text. Both are worked out on the first question only: a file
    without problems costs nothing here.
    """

    text: str = attrs.field(repr=False)

    @cached_property
    def headers(self) -> list[tuple[int, tuple[str, ...], bool]]:
        """(line number, the parts of its name, is an [[array]] header) of every table header:
        `[place]`, `["place"]` and `[ 'place' ]` all name ("place",)."""
        found = []
        line, last = 1, 0
        for match in _HEADER.finditer(self.text):
            line += self.text.count("\n", last, match.start())
            last = match.start()
            parts = tuple(_unquoted(part) for part in _PARTS.findall(match["name"]))
            found.append((line, parts, match["open"] == "[["))
        return found

    @cached_property
    def nodes(self) -> dict[str, Any]:
        """toml_rs's key positions, by table then key; empty when it cannot read the text."""
        if not HAS_TOML_RS:
            return {}
        try:
            nodes: dict[str, Any] = toml_rs.load_with_metadata(self.text, toml_version=TOML_VERSION).meta[
                "nodes"
            ]
        except (toml_rs.TOMLDecodeError, ValueError, TypeError):
            return {}
        return nodes

    def table(self, header: str, index: int = 0) -> int | None:
        """Line (1-based) of the `index`-th `[header]` or `[[header]]` (`header` dotted: "set.themes")."""
        parts = tuple(header.split("."))
        found = [number for number, name, _array in self.headers if name == parts]
        return found[index] if index < len(found) else None

    def item(self, name: str, index: int) -> int | None:
        """Line of the `index`-th table of the array `name`: its `[[name]]` header, or, written
        inline (`name = [{…}, {…}]`), its own line, else the line of `name =`."""
        line = self.table(name, index)
        if line is not None:
            return line
        if not HAS_TOML_RS:
            return self._scanned_key(name, 0)
        entry = self.nodes.get(name)
        items = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            found = items[index].get("value_line")
            if isinstance(found, list) and found:  # an element over several lines: its first
                found = found[0]
            if isinstance(found, int):
                return found
        return _first_line(entry)

    def key(self, key: str, after: int | None) -> int | None:
        """Line of `key = …` in the table whose header is at line `after`."""
        if not HAS_TOML_RS:
            return self._scanned_key(key, after)
        table = self._table_at(after)
        return _first_line(table.get(key)) if table is not None else None

    def within(self, key: str, after: int | None, at: tuple[int | str, ...]) -> int | None:
        """Line of the part `at` of the value of `key = …` (`fields.Reporter`: element numbers
        and keys) in the table whose header is at line `after`; the nearest line found."""
        if not HAS_TOML_RS:
            return self._scanned_key(key, after)
        table = self._table_at(after)
        node = table.get(key) if table is not None else None
        line = _first_line(node)
        for step in at:
            value = node.get("value") if isinstance(node, dict) else None
            if isinstance(step, int):
                node = value[step] if isinstance(value, list) and 0 <= step < len(value) else None
            else:
                node = value.get(step) if isinstance(value, dict) else None
            found = _own_line(node)
            if found is None:
                break
            line = found
        return line

    def key_in(self, header: str, key: str) -> int | None:
        """Line of `key = …` in the table `[header]`, else of the header."""
        line = self.table(header)
        return self.key(key, line) or line

    def key_in_cheaply(self, header: str, key: str) -> int | None:
        """The line `key_in` gives, for a question asked of every file rather than of one with a
        problem (the worker pool's place ids). One match from the top of the text when the file
        is laid out as usual (`_key_near_top`): nothing there can hide or fake a line; else
        `key_in`."""
        found = _key_near_top(header, key).match(self.text)
        if found is None:
            return self.key_in(header, key)
        return self.text.count("\n", 0, found.end()) + 1

    def _scanned_key(self, key: str, after: int | None) -> int | None:
        """Without toml_rs: the first line of the table at line `after` (0: before the first
        table) that starts with `key =` (or `key.`), bare or quoted."""
        if after is None or (after and not any(number == after for number, _name, _array in self.headers)):
            return None
        ends = [number for number, _name, _array in self.headers if number > after]
        lines = self.text.split("\n")
        name = re.escape(key)
        written = re.compile(rf"""^[ \t]*(?:{name}|"{name}"|'{name}')[ \t]*[=.]""")
        for number in range(after + 1, min(ends, default=len(lines) + 1)):
            if written.match(lines[number - 1]):
                return number
        return None

    def _table_at(self, line: int | None) -> dict[str, Any] | None:
        """toml_rs's positions of the keys of the table whose header is at `line`."""
        for number, name, array in self.headers:
            if number != line:
                continue
            node: Any = self.nodes
            for part in name:
                node = node.get(part) if isinstance(node, dict) else None
            if array:  # [[name]]: the element this header opens, counted among its namesakes
                index = sum(1 for n, other, _array in self.headers if other == name and n < number)
                items = node.get("value") if isinstance(node, dict) else None
                node = items[index].get("value") if isinstance(items, list) and index < len(items) else None
            return node if isinstance(node, dict) else None
        return None


#: A line that holds nothing (spaces, or a comment), and a one-line `name = value` holding no
#: triple quotes (which could open a multi-line string, in which any line may be written).
_NOTHING_LINE = r"[ \t]*+(?:\#[^\n]*+)?\r?\n"
_PLAIN_LINE = r"""[ \t]*+[A-Za-z0-9_-]++[ \t]*+=(?:(?!\"\"\"|\'\'\')[^\n])*+\n"""


@cache
def _key_near_top(header: str, key: str) -> re.Pattern[str]:
    """From the top of a file, only empty lines and comments, then `[header]` written plainly
    (its first header), then empty, comment or plain lines, then `key =`: the key of that
    table, at the line where toml_rs puts it."""
    name = re.escape(key)
    return re.compile(
        rf"(?:{_NOTHING_LINE})*+[ \t]*+\[[ \t]*+{re.escape(header)}[ \t]*+\][ \t]*+(?:\#[^\n]*+)?\r?\n"
        rf"(?:{_NOTHING_LINE}|{_PLAIN_LINE})*?[ \t]*+(?:{name}|\"{name}\"|'{name}')[ \t]*+="
    )


def _unquoted(part: str) -> str:
    """A part of a table's name as TOML reads it: quotes taken off, escapes decoded."""
    if part[0] == "'":
        return part[1:-1]
    if part[0] != '"':
        return part
    if "\\" not in part:
        return part[1:-1]
    import tomllib  # an escape in a table's name: rare, so imported only then

    try:
        name: str = tomllib.loads(f"name = {part}")["name"]
    except tomllib.TOMLDecodeError:  # not TOML: the file itself is refused, with its own problem
        return part[1:-1]
    return name


def _first_line(entry: object) -> int | None:
    """Line of a key; for a dotted key (`a.b = …` keeps no line for `a`), its first part's."""
    if not isinstance(entry, dict):
        return None
    line = entry.get("key_line")
    if isinstance(line, int):
        return line
    lines = [found for child in entry.values() if (found := _first_line(child)) is not None]
    return min(lines, default=None)


def _own_line(node: object) -> int | None:
    """Line of a key, or of an element of an array (an inline table, a `[[header]]`)."""
    if not isinstance(node, dict):
        return None
    line = node.get("key_line", node.get("value_line"))
    if isinstance(line, list | tuple) and line:  # written over several lines: its first
        line = line[0]
    return line if isinstance(line, int) else None


def where(line: int | None, context: str) -> str:
    return _("line {line}, {context}").format(line=line, context=context) if line else context


def line_of(problem: Problem) -> int:
    """The line a problem points at, read back from its `where` (0: the whole file, or not known)."""
    prefix = _("line {line}, {context}").partition("{line}")[0]
    if not problem.where.startswith(prefix):
        return 0
    digits = problem.where[len(prefix) :].partition(",")[0]
    return int(digits) if digits.isdigit() else 0


def by_file_and_line(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in the order a person fixes them: by file, then by line (stable: the order met
    within one line, and for problems of a whole file, which come first)."""
    return sorted(problems, key=lambda p: (p.path, line_of(p)))


@attrs.frozen
class Document:
    """One TOML file, parsed."""

    path: str  # as shown to the user
    data: dict[str, Any] = attrs.field(repr=False)
    locator: Locator = attrs.field(repr=False)
    origin: str = ""  # plugin that shipped it, or ""

    @property
    def kind(self) -> str | None:
        """'set', 'place', 'network' or 'review', told apart by content."""
        if "set" in self.data:
            return "set"
        if "place" in self.data:
            return "place"
        if "network" in self.data:
            return "network"
        if "review" in self.data:
            return "review"  # a peer review (SPEC §11), read by tlcriteria.reviews
        return None


#: tomllib's messages, said for people who are not programmers: (start of message, plain words, hint).
_PLAIN_TOML = (
    (
        "Invalid value",
        N_("this value cannot be read"),
        N_('put text between double quotes ("…"); numbers, true and false go without quotes'),
    ),
    ("Cannot overwrite a value", N_("this key or table is written twice"), N_("keep only one of them")),
    ("Cannot declare", N_("this table is written twice"), N_("keep only one [table] of that name")),
    ("Duplicate inline table key", N_("a key is written twice inside { … }"), N_("keep only one of them")),
    (
        "Cannot mutate immutable namespace",
        N_("this table was already written in full with { … }"),
        N_("add the key inside the { … } instead"),
    ),
    ("Unterminated string", N_("a text is not closed"), N_('close it with a double quote "')),
    (
        # Most often a closing quote forgotten: the end of the line is then the character.
        "Illegal character",
        N_("a text is not closed on its line, or holds a character it cannot"),
        N_(
            'close it with a double quote " before the end of the line; over several lines, use triple quotes """…"""'
        ),
    ),
    ("Unclosed array", N_("a list is not closed"), N_("close it with ], after its last value")),
    ("Unclosed inline table", N_("a { … } table is not closed"), N_("close it with }, on the same line")),
    ("Expected '=' after a key", N_("a key has no '=' after it"), N_('write key = value, e.g. title = "…"')),
    (
        "Invalid initial character for a key",
        N_("a key starts with a character it cannot"),
        N_("write keys with letters, digits, - and _; put anything else in double quotes"),
    ),
    (
        "Invalid statement",
        N_("this line is neither key = value nor a [table]"),
        N_("write keys with letters, digits, - and _; put anything else in double quotes"),
    ),
    (
        "Expected newline or end of document",
        N_("something follows the value on the same line"),
        N_("one key = value per line; put text between double quotes"),
    ),
    ("Expected ']' at the end of a table", N_("a [table] header is not closed"), N_("close it with ]")),
    ("Expected ']]' at the end of an array", N_("a [[table]] header is not closed"), N_("close it with ]]")),
    (
        "Invalid date or datetime",
        N_("this date cannot be read"),
        N_(
            "write a date that exists, as 2026-01-31 (month 01 to 12, then a day of that month); "
            "a text that only looks like a date goes between double quotes"
        ),
    ),
)


def plain_toml_error(message: str) -> tuple[str, str]:
    """tomllib's message in plain words, with a hint; unknown ones are kept as they are."""
    for start, plain, hint in _PLAIN_TOML:
        if message.startswith(start):
            return _(plain), _(hint)
    return message, _("check quotes, brackets and '=' signs")


class TomlError(ValueError):
    """What `loads` raises for text that is not TOML: tomllib's message and position."""


#: Deepest nesting of tables and lists a document may have: real files stay under ten; far
#: deeper values (valid TOML) would exhaust Python's recursion in whatever walks them.
MAX_DEPTH: Final = 100


class TooDeep(TomlError):
    """Valid TOML whose values are nested deeper than `MAX_DEPTH`; `key` is where."""

    def __init__(self, key: str) -> None:
        super().__init__(f"values nested more than {MAX_DEPTH} levels deep (at {key})")
        self.key = key


def loads(text: str) -> dict[str, Any]:
    """The one TOML parser of tlcriteria: decimals kept exact; `TomlError` for text that is not TOML.

    toml_rs (compiled) reads every text; only a text it refuses goes through
    tomllib, whose messages (and positions) are the ones people are shown.
    """
    data = _parse(text)
    if text.count("[") + text.count("{") > MAX_DEPTH:  # fewer brackets cannot nest that deep
        _refuse_deep(data)
    return data


def _parse(text: str) -> dict[str, Any]:
    try:
        if HAS_TOML_RS:
            return toml_rs.loads(text, parse_float=Decimal, toml_version=TOML_VERSION)
    except (toml_rs.TOMLDecodeError, ValueError):
        pass
    import tomllib  # only for a text toml_rs refuses (or without toml_rs): not imported at start-up

    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise TomlError(str(exc)) from None
    except RecursionError:  # tomllib's own limit, below ours
        raise TooDeep("?") from None


def _refuse_deep(data: dict[str, Any]) -> None:
    """Raise `TooDeep` naming where values nest too deep, as place problems do: `[table] key`."""
    stack: list[tuple[object, int, tuple[str, ...]]] = [(v, 1, (k,)) for k, v in reversed(data.items())]
    while stack:  # a loop, not recursion: the point is not to run out of stack
        item, depth, keys = stack.pop()
        if depth > MAX_DEPTH:
            raise TooDeep(f"[{'.'.join(keys[:-1])}] {keys[-1]}" if len(keys) > 1 else keys[0])
        if isinstance(item, dict):
            stack.extend((v, depth + 1, (*keys, k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, depth + 1, keys) for v in item)


def parse_toml(text: str, path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """`loads`, with a located problem in plain words instead of an exception."""
    try:
        return loads(text), []
    except TooDeep as exc:
        message = _("values nested more than {limit} levels deep").format(limit=MAX_DEPTH)
        hint = _("an answer is a value or a list of values: remove the extra brackets")
        return None, [Problem(path, exc.key, message, hint)]
    except TomlError as exc:
        match = _TOML_POSITION.match(str(exc))
        if match and (comma := _decimal_comma(text, int(match["line"]))):
            place = _("line {line}, column {column}").format(line=match["line"], column=match["column"])
            plain = _("the number {number} is written with a decimal comma").format(number=comma)
            hint = _("write decimals with a point: {number}").format(number=comma.replace(",", "."))
            return None, [Problem(path, place, _("malformed TOML: {problem}").format(problem=plain), hint)]
        if match and (twice := _written_twice(text, match["message"], int(match["line"]))):
            place = _("line {line}, column {column}").format(line=match["line"], column=match["column"])
            plain, hint = twice
            return None, [Problem(path, place, _("malformed TOML: {problem}").format(problem=plain), hint)]
        if match and (slip := _slip(text, match["message"], int(match["line"]), int(match["column"]))):
            # A comma left out between two values of a list, `True`: what to write, not "not closed".
            place = _("line {line}, column {column}").format(line=match["line"], column=match["column"])
            plain, hint = slip
            return None, [Problem(path, place, _("malformed TOML: {problem}").format(problem=plain), hint)]
        if not match and str(exc).startswith("Unterminated string") and (opened := _unclosed_text(text)):
            # Said at the end of the file by TOML: the text opened with triple quotes long before.
            line, quotes = opened
            plain = _("a text opened with {quotes} at line {line} is not closed").format(
                quotes=quotes, line=line
            )
            hint = _("close it with {quotes}, the same three quotes").format(quotes=quotes)
            place = _("line {line}").format(line=line)
            return None, [Problem(path, place, _("malformed TOML: {problem}").format(problem=plain), hint)]
        if match and (wrong_date := _wrong_date(text, int(match["line"]))):
            # `= 2026-13-01` or `= 28/02/2026`: what is wrong with the date, not "something follows".
            place = _("line {line}, column {column}").format(line=match["line"], column=match["column"])
            plain, hint = wrong_date
            return None, [Problem(path, place, _("malformed TOML: {problem}").format(problem=plain), hint)]
        if match:
            place = _("line {line}, column {column}").format(line=match["line"], column=match["column"])
            message = match["message"]
        elif str(exc).endswith("(at end of document)"):
            place, message = _("end of file"), str(exc).removesuffix("(at end of document)").strip()
        else:
            place, message = "", str(exc)
        plain, hint = plain_toml_error(message)
        return None, [Problem(path, place, _("malformed TOML: {problem}").format(problem=plain), hint)]


#: A value written the French way, `= 35,5`: TOML reads `35` and stumbles on the comma.
_DECIMAL_COMMA = re.compile(r"=[ \t]*(?P<written>[-+]?[0-9]+,[0-9]+)(?![0-9.]|,[0-9])")


def _decimal_comma(text: str, line: int) -> str | None:
    """The number written with a decimal comma on that line (`35,5`), if that is what broke it."""
    lines = text.splitlines()
    found = _DECIMAL_COMMA.search(lines[line - 1]) if 0 < line <= len(lines) else None
    return found["written"] if found else None


#: The start of a line `key = …`: its key, bare or quoted parts, dotted.
_KEY_LINE = re.compile(rf"[ \t]*(?P<key>(?:{_NAME_PART})(?:[ \t]*\.[ \t]*(?:{_NAME_PART}))*)[ \t]*=")
_INLINE_KEY = re.compile(r"Duplicate inline table key (?P<key>'.*')$")


def _written_twice(text: str, message: str, line: int) -> tuple[str, str] | None:
    """Which key or table is written twice at that line, and the line where it was first
    written, as (plain words, hint), when that is what TOML refused (None otherwise)."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    if message.startswith("Cannot overwrite a value") and (key := _KEY_LINE.match(lines[line - 1])):
        parts = _parts(key["key"])
        # The table the line is in starts at the last header above it (the file's top: 0).
        start = max((n for n, _name, _array in Locator(text).headers if n < line), default=0)
        first = next((n for n in range(start + 1, line) if _key_parts(lines[n - 1]) == parts), None)
        if first is None:  # not a key written twice (`a = 1`, then `a.b = 2`): TOML's words
            return None
        return (
            _("the key {key!r} is written twice, first at line {line}").format(
                key=".".join(parts), line=first
            ),
            _("keep only one of them"),
        )
    if message.startswith("Cannot declare") and (header := _HEADER.match(lines[line - 1])):
        parts = _parts(header["name"])
        first = next((n for n, name, array in Locator(text).headers if name == parts and not array), None)
        if first is None or first >= line:
            return None
        return (
            _("the table [{name}] is written twice, first at line {line}").format(
                name=".".join(parts), line=first
            ),
            _("keep only one [table] of that name"),
        )
    if inline := _INLINE_KEY.match(message):
        return (
            _("the key {key} is written twice inside {{ … }}").format(key=inline["key"]),
            _("keep only one of them"),
        )
    return None


def _parts(name: str) -> tuple[str, ...]:
    return tuple(_unquoted(part) for part in _PARTS.findall(name))


def _key_parts(line: str) -> tuple[str, ...] | None:
    key = _KEY_LINE.match(line)
    return _parts(key["key"]) if key else None


#: What starts a value: a text, a number, a date, true or false, a list, a { … } table
#: (patterns of a file TOML refuses: compiled then, by `re`, not at start-up).
_VALUE_START = r"""["'0-9+\-\[{]|true|false|inf|nan"""
_WORD = r"[A-Za-z]+"


def _slip(text: str, message: str, line: int, column: int) -> tuple[str, str] | None:
    """A common slip that TOML words otherwise (as plain words, hint): a comma left out between
    two values of a list (`["a" "b"]`: "list not closed"), `True` or `FALSE` ("value cannot be
    read"). None when it is not one of them."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    rest = lines[line - 1][column - 1 :]
    # A value where "," or "]" was expected; not a [table] header below a list left open.
    if (
        message.startswith("Unclosed array")
        and re.match(_VALUE_START, rest)
        and not _HEADER.match(lines[line - 1])
    ):
        return (
            _("a comma is missing between two values of a list"),
            _('separate the values with commas: ["a", "b"]'),
        )
    word = re.match(_WORD, rest)
    if message.startswith("Invalid value") and word and word[0].lower() in ("true", "false"):
        return (
            _("true and false are written in lower case"),
            _("write {value}").format(value=word[0].lower()),
        )
    return None


def _unclosed_text(text: str) -> tuple[int, str] | None:
    """The line where a text in triple quotes opens and the quotes it opens with, when it is
    not closed by the end of the file; None otherwise."""
    i, line, size = 0, 1, len(text)
    while i < size:
        char = text[i]
        if char == "\n":
            line += 1
        elif char == "#":  # a comment: to the end of its line
            i = text.find("\n", i)
            if i < 0:
                return None
            continue
        elif text.startswith(('"""', "'''"), i):
            quotes, opened = text[i : i + 3], line
            end = _closing(text, i + 3, quotes)
            if end < 0:
                return opened, quotes
            line += text.count("\n", i, end)
            i = end
            continue
        elif char in "\"'":
            end = _closing(text, i + 1, char)
            i = end if end >= 0 else size
            continue
        i += 1
    return None


def _closing(text: str, start: int, quotes: str) -> int:
    """The index just past the `quotes` that close a text opened before `start`, -1 when none
    does (a one-quote text ends at its line's end, where TOML refuses it on its own)."""
    i = start
    while i < len(text):
        if quotes[0] == '"' and text[i] == "\\":
            i += 2  # an escape: \" is a quote inside the text
            continue
        if len(quotes) == 1 and text[i] == "\n":
            return i
        if text.startswith(quotes, i):
            return i + len(quotes)
        i += 1
    return -1


def _wrong_date(text: str, line: int) -> tuple[str, str] | None:
    """What is wrong with the date written unquoted on that line (`2026-02-30`), if that is what broke it."""
    from . import dates  # only for a file TOML refuses: its patterns are not compiled at start-up

    lines = text.splitlines()
    written = dates.written_on_line(lines[line - 1]) if 0 < line <= len(lines) else None
    return dates.problem(written) if written else None


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if b"\x00" in raw:
        return None, [Problem(path, "", _("is a binary file, not TOML text"), _("give a .toml text file"))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                _("line {line}").format(line=line),
                _("is not valid UTF-8 text"),
                _("save the file as UTF-8"),
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark left by some editors is harmless
    if not text.strip():
        return None, [Problem(path, "", _("file is empty"), _("write a [set] or a [place] table"))]
    return text, []


def read_text(source: Path | Traversable, path: str) -> tuple[str | None, list[Problem]]:
    """The text of one file (read once), or why it cannot be had."""
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        return None, [Problem(path, "", _("no such file"), _("check the path"))]
    except IsADirectoryError:
        return None, [Problem(path, "", _("is a folder, not a file"), "")]
    except OSError as exc:
        return None, [Problem(path, "", _("cannot be read: {error}").format(error=os_reason(exc)), "")]
    return decode(raw, path)


def parse_document(text: str, path: str, origin: str = "") -> tuple[Document | None, list[Problem]]:
    """TOML text (from a file, a git revision…) as a document; problems instead of exceptions."""
    data, problems = parse_toml(text, path)
    if data is None:
        return None, problems
    return Document(path, data, Locator(text), origin), []


def document_from_bytes(raw: bytes, path: str, origin: str = "") -> tuple[Document | None, list[Problem]]:
    """The bytes of a file read elsewhere (a git revision…) as a document; problems instead of exceptions."""
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    return parse_document(text, path, origin)


def read_document(
    source: Path | Traversable, display: str | None = None, origin: str = ""
) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file; problems instead of exceptions."""
    path = display or str(source)
    text, problems = read_text(source, path)
    if text is None:
        return None, problems
    return parse_document(text, path, origin)


@attrs.frozen
class Unparsed:
    """A file read whose TOML is malformed: its text, for what can still be told from it."""

    path: str
    text: str = attrs.field(repr=False)
    origin: str = ""


@attrs.frozen
class Reading:
    """Files read once: the documents parsed, every problem met, and the text of those not TOML.

    The text of a file with a TOML error is kept so that what it declares
    (a set's id, its criteria) can still be told without reading it again.
    """

    documents: tuple[Document, ...] = ()
    problems: tuple[Problem, ...] = ()
    unparsed: tuple[Unparsed, ...] = ()

    def __add__(self, other: Reading) -> Reading:
        return Reading(
            (*self.documents, *other.documents),
            (*self.problems, *other.problems),
            (*self.unparsed, *other.unparsed),
        )


def read_sources(sources: Iterable[tuple[Path | Traversable, str, str]]) -> Reading:
    """Each (file, path as shown, origin) read and parsed once."""
    docs: list[Document] = []
    problems: list[Problem] = []
    unparsed: list[Unparsed] = []
    for source, path, origin in sources:
        text, found = read_text(source, path)
        if text is not None:
            doc, found = parse_document(text, path, origin)
            if doc is None:
                unparsed.append(Unparsed(path, text, origin))
            else:
                docs.append(doc)
        problems += found
    return Reading(tuple(docs), tuple(problems), tuple(unparsed))


def read_files(paths: Iterable[str | Path]) -> Reading:
    """Every TOML file named or under the folders named (`toml_files`), read and parsed once."""
    files, problems = toml_files(paths)
    return Reading((), tuple(problems)) + read_sources((path, str(path), "") for path in files)


def read_documents(paths: Iterable[str | Path]) -> tuple[list[Document], list[Problem]]:
    """`read_files`, for who needs only the documents and the problems."""
    reading = read_files(paths)
    return list(reading.documents), list(reading.problems)


def toml_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The TOML files named or found under folders, in a stable order.

    Hidden folders and files are skipped; a missing path and a folder without
    any TOML file are problems.
    """
    found: dict[str, Path] = {}  # each file once, by where it really is, as first named
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        # The same folder named twice (`criteria` and its absolute path): its files once. The
        # argument is resolved, not each file: one call per argument, whatever the files.
        try:
            real = str(path.resolve())
        except (OSError, RuntimeError):  # a loop of links: the path as written
            real = str(path.absolute())
        if path.is_dir():
            files = sorted(_walk(path))
            if not files:
                problems.append(
                    Problem(
                        str(path),
                        "",
                        _("folder holds no .toml file"),
                        _("point at a folder of criteria or place files"),
                    )
                )
            # Each file's place below the folder, cut from its text (a Path per file costs more).
            cut = 0 if str(path) == "." else len(str(path).rstrip(os.sep)) + 1
            for file in files:
                found.setdefault(real + os.sep + str(file)[cut:], file)
        elif path.exists():
            found.setdefault(real, path)
        else:
            problems.append(Problem(str(path), "", _("no such file or folder"), _("check the path")))
    return list(found.values()), problems


def _walk(folder: Path) -> Iterator[Path]:
    """The `.toml` files under `folder`, but none hidden or in a hidden folder, and none in a
    folder tlcriteria wrote (`output_mark`: a site put beside the places is an output, never
    read back as places). Links to folders are not followed."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:  # unreadable: as a folder holding nothing
        return
    if any(entry.name == FOLDER_MARK for entry in entries):
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(folder / name)
            elif name.endswith(".toml") and entry.is_file():
                yield folder / name
        except OSError:  # gone meanwhile, or a link to nowhere readable
            continue


Loaded = TypeVar("Loaded")


def load_each(
    docs: Iterable[Document], kind: str, load: Callable[[Document], tuple[Loaded | None, list[Problem]]]
) -> tuple[list[Loaded], list[Problem]]:
    """Every document of this kind loaded; the problems of those that are not valid (others are skipped)."""
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    for doc in docs:
        if doc.kind != kind:
            continue
        item, found = load(doc)
        problems += found
        if item is not None:
            loaded.append(item)
    return loaded, problems
