"""What a plugin provides: answer kinds, rating schemes and output formats.

Built-ins subclass these exactly as third-party plugins do. Each object has a
`name` under which the registry knows it; two plugins giving the same name is
an error naming both.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, Protocol, cast

import attrs

from .documents import TomlError, loads
from .fields import Field, Reporter
from .i18n import _, localized
from .model import (
    Answer,
    Criterion,
    CriterionResult,
    Option,
    Outcome,
    Place,
    Rating,
    Requirement,
    ResolvedSet,
    TomlValue,
)
from .shown import written

if TYPE_CHECKING:
    # Defaults (PEP 696) are for type checkers only: a bare `AnswerKind` (the core's
    # registry, a plugin's hook) means "any kind", whatever its configuration and value.
    from typing_extensions import TypeVar

    ConfigT = TypeVar("ConfigT", default=Any)
    ValueT = TypeVar("ValueT", default=Any)
else:
    from typing import TypeVar

    ConfigT = TypeVar("ConfigT")
    ValueT = TypeVar("ValueT")


class InvalidInput(Exception):
    """A typed answer the kind refuses: what is wrong, and how to type it instead."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


#: How a kind's answer is given at a terminal (`AnswerKind.picks`).
Picks = Literal["one", "several", "text"]
PICK_ONE: Picks = "one"
PICK_SEVERAL: Picks = "several"
FREE_TEXT: Picks = "text"

#: What a change of a criterion's settings can do to grades (`tlcriteria diff`).
Effect = Literal["stricter", "looser", "either", "text"]
STRICTER: Effect = "stricter"
LOOSER: Effect = "looser"
EITHER: Effect = "either"
TEXT: Effect = "text"


@attrs.frozen
class SettingChange:
    """One change between two configurations of a kind, as `tlcriteria diff` lists it."""

    change: str  # the setting's name ("thresholds", "credit"…), or "added"/"removed" for an option
    old: object = None
    new: object = None
    effect: Effect = EITHER
    option: str = ""  # the option's id when the change is about one option


def changed_settings(
    old: object, new: object, names: Sequence[str], text: Sequence[str]
) -> list[SettingChange]:
    """The settings among `names` whose value differs from OLD to NEW configuration, in that order;
    those in `text` only change words shown (TEXT), the others may go either way (EITHER)."""
    return [
        SettingChange(name, getattr(old, name), getattr(new, name), TEXT if name in text else EITHER)
        for name in names
        if getattr(old, name) != getattr(new, name)
    ]


