"""The JSON rating record of SPEC §6, and the display rounding it uses.

Grades are decided on exact fractions; rounding happens here, for display only.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from .model import CriterionResult, Rating, Trust

_ROUNDED: dict[tuple[int, int, int], float] = {}


def round_down(value: Fraction, places: int) -> float:
    """Round down to `places` decimals (81.25 → 81.2, 39.96 → 39.9), exactly, then to float.

    Shown figures never overstate a place (SPEC §6, v2): a place shown at 40.0
    meets a 40 % threshold. Grades are decided on the exact value, never on this.
    """
    # Credits and percents take few distinct values over many places: remember them
    # (keyed by integers, cheaper to hash than the Fraction itself).
    if not isinstance(value, Fraction | int):
        return _round_down(value, places)  # type: ignore[unreachable]
    key = (value.numerator, value.denominator, places)
    found = _ROUNDED.get(key)
    if found is None:
        if len(_ROUNDED) > 100_000:
            _ROUNDED.clear()
        found = _ROUNDED[key] = _round_down(value, places)
    return found


def _round_down(value: Fraction, places: int) -> float:
    scale = 10**places
    return float(Fraction(math.floor(Fraction(value) * scale), scale))


def show_number(value: Fraction) -> int | float:
    """A weight as written: whole numbers stay integers."""
    return value.numerator if value.denominator == 1 else float(value)


def percent_or_none(value: Fraction | None) -> float | None:
    return None if value is None else round_down(value, 1)


def shown_percent(rating: Rating) -> int | float | None:
    """The figure the scheme shows beside the grade (SPEC §9): a whole number stays an integer."""
    shown = rating.shown_percent
    if isinstance(shown, int):  # the scheme shows a whole number
        return shown
    if shown is None or shown == rating.percent:
        return percent_or_none(rating.percent)
    return percent_or_none(shown)


def rating_record(rating: Rating, criteria: object = None) -> dict[str, Any]:
    """The JSON record of one rating (SPEC §6).

    `criteria`, when given, stands for the list of `criterion_entry` of the
    results: a JSON writer may pass it already written out (formats/json_format).
    """
    place, rules = rating.place, rating.rules
    record = {
        "place": place.id,
        "name": place.name,
        "town": place.town,
        "stage": place.stage,
        "set": rules.id,
        "set_version": rules.version,
        "set_digest": rules.digest,
        "scheme": rules.scheme,
        "percent": percent_or_none(rating.percent),
        "shown_percent": shown_percent(rating),
        "grade": rating.grade,
        "must_failed": list(rating.must_failed),
        "unanswered": list(rating.unanswered),
        "themes": {theme: round_down(p, 1) for theme, p in rating.themes.items()},
        "criteria": [criterion_entry(r) for r in rating.results] if criteria is None else criteria,
    }
    if rating.trust is not None:
        record.update(trust_entries(rating.trust))
    return record


def trust_entries(trust: Trust) -> dict[str, Any]:
    """SPEC §10-§11: `assessed` and `stale` always; `signature`, `verification` when checked."""
    entries: dict[str, Any] = {"assessed": trust.assessed, "stale": trust.stale}
    if trust.signature is not None:
        entries["signature"] = trust.signature
    if trust.verification is not None:
        v = trust.verification
        entries["verification"] = {"overall": v.overall, "peers": v.peers, "criteria": dict(v.criteria)}
    return entries


def criterion_entry(r: CriterionResult) -> dict[str, Any]:
    """One element of a record's `criteria` list."""
    return {
        "id": r.criterion.id,
        "outcome": r.outcome,
        "credit": round_down(r.credit, 3),
        "weight": show_number(r.criterion.weight),
        "level": r.criterion.level,
    }
