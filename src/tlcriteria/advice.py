"""What would raise a grade: the smallest set of answer changes reaching the next grade. Pure.

For a `thresholds` set, candidates are the active criteria whose answer is
below its best (unanswered, unsatisfied, partial, unsupported); each is moved
to its best answer (with the evidence the criterion asks for). Sets of one
change are tried first, then two, … exactly while the number of combinations
stays small (`EXACT_BUDGET` ratings); beyond that a greedy pass (largest
weight × credit gain first, must/should criteria first when a grade requires
them) finds a sufficient set, then drops every change that is not needed.
Every proposal is verified with the real scheme through `engine.rate`.

For a `profile` set (one letter per criterion) the advice names the letter to
raise: the criterion with the weakest letter, and the option one letter up.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from .engine import evidence_asked, rate, strictest_evidence
from .interfaces import AnswerKind, RatingScheme
from .model import Answer, Criterion, Place, Rating, ResolvedSet

EXACT_BUDGET = 5000
BELOW_BEST = ("unanswered", "unsatisfied", "partial", "unsupported")


@attrs.frozen
class Change:
    criterion: Criterion
    answer: Answer  # the proposed answer
    shown: str  # the proposed value as a person reads it
    needs_evidence: str = "none"  # "justification" / "url" when it must come with one


@attrs.frozen
class Advice:
    current: str | None
    target: str | None  # the next grade (thresholds) or the next profile (profile)
    changes: tuple[Change, ...] = ()
    reachable: bool = True


def best_value(criterion: Criterion, kind: AnswerKind) -> Any:
    """A valid answer with the highest credit, as simple as possible (None if unknown)."""
    config = criterion.config
    if criterion.kind == "yes-no":
        return True
    if criterion.kind == "scale":
        return config.max
    if criterion.kind == "number":
        best = max(credit for _, credit in config.thresholds)
        at_least = next(a for a, credit in config.thresholds if credit == best)
        return int(at_least) if at_least.denominator == 1 else float(at_least)
    options = kind.options(config)
    if criterion.kind == "choice" and options:
        return max(options, key=lambda o: o.credit).id
    if criterion.kind == "multi" and options:
        chosen: list[str] = []
        total = Fraction(0)
        for option in sorted(options, key=lambda o: -o.credit):
            if total >= 1 or option.credit == 0:
                break
            chosen.append(option.id)
            total += option.credit
        return [o.id for o in options if o.id in chosen]
    return None


def proposal(criterion: Criterion, kind: AnswerKind) -> Change | None:
    """The criterion at its best answer, with the evidence it asks for."""
    value = best_value(criterion, kind)
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


def grade_rank(rules: ResolvedSet, grade: str | None) -> int:
    """0 for the best grade; larger is worse; unrated is worst."""
    names = [g.grade for g in rules.grades]
    return names.index(grade) if grade in names else len(names)


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
    if rules.scheme == "profile":
        return next_profile(rating, kinds)
    rank = grade_rank(rules, rating.grade)
    if rank == 0 or not rules.grades:
        return Advice(rating.grade, None)
    target = rules.grades[rank - 1].grade
    pool = candidates(rating, kinds)

    def reaches(changes: Sequence[Change]) -> bool:
        new = rate(with_changes(place, changes), rules, kinds, scheme)
        return grade_rank(rules, new.grade) < rank

    evaluations = 0
    for size in range(1, len(pool) + 1):
        count = _combinations(len(pool), size)
        if evaluations + count > EXACT_BUDGET:
            break
        for combo in itertools.combinations(pool, size):
            evaluations += 1
            if reaches(combo):
                return Advice(rating.grade, target, tuple(combo))
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
    return Advice(rating.grade, target, tuple(chosen))


def _combinations(n: int, k: int) -> int:
    from math import comb

    return comb(n, k)


def next_profile(rating: Rating, kinds: Mapping[str, AnswerKind]) -> Advice:
    """Raise the weakest letter by one: which criterion, which option.

    An unanswered criterion (or one lacking its evidence) counts as the weakest:
    answering it is proposed first, with its best option.
    """
    worst = "~"  # sorts after every letter
    best: tuple[str, Change] | None = None
    for result in rating.results:
        criterion = result.criterion
        options = [o for o in kinds[criterion.kind].options(criterion.config) if o.grade]
        if not options or result.outcome == "na":
            continue
        current = next(
            (o for o in options if result.answer is not None and o.id == result.answer.value), None
        )
        if current is None or result.outcome == "unsupported":
            letter = worst
            option = current or min(options, key=lambda o: o.grade or worst)
        else:
            letter = current.grade or worst
            better = sorted(
                (o for o in options if (o.grade or worst) < letter), key=lambda o: o.grade or worst
            )
            if not better:
                continue
            option = better[-1]  # one letter up
        change = Change(criterion, Answer(value=option.id), option.label, criterion.evidence)
        if best is None or letter > best[0]:
            best = (letter, change)
    if best is None:
        return Advice(rating.grade, None)
    change = best[1]
    target = "".join(_letter_after(r, change) for r in rating.results)
    return Advice(rating.grade, target, (change,))


def _letter_after(result: Any, change: Change) -> str:
    from .schemes.profile import NO_LETTER, letter

    if result.criterion.id != change.criterion.id:
        return letter(result)
    for option in result.criterion.config:
        if option.id == change.answer.value:
            return option.grade or NO_LETTER
    return NO_LETTER
