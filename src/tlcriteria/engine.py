"""Pure scoring: (place, resolved set, kinds, scheme) → rating. No I/O, no globals.

Implements SPEC §5: outcomes, exact percent over applicable criteria, theme
percents, then the scheme decides the grade from the exact figures; and the
rating models of SPEC §9: the set's n/a rule, evidence that depends on the
answer, unsatisfied answers accepted, requirements between sets.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Hashable
from decimal import Decimal
from fractions import Fraction

import attrs

from .interfaces import AnswerKind, Kinds, RatingScheme, Tally
from .mistakes import (
    RESULTS,
    SHOWN_PERCENT,
    TEXTS,
    credit_of,
    credit_raised,
    decide_raised,
    grade_raised,
    held,
    held_credit,
    held_decision,
    known_grades,
    method_raised,
    method_returned,
    wrong_grade,
)
from .model import (
    Answer,
    Criterion,
    CriterionResult,
    Evidence,
    Outcome,
    Place,
    Rating,
    ResolvedSet,
    ScopedRating,
)
from .weburl import contains_web_address, is_web_address

ZERO = Fraction(0)
ONE = Fraction(1)


#: Characters beyond ASCII: the only ones that may be format marks (category Cf).
_BEYOND_ASCII = re.compile("[^\x00-\x7f]")


def visible_length(text: str) -> int:
    """Characters a reader sees: not blanks, nor invisible format marks (zero-width space…)."""
    # Blanks as str.split sees them (str.isspace's own test), then the format marks, looked
    # for among the non-ASCII characters only: the count of a test of every character, in C.
    shown = sum(map(len, text.split()))
    if not text.isascii():
        shown -= sum(
            1 for ch in _BEYOND_ASCII.findall(text) if not ch.isspace() and unicodedata.category(ch) == "Cf"
        )
    return shown


def has_evidence(evidence: Evidence, answer: Answer) -> bool:
    """Whether an answer carries the evidence its criterion asks for (SPEC §4)."""
    if evidence == "justification":
        return visible_length(answer.justification) >= 5
    if evidence == "url":
        return is_web_address(answer.url) or contains_web_address(answer.justification)
    return True


def evidence_asked(criterion: Criterion, kind: AnswerKind, answer: Answer) -> tuple[Evidence, ...]:
    """The evidence a valid answer must carry (SPEC §4, §9): none, or one or two of justification, url.

    An n/a answer: the criterion's `na_evidence`. A value: the evidence of each
    option it picks (`option_evidence`), else the criterion's `evidence`.
    """
    if answer.na:
        needed = {criterion.na_evidence}
    elif criterion.option_evidence:
        try:  # inline rather than through `held`: called for each such answer of each place
            chosen = kind.chosen_options(criterion.config, answer.value)
        except Exception as exc:  # a plugin kind's bug: named, not a traceback
            raise method_raised(kind.chosen_options, criterion.id, exc) from exc
        if not TEXTS.accepts(chosen):
            raise method_returned(kind.chosen_options, criterion.id, chosen, TEXTS.contract)
        needed = {criterion.option_evidence.get(o, criterion.evidence) for o in chosen} or {
            criterion.evidence
        }
    else:
        needed = {criterion.evidence}
    return tuple(sorted(needed - {"none"}))


def strictest_evidence(asked: tuple[Evidence, ...]) -> Evidence:
    """One evidence to ask a person for: a URL also makes a justification (SPEC §4)."""
    return "url" if "url" in asked else (asked[0] if asked else "none")


def evidence_given(criterion: Criterion, kind: AnswerKind, answer: Answer) -> bool:
    """Whether an answer carries the evidence asked for the option(s) it picks, or the criterion's."""
    if not criterion.option_evidence:
        return has_evidence(criterion.evidence, answer)
    return all(has_evidence(e, answer) for e in evidence_asked(criterion, kind, answer))


def accepted(criterion: Criterion, answer: Answer) -> bool:
    """Whether an unsatisfied or partial answer counts as satisfied (`accept_unmet`)."""
    if criterion.accept_unmet == "always":
        return True
    return criterion.accept_unmet == "justified" and has_evidence("justification", answer)


#: Answer values whose credit may be remembered (compared by value; a list of strings as well).
_MEMO_TYPES = frozenset({bool, int, str, Decimal})

