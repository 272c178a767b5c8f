"""`tlcriteria migrate`: place files rewritten with today's criterion and option ids.

A criterion or an option that declares `replaces` reads answers written under
an old id (SPEC §8); migrating writes them under the new one, so that the
files say what the rules say. The rewrite goes through `tomledit` (tomlkit), which keeps
comments, blank lines, quoting and the order of keys: only the renamed keys
and values change. Nothing here writes a file: `migrated_text` returns the
new text, the command writes it atomically.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

import attrs

from . import tomledit
from .catalogue import Catalogue
from .documents import Document
from .errors import Problem
from .i18n import _
from .interfaces import AnswerKind
from .models_from_toml import answers_in
from .place_checks import Renamed, current_answers


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
    changes = {r.written_id: (r.criterion_id, r.old_value, r.new_value) for r in renamed}
    return tomledit.rename_in_table(text, "answers", changes)
