"""The whole comparison of OLD and NEW: the rule changes, the ratings that move, the version alerts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from ..catalogue import Catalogue
from ..i18n import _
from ..interfaces import EITHER, STRICTER
from ..model import Place
from ..registry import Registry
from .changes import RuleChange, mark_moves, mark_renames, set_changes
from .moves import AnswerNote, Move, rating_moves

if TYPE_CHECKING:
    from ..reviews import Review


@attrs.frozen
class Comparison:
    old_label: str
    new_label: str
    versions: Mapping[str, tuple[str | None, str | None]]
    changes: tuple[RuleChange, ...]
    moves: tuple[Move, ...] = ()
    counts: Mapping[str, Mapping[str, list[int]]] = attrs.field(factory=dict)
    compared: int = 0
    with_places: bool = False
    #: Answers valid before that NEW refuses, and why; counted as unanswered.
    refused: tuple[AnswerNote, ...] = ()
    #: Answers NEW reads under a new id (`replaces`), and what they become.
    migrated: tuple[AnswerNote, ...] = ()
    #: Set id -> the changed sets among those it extends: their changes are its changes too.
    inherits: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    #: Places left out, as `score` leaves them out: an answer both rules refuse.
    left_out_places: tuple[Place, ...] = ()
    #: The place files left out because of their problems (those above, and the files that do not
    #: load), by path: `run_diff` names each with its problems.
    left_out: tuple[str, ...] = ()
    #: Places `publish` leaves out under NEW until an answer it refuses is removed or given again
    #: (`RatingMoves.held`), and how many ratings of each set they hold.
    held: tuple[str, ...] = ()
    held_counts: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def moves_rated(self) -> tuple[Move, ...]:
        """The moves of the places `publish` rates under both rules."""
        return tuple(m for m in self.moves if m.place.id not in self.held)

    @property
    def moves_held(self) -> tuple[Move, ...]:
        """The moves of the places `publish` leaves out under NEW: their ratings once fixed."""
        return tuple(m for m in self.moves if m.place.id in self.held)

    def version_alerts(self) -> list[tuple[str, str]]:
        """(set id, why) for each set whose change may lower a grade while its version is unchanged."""
        alerts = []
        for sid, (a, b) in self.versions.items():
            if a is None or b is None or a != b:
                continue
            if self.with_places:
                n = len([m for m in self.moves if m.set == sid and m.direction == "lower"])
                changed = len([m for m in self.moves if m.set == sid and m.direction == "changed"])
                if n:
                    why = _("lowers the grade of {count} place(s) but [set] version is still {version!r}")
                    alerts.append((sid, why.format(count=n, version=a)))
                elif changed:  # neither up nor down for its scheme: members still read another grade
                    why = _(
                        "changes the grade of {count} place(s) (its scheme cannot tell whether up or down) "
                        "but [set] version is still {version!r}"
                    )
                    alerts.append((sid, why.format(count=changed, version=a)))
                continue
            n = len([c for c in self.changes if c.set == sid and c.effect in (STRICTER, EITHER)])
            if n:
                why = _("has {count} change(s) that may lower a grade but [set] version is still {version!r}")
                alerts.append((sid, why.format(count=n, version=a)))
                continue
            parents = self.inherits.get(sid, ())
            n = len([c for c in self.changes if c.set in parents and c.effect in (STRICTER, EITHER)])
            if n:
                why = _(
                    "extends {names}, whose {count} change(s) may lower its grades, "
                    "but [set] version is still {version!r}"
                )
                alerts.append((sid, why.format(names=", ".join(parents), count=n, version=a)))
        return alerts


def compare(
    old: Catalogue,
    old_ids: set[str],
    new: Catalogue,
    new_ids: set[str],
    places: Sequence[Place] | None,
    registry: Registry,
    old_label: str,
    new_label: str,
    reviews: Sequence[Review] = (),
) -> Comparison:
    ids = sorted(old_ids | new_ids)
    changes: list[RuleChange] = []
    versions: dict[str, tuple[str | None, str | None]] = {}
    for sid in ids:
        a = old.sets.get(sid) if sid in old_ids else None
        b = new.sets.get(sid) if sid in new_ids else None
        versions[sid] = (a.version if a else None, b.version if b else None)
        if a is not None and b is not None and a.digest == b.digest:
            continue
        changes.extend(set_changes(a, b, registry.kinds))
    changes = mark_moves(mark_renames(changes, old, new, registry), old, new, registry)
    # The sets whose rules changed, and the sets that extend them: their rules change too.
    changed = {c.set for c in changes}
    inherits: dict[str, tuple[str, ...]] = {}
    for cat in (old, new):
        for sid, r in cat.sets.items():
            parents = sorted({c.set_id for c in r.criteria} & changed - {sid})
            if parents:
                inherits[sid] = tuple(sorted(set(inherits.get(sid, ())) | set(parents)))
    rated = changed | set(inherits)
    for sid in rated:
        versions.setdefault(
            sid,
            (
                old.sets[sid].version if sid in old.sets else None,
                new.sets[sid].version if sid in new.sets else None,
            ),
        )
    if places is None:
        return Comparison(old_label, new_label, versions, tuple(changes), inherits=inherits)
    found = rating_moves(places, old, new, rated, registry, reviews)
    return Comparison(
        old_label,
        new_label,
        versions,
        tuple(changes),
        found.moves,
        found.counts,
        found.compared,
        True,
        found.refused,
        found.migrated,
        inherits,
        found.left_out,
        held=found.held,
        held_counts=found.held_counts,
    )
