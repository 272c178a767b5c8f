"""One side of `tlcriteria diff` loaded: its own criteria sets as a catalogue; the places rated.

A side is exactly the sets it holds: no plugin's set stands in for one the
change removed (the diff would say "removed" and still rate with it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from ..catalogue import Catalogue
from ..catalogue_loading import load_catalogue
from ..documents import Document, Reading, load_each, read_documents
from ..errors import Problem, Stopped
from ..i18n import _
from ..model import Place
from ..models_from_toml import load_place
from ..registry import Registry
from .sources import SourceError, read_side

if TYPE_CHECKING:
    from ..reviews import Review


def load_side(registry: Registry, spec: str) -> tuple[Catalogue, set[str], list[Problem]]:
    """The catalogue of one side (its own sets, no plugin's), the ids of those sets and the
    warnings found; `Stopped` (with every problem found) when it cannot be used."""
    try:
        docs, problems = read_side(spec, registry)
    except SourceError as exc:
        raise Stopped(str(exc)) from None
    set_docs = [d for d in docs if d.kind == "set"]
    # Nothing read at all (an empty folder): said as such, not as sets with errors.
    if not set_docs and (not problems or (not docs and not any(os.path.isfile(p.path) for p in problems))):
        raise Stopped(
            _("{spec}: holds no criteria set (a file with a [set] table)").format(spec=spec), problems
        )
    # A side is exactly the sets it holds (see above): no plugin's set.
    own = attrs.evolve(registry, set_files=())
    loaded = load_catalogue(own, given=Reading(tuple(set_docs)))
    catalogue = loaded.catalogue
    problems += loaded.problems
    if any(p.is_error for p in problems):
        raise Stopped(
            _("{spec}: the criteria sets have errors; fix them, or compare another revision").format(
                spec=spec
            ),
            problems,
        )
    ids = {r.id for r in catalogue.sets.values() if r.set.path in {d.path for d in set_docs}}
    return catalogue, ids, problems


@attrs.frozen
class PlaceFiles:
    """The place files of `--places`: the places loaded, the files by path, the problems met.

    A file with errors is left out and named with them, as `score` does (SPEC §8): its
    errors are among `problems`; every other place is compared.
    """

    places: tuple[Place, ...]
    documents: Mapping[str, Document]
    problems: tuple[Problem, ...] = ()
    #: The peer reviews among the files (`reviews/PLACE/REVIEWER.toml`), read as `score` reads
    #: them: a set whose disputed answers lose their credit rates without them.
    reviews: tuple[Review, ...] = ()


def load_place_files(dirs: Sequence[str]) -> PlaceFiles:
    """The places of `dirs` by id; `Stopped` when there is no place file to read."""
    docs, problems = read_documents(dirs)
    places, found = load_each(docs, "place", load_place)
    problems += found
    reviews: list[Review] = []
    if any(d.kind == "review" for d in docs):
        from ..reviews import reviews_from

        reviews, found = reviews_from(docs)
        # A broken review is told, not a place file left out: the places are still compared.
        problems += [attrs.evolve(p, severity="warning") for p in found]
    if not any(d.kind == "place" for d in docs):
        if any(p.is_error for p in problems):
            raise Stopped(_("the place files have errors; fix them first (tlcriteria check)"), problems)
        raise Stopped(_("no place file found in {folders}").format(folders=", ".join(dirs)), problems)
    return PlaceFiles(
        tuple(sorted(places, key=lambda p: p.id)),
        {d.path: d for d in docs if d.kind == "place"},
        tuple(problems),
        tuple(reviews),
    )
