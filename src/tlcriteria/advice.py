"""What would raise a grade: the least that reaches the next grade. Pure.

Each active criterion not answered n/a has a ladder of answers: for every credit
it can earn above the current one, the smallest answer earning it that keeps
what the answer gives already (`AnswerKind.least_value_from`), with the evidence that answer asks for.
Credits are the engine's: an unmet answer a set accepts (`accept_unmet`) earns the criterion's pass. The
advice is the smallest set of criteria, each at the lowest step, that reaches
the next grade: sets of one criterion are tried first, then two, …; within a
size, the one adding the least credit in all wins. A criterion without which
every other at its best falls short is in every set tried (more credit never
rates lower), which leaves one set when a grade takes every criterion. This search is exact while
it stays within `EXACT_BUDGET` ratings; beyond that a greedy pass (must/should
criteria first when grades require them, then weight × credit gain) finds a
sufficient set, drops every change not needed and lowers each to the lowest
step still enough. Every proposal is verified with the real scheme through
`engine.rate`.

The grades come from the scheme (`RatingScheme.grade_order`); a scheme that
advises its own way (`RatingScheme.advise`, e.g. `profile`: the weakest letter
one letter up) is asked first.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

import attrs

from .answer_shown import shown_change
from .engine import evidence_asked, outcome_of, rate, strictest_evidence
from .interfaces import Advice, AdviceChange, AnswerKind, RatingScheme
from .mistakes import ADVICE, YES_NO, credit_of, held, known_grades, value_problem
from .model import Answer, Criterion, CriterionResult, Place, Rating, ResolvedSet, TomlValue

__all__ = [
    "Advice",
    "Change",
    "best_value",
    "candidates",
    "grade_rank",
    "next_grade",
    "steps_of",
    "with_changes",
]

EXACT_BUDGET = 5000
#: At most this many steps are asked of a kind for one criterion (a scale from 0 to 20 has 20).
MAX_STEPS = 50
#: Just above a credit: the next step is the smallest answer earning more.
TINY = Fraction(1, 10**12)
BELOW_BEST = ("unanswered", "unsatisfied", "partial", "unsupported")


#: Kept under their first names for callers of this module.
Change = AdviceChange


def best_value(criterion: Criterion, kind: AnswerKind) -> TomlValue | None:
    """A valid answer with the highest credit, as simple as possible (None if unknown)."""
    return held(kind.best_value, criterion.id)(criterion.config)


def proposal(
    criterion: Criterion, kind: AnswerKind, value: TomlValue | None = None, current: TomlValue | None = None
) -> Change | None:
    """The criterion at `value` (by default its best answer), with the evidence that answer asks for.

    None for an invalid value or one of no credit. `current`: the answer's value now (shown
    as what changes from it).
    """
    value = best_value(criterion, kind) if value is None else value
    if value is None or value_problem(kind, criterion, value) is not None:
        return None
    if credit_of(kind, criterion, value) <= 0:
        return None
    return _change(criterion, kind, value, current=current)


def _change(
    criterion: Criterion,
    kind: AnswerKind,
    value: TomlValue,
    justified: bool = False,
    current: TomlValue | None = None,
) -> Change:
    """A valid `value` with the evidence it asks for when it earns credit (SPEC §4); `justified`:
    with a justification all the same (a set may accept an unmet answer that carries one).
    Shown as the change from `current`, the valid answer's value now (None: none)."""
    needs: str = "none"
    if credit_of(kind, criterion, value) > 0:
        needs = strictest_evidence(evidence_asked(criterion, kind, Answer(value=value)))
    if justified and needs == "none":
        needs = "justification"
    justification = "justification fournie" if needs == "justification" else ""
    url = "https://example.org/preuve" if needs == "url" else ""
    answer = Answer(value=value, justification=justification, url=url)
    if current is not None and value_problem(kind, criterion, current) is not None:
        current = None
    return Change(criterion, answer, shown_change(kind, criterion.config, current, value), needs)


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
        current = result.answer.value if result.answer is not None and not result.answer.na else None
        change = proposal(result.criterion, kinds[result.criterion.kind], current=current)
        if change is None:
            continue
        gain = credit_of(kinds[result.criterion.kind], result.criterion, change.answer.value)
        if gain > result.credit or result.outcome in ("unsupported", "partial"):
            found.append(change)
    return found


