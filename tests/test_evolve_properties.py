"""Properties of rules that evolve (SPEC §8), for random catalogues and places.

- Renaming a criterion or an option and declaring the old id in `replaces`
  leaves every rating unchanged: the place files need not change the same day.
- The earlier rules read a place file `migrate` rewrote as they read it before
  (the renames applied backwards, as `diff` does): a pure rename moves no grade
  in `diff`, before `migrate` as after.
- Retiring a criterion is the same, for the ratings, as removing it (and the
  answers to it) altogether: its answers are kept and never count.
"""

from __future__ import annotations

import copy
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria.catalogue import Catalogue, build_catalogue
from tlcriteria.catalogue_loading import sets_from
from tlcriteria.diff.renames import with_earlier_ids
from tlcriteria.model import Rating
from tlcriteria.place_checks import current_answers, places_from
from tlcriteria.place_loading import rate_places

from .test_properties import (
    SETTINGS,
    all_criteria,
    builtins_only,
    document,
    place_for,
    rate_data,
    scenario,
)

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


def catalogue_of(registry, sets: list[dict[str, Any]]) -> Catalogue:
    loaded, problems, _partly = sets_from([document(s, f"{s['set']['id']}.toml") for s in sets], registry)
    assert not problems, [str(p) for p in problems]
    catalogue, problems = build_catalogue([], loaded, registry.kinds, registry.schemes)
    assert not problems, [str(p) for p in problems]
    return catalogue


@SETTINGS
@given(renamed())
def test_the_earlier_rules_read_a_migrated_place_as_before(registry, case):
    sets, new_sets, answers = case
    old, new = catalogue_of(registry, sets), catalogue_of(registry, new_sets)
    checked = places_from([document(place_for(sets, answers), "lieu.toml")], old, registry)
    assert not checked.problems, [str(p) for p in checked.problems]
    place = checked.places[0]
    migrated, _renamed = current_answers(place.answers, new, registry.kinds)  # what migrate writes
    read, _written = with_earlier_ids(migrated, old, new, registry.kinds)
    assert dict(read) == dict(place.answers)
    again = rate_places([attrs.evolve(place, answers=read)], old, registry)
    assert figures(again) == figures(rate_places([place], old, registry))


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
