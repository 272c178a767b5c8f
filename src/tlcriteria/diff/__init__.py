"""`tlcriteria diff`: what a change of the criteria does, to the rules and to the places' grades.

OLD and NEW are folders, or `git:REV[:PATH]`: the files of a revision of the
current git repository. Each side's own sets are loaded (no plugin's set stands
in for one the change removed), compared set by set, and, with `--places`,
every place is rated with both and the ratings that move listed.

A change that may lower a grade while the set's `version` stays the same is
flagged: ratings carry the version, so members must be able to tell that the
rules under which they were rated have changed. `check --against OLD`
reports the same thing as a warning, which `--strict` turns into a failure.

One module per job: `sources` (folders, git revisions), `sides` (a side
loaded), `changes` (rule changes), `moves` (ratings that move), `comparison`
(the whole), `rendering` (table, Markdown, JSON).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ..catalogue import Catalogue, at_key
from ..documents import Document
from ..errors import Problem, Stopped
from ..i18n import _
from ..model import Place
from ..place_checks import check_place
from ..place_loading import left_out
from ..registry import Registry
from .changes import RuleChange
from .comparison import Comparison, compare
from .moves import usable_answers
from .rendering import RENDERERS
from .sides import load_place_files, load_side
from .sources import SourceError

if TYPE_CHECKING:
    from ..reviews import Review


def run_diff(
    registry: Registry,
    old: str,
    new: str,
    place_dirs: Sequence[str],
    format_name: str,
) -> tuple[str, list[Problem]]:
    """The report and the problems found on the way; `Stopped` (with every problem found so far)
    when a side or the places cannot be used.

    A place file with problems is left out, as `score` leaves it out (SPEC §8): its errors
    are among the problems returned, grouped by file, after the warnings.
    """
    warnings: list[Problem] = []
    try:
        old_catalogue, old_ids, found = load_side(registry, old)
        warnings += found
        new_catalogue, new_ids, found = load_side(registry, new)
        warnings += found
        files = load_place_files(place_dirs) if place_dirs else None
    except Stopped as exc:
        raise Stopped(exc.message, [*warnings, *exc.problems]) from None
    places = list(files.places) if files is not None else None
    reviews = files.reviews if files is not None else ()
    cmp = compare(old_catalogue, old_ids, new_catalogue, new_ids, places, registry, old, new, reviews)
    if files is None:
        return RENDERERS[format_name](cmp), warnings
    errors = [p for p in files.problems if p.is_error]
    warnings += [p for p in files.problems if not p.is_error]
    for place in cmp.left_out_places:
        errors += refusals(files.documents[place.path], place, new_catalogue, registry)
    left = left_out(errors)
    cmp = attrs.evolve(cmp, left_out=tuple(item.path for item in left))
    return RENDERERS[format_name](cmp), [*warnings, *(p for item in left for p in item.problems)]


def refusals(doc: Document, place: Place, catalogue: Catalogue, registry: Registry) -> list[Problem]:
    """Why a place both rules refuse an answer of is left out: its errors under the new rules,
    as `score` says them."""
    errors = list(check_place(doc, catalogue, registry).errors)
    if errors:
        return errors
    # Refused for a reason `check` lets pass (a set left out…): the answers, as diff reads them.
    usable = usable_answers(place, catalogue, registry)
    return [Problem(place.path, f"[answers] {n.criterion}", n.text) for n in usable.refused]


def version_warnings(
    registry: Registry,
    against: str,
    catalogue: Catalogue,
    checked_paths: set[str],
    places: Sequence[Place],
    place_docs: Sequence[Document] = (),
    reviews: Sequence[Review] = (),
) -> list[Problem]:
    """For `check --against OLD`: a warning per set changed in a way that may lower grades, same version;
    and one per criterion or option deleted while one of `place_docs` answers it. The places are
    rated as `score` rates them with the peer `reviews` given.

    `Stopped` when OLD cannot be used.
    """
    from ..deletions import deleted_but_answered

    try:
        old_catalogue, old_ids, _warnings = load_side(registry, against)
    except Stopped as exc:
        first = next((p for p in exc.problems if p.is_error), None)
        raise Stopped(f"--against {against}: {first}" if first else exc.message) from None
    out = deleted_but_answered(old_catalogue, catalogue, place_docs, registry.kinds, against)
    new_ids = {sid for sid, r in catalogue.sets.items() if r.set.path in checked_paths}
    cmp = compare(
        old_catalogue,
        old_ids & new_ids,
        catalogue,
        new_ids & old_ids,
        list(places) or None,
        registry,
        against,
        _("the checked files"),
        reviews,
    )
    for sid, why in cmp.version_alerts():
        rules = catalogue.sets.get(sid)
        out.append(
            Problem(
                rules.set.path if rules else sid,
                at_key(rules.set, "version") if rules else "[set] version",
                _("compared with {against}, set {id!r} {why}").format(against=against, id=sid, why=why),
                _("raise the version so that members can tell which rules rated them"),
                severity="warning",
            )
        )
    return out


__all__ = ["Comparison", "RuleChange", "SourceError", "compare", "run_diff", "version_warnings"]
