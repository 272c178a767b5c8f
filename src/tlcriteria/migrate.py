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
from typing import Any

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


def migrate_review(
    doc: Document,
    catalogue: Catalogue,
    kinds: Mapping[str, AnswerKind],
    place_docs: Mapping[str, Document],
) -> Migration:
    """The review file `doc` with its verdicts under today's criterion ids (as `reviews` reads
    them), comments kept. A verdict on an answer whose option was renamed gets the digest of the
    answer as `migrate` rewrites it, when the place file is among `place_docs` (by place id) and
    the verdict judged that answer: it still judges the same answer. A review is signed by its
    reviewer: the caller says who signs it again."""
    from .reviews import answer_digest, under_todays_ids

    text = doc.locator.text
    raw = doc.data.get("verdicts")
    if not isinstance(raw, dict):
        return Migration(doc.path, text, text, ())
    renames: dict[str, tuple[str, Any, Any]] = {}
    problems: list[Problem] = []
    for written_id in raw:
        criterion_id = catalogue.replaced.get(written_id, written_id)
        if criterion_id == written_id:
            continue
        if criterion_id in raw:
            problems.append(
                Problem(
                    doc.path,
                    f"[verdicts] {written_id}",
                    _("holds verdicts on both {old!r} and {new!r}, which replaces it; left as it is").format(
                        old=written_id, new=criterion_id
                    ),
                    _("keep the verdict under {new!r} and remove {old!r}").format(
                        old=written_id, new=criterion_id
                    ),
                )
            )
            continue
        renames[written_id] = (criterion_id, None, None)  # the verdict's table itself unchanged
    head = doc.data.get("review")
    place_id = head.get("place") if isinstance(head, dict) else None
    place_doc = place_docs.get(place_id) if isinstance(place_id, str) else None
    digests: dict[str, dict[str, Any]] = {}
    if place_doc is not None:
        as_written = answers_in(place_doc)
        current, _renamed = current_answers(as_written, catalogue, kinds)
        before = under_todays_ids(as_written, catalogue)
        for written_id, verdict in raw.items():
            criterion_id = renames.get(written_id, (written_id,))[0]
            old, new = before.get(criterion_id), current.get(criterion_id)
            if not isinstance(verdict, dict) or old is None or new is None:
                continue
            digest = answer_digest(old)
            if verdict.get("digest") == digest and answer_digest(new) != digest:
                digests[criterion_id] = {**verdict, "digest": answer_digest(new)}
    if not renames and not digests:
        return Migration(doc.path, text, text, (), tuple(problems))
    new_text = tomledit.rename_in_table(text, "verdicts", renames) if renames else text
    if digests:
        new_text = tomledit.apply(new_text, {("verdicts", k): v for k, v in digests.items()})
    renamed = tuple(Renamed(old, new, None, None) for old, (new, _o, _n) in renames.items())
    kept = tuple(Renamed(k, k, None, None) for k in digests if k not in {r.criterion_id for r in renamed})
    return Migration(doc.path, text, new_text, renamed + kept, tuple(problems))
