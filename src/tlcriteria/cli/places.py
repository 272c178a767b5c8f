"""Steps shared by the commands that read place files: load them or their catalogue (or stop),
name the files left out, check signatures, run the worker pool, say what was left out at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..i18n import SHOWN, _, listed, ngettext
from .app import App, fail, report, say_notice, say_warning

if TYPE_CHECKING:
    from pathlib import Path

    from ..catalogue import Catalogue
    from ..errors import Problem
    from ..interfaces import OutputFormat
    from ..model import Place, ResolvedSet
    from ..parallel import Job, Outcome
    from ..place_loading import Loaded
    from ..trust import Checked


def fail_if_criteria_problems(errors: int) -> None:
    """Stop when the sets of the --criteria folders had errors (already printed)."""
    if errors:
        fail(
            ngettext(
                "{count} problem found in the --criteria folders",
                "{count} problems found in the --criteria folders",
                errors,
            ).format(count=errors)
        )


def catalogue_or_stop(
    app: App,
    criteria_dirs: Sequence[str],
    stopped: Callable[[int], str] | None = None,
    *,
    plugin_problems: bool = True,
) -> Catalogue:
    """The catalogue of the plugins' sets and the --criteria folders. The plugins' problems are
    printed (not fatal; not at all without `plugin_problems`), then the sets' own: any error stops
    the command with `stopped(count)`, its translated message, else with
    `fail_if_criteria_problems`'."""
    from ..catalogue_loading import load_catalogue
    from ..documents import by_file_and_line

    loaded = load_catalogue(app.registry(), criteria_dirs)
    if plugin_problems:
        report(loaded.plugin_problems)
    errors = report(by_file_and_line(loaded.problems))
    if stopped is None:
        fail_if_criteria_problems(errors)
    elif errors:
        fail(stopped(errors).format(count=errors))
    return loaded.catalogue


def set_filter(
    app: App, catalogue: Catalogue, set_id: str | None, places: Sequence[Place]
) -> Callable[[Iterable[Place]], list[Place]]:
    """`--set ID`'s choice (`places_for_set`), made once over every place read, as a filter of
    the places left after the trust checks (peer reviews still see every place); without
    --set, every place."""
    if set_id is None:
        return list
    chosen = {p.path for p in places_for_set(app, catalogue, set_id, places)}
    return lambda kept: [p for p in kept if p.path in chosen]


def places_for_set(app: App, catalogue: Catalogue, set_id: str, places: Sequence[Place]) -> tuple[Place, ...]:
    """`--set ID` as score, advise and report read it: the set must exist and give grades on its own
    (else the command stops, saying why), and a set that rates a college rates only the
    places of that college (`place_loading.rates_place`): the others are named in a notice
    and left unrated; the command stops when none is left."""
    from ..place_loading import split_by_set

    rules = chosen_set(app, catalogue, set_id)
    kept, outside = split_by_set(rules, places)
    say_outside(rules, [p.id for p in outside], kept=len(kept), given=len(places))
    return tuple(kept)


def chosen_set(app: App, catalogue: Catalogue, set_id: str) -> ResolvedSet:
    """The set `--set ID` names; the command stops when it does not exist or gives no grade alone."""
    from ..errors import did_you_mean
    from ..mistakes import TEXT_OR_NONE, held

    rules = catalogue.sets.get(set_id)
    if rules is None:
        fail(
            _("unknown criteria set {name!r} ({hint})").format(
                name=set_id, hint=did_you_mean(set_id, catalogue.sets)
            )
        )
    scheme = app.registry().schemes[rules.scheme]
    reason = held(scheme.cannot_grade, rules.id, TEXT_OR_NONE)(rules)
    if reason:
        fail(reason)
    return rules


