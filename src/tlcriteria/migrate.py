"""`tlcriteria migrate`: place files rewritten with today's criterion and option ids.

A criterion or an option that declares `replaces` reads answers written under
an old id (SPEC §8); migrating writes them under the new one, so that the
files say what the rules say. The rewrite goes through tomlkit, which keeps
comments, blank lines, quoting and the order of keys: only the renamed keys
and values change. Nothing here writes a file: `migrated_text` returns the
new text, the command writes it atomically.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

import attrs
import tomlkit
import tomlkit.exceptions
from tomlkit.items import Comment, Item, Table, Whitespace

from .catalogue import Catalogue
from .documents import Document
from .errors import Problem
from .i18n import _
from .interfaces import AnswerKind
from .loading import answers_in
from .workspace import Renamed, current_answers


@attrs.frozen
class Migration:
    """What migrating one place file changes."""

    path: str
    old_text: str
    new_text: str
    renamed: tuple[Renamed, ...]
    problems: tuple[Problem, ...] = ()  # renames it cannot make (both ids answered)

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text

    def unified_diff(self) -> str:
        lines = difflib.unified_diff(
            self.old_text.splitlines(keepends=True),
            self.new_text.splitlines(keepends=True),
            fromfile=self.path,
            tofile=self.path,
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def migrate_document(doc: Document, catalogue: Catalogue, kinds: Mapping[str, AnswerKind]) -> Migration:
    """The place file `doc` with its answers under today's ids."""
    text = doc.locator.text
    answers = answers_in(doc)
    _current, renamed = current_answers(answers, catalogue, kinds)
    doable = [r for r in renamed if not r.twice]
    problems = tuple(
        Problem(
            doc.path,
            f"[answers] {r.written_id}",
            _("answers both {old!r} and {new!r}, which replaces it; left as it is").format(
                old=r.written_id, new=r.criterion_id
            ),
            _("keep the answer under {new!r} and remove {old!r}").format(
                old=r.written_id, new=r.criterion_id
            ),
        )
        for r in renamed
        if r.twice
    )
    if not doable:
        return Migration(doc.path, text, text, (), problems)
    return Migration(doc.path, text, migrated_text(text, doable), tuple(doable), problems)


def migrated_text(text: str, renamed: Sequence[Renamed]) -> str:
    """`text` with each renamed answer under its new id and with its new value; the rest untouched."""
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError:  # pragma: no cover - the file was read by tomllib already
        return text
    old_table = document.get("answers")
    if not isinstance(old_table, Table):
        return text
    by_written = {r.written_id: r for r in renamed}
    # Rebuilt key by key from the old table's own items: comments, blank lines and
    # trailing comments travel with them, and only the renamed keys are new.
    table = tomlkit.table()
    table.trivia.indent = old_table.trivia.indent
    table.trivia.comment_ws = old_table.trivia.comment_ws
    table.trivia.comment = old_table.trivia.comment
    table.trivia.trail = old_table.trivia.trail
    for key, item in old_table.value.body:
        if key is None:  # a comment or blank lines between answers
            assert isinstance(item, Comment | Whitespace)
            table.add(item)
            continue
        change = by_written.get(key.key)
        if change is None:
            table.add(key, item)
            continue
        new_key = key if change.criterion_id == key.key else tomlkit.key(change.criterion_id)
        table.add(new_key, _with_value(item, change.old_value, change.new_value))
    document["answers"] = table
    return tomlkit.dumps(document)


def _with_value(item: Item, old: object, new: object) -> Item:
    """The answer item with `new` as its value (short form or `{ value = … }`), its comment kept."""
    if old == new:
        return item
    if isinstance(item, tomlkit.items.InlineTable):
        item["value"] = new
        return item
    replacement = tomlkit.item(new)
    replacement.trivia.comment_ws = item.trivia.comment_ws
    replacement.trivia.comment = item.trivia.comment
    replacement.trivia.trail = item.trivia.trail
    return replacement
