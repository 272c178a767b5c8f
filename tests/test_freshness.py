"""Freshness (SPEC §10): `assessed` written by assess, `valid_for_months`, stale ratings marked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria.cli import main
from tlcriteria.freshness import add_months, is_stale

from .conftest import EXAMPLES

TODAY = dt.date.today()


@pytest.fixture
def net(tmp_path: Path) -> Path:
    """The worked examples; the tiers-lieu set holds a rating 12 months."""
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    rules = tmp_path / "ex" / "criteria" / "tiers-lieu.toml"
    rules.write_text(
        rules.read_text().replace(
            'college = "tiers-lieu"\n', 'college = "tiers-lieu"\nvalid_for_months = 12\n'
        )
    )
    return tmp_path / "ex"


def set_assessed(path: Path, day: str | None) -> None:
    text = path.read_text()
    if day is not None:
        text = text.replace("[place]\n", f"[place]\nassessed = {day}\n", 1)
    path.write_text(text)


def records(runner, net: Path, *extra: str) -> dict[tuple[str, str], dict]:
    result = runner.invoke(
        main, ["score", str(net / "places"), "--criteria", str(net / "criteria"), "--format", "json", *extra]
    )
    assert result.exit_code == 0, result.output
    return {(r["place"], r["set"]): r for r in json.loads(result.stdout)}


def test_stale_and_assessed_in_the_json_record(runner, net):
    old = (TODAY - dt.timedelta(days=800)).isoformat()
    recent = (TODAY - dt.timedelta(days=30)).isoformat()
    set_assessed(net / "places" / "la-fabrique-exemple.toml", old)
    set_assessed(net / "places" / "le-hangar-partage.toml", recent)
    got = records(runner, net)
    fabrique = got[("la-fabrique-exemple", "tiers-lieu")]
    assert (fabrique["assessed"], fabrique["stale"]) == (old, True)
    assert got[("le-hangar-partage", "tiers-lieu")]["assessed"] == recent
    assert got[("le-hangar-partage", "tiers-lieu")]["stale"] is False
    # The fablab set says nothing about validity: never stale.
    assert got[("la-fabrique-exemple", "fablab")]["stale"] is False
    # No date recorded under a set that limits validity: it cannot show it is current.
    rules = net / "criteria" / "fablab.toml"
    rules.write_text(
        rules.read_text().replace('college = "fablab"\n', 'college = "fablab"\nvalid_for_months = 6\n')
    )
    mobile = records(runner, net)[("l-atelier-mobile", "fablab")]
    assert (mobile["assessed"], mobile["stale"]) == (None, True)


def test_stale_marked_in_every_publishing_format(runner, net, tmp_path):
    set_assessed(net / "places" / "la-fabrique-exemple.toml", "2020-01-15")
    base = ["publish", str(net / "places"), "--criteria", str(net / "criteria"), "--date", TODAY.isoformat()]
    outputs = {}
    for fmt in ("md", "mediawiki", "csv", "html", "geojson", "json"):
        result = runner.invoke(main, [*base, "--format", fmt])
        assert result.exit_code == 0, result.output
        outputs[fmt] = result.stdout
    for fmt in ("md", "mediawiki", "html", "geojson"):
        assert "à actualiser" in outputs[fmt], fmt
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    fabrique = [r for r in rows if r["Lieu"] == "La Fabrique d'Exemple" and r["Collège"] == "tiers-lieu"]
    assert fabrique[0]["Évaluée le"] == "2020-01-15, à actualiser"
    features = json.loads(outputs["geojson"])["features"]
    ratings = [r for f in features for r in f["properties"]["ratings"] if r["college"] == "tiers-lieu"]
    assert {r.get("stale") for r in ratings} == {True}
    published = json.loads(outputs["json"])["ratings"]
    assert {(r["place"], r["stale"]) for r in published if r["set"] == "tiers-lieu"} == {
        ("la-fabrique-exemple", True),
        ("le-hangar-partage", True),
    }


def test_publication_date_decides_freshness(runner, net):
    set_assessed(net / "places" / "la-fabrique-exemple.toml", "2025-06-01")
    base = ["publish", str(net / "places"), "--criteria", str(net / "criteria"), "--format", "json"]

    def stale(date: str) -> bool:
        result = runner.invoke(main, [*base, "--date", date])
        assert result.exit_code == 0, result.output
        found = json.loads(result.stdout)["ratings"]
        return next(
            r["stale"] for r in found if r["place"] == "la-fabrique-exemple" and r["set"] == "tiers-lieu"
        )

    assert stale("2026-06-01") is False
    assert stale("2026-06-02") is True


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ((TODAY + dt.timedelta(days=2)).isoformat(), "is in the future"),
        ('"2026-01-01"', "the date 2026-01-01 is written between quotes: it is read as a text"),
        ("2026-01-01T10:00:00", "expected a date such as 2026-01-31"),
    ],
)
def test_bad_assessed_is_an_error_naming_the_file(runner, net, written, message):
    path = net / "places" / "la-fabrique-exemple.toml"
    set_assessed(path, written)
    for command in ("check", "score"):
        args = [command, str(path), "--criteria", str(net / "criteria")]
        result = runner.invoke(main, args)
        assert result.exit_code == 1
        assert f"{path}: line 3, [place], assessed: " in result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.output


def test_bad_valid_for_months_is_an_error(runner, net):
    rules = net / "criteria" / "tiers-lieu.toml"
    rules.write_text(rules.read_text().replace("valid_for_months = 12", "valid_for_months = 0"))
    result = runner.invoke(main, ["check", str(net / "criteria")])
    assert result.exit_code == 1
    assert "[set], valid_for_months: 0 is out of range" in result.stderr


def test_assess_records_the_day_only_when_answers_change(runner, tmp_path):
    path = tmp_path / "lieu.toml"
    path.write_text(
        '[place]\nid = "lieu"\nname = "Le Lieu"\ntown = "Caen"\nstage = "existing"\n'
        'assessed = 2024-02-03\ncolleges = ["tiers-lieu"]\n\n[answers]\nliberte-usagers = true\n',
        "utf-8",
    )
    crit = str(EXAMPLES / "criteria")
    env = {"LANGUAGE": "en"}
    # Quitting at once changes nothing: the recorded day stays.
    result = runner.invoke(main, ["assess", str(path), "--criteria", crit], input="quit\n", env=env)
    assert result.exit_code == 0, result.output
    assert tomllib.loads(path.read_text())["place"]["assessed"] == dt.date(2024, 2, 3)
    # One new answer: today.
    result = runner.invoke(main, ["assess", str(path), "--criteria", crit], input="1\nquit\n", env=env)
    assert result.exit_code == 0, result.output
    assert tomllib.loads(path.read_text())["place"]["assessed"] == TODAY


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(1, 120))
def test_a_rating_is_current_for_exactly_its_months(day, months):
    end = add_months(day, months)
    assert not is_stale(day, months, end)
    assert is_stale(day, months, end + dt.timedelta(days=1))
    assert not is_stale(day, None, end + dt.timedelta(days=9999))
    assert end.day <= day.day and (end.year * 12 + end.month) - (day.year * 12 + day.month) == months
