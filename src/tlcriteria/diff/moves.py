"""Ratings that move: every place rated with the old rules and with the new, and what changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..catalogue import Catalogue
from ..i18n import _
from ..interfaces import RatingScheme
from ..mistakes import LOWER, held, known_grades
from ..model import Answer, Place, Rating
from ..models_from_toml import answer_problem
from ..place_checks import Renamed, current_answers
from ..place_loading import rate_places
from ..rating_record import percent_or_none, shown_percent
from ..registry import Registry
from .renames import with_earlier_ids

if TYPE_CHECKING:
    from ..reviews import Review


@attrs.frozen
class AnswerNote:
    """An answer `diff` tells about: one the new rules refuse, or one read under a new id."""

    place: str
    criterion: str  # the criterion id as written in the place file
    text: str  # why it is refused, or what it is read as
    #: Refused because no set defines the criterion any more: the answer is to be removed from
    #: the file (`migrate` leaves it), not answered again.
    deleted: bool = False


@attrs.frozen
class UsableAnswers:
    """A place with only the answers one side's rules accept, and what became of the others."""

    place: Place
    refused: tuple[AnswerNote, ...] = ()  # answers to criteria the side defines, but refuses
    renamed: tuple[AnswerNote, ...] = ()  # answers under an id the side declares replaced
    #: The ids the answers refused are written under in the file, those to a criterion this
    #: side defines and those to one it does not: the other side compares them (`both_refuse`).
    refused_ids: frozenset[str] = frozenset()
    unknown_ids: frozenset[str] = frozenset()


def both_refuse(a: UsableAnswers, b: UsableAnswers) -> bool:
    """Whether both sides refuse an answer of the place that one of them defines: the file's
    problem, not the change's (an answer neither defines is to a set that neither side holds)."""
    return bool(a.refused_ids & (b.refused_ids | b.unknown_ids) or b.refused_ids & a.unknown_ids)


def usable_answers(
    place: Place, catalogue: Catalogue, registry: Registry, other: Catalogue | None = None
) -> UsableAnswers:
    """The place with only the answers this side's rules accept (others count as unanswered).

    Answers to criteria this side does not define are left out (and noted as
    refused, for the side that removed them); answers it defines but refuses (a
    removed option, n/a no longer allowed…) are refused, with why. Answers under
    an id the side declares replaced are read under the new one, and noted;
    those under an id the `other` side's renames gave are read under this side's
    (`renames.with_earlier_ids`).
    """
    kept: dict[str, Answer] = {}
    refused: list[AnswerNote] = []
    unknown: list[str] = []
    read, written = (
        with_earlier_ids(place.answers, catalogue, other, registry.kinds)
        if other is not None
        else (place.answers, {})
    )
    answers, renamed = current_answers(read, catalogue, registry.kinds)
    written.update((r.criterion_id, written.get(r.written_id, r.written_id)) for r in renamed if not r.twice)
    for cid, answer in answers.items():
        c = catalogue.criteria.get(cid)
        if c is None:
            refused.append(AnswerNote(place.id, cid, _("no criteria set defines it any more"), deleted=True))
            unknown.append(cid)
        if c is None or c.kind not in registry.kinds:
            continue
        problem = answer_problem(c, answer, registry.kinds)
        if problem is None:
            kept[cid] = answer
        else:
            why = _("n/a is no longer allowed") if answer.na else problem[0]
            refused.append(AnswerNote(place.id, cid, why))
    return UsableAnswers(
        attrs.evolve(place, answers=kept),
        tuple(refused),
        tuple(AnswerNote(place.id, r.written_id, _renamed_text(r)) for r in renamed),
        frozenset(written.get(n.criterion, n.criterion) for n in refused if n.criterion not in unknown),
        frozenset(written.get(cid, cid) for cid in unknown),
    )


def _renamed_text(r: Renamed) -> str:
    if r.twice:
        return _("dropped: {new!r} is answered too").format(new=r.criterion_id)
    if r.written_id != r.criterion_id and r.old_value == r.new_value:
        return _("read as {new!r}").format(new=r.criterion_id)
    return _("read as {new!r} = {value!r}").format(new=r.criterion_id, value=r.new_value)


