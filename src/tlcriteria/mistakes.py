"""A plugin's mistakes, as `errors.PluginMistake`: what was wrong, in one line.

A kind's credit out of [0, 1] would publish « 150 % », a grade a scheme does not have would
be published as it came, a method that raised would end in a traceback: the command stops
instead, naming the plugin (the command line finds it from the kind's or scheme's name).
The rating's methods are checked inline, at no cost when they keep the contract; the others
(display, advice, lint, diff, the questionnaire) are called through `held`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import ParamSpec, TypeVar

from .errors import PluginMistake, describe_exception
from .fields import Reporter
from .i18n import N_, _
from .interfaces import (
    FREE_TEXT,
    PICK_ONE,
    PICK_SEVERAL,
    Advice,
    AnswerKind,
    InvalidInput,
    RatingScheme,
    SettingChange,
)
from .model import OUTCOMES, Answer, Criterion, CriterionResult, Option, Outcome, Requirement, ResolvedSet

P = ParamSpec("P")
T = TypeVar("T")


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
    return method_raised(getattr(scheme, method), rules.id, exc)


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


def known_grades(scheme: RatingScheme | None, rules: ResolvedSet) -> tuple[str, ...]:
    """The grades a scheme gives in a set, best first (its `grade_order`; empty when it has no
    order: any text); without the scheme (not installed), the set's `[[grades]]`."""
    if scheme is None:
        return tuple(g.grade for g in rules.grades)
    return tuple(held(scheme.grade_order, rules.id, TEXTS)(rules))


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


def value_problem(kind: AnswerKind, criterion: Criterion, value: object) -> tuple[str, str] | None:
    """`kind.check_value` of one value, held to the contract as the loader holds it."""
    try:
        problem = kind.check_value(criterion.config, value)
    except Exception as exc:  # a plugin kind's bug: named, not a traceback
        raise check_raised(kind, criterion, value, exc) from exc
    return None if problem is None else held_problem(kind, criterion, value, problem)


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


# --------------------------------------------------------------------------- display and advice


class Returns:
    """What a method must return: `accepts` tells, `contract` (a msgid) says it in the message.

    A plain class: made once at import, where an attrs class would cost every command."""

    __slots__ = ("accepts", "contract")

    def __init__(self, accepts: Callable[[object], bool], contract: str) -> None:
        self.accepts = accepts
        self.contract = contract


def _sequence_of(kind: type | tuple[type, ...]) -> Callable[[object], bool]:
    return lambda got: (
        isinstance(got, Sequence) and not isinstance(got, str) and all(isinstance(g, kind) for g in got)
    )


def _is_credit(got: object) -> bool:
    """An exact number from 0 to 1, as `held_credit` takes a credit."""
    if type(got) is Decimal:
        return got.is_finite() and 0 <= got <= 1
    return type(got) in (int, Fraction) and 0 <= got <= 1  # type: ignore[operator]


TEXT = Returns(lambda got: isinstance(got, str), N_("return a text"))
TEXT_OR_NONE = Returns(lambda got: got is None or isinstance(got, str), N_("return a text, or None"))
TEXTS = Returns(_sequence_of(str), N_("return a sequence of texts"))
OPTIONS = Returns(_sequence_of(Option), N_("return a sequence of Option"))
OPTION_OR_NONE = Returns(lambda got: got is None or isinstance(got, Option), N_("return an Option, or None"))
PICKS = Returns(
    lambda got: got in (PICK_ONE, PICK_SEVERAL, FREE_TEXT), N_("return 'one', 'several' or 'text'")
)
MAPPING = Returns(lambda got: isinstance(got, Mapping), N_("return a mapping"))
CHANGES = Returns(_sequence_of(SettingChange), N_("return a sequence of SettingChange"))
CREDIT = Returns(_is_credit, N_("return a Fraction from 0 to 1"))
YES_NO = Returns(lambda got: isinstance(got, bool), N_("return True or False"))
LOWER = Returns(lambda got: got is None or isinstance(got, bool), N_("return True, False or None"))
ADVICE = Returns(lambda got: got is None or isinstance(got, Advice), N_("return an Advice, or None"))
REQUIREMENTS = Returns(_sequence_of(Requirement), N_("return a sequence of Requirement"))
RESULTS = Returns(
    _sequence_of(CriterionResult), N_("return a sequence of CriterionResult, e.g. tally.results")
)
SHOWN_PERCENT = Returns(
    lambda got: got is None or type(got) in (int, Fraction), N_("return a Fraction, an int, or None")
)


def _owner(method: Callable[..., object]) -> AnswerKind | RatingScheme:
    owner = getattr(method, "__self__", None)
    assert isinstance(owner, AnswerKind | RatingScheme), method
    return owner


def method_raised(method: Callable[..., object], where: str, exc: Exception) -> PluginMistake:
    """The mistake of a kind's method that raised for criterion `where`, or a scheme's for set `where`."""
    owner, name, error = _owner(method), getattr(method, "__name__", "?"), describe_exception(exc)
    if isinstance(owner, RatingScheme):
        message = _("rating scheme {name!r}: {method} raised {error}, for set {set!r}")
        return PluginMistake(
            "rating scheme", owner.name, message.format(name=owner.name, method=name, error=error, set=where)
        )
    message = _("answer kind {kind!r}: {method} raised {error}, for criterion {id!r}")
    return PluginMistake(
        "answer kind", owner.name, message.format(kind=owner.name, method=name, error=error, id=where)
    )


def method_returned(method: Callable[..., object], where: str, got: object, contract: str) -> PluginMistake:
    """The mistake of a kind's or scheme's method that returned what its contract does not allow."""
    import reprlib  # only once a plugin is wrong

    owner, name = _owner(method), getattr(method, "__name__", "?")
    if isinstance(owner, RatingScheme):
        message = _("rating scheme {name!r}: {method} returned {got} for set {id!r} ({contract})")
        category = "rating scheme"
    else:
        message = _("answer kind {name!r}: {method} returned {got} for criterion {id!r} ({contract})")
        category = "answer kind"
    shown = reprlib.repr(got)  # a long list cut short (« [1, 2, 3, 4, 5, 6, ...] »): the line stays one line
    return PluginMistake(
        category,
        owner.name,
        message.format(name=owner.name, method=name, got=shown, id=where, contract=_(contract)),
    )


def held(
    method: Callable[P, T], where: str, returns: Returns | None = None, refusal: bool = False
) -> Callable[P, T]:
    """A kind's or scheme's bound `method` as the display and advice code calls it: raising, or
    returning what `returns` does not accept, is the plugin's `PluginMistake` (`where`: the
    criterion's id for a kind, the set's for a scheme). With `refusal`, `InvalidInput` goes
    through: it is how `parse_typed` and `value_of_options` refuse what a person typed."""

    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            got = method(*args, **kwargs)
        except PluginMistake:
            raise
        except Exception as exc:  # a plugin's bug: named, not a traceback
            if refusal and isinstance(exc, InvalidInput):
                raise
            raise method_raised(method, where, exc) from exc
        if returns is not None and not returns.accepts(got):
            raise method_returned(method, where, got, returns.contract)
        return got

    return call
