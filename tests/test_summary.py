"""`--format summary`: places per college and grade, the same counts as the rating records."""

from __future__ import annotations

import json
from collections import Counter

from tlcriteria.cli import main

from .conftest import EXAMPLES


def test_summary_counts_what_the_json_records_say(runner):
    args = ["score", "--criteria", str(EXAMPLES / "criteria"), str(EXAMPLES / "places")]
    records = json.loads(runner.invoke(main, [*args, "--format", "json"]).stdout)
    result = runner.invoke(main, [*args, "--format", "summary"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    places = {r["place"] for r in records}
    assert lines[0] == f"{len(places)} places, {len(records)} ratings"
    assert lines[1].split() == ["COLLEGE", "PLACES", "GRADES"]
    rows = {line.split()[0]: line for line in lines[2:]}
    for set_id in {r["set"] for r in records}:
        rated = [r for r in records if r["set"] == set_id]
        counts = Counter(r["grade"] for r in rated)
        _college, count, *grades = rows[set_id].split(maxsplit=2)
        assert int(count) == len({r["place"] for r in rated})
        shown = dict(part.split(": ") for part in grades[0].split(", "))
        assert {g: int(n) for g, n in shown.items()} == dict(counts)


def test_grades_in_the_sets_order_then_the_others(registry):
    """The order the set declares (best first), not the alphabet; profile codes after, sorted."""
    from tlcriteria.formats.summary import grade_counts
    from tlcriteria.place_loading import load_places, rate_places
    from tlcriteria.plugins import build_plugins
    from tlcriteria.registry import build_registry

    registry = build_registry(build_plugins(entry_points_group=None))
    loaded = load_places(registry, [EXAMPLES / "places"], [EXAMPLES / "criteria"])
    ratings = rate_places(loaded.places, loaded.catalogue, registry)
    for set_id in {r.rules.id for r in ratings}:
        rated = [r for r in ratings if r.rules.id == set_id]
        shown = [part.split(": ")[0] for part in grade_counts(rated).split(", ")]
        declared = [g.grade for g in rated[0].rules.grades]
        known = [g for g in shown if g in declared]
        assert known == sorted(known, key=declared.index)
        others = [g for g in shown if g not in declared]
        assert others == sorted(others) and shown == known + others


def test_publish_takes_the_summary_too(runner):
    result = runner.invoke(
        main, ["publish", "--criteria", str(EXAMPLES / "criteria"), str(EXAMPLES / "places"), "-f", "summary"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split() == ["COLLEGE", "PLACES", "GRADES"]
