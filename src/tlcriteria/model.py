"""Frozen value objects: what a criteria set, a place and a rating are.

Numbers that take part in scoring are `fractions.Fraction`, so no grade
boundary is ever missed by binary rounding. Objects are built by the loader
(`tlcriteria.models_from_toml`) from validated TOML, never from raw dictionaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

LEVELS = ("must", "should", "may")
EVIDENCE = ("none", "justification", "url")
STATUSES = ("active", "future", "retired")
STAGES = ("existing", "creating", "project")
#: The scheme of a set whose `[set]` table names none.
DEFAULT_SCHEME = "thresholds"
OUTCOMES = ("satisfied", "partial", "unsatisfied", "unsupported", "unanswered", "na")
#: What n/a answers do to a set's percent: leave it (exclude) or count as satisfied (met).
NA_RULES = ("exclude", "met")
#: When an unsatisfied (or partial) answer counts as satisfied.
ACCEPT_UNMET = ("never", "justified", "always")
#: Which criteria of the sets it extends a set rates: all, or only those it restates.
INHERIT = ("all", "restated")


@attrs.frozen
class Option:
    """One possible answer of a `choice` or `multi` criterion."""

    id: str
    label: str
    credit: Fraction
    grade: str | None = None
    texts: Mapping[str, str] = attrs.field(factory=dict)  # e.g. {"label_en": "…"}
    #: Option ids this option takes the place of: an answer under one is read as this one (SPEC §8).
    replaces: tuple[str, ...] = ()


@attrs.frozen
class Criterion:
    """One question and the rule that turns its answer into a credit in [0, 1]."""

    id: str
    set_id: str
    title: str
    question: str
    kind: str
    config: Any  # kind-specific, built by the answer kind from the criterion's keys
    help: str = ""
    theme: str | None = None
    level: str = "should"
    weight: Fraction = Fraction(1)
    na_allowed: bool = False
    evidence: str = "none"
    pass_: Fraction = Fraction(1)
    status: str = "active"
    texts: Mapping[str, str] = attrs.field(factory=dict)  # optional translations, e.g. title_en
    #: Criterion ids this one takes the place of: an answer under one is read as this one (SPEC §8).
    replaces: tuple[str, ...] = ()
    #: Line of its [[criteria]] table in its file, for problems found once every set is loaded.
    line: int | None = attrs.field(default=None, eq=False)
    #: Evidence asked for when a given option is chosen, instead of `evidence`.
    option_evidence: Mapping[str, str] = attrs.field(factory=dict)
    #: Evidence an n/a answer must carry to be accepted.
    na_evidence: str = "none"
    #: When an unsatisfied or partial answer counts as satisfied (SPEC §9).
    accept_unmet: str = "never"

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
    texts: Mapping[str, str] = attrs.field(factory=dict)
    line: int | None = attrs.field(default=None, eq=False)  # of its [[grades]] table
    #: Keys of the scheme's own (e.g. a ladder rung's `set`), validated by the loader.
    keys: Mapping[str, Any] = attrs.field(factory=dict)

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


@attrs.frozen
class Restatement:
    """A criterion of an extended set rated by this set's own rule (SPEC §9)."""

    id: str
    #: Only the keys written, already converted (level, weight, pass_, evidence…).
    changes: Mapping[str, Any]


@attrs.frozen
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
    na: str = "exclude"
    inherit: str = "all"
    requires: tuple[Requirement, ...] = ()
    restated: tuple[Restatement, ...] = ()
    #: Values of the scheme's own `[set]` keys (RatingScheme.set_fields).
    scheme_keys: Mapping[str, Any] = attrs.field(factory=dict)
    #: Translations of the set's texts (`title_en`, `description_en`).
    texts: Mapping[str, str] = attrs.field(factory=dict)
    #: Theme titles by theme id (`[set.themes]`), each {"title": …, "title_en": …}.
    themes: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    canonical: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    line: int | None = attrs.field(default=None, eq=False)  # of its [set] table
    lines: Mapping[str, int] = attrs.field(factory=dict, eq=False, repr=False)  # of its [set] keys


@attrs.frozen
class ResolvedSet:
    """A criteria set with the criteria of the sets it extends, ready to score."""

    set: CriteriaSet
    criteria: tuple[Criterion, ...]  # extended sets' criteria first, every status
    digest: str
    #: The sets this one needs to be rated (`requires`, a ladder's rungs), resolved.
    references: Mapping[str, ResolvedSet] = attrs.field(factory=dict, eq=False, repr=False)
    #: The rating scheme of each referenced set (a RatingScheme), so the engine rates them alone.
    reference_schemes: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

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


@attrs.frozen
class Answer:
    """A place's answer to one criterion."""

    value: Any = None
    na: bool = False
    justification: str = ""
    url: str = ""


@attrs.frozen
class Place:
    """A place of the network: public identity and answers. `[contact]` is never loaded."""

    id: str
    name: str
    town: str
    stage: str
    colleges: tuple[str, ...]
    answers: Mapping[str, Answer] = attrs.field(factory=dict)
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
    outcome: str
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
    themes: Mapping[str, Fraction]
    trust: Trust | None = None  # set after scoring, by tlcriteria.trust
    #: The figure the scheme shows beside the grade (SPEC §9); `percent` for most schemes.
    shown_percent: Fraction | int | None = None
    #: Requirements of the set (`requires`) this place does not reach, as "set: grade".
    unmet_requirements: tuple[str, ...] = ()

    @property
    def must_failed(self) -> tuple[str, ...]:
        return tuple(
            r.criterion.id
            for r in self.results
            if r.criterion.level == "must" and r.outcome not in ("satisfied", "na")
        )

    @property
    def unanswered(self) -> tuple[str, ...]:
        return tuple(r.criterion.id for r in self.results if r.outcome == "unanswered")


@attrs.frozen
class Verification:
    """What peer reviews say of a rating (SPEC §11), overall and per criterion.

    `overall`: "self" (auto-évaluation), "verified" (vérifiée par N pairs) or
    "disputed" (contestée); `criteria`: criterion id → "confirmed" | "disputed"
    for the criteria a current review covers.
    """

    overall: str
    peers: int = 0
    criteria: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Trust:
    """How far a reader may trust a rating: freshness, signature, peer reviews (SPEC §10-§11)."""

    assessed: str | None = None
    stale: bool = False
    signature: str | None = None  # None: not checked (no --signers)
    verification: Verification | None = None
