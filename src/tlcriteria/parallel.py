"""`score` and `publish` over many places on several cores, written as they go.

The pipeline is one clear sequence, the same for both commands:

1. the parent loads the catalogue (once) and lists the place files;
2. contiguous slices of files go to a pool of workers, each of which reads,
   checks, rates and renders its slice (`_work`), writes its rendered pieces,
   sorted, to its own spool file (a folder format such as the site also
   writes each place's own files), and returns its problems and where its
   pieces lie;
3. the parent merges the problems in file order (the duplicate-id check
   across slices is done exactly as `places_from` does, at the `id` line each
   worker noted, and a college whose set was left out is counted over every
   slice and said once), notes where each slice's pieces lie (`Spool`), and
   shows progress;
4. when nothing is wrong, the pieces are read back merged in output order
   (`heapq.merge` over the sorted slices, stream by stream) and the format
   writes them one by one to the output.

So the problems, warnings and output bytes are those of the one-process
code, and memory does not grow with the number of places: the parent holds
one slice's result and a few pieces per slice at a time.

Workers get the registry and catalogue by `fork` where the platform has it
(nothing to pickle); elsewhere they rebuild both by plugin names.
`TLCRITERIA_WORKERS=1` runs the slices in this process; `TLCRITERIA_WORKERS=N`
sets the pool's size.
"""

from __future__ import annotations

import gc
import heapq
import os
import pickle
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .errors import Problem
from .i18n import current_language, set_language

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from .catalogue import Catalogue
    from .documents import Document
    from .interfaces import OutputFormat
    from .model import Place, Rating
    from .place_checks import NamedColleges
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
    #: Files the parent already read (the network file, which every page of a site needs):
    #: used as they are, not read again.
    documents: tuple[Document, ...] = ()


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
    #: What a folder format counts over every place (keys of its choosing), summed across slices.
    counts: Counter[Any] = attrs.field(factory=Counter)
    #: A folder format's value for each key from the first place or row that has it (keys are
    #: (key, sort key) pairs' first halves; the smallest sort key wins across slices).
    firsts: dict[Any, tuple[Any, Any]] = attrs.field(factory=dict)
    networks: tuple[str, ...] = ()  # files holding [network] that the parent did not read first
    #: `--set`: the valid places the set does not rate (not in its college), by id; the parent names them.
    outside: tuple[str, ...] = ()

    def __add__(self, other: Tally) -> Tally:
        firsts = dict(self.firsts)
        for key, (order, value) in other.firsts.items():
            if key not in firsts or order < firsts[key][0]:
                firsts[key] = (order, value)
        return Tally(
            self.sets | other.sets,
            self.colleges | other.colleges,
            self.grades | other.grades,
            self.stages | other.stages,
            self.rows + other.rows,
            self.places + other.places,
            self.freshness or other.freshness,
            self.reviews + other.reviews,
            self.counts + other.counts,
            firsts,
            self.networks + other.networks,
            self.outside + other.outside,
        )


#: Where a slice's pieces of one stream lie in a spool file: (stream, file, offset, batches).
Spooled = tuple[str, str, int, int]
#: A place file checked in a slice: its path, its place id (as written when well formed, even with
#: errors: `_Merger` tells valid files by their errors; None when malformed) and the line
#: of its `id` (named if another slice's file uses it too), its errors, the warnings said with it,
#: the colleges it names whose set was left out (said once for all files, `unrated_colleges`),
#: the colleges it names, and, when it has problems about them, what `renamed_colleges` needs.
Entry = tuple[
    str,
    str | None,
    int | None,
    list[Problem],
    list[Problem],
    tuple[str, ...],
    tuple[str, ...],
    "NamedColleges | None",  # imported for type checking only
]


@attrs.frozen
class SliceResult:
    read_problems: list[Problem]
    kind_problems: list[Problem]
    entries: list[Entry]
    spooled: list[Spooled]  # the slice's sorted pieces, written to disk by the worker itself
    tally: Tally


#: The open spool file of this process (a worker's, or the parent's without a pool), by folder.
_OWN_SPOOL: dict[str, Any] = {}


def spool_pieces(folder: str, stream: str, pieces: Sequence[tuple[Any, str, Any]]) -> Spooled | None:
    """Append sorted (sort key, place id, piece) triples to this process's spool file in `folder`.

    The worker writes them itself, so they cross no pipe and are pickled once: the parent
    only learns where they lie, and reads them when it merges.
    """
    if not pieces:
        return None
    file = _OWN_SPOOL.get(folder)
    if file is None:
        _close_own_spool()  # a spool of an earlier run, in a process that outlived it
        file = _OWN_SPOOL[folder] = open(os.path.join(folder, f"{os.getpid()}.spool"), "ab")  # noqa: SIM115
    offset = file.seek(0, os.SEEK_END)
    batches = 0
    for start in range(0, len(pieces), BATCH):
        pickle.dump(pieces[start : start + BATCH], file, pickle.HIGHEST_PROTOCOL)
        batches += 1
    file.flush()
    return (stream, file.name, offset, batches)


