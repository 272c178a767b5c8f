"""Edits of a TOML file (a place file, a review) that keep it as the person wrote it.

A file is changed key by key with tomlkit, the style-preserving TOML library:
comments, blank lines, order and the layout of every key not edited stay byte
for byte; an edited key keeps its place and its end-of-line comment; a new key
goes right after the last key of its table (before the comments and blank
lines that close it). `changes_between` says which keys differ between two
contents, `merge` combines the edits of two hands from one common content,
`rename_in_table` renames keys in place (`tlcriteria migrate`). The one module
that edits a TOML file the project writes: assess, review and migrate use it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

import tomli_w

# tomlkit (slow to import) only once a file is really edited: not to open a questionnaire.
if TYPE_CHECKING:
    from tomlkit.items import Item

#: A key of a file: (key,) at the top, (table, key) inside a table.
KeyPath = tuple[str, ...]


class _Deleted:
    def __repr__(self) -> str:
        return "DELETED"


#: The value of a key an edit removes.
DELETED: Any = _Deleted()

#: The byte-order mark some editors write first in a UTF-8 file.
BOM = "\ufeff"
#: A line end without the carriage return the other lines of a CRLF file have.
_LONE_LF = re.compile(r"(?<!\r)\n")


def digest(data: bytes) -> str:
    """What a command remembers of the bytes it read, to notice a change before writing."""
    return hashlib.sha256(data).hexdigest()


def value_text(value: object) -> str:
    """A value in TOML, on one line; a table as an inline table (`{ value = 3, url = "…" }`)."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{key_text(k)} = {value_text(v)}" for k, v in value.items())
        return f"{{ {inner} }}" if inner else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    return tomli_w.dumps({"x": value}).split(" = ", 1)[1].rstrip("\n")


def key_text(key: str) -> str:
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


def _item(value: object) -> Item:
    import tomlkit
    from tomlkit.items import Item

    # Parsed from its text with the line's newline, so the item ends its line as a written one does.
    parsed = tomlkit.parse(f"x = {value_text(value)}\n")
    item = parsed.item("x")
    assert isinstance(item, Item)
    return item


def changes_between(old: Mapping[str, Any], new: Mapping[str, Any], depth: int = 2) -> dict[KeyPath, Any]:
    """The keys whose value differs from `old` to `new`, with the new value (or DELETED).

    Tables (`[place]`, `[answers]`…) are compared key by key, so an edit of one
    answer is one change; a value inside a table (an answer's inline table) is
    compared whole.
    """
    found: dict[KeyPath, Any] = {}
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key, DELETED), new.get(key, DELETED)
        tables = (before is DELETED or isinstance(before, Mapping)) and (
            after is DELETED or isinstance(after, Mapping)
        )
        if depth > 1 and tables:
            inner_old = before if isinstance(before, Mapping) else {}
            inner_new = after if isinstance(after, Mapping) else {}
            for path, value in changes_between(inner_old, inner_new, depth - 1).items():
                found[(key, *path)] = value
        elif not _same(before, after):
            found[(key,)] = after
    return found


def _same(one: object, other: object) -> bool:
    return type(one) is type(other) and bool(one == other)


def apply(text: str, edits: Mapping[KeyPath, Any]) -> str:
    """`text` with `edits` made (each key to its value, or removed when DELETED); the rest as written."""
    import tomlkit

    # A byte-order mark (Notepad writes one) is read past by every TOML reader but tomlkit:
    # kept aside and put back; the keys added end their lines as the file does (CRLF or LF).
    bom = BOM if text.startswith(BOM) else ""
    doc = tomlkit.parse(text[len(bom) :])
    for path, value in edits.items():
        if len(path) == 1:
            _set(doc, path[0], value)
            continue
        name, key = path
        table = doc.get(name)
        if value is DELETED:
            if isinstance(table, MutableMapping):
                _set(table, key, value)
            continue
        if not isinstance(table, MutableMapping):
            table = tomlkit.table()
            if doc.body:
                doc.add(tomlkit.nl())
            doc.add(name, table)
            table = doc[name]
        _set(table, key, value)
    edited = doc.as_string()
    if "\r\n" in text:
        edited = _LONE_LF.sub("\r\n", edited)
    return bom + edited


