"""One way to write numbers in each language (shown.py), rounded down (SPEC v2 §6)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria import shown
from tlcriteria.i18n import speaking


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", Fraction(609, 10), "60,9 %"),
        ("en", Fraction(609, 10), "60.9 %"),
        ("fr", Fraction(3996, 100), "39,9 %"),  # rounded down: never overstated
        ("fr", Fraction(40), "40,0 %"),
        ("fr", 61, "61 %"),  # a whole-percent scheme's figure stays whole
        ("fr", 40.2, "40,2 %"),  # a float is already rounded: 40.1999… is not taken down again
    ],
)
def test_percent(language: str, value: Fraction | float | int, expected: str) -> None:
    with speaking(language):
        assert shown.percent(value) == expected


def test_trimmed_and_three_places() -> None:
    with speaking("fr"):
        assert shown.percent(Fraction(125, 2), trim=True) == "62,5 %"
        assert shown.percent(Fraction(80), trim=True) == "80 %"
        assert shown.number(Fraction(2, 3), 3) == "0,666"
    with speaking("en"):
        assert shown.number(Fraction(2, 3), 3) == "0.666"


@given(st.fractions(min_value=0, max_value=100))
def test_shown_never_overstates_and_is_within_a_tenth(value: Fraction) -> None:
    with speaking("fr"):
        text = shown.number(value)
    figure = Fraction(text.replace(",", "."))
    assert figure <= value < figure + Fraction(1, 10)
    assert "." not in text


@given(st.fractions(min_value=0, max_value=100))
def test_the_languages_differ_only_by_the_mark(value: Fraction) -> None:
    with speaking("fr"):
        french = shown.percent(value)
    with speaking("en"):
        english = shown.percent(value)
    assert french.replace(",", ".") == english