def _close_own_spool() -> None:
    for file in _OWN_SPOOL.values():
        file.close()
    _OWN_SPOOL.clear()


#: The spool's temporary folder (`Spool`): what a run killed outright leaves in the system's.
SPOOL_PREFIX = "tlcriteria-spool-"


class Spool:
    """Every slice's sorted pieces, in the spool files of the processes that made them (a
    temporary folder), read back merged in order, stream by stream."""

    def __init__(self) -> None:
        from .files import locked_folder, remove_abandoned

        # Those of runs killed outright first: each could hold the pieces of 100,000 places.
        remove_abandoned(tempfile.gettempdir(), SPOOL_PREFIX)
        folder, self.lock = locked_folder(SPOOL_PREFIX)
        self.folder = str(folder)
        self.slices: list[Spooled] = []
        self.files: dict[str, Any] = {}

    def add(self, spooled: Sequence[Spooled]) -> None:
        self.slices.extend(spooled)

    def _read(self, name: str, offset: int, batches: int) -> Iterator[tuple[Any, str, Any]]:
        file = self.files.get(name)
        if file is None:
            file = self.files[name] = open(name, "rb")  # noqa: SIM115 - closed by close()
        for _batch in range(batches):
            file.seek(offset)
            pieces = pickle.load(file)
            offset = file.tell()
            yield from pieces

    def merged(self, leave_out: frozenset[str] = frozenset(), stream: str = "") -> Iterator[Any]:
        """Every piece of `stream` but those of the places `leave_out`, in output order (each
        call starts again from the first)."""
        streams = [
            self._read(name, offset, batches) for kind, name, offset, batches in self.slices if kind == stream
        ]
        merged = heapq.merge(*streams, key=itemgetter(0))
        return (piece for _key, place_id, piece in merged if place_id not in leave_out)

    def close(self) -> None:
        for file in self.files.values():
            file.close()
        self.files.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None


@attrs.frozen
class Outcome:
    """The merged result of every slice: problems as the one-process code orders them."""

    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    spool: Spool = attrs.field(eq=False)
    tally: Tally
    repeated: frozenset[str] = frozenset()  # place ids used by several files: left out
    valid: int = 0  # place files without problems


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


def can_write_folder_slices(fmt: OutputFormat) -> bool:
    """Whether a folder format writes its places' files in the workers (see `SiteFormat`)."""
    return all(
        callable(getattr(fmt, name, None)) for name in ("begin_folder", "folder_pieces", "finish_folder")
    )


# The worker's state: inherited through fork, or rebuilt by `_start` under spawn.
_STATE: dict[str, Any] = {}


def _end_with(parent: int) -> None:
    """End this worker when the command ends, even killed outright (`kill -9`): else it waits
    for work for ever, holding its memory and the output's work folder (whose lock then says a
    run is going on: `files.clear_leftovers` would leave it)."""
    if sys.platform == "linux":
        import ctypes
        import signal

        try:
            # PR_SET_PDEATHSIG: the kernel kills this process when its parent ends.
            held = ctypes.CDLL(None).prctl(1, signal.SIGKILL) == 0
        except (OSError, AttributeError):
            held = False
        if held:
            if os.getppid() != parent:
                os._exit(1)  # it had ended already, before the line above
            return
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="tlcriteria-parent-watch").start()


def _start(
    disabled: tuple[str, ...], criteria_dirs: tuple[str, ...], language: str = "en", parent: int | None = None
) -> None:
    if parent is not None:
        _end_with(parent)
    set_language(language)  # a spawned worker speaks the parent's language (fork inherits it)
    if _STATE.get("ready"):
        return
    from .catalogue_loading import load_catalogue
    from .registry import build_registry

    registry = build_registry(disabled=disabled)
    catalogue = load_catalogue(registry, criteria_dirs).catalogue
    _STATE.update(registry=registry, catalogue=catalogue, ready=True)
    gc.freeze()  # a spawned worker's own start-up, as `_kept_from_collections` does under fork


