"""What the commands load: the catalogue, the places, their problems.

The library entry points used by the CLI and by anyone scripting tlcriteria:
`load_catalogue`, `load_places`, `rate_places`. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from .catalogue import Catalogue, build_catalogue
from .documents import Document, read_document, toml_files, where
from .engine import rate
from .errors import Problem, did_you_mean
from .loading import load_place, load_set
from .model import CriteriaSet, Place, Rating
from .registry import Registry


@attrs.frozen
class Loaded:
    """The outcome of loading: what could be used, and every problem met."""

    catalogue: Catalogue
    places: tuple[Place, ...] = ()
    problems: tuple[Problem, ...] = ()  # errors in the user's files
    plugin_problems: tuple[Problem, ...] = ()  # errors in plugins' sets: reported, not fatal
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def plugin_set_documents(registry: Registry) -> tuple[list[Document], list[Problem]]:
    docs, problems = [], []
    for item in registry.set_files:
        display = f"[plugin {item.plugin}] {item.resource.name}"
        doc, found = read_document(item.resource, display, origin=item.plugin)
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs, problems


def read_documents(paths: Iterable[str | Path]) -> tuple[list[Document], list[Problem]]:
    files, problems = toml_files(paths)
    docs = []
    for path in files:
        doc, found = read_document(path)
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs, problems


def sets_from(docs: Iterable[Document], registry: Registry) -> tuple[list[CriteriaSet], list[Problem]]:
    sets, problems = [], []
    for doc in docs:
        loaded, found = load_set(doc, registry.kinds, registry.schemes)
        problems.extend(found)
        if loaded is not None:
            sets.append(loaded)
    return sets, problems


def not_a_rule_file(doc: Document) -> Problem:
    return Problem(
        doc.path, "", "is neither a criteria set nor a place file",
        "a criteria set starts with a [set] table, a place file with a [place] table",
    )


def load_catalogue(
    registry: Registry,
    criteria_dirs: Sequence[str | Path] = (),
    extra_sets: Sequence[Document] = (),
) -> tuple[Catalogue, list[Problem], list[Problem]]:
    """The plugins' sets, then the user's; returns (catalogue, user problems, plugin problems)."""
    plugin_docs, plugin_problems = plugin_set_documents(registry)
    plugin_sets, found = sets_from(plugin_docs, registry)
    plugin_problems += found

    user_docs, problems = read_documents(criteria_dirs) if criteria_dirs else ([], [])
    for doc in user_docs:
        if doc.kind != "set":
            problems.append(
                Problem(doc.path, "", "is not a criteria set", "a --criteria folder holds files with a [set] table")
            )
    user_sets, found = sets_from([d for d in user_docs if d.kind == "set"] + list(extra_sets), registry)
    problems += found

    catalogue, found = build_catalogue(plugin_sets, user_sets, registry.kinds, registry.schemes)
    for problem in found:
        (plugin_problems if problem.path.startswith("[plugin ") else problems).append(problem)
    return catalogue, problems, plugin_problems


def check_answers(place: Place, doc: Document, catalogue: Catalogue, registry: Registry) -> list[Problem]:
    """Answers against the catalogue: known criterion, n/a allowed, value valid."""
    problems: list[Problem] = []
    criteria = catalogue.criteria
    kinds = registry.kinds

    def context(criterion_id: str) -> str:
        # Only computed for an answer with a problem: scanning the text is the slow part.
        answers_line = doc.locator.table("answers")
        line = doc.locator.key(criterion_id, answers_line) or answers_line
        return where(line, f"[answers] {criterion_id}")

    for criterion_id, answer in place.answers.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            problems.append(
                Problem(
                    doc.path, context(criterion_id), f"no criteria set defines a criterion {criterion_id!r}",
                    did_you_mean(criterion_id, catalogue.criteria) or "remove this answer",
                )
            )
            continue
        if answer.na:
            if not criterion.na_allowed:
                problems.append(
                    Problem(
                        doc.path, context(criterion_id), "this criterion cannot be answered n/a (na = true)",
                        "give an answer; the criteria set does not allow na here",
                    )
                )
            continue
        problem = kinds[criterion.kind].check_value(criterion.config, answer.value)
        if problem is not None:
            problems.append(Problem(doc.path, context(criterion_id), *problem))
    return problems


def unknown_colleges(place: Place, catalogue: Catalogue) -> list[Problem]:
    colleges = catalogue.colleges
    return [
        Problem(
            place.path, "[place] colleges",
            f"no criteria set rates college {college!r}, so the place is not rated for it",
            did_you_mean(college, colleges) if colleges else "no set with a college is loaded",
            severity="warning",
        )
        for college in place.colleges
        if college not in colleges
    ]


def places_from(
    docs: Iterable[Document], catalogue: Catalogue, registry: Registry
) -> tuple[list[Place], list[Problem], list[Problem]]:
    """Places that are valid against the catalogue; (places, problems, warnings)."""
    places, problems, warnings = [], [], []
    seen: dict[str, str] = {}
    for doc in docs:
        place, found = load_place(doc)
        if place is None:
            problems.extend(found)
            continue
        found = check_answers(place, doc, catalogue, registry)
        if place.id in seen:
            found.append(
                Problem(doc.path, "[place] id", f"place id {place.id!r} is also used by {seen[place.id]}",
                        "give each place its own id")
            )
        seen.setdefault(place.id, doc.path)
        if found:
            problems.extend(found)
            continue
        warnings.extend(unknown_colleges(place, catalogue))
        places.append(place)
    places.sort(key=lambda p: p.id)
    return places, problems, warnings


def load_places(
    registry: Registry, place_paths: Sequence[str | Path], criteria_dirs: Sequence[str | Path] = ()
) -> Loaded:
    """Load the catalogue and every place under `place_paths`."""
    catalogue, problems, plugin_problems = load_catalogue(registry, criteria_dirs)
    docs, found = read_documents(place_paths)
    problems += found
    for doc in docs:
        if doc.kind != "place":
            problems.append(
                Problem(doc.path, "", "is not a place file", "a place file starts with a [place] table")
                if doc.kind == "set" else not_a_rule_file(doc)
            )
    places, found, warnings = places_from([d for d in docs if d.kind == "place"], catalogue, registry)
    problems += found
    return Loaded(catalogue, tuple(places), tuple(problems), tuple(plugin_problems), tuple(warnings))


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
