"""One side of `tlcriteria diff` loaded: its own criteria sets as a catalogue; the places rated.

A side is exactly the sets it holds: no plugin's set stands in for one the
change removed (the diff would say "removed" and still rate with it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NoReturn

import attrs

from ..catalogue import Catalogue
from ..catalogue_loading import load_catalogue
from ..documents import Reading, load_each, read_documents
from ..errors import Problem
from ..i18n import _
from ..model import Place
from ..models_from_toml import load_place
from ..registry import Registry
from .sources import SourceError, read_side

Fail = Callable[[str], NoReturn]
Report = Callable[[Iterable[Problem]], int]


def load_side(registry: Registry, spec: str, report: Report, fail: Fail) -> tuple[Catalogue, set[str]]:
    """The catalogue of one side (its own sets, no plugin's) and the ids of those sets."""
    try:
        docs, problems = read_side(spec, registry)
    except SourceError as exc:
        fail(str(exc))
    set_docs = [d for d in docs if d.kind == "set"]
    if not set_docs and not problems:
        fail(_("{spec}: holds no criteria set (a file with a [set] table)").format(spec=spec))
    # A side is exactly the sets it holds (see above): no plugin's set.
    own = attrs.evolve(registry, set_files=())
    loaded = load_catalogue(own, given=Reading(tuple(set_docs)))
    catalogue = loaded.catalogue
    problems += loaded.problems
    if report(problems):
        fail(
            _("{spec}: the criteria sets have errors; fix them, or compare another revision").format(
                spec=spec
            )
        )
    ids = {r.id for r in catalogue.sets.values() if r.set.path in {d.path for d in set_docs}}
    return catalogue, ids


def load_place_files(dirs: Sequence[str], report: Report, fail: Fail) -> list[Place]:
    docs, problems = read_documents(dirs)
    places, found = load_each(docs, "place", load_place)
    problems += found
    if report(problems):
        fail(_("the place files have errors; fix them first (tlcriteria check)"))
    if not places:
        fail(_("no place file found in {folders}").format(folders=", ".join(dirs)))
    return sorted(places, key=lambda p: p.id)
