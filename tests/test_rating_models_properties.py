"""Properties of the rating models (SPEC §9) for any set that uses them.

The sets and places of tests/test_properties.py, with the new keys drawn on
top: `na`, `option_evidence`, `na_evidence`, `accept_unmet`, and the
`whole-percent` scheme. Bounds, monotonicity, the n/a rule, determinism.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tlcriteria.rating_record import rating_record

from .test_properties import (
    all_criteria,
    answers_for,
    builtins_only,  # noqa: F401 - the autouse fixture, for this module too
    catalogue_data,
    more_credit,
    place_for,
    rate_data,
)

#: Fewer examples than test_properties: the same strategies, already explored there.
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FULL_EVIDENCE = {"justification": "Assemblée des usagers chaque mois", "url": "https://exemple.org/piece"}


@st.composite
def model_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Sets of test_properties with rating-model keys drawn on their criteria and heads."""
    sets = copy.deepcopy(draw(catalogue_data()))
    for data in sets:
        if draw(st.booleans()):
            data["set"]["na"] = draw(st.sampled_from(["exclude", "met"]))
        if "grades" in data and draw(st.booleans()):
            data["set"]["scheme"] = "whole-percent"
            if draw(st.booleans()):
                data["set"]["shown_rounding"] = draw(st.sampled_from(["down", "half-up"]))
            if draw(st.booleans()):
                data["set"]["shown_cap"] = draw(st.integers(90, 100))
        for crit in data.get("criteria", []):
            if draw(st.booleans()):
                crit["accept_unmet"] = draw(st.sampled_from(["never", "justified", "always"]))
            if crit["na_allowed"] and draw(st.booleans()):
                crit["na_evidence"] = draw(st.sampled_from(["none", "justification", "url"]))
            if "options" in crit and draw(st.booleans()):
                ids = [o["id"] for o in crit["options"]]
                chosen = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1))
                crit["option_evidence"] = {
                    o: draw(st.sampled_from(["none", "justification", "url"])) for o in chosen
                }
    return sets


@st.composite
def model_scenario(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    sets = draw(model_sets())
    return sets, draw(answers_for(sets))


def with_full_evidence(answers: dict[str, Any]) -> dict[str, Any]:
    """Every given value in long form with a justification and a URL."""
    found: dict[str, Any] = {}
    for key, answer in answers.items():
        if answer is None or (isinstance(answer, dict) and answer.get("na")):
            found[key] = answer
        else:
            value = answer.get("value") if isinstance(answer, dict) else answer
            found[key] = {"value": value, **FULL_EVIDENCE}
    return found


def grade_rank(sets: list[dict[str, Any]], rating) -> int:
    names = [g["grade"] for g in next(s for s in sets if s["set"]["id"] == rating.rules.id)["grades"]]
    return names.index(rating.grade)


@SETTINGS
@given(model_scenario())
def test_bounds_hold_with_every_model(registry, case):
    sets, answers = case
    for rating in rate_data(registry, sets, [place_for(sets, answers)]):
        assert all(0 <= r.credit <= 1 for r in rating.results)
        if rating.percent is None:
            assert rating.grade is None and rating.shown_percent is None
            continue
        assert 0 <= rating.percent <= 100 and rating.grade is not None
        shown = rating.shown_percent
        assert shown is not None and 0 <= shown <= 100
        if rating.rules.scheme == "whole-percent":
            assert shown.denominator == 1
            assert (shown == 100) == (rating.percent == 100)
            assert abs(shown - rating.percent) < 1 or shown == rating.rules.set.scheme_keys.get("shown_cap")
        else:
            assert shown == rating.percent


@st.composite
def raised(draw: st.DrawFn):
    """A scenario whose answers carry every evidence, and the same with one answer given more credit."""
    sets, answers = draw(model_scenario())
    answers = with_full_evidence(answers)
    candidates = [
        c
        for c in all_criteria(sets)
        if not (isinstance(answers[c["id"]], dict) and answers[c["id"]].get("na"))
    ]
    assume(candidates)
    crit = draw(st.sampled_from(candidates))
    before = answers[crit["id"]]
    value = None if before is None else before["value"]
    new = draw(more_credit(crit, value))
    after = dict(answers)
    after[crit["id"]] = {"value": new, **FULL_EVIDENCE}
    return sets, answers, after


@SETTINGS
@given(raised())
def test_more_credit_never_lowers_percent_or_grade(registry, case):
    sets, before, after = case
    low = rate_data(registry, sets, [place_for(sets, before)])
    high = rate_data(registry, sets, [place_for(sets, after)])
    for a, b in zip(low, high, strict=True):
        if a.percent is None:
            continue
        assert b.percent >= a.percent
        assert b.shown_percent >= a.shown_percent
        assert grade_rank(sets, b) <= grade_rank(sets, a)


@st.composite
def na_met_toggle(draw: st.DrawFn):
    """A set with na = "met", one of its n/a-able criteria answered, and the same with it n/a."""
    sets, answers = draw(model_scenario())
    for data in sets:
        data["set"]["na"] = "met"
    candidates = [
        c
        for c in all_criteria(sets)
        if c["na_allowed"] and c.get("status", "active") == "active" and c.get("na_evidence", "none") != "url"
    ]
    assume(candidates)
    crit = draw(st.sampled_from(candidates))
    answered = dict(answers)
    answered[crit["id"]] = answers[crit["id"]] if not isinstance(answers[crit["id"]], dict) else None
    na = dict(answers)
    na[crit["id"]] = {"na": True, "justification": "Sans objet ici"}
    return sets, crit["id"], answered, na


@SETTINGS
@given(na_met_toggle())
def test_na_met_counts_the_weight_as_satisfied(registry, case):
    sets, criterion_id, answered, na = case
    with_answer = rate_data(registry, sets, [place_for(sets, answered)])
    with_na = rate_data(registry, sets, [place_for(sets, na)])
    for a, b in zip(with_answer, with_na, strict=True):
        result = next((r for r in a.results if r.criterion.id == criterion_id), None)
        if result is None:
            assert rating_record(a) == rating_record(b)
            continue
        assert next(r for r in b.results if r.criterion.id == criterion_id).outcome == "na"
        total = sum((r.criterion.weight for r in a.results), Fraction(0))
        points = sum(
            (r.criterion.weight * (1 if r.outcome == "na" else r.credit) for r in a.results), Fraction(0)
        )
        w = result.criterion.weight
        assert a.percent == 100 * points / total
        assert b.percent == 100 * (points - w * result.credit + w) / total  # same denominator


@SETTINGS
@given(model_scenario())
def test_the_same_files_give_the_same_records_in_any_order(registry, case):
    sets, answers = case
    place = place_for(sets, answers)
    first = [rating_record(r) for r in rate_data(registry, sets, [place])]
    again = [rating_record(r) for r in rate_data(registry, list(reversed(sets)), [place])]
    assert first == again
