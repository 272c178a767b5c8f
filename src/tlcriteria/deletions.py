"""Criteria and options deleted while places still answer them (`check --against OLD`).

Deleting a criterion or an option turns every answer to it into an error of
the place file: the working group must retire the criterion instead
(`status = "retired"`: its answers are kept and no longer count), or declare
the rename (`replaces`) so that the answers are read under the new id. This
module names each such deletion once, with the places that answer it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .catalogue import Catalogue, at_criterion, at_key
from .documents import Document
from .errors import Problem
from .i18n import SHOWN, _, listed, ngettext
from .interfaces import AnswerKind
from .mistakes import OPTIONS, held
from .model import Criterion, TomlValue
from .models_from_toml import answers_in


def deleted_but_answered(
    old: Catalogue,
    new: Catalogue,
    place_docs: Iterable[Document],
    kinds: Mapping[str, AnswerKind],
    against: str,
) -> list[Problem]:
    """A warning per criterion or option of OLD that NEW deletes while a given place answers it."""
    criteria: dict[str, list[str]] = {}  # old criterion id -> places
    options: dict[tuple[str, str], list[str]] = {}  # (new criterion id, old option id) -> places
    for doc in place_docs:
        head = doc.data.get("place")
        place_id = head.get("id") if isinstance(head, dict) else None
        place = place_id if isinstance(place_id, str) else doc.path
        for written, answer in answers_in(doc).items():
            before = old.criteria.get(old.replaced.get(written, written))
            if before is None:
                continue  # not a criterion of OLD: nothing was deleted
            after = new.criteria.get(new.replaced.get(written, written))
            if after is None:
                criteria.setdefault(before.id, []).append(place)
            elif not answer.na:
                for option_id in _gone_options(before, after, answer.value, kinds):
                    options.setdefault((after.id, option_id), []).append(place)
    problems = [
        _problem(
            old,
            new,
            old.criteria[cid],
            places,
            _("criterion {id!r} is deleted since {against}, but {places} answer it").format(
                id=cid, against=against, places=_places(places)
            ),
            _(
                'retire it instead (status = "retired": the answers are kept and no longer count), '
                "or name it in replaces of the criterion that takes its place"
            ),
        )
        for cid, places in sorted(criteria.items())
    ]
    problems += [
        _problem(
            old,
            new,
            new.criteria[cid],
            places,
            _(
                "option {option!r} of criterion {id!r} is deleted since {against}, but {places} answer it"
            ).format(option=option_id, id=cid, against=against, places=_places(places)),
            _("keep the option, or name it in replaces of the option that takes its place"),
        )
        for (cid, option_id), places in sorted(options.items())
    ]
    return problems


def _gone_options(
    before: Criterion, after: Criterion, value: TomlValue | None, kinds: Mapping[str, AnswerKind]
) -> list[str]:
    """The option ids of `value` that BEFORE offered and AFTER neither offers nor reads as another."""
    old_kind, new_kind = kinds.get(before.kind), kinds.get(after.kind)
    if old_kind is None or new_kind is None:
        return []
    chosen = held(old_kind.current_value, before.id)(before.config, value)
    current = held(new_kind.current_value, after.id)(after.config, chosen)
    picked = chosen if isinstance(chosen, list) else [chosen]
    now = current if isinstance(current, list) else [current]
    offered = {o.id for o in held(old_kind.options, before.id, OPTIONS)(before.config)}
    kept = {o.id for o in held(new_kind.options, after.id, OPTIONS)(after.config)}
    return [
        old_id
        for old_id, new_id in zip(picked, now, strict=False)
        if isinstance(old_id, str) and old_id in offered and new_id not in kept
    ]


def _places(places: list[str]) -> str:
    return ngettext("{count} place ({names})", "{count} places ({names})", len(places)).format(
        count=len(places), names=listed(places, SHOWN, separator=", ")
    )


def _problem(
    old: Catalogue, new: Catalogue, criterion: Criterion, places: list[str], message: str, hint: str
) -> Problem:
    if criterion.id in new.criteria:  # an option deleted: the criterion is still there
        where = at_criterion(criterion)
    else:  # the criterion is gone: its set's head
        where = at_key(new.sets[criterion.set_id].set, "id") if criterion.set_id in new.sets else ""
    rules = new.sets.get(criterion.set_id) or old.sets.get(criterion.set_id)
    return Problem(rules.set.path if rules else "", where, message, hint, severity="warning")
