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
    from tomlkit.items import Item, Key, Table

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

    Each renamed key keeps its place, its comment and its form: a short value,
    an inline table, a sub-table `[answers.id]` or dotted keys (`id.value = …`)
    keep their other keys (a justification) and comments; the rest is untouched.
    """
    import tomlkit
    import tomlkit.exceptions
    from tomlkit.items import Table

    bom = BOM if text.startswith(BOM) else ""  # as in `apply`: tomlkit does not read past it
    try:
        document = tomlkit.parse(text[len(bom) :])
    except tomlkit.exceptions.ParseError:  # the file was read by documents.loads already
        return text
    # Every table of that name: `[answers]` and the `[answers.id]` written after other tables.
    body = document.body
    for index, (key, item) in enumerate(body):
        if key is not None and key.key == name and isinstance(item, Table):
            body[index] = (key, _renamed_table(item, changes))
    return bom + document.as_string()


def _renamed_table(old_table: Table, changes: Mapping[str, tuple[str, Any, Any]]) -> Table:
    """The table rebuilt key by key from its own items: comments, blank lines and trailing
    comments travel with them, and only the renamed keys are new."""
    import tomlkit
    from tomlkit.items import Comment, Whitespace

    table = tomlkit.table(is_super_table=old_table.is_super_table())
    table.trivia.indent = old_table.trivia.indent
    table.trivia.comment_ws = old_table.trivia.comment_ws
    table.trivia.comment = old_table.trivia.comment
    table.trivia.trail = old_table.trivia.trail
    table.display_name = old_table.display_name
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
        item = _with_value(item, old, new)
        if new_id != key.key:
            key, item = _renamed_key(key, item, new_id)
        table.add(key, item)
    return table


def _renamed_key(key: Key, item: Item, new_id: str) -> tuple[Key, Item]:
    """`key` as `new_id`, with its spacing and its dots; a sub-table's header `[answers.id]` too."""
    import tomlkit
    from tomlkit.items import SingleKey, Table

    written = key.as_string()
    lead = written[: len(written) - len(written.lstrip())]
    trail = written[len(written.rstrip()) :]
    new_text = tomlkit.key(new_id).as_string().strip()
    new_key = SingleKey(new_id, sep=key.sep, original=lead + new_text + trail)
    new_key._dotted = key.is_dotted()  # `id.value = …`: the other dotted keys say the same id
    old_text = written.strip()
    if isinstance(item, Table) and item.display_name and item.display_name.endswith(old_text):
        item.display_name = item.display_name[: -len(old_text)] + new_text
    return new_key, item


def _with_value(item: Item, old: object, new: object) -> Item:
    """The item with `new` as its value (short form, inline table, sub-table or dotted keys),
    its comment kept."""
    import tomlkit
    from tomlkit.items import InlineTable, Table

    if old == new:
        return item
    if isinstance(item, InlineTable | Table):
        if "value" in item:  # dotted keys: one of the tables of the id holds `value`
            item["value"] = new  # tomlkit keeps the key's place and end-of-line comment
        return item
    replacement = tomlkit.item(new)
    replacement.trivia.comment_ws = item.trivia.comment_ws
    replacement.trivia.comment = item.trivia.comment
    replacement.trivia.trail = item.trivia.trail
    return replacement
