"""What the commands load and rate: the catalogue, the places, their problems.

The library entry points used by the CLI and by anyone scripting tlcriteria:
`load_places` (the catalogue in one pass, then every place file checked) and
`rate_places`. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from .catalogue import Catalogue
from .catalogue_loading import load_catalogue
from .documents import Document, by_file_and_line, read_files
from .engine import rate
from .errors import Problem
from .model import Place, Rating, ResolvedSet
from .place_checks import not_a_place_file, places_from, said_at_sets
from .registry import Registry


@attrs.frozen
class LeftOut:
    """A place file that is not rated, with every problem that keeps it out (SPEC §8)."""

    path: str
    problems: tuple[Problem, ...]


@attrs.frozen
class Loaded:
    """The outcome of loading: what could be used, and every problem met."""

    catalogue: Catalogue
    places: tuple[Place, ...] = ()
    problems: tuple[Problem, ...] = ()  # errors in the user's files: sets and places
    plugin_problems: tuple[Problem, ...] = ()  # errors in plugins' sets: reported, not fatal
    warnings: tuple[Problem, ...] = ()
    #: The errors of the user's criteria sets (among `problems`): nothing can be rated against them.
    set_problems: tuple[Problem, ...] = ()
    #: The files read, for what looks at them once more without reading them again
    #: (signatures, peer reviews: tlcriteria.trust).
    documents: tuple[Document, ...] = attrs.field(default=(), eq=False, repr=False)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def set_errors(self) -> int:
        """The errors among `set_problems` (which also hold the warnings said with them)."""
        return sum(1 for p in self.set_problems if p.is_error)

    @property
    def left_out(self) -> tuple[LeftOut, ...]:
        """The place files left out (every error that is not the sets'), in the order met."""
        return left_out(p for p in self.problems if p not in self.set_problems)


def left_out(problems: Iterable[Problem]) -> tuple[LeftOut, ...]:
    """Errors grouped by file: each file named once, with its problems, by file then line.

    The step between loading and rating that any pipeline (score, publish, the
    worker pool) takes: valid places are rated, these are named and counted.
    """
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.is_error:
            by_path.setdefault(problem.path, []).append(problem)
    return tuple(LeftOut(path, tuple(by_file_and_line(by_path[path]))) for path in sorted(by_path))


def load_places(
    registry: Registry,
    place_paths: Sequence[str | Path],
    criteria_dirs: Sequence[str | Path] = (),
    by_college: bool = False,
) -> Loaded:
    """Load the catalogue and every place under `place_paths` (`by_college`: they are to be
    rated for their colleges, so a place none of whose colleges is rated is an error of its file:
    see `place_checks.check_place`)."""
    sets = load_catalogue(registry, criteria_dirs)
    reading = read_files(place_paths)
    problems = [*reading.problems, *(p for d in reading.documents if (p := not_a_place_file(d)) is not None)]
    place_docs = [d for d in reading.documents if d.kind == "place"]
    checked = places_from(place_docs, sets.catalogue, registry, by_college)
    return Loaded(
        sets.catalogue,
        checked.places,
        (*sets.problems, *problems, *checked.problems),
        sets.plugin_problems,
        checked.warnings,
        set_problems=(*sets.problems, *said_at_sets((*checked.problems, *checked.warnings))),
        documents=reading.documents,
    )


def rates_place(rules: ResolvedSet, place: Place) -> bool:
    """Whether a set asked for alone (`--set`) rates this place: a set that rates a college
    (`college` in its `[set]`) rates only the places of that college, as without `--set`;
    a set without one rates every place."""
    return rules.set.college is None or rules.set.college in place.colleges


def split_by_set(rules: ResolvedSet, places: Iterable[Place]) -> tuple[list[Place], list[Place]]:
    """The places the set asked for alone rates (`rates_place`), and the others, in order."""
    rated: list[Place] = []
    outside: list[Place] = []
    for place in places:
        (rated if rates_place(rules, place) else outside).append(place)
    return rated, outside


def rate_places(
    places: Iterable[Place], catalogue: Catalogue, registry: Registry, set_id: str | None = None
) -> list[Rating]:
    """Every place against each of its colleges' sets (or against `set_id`), in a stable order."""
    ratings = []
    memo: dict[object, object] = {}  # credits already computed (see engine.outcome_of)
    for place in places:
        if set_id is not None:
            targets = [catalogue.sets[set_id]]
        else:
            targets = [r for c in place.colleges if (r := catalogue.for_college(c)) is not None]
        for rules in targets:
            ratings.append(rate(place, rules, registry.kinds, registry.schemes[rules.scheme], memo))
    ratings.sort(key=lambda r: (r.place.id, r.rules.id))
    return ratings
