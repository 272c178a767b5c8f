"""`score` and `publish` over many places on several cores, written as they go.

The pipeline is one clear sequence, the same for both commands:

1. the parent loads the catalogue (once) and lists the place files;
2. contiguous slices of files go to a pool of workers, each of which reads,
   checks, rates and renders its slice (`_work`), and returns its problems
   and its rendered pieces, sorted;
3. the parent merges the problems in file order (the duplicate-id check
   across slices is done exactly as `places_from` does), puts each slice's
   pieces in a `Spool` on disk, and shows progress;
4. when nothing is wrong, the pieces are read back merged in output order
   (`heapq.merge` over the sorted slices) and the format writes them one by
   one to the output.

So the problems, warnings and output bytes are those of the one-process
code, and memory does not grow with the number of places: the parent holds
one slice's result and a few pieces per slice at a time.

Workers get the registry and catalogue by `fork` where the platform has it
(nothing to pickle); elsewhere they rebuild both by plugin names.
`TLCRITERIA_WORKERS=1` runs the slices in this process; `TLCRITERIA_WORKERS=N`
sets the pool's size.
"""

from __future__ import annotations

import heapq
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .errors import Problem
from .i18n import current_language, set_language

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from .catalogue import Catalogue
    from .interfaces import OutputFormat
    from .model import Rating
    from .registry import Registry

#: Below this many place files a pool costs more than it saves.
MIN_PLACES = 500
#: Place files per task: small enough to share the work evenly, large enough to be cheap to send.
CHUNK = 200
#: Pieces per record in the spool: what the merge holds in memory per slice.
BATCH = 16
WORKERS_ENV = "TLCRITERIA_WORKERS"


@attrs.frozen
class Job:
    """What every worker does to its slice: plain data, so it pickles."""

    command: str  # "score" or "publish"
    format_name: str
    set_id: str | None = None
    options: tuple[tuple[str, Any], ...] = ()  # publish: the RenderContext options


@attrs.frozen
class Tally:
    """What `publish` needs to know of all the rows it wrote (see `publish.Summary`)."""

    sets: frozenset[str] = frozenset()
    colleges: frozenset[str] = frozenset()
    grades: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    rows: int = 0
    places: int = 0
    freshness: bool = False  # some row shows when its place was assessed (or that it is stale)
    reviews: int = 0  # peer reviews among the files: publish then takes the whole path

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.sets | other.sets,
            self.colleges | other.colleges,
            self.grades | other.grades,
            self.stages | other.stages,
            self.rows + other.rows,
            self.places + other.places,
            self.freshness or other.freshness,
            self.reviews + other.reviews,
        )


@attrs.frozen
class SliceResult:
    read_problems: list[Problem]
    kind_problems: list[Problem]
    entries: list[tuple[str, str | None, list[Problem], list[Problem]]]  # path, place id, errors, warnings
    pieces: list[tuple[Any, str, Any]]  # (sort key, place id, piece), sorted
    tally: Tally


