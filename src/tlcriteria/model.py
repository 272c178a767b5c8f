"""Frozen value objects: what a criteria set, a place and a rating are.

Numbers that take part in scoring are `fractions.Fraction`, so no grade
boundary is ever missed by binary rounding. Objects are built by the loader
(`tlcriteria.models_from_toml`) from validated TOML, never from raw dictionaries.

Frozen means frozen: every mapping and list a model holds is made read-only
(`tlcriteria.frozen`) when the model is built, so models hash, equal models
hash equal, and caches are keyed by the models themselves.
Each fixed vocabulary is one `Literal` type; its tuple of values (for
checking files and for the JSON Schemas) is read from it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, get_args

import attrs

from .frozen import Deferred, FrozenDict, deep_frozen, frozen_dict

if TYPE_CHECKING:
    from .interfaces import RatingScheme

#: How much a criterion matters.
Level = Literal["must", "should", "may"]
#: What an answer must carry to earn credit (SPEC §4).
Evidence = Literal["none", "justification", "url"]
#: Whether a criterion is rated now, later, or no more.
Status = Literal["active", "future", "retired"]
#: How far a place has come.
Stage = Literal["existing", "creating", "project"]
#: How one criterion came out for one place.
Outcome = Literal["satisfied", "partial", "unsatisfied", "unsupported", "unanswered", "na"]
#: What n/a answers do to a set's percent: leave it (exclude) or count as satisfied (met).
NaRule = Literal["exclude", "met"]
#: When an unsatisfied (or partial) answer counts as satisfied.
AcceptUnmet = Literal["never", "justified", "always"]
#: Which criteria of the sets it extends a set rates: all, or only those it restates.
Inherit = Literal["all", "restated"]
#: What peer reviews make of a rating (SPEC §11): self-assessed, verified, or disputed.
Overall = Literal["self", "verified", "disputed"]
#: What a peer review says of one criterion.
CriterionVerdict = Literal["confirmed", "disputed"]

LEVELS: tuple[Level, ...] = get_args(Level)
EVIDENCE: tuple[Evidence, ...] = get_args(Evidence)
STATUSES: tuple[Status, ...] = get_args(Status)
STAGES: tuple[Stage, ...] = get_args(Stage)
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
NA_RULES: tuple[NaRule, ...] = get_args(NaRule)
ACCEPT_UNMET: tuple[AcceptUnmet, ...] = get_args(AcceptUnmet)
INHERIT: tuple[Inherit, ...] = get_args(Inherit)
VERDICTS: tuple[CriterionVerdict, ...] = get_args(CriterionVerdict)
#: The scheme of a set whose `[set]` table names none.
DEFAULT_SCHEME = "thresholds"

#: A value read from a TOML file (an answer's value, a scheme's key): kept as written, read-only.
TomlValue = (
    bool
    | int
    | Decimal
    | str
    | dt.date
    | dt.time
    | dt.datetime
    | list["TomlValue"]
    | Mapping[str, "TomlValue"]
)

#: A value as JSON has it (a record, a digest's canonical form).
JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]

# Converters of the models' fields: each makes what it is given read-only. One per
# type, so that type checkers see what each constructor takes (attrs' type support
# does not solve a generic converter's type variables).


def _strings(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return frozen_dict(mapping)


def _evidence(mapping: Mapping[str, Evidence]) -> Mapping[str, Evidence]:
    return frozen_dict(mapping)


def _verdicts(mapping: Mapping[str, CriterionVerdict]) -> Mapping[str, CriterionVerdict]:
    return frozen_dict(mapping)


def _lines(mapping: Mapping[str, int]) -> Mapping[str, int]:
    return mapping if type(mapping) is Deferred else frozen_dict(mapping)  # Deferred: read-only already


def _figures(mapping: Mapping[str, Fraction]) -> Mapping[str, Fraction]:
    return frozen_dict(mapping)


def _answers(mapping: Mapping[str, Answer]) -> Mapping[str, Answer]:
    return frozen_dict(mapping)


def _sets(mapping: Mapping[str, ResolvedSet]) -> Mapping[str, ResolvedSet]:
    return frozen_dict(mapping)


def _schemes(mapping: Mapping[str, RatingScheme]) -> Mapping[str, RatingScheme]:
    return frozen_dict(mapping)


def _titles(mapping: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return deep_frozen(mapping)


def _keys(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return deep_frozen(mapping)


#: Answer values with nothing in them to make read-only (most answers).
_PLAIN = frozenset({bool, int, str, Decimal, type(None)})


def _value(value: TomlValue | None) -> TomlValue | None:
    return value if type(value) in _PLAIN else deep_frozen(value)


def _config(config: object) -> object:
    return deep_frozen(config)


@attrs.frozen(cache_hash=True)
class Option:
    """One possible answer of a `choice` or `multi` criterion."""

    id: str
    label: str
    credit: Fraction
    grade: str | None = None
    texts: Mapping[str, str] = attrs.field(factory=FrozenDict, converter=_strings)  # {"label_en": "…"}
    #: Option ids this option takes the place of: an answer under one is read as this one (SPEC §8).
    replaces: tuple[str, ...] = ()


@attrs.frozen(cache_hash=True)
class Criterion:
    """One question and the rule that turns its answer into a credit in [0, 1]."""

    id: str
    set_id: str
    title: str
    question: str
    kind: str
    #: Kind-specific, built by the answer kind from the criterion's keys (`AnswerKind.parse_config`);
    #: its dicts and lists made read-only. Compared but not hashed: a plugin's configuration
    #: need not be hashable for its criteria to be (the id and the rest tell them apart).
    config: object = attrs.field(converter=_config, hash=False)
    help: str = ""
    theme: str | None = None
    level: Level = "should"
    weight: Fraction = Fraction(1)
    na_allowed: bool = False
    evidence: Evidence = "none"
    pass_: Fraction = Fraction(1)
    status: Status = "active"
    #: Optional translations, e.g. title_en.
    texts: Mapping[str, str] = attrs.field(factory=FrozenDict, converter=_strings)
    #: Criterion ids this one takes the place of: an answer under one is read as this one (SPEC §8).
    replaces: tuple[str, ...] = ()
    #: Line of its [[criteria]] table in its file, for problems found once every set is loaded.
    line: int | None = attrs.field(default=None, eq=False)
    #: Evidence asked for when a given option is chosen, instead of `evidence`.
    option_evidence: Mapping[str, Evidence] = attrs.field(factory=FrozenDict, converter=_evidence)
    #: Evidence an n/a answer must carry to be accepted.
    na_evidence: Evidence = "none"
    #: When an unsatisfied or partial answer counts as satisfied (SPEC §9).
    accept_unmet: AcceptUnmet = "never"

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def asks_evidence(self) -> bool:
        """Whether some answer to it must carry evidence (`evidence`, `option_evidence`, `na_evidence`)."""
        return (
            self.evidence != "none"
            or any(e != "none" for e in self.option_evidence.values())
            or self.na_evidence != "none"
        )


@attrs.frozen
class Grade:
    """One `[[grades]]` entry: a grade and the conditions to reach it."""

    grade: str
    label: str = ""
    description: str = ""
    min_percent: Fraction | None = None
    require: str = "none"
    min_theme_percent: Fraction | None = None
    texts: Mapping[str, str] = attrs.field(factory=FrozenDict, converter=_strings)
    line: int | None = attrs.field(default=None, eq=False)  # of its [[grades]] table
    #: Keys of the scheme's own (e.g. a ladder rung's `set`), validated by the loader.
    keys: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=_keys)

    @property
    def unconditional(self) -> bool:
        return not self.min_percent and self.require == "none" and self.min_theme_percent is None


@attrs.frozen
class ReviewRules:
    """`[set.review]`: how many confirmations make a rating verified, what a dispute costs."""

    confirmations: int = 1
    disputed_keeps_credit: bool = True


@attrs.frozen
class Requirement:
    """A grade of another set that a set requires (silver requires passing)."""

    set_id: str
    grade: str
    #: Where it is written (a ladder's [[grades]] table), for its problems; `[set] requires` otherwise.
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Restatement:
    """A criterion of an extended set rated by this set's own rule (SPEC §9)."""

    id: str
    #: Only the keys written, already converted (level, weight, pass_, evidence…).
    changes: Mapping[str, Any] = attrs.field(converter=_keys)
    #: Where its `[[restate]]` table starts, for the problems the catalogue finds in it.
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen(cache_hash=True)
class CriteriaSet:
    """A criteria set as written in its file, before `extends` is resolved."""

    id: str
    title: str
    version: str
    criteria: tuple[Criterion, ...]
    grades: tuple[Grade, ...] = ()
    college: str | None = None
    extends: tuple[str, ...] = ()
    scheme: str = DEFAULT_SCHEME
    description: str = ""
    path: str = ""
    origin: str = ""  # the plugin that supplied it, or "" for a folder given by the user
    valid_for_months: int | None = None  # SPEC §10: a rating assessed longer ago is stale
    review: ReviewRules | None = None  # SPEC §11: what peer reviews do (`[set.review]`)
    na: NaRule = "exclude"
    inherit: Inherit = "all"
    requires: tuple[Requirement, ...] = ()
    restated: tuple[Restatement, ...] = ()
    #: Values of the scheme's own `[set]` keys (RatingScheme.set_fields).
    scheme_keys: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=_keys)
    #: Translations of the set's texts (`title_en`, `description_en`).
    texts: Mapping[str, str] = attrs.field(factory=FrozenDict, converter=_strings)
    #: Theme titles by theme id (`[set.themes]`), each {"title": …, "title_en": …}.
    themes: Mapping[str, Mapping[str, str]] = attrs.field(factory=FrozenDict, converter=_titles)
    #: The set's keys in a JSON-ready, order-independent form, for its digest.
    canonical: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=_keys, eq=False, repr=False)
    line: int | None = attrs.field(default=None, eq=False)  # of its [set] table
    lines: Mapping[str, int] = attrs.field(
        factory=FrozenDict, converter=_lines, eq=False, repr=False
    )  # of its [set] keys


