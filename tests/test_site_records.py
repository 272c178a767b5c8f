"""The site's API writes each rating record from kept pieces: every one must be `rating_record`'s,
written as `compact_json` writes it, whatever the place's texts, grade and trust marks."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tlcriteria import rating_record as records_module
from tlcriteria.formats.html import compact_json
from tlcriteria.formats.site import records as site_records
from tlcriteria.formats.site.records import CompactRecords
from tlcriteria.model import Trust, Verification
from tlcriteria.place_loading import load_places, rate_places
from tlcriteria.rating_record import criterion_entry, rating_record

from .site_network import REPO

TRUSTS = (
    None,
    Trust(),
    Trust(assessed="2026-03-01", stale=True),
    Trust(assessed="2025-01-31", signature="valid"),
    Trust(
        signature="invalid",
        verification=Verification("verified", 2, {"communs-c01": "confirmed", 'a"b': "disputed"}),
    ),
)


@pytest.fixture(scope="module")
def ratings(registry):
    # The worked network: several sets and schemes, every college, places with and without grades.
    loaded = load_places(registry, [REPO / "examples" / "normandie" / "places"], [REPO / "criteria"])
    return tuple(rate_places(loaded.places, loaded.catalogue, registry))


def written(records: CompactRecords, rating) -> str:
    before, after = records.parts(rating)
    return before + compact_json([criterion_entry(r) for r in rating.results])[1:-1] + after


def test_every_record_is_rating_record_s(ratings):
    records = CompactRecords()  # one writer for all: its kept pieces serve every record
    assert len(ratings) > 20
    for trust in TRUSTS:
        for rating in ratings:
            rating = attrs.evolve(rating, trust=trust)
            assert written(records, rating) == compact_json(rating_record(rating))


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(),
    town=st.text(),
    grade=st.none() | st.text(),
    assessed=st.none() | st.text(),
    index=st.integers(min_value=0),
)
def test_any_texts_are_written_as_json_writes_them(ratings, name, town, grade, assessed, index):
    rating = ratings[index % len(ratings)]
    place = attrs.evolve(rating.place, name=name, town=town)
    rating = attrs.evolve(rating, place=place, grade=grade, trust=Trust(assessed=assessed))
    assert written(CompactRecords(), rating) == compact_json(rating_record(rating))


def test_a_trust_entry_it_does_not_place_takes_the_long_way(ratings, monkeypatch):
    def more(trust):
        return {"assessed": trust.assessed, "stale": trust.stale, "reviewed_by": ["x"]}

    monkeypatch.setattr(records_module, "trust_entries", more)
    monkeypatch.setattr(site_records, "trust_entries", more)
    rating = attrs.evolve(ratings[0], trust=Trust(assessed="2026-01-01"))
    assert '"reviewed_by":["x"]' in written(CompactRecords(), rating)
    assert written(CompactRecords(), rating) == compact_json(rating_record(rating))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_compact_json_writes_what_the_standard_encoder_writes(value):
    """`compact_json`'s C core, made once, writes what `json.dumps` writes with the same settings
    (NaN and infinities included), and so does its fallback without it."""
    import json

    from tlcriteria.formats import html

    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert compact_json(value) == expected
    kept = html._ENCODE
    html._ENCODE = None
    try:
        assert compact_json(value) == expected
    finally:
        html._ENCODE = kept
