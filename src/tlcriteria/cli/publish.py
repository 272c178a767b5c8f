"""`tlcriteria publish`: the public ratings table of every place, in a publishing format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..i18n import _, ngettext
from .app import App, emit, fail, format_failed, pass_app, rendered, report, say_notice, say_warning
from .help import Translated
from .options import criteria_option, format_completion, keep_going_option, trust_options

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..documents import Document
    from ..errors import Problem
    from ..files import Leftovers
    from ..interfaces import OutputFormat
    from ..model import Place, Rating
    from ..network import Network
    from ..parallel import Job, Outcome
    from ..place_loading import Loaded
    from ..publish import Summary
    from ..registry import Registry
    from .places import Left


def rate_all(loaded: Loaded, registry: Registry, places: tuple[Place, ...] | None = None) -> list[Rating]:
    """Every place against each of its colleges; a progress bar on stderr for long runs."""
    from ..place_loading import rate_places
    from ..progress import Progress

    places = loaded.places if places is None else places
    progress = Progress(len(places), _("Rating the places"))
    ratings: list[Rating] = []
    for place in places:
        ratings.extend(rate_places((place,), loaded.catalogue, registry))
        progress(1)
    progress.close()
    return ratings


@click.command(cls=Translated)
@click.argument("dirs", nargs=-1, required=True, type=click.Path(), metavar="DIR...")
@criteria_option
@click.option(
    "--format",
    "-f",
    "format_name",
    metavar="NAME",
    shell_complete=format_completion("publish"),
    help="md, mediawiki, csv, json, geojson, html, site, summary or table (or a plugin's: `tlcriteria plugins` "
    "lists them); "
    "default: from -o FILE's extension, else md.",
)
@click.option(
    "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of the standard output."
)
@click.option(
    "--csv-dialect",
    type=click.Choice(["excel", "fr"]),
    default="excel",
    show_default=True,
    help="csv: excel = comma and decimal point; fr = semicolon, decimal comma, byte-order mark.",
)
@click.option(
    "--date",
    "date_option",
    metavar="YYYY-MM-DD",
    help=(
        "Publication date: the day freshness is judged on (a rating past its set's validity is "
        "stale, to be renewed), written in json, html and the site's footer. Default "
        "SOURCE_DATE_EPOCH if set, else today (UTC)."
    ),
)
@click.option("--title", metavar="TEXT", help="html, site: the page's (the site's) title.")
@click.option("--network", metavar="NAME", help="site: the network's name, written on the badges.")
@click.option(
    "--tiles",
    metavar="URL",
    help="site: the map's tile server, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (the default).",
)
@click.option("--tiles-attribution", metavar="TEXT", help="site: the credit the tile server asks for.")
@click.option(
    "--site-url",
    metavar="URL",
    help="site: the address the site will be served at, for the badge snippets (e.g. https://lieux.example.org/).",
)
@trust_options
@keep_going_option
@pass_app
def publish(
    app: App,
    dirs: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    format_name: str | None,
    output: str | None,
    csv_dialect: str,
    date_option: str | None,
    title: str | None,
    network: str | None,
    tiles: str | None,
    tiles_attribution: str | None,
    site_url: str | None,
    signers_file: str | None,
    require_signature: bool,
    keep_going: bool,
) -> None:
    """Publish the ratings of every place found: wiki table, map, spreadsheet, web page.

    Each place is rated against each of its colleges; rows are sorted by college,
    then by place name in French order. Private data ([contact]) is never read.
    A place file with problems is left out and named with its problems (the
    publication says nothing of it); exit status 1 unless --keep-going.

    Writes to the standard output, or to FILE with -o (written whole or not
    at all; the format follows FILE's extension).

    \b
    Examples:
      tlcriteria publish lieux --format mediawiki
      tlcriteria publish lieux -o carte.geojson
      tlcriteria publish lieux -o notes.csv --csv-dialect fr
      tlcriteria publish lieux -o index.html --title "Les lieux du réseau"
      tlcriteria publish lieux -o index.html --keep-going
    """
    from ..documents import toml_files
    from ..parallel import can_publish_pieces, can_write_folder_slices
    from ..publish import BadDate, publication_date
    from .places import reviews_filed, say_reviews_aside

    registry = app.registry(formats=True)
    fmt = app.choose_format("publish", format_name, output, "md")
    if fmt.writes_directory and (not output or output == "-"):
        fail(_("format {name!r} writes a folder: give -o DIR").format(name=fmt.name))
    app.check_output(output, (*dirs, *criteria_dirs, signers_file), fmt, places=dirs)
    say_reviews_aside(dirs)
    try:
        date = publication_date(date_option)
    except BadDate as exc:
        fail(str(exc))
    if site_url is not None:
        site_url_checked(site_url)
    if tiles is not None:
        tiles_checked(tiles)
    options = {
        "csv_dialect": csv_dialect,
        "date": date,
        "title": title,
        "network": network,
        "tiles": tiles,
        "tiles_attribution": tiles_attribution,
        "site_url": site_url,
    }
    # Signatures are checked, and reviews matched, over every file at once: that takes
    # the whole path, as does a format that cannot stream (a site, a plugin's format).
    trust = signers_file is not None or require_signature
    try:
        streamed = can_publish_pieces(fmt) and not (trust or fmt.writes_directory or fmt.uses_history)
        in_slices = can_write_folder_slices(fmt) and not trust
        # Walked once: the pool reads the same list. Reviews filed among the files take the whole path.
        listed = toml_files(dirs) if streamed or in_slices else None
        if listed is not None and reviews_filed(listed[0]):
            streamed = in_slices = False
        if streamed and publish_streamed(
            app, registry, fmt, dirs, criteria_dirs, options, output, keep_going, listed
        ):
            return
        if in_slices and publish_folder_streamed(
            app, registry, fmt, dirs, criteria_dirs, options, output, keep_going, listed
        ):
            return
        publish_whole(
            app,
            registry,
            fmt,
            dirs,
            criteria_dirs,
            options,
            output,
            signers_file,
            require_signature,
            keep_going,
        )
    except (click.ClickException, BrokenPipeError):  # a reader that stopped (`| head`): click exits quietly
        raise
    except Exception as exc:  # a plugin format's bug: one line, not a traceback
        format_failed(fmt, exc)


def site_url_checked(site_url: str) -> None:
    """Stop unless --site-url is a web address (the rule of every address the program writes)
    that a page's path can follow: the badge snippets link to SITE-URL/lieux/ID/."""
    _web_address_or_stop("--site-url", site_url)
    if "?" in site_url or "#" in site_url:
        fail(
            _(
                "--site-url: {address!r} has a query (?…) or a fragment (#…): the pages' paths could not "
                "follow it (give the site's address alone, e.g. https://lieux.example.org/)"
            ).format(address=site_url)
        )


def _web_address_or_stop(option: str, address: str, written: str | None = None) -> None:
    """Stop unless `address` is a web address (the rule of every address the program writes),
    naming the option; `written`: the address as given, when `address` was filled in from it."""
    from ..weburl import problem

    found = problem(address)
    if found is not None:
        message, hint = (text.replace(address, written or address) for text in found)
        fail(_("{option}: {message} ({hint})").format(option=option, message=message, hint=hint))


#: What Leaflet fills in a tile address, and a value of each to check the address with.
TILE_FIELDS = {"{z}": "1", "{x}": "1", "{y}": "1", "{s}": "a", "{r}": ""}


def tiles_checked(tiles: str) -> None:
    """Stop unless --tiles is a tile server's address: a web address once Leaflet has filled
    its fields, holding {z}, {x} and {y} (every page's map asks the server for its tiles)."""
    filled = tiles
    for field, value in TILE_FIELDS.items():
        filled = filled.replace(field, value)
    _web_address_or_stop("--tiles", filled, tiles)
    missing = [field for field in ("{z}", "{x}", "{y}") if field not in tiles]
    if missing:
        fail(
            _(
                "--tiles: {address!r} lacks {fields}: the map fills them for each tile (e.g. "
                "https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png)"
            ).format(address=tiles, fields=", ".join(missing))
        )


def sort_out_places(app: App, loaded: Loaded) -> Left:
    """Notices, then stop on the sets' errors; name each place file left out, print the warnings;
    return how many are left out."""
    from .places import sort_out

    return sort_out(
        app,
        loaded,
        ngettext(
            "{count} problem found in the criteria sets; nothing was published",
            "{count} problems found in the criteria sets; nothing was published",
            loaded.set_errors,
        ),
    )


def grades_of(catalogue: Catalogue, registry: Registry) -> dict[str, tuple[str, ...]]:
    """Each set's grades, best first: a row is ranked among its own set's grades."""
    from ..publish import grade_order

    return {k: grade_order(rules, registry.schemes) for k, rules in catalogue.sets.items()}


def rated_in_slices(
    app: App,
    dirs: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    job: Callable[[Catalogue], Job],
    date: str,
    redo: Callable[[Outcome], bool],
    listed: tuple[list[Path], list[Problem]] | None = None,
) -> tuple[Loaded, Outcome, Summary] | None:
    """The places rated in the worker pool, and the head of their publication from what the
    workers counted; None (the spool closed, nothing printed) when `redo` says the whole
    path must do it. Else the caller closes the spool once it has written the pieces."""
    from ..publish import COLUMNS, FRESHNESS_COLUMN, Summary, header_of
    from .places import run_slices

    loaded, outcome = run_slices(app, dirs, criteria_dirs, job, listed)
    try:
        if redo(outcome):
            outcome.spool.close()
            return None
        tally = outcome.tally
        used = [loaded.catalogue.sets[k] for k in sorted(tally.sets)]
        summary = Summary(
            header_of(used, tally.places, date),
            tally.rows,
            tally.places,
            tally.colleges,
            tally.grades,
            tally.stages,
            COLUMNS + ((FRESHNESS_COLUMN,) if tally.freshness else ()),
        )
    except BaseException:
        outcome.spool.close()
        raise
    return loaded, outcome, summary


def publish_streamed(
    app: App,
    registry: Registry,
    fmt: OutputFormat,
    dirs: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    options: dict[str, Any],
    output: str | None,
    keep_going: bool,
    listed: tuple[list[Path], list[Problem]] | None = None,
) -> bool:
    """Load valid places, rate them in the pool, stream the rows to the format as they come.

    False (nothing printed, nothing written) when the files hold peer reviews (matched
    with the places over every file) or several files use one place id (all of them are
    left out, which the counts of the head must not include): the whole path does those.
    """
    from ..interfaces import RenderContext
    from ..parallel import Job
    from ..progress import Progress, counted
    from .places import finish_left_out

    def job(catalogue: Catalogue) -> Job:
        options["grades"] = grades_of(catalogue, registry)
        return Job("publish", fmt.name, None, tuple(options.items()))

    rated = rated_in_slices(
        app, dirs, criteria_dirs, job, options["date"], lambda o: bool(o.tally.reviews or o.repeated), listed
    )
    if rated is None:
        return False
    loaded, outcome, summary = rated
    try:
        left_out = sort_out_places(app, loaded)
        context = RenderContext((), header=summary.header, options=options, warn=say_warning)

        def pieces() -> Iterator[Any]:  # each pass over the pieces has its bar, on a terminal, if long
            return counted(outcome.spool.merged(), Progress(summary.rows, _("Writing the publication")))

        with app.open_output(output) as write:
            fmt.publish_stream(pieces, summary, context, write)  # type: ignore[attr-defined]
    finally:
        outcome.spool.close()
    finish_left_out(left_out, keep_going, kept=outcome.valid)
    return True


def publish_folder_streamed(
    app: App,
    registry: Registry,
    fmt: OutputFormat,
    dirs: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    options: dict[str, Any],
    output: str | None,
    keep_going: bool,
    listed: tuple[list[Path], list[Problem]] | None = None,
) -> bool:
    """A folder format whose workers write each place's files as they rate it (the site);
    the parent writes the shared files from the streamed pieces.

    False (nothing printed, nothing written) when the whole path must do it: as for
    `publish_streamed`, and when the places live in git (the site shows their grade
    history), a file other than the network file holds [network], or the format says so.
    """
    import os
    import pickle
    import tempfile

    from ..documents import read_document, toml_files
    from ..history import files_history, in_git
    from ..interfaces import RenderContext
    from ..network import NETWORK_FILE
    from ..parallel import Job
    from ..publish import Redo
    from .places import finish_left_out

    assert output is not None
    if listed is None:
        listed = toml_files(dirs)  # walked once: the pool reads the same list
    files = listed[0]
    # Places in git: their grade history is read first (bounded: history.MAX_TOTAL versions),
    # into a file each worker reads once.
    in_history = [str(f) for f in files if f.name != NETWORK_FILE] if fmt.uses_history else []
    if not in_git({Path(folder) for folder in {os.path.dirname(f) for f in in_history}}):
        in_history = []
    # Every page needs the network's name and words: its file is read first (and only once).
    read_first = []
    unread: list[Problem] = []
    for path in files:
        if path.name == NETWORK_FILE:
            doc, found = read_document(path)
            unread += found
            if doc is not None and not found:
                read_first.append(doc)
    documents = tuple(read_first)
    network_file = network_or_stop(documents, (f for f in files if f.name != NETWORK_FILE), unread)
    options = {
        **options,
        "network": options["network"] or (network_file.name if network_file else None),
        "network_file": network_file,
    }
    from .places import Left

    left_out = Left(0)
    cut = False
    written = {"places": 0, "colleges": 0}

    def fill(folder: Path, history_file: Path) -> None:
        nonlocal left_out, cut

        def job(catalogue: Catalogue) -> Job:
            nonlocal cut
            options["grades"] = grades_of(catalogue, registry)
            if in_history:
                history, cut = files_history([(f, f) for f in in_history], catalogue, registry)
                history_file.write_bytes(pickle.dumps(history, pickle.HIGHEST_PROTOCOL))
                options["history_file"] = str(history_file)
            options.update(fmt.begin_folder(folder, catalogue, options))  # type: ignore[attr-defined]
            return Job("publish", fmt.name, None, tuple(options.items()), documents)

        def redo(outcome: Outcome) -> bool:
            # A history cut short at MAX_TOTAL versions may count files the whole path leaves out.
            partial = cut and outcome.valid != len(in_history)
            return bool(outcome.tally.reviews or outcome.repeated or outcome.tally.networks or partial)

        try:
            rated = rated_in_slices(app, dirs, criteria_dirs, job, options["date"], redo, listed)
        except FileExistsError:
            # Two files using one place id: their workers write the same place's files before
            # anyone knows the id repeats. The whole path leaves both out and says why (and says
            # any other clash of files, meeting it again, as it says a failed write).
            raise Redo from None
        if rated is None:
            raise Redo
        loaded, outcome, summary = rated
        try:
            # The format's warnings wait for the problems, as on the whole path (which the
            # format may still ask for, with Redo, before anything is printed).
            warnings: list[str] = []
            # What the ratings were made with (the site's self-assessment page ships both):
            # given to the parent only, never pickled for the workers.
            finishing = {**options, "registry": registry, "catalogue": loaded.catalogue}
            context = RenderContext((), header=summary.header, options=finishing, warn=warnings.append)

            def stream(name: str) -> Iterator[Any]:
                return outcome.spool.merged(stream=name)

            fmt.finish_folder(folder, stream, outcome.tally, summary, context, loaded.catalogue)  # type: ignore[attr-defined]
            # Every valid place has its files, rated or not (its college's set may have errors).
            written.update(places=outcome.valid, colleges=len(outcome.tally.colleges))
            left_out = sort_out_places(app, loaded)
            for message in warnings:
                say_warning(message)
        finally:
            outcome.spool.close()

    with tempfile.TemporaryDirectory(prefix="tlcriteria-history-") as scratch:
        try:
            write_folder(fmt, lambda folder: fill(folder, Path(scratch) / "history.pickle"), output)
        except Redo:
            return False
    say_written(fmt, output, written["places"], written["colleges"])
    finish_left_out(left_out, keep_going, kept=written["places"])
    return True


def publish_whole(
    app: App,
    registry: Registry,
    fmt: OutputFormat,
    dirs: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    options: dict[str, Any],
    output: str | None,
    signers_file: str | None,
    require_signature: bool,
    keep_going: bool,
) -> None:
    """Everything in memory, then `render`: for formats that cannot stream, signatures
    and peer reviews (checked over every file at once)."""
    from ..history import grade_history
    from ..interfaces import RenderContext
    from ..place_loading import load_places
    from ..publish import collect, header, set_grades
    from .places import checked_trust, finish_left_out

    loaded = load_places(registry, dirs, criteria_dirs, by_college=True)
    # The network file among the published folders, else near the places (as check and assess
    # find it): its name and usual words.
    places = (d.path for d in loaded.documents if d.kind == "place")
    network_file = network_or_stop(loaded.documents, places, loaded.problems)
    left_out = sort_out_places(app, loaded)
    checked = checked_trust(loaded, signers_file, require_signature)
    on = dt.date.fromisoformat(options["date"])  # freshness as of the publication date: same bytes
    ratings, rows = collect(
        checked.annotate(rate_all(loaded, registry, checked.places), on, registry), registry.kinds
    )
    context = RenderContext(
        tuple(ratings),
        # The places published: without those --require-signature left out (a site would
        # give each place of `places` its page, row and API document, rated or not).
        checked.places,
        header=header(ratings, options["date"]),
        options={
            **options,
            "rows": tuple(rows),
            "grades": set_grades(ratings, registry.schemes),
            "network": options["network"] or (network_file.name if network_file else None),
            "network_file": network_file,
            "history": grade_history(loaded, registry) if fmt.uses_history else {},
            # What the ratings were made with (the site's self-assessment page ships both).
            "registry": registry,
            "catalogue": loaded.catalogue,
        },
        warn=say_warning,
    )
    if fmt.writes_directory:
        assert output is not None
        write_folder(fmt, lambda folder: fmt.write_directory(context, folder), output)
        colleges = {row.college for row in rows if row.college}
        say_written(fmt, output, len(context.places), len(colleges))  # as the streamed path
        finish_left_out(left_out, keep_going, checked.left_out, len(checked.places), checked.reviews_left_out)
        return
    emit(rendered(fmt, context), output)
    finish_left_out(left_out, keep_going, checked.left_out, len(checked.places), checked.reviews_left_out)


def network_or_stop(
    documents: Iterable[Document], places: Iterable[str | Path], read_problems: Iterable[Problem]
) -> Network | None:
    """The network of the places published; a network file with errors stops the publication
    before anything is written: its name is on every page and badge, its words in the filters."""
    from ..network import network_checked

    network, problems = network_checked(documents, places, read_problems)
    errors = report(problems)
    if errors:
        fail(
            ngettext(
                "{count} problem found in the network file; nothing was published",
                "{count} problems found in the network file; nothing was published",
                errors,
            ).format(count=errors)
        )
    return network


def say_written(fmt: OutputFormat, output: str, places: int, colleges: int) -> None:
    """One line on stderr once a folder is in place (stdout stays empty): what and where."""
    click.echo(
        _("{format} written to {path}: {places}, {colleges}").format(
            format=fmt.name,
            path=output,
            places=ngettext("{count} place", "{count} places", places).format(count=places),
            colleges=ngettext("{count} college", "{count} colleges", colleges).format(count=colleges),
        ),
        err=True,
    )


def write_folder(fmt: OutputFormat, fill: Callable[[Path], None], output: str) -> None:
    """A folder format's output, `fill`ed in, put in place of the previous one (kept if anything fails);
    what tlcriteria did not write stays."""
    from ..files import NotOurFolder, TheirsInTheWay, clear_leftovers, replace_folder
    from ..publish import Redo

    try:
        # Said first: whatever happens next, one learns what killed runs left.
        say_leftovers(clear_leftovers(output))
        replace_folder(output, fill)
    except (click.ClickException, Redo):
        raise
    except NotOurFolder:
        if not Path(output).is_dir():
            fail(
                _(
                    "{path}: is a file, not a folder (format {name!r} writes a folder: give a new or empty folder)"
                ).format(path=output, name=fmt.name)
            )
        fail(
            _("{path}: is not empty and was not written by tlcriteria (give a new or empty folder)").format(
                path=output
            )
        )
    except TheirsInTheWay as clash:
        fail(
            _(
                "{path}: not written by tlcriteria, and the {name} output writes there now; nothing was changed (move it elsewhere)"
            ).format(path=clash.path, name=fmt.name)
        )
    except OSError as exc:
        from ..errors import os_reason  # library code, loaded only on this path

        fail(_("{path}: cannot write: {error}").format(path=output, error=os_reason(exc)))
    except Exception as exc:  # a plugin format's bug: one line, not a traceback
        format_failed(fmt, exc)


def say_leftovers(leftovers: Leftovers) -> None:
    """The work folders of killed runs: those removed, and those to look into."""
    for folder in leftovers.removed:
        say_notice(_("{path}: removed, left by a publication that was interrupted").format(path=folder))
    for folder in leftovers.kept:
        say_warning(
            _(
                "{path}: left by a publication that was interrupted, or that is running on another "
                "computer; it may hold files of yours it was moving: look inside, then remove it "
                "(a web host would publish it with the rest)"
            ).format(path=folder)
        )