@contextmanager
def _kept_from_collections() -> Iterator[None]:
    """Leave what this process holds now (modules, registry, catalogue) out of the garbage
    collector's passes while the slices run.

    Rating and publishing allocate much more than they keep, and each full pass went over
    all of it again (about a tenth of score's and of the site's time); forked workers inherit
    it frozen, and no longer copy its memory pages by writing to it. Thawed afterwards only
    when nothing was frozen before: a test runner's process goes on, while the program's own
    start-up freeze (`cli.app.started`) stays.
    """
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def _work(paths: list[str], job: Job, spool: str) -> SliceResult:
    """Read, check, rate and render one slice of place files; its pieces go to `spool`."""
    from .documents import read_document
    from .place_checks import NamedColleges, check_place, colleges_named, not_a_place_file
    from .place_loading import rate_places, split_by_set

    registry: Registry = _STATE["registry"]
    catalogue: Catalogue = _STATE["catalogue"]
    read_problems: list[Problem] = []
    entries: list[Entry] = []
    good = []
    docs = []
    known = {doc.path: doc for doc in job.documents}
    for path in paths:
        if path in known:
            docs.append(known[path])
            continue
        doc, found = read_document(Path(path))
        read_problems.extend(found)
        if doc is not None:
            docs.append(doc)
    kind_problems = [p for doc in docs if (p := not_a_place_file(doc)) is not None]
    for doc in docs:
        if doc.kind != "place":
            continue
        checked = check_place(doc, catalogue, registry, by_college=job.set_id is None)
        place = checked.place
        # The id's line while the text is at hand: the parent only learns which ids repeat.
        id_line = doc.locator.key_in_cheaply("place", "id") if checked.place_id is not None else None
        unrated = tuple(college for college, _said in checked.unrated) if checked.unrated else ()
        entries.append(
            (
                doc.path,
                checked.place_id,
                id_line,
                list(checked.errors),
                list(checked.file_warnings),
                unrated,
                tuple(colleges_named(doc)),
                NamedColleges.of(doc, checked),
            )
        )
        if place is not None:
            good.append(place)
    streams: dict[str, list[tuple[Any, str, Any]]] = {}
    tally = Tally()
    outside: tuple[str, ...] = ()
    if job.set_id is None or job.set_id in catalogue.sets:
        # Files with problems are left out (SPEC §8); the parent drops places whose id repeats.
        import datetime as dt

        from .freshness import today
        from .trust import annotate

        fmt = registry.formats[job.format_name]
        options = dict(job.options)
        # Freshness as of today (score), or of the publication date (publish: same bytes).
        on = dt.date.fromisoformat(options["date"]) if "date" in options else today()
        rated = good
        if job.set_id is not None:
            # A set that rates a college rates only its places (place_loading.rates_place).
            rules = catalogue.sets[job.set_id]
            rated, left = split_by_set(rules, good)
            outside = tuple(p.id for p in left)
        ratings = annotate(rate_places(rated, catalogue, registry, job.set_id), on)
        if job.command == "score":
            texts = fmt.fragments(ratings)
            streams[""] = [
                ((r.place.id, r.rules.id), r.place.id, t) for r, t in zip(ratings, texts, strict=True)
            ]
        else:
            streams, tally = _publish_pieces(good, ratings, registry, fmt, job)
    reviews = sum(1 for doc in docs if doc.kind == "review")
    networks = tuple(doc.path for doc in docs if doc.kind == "network" and doc.path not in known)
    if reviews or networks or outside:
        tally = attrs.evolve(tally, reviews=reviews, networks=networks, outside=outside)
    spooled = [s for name, pieces in streams.items() if (s := spool_pieces(spool, name, pieces)) is not None]
    return SliceResult(read_problems, kind_problems, entries, spooled, tally)


def _publish_pieces(
    places: Sequence[Place], ratings: Sequence[Rating], registry: Registry, fmt: OutputFormat, job: Job
) -> tuple[dict[str, list[tuple[Any, str, Any]]], Tally]:
    """Each place's public rows, rendered by the format, keyed by their publishing order
    (a folder format writes its places' own files and says what its streams hold)."""
    from .i18n import speaking
    from .interfaces import RenderContext
    from .publish import PUBLIC_LANGUAGE, joined_key, public_row, sort_key

    # The registry, as the whole path gives it (the site shows answers as the kinds do).
    context = RenderContext((), options={**dict(job.options), "registry": registry})
    by_place: dict[str, list[tuple[Any, Rating]]] = {}
    # A format that writes the ratings (json) needs of the rows only what orders them.
    lines = fmt.publish_rows
    with speaking(PUBLIC_LANGUAGE):  # answers shown by the kinds, in French like the page (as `collect`)
        for rating in ratings:
            row = public_row(rating, registry.kinds, lines)
            by_place.setdefault(rating.place.id, []).append((row, rating))
    rows_all = [row for pairs in by_place.values() for row, _rating in pairs]
    counts: Counter[Any] = Counter()
    firsts: dict[Any, tuple[Any, Any]] = {}
    if can_write_folder_slices(fmt):
        # Optional methods of the format (see can_write_folder_slices, can_publish_pieces).
        streams, counts, firsts = fmt.folder_pieces(places, by_place, context)  # type: ignore[attr-defined]
    else:
        pieces: list[tuple[Any, str, Any]] = []
        for pairs in by_place.values():
            pairs.sort(key=lambda pair: sort_key(pair[0]))
            rows = [row for row, _rating in pairs]
            for index, piece in fmt.publish_pieces(rows, [r for _row, r in pairs], context):  # type: ignore[attr-defined]
                pieces.append((joined_key(sort_key(rows[index])), rows[index].place_id, piece))
        pieces.sort(key=itemgetter(0))
        streams = {"": pieces}
    tally = Tally(
        frozenset(r.set_id for r in rows_all),
        frozenset(r.college for r in rows_all),
        frozenset(r.grade for r in rows_all if r.grade is not None),
        frozenset(r.stage for r in rows_all),
        len(rows_all),
        len(by_place),
        any(r.assessed is not None or r.stale for r in rows_all),
        counts=counts,
        firsts=firsts,
    )
    return streams, tally


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
    merger = _Merger(spool, catalogue)
    _STATE.update(registry=registry, catalogue=catalogue, ready=True)
    try:
        with _kept_from_collections():
            if len(paths) <= MIN_PLACES or workers < 2:
                for part in slices:
                    merger.add(_work(part, job, spool.folder))
                    progress(len(part))
            else:
                pooled = _pooled(slices, job, workers, disabled, criteria_dirs, spool.folder)
                for part, result in zip(slices, pooled, strict=True):
                    merger.add(result)
                    progress(len(part))
    except BaseException:
        spool.close()
        raise
    finally:
        _STATE.clear()
        _close_own_spool()
    return merger.outcome()


