"""`tlcriteria advise`: the next-grade advice of many places, as a table, Markdown or JSON.

One row per place and set: the grade now, the next one, and the least that
reaches it (`advice.next_grade`), each change as a person reads it; JSON keeps
each proposed answer as it would be written in the place file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from .advice import Advice, next_grade
from .i18n import _, listed, localized
from .interfaces import AdviceChange, AnswerKind, RatingScheme
from .model import Criterion, Rating
from .text_tables import text_table

FORMATS = ("table", "md", "json")


@attrs.frozen
class AdviceRow:
    place: str
    name: str
    set: str
    grade: str | None
    advice: Advice
    #: The criteria peers dispute, when the set takes their credit away and that costs a grade.
    disputed: tuple[Criterion, ...] = ()
    #: The grade without the disputes (when `disputed`).
    undisputed: str | None = None


def advice_rows(
    ratings: Sequence[Rating],
    kinds: Mapping[str, AnswerKind],
    schemes: Mapping[str, RatingScheme],
    undisputed: Sequence[Rating] | None = None,
) -> list[AdviceRow]:
    """One row per rating; `undisputed`: the same ratings before peer reviews were counted (in
    the same order), to say when a dispute costs a grade."""
    before = undisputed if undisputed is not None else ratings
    return [
        AdviceRow(
            r.place.id,
            r.place.name,
            r.rules.id,
            r.grade,
            next_grade(r.place, r.rules, kinds, schemes[r.rules.scheme]),
            *(_disputed(b, r) if b.grade != r.grade else ((), None)),
        )
        for b, r in zip(before, ratings, strict=True)
    ]


def _disputed(before: Rating, after: Rating) -> tuple[tuple[Criterion, ...], str | None]:
    verification = after.trust.verification if after.trust is not None else None
    ids = verification.disputed if verification else ()
    criteria = {r.criterion.id: r.criterion for r in before.results}
    return tuple(criteria[i] for i in ids if i in criteria), before.grade


def dispute_text(row: AdviceRow) -> str:
    """What a dispute costs, in a few words ("" when it costs nothing)."""
    if not row.disputed:
        return ""
    return _("disputed by a peer: {titles} ({grade} without the dispute)").format(
        titles=", ".join(localized(c.texts, "title", c.title) for c in row.disputed),
        grade=row.undisputed or "—",
    )


def criterion_title(criterion: Criterion) -> str:
    """A criterion's title, in the current language: how `advise` and `report` name it."""
    return localized(criterion.texts, "title", criterion.title)


def change_text(change: AdviceChange) -> str:
    text = _("{title}: {value}").format(title=criterion_title(change.criterion), value=change.shown)
    if change.needs_evidence == "justification":
        text += _(" (with a justification)")
    elif change.needs_evidence == "url":
        text += _(" (with a link to a proof)")
    return text


def what_to_do(advice: Advice) -> str:
    if advice.target is None:
        return _("best grade reached") if advice.at_best else "—"
    if not advice.reachable or not advice.changes:
        return _("not reachable by weak or missing answers alone")
    return listed(change_text(c) for c in advice.changes)


def _plain(value: object) -> object:
    if isinstance(value, Decimal | Fraction):
        return float(value) if value != int(value) else int(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record(row: AdviceRow) -> dict[str, Any]:
    advice = row.advice
    return {
        "place": row.place,
        "name": row.name,
        "set": row.set,
        "grade": row.grade,
        "target": advice.target,
        "at_best": advice.at_best,
        "reachable": advice.reachable and (advice.target is None or bool(advice.changes)),
        "disputed": [c.id for c in row.disputed],
        "grade_without_disputes": row.undisputed,
        "changes": [
            {
                "criterion": c.criterion.id,
                "value": _plain(c.answer.value),
                "shown": c.shown,
                "evidence": c.needs_evidence,
            }
            for c in advice.changes
        ],
    }


def render(rows: Sequence[AdviceRow], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([record(r) for r in rows], ensure_ascii=False, indent=2) + "\n"
    headings = [_("Place"), _("Set"), _("Grade"), _("Next"), _("What reaches it")]
    # Places by name and criteria by title, as score, diff and publish show them (JSON keeps ids).
    table = [
        [
            r.name or r.place,
            r.set,
            r.grade or "—",
            r.advice.target or "—",
            listed(t for t in (dispute_text(r), what_to_do(r.advice)) if t and t != "—") or "—",
        ]
        for r in rows
    ]
    return text_table(headings, table, fmt)