def say_outside(rules: ResolvedSet, outside: Sequence[str], kept: int, given: int) -> None:
    """Name the places (`outside`: their ids, named in order whatever the slices' order) a set
    that rates a college leaves unrated; stop when none of the `given` places is left (`kept`:
    those it rates)."""
    college, set_id = rules.set.college, rules.id
    if given and not kept:
        fail(
            _(
                "no place given is in college {college!r}, the only one set {id!r} rates; nothing was rated "
                "(add {college!r} to the place's colleges, or choose another --set)"
            ).format(college=college, id=set_id)
        )
    if outside:
        say_notice(
            ngettext(
                "{count} place is not in college {college!r}, the only one set {id!r} rates, "
                "and is not rated with it: {names}",
                "{count} places are not in college {college!r}, the only one set {id!r} rates, "
                "and are not rated with it: {names}",
                len(outside),
            ).format(
                count=len(outside),
                college=college,
                id=set_id,
                names=listed(sorted(outside), SHOWN, separator=", "),
            )
        )


class Left(NamedTuple):
    """The files left out because of their problems: place files, and review files."""

    places: int
    reviews: int = 0


def left_files(paths: Iterable[str]) -> Left:
    """The files with problems at `paths`, told apart by where they lie: a file that cannot be
    read says nothing of what it is, but one in `reviews/PLACE/` is a peer review (SPEC §11)."""
    from ..network_file import in_reviews_folder

    distinct = set(paths)
    reviews = sum(1 for path in distinct if in_reviews_folder(path))
    return Left(len(distinct) - reviews, reviews)


def sort_out(app: App, loaded: Loaded, nothing_done: str) -> Left:
    """The catalogue's notices and the plugins' problems printed; stop on the criteria sets'
    own errors; name each file left out, with its problems; print the warnings.

    Returns how many files are left out: every other place is rated (a review that cannot be
    read is a review left out, not a place). A path given that holds no file (an empty folder,
    a typo) is no file left out: it stops the command.
    """
    from pathlib import Path

    from ..documents import by_file_and_line

    app.print_notices(loaded.catalogue, loaded.plugin_problems)
    errors = report(by_file_and_line(loaded.set_problems))
    if errors:
        fail(nothing_done.format(count=errors))
    left = loaded.left_out
    for item in left:
        report(item.problems)
    report(loaded.warnings)
    nowhere = [item.path for item in left if not Path(item.path).is_file()]
    if nowhere:
        fail(_("no place file found in {folders}").format(folders=", ".join(nowhere)))
    return left_files(item.path for item in left)


def finish_left_out(
    left: Left, keep_going: bool, unsigned: int = 0, kept: int | None = None, reviews: int = 0
) -> None:
    """After the output is written: say how many places were left out; exit 1 unless --keep-going.

    `left`: the files with problems (`sort_out`); `unsigned`: places left out by
    --require-signature; `kept`: the places rated, when known (none: the message must not say
    the others are); `reviews`: review files left out because of the reviews' own checks (the
    other reviews count).
    """
    count, reviews = left.places, left.reviews + reviews
    messages = []
    if count and kept == 0:
        messages.append(
            ngettext(
                "{count} place file left out because of its problems (see above); no place is left to rate",
                "{count} place files left out because of their problems (see above); no place is left to rate",
                count,
            ).format(count=count)
        )
    elif count:
        messages.append(
            ngettext(
                "{count} place file left out because of its problems (see above); every other place is rated",
                "{count} place files left out because of their problems (see above); every other place is rated",
                count,
            ).format(count=count)
        )
    if unsigned:
        messages.append(
            ngettext(
                "{count} place left out: not signed by its own key",
                "{count} places left out: not signed by their own key",
                unsigned,
            ).format(count=unsigned)
        )
    if reviews:
        messages.append(
            ngettext(
                "{count} review file left out because of its problems (see above); every other review counts",
                "{count} review files left out because of their problems (see above); every other review counts",
                reviews,
            ).format(count=reviews)
        )
    if not messages:
        return
    message = listed(messages)
    if not keep_going:
        fail(_("{message} (with --keep-going, the exit status is 0 all the same)").format(message=message))
    say_warning(message)


