"""What the site shows, gathered once: each place with its identity card and ratings.

Pages, badges and the JSON API all read these objects; none of them reads a
file. Only public data is here: `Place` never holds the `[contact]` table.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ...i18n import N_, _, current_language, localized
from ...model import Criterion, Place, Rating, ResolvedSet
from ...network import WORD_LISTS, Network
from ...publish import PublicRow, clean_text, fold
from ...vocabulary import NO_WORDS
from ...weburl import is_web_address as web_address
from ..geojson import PALETTE, UNRATED, grade_rank

STAGES: Mapping[str, str] = {
    "existing": N_("existing"),
    "creating": N_("being created"),
    "project": N_("project"),
}
OUTCOMES: Mapping[str, str] = {
    "satisfied": N_("met"),
    "partial": N_("partly met"),
    "unsatisfied": N_("not met"),
    "unsupported": N_("not backed by evidence"),
    "unanswered": N_("no answer"),
    "na": N_("not applicable"),
    # Not an outcome of the engine's: a disputed answer whose set takes its credit away
    # (`unsatisfied` in the record), as the place pages show it.
    "disputed": N_("not counted: disputed"),
}
#: The outcome shown for a disputed answer that earns nothing (see OUTCOMES).
DISPUTED = "disputed"
LEVELS: Mapping[str, str] = {"must": N_("required"), "should": N_("expected"), "may": N_("optional")}
#: Trust marks (SPEC §10-§11), when the ratings carry them: the directory's filter (a place
#: page says how many peers, publish.verification_text; the same words).
VERIFICATIONS: Mapping[str, str] = {
    "self": N_("self-assessed"),
    "verified": N_("verified by peers"),
    "disputed": N_("disputed in a peer review"),
}
FRESHNESS: Mapping[str, str] = {"current": N_("up to date"), "stale": N_("to be renewed")}


def verification_of(row: PublicRow) -> str:
    """ "self", "verified", "disputed", or "" when the ratings were not checked."""
    return row.verification or ""


def freshness_of(row: PublicRow) -> str:
    """ "stale", "current" (an assessment date within the set's validity), or "" when unknown."""
    if row.stale:
        return "stale"
    return "current" if row.assessed else ""


def stage_text(code: str) -> str:
    return _(STAGES[code]) if code in STAGES else code


def outcome_text(code: str) -> str:
    return _(OUTCOMES[code]) if code in OUTCOMES else code


def level_text(code: str) -> str:
    return _(LEVELS[code]) if code in LEVELS else code


def criterion_title(criterion: Criterion) -> str:
    return clean_text(localized(criterion.texts, "title", criterion.title))


def set_title(rules: ResolvedSet) -> str:
    """How the site names the set that rates a college (menu, headings, its page), in the site's
    language: its `title`, or in English its `title_en`. A set without `title_en` is named in
    English by its college ("coworking college", on its pages and badges): its own title is in
    the network's language, and the site does not make up a translation the set does not give."""
    if current_language() != "en":
        return clean_text(rules.set.title)
    english = rules.set.texts.get("title_en")
    if english:
        return clean_text(english)
    return clean_text(_("{college} college").format(college=rules.set.college or rules.id))


@attrs.frozen
class SiteRating:
    """One place rated for one college, as the site shows it."""

    row: PublicRow
    rating: Rating
    rank: int | None  # 0 best … 4 worst, None unrated

    @property
    def colour(self) -> str:
        return UNRATED if self.rank is None else PALETTE[self.rank]

    @property
    def must_failed_titles(self) -> tuple[str, ...]:
        if not self.row.must_failed:
            return ()
        failed = set(self.row.must_failed)
        titles = {
            r.criterion.id: criterion_title(r.criterion)
            for r in self.rating.results
            if r.criterion.id in failed
        }
        return tuple(titles.get(i, i) for i in self.row.must_failed)


@attrs.frozen
class SitePlace:
    """A place and its ratings, in college order."""

    place: Place
    ratings: tuple[SiteRating, ...]
    #: Publics and services as the pages show them: the network's usual word (in the site's
    #: language) for an entry that is one, else the entry as written; each once.
    publics: tuple[str, ...] = ()
    services: tuple[str, ...] = ()

    # Asked for by every page, row and piece of the place: worked out once, then read as slots.
    @functools.cached_property
    def id(self) -> str:
        return self.place.id

    @functools.cached_property
    def name(self) -> str:
        return clean_text(self.place.name)

    @functools.cached_property
    def town(self) -> str:
        return clean_text(self.place.town)

    @property
    def website(self) -> str:
        """The website, only when it is a web address (it becomes a link)."""
        return self.place.website if web_address(self.place.website) else ""

    @property
    def has_coordinates(self) -> bool:
        return self.place.lat is not None and self.place.lon is not None

    def identity(self) -> dict[str, Any]:
        """The public identity card, as the JSON API gives it (never any contact data)."""
        p = self.place
        return {
            "id": p.id,
            "name": p.name,
            "town": p.town,
            "address": p.address or None,
            "lat": p.lat,
            "lon": p.lon,
            "stage": p.stage,
            "colleges": list(p.colleges),
            "website": p.website or None,
            "description": p.description or None,
            "publics": list(p.publics),
            "services": list(p.services),
            "opening_hours": p.opening_hours or None,
        }


@attrs.frozen
class College:
    """A college of the site: the set that rates it, and how many places it rates."""

    name: str
    rules: Any  # ResolvedSet
    count: int
    #: Every set of the catalogue by id, where the titles of the criteria's themes are found.
    sets: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def title(self) -> str:
        return set_title(self.rules)


class ShownWords:
    """A place's publics and services as the site shows them (the network's words, when it has some)."""

    def __init__(self, network: object) -> None:
        self.lists = {
            key: network.words(key) if isinstance(network, Network) else NO_WORDS for key in WORD_LISTS
        }
        self.memo: dict[tuple[str, str], str] = {}  # thousands of places write the same few words
        self.shown: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}  # and the same few lists
        self.language = current_language()

    def word(self, key: str, entry: str) -> str:
        if (key, entry) not in self.memo:
            word = self.lists[key].word_for(entry)
            self.memo[key, entry] = clean_text(word.shown(self.language) if word else entry)
        return self.memo[key, entry]

    def entries(self, key: str, written: tuple[str, ...]) -> tuple[str, ...]:
        """A list as shown: each entry's word, each once."""
        found = self.shown.get((key, written))
        if found is None:
            found = self.shown[key, written] = tuple(dict.fromkeys(self.word(key, v) for v in written))
        return found

    def of(self, place: Place) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return self.entries("publics", place.publics), self.entries("services", place.services)


def site_place(
    place: Place,
    pairs: Sequence[tuple[PublicRow, Rating]],
    grades: Mapping[str, Sequence[str]],
    shown: ShownWords,
) -> SitePlace:
    """A place and its ratings (rows and ratings of its colleges), in the order of its colleges."""
    items = [SiteRating(row=row, rating=rating, rank=grade_rank(row, grades)) for row, rating in pairs]
    if len(items) > 1:  # many places are in one college
        order = {c: i for i, c in enumerate(place.colleges)}
        items.sort(key=lambda s: (order.get(s.row.college, len(order)), s.row.college))
    return SitePlace(place, tuple(items), *shown.of(place))


def place_order(place: SitePlace) -> tuple[str, str, str, str]:
    """The order of the places on the site: by name in French order, then town, then id."""
    return (fold(place.name), place.name, fold(place.town), place.id)
