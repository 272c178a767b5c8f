"""The exact search of advice (`advice._exact`) within its budget of ratings."""

from __future__ import annotations

import math
from fractions import Fraction
from types import SimpleNamespace

from tlcriteria import advice


def pool_of(size: int) -> list:
    return [(SimpleNamespace(credit=Fraction(0)), [(f"c{i}", Fraction(1))]) for i in range(size)]


def test_the_search_stops_before_a_size_whose_combinations_alone_pass_the_budget():
    tried: list[int] = []

    def reaches(changes) -> bool:
        tried.append(len(changes))
        return len(changes) >= 4

    assert advice._exact(pool_of(40), reaches) is None  # the greedy pass takes over
    # Everything at its best, then all but each one (41 ratings: none is needed by itself);
    # sizes 1 and 2 are tried (820 ratings); size 3's 9,880 combinations are not started.
    assert len(tried) == 1 + 40 + 40 + math.comb(40, 2)
    assert 1 + 40 + 40 + math.comb(40, 2) + math.comb(40, 3) > advice.EXACT_BUDGET


def test_criteria_every_answer_needs_are_found_first_and_never_combined():
    """A grade that takes every criterion (the OpenSSF badge's 100 %): one set to try, not C(n, k)."""
    tried: list[int] = []

    def reaches(changes) -> bool:
        tried.append(len(changes))
        return len(changes) == 60

    assert advice._exact(pool_of(60), reaches) == [f"c{i}" for i in range(60)]
    # Everything at its best, all but each one, then the one set at its best and at its steps.
    assert len(tried) == 1 + 60 + 1 + 1


def test_nothing_to_search_when_everything_at_its_best_falls_short():
    tried: list[int] = []

    def reaches(changes) -> bool:
        tried.append(len(changes))
        return False

    assert advice._exact(pool_of(40), reaches) == [] and tried == [40]


def test_a_size_within_the_budget_is_searched_whole():
    def reaches(changes) -> bool:
        return len(changes) >= 2

    assert advice._exact(pool_of(40), reaches) == ["c0", "c1"]
