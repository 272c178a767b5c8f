"""`tlcriteria publish`: the public ratings table of every place, in a publishing format.

Attached to `tlcriteria.cli.main`; only click is imported at module level. The
helpers of `tlcriteria.cli` are imported inside the command, so that this
module can be imported on its own (cli imports it at its end).
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import click

from .cli_options import criteria_option
from .cli_trust import trust_options
from .i18n import _, ngettext

if TYPE_CHECKING:
    from .interfaces import OutputFormat, RenderContext
    from .model import Place, Rating
    from .registry import Registry
    from .workspace import Loaded


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def rate_all(loaded: Loaded, registry: Registry, places: tuple[Place, ...] | None = None) -> list[Rating]:
    """Every place against each of its colleges; a progress bar on stderr when there are many."""
    from .publish import PROGRESS_THRESHOLD
    from .workspace import rate_places

    places = loaded.places if places is None else places
    if len(places) <= PROGRESS_THRESHOLD or not stderr_is_terminal():
        return rate_places(places, loaded.catalogue, registry)
    ratings: list[Rating] = []
    with click.progressbar(places, label=_("Rating the places"), file=sys.stderr, show_pos=True) as bar:
        for place in bar:
            ratings.extend(rate_places((place,), loaded.catalogue, registry))
    return ratings


@click.command()
@click.argument("dirs", nargs=-1, required=True, type=click.Path(), metavar="DIR...")
@criteria_option
@click.option(
    "--format",
    "-f",
    "format_name",
    metavar="NAME",
    help="md, mediawiki, csv, json, geojson or html (or a plugin's); default: from -o FILE's extension, else md.",
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
    help="Publication date written in json, html: default SOURCE_DATE_EPOCH if set, else today (UTC).",
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
@click.option(
    "--keep-going",
    is_flag=True,
    help="Exit with status 0 although place files with problems were left out.",
)
@click.pass_context
def publish(
    ctx: click.Context,
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
    from .cli import choose_format, emit, fail, finish_left_out, get_registry, print_notices, report, sort_out
    from .cli_trust import checked_trust
    from .history import grade_history
    from .interfaces import RenderContext
    from .network import network_among
    from .publish import BadDate, collect, header, publication_date, set_grades
    from .workspace import load_places

    registry = get_registry(ctx)
    fmt = choose_format(registry, "publish", format_name, output, "md")
    if fmt.writes_directory and (not output or output == "-"):
        fail(_("format {name!r} writes a folder: give -o DIR").format(name=fmt.name))
    try:
        date = publication_date(date_option)
    except BadDate as exc:
        fail(str(exc))
    loaded = load_places(registry, dirs, criteria_dirs)
    print_notices(loaded)
    left_out = sort_out(
        loaded,
        ngettext(
            "{count} problem found in the criteria sets; nothing was published",
            "{count} problems found in the criteria sets; nothing was published",
            len(loaded.set_problems),
        ),
    )
    report(loaded.warnings)
    checked = checked_trust(loaded, signers_file, require_signature)
    # The network file among the published folders (as check finds it): its name and usual words.
    network_file = network_among(loaded.documents)
    on = dt.date.fromisoformat(date)  # freshness as of the publication date: same inputs, same bytes
    ratings, rows = collect(
        checked.annotate(rate_all(loaded, registry, checked.places), on, registry), registry.kinds
    )
    context = RenderContext(
        tuple(ratings),
        loaded.places,
        header=header(ratings, date),
        options={
            "rows": tuple(rows),
            "grades": set_grades(ratings, registry.schemes),
            "csv_dialect": csv_dialect,
            "date": date,
            "title": title,
            "network": network or (network_file.name if network_file else None),
            "network_file": network_file,
            "tiles": tiles,
            "tiles_attribution": tiles_attribution,
            "site_url": site_url,
            "history": grade_history(loaded, registry) if fmt.uses_history else {},
        },
        warn=lambda message: click.echo(
            _("tlcriteria: warning: {message}").format(message=message), err=True
        ),
    )
    if fmt.writes_directory:
        assert output is not None
        write_folder(fmt, context, output)
        finish_left_out(left_out, keep_going, checked.left_out)
        return
    try:
        data = fmt.render(context)
    except Exception as exc:  # a plugin format's bug: one line, not a traceback
        fail(_("format {name!r} failed: {error}").format(name=fmt.name, error=f"{type(exc).__name__}: {exc}"))
    emit(data, output)
    finish_left_out(left_out, keep_going, checked.left_out)


def write_folder(fmt: OutputFormat, context: RenderContext, output: str) -> None:
    """A folder format's output, put in place whole (the old folder stays if anything fails)."""
    from .cli import fail
    from .files import NotOurFolder, replace_folder

    try:
        replace_folder(output, lambda folder: fmt.write_directory(context, folder))
    except NotOurFolder:
        fail(
            _("{path}: is not empty and was not written by tlcriteria (give a new or empty folder)").format(
                path=output
            )
        )
    except OSError as exc:
        fail(_("{path}: cannot write: {error}").format(path=output, error=exc.strerror or exc))
    except Exception as exc:  # a plugin format's bug: one line, not a traceback
        fail(_("format {name!r} failed: {error}").format(name=fmt.name, error=f"{type(exc).__name__}: {exc}"))
