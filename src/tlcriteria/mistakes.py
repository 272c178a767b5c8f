"""A plugin's mistakes met while rating, as `errors.PluginMistake`: what was wrong, in one line.

A kind's credit out of [0, 1] would publish « 150 % », a grade a scheme does not have would
be published as it came, a method that raised would end in a traceback: the command stops
instead, naming the plugin (the command line finds it from the kind's or scheme's name).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from fractions import Fraction

from .errors import PluginMistake, describe_exception
from .fields import Reporter
from .i18n import _
from .interfaces import AnswerKind, RatingScheme
from .model import OUTCOMES, Answer, Criterion, CriterionResult, Outcome, ResolvedSet


def _written(value: object) -> str:
    """An answer's value as a person would write it in a message: text quoted, numbers as they are."""
    return repr(value) if isinstance(value, str) else str(value)


def credit_of(kind: AnswerKind, criterion: Criterion, value: object) -> Fraction:
    """`kind.credit` of a valid answer, held to the contract: a Fraction from 0 to 1.

    An int or a Decimal is the same exact number, as a Fraction. Anything else (a float, a
    bool, text, a number out of range) or a credit that raises is the kind's mistake: it
    would publish a wrong figure, so `PluginMistake` stops the command. Called once per
    criterion and distinct value when the caller remembers credits (the engine does).
    """
    try:
        credit = kind.credit(criterion.config, value)
    except Exception as exc:  # a plugin kind's bug: named, not a traceback
        raise credit_raised(kind, criterion, value, exc) from exc
    if type(credit) is Fraction and 0 <= credit.numerator <= credit.denominator:
        return credit
    return held_credit(kind, criterion, value, credit)


def held_credit(kind: AnswerKind, criterion: Criterion, value: object, credit: object) -> Fraction:
    """A credit that is not a Fraction from 0 to 1: the same number as a Fraction when it is an
    exact one in range (an int, a Decimal), else the kind's `PluginMistake`."""
    exact = credit
    if type(credit) is int or (type(credit) is Decimal and credit.is_finite()):
        exact = Fraction(credit)
    if type(exact) is Fraction and 0 <= exact.numerator <= exact.denominator:
        return exact
    raise PluginMistake(
        "answer kind",
        kind.name,
        _(
            "answer kind {kind!r} gave the credit {credit!r} to the answer {value} of criterion {id!r} "
            "(a credit is a Fraction from 0 to 1)"
        ).format(kind=kind.name, credit=credit, value=_written(value), id=criterion.id),
    )


def credit_raised(kind: AnswerKind, criterion: Criterion, value: object, exc: Exception) -> PluginMistake:
    """The mistake of a kind whose `credit` raised."""
    return PluginMistake(
        "answer kind",
        kind.name,
        _("answer kind {kind!r}: credit raised {error}, for the answer {value} of criterion {id!r}").format(
            kind=kind.name, error=describe_exception(exc), value=_written(value), id=criterion.id
        ),
    )


def decide_raised(kind: AnswerKind, criterion: Criterion, exc: Exception) -> PluginMistake:
    """The mistake of a kind whose `decide` raised."""
    return PluginMistake(
        "answer kind",
        kind.name,
        _("answer kind {kind!r}: decide raised {error}, for criterion {id!r}").format(
            kind=kind.name, error=describe_exception(exc), id=criterion.id
        ),
    )


def held_decision(
    kind: AnswerKind, criterion: Criterion, answer: Answer, decided: object
) -> tuple[Outcome, Fraction]:
    """What `decide` returned (not None), held to the contract: one of `model.OUTCOMES` with a
    credit from 0 to 1."""
    if not (isinstance(decided, tuple) and len(decided) == 2 and decided[0] in OUTCOMES):
        raise PluginMistake(
            "answer kind",
            kind.name,
            _(
                "answer kind {kind!r} decided {decided!r} for criterion {id!r} "
                "(return None, or (outcome, credit) with an outcome among {outcomes})"
            ).format(kind=kind.name, decided=decided, id=criterion.id, outcomes=", ".join(OUTCOMES)),
        )
    outcome, credit = decided
    return outcome, held_credit(kind, criterion, answer.value, credit)