@attrs.frozen(cache_hash=True)
class ResolvedSet:
    """A criteria set with the criteria of the sets it extends, ready to score."""

    set: CriteriaSet
    criteria: tuple[Criterion, ...]  # extended sets' criteria first, every status
    digest: str
    #: The sets this one needs to be rated (`requires`, a ladder's rungs), resolved.
    references: Mapping[str, ResolvedSet] = attrs.field(
        factory=FrozenDict, converter=_sets, eq=False, repr=False
    )
    #: The rating scheme of each referenced set, so the engine rates them alone.
    reference_schemes: Mapping[str, RatingScheme] = attrs.field(
        factory=FrozenDict, converter=_schemes, eq=False, repr=False
    )
    #: Theme titles (`[set.themes]`) of this set and of the sets it extends (its own win):
    #: a rating names its themes from them (a theme is often titled by an extended set).
    theme_titles: Mapping[str, Mapping[str, str]] = attrs.field(
        factory=FrozenDict, converter=_titles, eq=False, repr=False
    )

    @property
    def id(self) -> str:
        return self.set.id

    @property
    def version(self) -> str:
        return self.set.version

    @property
    def scheme(self) -> str:
        return self.set.scheme

    @property
    def grades(self) -> tuple[Grade, ...]:
        return self.set.grades

    @property
    def active_criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.status == "active")