class Spool:
    """Every slice's sorted pieces in a temporary file, read back merged in order."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close(), after the merge
        self.slices: list[tuple[int, int]] = []  # (offset, number of batches)

    def add(self, pieces: Sequence[tuple[Any, str, Any]]) -> None:
        offset = self.file.seek(0, os.SEEK_END)
        batches = 0
        for start in range(0, len(pieces), BATCH):
            pickle.dump(pieces[start : start + BATCH], self.file, pickle.HIGHEST_PROTOCOL)
            batches += 1
        if batches:
            self.slices.append((offset, batches))

    def _read(self, offset: int, batches: int) -> Iterator[tuple[Any, str, Any]]:
        for _batch in range(batches):
            self.file.seek(offset)
            pieces = pickle.load(self.file)
            offset = self.file.tell()
            yield from pieces

    def merged(self, leave_out: frozenset[str] = frozenset()) -> Iterator[Any]:
        """Every piece but those of the places `leave_out`, in output order (each call starts
        again from the first)."""
        streams = [self._read(offset, batches) for offset, batches in self.slices]
        merged = heapq.merge(*streams, key=itemgetter(0))
        return (piece for _key, place_id, piece in merged if place_id not in leave_out)

    def close(self) -> None:
        self.file.close()


@attrs.frozen
class Outcome:
    """The merged result of every slice: problems as the one-process code orders them."""

    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    spool: Spool = attrs.field(eq=False)
    tally: Tally
    repeated: frozenset[str] = frozenset()  # place ids used by several files: left out


def workers_wanted() -> int:
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw.isdigit():
        return int(raw)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_render_fragments(fmt: OutputFormat) -> bool:
    """Whether `fmt` renders rating by rating (`fragments` and `assemble`)."""
    return fmt.streams


def can_publish_pieces(fmt: OutputFormat) -> bool:
    return callable(getattr(fmt, "publish_pieces", None)) and callable(getattr(fmt, "publish_stream", None))


# The worker's state: inherited through fork, or rebuilt by `_start` under spawn.
_STATE: dict[str, Any] = {}


def _start(disabled: tuple[str, ...], criteria_dirs: tuple[str, ...], language: str = "en") -> None:
    set_language(language)  # a spawned worker speaks the parent's language (fork inherits it)
    if _STATE.get("ready"):
        return
    from .registry import build_registry
    from .workspace import load_catalogue

    registry = build_registry(disabled=disabled)
    catalogue, _problems, _plugin_problems = load_catalogue(registry, criteria_dirs)
    _STATE.update(registry=registry, catalogue=catalogue, ready=True)


def _work(paths: list[str], job: Job) -> SliceResult:
    """Read, check, rate and render one slice of place files."""
    from .documents import read_document
    from .workspace import check_place, not_a_place_file, rate_places, withheld_criteria

    registry: Registry = _STATE["registry"]
    catalogue: Catalogue = _STATE["catalogue"]
    read_problems: list[Problem] = []
    entries: list[tuple[str, str | None, list[Problem], list[Problem]]] = []
    good = []
    docs = []
    for path in paths:
        doc, found = read_document(Path(path))
        read_problems.extend(found)
        if doc is not None:
            docs.append(doc)
    kind_problems = [p for doc in docs if (p := not_a_place_file(doc)) is not None]
    withheld = withheld_criteria(registry, catalogue)
    for doc in docs:
        if doc.kind != "place":
            continue
        place, errors, warnings = check_place(doc, catalogue, registry, withheld)
        entries.append((doc.path, place.id if place else None, errors, warnings))
        if place is not None:
            good.append(place)
    pieces: list[tuple[Any, str, Any]] = []
    tally = Tally()
    if job.set_id is None or job.set_id in catalogue.sets:
        # Files with problems are left out (SPEC §8); the parent drops places whose id repeats.
        import datetime as dt

        from .freshness import today
        from .trust import annotate

        fmt = registry.formats[job.format_name]
        options = dict(job.options)
        # Freshness as of today (score), or of the publication date (publish: same bytes).
        on = dt.date.fromisoformat(options["date"]) if "date" in options else today()
        ratings = annotate(rate_places(good, catalogue, registry, job.set_id), on)
        if job.command == "score":
            texts = fmt.fragments(ratings)
            pieces = [((r.place.id, r.rules.id), r.place.id, t) for r, t in zip(ratings, texts, strict=True)]
        else:
            pieces, tally = _publish_pieces(ratings, registry, fmt, job)
    reviews = sum(1 for doc in docs if doc.kind == "review")
    if reviews:
        tally = attrs.evolve(tally, reviews=reviews)
    return SliceResult(read_problems, kind_problems, entries, pieces, tally)


def _publish_pieces(
    ratings: Sequence[Rating], registry: Registry, fmt: OutputFormat, job: Job
) -> tuple[list[tuple[Any, str, Any]], Tally]:
    """Each place's public rows, rendered by the format, keyed by their publishing order."""
    from .i18n import speaking
    from .interfaces import RenderContext
    from .publish import PUBLIC_LANGUAGE, public_row, sort_key

    context = RenderContext((), options=dict(job.options))
    by_place: dict[str, list[tuple[Any, Rating]]] = {}
    with speaking(PUBLIC_LANGUAGE):  # answers shown by the kinds, in French like the page (as `collect`)
        for rating in ratings:
            by_place.setdefault(rating.place.id, []).append((public_row(rating, registry.kinds), rating))
    pieces: list[tuple[Any, str, Any]] = []
    for pairs in by_place.values():
        pairs.sort(key=lambda pair: sort_key(pair[0]))
        rows = [row for row, _rating in pairs]
        # An optional method of the format (see can_publish_pieces).
        for index, piece in fmt.publish_pieces(rows, [r for _row, r in pairs], context):  # type: ignore[attr-defined]
            pieces.append((sort_key(rows[index]), rows[index].place_id, piece))
    pieces.sort(key=itemgetter(0))
    rows_all = [row for pairs in by_place.values() for row, _rating in pairs]
    tally = Tally(
        frozenset(r.set_id for r in rows_all),
        frozenset(r.college for r in rows_all),
        frozenset(r.grade for r in rows_all if r.grade is not None),
        frozenset(r.stage for r in rows_all),
        len(rows_all),
        len(by_place),
        any(r.assessed is not None or r.stale for r in rows_all),
    )
    return pieces, tally