#: What `_rate_fast` keeps of a credit: it, the outcome it gives when the evidence is
#: there, whether it is positive, and the points it adds (weight × credit) as a numerator
#: and the (theme, denominator) they are summed under.
_CreditInfo = tuple[Fraction, Outcome, bool, int, tuple[str | None, int]]
#: What `_rate_fast` keeps of each active criterion of a set: it, its kind, its weight as
#: a numerator and the (theme, denominator) it is summed under, its pass as integers, its
#: result when unanswered (the same for every place), and the credits of the answer values
#: met so far, by type then value (two lookups rather than a key tuple made for every
#: answer: fewer objects for the garbage collector to count).
_CriterionInfo = tuple[
    Criterion,
    AnswerKind,
    int,
    tuple[str | None, int],
    int,
    int,
    CriterionResult,
    dict[type, dict[Hashable, _CreditInfo]],
]


@attrs.define
class Memo:
    """What scoring remembers across the places of one catalogue.

    A kind's credit is a function of the criterion and the value, and the same
    answers recur over thousands of places. Criteria and sets are keys
    themselves: they are frozen and hashable (their hash is computed once). The
    caller keeps a plain dict (`rate(..., memo={})`); the engine keeps its
    tables in it.
    """

    #: Credits by criterion, type and value (`outcome_of`).
    credits: dict[tuple[Criterion, type, Hashable], Fraction] = attrs.field(factory=dict)
    #: What `_rate_fast` needs of each set's active criteria; None: the set takes the general path.
    sets: dict[ResolvedSet, tuple[_CriterionInfo, ...] | None] = attrs.field(factory=dict)
    #: `_rate_fast`'s credits of each criterion, by type then value: shared by the sets that
    #: rate it (a set and those extending it).
    fast_credits: dict[Criterion, dict[type, dict[Hashable, _CreditInfo]]] = attrs.field(factory=dict)
    #: The grades each set's scheme gives (`grade_order`), which a rating's grade is held to.
    grades: dict[ResolvedSet, tuple[str, ...]] = attrs.field(factory=dict)

    @staticmethod
    def kept_in(memo: dict[object, object] | None) -> Memo | None:
        """The tables a caller's memo dict holds (made on first use); None without a memo."""
        if memo is None:
            return None
        tables = memo.get(Memo)
        if not isinstance(tables, Memo):
            tables = memo[Memo] = Memo()
        return tables


def _value_key(value: object) -> tuple[type, Hashable] | None:
    """The type and value an answer's credit is remembered under; None: not remembered.

    The type is part of the key: True == 1 == Decimal(1) for a dict.
    """
    kind = type(value)
    if kind in _MEMO_TYPES:
        return kind, value
    if isinstance(value, list) and all(type(v) is str for v in value):  # a FrozenList, read-only
        return list, tuple(value)
    return None


def outcome_of(
    criterion: Criterion, kind: AnswerKind, place: Place, memo: dict[object, object] | Memo | None = None
) -> CriterionResult:
    """How one criterion comes out for one place (its answer already validated).

    `memo`, a dict owned by the caller, remembers credits (see `Memo`).
    """
    tables = memo if isinstance(memo, Memo) else Memo.kept_in(memo)
    answer = place.answers.get(criterion.id)
    if answer is None:
        return CriterionResult(criterion, "unanswered", ZERO)
    try:
        decided = kind.decide(criterion, answer)
    except Exception as exc:  # a plugin kind's bug: named, not a traceback
        raise decide_raised(kind, criterion, exc) from exc
    if decided is not None:
        return CriterionResult(criterion, *held_decision(kind, criterion, answer, decided), answer)
    if answer.na:
        if not has_evidence(criterion.na_evidence, answer):
            return CriterionResult(criterion, "unsupported", ZERO, answer)
        return CriterionResult(criterion, "na", ZERO, answer)
    value = answer.value
    typed = _value_key(value) if tables is not None else None
    if typed is not None and tables is not None:
        key = (criterion, *typed)
        credit = tables.credits.get(key)
        if credit is None:
            credit = tables.credits[key] = credit_of(kind, criterion, value)
    else:
        credit = credit_of(kind, criterion, value)
    if type(credit) is Fraction and type(criterion.pass_) is Fraction:
        # The same comparisons in integers: Fraction's operators are slow on hot paths.
        positive = credit.numerator > 0
        passed = (
            credit.numerator * criterion.pass_.denominator >= criterion.pass_.numerator * credit.denominator
        )
    else:
        positive, passed = credit > 0, credit >= criterion.pass_
    if positive and not evidence_given(criterion, kind, answer):
        return CriterionResult(criterion, "unsupported", ZERO, answer)
    outcome: Outcome
    if passed:
        outcome = "satisfied"
    elif accepted(criterion, answer):
        return CriterionResult(criterion, "satisfied", max(credit, criterion.pass_), answer)
    elif positive:
        outcome = "partial"
    else:
        outcome = "unsatisfied"
    return CriterionResult(criterion, outcome, credit, answer)