def lowered(old: Rating, new: Rating, schemes: Mapping[str, RatingScheme]) -> bool | None:
    """Whether the new grade is worse than the old one, as the sets' schemes compare their
    grades (`RatingScheme.is_lower`); None when neither can tell (two profiles of different
    lengths): the grade changed, neither up nor down, whatever the percents do."""
    if old.grade == new.grade or old.grade is None:
        return False
    if new.grade is None:
        return True
    for rules in (new.rules, old.rules):
        scheme = schemes.get(rules.scheme)
        lower = (
            held(scheme.is_lower, rules.id, LOWER)(rules, old.grade, new.grade)
            if scheme is not None
            else None
        )
        if lower is not None:
            return lower
    return None


def reviewed(
    ratings: Sequence[Rating],
    places: Sequence[Place],
    catalogue: Catalogue,
    reviews: Sequence[Review],
    registry: Registry,
) -> Sequence[Rating]:
    """The ratings as `score` gives them with these peer reviews (`trust.Checked.annotate`): rated
    again without the disputed answers where the set says a dispute costs their credit.

    Each side reads the verdicts on the criteria it defines: a verdict on a criterion the
    change deleted says nothing of the new rules, and the others still count.
    """
    if not reviews or not any(r.rules.set.review is not None for r in ratings):
        return ratings
    from ..reviews import check_reviews, verification
    from ..trust import without_disputed

    known = [
        attrs.evolve(r, verdicts=tuple(v for v in r.verdicts if v.criterion in catalogue.criteria))
        for r in reviews
    ]
    found, _problems = check_reviews(known, places, catalogue)  # told by `check`, not by a diff
    return [without_disputed(r, verification(r.place, r.rules, found), registry) for r in ratings]


@attrs.frozen
class Move:
    old: Rating | None
    new: Rating | None
    lower: bool | None = False  # the new grade is worse (`lowered`); None: the schemes cannot tell

    @property
    def place(self) -> Place:
        rating = self.new or self.old
        assert rating is not None
        return rating.place

    @property
    def set(self) -> str:
        rating = self.new or self.old
        assert rating is not None
        return rating.rules.id

    @property
    def direction(self) -> str:
        if self.old is None:
            return "newly rated"
        if self.new is None:
            return "no longer rated"
        if self.old.grade == self.new.grade:
            return "same grade"
        if self.lower is None:
            return "changed"
        return "lower" if self.lower else "higher"

    @property
    def old_percent(self) -> float | None:
        return percent_or_none(self.old.percent) if self.old else None

    @property
    def new_percent(self) -> float | None:
        return percent_or_none(self.new.percent) if self.new else None

    @property
    def old_shown(self) -> int | float | None:
        """The figure shown beside the old grade (the scheme's), which a move is told by."""
        return shown_percent(self.old) if self.old else None

    @property
    def new_shown(self) -> int | float | None:
        return shown_percent(self.new) if self.new else None

    def record(self) -> dict[str, Any]:
        return {
            "place": self.place.id,
            "name": self.place.name,
            "set": self.set,
            "old_grade": self.old.grade if self.old else None,
            "new_grade": self.new.grade if self.new else None,
            "old_percent": self.old_percent,
            "new_percent": self.new_percent,
            "old_shown_percent": self.old_shown,
            "new_shown_percent": self.new_shown,
            "direction": self.direction,
        }


@attrs.frozen
class RatingMoves:
    """Every place rated with OLD and with NEW rules: what moved, and the answers to tell about."""

    moves: tuple[Move, ...]
    counts: Mapping[str, Mapping[str, list[int]]]  # set -> grade -> [before, after]
    compared: int  # ratings compared
    refused: tuple[AnswerNote, ...] = ()  # answers valid before that NEW refuses (counted as unanswered)
    migrated: tuple[AnswerNote, ...] = ()  # answers NEW reads under a new id (`replaces`)
    #: Places left out: an answer both rules refuse is the file's problem, not the change's
    #: (`score` leaves such a place out too).
    left_out: tuple[Place, ...] = ()
    #: Places with an answer OLD accepts and NEW refuses, by id: `publish` leaves them out under
    #: the new rules until the answer is removed or given again. Their moves are their ratings
    #: once that is done (the answer unanswered); they are not in `compared` nor in the "after"
    #: counts, which are what `publish` shows.
    held: tuple[str, ...] = ()
    #: Set id -> the ratings of held places it would give.
    held_counts: Mapping[str, int] = attrs.field(factory=dict)


