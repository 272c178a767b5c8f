"""The speed-ups of `score` change nothing a user can see.

The JSON writer must give exactly what `json.dumps(…, sort_keys=True,
ensure_ascii=False, indent=2)` gives; the integer sums of the engine exactly
the Fractions added one by one; the cached rounding exactly the direct one.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tlcriteria import engine
from tlcriteria.formats.json_format import dumps, reference_dumps
from tlcriteria.model import Criterion, CriterionResult
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
