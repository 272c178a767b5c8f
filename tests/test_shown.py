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
        ("en", Fraction(609, 10), "60.9%"),
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
def test_the_languages_differ_by_the_mark_and_the_space(value: Fraction) -> None:
    with speaking("fr"):
        french = shown.percent(value)
    with speaking("en"):
        english = shown.percent(value)
    assert french.replace(",", ".").replace(" %", "%") == english


def test_score_table_and_json_through_the_command() -> None:
    """A person reads 72,7 % (72.7% in English); the JSON record keeps its numbers."""
    import json
    import re

    from click.testing import CliRunner

    from tlcriteria.cli import main

    from .conftest import EXAMPLES

    args = ["score", str(EXAMPLES / "places"), "--criteria", str(EXAMPLES / "criteria")]
    env = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
    french = CliRunner().invoke(main, [*args, "--format", "table"], env=env).output
    english = CliRunner().invoke(main, ["--lang", "en", *args, "--format", "table"], env=env).output
    records = json.loads(CliRunner().invoke(main, [*args, "--format", "json"], env=env).output)
    assert re.search(r"pourcentage : \d+,\d %", french) and not re.search(r"\d\.\d %", french)
    assert re.search(r"percent: \d+\.\d%", english) and not re.search(r"\d,\d|\d %", english)
    assert re.search(r"\d,\d{3} × ", french) and re.search(r"\d\.\d{3} × ", english)
    shown = {r["percent"] for r in records if r["percent"] is not None}
    assert shown and all(isinstance(p, float | int) for p in shown)
    for figure in shown:
        assert f"{figure:.1f} %".replace(".", ",") in french


def test_the_public_outputs_write_numbers_through_the_same_module():
    from tlcriteria.publish import format_percent

    assert format_percent(60.9) == "60,9"
    assert format_percent(60.9, ".") == "60.9"
    assert format_percent(13) == "13"  # a whole-percent scheme's figure stays whole
    assert format_percent(None) == ""
