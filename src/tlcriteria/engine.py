"""Pure scoring: (place, resolved set, kinds, scheme) → rating. No I/O, no globals.

Implements SPEC §5: outcomes, exact percent over applicable criteria, theme
percents, then the scheme decides the grade from the exact figures.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .interfaces import AnswerKind, RatingScheme, Tally
from .model import Answer, Criterion, CriterionResult, Place, Rating, ResolvedSet
from .weburl import contains_web_address, is_web_address

ZERO = Fraction(0)


def visible_length(text: str) -> int:
    """Characters a reader sees: not blanks, nor invisible format marks (zero-width space…)."""
    return sum(1 for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def has_evidence(evidence: str, answer: Answer) -> bool:
    """Whether an answer carries the evidence its criterion asks for (SPEC §4)."""
    if evidence == "justification":
        return visible_length(answer.justification) >= 5
    if evidence == "url":
        return is_web_address(answer.url) or contains_web_address(answer.justification)
    return True


#: Answer values whose credit may be remembered (hashable, compared by value).
_MEMO_TYPES = frozenset({bool, int, str, Decimal})


def outcome_of(
    criterion: Criterion, kind: AnswerKind, place: Place, memo: dict[Any, Any] | None = None
) -> CriterionResult:
    """How one criterion comes out for one place (its answer already validated).

    `memo`, a dict owned by the caller, remembers credits: a kind's credit is a
    function of the criterion and the value, and the same answers recur over
    thousands of places.
    """
    answer = place.answers.get(criterion.id)
    if answer is None:
        return CriterionResult(criterion, "unanswered", ZERO)
    if answer.na:
        return CriterionResult(criterion, "na", ZERO, answer)
    value = answer.value
    key: Any = None
    if memo is not None:
        # The type is part of the key: True == 1 == Decimal(1) for a dict.
        if type(value) in _MEMO_TYPES:
            key = (id(criterion), type(value), value)
        elif type(value) is list and all(type(v) is str for v in value):
            key = (id(criterion), list, tuple(value))
    if key is not None and memo is not None:
        credit = memo.get(key)
        if credit is None:
            credit = memo[key] = kind.credit(criterion.config, value)
    else:
        credit = kind.credit(criterion.config, value)
    if type(credit) is Fraction and type(criterion.pass_) is Fraction:
        # The same comparisons in integers: Fraction's operators are slow on hot paths.
        positive = credit.numerator > 0
        passed = (
            credit.numerator * criterion.pass_.denominator >= criterion.pass_.numerator * credit.denominator
        )
    else:
        positive, passed = credit > 0, credit >= criterion.pass_
    if positive and not has_evidence(criterion.evidence, answer):
        return CriterionResult(criterion, "unsupported", ZERO, answer)
    if passed:
        outcome = "satisfied"
    elif positive:
        outcome = "partial"
    else:
        outcome = "unsatisfied"
    return CriterionResult(criterion, outcome, credit, answer)


def percent_of(results: tuple[CriterionResult, ...] | list[CriterionResult]) -> Fraction | None:
    """100 × Σ(weight × credit) / Σ(weight) over applicable criteria; None if none apply."""
    # Exact, but summed as integers grouped by denominator (few distinct ones) and
    # turned into one Fraction: the same value as adding Fractions one by one.
    sums = _Sums()
    for r in results:
        if r.outcome == "na":
            continue
        weight, credit = r.criterion.weight, r.credit
        if not (isinstance(weight, Fraction | int) and isinstance(credit, Fraction | int)):
            return _percent_of_slow(results)  # type: ignore[unreachable]  # a plugin's number type
        wn, wd = weight.numerator, weight.denominator
        sums.add(None, wn, wd, wn * credit.numerator, wd * credit.denominator)
    return _exact_percent(sums.totals, sums.points) if sums.totals else None


def _exact_percent(totals: dict[int, int], points: dict[int, int]) -> Fraction | None:
    """100 × Σ points / Σ totals, each given as {denominator: sum of numerators}."""
    total_den = math.lcm(*totals)
    total_num = sum(n * (total_den // d) for d, n in totals.items())
    if total_num == 0:
        return None
    points_den = math.lcm(*points)
    points_num = sum(n * (points_den // d) for d, n in points.items())
    return Fraction(100 * points_num * total_den, points_den * total_num)


class _Sums:
    """Σ weight and Σ weight × credit, overall and per theme, kept as integers.

    Each sum is {denominator: sum of numerators}; `percents` makes one exact
    Fraction of each at the end, the same value as adding Fractions one by one.
    """

    __slots__ = ("by_theme", "points", "totals")

    def __init__(self) -> None:
        self.totals: dict[int, int] = {}
        self.points: dict[int, int] = {}
        self.by_theme: dict[str, tuple[dict[int, int], dict[int, int]]] = {}

    def add(self, theme: str | None, wn: int, wd: int, pn: int, pd: int) -> None:
        """Add weight wn/wd and points pn/pd (weight × credit)."""
        totals, points = self.totals, self.points
        totals[wd] = totals.get(wd, 0) + wn
        points[pd] = points.get(pd, 0) + pn
        if theme:
            sums = self.by_theme.get(theme)
            if sums is None:
                sums = self.by_theme[theme] = ({}, {})
            theme_totals, theme_points = sums
            theme_totals[wd] = theme_totals.get(wd, 0) + wn
            theme_points[pd] = theme_points.get(pd, 0) + pn

    def percents(self) -> tuple[Fraction | None, dict[str, Fraction]]:
        percent = _exact_percent(self.totals, self.points) if self.totals else None
        themes: dict[str, Fraction] = {}
        for theme in sorted(self.by_theme):
            theme_percent = _exact_percent(*self.by_theme[theme])
            if theme_percent is not None:
                themes[theme] = theme_percent
        return percent, themes


def _percents(results: tuple[CriterionResult, ...]) -> tuple[Fraction | None, dict[str, Fraction]] | None:
    """`percent_of` and `theme_percents` in one pass over integers (None: not all Fractions).

    Gives exactly the same values: the sums are grouped by denominator and
    made into one Fraction at the end instead of adding Fractions one by one.
    """
    sums = _Sums()
    for r in results:
        if r.outcome == "na":
            continue
        criterion, credit = r.criterion, r.credit
        weight = criterion.weight
        if type(weight) is not Fraction or type(credit) is not Fraction:
            return None
        wn, wd = weight.numerator, weight.denominator
        sums.add(criterion.theme, wn, wd, wn * credit.numerator, wd * credit.denominator)
    return sums.percents()


def _percent_of_slow(results: tuple[CriterionResult, ...] | list[CriterionResult]) -> Fraction | None:
    points = total = ZERO
    for r in results:
        if r.outcome == "na":
            continue
        weight = r.criterion.weight
        total += weight
        points += weight * r.credit
    return None if total == 0 else 100 * points / total


def theme_percents(results: tuple[CriterionResult, ...]) -> dict[str, Fraction]:
    by_theme: dict[str, list[CriterionResult]] = {}
    for r in results:
        if r.criterion.theme:
            by_theme.setdefault(r.criterion.theme, []).append(r)
    themes = {}
    for theme, members in sorted(by_theme.items()):
        percent = percent_of(members)
        if percent is not None:  # a theme whose criteria are all n/a has no percent
            themes[theme] = percent
    return themes


def _rate_fast(
    place: Place, rules: ResolvedSet, kinds: Mapping[str, AnswerKind], memo: dict[Any, Any]
) -> tuple[tuple[CriterionResult, ...], Fraction | None, dict[str, Fraction]] | None:
    """`outcome_of` for each active criterion and `_percents`, fused into one loop.

    The same results and figures, for the usual case where weights, passes and
    credits are Fractions (None otherwise: the caller takes the general path).
    Per criterion (keyed by id: the criteria outlive the memo) and per answer
    value, what does not change from place to place is computed once.
    """
    answers = place.answers
    results: list[CriterionResult] = []
    sums = _Sums()
    for c in rules.criteria:
        if c.status != "active":
            continue
        info = memo.get(id(c))
        if info is None:
            weight, pass_ = c.weight, c.pass_
            if type(weight) is not Fraction or type(pass_) is not Fraction:
                return None
            info = memo[id(c)] = (
                kinds[c.kind],
                weight.numerator,
                weight.denominator,
                pass_.numerator,
                pass_.denominator,
            )
        kind, wn, wd, pass_n, pass_d = info
        answer = answers.get(c.id)
        cn, cd = 0, 1
        if answer is None:
            results.append(CriterionResult(c, "unanswered", ZERO))
        elif answer.na:
            results.append(CriterionResult(c, "na", ZERO, answer))
            continue
        else:
            value = answer.value
            # Keys ordered unlike outcome_of's (which stores bare credits in the same memo).
            key: Any = None
            if type(value) in _MEMO_TYPES:
                key = (type(value), value, id(c))
            elif type(value) is list and all(type(v) is str for v in value):
                key = (list, tuple(value), id(c))
            entry = memo.get(key) if key is not None else None
            if entry is None:
                credit = kind.credit(c.config, value)
                if type(credit) is not Fraction:
                    return None
                n, d = credit.numerator, credit.denominator
                entry = (credit, n, d, n > 0, n * pass_d >= pass_n * d)
                if key is not None:
                    memo[key] = entry
            credit, n, d, positive, passed = entry
            if positive and c.evidence != "none" and not has_evidence(c.evidence, answer):
                results.append(CriterionResult(c, "unsupported", ZERO, answer))
            else:
                outcome = "satisfied" if passed else ("partial" if positive else "unsatisfied")
                results.append(CriterionResult(c, outcome, credit, answer))
                cn, cd = n, d
        sums.add(c.theme, wn, wd, wn * cn, wd * cd)
    percent, themes = sums.percents()
    return tuple(results), percent, themes


def rate(
    place: Place,
    rules: ResolvedSet,
    kinds: Mapping[str, AnswerKind],
    scheme: RatingScheme,
    memo: dict[Any, Any] | None = None,
) -> Rating:
    """Rate one place against one resolved set.

    `memo`: a dict kept by the caller across places of the same catalogue
    (see `outcome_of`); the result is the same with or without it.
    """
    fast = _rate_fast(place, rules, kinds, memo) if memo is not None else None
    if fast is not None:
        results, percent, themes = fast
    else:
        results = tuple(
            outcome_of(c, kinds[c.kind], place, memo) for c in rules.criteria if c.status == "active"
        )
        figures = _percents(results)
        if figures is None:
            percent = percent_of(results)
            themes = theme_percents(results)
        else:
            percent, themes = figures
    grade = scheme.grade(rules, Tally(results, percent, themes)) if percent is not None else None
    return Rating(place, rules, percent, grade, results, themes)