def steps_of(result: CriterionResult, kind: AnswerKind) -> list[tuple[Change, Fraction]]:
    """The answers that raise one criterion, smallest first, with the credit the engine gives them.

    One per credit the criterion can reach above its current one: the smallest
    answer reaching it (`AnswerKind.least_value_from`, from the least answer of
    all), with the evidence it asks for. The credit is the engine's, not the
    kind's alone: a set may accept an unmet answer (`accept_unmet`, at the
    criterion's pass; with a justification when it says so), and then the least
    answer is all an unanswered criterion needs.
    """
    criterion = result.criterion
    steps: list[tuple[Change, Fraction]] = []
    floor = Fraction(result.credit)
    current = result.answer.value if result.answer is not None and not result.answer.na else None
    # The kind's credit the next answer must reach: never below the current answer's (advice
    # adds to what is true: a "met" lacking its proof is not advised to become "unmet").
    asked = Fraction(0)
    if current is not None and value_problem(kind, criterion, current) is None:
        asked = credit_of(kind, criterion, current)
    for _step in range(MAX_STEPS):
        value = held(kind.least_value_from, criterion.id)(criterion.config, current, asked)
        if value is None or value_problem(kind, criterion, value) is not None:
            if asked == 0:  # a kind that names no answer of no credit: from the least credit up
                asked = TINY
                continue
            break
        credit = credit_of(kind, criterion, value)
        if credit < asked:
            break  # a kind whose least_value does not climb: stop rather than loop
        for justified in (False, True):
            change = _change(criterion, kind, value, justified, current)
            given = _credit_given(criterion, kind, change.answer)
            if given > floor:
                steps.append((change, given))
                floor = given
                break
            if change.needs_evidence != "none":
                break  # the evidence it asks for already makes a justification
        asked = credit + TINY
    if not steps and result.outcome in ("unsupported", "partial"):
        best = proposal(criterion, kind, current=current)  # the same credit, now with its evidence
        if best is not None:
            steps.append((best, _credit_given(criterion, kind, best.answer)))
    return steps


def _credit_given(criterion: Criterion, kind: AnswerKind, answer: Answer) -> Fraction:
    """The credit the engine gives `answer`: the kind's, its evidence and the set's rules applied."""
    alone = Place("", "", "", "existing", (), {criterion.id: answer})
    return outcome_of(criterion, kind, alone).credit


def next_grade(
    place: Place, rules: ResolvedSet, kinds: Mapping[str, AnswerKind], scheme: RatingScheme
) -> Advice:
    """The advice for one place and one set."""
    memo: dict[object, object] = {}  # each proposal is rated again: the credits met are kept
    rating = rate(place, rules, kinds, scheme, memo)
    own = held(scheme.advise, rules.id, ADVICE)(rating, kinds)
    if own is not None:
        if own.target is None and not own.at_best and held(scheme.is_best, rules.id, YES_NO)(rating, kinds):
            return attrs.evolve(own, at_best=True)  # nothing to aim at: the scheme's best grade
        return own
    order = list(known_grades(scheme, rules))
    rank = grade_rank(order, rating.grade)
    at_best = held(scheme.is_best, rules.id, YES_NO)(rating, kinds)
    if at_best or rank == 0 or not order:
        return Advice(rating.grade, None, at_best=at_best)
    target = order[rank - 1]
    pool: list[tuple[CriterionResult, list[tuple[Change, Fraction]]]] = []
    for result in rating.results:
        if result.outcome != "na":  # a satisfied answer may still earn more (3 → 4 on a scale)
            steps = steps_of(result, kinds[result.criterion.kind])
            if steps:
                pool.append((result, steps))

    def reaches(changes: Sequence[Change]) -> bool:
        new = rate(with_changes(place, changes), rules, kinds, scheme, memo)
        return grade_rank(order, new.grade) < rank

    found = _exact(pool, reaches)
    if found is None:
        found = _greedy(pool, reaches, kinds)
    if not found:
        return Advice(rating.grade, target, (), reachable=False)
    # The changes found may go past the grade above (C to A at once): say the grade they reach.
    reached = rate(with_changes(place, found), rules, kinds, scheme, memo).grade
    return Advice(rating.grade, reached if reached in order else target, tuple(found))


