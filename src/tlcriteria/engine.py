"""Pure scoring: (place, resolved set, kinds, scheme) → rating. No I/O, no globals.

Implements SPEC §5: outcomes, exact percent over applicable criteria, theme
percents, then the scheme decides the grade from the exact figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from .interfaces import AnswerKind, RatingScheme, Tally
from .fields import WEB_ADDRESS
from .model import Answer, Criterion, CriterionResult, Place, Rating, ResolvedSet

ZERO = Fraction(0)


def has_evidence(evidence: str, answer: Answer) -> bool:
    """Whether an answer carries the evidence its criterion asks for (SPEC §4)."""
    if evidence == "justification":
        return len("".join(answer.justification.split())) >= 5
    if evidence == "url":
        return bool(WEB_ADDRESS.search(answer.url) or WEB_ADDRESS.search(answer.justification))
    return True


def outcome_of(criterion: Criterion, kind: AnswerKind, place: Place) -> CriterionResult:
    """How one criterion comes out for one place (its answer already validated)."""
    answer = place.answers.get(criterion.id)
    if answer is None:
        return CriterionResult(criterion, "unanswered", ZERO)
    if answer.na:
        return CriterionResult(criterion, "na", ZERO, answer)
    credit = kind.credit(criterion.config, answer.value)
    if type(credit) is Fraction and type(criterion.pass_) is Fraction:
        # The same comparisons in integers: Fraction's operators are slow on hot paths.
        positive = credit.numerator > 0
        passed = credit.numerator * criterion.pass_.denominator >= criterion.pass_.numerator * credit.denominator
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
    # turned into Fractions once: the same value as adding Fractions one by one.
    points: dict[int, int] = {}
    totals: dict[int, int] = {}
    for r in results:
        if r.outcome == "na":
            continue
        weight, credit = r.criterion.weight, r.credit
        if not (isinstance(weight, Fraction | int) and isinstance(credit, Fraction | int)):
            return _percent_of_slow(results)
        wd = weight.denominator
        totals[wd] = totals.get(wd, 0) + weight.numerator
        pd = wd * credit.denominator
        points[pd] = points.get(pd, 0) + weight.numerator * credit.numerator
    if not totals:
        return None
    total = sum((Fraction(n, d) for d, n in totals.items()), ZERO)
    if total == 0:
        return None
    return 100 * sum((Fraction(n, d) for d, n in points.items()), ZERO) / total


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


def rate(
    place: Place,
    rules: ResolvedSet,
    kinds: Mapping[str, AnswerKind],
    scheme: RatingScheme,
) -> Rating:
    """Rate one place against one resolved set."""
    results = tuple(outcome_of(c, kinds[c.kind], place) for c in rules.criteria if c.status == "active")
    percent = percent_of(results)
    themes = theme_percents(results)
    grade = scheme.grade(rules, Tally(results, percent, themes)) if percent is not None else None
    return Rating(place, rules, percent, grade, results, themes)