def rating_moves(
    places: Sequence[Place],
    old: Catalogue,
    new: Catalogue,
    set_ids: set[str],
    registry: Registry,
    reviews: Sequence[Review] = (),
) -> RatingMoves:
    """The ratings of the sets `set_ids` that move from OLD to NEW rules, with the counts per grade.

    Each rating is what `score` gives with the `reviews` among its files: where a set's
    `[set.review]` takes a disputed answer's credit away, the place is rated without it.
    """

    # Answers refused by NEW are said for the criteria of the sets compared, on either side
    # (a criterion deleted by the change is only on the old one).
    relevant = {
        c.id for cat in (old, new) for sid in set_ids if sid in cat.sets for c in cat.sets[sid].criteria
    }

    relevant |= {
        old_id for cat in (old, new) for old_id, new_id in cat.replaced.items() if new_id in relevant
    }
    # Each side reads the places with the other's renames known (`renames.with_earlier_ids`).
    usable_before = [usable_answers(p, old, registry, new) for p in places]
    usable_after = [usable_answers(p, new, registry, old) for p in places]
    both = [(a, b) for a, b in zip(usable_before, usable_after, strict=True) if not both_refuse(a, b)]
    left_out = tuple(
        p for p, a, b in zip(places, usable_before, usable_after, strict=True) if both_refuse(a, b)
    )
    # An answer NEW refuses that OLD took (OLD refusing it too would be `both_refuse`): the file is
    # an error under NEW, as `check` and `publish` say.
    held = {b.place.id for a, b in both if b.refused_ids or (b.unknown_ids - a.unknown_ids)}
    read_before = {(n.place, n.criterion) for a, _b in both for n in a.renamed}  # read under a new id by OLD
    refused = [n for _a, b in both for n in b.refused if n.criterion in relevant]
    migrated = [
        n
        for _a, b in both
        for n in b.renamed
        if n.criterion in relevant and (n.place, n.criterion) not in read_before
    ]

    def ratings(usable: Sequence[UsableAnswers], catalogue: Catalogue) -> dict[tuple[str, str], Rating]:
        rated = [u.place for u in usable]
        found = [r for r in rate_places(rated, catalogue, registry) if r.rules.id in set_ids]
        return {(r.place.id, r.rules.id): r for r in reviewed(found, rated, catalogue, reviews, registry)}

    before, after = ratings([a for a, _b in both], old), ratings([b for _a, b in both], new)
    moves: list[Move] = []
    counts: dict[str, dict[str, list[int]]] = {}
    for sid in sorted(set_ids):
        for catalogue in (new, old):  # every grade of the set, best first, even when nobody has it
            rules = catalogue.sets.get(sid)
            scheme = registry.schemes.get(rules.scheme) if rules is not None else None
            if rules is not None and scheme is not None:
                for g in known_grades(scheme, rules):
                    counts.setdefault(sid, {}).setdefault(g, [0, 0])
    held_counts: dict[str, int] = {}
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        for index, rating in ((0, a), (1, b)):
            if rating is None:
                continue
            if index == 1 and key[0] in held:  # left out by `publish`: counted apart
                held_counts[rating.rules.id] = held_counts.get(rating.rules.id, 0) + 1
                continue
            grade = rating.grade if rating.grade is not None else "unrated"
            counts.setdefault(rating.rules.id, {}).setdefault(grade, [0, 0])[index] += 1
        if a is None or b is None or a.grade != b.grade or shown_percent(a) != shown_percent(b):
            moves.append(
                Move(a, b, a is not None and b is not None and lowered(a, b, registry.schemes))
            )  # a real move: the grade or the shown percent
    moves.sort(key=lambda m: (m.direction != "lower", m.set, m.place.id))
    return RatingMoves(
        tuple(moves),
        counts,
        len([key for key in set(before) | set(after) if key[0] not in held]),
        tuple(refused),
        tuple(migrated),
        left_out,
        tuple(sorted(held)),
        held_counts,
    )