def asked_criteria(rules: ResolvedSet, status: str | None = None) -> tuple[Criterion, ...]:
    """The criteria a place answers to be rated against a set: those of the sets it references
    first (`requires`, a ladder's rungs, which may have no criteria of its own), as extended
    sets' come first, then its own; each id once, of the given status (every status: None)."""
    if not rules.references:
        return rules.criteria if status is None else tuple(c for c in rules.criteria if c.status == status)
    found: dict[str, Criterion] = {}
    for other in rules.references.values():
        for c in asked_criteria(other):
            found.setdefault(c.id, c)
    for c in rules.criteria:
        found.setdefault(c.id, c)
    return tuple(c for c in found.values() if status is None or c.status == status)


@attrs.frozen
class Answer:
    """A place's answer to one criterion."""

    #: As written in the file (a list is read-only); None for an n/a answer.
    value: TomlValue | None = attrs.field(default=None, converter=_value)
    na: bool = False
    justification: str = ""
    url: str = ""


@attrs.frozen
class Place:
    """A place of the network: public identity and answers. `[contact]` is never loaded."""

    id: str
    name: str
    town: str
    stage: Stage
    colleges: tuple[str, ...]
    answers: Mapping[str, Answer] = attrs.field(factory=FrozenDict, converter=_answers)
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    website: str = ""
    path: str = ""
    # The identity card (SPEC §10), all public.
    description: str = ""
    publics: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    opening_hours: str = ""
    assessed: dt.date | None = None  # SPEC §10: when the answers last changed


