"""The speed-ups of `score` change nothing a user can see.

The JSON writer must give exactly what `json.dumps(…, sort_keys=True,
ensure_ascii=False, indent=2)` gives; the integer sums of the engine exactly
the Fractions added one by one; the cached rounding exactly the direct one.
"""

from __future__ import annotations

from fractions import Fraction

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from tlcriteria import engine
from tlcriteria.formats.json_format import dumps, reference_dumps
from tlcriteria.model import Criterion, CriterionResult
from tlcriteria.publish import COLUMNS, STREAMED_COLUMNS, TRUST_COLUMNS, PublicRow
from tlcriteria.rating_record import _round_down, round_down

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=5), inner, max_size=5),
    ),
    max_leaves=30,
)


@settings(max_examples=150)
@given(json_values)
def test_json_writer_matches_json_dumps(value):
    assert dumps(value) == reference_dumps(value)


def test_json_writer_remembers_leaves_without_mixing_types():
    # 1 and 1.0 and True are equal in Python but not in JSON; 0.0 and -0.0 too.
    data = [{"a": 1}, {"a": 1.0}, {"a": True}, {"a": 0.0}, {"a": -0.0}, [{"a": 1}], {"b": {"a": 1}}]
    assert dumps(data) == reference_dumps(data)


def test_json_writer_handles_other_key_types_as_json_does():
    data = {"x": {1: "a", 2: ["b"]}, "y": [{"k": 3}]}
    assert dumps(data) == reference_dumps(data)


fractions = st.fractions(min_value=0, max_value=1, max_denominator=50)


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(
            st.fractions(min_value=Fraction(1, 10), max_value=10, max_denominator=20),
            fractions,
            st.sampled_from(["satisfied", "partial", "unsatisfied", "na", "unanswered"]),
        ),
        max_size=12,
    )
)
def test_percent_sums_exactly_as_fractions(rows):
    results = tuple(
        CriterionResult(
            Criterion(f"c{i}", "s", "t", "q", "yes-no", None, weight=w, theme=("a", "b", None)[i % 3]),
            outcome,
            credit,
        )
        for i, (w, credit, outcome) in enumerate(rows)
    )
    assert engine.percent_of(results) == engine._percent_of_slow(results)
    slow_themes: dict[str, Fraction] = {}
    for theme in ("a", "b"):
        members = [r for r in results if r.criterion.theme == theme]
        percent = engine._percent_of_slow(members)
        if members and percent is not None:
            slow_themes[theme] = percent
    assert engine._percents(results) == (engine._percent_of_slow(results), slow_themes)
    assert list(engine.theme_percents(results)) == sorted(slow_themes)


@given(st.fractions(min_value=-200, max_value=200, max_denominator=1000), st.sampled_from([1, 3]))
def test_cached_rounding_is_the_direct_rounding(value, places):
    first = round_down(value, places)
    assert first == _round_down(value, places) == round_down(value, places)


def test_fast_rating_path_gives_the_same_ratings(registry):
    from tlcriteria.place_loading import load_places

    from .conftest import EXAMPLES

    loaded = load_places(registry, [EXAMPLES / "places"], [EXAMPLES / "criteria"])
    memo: dict = {}
    for _ in range(2):  # the second round reads the memo
        for place in loaded.places:
            for rules in loaded.catalogue.sets.values():
                scheme = registry.schemes[rules.scheme]
                plain = engine.rate(place, rules, registry.kinds, scheme)
                fast = engine.rate(place, rules, registry.kinds, scheme, memo)
                assert fast == plain


@settings(max_examples=60)
@given(
    st.lists(
        st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10**6, places=None),
        min_size=1,
        max_size=8,
    )
)
def test_remembered_decimal_answers_are_shown_as_written(registry, values):
    """Equal decimals written differently (1.0, 1.00) are shown each as written, remembered or not."""
    from decimal import Decimal
    from types import SimpleNamespace

    from tlcriteria.model import Answer
    from tlcriteria.publish import _show_answer, show_answer

    criterion = _number_criterion(registry)
    for value in [*values, *(v.quantize(Decimal("0.01")) for v in values if v < 10**4), *values]:
        result = SimpleNamespace(criterion=criterion, answer=Answer(value=value))
        assert show_answer(result, registry.kinds) == _show_answer(criterion, value, registry.kinds)