def _pooled(
    slices: list[list[str]],
    job: Job,
    workers: int,
    disabled: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    spool: str,
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
        initargs=(disabled, criteria_dirs, current_language(), os.getpid()),
    ) as pool:
        yield from pool.map(_work, slices, [job] * len(slices), [spool] * len(slices))


class _Merger:
    """Problems of the slices in file order, as `place_loading.load_places` gives them."""

    def __init__(self, spool: Spool, catalogue: Catalogue) -> None:
        self.spool = spool
        self.catalogue = catalogue
        self.read: list[Problem] = []
        self.kind: list[Problem] = []
        self.place: list[Problem] = []
        self.warnings: list[Problem] = []
        self.valid: list[tuple[str, str]] = []  # (path, place id) of every valid place file
        self.ids: list[tuple[str, str]] = []  # (path, place id) of every file with a well-formed id
        self.id_lines: dict[str, int | None] = {}  # path -> the line of its place id
        self.unrated: Counter[str] = Counter()  # college whose set is left out -> files naming it
        self.named_by: dict[str, list[str]] = {}  # college -> the files naming it, in file order
        self.said: list[NamedColleges] = []  # the files with problems about their colleges
        self.tally = Tally()

    def add(self, result: SliceResult) -> None:
        self.read += result.read_problems
        self.kind += result.kind_problems
        self.tally += result.tally
        self.spool.add(result.spooled)
        named_by = self.named_by
        for path, place_id, id_line, found, place_warnings, unrated, named, said in result.entries:
            self.place += found
            self.warnings += place_warnings
            for college in named:
                named_by.setdefault(college, []).append(path)
            if said is not None:
                self.said.append(said)
            if place_id is not None:
                self.ids.append((path, place_id))
                self.id_lines[path] = id_line
                if not found:
                    self.valid.append((path, place_id))
            if unrated:
                self.unrated.update(unrated)

    def outcome(self) -> Outcome:
        from .place_checks import duplicate_ids, renamed_colleges, unrated_colleges

        # As in place_checks.places_from, across every slice: a repeated id leaves out every file using
        # it (files with other errors count: the repeated id is told in the same run), a college
        # whose set is left out is one warning for all the files naming it, and so is a college a
        # set renamed (in place of each file's problems about it).
        renamed: list[Problem] = []
        if self.said:
            renamed, covered = renamed_colleges(self.said, self.named_by, self.catalogue)
            if covered:
                replaced = {file.path: file.problems for file in self.said if file.path in covered}
                self.place = [p for p in self.place if p not in replaced.get(p.path, ())]
                self.warnings = [p for p in self.warnings if p not in replaced.get(p.path, ())]
        twice = duplicate_ids(self.ids, self.id_lines.__getitem__)
        paths = {p.path for p in twice}
        repeated = frozenset(place_id for path, place_id in self.valid if path in paths)
        problems = tuple(self.read + self.kind + self.place + twice + [p for p in renamed if p.is_error])
        warnings = tuple(
            self.warnings
            + unrated_colleges(self.unrated, self.catalogue)
            + [p for p in renamed if not p.is_error]
        )
        kept = sum(1 for path, _id in self.valid if path not in paths)  # a repeated id is left out too
        return Outcome(problems, warnings, self.spool, self.tally, repeated, kept)
