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
    if credit > 0 and not has_evidence(criterion.evidence, answer):
        return CriterionResult(criterion, "unsupported", ZERO, answer)
    if credit >= criterion.pass_:
        outcome = "satisfied"
    elif credit > 0:
        outcome = "partial"
    else:
        outcome = "unsatisfied"
    return CriterionResult(criterion, outcome, credit, answer)


def percent_of(results: tuple[CriterionResult, ...] | list[CriterionResult]) -> Fraction | None:
    """100 × Σ(weight × credit) / Σ(weight) over applicable criteria; None if none apply."""
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
