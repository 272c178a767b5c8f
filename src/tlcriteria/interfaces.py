"""What a plugin provides: answer kinds, rating schemes and output formats.

Built-ins subclass these exactly as third-party plugins do. Each object has a
`name` under which the registry knows it; two plugins giving the same name is
an error naming both.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from .fields import Field, Reporter
from .model import Answer, Criterion, CriterionResult, Option, Place, Rating, Requirement, ResolvedSet


class AnswerKind(ABC):
    """How one kind of answer is written, checked and turned into a credit."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: Keys this kind adds to a `[[criteria]]` table (validated by the loader).
    fields: ClassVar[tuple[Field, ...]] = ()
    #: JSON Schema of an answer's value, used by `tlcriteria schema`.
    value_schema: ClassVar[Mapping[str, Any]] = {}

    def parse_config(self, values: Mapping[str, Any], report: Reporter) -> Any:
        """Build this kind's configuration from a criterion's validated keys."""
        return None

    @abstractmethod
    def check_value(self, config: Any, value: Any) -> tuple[str, str] | None:
        """Why `value` is not a valid answer, as (message, hint); None when valid."""
        ...

    @abstractmethod
    def credit(self, config: Any, value: Any) -> Fraction:
        """The credit of a valid answer, between 0 and 1 inclusive."""
        ...

    def options(self, config: Any) -> tuple[Option, ...]:
        """The options a person picks from, for kinds that have any."""
        return ()

    def show_value(self, config: Any, value: Any) -> str:
        """A valid answer as a person reads it (labels rather than ids)."""
        return str(value)

    def chosen_options(self, config: Any, value: Any) -> tuple[str, ...]:
        """Ids of the options a valid answer picks (for evidence that depends on the option)."""
        return ()

    def decide(self, criterion: Criterion, answer: Answer) -> tuple[str, Fraction] | None:
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


class RatingScheme(ABC):
    """How a grade is decided from a place's outcomes."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: Keys accepted in this scheme's `[[grades]]` tables.
    grade_fields: ClassVar[tuple[Field, ...]] = ()

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

    #: Keys this scheme adds to the `[set]` table (kept on `CriteriaSet.scheme_keys`).
    set_fields: ClassVar[tuple[Field, ...]] = ()
    #: False for a scheme that grades a place without criteria of its own (a ladder).
    needs_percent: ClassVar[bool] = True

    def shown_percent(self, rules: ResolvedSet, percent: Fraction | None) -> Fraction | None:
        """The figure shown beside the grade (`shown_percent`); the exact percent by default."""
        return percent

    def references(self, rules: ResolvedSet) -> tuple[Requirement, ...]:
        """Grades of other sets this scheme reads (a ladder's rungs); grade "" means the top one."""
        return ()


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
    """Renders ratings to text or bytes."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: File name extensions that select this format for `-o FILE`.
    extensions: ClassVar[Sequence[str]] = ()
    #: Commands this format serves ("score", "publish").
    commands: ClassVar[frozenset[str]] = frozenset({"score", "publish"})

    @abstractmethod
    def render(self, context: RenderContext) -> str | bytes: ...

    # Streaming publication (optional; `tlcriteria.parallel` checks for both methods).
    # `publish_pieces(rows, ratings, context)` runs in the worker processes on the
    # public rows of ONE place (sorted, with their ratings alongside) and returns
    # `(index of the row it sorts with, piece)` pairs, pieces being picklable;
    # `publish_stream(pieces, summary, context, write)` runs in the parent and
    # writes the whole output with `write`, taking the pieces in publishing order
    # from `pieces()` (each call starts again from the first). Without them,
    # `publish` gathers everything and calls `render`.
