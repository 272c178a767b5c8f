"""`tlcriteria report`: the coordinator's follow-up of every place."""

from __future__ import annotations

import click

from ..i18n import N_, ngettext
from .app import App, pass_app
from .help import Translated
from .options import complete_set, criteria_option, keep_going_option, output_option, table_format_option


@click.command(name="report", cls=Translated)
@click.argument("dirs", nargs=-1, required=True, type=click.Path(), metavar="DIR...")
@click.option(
    "--set",
    "set_id",
    metavar="ID",
    shell_complete=complete_set,
    help="Follow up against this set instead of each college's set (the places of its college).",
)
@criteria_option
@click.option(
    "--signers",
    "signers_file",
    metavar="FILE",
    help="The network's allowed-signers file: say which places are unsigned or badly signed.",
)
@table_format_option(["table", "md", "csv", "json"], N_("A terminal table, Markdown, CSV or JSON."))
@output_option
@keep_going_option
@pass_app
def follow_up_report(
    app: App,
    dirs: tuple[str, ...],
    set_id: str | None,
    criteria_dirs: tuple[str, ...],
    signers_file: str | None,
    format_name: str,
    output: str | None,
    keep_going: bool,
) -> None:
    """The coordinator's follow-up: per place and set, what to renew, sign, review, justify or answer.

    Stale ratings, unsigned or badly signed files, unreviewed or disputed
    criteria, missing evidence, unanswered criteria, and the next grade's advice.
    Reviews are read from the folders given (reviews/PLACE-ID/REVIEWER-ID.toml).
    A place file with problems is left out and named with its problems; every
    other place is reported; exit status 1 unless --keep-going.
    Writes the report to the standard output, or to FILE with -o.

    \b
    Examples:
      tlcriteria report reseau --signers reseau/signataires --format md
    """
    from ..follow_up import follow_up, render
    from ..freshness import today
    from ..place_loading import load_places, rate_places
    from .places import checked_trust, finish_left_out, set_filter, sort_out

    app.check_output(output, (*dirs, *criteria_dirs, signers_file), places=dirs)
    registry = app.registry()
    loaded = load_places(registry, dirs, criteria_dirs)
    left_out = sort_out(
        app,
        loaded,
        ngettext(
            "{count} problem found; no report was made",
            "{count} problems found; no report was made",
            loaded.set_errors,
        ),
    )
    only_set = set_filter(app, loaded.catalogue, set_id, loaded.places)
    checked = checked_trust(loaded, signers_file, False)
    places = only_set(checked.places)
    ratings = checked.annotate(rate_places(places, loaded.catalogue, registry, set_id), today(), registry)
    rows = [follow_up(r, registry.kinds, registry.schemes[r.rules.scheme]) for r in ratings]
    app.emit(render(rows, format_name), output)
    finish_left_out(left_out, keep_going, checked.left_out, len(checked.places), checked.reviews_left_out)