def checked_trust(loaded: Loaded, signers_file: str | None, required: bool) -> Checked:
    """Signatures (and reviews) of the loaded places; problems printed; stops when unusable."""
    from ..signatures import SshKeygenMissing
    from ..trust import check_trust

    if required and signers_file is None:
        fail(_("--require-signature needs --signers FILE (the network's allowed-signers file)"))
    try:
        checked = check_trust(loaded.places, loaded.documents, loaded.catalogue, signers_file, required)
    except SshKeygenMissing as exc:
        fail(str(exc))
    report(checked.problems)
    report(checked.left)
    if signers_file is not None and checked.verdicts is None:
        fail(_("the signers file cannot be used; nothing was rated"))
    return checked  # a review with problems is left out (counted by finish_left_out), never fatal


def say_reviews_aside(paths: Sequence[str]) -> None:
    """A notice for the peer reviews filed in the network's folder (`reviews/`, where `review`
    writes them) that the folders given leave out (`places/` given alone): the ratings are
    then made as if the places had no reviews."""
    import os
    from pathlib import Path

    from ..network_file import NETWORK_FILE, from_here, network_root

    # The network's folder of each folder given or holding a file given (a shell's `lieux/*.toml`
    # gives thousands of files in few folders), as `review` finds it to file its reviews.
    given = {p for p in paths if os.path.isdir(p)}
    folders = {*given, *(os.path.dirname(p) or "." for p in paths if p not in given)}
    roots = {root: None for f in folders if (root := network_root(Path(f) / NETWORK_FILE))}
    covering = [Path(p).resolve() for p in given] if roots else []  # a file given covers no folder
    for root in roots:
        reviews = root / "reviews"
        if any(reviews.glob("*/*.toml")) and not any(reviews.resolve().is_relative_to(g) for g in covering):
            say_notice(
                _(
                    "{folder}: peer reviews not read (only the folders given are): give the network's "
                    "folder, {network}, to count them"
                ).format(folder=from_here(reviews), network=from_here(root))
            )


def reviews_filed(files: Iterable[Path]) -> bool:
    """Whether peer reviews lie among the files, where `review` files them (`reviews/PLACE/`).
    Reviews are matched with the places over every file at once, which only the whole path
    does: the pool, finding them once it had read every file, would have them all read again.
    (A review filed elsewhere is found by the pool all the same, at that cost.)"""
    from ..network_file import in_reviews_folder

    return any(in_reviews_folder(path) for path in files)


def run_slices(
    app: App,
    place_paths: Sequence[str],
    criteria_dirs: Sequence[str],
    job: Callable[[Catalogue], Job],
    listed: tuple[list[Path], list[Problem]] | None = None,
) -> tuple[Loaded, Outcome]:
    """Load the catalogue once, then read, check, rate and render every place file in slices
    (on every core when worth it), with a progress bar on a terminal for long runs.
    `listed`: `toml_files(place_paths)` when the caller walked the folders already."""
    from ..catalogue_loading import load_catalogue
    from ..documents import toml_files
    from ..parallel import run
    from ..place_checks import said_at_sets
    from ..place_loading import Loaded
    from ..progress import Progress

    registry = app.registry()
    sets = load_catalogue(registry, criteria_dirs)
    catalogue = sets.catalogue
    files, file_problems = toml_files(place_paths) if listed is None else listed
    progress = Progress(len(files), _("Reading and rating the places"))
    try:
        outcome = run(
            registry, catalogue, files, job(catalogue), app.disabled, tuple(criteria_dirs), progress
        )
    finally:
        progress.close()
    loaded = Loaded(
        catalogue,
        (),
        (*sets.problems, *file_problems, *outcome.problems),
        sets.plugin_problems,
        outcome.warnings,
        set_problems=(*sets.problems, *said_at_sets((*outcome.problems, *outcome.warnings))),
    )
    return loaded, outcome


def write_assembled(fmt: OutputFormat, fragments: Iterator[str], write: Callable[[str], object]) -> None:
    """`fmt.assemble(fragments)`, piece by piece when the format can (`write_assembled`)."""
    method = getattr(fmt, "write_assembled", None)
    if callable(method):
        method(fragments, write)
    else:
        write(fmt.assemble(list(fragments)))
