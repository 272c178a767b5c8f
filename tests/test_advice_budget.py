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
    # Sizes 1 and 2 are tried (820 ratings); size 3's 9,880 combinations are not started.
    assert len(tried) == 40 + math.comb(40, 2)
    assert 40 + math.comb(40, 2) + math.comb(40, 3) > advice.EXACT_BUDGET


def test_a_size_within_the_budget_is_searched_whole():
    def reaches(changes) -> bool:
        return len(changes) >= 2

    assert advice._exact(pool_of(40), reaches) == ["c0", "c1"]
