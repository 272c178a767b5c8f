"""`tlcriteria advise`: what would raise each place's grade, the least first."""

from __future__ import annotations

import click

from ..i18n import N_, ngettext
from .app import App, pass_app
from .help import Translated
from .options import complete_set, criteria_option, keep_going_option, output_option, table_format_option


@click.command(name="advise", cls=Translated)
@click.argument("places", nargs=-1, required=True, type=click.Path(), metavar="PLACE...")
@click.option(
    "--set",
    "set_id",
    metavar="ID",
    shell_complete=complete_set,
    help="Advise against this set instead of each college's set.",
)
@criteria_option
@table_format_option(["table", "md", "json"], N_("A terminal table, Markdown or JSON."))
@output_option
@keep_going_option
@pass_app
def advise(
    app: App,
    places: tuple[str, ...],
    set_id: str | None,
    criteria_dirs: tuple[str, ...],
    format_name: str,
    output: str | None,
    keep_going: bool,
) -> None:
    """The least each place has to change to reach its next grade.

    PLACE... are place files or folders of them. For each place and set: the
    grade now, the next one, and the fewest answers to change, each to the
    smallest value that suffices (with the evidence it asks for). A place
    file with problems is left out and named with its problems; every other
    place is advised; exit status 1 unless --keep-going.
    Writes the advice to the standard output, or to FILE with -o.

    \b
    Examples:
      tlcriteria advise lieux/la-cabane-pretendue.toml
      tlcriteria advise lieux --format md -o conseils.md
      tlcriteria advise lieux --set communs --format json
    """
    from ..advice_view import advice_rows, render
    from ..freshness import today
    from ..place_loading import load_places, rate_places
    from .places import checked_trust, finish_left_out, set_filter, sort_out

    app.check_output(output, (*places, *criteria_dirs), places=places)
    registry = app.registry()
    loaded = load_places(registry, places, criteria_dirs)
    left_out = sort_out(
        app,
        loaded,
        ngettext(
            "{count} problem found; no advice was given",
            "{count} problems found; no advice was given",
            loaded.set_errors,
        ),
    )
    only_set = set_filter(app, loaded.catalogue, set_id, loaded.places)
    # Peer reviews among the files given count as score counts them (a set may take a disputed
    # answer's credit away): the advice starts from the grade score gives.
    checked = checked_trust(loaded, None, False)
    rated = only_set(checked.places)
    own = rate_places(rated, loaded.catalogue, registry, set_id)
    ratings = checked.annotate(own, today(), registry)
    app.emit(render(advice_rows(ratings, registry.kinds, registry.schemes, own), format_name), output)
    finish_left_out(left_out, keep_going, kept=len(loaded.places))
