"""The coordinator's follow-up report: what each place has to do, one row per rating.

Stale, unsigned or badly signed, unreviewed or disputed criteria, missing
evidence, unanswered criteria, and the next-grade advice in one line. Built
from ratings that carry their `Trust` (tlcriteria.trust); rendered as a
terminal table, Markdown, CSV or JSON. The criteria are named by their titles,
as `advise` names them; JSON keeps their ids.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .advice import Advice, next_grade
from .advice_view import criterion_title
from .frozen import FrozenDict
from .i18n import N_, _, listed
from .interfaces import AnswerKind, RatingScheme
from .model import Rating
from .text_tables import text_table

FORMATS = ("table", "md", "csv", "json")


def _frozen(titles: Mapping[str, str]) -> Mapping[str, str]:
    return FrozenDict(titles)


@attrs.frozen
class FollowUp:
    place: str
    name: str
    set: str
    grade: str | None
    assessed: str | None
    stale: bool
    signature: str | None
    verification: str | None
    unreviewed: tuple[str, ...]
    disputed: tuple[str, ...]
    missing_evidence: tuple[str, ...]
    unanswered: tuple[str, ...]
    advice: str
    #: The title of each criterion the lists name, by id, in the report's language (not in JSON).
    titles: Mapping[str, str] = attrs.field(factory=FrozenDict, converter=_frozen, repr=False)

    def record(self) -> dict[str, Any]:
        return attrs.asdict(
            self,
            filter=lambda a, _v: a.name != "titles",
            value_serializer=lambda _i, _a, v: list(v) if isinstance(v, tuple) else v,
        )


def advice_line(advice: Advice) -> str:
    """The next-grade advice in one line: the target and the criteria to work on."""
    if advice.target is None:  # the best grade, or a scheme without an order of grades
        return _("best grade reached") if advice.at_best else ""
    if not advice.reachable or not advice.changes:
        return _("{target}: not reachable by weak or missing answers alone").format(target=advice.target)
    # As `advise` names them; a semicolon between titles, which may hold commas.
    titles = listed(criterion_title(c.criterion) for c in advice.changes)
    return _("{target}: work on {titles}").format(target=advice.target, titles=titles)


def follow_up(
    rating: Rating, kinds: Mapping[str, AnswerKind], scheme: RatingScheme, advise: bool = True
) -> FollowUp:
    trust = rating.trust
    checked = trust.verification if trust else None
    answered = [r.criterion.id for r in rating.results if r.answer is not None]
    verdicts = checked.criteria if checked else {}
    advice = next_grade(rating.place, rating.rules, kinds, scheme) if advise else None
    unreviewed = tuple(c for c in answered if c not in verdicts)
    disputed = checked.disputed if checked else ()
    missing_evidence = tuple(r.criterion.id for r in rating.results if r.outcome == "unsupported")
    named = {*unreviewed, *disputed, *missing_evidence, *rating.unanswered}
    return FollowUp(
        place=rating.place.id,
        name=rating.place.name,
        set=rating.rules.id,
        grade=rating.grade,
        assessed=trust.assessed if trust else None,
        stale=trust.stale if trust else False,
        signature=trust.signature if trust else None,
        verification=checked.overall if checked else None,
        unreviewed=unreviewed,
        disputed=disputed,
        missing_evidence=missing_evidence,
        unanswered=rating.unanswered,
        advice=advice_line(advice) if advice else "",
        titles={
            r.criterion.id: criterion_title(r.criterion) for r in rating.results if r.criterion.id in named
        },
    )


#: (key, heading) of the report's columns.
COLUMNS = (
    ("place", N_("PLACE")),
    ("set", N_("SET")),
    ("grade", N_("GRADE")),
    ("freshness", N_("ASSESSED")),
    ("signature", N_("SIGNATURE")),
    ("verification", N_("REVIEWS")),
    ("disputed", N_("DISPUTED")),
    ("unreviewed", N_("UNREVIEWED")),
    ("missing_evidence", N_("MISSING EVIDENCE")),
    ("unanswered", N_("UNANSWERED")),
    ("advice", N_("NEXT GRADE")),
)


def cell(row: FollowUp, key: str, short: bool = False) -> str:
    """One cell's text; `short`: lists longer than three are counted (terminal table)."""
    if key == "place":  # by name, as every other output shows a place (JSON keeps the id)
        return row.name or row.place
    if key == "freshness":
        shown = row.assessed or "—"
        return shown + (" " + _("(stale)") if row.stale else "")
    value = getattr(row, key)
    if isinstance(value, tuple):  # criteria, by title (an id no result names stays as it is)
        return str(len(value)) if short and len(value) > 3 else listed(row.titles.get(c, c) for c in value)
    if key == "signature" and value is not None:
        from .signatures import state_text

        return state_text(value)
    if key == "verification":
        return {"self": _("self-assessed"), "verified": _("verified"), "disputed": _("disputed")}.get(
            value, "—"
        )
    return "—" if value in (None, "") else str(value)


def render(rows: Sequence[FollowUp], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([r.record() for r in rows], ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    headings = [_(title) for _key, title in COLUMNS]
    table = [[cell(r, key, short=fmt == "table") for key, _title in COLUMNS] for r in rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(headings)
        writer.writerows(
            [[c if not c.startswith(("=", "+", "-", "@")) else "'" + c for c in r] for r in table]
        )
        return out.getvalue()
    return text_table(headings, table, fmt)