def _set(where: MutableMapping[str, Any], key: str, value: object) -> None:
    from tomlkit.container import Container
    from tomlkit.items import Table

    if value is DELETED:
        if key in where:
            del where[key]
        return
    if key in where and isinstance(value, Mapping) and isinstance(where[key], Table) and value:
        _update_table(where[key], value)  # `[answers.x]` stays a table: its keys and comments kept
        return
    item = _item(value)
    if key in where:
        where[key] = item  # tomlkit keeps the key's place, indent and end-of-line comment
        return
    container = where.value if isinstance(where, Table) else where
    if not isinstance(container, Container):
        where[key] = item
        return
    body = container.body
    last = max((i for i, (k, v) in enumerate(body) if k is not None and not isinstance(v, Table)), default=-1)
    if last + 1 < len(body):
        container._insert_at(last + 1, key, item)  # before the comments and blank lines closing the table
    else:
        container.append(key, item)


def _update_table(table: MutableMapping[str, Any], value: Mapping[str, Any]) -> None:
    """A `[table]` given the keys of `value`: keys it no longer has removed, changed keys set
    in place (each keeping its end-of-line comment), new keys after its last key."""
    for key in [k for k in table if k not in value]:
        del table[key]
    for key, new in value.items():
        if key in table and _same(_plain(table[key]), new):
            continue
        _set(table, key, new)


def _plain(item: object) -> object:
    unwrap = getattr(item, "unwrap", None)
    return unwrap() if callable(unwrap) else item


def merge(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[KeyPath, Any], list[KeyPath]]:
    """Our edits since `base` to make onto `theirs`, and the keys both sides changed differently."""
    mine = changes_between(base, ours)
    other = changes_between(base, theirs)
    edits: dict[KeyPath, Any] = {}
    conflicts: list[KeyPath] = []
    for path, value in mine.items():
        if path in other:
            if not _same(other[path], value):
                conflicts.append(path)
            continue  # both made the same change: theirs already holds it
        edits[path] = value
    return edits, conflicts


def rename_in_table(text: str, name: str, changes: Mapping[str, tuple[str, Any, Any]]) -> str:
    """`text` with keys of table `name` renamed in place: {old key: (new key, old value, new value)}.

    Each renamed key keeps its place, its comment and, when its value changes,
    its form (an inline table keeps its other keys); the rest is untouched.
    """
    import tomlkit
    import tomlkit.exceptions
    from tomlkit.items import Comment, Table, Whitespace

    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError:  # the file was read by documents.loads already
        return text
    old_table = document.get(name)
    if not isinstance(old_table, Table):
        return text
    # Rebuilt key by key from the old table's own items: comments, blank lines and
    # trailing comments travel with them, and only the renamed keys are new.
    table = tomlkit.table()
    table.trivia.indent = old_table.trivia.indent
    table.trivia.comment_ws = old_table.trivia.comment_ws
    table.trivia.comment = old_table.trivia.comment
    table.trivia.trail = old_table.trivia.trail
    for key, item in old_table.value.body:
        if key is None:  # a comment or blank lines between keys
            assert isinstance(item, Comment | Whitespace)
            table.add(item)
            continue
        change = changes.get(key.key)
        if change is None:
            table.add(key, item)
            continue
        new_id, old, new = change
        new_key = key if new_id == key.key else tomlkit.key(new_id)
        table.add(new_key, _with_value(item, old, new))
    document[name] = table
    return tomlkit.dumps(document)


def _with_value(item: Item, old: object, new: object) -> Item:
    """The item with `new` as its value (short form or `{ value = … }`), its comment kept."""
    import tomlkit
    from tomlkit.items import InlineTable

    if old == new:
        return item
    if isinstance(item, InlineTable):
        item["value"] = new
        return item
    replacement = tomlkit.item(new)
    replacement.trivia.comment_ws = item.trivia.comment_ws
    replacement.trivia.comment = item.trivia.comment
    replacement.trivia.trail = item.trivia.trail
    return replacement