def run(
    registry: Registry,
    catalogue: Catalogue,
    files: Sequence[Path],
    job: Job,
    disabled: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    progress: Callable[[int], None] = lambda done: None,
) -> Outcome:
    """Every slice of `files` through `_work`, in a pool when worth it; merged in file order.

    `progress(n)` is called as slices come back, with the number of files they held.
    """
    paths = [str(f) for f in files]
    slices = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    workers = min(workers_wanted(), len(slices))
    spool = Spool()
    merger = _Merger(spool)
    _STATE.update(registry=registry, catalogue=catalogue, ready=True)
    try:
        if len(paths) <= MIN_PLACES or workers < 2:
            for part in slices:
                merger.add(_work(part, job))
                progress(len(part))
        else:
            for part, result in zip(
                slices, _pooled(slices, job, workers, disabled, criteria_dirs), strict=True
            ):
                merger.add(result)
                progress(len(part))
    except BaseException:
        spool.close()
        raise
    finally:
        _STATE.clear()
    return merger.outcome()


def _pooled(
    slices: list[list[str]], job: Job, workers: int, disabled: tuple[str, ...], criteria_dirs: tuple[str, ...]
) -> Iterator[SliceResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context: BaseContext
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")  # workers inherit _STATE: nothing rebuilt
    else:  # pragma: no cover - exercised on macOS and Windows only
        context = multiprocessing.get_context("spawn")
        _STATE.clear()
    with ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start,
        initargs=(disabled, criteria_dirs, current_language()),
    ) as pool:
        yield from pool.map(_work, slices, [job] * len(slices))


class _Merger:
    """Problems of the slices in file order, as `workspace.load_places` gives them."""

    def __init__(self, spool: Spool) -> None:
        self.spool = spool
        self.read: list[Problem] = []
        self.kind: list[Problem] = []
        self.place: list[Problem] = []
        self.warnings: list[Problem] = []
        self.valid: list[tuple[str, str]] = []  # (path, place id) of every valid place file
        self.tally = Tally()

    def add(self, result: SliceResult) -> None:
        self.read += result.read_problems
        self.kind += result.kind_problems
        self.tally += result.tally
        self.spool.add(result.pieces)
        for path, place_id, found, place_warnings in result.entries:
            self.place += found
            self.warnings += place_warnings
            if place_id is not None:
                self.valid.append((path, place_id))

    def outcome(self) -> Outcome:
        from .workspace import duplicate_ids

        # As in workspace.places_from, across every slice: a repeated id leaves out every file using it.
        twice = duplicate_ids(self.valid)
        paths = {p.path for p in twice}
        repeated = frozenset(place_id for path, place_id in self.valid if path in paths)
        problems = tuple(self.read + self.kind + self.place + twice)
        return Outcome(problems, tuple(self.warnings), self.spool, self.tally, repeated)
