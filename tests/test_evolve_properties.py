"""Properties of rules that evolve (SPEC §8), for random catalogues and places.

- Renaming a criterion or an option and declaring the old id in `replaces`
  leaves every rating unchanged: the place files need not change the same day.
- Retiring a criterion is the same, for the ratings, as removing it (and the
  answers to it) altogether: its answers are kept and never count.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tlcriteria.model import Rating

from .test_properties import SETTINGS, all_criteria, builtins_only, place_for, rate_data, scenario

__all__ = ["builtins_only"]  # the autouse fixture: installed plugins must not change what is seen


def figures(ratings: list[Rating]) -> list[tuple[Any, ...]]:
    """What a rating says, criterion ids aside (a rename changes them, nothing else)."""
    return [
        (
            r.place.id,
            r.rules.id,
            r.percent,
            r.grade,
            dict(r.themes),
            [(x.outcome, x.credit) for x in r.results],
            len(r.must_failed),
            len(r.unanswered),
        )
        for r in ratings
    ]


@st.composite
def renamed(draw: st.DrawFn):
    """A scenario, and the same sets with one criterion (and maybe one of its options) renamed."""
    sets, answers = draw(scenario())
    criteria = all_criteria(sets)
    target = draw(st.sampled_from(criteria))
    new_sets = copy.deepcopy(sets)
    crit = next(c for c in all_criteria(new_sets) if c["id"] == target["id"])
    if draw(st.booleans()):
        crit["id"] = crit["id"] + "-neuf"
        crit["replaces"] = [target["id"]]
    if crit.get("options") and draw(st.booleans()):
        option = draw(st.sampled_from(crit["options"]))
        option["replaces"] = [option["id"]]
        option["id"] = option["id"] + "-neuf"
    return sets, new_sets, answers


@SETTINGS
@given(renamed())
def test_renaming_with_replaces_leaves_every_rating_unchanged(registry, case):
    sets, new_sets, answers = case
    place = place_for(sets, answers)
    before = rate_data(registry, sets, [place])
    after = rate_data(registry, new_sets, [place])
    assert figures(after) == figures(before)


@st.composite
def retired(draw: st.DrawFn):
    """A scenario, the same sets with one criterion retired, and with it removed (and its answer)."""
    sets, answers = draw(scenario())
    target = draw(st.sampled_from(all_criteria(sets)))["id"]
    retiring = copy.deepcopy(sets)
    next(c for c in all_criteria(retiring) if c["id"] == target)["status"] = "retired"
    removing = copy.deepcopy(sets)
    for s in removing:
        s["criteria"] = [c for c in s.get("criteria", []) if c["id"] != target]
        if not s["criteria"]:
            del s["criteria"]
    kept_answers = {k: v for k, v in answers.items() if k != target}
    return sets, retiring, removing, answers, kept_answers


@SETTINGS
@given(retired())
def test_retiring_a_criterion_equals_removing_it_from_the_scoring(registry, case):
    sets, retiring, removing, answers, kept_answers = case
    with_retired = rate_data(registry, retiring, [place_for(sets, answers)])
    without = rate_data(registry, removing, [place_for(sets, kept_answers)])
    assert figures(with_retired) == figures(without)
