"""Steps shared by the commands that read place files: load them (or stop), name the files
left out, check signatures, run the worker pool, say what was left out at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from ..i18n import _, ngettext
from .app import App, fail, report, say_warning

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..interfaces import OutputFormat
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


def sort_out(loaded: Loaded, nothing_done: str) -> int:
    """Stop on the criteria sets' own errors; name each place file left out, with its problems.

    Returns how many place files are left out: every other place is rated.
    """
    errors = report(loaded.set_problems)
    if errors:
        fail(nothing_done.format(count=errors))
    left = loaded.left_out
    for item in left:
        report(item.problems)
    return len(left)


def finish_left_out(count: int, keep_going: bool, unsigned: int = 0) -> None:
    """After the output is written: say how many places were left out; exit 1 unless --keep-going.

    `count`: place files with problems; `unsigned`: places left out by --require-signature.
    """
    messages = []
    if count:
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
    if not messages:
        return
    message = "; ".join(messages)
    if not keep_going:
        fail(_("{message} (--keep-going: exit status 0 all the same)").format(message=message))
    say_warning(message)


def load_places_or_stop(
    app: App, paths: Sequence[str], criteria_dirs: Sequence[str], stopped: Callable[[int], str]
) -> Loaded:
    """The places and their catalogue, notices and warnings printed; any error (printed too) stops
    the command with `stopped(count)`, its translated "{count} problems found; …" message."""
    from ..place_loading import load_places

    loaded = load_places(app.registry(), paths, criteria_dirs)
    app.print_notices(loaded.catalogue, loaded.plugin_problems)
    errors = report(loaded.problems)
    if errors:
        fail(stopped(errors).format(count=errors))
    report(loaded.warnings)
    return loaded


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
    if not checked.ok:
        fail(_("the reviews have problems (above); nothing was rated"))
    return checked


def run_slices(
    app: App,
    place_paths: Sequence[str],
    criteria_dirs: Sequence[str],
    job: Callable[[Catalogue], Job],
) -> tuple[Loaded, Outcome]:
    """Load the catalogue once, then read, check, rate and render every place file in slices
    (on every core when worth it), with a progress bar on a terminal for long runs."""
    from ..catalogue_loading import load_catalogue
    from ..documents import toml_files
    from ..parallel import run
    from ..place_loading import Loaded
    from ..progress import Progress

    registry = app.registry()
    loaded_sets = load_catalogue(registry, criteria_dirs)
    catalogue, problems, plugin_problems = (
        loaded_sets.catalogue,
        loaded_sets.problems,
        loaded_sets.plugin_problems,
    )
    files, file_problems = toml_files(place_paths)
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
        (*problems, *file_problems, *outcome.problems),
        tuple(plugin_problems),
        outcome.warnings,
        set_problems=tuple(problems),
    )
    return loaded, outcome


def write_assembled(fmt: OutputFormat, fragments: Iterator[str], write: Callable[[str], object]) -> None:
    """`fmt.assemble(fragments)`, piece by piece when the format can (`write_assembled`)."""
    method = getattr(fmt, "write_assembled", None)
    if callable(method):
        method(fragments, write)
    else:
        write(fmt.assemble(list(fragments)))
