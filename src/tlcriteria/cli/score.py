"""`tlcriteria score`: rate each place against each of its colleges' criteria sets."""

from __future__ import annotations

import click

from ..i18n import ngettext
from .app import App, pass_app, rendered
from .help import Translated
from .options import (
    complete_set,
    criteria_option,
    format_completion,
    keep_going_option,
    output_option,
    trust_options,
)


@click.command(cls=Translated)
@click.argument("places", nargs=-1, required=True, type=click.Path(), metavar="PLACE...")
@click.option(
    "--set",
    "set_id",
    metavar="ID",
    shell_complete=complete_set,
    help="Rate against this set instead of each college's set.",
)
@criteria_option
@click.option(
    "--format",
    "-f",
    "format_name",
    metavar="NAME",
    shell_complete=format_completion("score"),
    help="table (default), summary or json, or a plugin's format.",
)
@output_option
@trust_options
@keep_going_option
@pass_app
def score(
    app: App,
    places: tuple[str, ...],
    set_id: str | None,
    criteria_dirs: tuple[str, ...],
    format_name: str | None,
    output: str | None,
    signers_file: str | None,
    require_signature: bool,
    keep_going: bool,
) -> None:
    """Rate each place against each of its colleges' criteria sets.

    PLACE... are place files or folders of them; with --set ID, against that
    one set instead: the places of its college (every place, for a set
    without a college). A place file with problems is left
    out and named with its problems; every other place is rated; exit status 1
    unless --keep-going.

    Writes the ratings to the standard output, or to FILE with -o (written
    whole or not at all); problems go to the standard error.

    \b
    Examples:
      tlcriteria score lieux
      tlcriteria score lieux --format summary
      tlcriteria score lieux/la-fabrique.toml --format json -o notes.json
      tlcriteria score lieux --keep-going
    """
    from ..documents import toml_files
    from ..freshness import today
    from ..interfaces import RenderContext
    from ..parallel import Job, can_render_fragments
    from ..place_loading import load_places, rate_places
    from ..publish import set_grades
    from .places import (
        checked_trust,
        chosen_set,
        finish_left_out,
        reviews_filed,
        run_slices,
        say_outside,
        say_reviews_aside,
        set_filter,
        sort_out,
        write_assembled,
    )

    registry = app.registry(formats=True)
    fmt = app.choose_format("score", format_name, output, "table")
    app.check_output(output, (*places, *criteria_dirs, signers_file), fmt, places=places)
    say_reviews_aside(places)
    # A format that renders rating by rating is written as it goes, from slices rated on
    # every core. Signatures (and peer reviews, found among the files) are checked over
    # every file at once: that takes the whole path.
    streamed = can_render_fragments(fmt) and not (signers_file or require_signature)
    listed = toml_files(places) if streamed else None  # walked once: the pool reads the same list
    if listed is not None and reviews_filed(listed[0]):
        streamed = False
    if streamed:
        loaded, outcome = run_slices(
            app, places, criteria_dirs, lambda _catalogue: Job("score", fmt.name, set_id), listed
        )
        if outcome.tally.reviews:
            outcome.spool.close()
            streamed = False
    if not streamed:
        loaded = load_places(registry, places, criteria_dirs, by_college=set_id is None)
    left_out = sort_out(
        app,
        loaded,
        ngettext(
            "{count} problem found in the criteria sets; nothing was rated",
            "{count} problems found in the criteria sets; nothing was rated",
            loaded.set_errors,
        ),
    )
    unsigned, reviews = 0, 0
    if streamed and set_id is not None:
        # The slices rated only the places the set rates, and name the others (once the id repeats are known).
        rules = chosen_set(app, loaded.catalogue, set_id)
        outside = [i for i in outcome.tally.outside if i not in outcome.repeated]
        say_outside(rules, outside, kept=outcome.valid - len(outside), given=outcome.valid)
    if streamed:
        with app.open_output(output) as write:
            write_assembled(fmt, outcome.spool.merged(outcome.repeated), write)
        outcome.spool.close()
        kept = outcome.valid
    else:
        only_set = set_filter(app, loaded.catalogue, set_id, loaded.places)
        checked = checked_trust(loaded, signers_file, require_signature)
        own = rate_places(only_set(checked.places), loaded.catalogue, registry, set_id)
        ratings = checked.annotate(own, today(), registry)
        # Each set's grades, best first, as its scheme orders them (the summary counts in that order).
        grades = set_grades(ratings, registry.schemes)
        context = RenderContext(tuple(ratings), checked.places, options={"grades": grades})
        app.emit(rendered(fmt, context), output)
        unsigned, kept, reviews = checked.left_out, len(checked.places), checked.reviews_left_out
    finish_left_out(left_out, keep_going, unsigned, kept, reviews)