def config_settings(config: object) -> dict[str, object] | None:
    """A configuration's settings by name: the attributes of an attrs class or a dataclass, the
    fields of a named tuple, the keys of a mapping; None for a configuration of one value."""
    cls = type(config)
    if attrs.has(cls):
        return {f.name: getattr(config, f.name) for f in attrs.fields(cls)}
    if isinstance(config, tuple) and hasattr(config, "_fields"):
        return dict(zip(config._fields, config, strict=True))
    if isinstance(config, Mapping) and all(isinstance(k, str) for k in config):
        return dict(config)
    import dataclasses  # rare: not worth importing for every command

    if dataclasses.is_dataclass(config) and not isinstance(config, type):
        return {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    return None


def settings_changes(old: object, new: object, fields: Sequence[Field] = ()) -> list[SettingChange]:
    """Each setting that differs from OLD to NEW configuration, by name, with both values (EITHER).

    The settings are those `config_settings` finds; a configuration of one value is named
    after the kind's only field (`fields`, e.g. `target`), or "settings" when it has several.
    """
    if old == new:
        return []
    before, after = config_settings(old), config_settings(new)
    if before is None or after is None:
        return [SettingChange(fields[0].name if len(fields) == 1 else "settings", old, new, EITHER)]
    names = [*before, *(name for name in after if name not in before)]
    return [
        SettingChange(name, before.get(name), after.get(name), EITHER)
        for name in names
        if before.get(name) != after.get(name)
    ]


def typed_literal(text: str) -> TomlValue:
    """What typed text means as a TOML value (50, 12,5, true, "x", [..]); the text itself otherwise."""
    written = re.sub(r"^(-?\d+),(\d+)$", r"\1.\2", text.strip())  # French decimal comma
    try:
        value: TomlValue = loads(f"v = {written}")["v"]
        return value
    except TomlError:
        return text


class AnswerKind(ABC, Generic[ConfigT, ValueT]):
    """How one kind of answer is written, typed, checked, shown and turned into a credit.

    Only `name`, `check_value` and `credit` are required; every other method
    has a default that works for any kind, which a kind overrides to do better
    (the built-ins override most of them).

    The type parameters say what a kind works on: `ConfigT`, the configuration
    `parse_config` builds from a criterion's keys (kept on `Criterion.config`;
    immutable: an `attrs.frozen` class, a tuple, a number…), and `ValueT`, the
    value of an answer `check_value` accepts (e.g. `AnswerKind[ScaleConfig, int]`).
    A kind without them (`class MyKind(AnswerKind)`) works on anything.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: Keys this kind adds to a `[[criteria]]` table (validated by the loader).
    fields: ClassVar[tuple[Field, ...]] = ()
    #: JSON Schema of an answer's value, used by `tlcriteria schema`.
    value_schema: ClassVar[Mapping[str, Any]] = {}
    #: Extra JSON Schema of some of this kind's keys, by key name (e.g. the items of a list),
    #: merged into what `fields` gives (`tlcriteria schema`).
    field_schemas: ClassVar[Mapping[str, Any]] = {}

    def parse_config(self, values: Mapping[str, Any], report: Reporter) -> ConfigT | None:
        """Build this kind's configuration from a criterion's validated keys."""
        return None

    @abstractmethod
    def check_value(self, config: ConfigT, value: object) -> tuple[str, str] | None:
        """Why `value` is not a valid answer, as (message, hint); None when valid."""
        ...

    @abstractmethod
    def credit(self, config: ConfigT, value: ValueT) -> Fraction:
        """The credit of a valid answer, between 0 and 1 inclusive."""
        ...

    def options(self, config: ConfigT) -> tuple[Option, ...]:
        """The options a person picks from, for kinds that have any."""
        return ()

    def option_of(self, config: ConfigT, value: ValueT) -> Option | None:
        """The one option a valid answer picks, for kinds whose answer is a single option."""
        return None

    def untranslated(self, config: ConfigT) -> tuple[str, ...]:
        """This kind's keys of a criterion that show text to people but have no English text,
        as the criteria file names what is missing (`unit_en`, `labels_en`); `check criteria`
        warns about them when the criterion's set gives English texts elsewhere (the English
        site, `assess` and `advise` would show them in the network's language).

        The default: each option without `label_en`."""
        return tuple(
            _("label_en of option {id!r}").format(id=o.id)
            for o in self.options(config)
            if o.label and not o.texts.get("label_en")
        )

    # ------------------------------------------------------------------ people

    def show_value(self, config: ConfigT, value: ValueT) -> str:
        """A valid answer as a person reads it, in the current language (labels rather than ids).

        The default shows an option's label (`label_en` in English) for an answer that is the
        id of one of `options(config)`, the labels joined for a list of ids, the value as
        written otherwise: a kind with options shows them as the built-in `choice` does."""
        options = self.options(config)
        if options:
            labels = {o.id: localized(o.texts, "label", o.label) for o in options}
            if isinstance(value, str) and value in labels:
                return labels[value]
            if isinstance(value, list) and value and all(isinstance(v, str) and v in labels for v in value):
                return ", ".join(labels[v] for v in value)
        return str(value)

    def show_change(self, config: ConfigT, current: ValueT | None, value: ValueT) -> str:
        """What advice asks to give `value` where the answer is `current` (None: no valid answer),
        as a person reads it, in the current language. The default shows `value` whole
        (`show_value`); a kind whose answer keeps what `current` holds (a multi-choice keeps the
        options ticked: `least_value_from`) says only what to add."""
        return self.show_value(config, value)

    def current_value(self, config: ConfigT, value: TomlValue | None) -> TomlValue | None:
        """`value` written with today's ids: renamed options (`replaces`) become their new id.

        Equal to `value` when nothing in it was renamed (the default: no renames).
        """
        return value

    def former_value(self, config: ConfigT, value: TomlValue | None, former: ConfigT) -> TomlValue | None:
        """`value` written with the ids of `former`, an earlier configuration of the criterion:
        `current_value` the other way round. An option renamed since (`replaces`) gets back the
        id `former` offers, so that the earlier rules read a file `migrate` rewrote (`diff`).

        Equal to `value` when nothing in it was renamed (the default: no renames).
        """
        return value

    def input_hint(self, config: ConfigT) -> str:
        """What to type at the questionnaire, in the current language, e.g. "a number ≥ 0"."""
        return _("a value")

    def prompt_lines(self, config: ConfigT) -> tuple[str, ...]:
        """Lines shown under the question before the answer is typed (e.g. the options)."""
        return tuple(f"  - {o.id} : {localized(o.texts, 'label', o.label)}" for o in self.options(config))

    def parse_typed(self, config: ConfigT, text: str) -> ValueT:
        """The value of an answer typed at the questionnaire; raises `InvalidInput` when refused.

        The default reads the text as a TOML value (`50`, `12,5`, `true`,
        `["a", "b"]`) and, when the kind refuses that, as the text itself.
        `text` is never empty and never a questionnaire command; "n/a" reaches
        the kind when the criterion does not allow n/a.
        """
        value = typed_literal(text)
        problem = self.check_value(config, value)
        if problem is not None and value != text and self.check_value(config, text) is None:
            return cast(ValueT, text)  # the kind accepts it: a valid value is a ValueT
        if problem is not None:
            raise InvalidInput(*problem)
        return cast(ValueT, value)

    def picks(self, config: ConfigT) -> Picks:
        """How a person answers at a terminal: PICK_ONE option, PICK_SEVERAL options, or FREE_TEXT.

        The questionnaire shows a list moved with the arrow keys for PICK_ONE,
        check boxes for PICK_SEVERAL (the options are `options(config)`), and a
        line to type for FREE_TEXT, the default. Typing still works with every one.
        """
        return FREE_TEXT

    def value_of_options(self, config: ConfigT, ids: Sequence[str]) -> ValueT:
        """The answer's value when a person picked the options `ids` in a list (in list order).

        The default gives the id itself for PICK_ONE and the list of ids for PICK_SEVERAL.
        """
        return cast(ValueT, ids[0] if self.picks(config) == PICK_ONE and ids else list(ids))

    def form_control(self, config: ConfigT) -> Mapping[str, object]:
        """How the site's self-assessment page asks for an answer: one form control, as JSON data.

        `{"control": "text", "hint": …}` (the default), `{"control": "number",
        "min": …, "max": …, "unit": …}`, or `{"control": "one"}` / `{"control":
        "several"}` with `"options": [{"value": …, "label": …, "help": …}, …]`
        (radio buttons, check boxes). What the member gives comes back the way
        the questionnaire takes it: the ids picked through `value_of_options`
        when the kind `picks` options, otherwise the text typed (or the picked
        option's `value`) through `parse_typed`. The default gives the kind's
        options as radio buttons or check boxes when it `picks` them, and a
        text field with `input_hint` otherwise, so that any kind can be answered.
        """
        picks = self.picks(config)
        options = self.options(config)
        if picks in (PICK_ONE, PICK_SEVERAL) and options:
            return {
                "control": "one" if picks == PICK_ONE else "several",
                "options": [
                    {
                        "value": o.id,
                        "label": localized(o.texts, "label", o.label),
                        "help": o.texts.get("description", ""),
                    }
                    for o in options
                ],
            }
        return {"control": "text", "hint": self.input_hint(config)}

    def typed_text(self, config: ConfigT, value: ValueT) -> str:
        """What to type to give `value` again (the questionnaire shows it as the default).

        A decimal number has the language's decimal mark (`2,5` in French), which
        `parse_typed` reads back."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return "[" + ", ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in value) + "]"
        if isinstance(value, (Decimal, float)):
            return written(value)
        return str(value)

    # ------------------------------------------------------------------ advice and lint

    def best_value(self, config: ConfigT) -> ValueT | None:
        """A valid answer with the highest credit, as simple as possible; None when unknown."""
        options = self.options(config)
        if options:
            return cast(ValueT, max(options, key=lambda o: o.credit).id)  # checked before use
        return None

    def least_value(self, config: ConfigT, credit: Fraction) -> ValueT | None:
        """The smallest valid answer whose credit reaches `credit`; None when none does or unknown."""
        best = self.best_value(config)
        if best is None or self.check_value(config, best) is not None:
            return None
        return best if self.credit(config, best) >= credit else None

    def least_value_from(self, config: ConfigT, value: object, credit: Fraction) -> ValueT | None:
        """The smallest valid answer reaching `credit` that keeps what the answer `value` already gives.

        Advice proposes it: a multi-choice keeps the options already ticked and
        adds the fewest. `value` is the current answer (None when there is none).
        The default is `least_value`: an answer of one value is replaced whole.
        """
        return self.least_value(config, credit)

    def max_credit(self, config: ConfigT) -> Fraction:
        """The highest credit any answer can earn (1 when the kind cannot tell)."""
        best = self.best_value(config)
        if best is not None and self.check_value(config, best) is None:
            return Fraction(self.credit(config, best))
        return Fraction(1)

    # ------------------------------------------------------------------ schema and diff

    def config_value_schema(self, config: ConfigT) -> Mapping[str, Any]:
        """The JSON Schema of one criterion's answer: `value_schema` narrowed by its settings.

        The default lists the option ids when the kind has options.
        """
        schema = dict(self.value_schema)
        options = self.options(config)
        # Old option ids an option `replaces` are still read (SPEC §8), until migrate rewrites them.
        ids = [o.id for o in options] + [old for o in options for old in o.replaces]
        if ids and schema.get("type") == "string":
            schema["enum"] = ids
        elif ids and schema.get("type") == "array":
            schema["items"] = {"enum": ids}
        return schema

    def config_changes(self, old: ConfigT, new: ConfigT) -> Sequence[SettingChange]:
        """What changed from configuration `old` to `new` (called when they differ).

        The default names each setting that differs, with its old and new value, either way
        (`settings_changes`): override it to say which changes are stricter or looser.
        """
        return settings_changes(old, new, self.fields)

    def chosen_options(self, config: ConfigT, value: ValueT) -> tuple[str, ...]:
        """Ids of the options a valid answer picks (for evidence that depends on the option)."""
        return ()

    def decide(self, criterion: Criterion, answer: Answer) -> tuple[Outcome, Fraction] | None:
        """(outcome, credit) decided from the whole answer (value, justification, url, n/a).

        None, the default, leaves the engine's rule (SPEC §5 and §9) to decide.
        The outcome is one of `model.OUTCOMES`; the credit is between 0 and 1.
        """
        return None


@attrs.frozen
class Tally:
    """What a scheme needs to decide a grade: the exact figures of one rating."""

    results: tuple[CriterionResult, ...]
    percent: Fraction | None
    themes: Mapping[str, Fraction]
    #: The place's ratings against the sets this one references (`requires`, rungs), by set id.
    others: Mapping[str, Rating] = attrs.field(factory=dict)
    #: The set's requirements the place does not reach ("set: grade").
    unmet_requirements: tuple[str, ...] = ()
    #: The registry's answer kinds, for a scheme that asks a kind about an answer (`option_of`).
    kinds: Mapping[str, AnswerKind] = attrs.field(factory=dict, eq=False, repr=False)


#: The registry's answer kinds by name: each works on its own configurations and values,
#: which the core pairs (a criterion's `config` with the kind that built it).
Kinds = Mapping[str, AnswerKind]


class SetLint(Protocol):
    """What a scheme's `lint` is given: the best credits, and where to put its warnings."""

    def best_credit(self, criterion: Criterion) -> Fraction:
        """The highest credit any answer to `criterion` can earn (`AnswerKind.max_credit`)."""
        ...

    def warn(self, where: str, message: str, hint: str, criterion: Criterion | None = None) -> None:
        """A warning about the set, or about `criterion` (then located in the file that defines it)."""
        ...


@attrs.frozen
class AdviceChange:
    """One answer to change to raise a grade."""

    criterion: Criterion
    answer: Answer  # the proposed answer
    shown: str  # the proposed value as a person reads it
    needs_evidence: str = "none"  # "justification" / "url" when it must come with one


@attrs.frozen
class Advice:
    """What would raise a place's grade in one set."""

    current: str | None
    #: The grade the changes reach (the next grade, or one above it), the next grade when
    #: unreachable; None when there is none to aim at.
    target: str | None
    changes: tuple[AdviceChange, ...] = ()
    reachable: bool = True
    #: True when `current` is known to be the scheme's best grade ("This is the best grade.").
    at_best: bool = False


class RatingScheme(ABC):
    """How a grade is decided from a place's outcomes.

    Only `name` and `grade` are required. The defaults of the other methods
    suit a scheme whose grades are the set's `[[grades]]`, best first.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: Keys accepted in this scheme's `[[grades]]` tables; their values are kept in `Grade.keys`.
    grade_fields: ClassVar[tuple[Field, ...]] = ()
    #: Whether themes take part in the grade (lint warns about a theme of one criterion).
    rates_themes: ClassVar[bool] = True
    #: Keys this scheme adds to the `[set]` table (kept on `CriteriaSet.scheme_keys`).
    set_fields: ClassVar[tuple[Field, ...]] = ()
    #: False for a scheme that grades a place without criteria of its own (a ladder).
    needs_percent: ClassVar[bool] = True

    def check_set(  # noqa: B027 - optional: most schemes have nothing to add
        self, rules: ResolvedSet, kinds: Mapping[str, AnswerKind], report: Reporter
    ) -> None:
        """Report what makes a resolved set unusable with this scheme."""

    def cannot_grade(self, rules: ResolvedSet) -> str | None:
        """Why this valid set gives no grade when rated on its own (e.g. a base set), or None."""
        return None

    @abstractmethod
    def grade(self, rules: ResolvedSet, tally: Tally) -> str | None:
        """The grade of an exact tally (None when the place is unrated)."""
        ...

    def grade_order(self, rules: ResolvedSet) -> Sequence[str]:
        """The grades this set can give, from the best to the lowest (default: its `[[grades]]`).

        Advice aims at the grade before the current one; diff and `check
        --against` call a move down this list "lower". Empty when the scheme
        has no order (then `is_lower` decides; when it cannot tell either, diff says the
        grade "changed", neither higher nor lower).
        """
        return [g.grade for g in rules.grades]

    def is_lower(self, rules: ResolvedSet, old: str, new: str) -> bool | None:
        """Whether grade `new` is worse than grade `old`; None when this scheme cannot tell
        (`diff` then says the grade changed, neither higher nor lower; the percents do not decide)."""
        order = list(self.grade_order(rules))
        if old in order and new in order:
            return order.index(new) > order.index(old)
        return None

    def advise(self, rating: Rating, kinds: Mapping[str, AnswerKind]) -> Advice | None:
        """The advice for a rating when the scheme gives its own; None for the search along `grade_order`."""
        return None

    def is_best(self, rating: Rating, kinds: Mapping[str, AnswerKind]) -> bool:
        """Whether the rating's grade is the best this scheme gives: advice says « best grade
        reached » instead of a next grade. The default: the first of `grade_order`."""
        order = self.grade_order(rating.rules)
        return bool(order) and rating.grade == order[0]

    def advice_heading(self, current: str | None, target: str) -> str:
        """The line above the proposed changes, in the current language."""
        return _("to go from {current} to {target}:").format(current=current or "—", target=target)

    def lint(self, rules: ResolvedSet, linter: SetLint) -> None:  # noqa: B027 - optional
        """Warn about what works in this set but is probably not what its authors meant."""

    def shown_percent(self, rules: ResolvedSet, percent: Fraction | None) -> Fraction | int | None:
        """The figure shown beside the grade (`shown_percent`); the exact percent by default.

        An `int` is shown as a whole number (no decimals); a Fraction to one decimal, rounded down.
        """
        return percent

    def references(self, rules: ResolvedSet) -> tuple[Requirement, ...]:
        """Grades of other sets this scheme reads (a ladder's rungs); grade "" means the top one."""
        return ()

    def shown_results(
        self, rules: ResolvedSet, tally: Tally, grade: str | None
    ) -> tuple[CriterionResult, ...]:
        """The criteria results the rating carries, which every command shows and advice works on.

        Asked after `grade`, with its tally and the grade it gave, when the set
        references other sets (`requires`, `references`): only their ratings
        (`tally.others`) could add anything. The set's own results by default; a
        scheme that grades from the sets it references, without criteria of its
        own (a ladder), gives theirs, so that the score's lines, advice, the
        report and the site's pages show the criteria behind the grade.
        """
        return tally.results

    def required_results(
        self, rules: ResolvedSet, tally: Tally, grade: str | None, shown: tuple[CriterionResult, ...]
    ) -> Sequence[CriterionResult]:
        """Among the results the rating carries (`shown`, from `shown_results`), those whose
        required criteria it names when not met (`must_failed`, « Critères obligatoires non
        remplis »): criteria the place fails for the grade it has, not what a better grade takes.

        Asked, as `shown_results`, when the set references other sets. All of `shown` by
        default (a percentage scheme: every required criterion of the set); a ladder gives
        the results of the rungs the place has (of its lowest rung, below every rung): what the
        next rung requires is advice (`tlcriteria advise`), not a failure.
        """
        return shown


@attrs.frozen
class RenderContext:
    """Everything an output format may show: ratings and the context they come from."""

    ratings: tuple[Rating, ...]
    places: tuple[Place, ...] = ()
    #: When set (publish), formats that carry metadata include it (sets, versions, date).
    header: Mapping[str, Any] | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict)
    #: Where a format reports something the reader of its output should know
    #: (e.g. places left off a map); the CLI prints it on stderr.
    warn: Callable[[str], None] = attrs.field(default=lambda message: None, eq=False, repr=False)


class OutputFormat(ABC):
    """Renders ratings to text or bytes, or (`writes_directory`) writes a folder of files."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: File name extensions that select this format for `-o FILE`.
    extensions: ClassVar[Sequence[str]] = ()
    #: Commands this format serves ("score", "publish"); `{"publish"}` alone by default for a
    #: format that `writes_directory` (a `DirectoryFormat`).
    commands: ClassVar[frozenset[str]] = frozenset({"score", "publish"})

    #: True when the format writes a folder of files (a web site) rather than one text:
    #: the command then requires `-o DIR` and calls `write_directory` instead of `render`.
    writes_directory: ClassVar[bool] = False
    #: True when the format shows each place's earlier grades: `publish` then reads the
    #: place files' git history (bounded) into `RenderContext.options["history"]`.
    uses_history: ClassVar[bool] = False
    #: False when the format does not read the public rows' criteria lines (it shows no
    #: criteria, or reads the ratings themselves): `publish` then makes the rows without them
    #: (they still sort, count and name the failed required criteria), which saves building them.
    publish_rows: ClassVar[bool] = True
    #: The languages the format writes its texts in ("fr", "en"): none by default (an output
    #: without words to translate, a badge's JSON); French for a format that writes the
    #: network's French texts (the set titles). `--lang` asking for a language the format
    #: declares without makes `score` and `publish` say so in a notice (the output itself
    #: does not change).
    languages: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def render(self, context: RenderContext) -> str | bytes:
        """The whole output for these ratings."""
        ...

    # Streaming: a format that can write each rating on its own declares both
    # methods; `score` and `publish` then render on several cores and join the
    # pieces, with assemble(fragments(ratings)) == render(RenderContext(ratings)).

    def fragments(self, ratings: Sequence[Rating]) -> list[str]:
        """Each rating rendered on its own, in order (formats that stream override it)."""
        raise NotImplementedError(f"output format {self.name!r} does not render rating by rating")

    def assemble(self, fragments: Sequence[str]) -> str:
        """The whole output from `fragments(...)` pieces, in order (formats that stream override it)."""
        raise NotImplementedError(f"output format {self.name!r} does not render rating by rating")

    @property
    def streams(self) -> bool:
        """Whether this format overrides `fragments` and `assemble`."""
        cls = type(self)
        return cls.fragments is not OutputFormat.fragments and cls.assemble is not OutputFormat.assemble

    # Streaming publication (optional; `tlcriteria.parallel` checks for both methods).
    # `publish_pieces(rows, ratings, context)` runs in the worker processes on the
    # public rows of ONE place (sorted, with their ratings alongside) and returns
    # `(index of the row it sorts with, piece)` pairs, pieces being picklable;
    # `publish_stream(pieces, summary, context, write)` runs in the parent and
    # writes the whole output with `write`, taking the pieces in publishing order
    # from `pieces()` (each call starts again from the first). Without them,
    # `publish` gathers everything and calls `render`.

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        # A folder is written by `publish -o DIR` only: a format that writes one and keeps
        # the default commands serves `publish` alone (`score` writes one text).
        if cls.writes_directory and cls.commands is OutputFormat.commands:
            cls.commands = frozenset({"publish"})

    def write_directory(self, context: RenderContext, folder: Path) -> None:
        """Write the output into `folder`, an empty folder the command made (and later moves
        into place whole, so a failed run never leaves half a site). Only called when
        `writes_directory` is true."""
        raise NotImplementedError(f"format {self.name!r} writes no folder")


class DirectoryFormat(OutputFormat):
    """A format whose output is a folder of files: `write_directory` is what it does."""

    writes_directory = True

    def render(self, context: RenderContext) -> str | bytes:
        raise TypeError(f"format {self.name!r} writes a folder: give -o DIR")

    @abstractmethod
    def write_directory(self, context: RenderContext, folder: Path) -> None: ...