def _exact(
    pool: Sequence[tuple[CriterionResult, list[tuple[Change, Fraction]]]],
    reaches: Callable[[Sequence[Change]], bool],
) -> list[Change] | None:
    """The fewest criteria, each at the lowest step, then the least credit added; None past the budget.

    An empty list when no set of changes reaches the grade. More credit never rates
    lower, so a criterion without which every other at its best falls short is in
    every answer: the search only tries the sets holding all of those (when a grade
    takes every criterion, as the OpenSSF badge's 100 %, that is one set).
    """
    at_best = [steps[-1][0] for _result, steps in pool]
    if not reaches(at_best):
        return []  # not even everything at its best
    needed = [i for i in range(len(pool)) if not reaches(at_best[:i] + at_best[i + 1 :])]
    others = [i for i in range(len(pool)) if i not in needed]
    evaluations = 1 + len(pool)
    for size in range(max(len(needed), 1), len(pool) + 1):
        # Every combination of a size is tried before any is chosen: when they alone would pass
        # the budget, the search would end there with nothing, after thousands of ratings.
        if evaluations + math.comb(len(others), size - len(needed)) > EXACT_BUDGET:
            return None
        best: tuple[Fraction, list[Change]] | None = None
        for more in itertools.combinations(others, size - len(needed)):
            combo = [pool[i] for i in sorted((*needed, *more))]  # in the criteria's order
            evaluations += 1
            if not reaches([steps[-1][0] for _result, steps in combo]):
                continue  # not even at their best
            if evaluations + math.prod(len(steps) for _result, steps in combo) > EXACT_BUDGET:
                return None
            assignments = list(itertools.product(*(steps for _result, steps in combo)))

            def added(
                assignment: Sequence[tuple[Change, Fraction]],
                combo: Sequence[tuple[CriterionResult, list[tuple[Change, Fraction]]]] = combo,
            ) -> Fraction:
                return sum(
                    (
                        credit - result.credit
                        for (result, _s), (_c, credit) in zip(combo, assignment, strict=True)
                    ),
                    Fraction(0),
                )

            for assignment in sorted(assignments, key=added):
                gain = added(assignment)
                if best is not None and gain >= best[0]:
                    break
                evaluations += 1
                changes = [change for change, _credit in assignment]
                if reaches(changes):
                    best = (gain, changes)
                    break
        if best is not None:
            return best[1]
    return []


def _greedy(
    pool: Sequence[tuple[CriterionResult, list[tuple[Change, Fraction]]]],
    reaches: Callable[[Sequence[Change]], bool],
    kinds: Mapping[str, AnswerKind],
) -> list[Change]:
    """Too many combinations: must/should first when grades require them, then weight × credit gain."""

    def priority(item: tuple[CriterionResult, list[tuple[Change, Fraction]]]) -> tuple[int, Fraction]:
        result, steps = item
        level = {"must": 0, "should": 1}.get(result.criterion.level, 2)
        return (level, -result.criterion.weight * (steps[-1][1] - result.credit))

    chosen: list[tuple[CriterionResult, list[tuple[Change, Fraction]]]] = []
    for item in sorted(pool, key=priority):
        chosen.append(item)
        if reaches([steps[-1][0] for _r, steps in chosen]):
            break
    else:
        return []
    for item in list(chosen):  # drop what is not needed
        rest = [c for c in chosen if c is not item]
        if rest and reaches([steps[-1][0] for _r, steps in rest]):
            chosen = rest
    changes = [steps[-1][0] for _r, steps in chosen]
    for index, (_result, steps) in enumerate(chosen):  # each lowered to the lowest step still enough
        for change, _credit in steps[:-1]:
            trial = [*changes[:index], change, *changes[index + 1 :]]
            if reaches(trial):
                changes = trial
                break
    return changes
