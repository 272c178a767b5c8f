"""Each answer of valid places through what rating runs on it, for `check`.

`score`, `publish` and `advise` stop on a plugin kind that breaks its contract on an answer (a
credit of 0.8 as a float, a `decide` that raises): `check` runs the same guarded calls
(`decide`, `credit`, and the evidence rule's `chosen_options`), so that it says the same
rather than « no problem found ».
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .catalogue import Catalogue
from .interfaces import AnswerKind, Kinds
from .mistakes import credit_of
from .model import Criterion, Place

#: Values compared by themselves; any other (a list) by how it is written.
_PLAIN = frozenset({bool, int, str, Decimal})


def run_answers(places: Iterable[Place], catalogue: Catalogue, kinds: Kinds) -> None:
    """Ask each kind what rating asks it of every answer of `places` that a loaded criterion
    rates; raises the kind's `errors.PluginMistake` as rating does. A credit depends on the
    criterion and the value alone: each is asked once (answers recur over a network)."""
    asked: set[tuple[str, type, object]] = set()
    rules: dict[str, tuple[Criterion, AnswerKind, bool] | None] = {}
    for place in places:
        for criterion_id, answer in place.answers.items():
            if criterion_id in rules:
                rule = rules[criterion_id]
            else:
                rule = rules[criterion_id] = _rule(criterion_id, catalogue, kinds)
            if rule is None:
                continue
            criterion, kind, decides = rule
            if decides:  # the kind decides from the whole answer: asked of each
                from .engine import outcome_of  # the engine, imported only when it is needed

                outcome_of(criterion, kind, place)
                continue
            value = answer.value
            kept = type(value)
            key = (criterion_id, kept, value if kept in _PLAIN else repr(value))
            if key in asked or answer.na:
                continue
            asked.add(key)
            if credit_of(kind, criterion, value).numerator > 0 and criterion.option_evidence:
                from .engine import evidence_asked

                evidence_asked(criterion, kind, answer)  # a kind's `chosen_options`, as rating asks it


def _rule(criterion_id: str, catalogue: Catalogue, kinds: Kinds) -> tuple[Criterion, AnswerKind, bool] | None:
    """The criterion of that id, its kind, and whether the kind decides outcomes itself; None
    for an answer no loaded criterion rates (withheld, or kept for a set not loaded)."""
    criterion = catalogue.criteria.get(criterion_id)
    kind = kinds.get(criterion.kind) if criterion is not None else None
    if criterion is None or kind is None:
        return None
    return criterion, kind, type(kind).decide is not AnswerKind.decide