def percent_of(
    results: tuple[CriterionResult, ...] | list[CriterionResult], count_na: bool = False
) -> Fraction | None:
    """100 × Σ(weight × credit) / Σ(weight) over applicable criteria; None if none apply.

    `count_na` (a set's `na = "met"`): n/a answers count as satisfied, in both sums.
    """
    # Exact, but summed as integers grouped by denominator (few distinct ones) and
    # turned into one Fraction: the same value as adding Fractions one by one.
    sums = _Sums()
    for r in results:
        if r.outcome == "na" and not count_na:
            continue
        weight, credit = r.criterion.weight, (ONE if r.outcome == "na" else r.credit)
        if not (isinstance(weight, Fraction | int) and isinstance(credit, Fraction | int)):
            return _percent_of_slow(results, count_na)  # type: ignore[unreachable]  # a plugin's number type
        wn, wd = weight.numerator, weight.denominator
        sums.add(None, wn, wd, wn * credit.numerator, wd * credit.denominator)
    return sums.percents()[0]


def _exact_percent(totals: dict[int, int], points: dict[int, int]) -> Fraction | None:
    """100 × Σ points / Σ totals, each given as {denominator: sum of numerators}."""
    # Plain loops: a generator costs more than the few terms it would add (six calls a rating).
    total_den = math.lcm(*totals)
    total_num = 0
    for d, n in totals.items():
        total_num += n * (total_den // d)
    if total_num == 0:
        return None
    points_den = math.lcm(*points)
    points_num = 0
    for d, n in points.items():
        points_num += n * (points_den // d)
    return Fraction(100 * points_num * total_den, points_den * total_num)


class _Sums:
    """Σ weight and Σ weight × credit, per theme, kept as integers.

    Each sum is {(theme, denominator): sum of numerators} (theme None for a criterion
    without one): one dictionary update per criterion for each sum, the overall sums
    being those of every theme together. `percents` makes one exact Fraction of each
    at the end, the same value as adding Fractions one by one.
    """

    __slots__ = ("points", "totals")

    def __init__(self) -> None:
        self.totals: dict[tuple[str | None, int], int] = {}
        self.points: dict[tuple[str | None, int], int] = {}

    def add(self, theme: str | None, wn: int, wd: int, pn: int, pd: int) -> None:
        """Add weight wn/wd and points pn/pd (weight × credit)."""
        totals, points = self.totals, self.points
        totals[theme, wd] = totals.get((theme, wd), 0) + wn
        points[theme, pd] = points.get((theme, pd), 0) + pn

    def percents(self) -> tuple[Fraction | None, dict[str, Fraction]]:
        overall: tuple[dict[int, int], dict[int, int]] = ({}, {})
        by_theme: dict[str, tuple[dict[int, int], dict[int, int]]] = {}
        for index, sums in enumerate((self.totals, self.points)):
            for (theme, den), num in sums.items():
                whole = overall[index]
                whole[den] = whole.get(den, 0) + num
                if theme:
                    own = by_theme.get(theme)
                    if own is None:
                        own = by_theme[theme] = ({}, {})
                    own[index][den] = own[index].get(den, 0) + num
        percent = _exact_percent(*overall) if overall[0] else None
        themes: dict[str, Fraction] = {}
        for theme in sorted(by_theme):
            totals, points = by_theme[theme]
            theme_percent = _exact_percent(totals, points) if totals else None
            if theme_percent is not None:
                themes[theme] = theme_percent
        return percent, themes


def _percents(
    results: tuple[CriterionResult, ...], count_na: bool = False
) -> tuple[Fraction | None, dict[str, Fraction]] | None:
    """`percent_of` and `theme_percents` in one pass over integers (None: not all Fractions).

    Gives exactly the same values: the sums are grouped by denominator and
    made into one Fraction at the end instead of adding Fractions one by one.
    """
    sums = _Sums()
    for r in results:
        if r.outcome == "na" and not count_na:
            continue
        criterion, credit = r.criterion, (ONE if r.outcome == "na" else r.credit)
        weight = criterion.weight
        if type(weight) is not Fraction or type(credit) is not Fraction:
            return None
        wn, wd = weight.numerator, weight.denominator
        sums.add(criterion.theme, wn, wd, wn * credit.numerator, wd * credit.denominator)
    return sums.percents()


def _percent_of_slow(
    results: tuple[CriterionResult, ...] | list[CriterionResult], count_na: bool = False
) -> Fraction | None:
    points = total = ZERO
    for r in results:
        if r.outcome == "na" and not count_na:
            continue
        weight = r.criterion.weight
        total += weight
        points += weight * (ONE if r.outcome == "na" else r.credit)
    return None if total == 0 else 100 * points / total


def theme_percents(results: tuple[CriterionResult, ...], count_na: bool = False) -> dict[str, Fraction]:
    by_theme: dict[str, list[CriterionResult]] = {}
    for r in results:
        if r.criterion.theme:
            by_theme.setdefault(r.criterion.theme, []).append(r)
    themes = {}
    for theme, members in sorted(by_theme.items()):
        percent = percent_of(members, count_na)
        if percent is not None:  # a theme whose criteria are all n/a has no percent
            themes[theme] = percent
    return themes


def _uses_models(c: Criterion, kind: AnswerKind) -> bool:
    """Whether a criterion uses a rating model of SPEC §9 or a kind that decides outcomes itself.

    The general path (`outcome_of`) handles those.
    """
    if type(kind).decide is not AnswerKind.decide:
        return True
    return bool(c.option_evidence) or c.na_evidence != "none" or c.accept_unmet != "never"


def _fast_criteria(rules: ResolvedSet, kinds: Kinds, memo: Memo) -> tuple[_CriterionInfo, ...] | None:
    """What `_rate_fast` needs of the set's active criteria; None when one needs the general path."""
    infos: list[_CriterionInfo] = []
    for c in rules.criteria:
        if c.status != "active":
            continue
        weight, pass_, kind = c.weight, c.pass_, kinds[c.kind]
        if type(weight) is not Fraction or type(pass_) is not Fraction or _uses_models(c, kind):
            return None
        credits = memo.fast_credits.get(c)
        if credits is None:
            credits = memo.fast_credits[c] = {t: {} for t in (*_MEMO_TYPES, list)}
        unanswered = CriterionResult(c, "unanswered", ZERO)
        weight_key = (c.theme, weight.denominator)
        infos.append(
            (c, kind, weight.numerator, weight_key, pass_.numerator, pass_.denominator, unanswered, credits)
        )
    return tuple(infos)


def _rate_fast(
    place: Place, rules: ResolvedSet, kinds: Kinds, memo: Memo
) -> tuple[tuple[CriterionResult, ...], Fraction | None, dict[str, Fraction]] | None:
    """`outcome_of` for each active criterion and `_percents`, fused into one loop.

    The same results and figures, for the usual case where weights, passes and
    credits are Fractions (None otherwise: the caller takes the general path).
    Per set, criterion and answer value, what does not change from place to
    place is computed once.
    """
    if rules.set.na != "exclude":
        return None
    if rules in memo.sets:
        infos = memo.sets[rules]
    else:
        infos = memo.sets[rules] = _fast_criteria(rules, kinds, memo)
    if infos is None:
        return None
    answers = place.answers
    results: list[CriterionResult] = []
    sums = _Sums()
    totals, points = sums.totals, sums.points
    for c, kind, wn, weight_key, pass_n, pass_d, unanswered, credits in infos:
        answer = answers.get(c.id)
        if answer is None:
            results.append(unanswered)
        elif answer.na:
            results.append(CriterionResult(c, "na", ZERO, answer))
            continue
        else:
            value: object = answer.value
            key: Hashable = value  # when its type is one of _MEMO_TYPES, whose values are hashable
            by_value = credits.get(type(value))
            if by_value is None and isinstance(value, list) and all(type(v) is str for v in value):
                by_value, key = credits[list], tuple(value)
            entry = by_value.get(key) if by_value is not None else None
            if entry is None:
                # `credit_of`, inlined: numbers met once each may be many (a number kind's).
                try:
                    credit = kind.credit(c.config, value)
                except Exception as exc:  # a plugin kind's bug: named, not a traceback
                    raise credit_raised(kind, c, value, exc) from exc
                if type(credit) is not Fraction:
                    credit = held_credit(kind, c, value, credit)
                n, d = credit.numerator, credit.denominator
                if n < 0 or n > d:
                    held_credit(kind, c, value, credit)  # out of [0, 1]: raises
                positive = n > 0
                reached: Outcome = (
                    "satisfied" if n * pass_d >= pass_n * d else ("partial" if positive else "unsatisfied")
                )
                entry = (credit, reached, positive, wn * n, (c.theme, weight_key[1] * d))
                if by_value is not None:
                    by_value[key] = entry
            credit, outcome, positive, gained, points_key = entry
            if positive and c.evidence != "none" and not has_evidence(c.evidence, answer):
                results.append(CriterionResult(c, "unsupported", ZERO, answer))
            else:
                results.append(CriterionResult(c, outcome, credit, answer))
                points[points_key] = points.get(points_key, 0) + gained
        totals[weight_key] = totals.get(weight_key, 0) + wn
    percent, themes = sums.percents()
    return tuple(results), percent, themes


def reaches(rating: Rating, grade: str, scheme: RatingScheme | None = None) -> bool:
    """Whether a rating reaches `grade` of its set, or better ("" is the set's top grade).

    Grades are ordered by the set's scheme (`grade_order`; without it, as the set
    lists them), best first; a grade out of the order (a profile's letters) is
    reached only by itself.
    """
    names = known_grades(scheme, rating.rules)
    wanted = grade or (names[0] if names else "")
    got = rating.grade
    if got is None or not wanted:
        return False
    if got in names and wanted in names:
        return names.index(got) <= names.index(wanted)
    return got == wanted


def rate(
    place: Place,
    rules: ResolvedSet,
    kinds: Kinds,
    scheme: RatingScheme,
    memo: dict[object, object] | None = None,
    *,
    rated: dict[str, Rating] | None = None,
) -> Rating:
    """Rate one place against one resolved set.

    `memo`: a dict kept by the caller across places of the same catalogue
    (see `Memo`); the result is the same with or without it.
    The sets this one references (`requires`, a ladder's rungs) are rated too,
    each once: `rated` holds those of this place already rated in this call
    (a ladder's gold requires silver, which requires passing, its other rungs).
    """
    others: dict[str, Rating] = {}
    if rules.references:
        rated = {} if rated is None else rated
        for set_id, other in rules.references.items():
            found = rated.get(set_id)
            if found is None or found.rules is not other:
                found = rated[set_id] = rate(
                    place, other, kinds, rules.reference_schemes[set_id], memo, rated=rated
                )
            others[set_id] = found
    unmet = tuple(
        f"{r.set_id}: {r.grade}"
        for r in rules.set.requires
        if r.set_id in others and not reaches(others[r.set_id], r.grade, rules.reference_schemes[r.set_id])
    )
    count_na = rules.set.na == "met"
    tables = Memo.kept_in(memo)
    fast = _rate_fast(place, rules, kinds, tables) if tables is not None else None
    if fast is not None:
        results, percent, themes = fast
    else:
        results = tuple(
            outcome_of(c, kinds[c.kind], place, tables) for c in rules.criteria if c.status == "active"
        )
        if count_na:  # n/a counts as satisfied: its credit says so in the record too
            results = tuple(
                CriterionResult(r.criterion, "na", ONE, r.answer) if r.outcome == "na" else r for r in results
            )
        figures = _percents(results, count_na)
        if figures is None:
            percent = percent_of(results, count_na)
            themes = theme_percents(results, count_na)
        else:
            percent, themes = figures
    grade = None
    tally: Tally | None = None
    if percent is not None or not scheme.needs_percent:
        tally = Tally(results, percent, themes, others, unmet, kinds)
        try:
            grade = scheme.grade(rules, tally)
        except Exception as exc:  # a plugin scheme's bug: named, not a traceback
            raise grade_raised(scheme, rules, "grade", exc) from exc
    if grade is not None:  # a grade the scheme does not give would be published as it came
        grades = tables.grades.get(rules) if tables is not None else None
        if grades is None:
            grades = known_grades(scheme, rules)
            if tables is not None:
                tables.grades[rules] = grades
        if type(grade) is not str or (grades and grade not in grades):
            raise wrong_grade(scheme, rules, grade, grades)
    required: tuple[CriterionResult, ...] | None = None
    if tally is not None and others:  # only the sets it references could give it other results
        results = tuple(held(scheme.shown_results, rules.id, RESULTS)(rules, tally, grade))
        kept = held(scheme.required_results, rules.id, RESULTS)(rules, tally, grade, results)
        required = None if kept is results else tuple(kept)
    try:
        shown = scheme.shown_percent(rules, percent)
    except Exception as exc:  # a plugin scheme's bug: named, not a traceback
        raise grade_raised(scheme, rules, "shown_percent", exc) from exc
    # « 73 % » is shown from it; a Fraction, the usual figure, is told by the first test alone.
    if type(shown) is not Fraction and shown is not None and type(shown) is not int:
        raise method_returned(scheme.shown_percent, rules.id, shown, SHOWN_PERCENT.contract)
    if required is not None:
        return ScopedRating(
            place,
            rules,
            percent,
            grade,
            results,
            themes,
            shown_percent=shown,
            unmet_requirements=unmet,
            required_results=required,
        )
    return Rating(
        place, rules, percent, grade, results, themes, shown_percent=shown, unmet_requirements=unmet
    )
