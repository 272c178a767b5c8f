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


def advice_rows(
    ratings: Sequence[Rating], kinds: Mapping[str, AnswerKind], schemes: Mapping[str, RatingScheme]
) -> list[AdviceRow]:
    return [
        AdviceRow(
            r.place.id,
            r.place.name,
            r.rules.id,
            r.grade,
            next_grade(r.place, r.rules, kinds, schemes[r.rules.scheme]),
        )
        for r in ratings
    ]


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
        [r.name or r.place, r.set, r.grade or "—", r.advice.target or "—", what_to_do(r.advice)] for r in rows
    ]
    return text_table(headings, table, fmt)
