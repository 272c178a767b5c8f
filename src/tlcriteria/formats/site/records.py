"""The rating records of the site's API (`api/places/ID.json`), written as compact JSON.

A record's text is `compact_json(rating_record(rating, criteria=[]))` (SPEC §6: sorted keys,
no spaces), its criteria elements spliced in. The site writes thousands of records that share
most of their pieces (a set's fields, a place's, grades, lists of criteria, theme names):
those are written once and kept, and each record is put together from them with its keys in
sorted order (a test compares every record with `rating_record`'s).
"""

from __future__ import annotations

from json.encoder import encode_basestring  # the C one, as ensure_ascii=False uses
from typing import TYPE_CHECKING, Any

from ...rating_record import percent_or_none, rating_record, round_down, shown_percent, trust_entries
from ..html import compact_json
from ..json_format import json_scalar

if TYPE_CHECKING:
    from ...model import Place, Rating, ResolvedSet, Trust

#: The entries `trust_entries` may add to a record, each written in its place by `CompactRecords`.
_TRUST_KEYS = frozenset({"assessed", "stale", "signature", "verification"})
_NO_TRUST: dict[str, Any] = {}


class CompactRecords:
    """Writes rating records, keeping what they share, for one writer of places."""

    def __init__(self) -> None:
        self.sets: dict[int, tuple[ResolvedSet, str]] = {}  # by id(rules), the rules kept alive
        self.place: tuple[Place | None, tuple[str, ...]] = (None, ())  # the last place's texts
        self.texts: dict[Any, str] = {}  # grades and lists of criteria ids, as JSON
        self.themes: dict[tuple[str, ...], list[tuple[str, str]]] = {}  # sorted, keys as JSON
        #: The trust entries, in their four places, by trust marks (most places share theirs);
        #: None for marks with an entry not placed here.
        self.trusts: dict[Trust | None, tuple[str, str, str, str] | None] = {}

    def parts(self, rating: Rating) -> tuple[str, str]:
        """The record's text before its criteria elements and after them."""
        trust = rating.trust
        marks = self.trusts.get(trust, _UNSEEN)
        if marks is _UNSEEN:
            marks = self.trusts[trust] = _trust_texts(trust)
        if marks is None:  # an entry not placed below: the long way
            before, after = compact_json(rating_record(rating, criteria=[])).split('"criteria":[]', 1)
            return before + '"criteria":[', "]" + after
        rules, place = rating.rules, rating.place
        kept = self.sets.get(id(rules))
        if kept is None or kept[0] is not rules:
            fields = {"scheme": rules.scheme, "set": rules.id, "set_digest": rules.digest}
            fields["set_version"] = rules.version
            kept = self.sets[id(rules)] = (rules, compact_json(fields)[1:-1])
        if self.place[0] is not place:  # a place's ratings come one after the other
            self.place = (place, tuple(map(_json, (place.name, place.id, place.stage, place.town))))
        name, place_id, stage, town = self.place[1]
        texts = self.texts
        grade, failed, unanswered = rating.grade, rating.must_failed, rating.unanswered
        if (grade_text := texts.get(grade)) is None:
            grade_text = texts[grade] = _json(grade)
        if (failed_text := texts.get(failed)) is None:
            failed_text = texts[failed] = compact_json(list(failed))
        if (unanswered_text := texts.get(unanswered)) is None:
            unanswered_text = texts[unanswered] = compact_json(list(unanswered))
        themes = rating.themes
        names = tuple(themes)
        if (order := self.themes.get(names)) is None:
            order = self.themes[names] = [(theme, _json(theme) + ":") for theme in sorted(names)]
        # round_down gives finite floats, which JSON writes as repr does.
        theme_text = ",".join([key + repr(round_down(themes[theme], 1)) for theme, key in order])
        assessed, signature, stale, verification = marks
        return (
            "{" + assessed + '"criteria":[',
            f'],"grade":{grade_text},"must_failed":{failed_text},"name":{name},'
            f'"percent":{_number(percent_or_none(rating.percent))},"place":{place_id},{kept[1]},'
            f'"shown_percent":{_number(shown_percent(rating))}{signature},'
            f'"stage":{stage}{stale},"themes":{{{theme_text}}},"town":{town},'
            f'"unanswered":{unanswered_text}{verification}}}',
        )


_UNSEEN: Any = object()


def _trust_texts(trust: Trust | None) -> tuple[str, str, str, str] | None:
    """`trust_entries` as the texts `CompactRecords.parts` puts in their places (`"assessed"`
    before `"criteria"`, the others after a key); None when it holds an entry not placed."""
    entries = _NO_TRUST if trust is None else trust_entries(trust)
    if not _TRUST_KEYS.issuperset(entries):
        return None
    return (
        _entry(entries, "assessed", before="", after=","),
        _entry(entries, "signature"),
        _entry(entries, "stale"),
        _entry(entries, "verification"),
    )


def _entry(entries: dict[str, Any], key: str, before: str = ",", after: str = "") -> str:
    """`key` and its value as JSON, when `entries` holds it."""
    return f'{before}"{key}":{_json(entries[key])}{after}' if key in entries else ""


def _number(value: object) -> str:
    # Percents rounded down are finite floats, written as JSON writes them: the common case first.
    return float.__repr__(value) if type(value) is float else _json(value)


def _json(value: object) -> str:
    """`value` as `compact_json` writes it; texts and plain values without the encoder."""
    if type(value) is str:
        return encode_basestring(value)
    return json_scalar(value) or compact_json(value)