@attrs.frozen
class CriterionResult:
    """How one criterion came out for one place."""

    criterion: Criterion
    outcome: Outcome
    credit: Fraction
    answer: Answer | None = None


@attrs.frozen
class Rating:
    """The rating of one place against one resolved criteria set."""

    place: Place
    rules: ResolvedSet
    percent: Fraction | None
    grade: str | None
    results: tuple[CriterionResult, ...]
    themes: Mapping[str, Fraction] = attrs.field(converter=_figures)
    trust: Trust | None = None  # set after scoring, by tlcriteria.trust
    #: The figure the scheme shows beside the grade (SPEC §9); `percent` for most schemes.
    shown_percent: Fraction | int | None = None
    #: Requirements of the set (`requires`) this place does not reach, as "set: grade".
    unmet_requirements: tuple[str, ...] = ()

    # Worked out on first use and kept (the rating is immutable): the public row, the JSON
    # record and the site's page each ask for them.
    @functools.cached_property
    def must_failed(self) -> tuple[str, ...]:
        return tuple(
            r.criterion.id
            for r in self.results
            if r.criterion.level == "must" and r.outcome not in ("satisfied", "na")
        )

    @functools.cached_property
    def unanswered(self) -> tuple[str, ...]:
        return tuple(r.criterion.id for r in self.results if r.outcome == "unanswered")


@attrs.frozen
class ScopedRating(Rating):
    """A rating whose `must_failed` looks at fewer results than it carries: those the scheme
    says the place's grade requires (`RatingScheme.required_results`; a ladder's next rung is
    advice, not a failure). A subclass, so that every other rating holds no more than before."""

    required_results: tuple[CriterionResult, ...] = ()

    @functools.cached_property
    def must_failed(self) -> tuple[str, ...]:
        return tuple(
            r.criterion.id
            for r in self.required_results
            if r.criterion.level == "must" and r.outcome not in ("satisfied", "na")
        )


@attrs.frozen
class Verification:
    """What peer reviews say of a rating (SPEC §11), overall and per criterion.

    `overall`: "self" (auto-évaluation), "verified" (vérifiée par N pairs) or
    "disputed" (contestée); `criteria`: criterion id → "confirmed" | "disputed"
    for the criteria a current review covers.
    """

    overall: Overall
    peers: int = 0
    criteria: Mapping[str, CriterionVerdict] = attrs.field(factory=FrozenDict, converter=_verdicts)

    @property
    def disputed(self) -> tuple[str, ...]:
        """The criteria a current review disputes, in order."""
        return tuple(c for c, v in self.criteria.items() if v == "disputed")


@attrs.frozen
class Trust:
    """How far a reader may trust a rating: freshness, signature, peer reviews (SPEC §10-§11)."""

    assessed: str | None = None
    stale: bool = False
    signature: str | None = None  # None: not checked (no --signers)
    verification: Verification | None = None
