"""`score` over many places on several cores, with the same output and messages.

Reading TOML is most of the work of `score` on a large network, and Python
does it on one core. When there are many place files (more than
`MIN_PLACES`) and the output format can render ratings one by one (it has
`fragments` and `assemble`, as `json` does), the place files are cut into
contiguous slices and each worker process reads, checks, rates and renders its
slice. The parent keeps everything that decides behaviour: it loads the
catalogue, lists the files, merges the workers' problems in file order,
applies the duplicate-id check across slices exactly as `places_from` does,
and sorts the rendered ratings by (place id, set id) as `rate_places` does. So
the problems, warnings and output bytes are those of the one-process path.

Workers get the registry and catalogue by `fork` where the platform has it
(nothing to pickle); elsewhere they rebuild both by plugin names.
`TLCRITERIA_WORKERS=1` turns the pool off; `TLCRITERIA_WORKERS=N` sets its size.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .catalogue import Catalogue
from .errors import Problem
from .i18n import current_language, set_language
from .interfaces import OutputFormat
from .registry import Registry

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from .workspace import Loaded

#: Below this many place files a pool costs more than it saves.
MIN_PLACES = 500
#: Place files per task: small enough to share the work evenly, large enough to be cheap to send.
CHUNK = 200
WORKERS_ENV = "TLCRITERIA_WORKERS"


@attrs.frozen
class Scored:
    """What the parent needs from the workers."""

    problems: tuple[Problem, ...]  # place files' problems, in the one-process order
    warnings: tuple[Problem, ...]
    fragments: tuple[str, ...]  # rendered ratings, sorted by (place id, set id)


def load_and_score(
    registry: Registry,
    fmt: OutputFormat,
    place_paths: Sequence[str | Path],
    criteria_dirs: Sequence[str | Path],
    set_id: str | None,
    disabled: tuple[str, ...],
) -> tuple[Loaded, tuple[str, ...]] | None:
    """`load_places` + `rate_places` + rendering, on several cores; None when not worth it.

    Returns what `load_places` would (without the places themselves) and the
    rendered ratings, for `fmt.assemble`.
    """
    from .documents import toml_files
    from .workspace import Loaded, load_catalogue

    if not can_render_fragments(fmt) or workers_wanted() < 2:
        return None
    files, file_problems = toml_files(place_paths)
    if len(files) <= MIN_PLACES:
        return None
    catalogue, problems, plugin_problems = load_catalogue(registry, criteria_dirs)
    scored = score_in_workers(
        registry, catalogue, fmt, files, set_id, disabled, tuple(str(d) for d in criteria_dirs)
    )
    if scored is None:  # pragma: no cover - checked above
        return None
    loaded = Loaded(
        catalogue,
        (),
        (*problems, *file_problems, *scored.problems),
        tuple(plugin_problems),
        scored.warnings,
        set_problems=tuple(problems),
    )
    return loaded, scored.fragments


def workers_wanted() -> int:
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw.isdigit():
        return int(raw)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_render_fragments(fmt: OutputFormat) -> bool:
    return fmt.streams


# The worker's state: inherited through fork, or rebuilt by `_start` under spawn.
_STATE: dict[str, Any] = {}


def _start(
    disabled: tuple[str, ...], criteria_dirs: tuple[str, ...], format_name: str, language: str = "en"
) -> None:
    set_language(language)  # a spawned worker speaks the parent's language (fork inherits it)
    if _STATE.get("ready"):
        return
    from .registry import build_registry
    from .workspace import load_catalogue

    registry = build_registry(disabled=disabled)
    catalogue, _problems, _plugin_problems = load_catalogue(registry, criteria_dirs)
    _STATE.update(registry=registry, catalogue=catalogue, fmt=registry.formats[format_name], ready=True)


def _work(paths: list[str], set_id: str | None) -> tuple[list[Problem], list[Problem], list[Any], list[Any]]:
    """Read, check, rate and render one slice of place files."""
    from .documents import read_document
    from .workspace import check_place, not_a_place_file, rate_places, withheld_criteria

    registry: Registry = _STATE["registry"]
    catalogue: Catalogue = _STATE["catalogue"]
    fmt = _STATE["fmt"]
    read_problems: list[Problem] = []
    kind_problems: list[Problem] = []
    entries: list[tuple[str, str | None, list[Problem], list[Problem]]] = []
    good = []
    docs = []
    for path in paths:
        doc, found = read_document(Path(path))
        read_problems.extend(found)
        if doc is not None:
            docs.append(doc)
    kind_problems.extend(p for doc in docs if (p := not_a_place_file(doc)) is not None)
    withheld = withheld_criteria(registry, catalogue)
    for doc in docs:
        if doc.kind != "place":
            continue
        place, errors, warnings = check_place(doc, catalogue, registry, withheld)
        entries.append((doc.path, place.id if place else None, errors, warnings))
        if place is not None:
            good.append(place)
    fragments: list[tuple[str, str, str]] = []
    if set_id is None or set_id in catalogue.sets:
        # Files with problems are left out (SPEC §8); the parent drops places whose id repeats.
        from .freshness import today
        from .trust import annotate

        ratings = annotate(rate_places(good, catalogue, registry, set_id), today())
        for rating, text in zip(ratings, fmt.fragments(ratings), strict=True):
            fragments.append((rating.place.id, rating.rules.id, text))
    return read_problems, kind_problems, entries, fragments


def score_in_workers(
    registry: Registry,
    catalogue: Catalogue,
    fmt: OutputFormat,
    files: Sequence[Path],
    set_id: str | None,
    disabled: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
) -> Scored | None:
    """Score `files` in a process pool; None when a pool is not worth it here."""
    workers = min(workers_wanted(), -(-len(files) // CHUNK))
    if len(files) <= MIN_PLACES or workers < 2 or not can_render_fragments(fmt):
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .workspace import duplicate_ids

    paths = [str(f) for f in files]
    slices = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    context: BaseContext
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        _STATE.update(registry=registry, catalogue=catalogue, fmt=fmt, ready=True)
    else:  # pragma: no cover - exercised on macOS and Windows only
        context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_start,
            initargs=(disabled, criteria_dirs, fmt.name, current_language()),
        ) as pool:
            results = list(pool.map(_work, slices, [set_id] * len(slices)))
    finally:
        _STATE.clear()

    read_problems: list[Problem] = []
    kind_problems: list[Problem] = []
    place_problems: list[Problem] = []
    warnings: list[Problem] = []
    fragments: list[tuple[str, str, str]] = []
    valid: list[tuple[str, str]] = []
    for found_read, found_kind, entries, texts in results:
        read_problems += found_read
        kind_problems += found_kind
        fragments += texts
        for path, place_id, found, place_warnings in entries:
            place_problems += found
            warnings += place_warnings
            if place_id is not None:
                valid.append((path, place_id))
    # As in workspace.places_from, across every slice: a repeated id leaves out every file using it.
    twice = duplicate_ids(valid)
    place_problems += twice
    repeated = {place_id for path, place_id in valid if path in {p.path for p in twice}}
    fragments = sorted((f for f in fragments if f[0] not in repeated), key=lambda f: (f[0], f[1]))
    return Scored(
        tuple(read_problems + kind_problems + place_problems),
        tuple(warnings),
        tuple(text for _, _, text in fragments),
    )
