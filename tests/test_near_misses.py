"""What a new member writes a little wrong, and what the command line tells them, in both languages.

A scheme one letter off (`htp//`, `htps://`, `http;//`), a date TOML cannot
read (`2026-13-01`, `2026-02-30`, `28/02/2026`, or in quotes): each message
says what is wrong and suggests only what the tool then accepts.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tlcriteria import weburl
from tlcriteria.cli import main

from .conftest import EXAMPLES
from .test_bad_input import assert_problem, edit

PLACE = "le-hangar-partage"


@pytest.fixture
def place(examples: Path) -> Path:
    return examples / "places" / f"{PLACE}.toml"


def check(runner, examples: Path, place: Path, *lang: str):
    return runner.invoke(main, [*lang, "check", str(examples / "criteria"), str(place)])


# --------------------------------------------------------------------------- web addresses


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("htp//example.org", "http://example.org"),
        ("htps://example.org", "https://example.org"),
        ("http;//example.org", "http://example.org"),
        ("https;/example.org/a", "https://example.org/a"),
        ("hhtps://example.org", "https://example.org"),
        ("ttp://example.org", "http://example.org"),
        ("htts://example.org", "https://example.org"),
        ("http.//example.org", "http://example.org"),
        ("http//example.org", "http://example.org"),
        ("http:/example.org", "http://example.org"),
    ],
)
def test_a_scheme_one_letter_off_suggests_the_address_meant(runner, examples, place, written, meant):
    edit(place, 'town = "Rouen"', f'town = "Rouen"\nwebsite = "{written}"')
    line = assert_problem(check(runner, examples, place), place, "website", "is not a web address")
    assert line.endswith(f"(did you mean {meant!r}?)"), line
    assert weburl.is_web_address(meant)


@pytest.mark.parametrize(
    "written", ["ftp://example.org", "htp//nodot", "http//exa mple.org", "mailto:a@example.org"]
)
def test_no_suggestion_is_an_address_the_rule_refuses(written):
    assert weburl.problem(written)[1] == "start it with https:// or http://"


def test_a_name_without_scheme_still_gets_https_before_it(runner, examples, place):
    edit(place, 'town = "Rouen"', 'town = "Rouen"\nwebsite = "www.example.org"')
    line = assert_problem(check(runner, examples, place), place, "website")
    assert line.endswith("(start it with https://, e.g. https://www.example.org)"), line


def test_the_suggestion_in_french(runner, examples, place):
    edit(place, 'town = "Rouen"', 'town = "Rouen"\nwebsite = "htp//example.org"')
    line = assert_problem(check(runner, examples, place, "--lang", "fr"), place, "website")
    assert line.endswith("(vouliez-vous dire 'http://example.org' ?)"), line


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("written", "english", "french"),
    [
        ("2026-13-01", "2026-13-01 is not a valid date (month 01 to 12)", "(mois de 01 à 12)"),
        (
            "2026-02-30",
            "2026-02-30 is not a valid date: February 30 does not exist",
            "le 30 février n’existe pas",
        ),
        ("2025-04-31", "2025-04-31 is not a valid date: April 31 does not exist", "le 31 avril n’existe pas"),
        ("2026-01-32", "2026-01-32 is not a valid date (day 01 to 31)", "(jour de 01 à 31)"),
        ("28/02/2026", "the date 28/02/2026 is not written YYYY-MM-DD", "n’est pas écrite AAAA-MM-JJ"),
        ("2026-2-3", "the date 2026-2-3 is not written YYYY-MM-DD", "n’est pas écrite AAAA-MM-JJ"),
    ],
)
@pytest.mark.parametrize("quoted", [False, True])
def test_a_date_written_wrong_says_what_is_wrong(runner, examples, place, written, english, french, quoted):
    value = f'"{written}"' if quoted else written
    edit(place, 'town = "Rouen"', f'town = "Rouen"\nassessed = {value}')
    line = assert_problem(check(runner, examples, place), place, english)
    assert "quotes" not in line.split("(")[0] and "something follows" not in line
    assert line.endswith("without quotes)"), line
    if not quoted:  # where the TOML reader stopped
        assert ": line 6, column " in line, line
    else:
        assert ": line 6, [place], assessed: " in line, line
    french_line = assert_problem(check(runner, examples, place, "--lang", "fr"), place, french)
    assert "guillemets droits" not in french_line and "sans guillemets)" in french_line


def test_a_valid_date_in_quotes_is_told_to_lose_them(runner, examples, place):
    edit(place, 'town = "Rouen"', 'town = "Rouen"\nassessed = "2026-02-03"')
    line = assert_problem(check(runner, examples, place), place, "assessed")
    assert line.endswith(
        "the date 2026-02-03 is written between quotes: it is read as a text (remove the quotes: assessed = 2026-02-03)"
    ), line


def test_following_the_hint_gives_a_file_that_checks(runner, examples, place):
    edit(place, 'town = "Rouen"', 'town = "Rouen"\nassessed = 28/02/2026')
    line = assert_problem(check(runner, examples, place), place, "28/02/2026")
    suggested = line.rpartition("(write ")[2].partition(",")[0]
    edit(place, "assessed = 28/02/2026", f"assessed = {suggested}")
    assert tomllib.loads(place.read_text(encoding="utf-8"))["place"]["assessed"].isoformat() == "2026-02-28"
    result = check(runner, examples, place)
    assert "assessed" not in result.stderr, result.stderr


@pytest.mark.parametrize("value", ["1.2.3", "2026-01-01 x", "12/5"])
def test_what_is_no_date_keeps_the_toml_message(runner, examples, place, value):
    edit(place, 'town = "Rouen"', f'town = "Rouen"\nassessed = {value}')
    line = assert_problem(check(runner, examples, place), place, "malformed TOML")
    assert "valid date" not in line and "YYYY" not in line, line


def test_the_examples_still_check(runner):
    result = runner.invoke(main, ["check", str(EXAMPLES / "criteria"), str(EXAMPLES / "places")])
    assert result.exit_code == 0, result.output