def grade_raised(scheme: RatingScheme, rules: ResolvedSet, method: str, exc: Exception) -> PluginMistake:
    """The mistake of a scheme whose `grade` (or `shown_percent`, `grade_order`) raised."""
    return PluginMistake(
        "rating scheme",
        scheme.name,
        _("rating scheme {name!r}: {method} raised {error}, for set {set!r}").format(
            name=scheme.name, error=describe_exception(exc), method=method, set=rules.id
        ),
    )


def wrong_grade(
    scheme: RatingScheme, rules: ResolvedSet, grade: object, grades: Collection[str]
) -> PluginMistake:
    """The mistake of a scheme whose grade is not a text, or not one of its `grade_order`."""
    if isinstance(grade, str):
        message = _(
            "rating scheme {name!r} gave the grade {grade!r} in set {set!r}, not one of its grades ({grades})"
        )
    else:
        message = _(
            "rating scheme {name!r} gave the grade {grade!r} in set {set!r} (a grade is a text, or None)"
        )
    return PluginMistake(
        "rating scheme",
        scheme.name,
        message.format(name=scheme.name, grade=grade, set=rules.id, grades=", ".join(grades)),
    )


def held_results(scheme: RatingScheme, rules: ResolvedSet, results: object) -> tuple[CriterionResult, ...]:
    """A scheme's `shown_results` as a tuple of results; anything else is the scheme's mistake."""
    if isinstance(results, tuple | list):
        wrong = [r for r in results if type(r) is not CriterionResult]
        if not wrong:
            return tuple(results)
        return_type = f"{type(results).__name__}[{type(wrong[0]).__name__}]"
    else:
        return_type = type(results).__name__
    raise PluginMistake(
        "rating scheme",
        scheme.name,
        _(
            "rating scheme {name!r}: shown_results returned {type} for set {set!r} "
            "(return a tuple of CriterionResult, e.g. tally.results)"
        ).format(name=scheme.name, type=return_type, set=rules.id),
    )


def known_grades(scheme: RatingScheme, rules: ResolvedSet) -> tuple[str, ...]:
    """The grades a scheme gives in a set (its `grade_order`); empty when it has no order (any text)."""
    try:
        return tuple(scheme.grade_order(rules))
    except Exception as exc:  # a plugin scheme's bug: named, not a traceback
        raise grade_raised(scheme, rules, "grade_order", exc) from exc


def config_of(kind: AnswerKind, values: Mapping[str, object], report: Reporter, criterion: object) -> object:
    """`kind.parse_config`, whose raising is the kind's mistake (`criterion`: the id it was read for)."""
    try:
        return kind.parse_config(values, report)
    except Exception as exc:  # a plugin kind's bug: named, not a traceback
        raise PluginMistake(
            "answer kind",
            kind.name,
            _("answer kind {kind!r}: parse_config raised {error}, for criterion {id!r}").format(
                kind=kind.name, error=describe_exception(exc), id=criterion
            ),
        ) from exc


def check_raised(kind: AnswerKind, criterion: Criterion, value: object, exc: Exception) -> PluginMistake:
    """The mistake of a kind whose `check_value` raised."""
    return PluginMistake(
        "answer kind",
        kind.name,
        _(
            "answer kind {kind!r}: check_value raised {error}, for the answer {value} of criterion {id!r}"
        ).format(kind=kind.name, error=describe_exception(exc), value=_written(value), id=criterion.id),
    )


def held_problem(kind: AnswerKind, criterion: Criterion, value: object, problem: object) -> tuple[str, str]:
    """What `check_value` found wrong (not None), held to the contract: a (message, hint) pair of texts."""
    if isinstance(problem, tuple) and len(problem) == 2 and all(isinstance(p, str) for p in problem):
        return problem
    raise PluginMistake(
        "answer kind",
        kind.name,
        _(
            "answer kind {kind!r}: check_value gave {problem!r} for the answer {value} of criterion {id!r} "
            "(return None, or a (message, hint) pair)"
        ).format(kind=kind.name, problem=problem, value=_written(value), id=criterion.id),
    )
