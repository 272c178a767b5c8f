"""The figures behind the warnings are exact: checked against every combination of answers."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tlcriteria.engine import percent_of
from tlcriteria.lint import best_percent, max_credit
from tlcriteria.model import Criterion, CriterionResult, Option


@pytest.fixture(scope="module")
def registry_kinds(registry):
    return registry.kinds


credits = st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(1)])


@st.composite
def criteria(draw):
    out = []
    for i in range(draw(st.integers(1, 4))):
        options = tuple(Option(f"o{j}", f"O{j}", draw(credits)) for j in range(draw(st.integers(1, 3))))
        out.append(
            Criterion(
                id=f"c{i}",
                set_id="s",
                title="t",
                question=f"q{i}",
                kind="choice",
                config=options,
                weight=Fraction(draw(st.integers(1, 5))),
                na_allowed=draw(st.booleans()),
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(criteria())
def test_best_percent_is_the_maximum_over_every_combination_of_answers(registry_kinds, found):
    choices = []
    for c in found:
        answers = [CriterionResult(c, "partial", o.credit) for o in c.config]
        if c.na_allowed:
            answers.append(CriterionResult(c, "na", Fraction(0)))
        choices.append(answers)
    percents = [p for combo in itertools.product(*choices) if (p := percent_of(list(combo))) is not None]
    items = [(c.weight, max_credit(c, registry_kinds["choice"]), c.na_allowed) for c in found]
    assert best_percent(items) == (max(percents) if percents else None)
