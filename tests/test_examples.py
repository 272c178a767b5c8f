"""The worked examples give exactly the figures of expected.json."""

from __future__ import annotations

import json

from tlcriteria.cli import main

from .conftest import EXAMPLES


def score_json(runner, *args: str) -> list[dict]:
    result = runner.invoke(main, ["score", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_examples_match_expected(runner, expected):
    records = score_json(runner, str(EXAMPLES / "places"), "--criteria", str(EXAMPLES / "criteria"))
    got = {(r["place"], r["set"]): r for r in records}
    assert set(got) == {(e["place"], e["set"]) for e in expected}
    for case in expected:
        record = got[(case["place"], case["set"])]
        assert record["percent"] == case["percent"], case["place"]
        assert record["grade"] == case["grade"]
        assert record["must_failed"] == case["must_failed"]
        assert record["unanswered"] == case["unanswered"]
        assert record["themes"] == case["themes"]
        assert {c["id"]: c["outcome"] for c in record["criteria"]} == case["outcomes"]
        assert list(case["outcomes"]) == [c["id"] for c in record["criteria"]], "criteria keep set order"


def test_record_carries_version_and_digest(runner):
    records = score_json(runner, str(EXAMPLES / "places"), "--criteria", str(EXAMPLES / "criteria"))
    for record in records:
        assert record["set_version"] == "2026.1-exemple"
        assert record["set_digest"].startswith("sha256:") and len(record["set_digest"]) == 71
        assert "contact" not in json.dumps(record)
    digests = {r["set"]: r["set_digest"] for r in records}
    assert digests["fablab"] != digests["tiers-lieu"]


def test_check_accepts_the_examples(runner):
    result = runner.invoke(main, ["check", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert "no problem found" in result.stdout


def test_table_format_shows_grade_percent_and_outcomes(runner):
    result = runner.invoke(
        main,
        [
            "score",
            str(EXAMPLES / "places" / "le-hangar-partage.toml"),
            "--criteria",
            str(EXAMPLES / "criteria"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "grade: D" in result.stdout
    assert "31.8%" in result.stdout
    assert "co-construction" in result.stdout and "unsupported" in result.stdout
    assert "must failed: accueil-public" in result.stdout


def test_a_base_set_without_grades_is_not_rated_alone(runner):
    """communs has no [[grades]]: --set communs says so instead of printing grade null."""
    result = runner.invoke(
        main,
        ["score", str(EXAMPLES / "places"), "--criteria", str(EXAMPLES / "criteria"), "--set", "communs"],
    )
    assert result.exit_code == 1
    assert "set 'communs' has no [[grades]]: it is rated through the sets that extend it" in result.stderr
    assert result.stdout == ""
