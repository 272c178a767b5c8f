"""What would raise a grade: the smallest set of answer changes reaching the next grade. Pure.

Candidates are the active criteria whose answer is
below its best (unanswered, unsatisfied, partial, unsupported); each is moved
to its best answer (with the evidence the criterion asks for), and once a
set of changes is found each is lowered to the smallest answer that still
satisfies its criterion and reaches the grade (`AnswerKind.least_value`). Sets of one
change are tried first, then two, … exactly while the number of combinations
stays small (`EXACT_BUDGET` ratings); beyond that a greedy pass (largest
weight × credit gain first, must/should criteria first when a grade requires
them) finds a sufficient set, then drops every change that is not needed.
Every proposal is verified with the real scheme through `engine.rate`.

The grades come from the scheme (`RatingScheme.grade_order`); a scheme that
advises its own way (`RatingScheme.advise`, e.g. `profile`: the weakest letter
one letter up) is asked first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from .engine import evidence_asked, rate, strictest_evidence
from .interfaces import Advice, AdviceChange, AnswerKind, RatingScheme
from .model import Answer, Criterion, Place, Rating, ResolvedSet

__all__ = [
    "Advice",
    "Change",
    "best_value",
    "candidates",
    "grade_rank",
    "modest",
    "next_grade",
    "with_changes",
]

EXACT_BUDGET = 5000
BELOW_BEST = ("unanswered", "unsatisfied", "partial", "unsupported")


#: Kept under their first names for callers of this module.
Change = AdviceChange


def best_value(criterion: Criterion, kind: AnswerKind) -> Any:
    """A valid answer with the highest credit, as simple as possible (None if unknown)."""
    return kind.best_value(criterion.config)


def proposal(criterion: Criterion, kind: AnswerKind, value: Any = None) -> Change | None:
    """The criterion at `value` (by default its best answer), with the evidence that answer asks for."""
    value = best_value(criterion, kind) if value is None else value
    if value is None or kind.check_value(criterion.config, value) is not None:
        return None
    if kind.credit(criterion.config, value) <= 0:
        return None
    needs = strictest_evidence(evidence_asked(criterion, kind, Answer(value=value)))
    justification = "justification fournie" if needs == "justification" else ""
    url = "https://example.org/preuve" if needs == "url" else ""
    answer = Answer(value=value, justification=justification, url=url)
    return Change(criterion, answer, kind.show_value(criterion.config, value), needs)


def with_changes(place: Place, changes: Sequence[Change]) -> Place:
    answers = dict(place.answers)
    for change in changes:
        answers[change.criterion.id] = change.answer
    return attrs.evolve(place, answers=answers)


def grade_rank(order: Sequence[str], grade: str | None) -> int:
    """0 for the best grade; larger is worse; unrated (or a grade out of the order) is worst."""
    return order.index(grade) if grade in order else len(order)


def candidates(rating: Rating, kinds: Mapping[str, AnswerKind]) -> list[Change]:
    found = []
    for result in rating.results:
        if result.outcome not in BELOW_BEST:
            continue
        change = proposal(result.criterion, kinds[result.criterion.kind])
        if change is None:
            continue
        gain = kinds[result.criterion.kind].credit(result.criterion.config, change.answer.value)
        if gain > result.credit or result.outcome in ("unsupported", "partial"):
            found.append(change)
    return found


def next_grade(
    place: Place, rules: ResolvedSet, kinds: Mapping[str, AnswerKind], scheme: RatingScheme
) -> Advice:
    """The advice for one place and one set."""
    rating = rate(place, rules, kinds, scheme)
    own = scheme.advise(rating, kinds)
    if own is not None:
        return own
    order = list(scheme.grade_order(rules))
    rank = grade_rank(order, rating.grade)
    if rank == 0 or not order:
        return Advice(rating.grade, None, at_best=bool(order))
    target = order[rank - 1]
    pool = candidates(rating, kinds)

    def reaches(changes: Sequence[Change]) -> bool:
        new = rate(with_changes(place, changes), rules, kinds, scheme)
        return grade_rank(order, new.grade) < rank

    evaluations = 0
    for size in range(1, len(pool) + 1):
        count = _combinations(len(pool), size)
        if evaluations + count > EXACT_BUDGET:
            break
        for combo in itertools.combinations(pool, size):
            evaluations += 1
            if reaches(combo):
                return Advice(rating.grade, target, modest(combo, reaches, kinds))
    else:
        return Advice(rating.grade, target, (), reachable=False)

    # Greedy: must/should first when grades require them, then weight × credit gain.
    def priority(change: Change) -> tuple[int, Fraction]:
        result = next(r for r in rating.results if r.criterion.id == change.criterion.id)
        gain = (
            kinds[change.criterion.kind].credit(change.criterion.config, change.answer.value) - result.credit
        )
        level = {"must": 0, "should": 1}.get(change.criterion.level, 2)
        return (level, -change.criterion.weight * gain)

    chosen: list[Change] = []
    for change in sorted(pool, key=priority):
        chosen.append(change)
        if reaches(chosen):
            break
    else:
        return Advice(rating.grade, target, (), reachable=False)
    for change in list(chosen):  # drop what is not needed
        rest = [c for c in chosen if c is not change]
        if rest and reaches(rest):
            chosen = rest
    return Advice(rating.grade, target, modest(chosen, reaches, kinds))


def modest(
    changes: Sequence[Change], reaches: Callable[[Sequence[Change]], bool], kinds: Mapping[str, AnswerKind]
) -> tuple[Change, ...]:
    """Each change lowered to the smallest answer that satisfies its criterion, where the grade is still reached.

    "5 activités" rather than "8" when 5 meets the criterion's `pass` and is enough
    for the grade (`AnswerKind.least_value`).
    """
    chosen = list(changes)
    for index, change in enumerate(chosen):
        criterion = change.criterion
        kind = kinds[criterion.kind]
        value = kind.least_value(criterion.config, criterion.pass_)
        lower = (
            proposal(criterion, kind, value) if value is not None and value != change.answer.value else None
        )
        if lower is None:
            continue
        trial = [*chosen[:index], lower, *chosen[index + 1 :]]
        if reaches(trial):
            chosen = trial
    return tuple(chosen)


def _combinations(n: int, k: int) -> int:
    from math import comb

    return comb(n, k)