_NUMBER_CRITERION: list = []


def _number_criterion(registry):
    """A `number` criterion of the example catalogue (loaded once)."""
    if not _NUMBER_CRITERION:
        from tlcriteria.place_loading import load_places

        from .conftest import EXAMPLES

        loaded = load_places(registry, [EXAMPLES / "places"], [EXAMPLES / "criteria"])
        _NUMBER_CRITERION.extend(
            c for rules in loaded.catalogue.sets.values() for c in rules.active_criteria if c.kind == "number"
        )
    return _NUMBER_CRITERION[0]


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(exclude_categories=("Cs",)),
            st.sampled_from(" \t\n\x1c\x1f\xa0\u200b\u200e\u2060\u180e\ufeff\xad\u3000éà"),
        )
    )
)
def test_visible_length_counts_as_a_test_of_every_character(text):
    import unicodedata

    direct = sum(1 for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    assert engine.visible_length(text) == direct


@settings(max_examples=200)
@given(
    st.lists(
        st.fractions(min_value=0, max_value=100, max_denominator=40), min_size=1, max_size=5, unique=True
    ),
    st.one_of(
        st.integers(0, 120),
        st.decimals(min_value=0, max_value=120, allow_nan=False, allow_infinity=False, places=3),
    ),
)
def test_number_credit_compares_as_fractions_do(steps, value):
    """The number kind compares an answer with its thresholds in integers: as Fractions would."""
    from tlcriteria.kinds.number import Number, NumberConfig

    at = sorted(steps)
    thresholds = tuple((a, Fraction(i + 1, len(at))) for i, a in enumerate(at))
    expected = Fraction(0)
    for at_least, credit in thresholds:
        if Fraction(value) < at_least:
            break
        expected = credit
    assert Number().credit(NumberConfig(thresholds), value) == expected


# --------------------------------------------------------------------------- public tables


#: A row's sort key as the pool's pieces carry it: cleaned texts, their folds and ids.
def _key_parts(texts):
    from tlcriteria.publish import clean_text, fold

    parts = []
    for text in texts:
        cleaned = clean_text(text)
        parts += (fold(cleaned), cleaned)
    return tuple(parts)


@settings(max_examples=300)
@given(
    st.lists(st.text(alphabet="aAéÉeE \x00\x01\t-zœ’") | st.text(), min_size=3, max_size=3),
    st.lists(st.text(alphabet="aAéÉeE \x00\x01\t-zœ’") | st.text(), min_size=3, max_size=3),
)
def test_joined_sort_keys_order_as_their_tuples(first, second):
    """The pool's pieces carry their sort key as one text: ordered exactly as the tuple is."""
    from tlcriteria.publish import joined_key

    a, b = _key_parts(first), _key_parts(second)
    assert (joined_key(a) < joined_key(b)) == (a < b)
    assert (joined_key(a) == joined_key(b)) == (a == b)


hostile_text = st.one_of(st.text(), st.text(alphabet=",;\"'\r\n\t=+-@ aé|"))


@settings(max_examples=300)
@given(st.lists(hostile_text, max_size=10), st.sampled_from(["excel", "fr"]))
def test_csv_lines_are_those_of_csv_writer(cells, dialect):
    """A CSV line is joined by hand, its cells remembered: exactly what csv.writer writes."""
    import csv
    import io

    from tlcriteria.formats.csv_format import _CELL_TEXTS, DIALECTS, CellTexts, neutralise

    delimiter = DIALECTS[dialect]["delimiter"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(c) for c in cells])
    assert CellTexts(delimiter).line(cells) == out.getvalue()
    assert _CELL_TEXTS[dialect].line(cells) == _CELL_TEXTS[dialect].line(cells) == out.getvalue()


percents = st.one_of(
    st.none(),
    st.integers(0, 100),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, 40.2, 99.9]),
)


@settings(max_examples=200)
@given(st.lists(percents, max_size=6), st.sampled_from([",", "."]))
def test_remembered_percents_are_written_as_number_writes_them(values, decimal):
    from tlcriteria.publish import format_percent
    from tlcriteria.shown import number

    for value in [*values, *values]:  # the second time, from memory
        expected = "" if value is None else number(value, mark=decimal)
        assert format_percent(value, decimal) == expected


