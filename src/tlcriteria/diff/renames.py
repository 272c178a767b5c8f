"""A place's answers as one side of `diff` knows them, when the other side renamed criteria or options.

The side that declares a rename (`replaces`) reads the old ids itself
(`place_checks.current_answers`). The other side, the earlier rules, does
not know the new ids: once `tlcriteria migrate` has rewritten the place
files, it would drop every migrated answer, and a pure rename would move
grades. So the renames are applied backwards for it: an answer under an id
only the other side defines is read as the criterion that id replaces, and
its option ids as the earlier ones (`AnswerKind.former_value`). A rename
then moves no grade, before `migrate` as after.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..catalogue import Catalogue
from ..interfaces import AnswerKind
from ..mistakes import held
from ..model import Answer, Criterion


def with_earlier_ids(
    answers: Mapping[str, Answer], catalogue: Catalogue, other: Catalogue, kinds: Mapping[str, AnswerKind]
) -> tuple[Mapping[str, Answer], dict[str, str]]:
    """`answers` with the ids `catalogue` knows, where `other` renamed them (`answers` itself when
    `other` renames nothing, the usual case), and the id each renamed one is written under."""
    written: dict[str, str] = {}
    if not other.renames:
        return answers, written
    out: dict[str, Answer] = {}
    for written_id, answer in answers.items():
        later = other.criteria.get(other.replaced.get(written_id, written_id))
        read_id = written_id
        if later is not None and not _knows(catalogue, written_id):
            read_id = next((old for old in later.replaces if _knows(catalogue, old)), written_id)
            if read_id != written_id and read_id in answers:
                continue  # the file answers both ids: this side reads the one it knows
            if read_id != written_id:
                written[read_id] = written_id
        earlier = catalogue.criteria.get(catalogue.replaced.get(read_id, read_id))
        if later is not None and earlier is not None and not answer.na:
            answer = _earlier_value(answer, later, earlier, kinds)
        out[read_id] = answer
    return out, written


def _knows(catalogue: Catalogue, criterion_id: str) -> bool:
    return criterion_id in catalogue.criteria or criterion_id in catalogue.replaced


def _earlier_value(
    answer: Answer, later: Criterion, earlier: Criterion, kinds: Mapping[str, AnswerKind]
) -> Answer:
    kind = kinds.get(later.kind)
    if kind is None or later.kind != earlier.kind:
        return answer
    value = held(kind.former_value, later.id)(later.config, answer.value, earlier.config)
    return answer if value == answer.value else attrs.evolve(answer, value=value)
