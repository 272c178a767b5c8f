"""Each answer of valid places through what rating runs on it, for `check`.

`score`, `publish` and `advise` stop on a plugin kind that breaks its contract on an answer (a
credit of 0.8 as a float, a `decide` that raises): `check` runs the same per-criterion rule
(`engine.outcome_of`: `decide`, `credit` and the evidence rule, with their guards), so that it
says the same rather than « no problem found ».
"""

from __future__ import annotations

from collections.abc import Iterable

from .catalogue import Catalogue
from .engine import outcome_of
from .interfaces import Kinds
from .model import Place


def run_answers(places: Iterable[Place], catalogue: Catalogue, kinds: Kinds) -> None:
    """Rate every answer of `places` that a loaded criterion rates; raises the kind's
    `errors.PluginMistake` as rating does. Each credit is worked out once per criterion and value."""
    memo: dict[object, object] = {}
    criteria = catalogue.criteria
    for place in places:
        for criterion_id in place.answers:
            criterion = criteria.get(criterion_id)
            kind = kinds.get(criterion.kind) if criterion is not None else None
            if criterion is not None and kind is not None:
                outcome_of(criterion, kind, place, memo)