def _column_text(row, key, decimal):
    """A public column's text, as `PublicRow.value` wrote it key by key before its table."""
    from tlcriteria.freshness import STALE_LABEL
    from tlcriteria.publish import format_percent, signature_label, verification_label

    texts = {
        "place": row.name,
        "town": row.town,
        "stage": row.stage_label,
        "college": row.college,
        "grade": row.grade or "",
        "percent": format_percent(row.percent, decimal),
        "must_failed": ", ".join(row.must_failed_titles),
        "version": row.version,
        "signature": signature_label(row.signature),
        "verification": verification_label(row.verification, row.peers),
        "freshness": ", ".join(p for p in [row.assessed or "", STALE_LABEL if row.stale else ""] if p),
    }
    return texts[key]


public_rows = st.builds(
    lambda name, stage, grade, percent, failed, signature, verification, peers, assessed, stale: PublicRow(
        place_id="p",
        name=name,
        town="Évreux",
        stage=stage,
        college="coworking",
        set_id="coworking",
        set_title="Coworking",
        version="2026.1",
        grade=grade,
        percent=percent,
        must_failed=tuple(f"c{i}" for i in range(len(failed))),
        must_failed_titles=tuple(failed),
        signature=signature,
        verification=verification,
        peers=peers,
        assessed=assessed,
        stale=stale,
    ),
    hostile_text,
    st.sampled_from(["existing", "creating", "project", "other"]),
    st.one_of(st.none(), hostile_text),
    percents,
    st.lists(hostile_text, max_size=3),
    st.sampled_from([None, "signed", "unsigned", "wrong-key", "unknown-state"]),
    st.sampled_from([None, "self", "verified", "disputed"]),
    st.integers(0, 3),
    st.sampled_from([None, "", "2026-05-01"]),
    st.booleans(),
)


@settings(max_examples=200)
@given(
    public_rows, st.sampled_from([",", "."]), st.permutations([*COLUMNS, *TRUST_COLUMNS]), st.integers(0, 11)
)
def test_row_cells_are_each_columns_text(row, decimal, shuffled, count):
    """A row's cells, written at once for the usual columns, are each column's own text."""
    for columns in (COLUMNS, *STREAMED_COLUMNS, COLUMNS + TRUST_COLUMNS, tuple(shuffled[:count])):
        expected = tuple(_column_text(row, key, decimal) for key, _ in columns)
        assert row.cells(decimal, columns) == expected
        assert tuple(row.value(key, decimal) for key, _ in columns) == expected


coordinates = st.one_of(st.floats(-90, 90), st.integers(-90, 90))


@settings(max_examples=200)
@given(
    st.lists(public_rows, min_size=1, max_size=3),
    coordinates,
    coordinates,
    st.sampled_from(["", "https://lieu.example.org", "https://a.example.org/*x*", "pas un site"]),
    st.lists(hostile_text, max_size=3),
    st.lists(st.one_of(st.none(), st.integers(0, 100), st.floats(0, 100)), min_size=3, max_size=3),
)
def test_geojson_feature_text_is_json_dumps_of_the_feature(rows, lat, lon, website, failed_ids, shown):
    """A map's feature, written from a template, is exactly the feature's data through json.dumps."""
    import json

    from tlcriteria.formats.geojson import feature, feature_text

    colleges = ("fablab", "coworking", "tiers-lieu")
    place_rows = [
        attrs.evolve(
            row,
            college=colleges[i],
            set_id=colleges[i],
            lat=lat,
            lon=lon,
            website=website,
            colleges=colleges[::-1],
            must_failed=tuple(failed_ids),
            percent=shown[i],  # a percent, as the map's colour reads it
        )
        for i, row in enumerate(rows)
    ]
    grades = {"coworking": ("A", "B", "C"), "fablab": ("A", "D")}
    expected = json.dumps(feature(place_rows, grades), sort_keys=True, ensure_ascii=False, indent=2)
    assert feature_text(place_rows, grades) == expected.replace("\n", "\n    ")  # two levels deep
