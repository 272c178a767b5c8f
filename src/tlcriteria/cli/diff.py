"""`tlcriteria diff`: what changes between two versions of the criteria, and whose grade moves."""

from __future__ import annotations

import click

from ..i18n import N_
from .app import App, fail, pass_app, report
from .help import Translated
from .options import keep_going_option, output_option, table_format_option


@click.command(cls=Translated)
@click.argument("old")
@click.argument("new")
@click.option(
    "--places",
    "place_dirs",
    multiple=True,
    type=click.Path(),
    metavar="DIR",
    help="Rate these places with both versions and list whose rating moves (repeatable).",
)
@table_format_option(["table", "md", "json"], N_("Plain text, Markdown (merge requests, wiki) or JSON."))
@output_option
@keep_going_option
@pass_app
def diff(
    app: App,
    old: str,
    new: str,
    place_dirs: tuple[str, ...],
    format_name: str,
    output: str | None,
    keep_going: bool,
) -> None:
    """What changes from OLD to NEW criteria (folders or git:REV[:PATH]), and whose grade moves.

    git:REV without PATH reads the criteria folder of the repository (the one
    holding the catalogue's sets, criteria/ by default), never its other .toml files.

    A place file with problems is left out and named with its problems, as
    score does (an answer both versions refuse is the file's problem, not the
    change's); every other place is compared; exit status 1 unless --keep-going.

    Writes the report to the standard output, or to FILE with -o.

    \b
    Examples:
      tlcriteria diff git:HEAD~1:criteria git:HEAD:criteria --places lieux
      tlcriteria diff git:main:criteria criteria --places lieux --format md
    """
    from ..diff import run_diff
    from ..errors import Stopped
    from .places import finish_left_out, left_files

    # The sides read from git are not files here: only folders can be written over.
    app.check_output(output, (*(s for s in (old, new) if not s.startswith("git:")), *place_dirs))
    try:
        text, problems = run_diff(app.registry(), old, new, place_dirs, format_name)
    except Stopped as exc:
        report(exc.problems)
        fail(exc.message)
    report(problems)
    app.emit(text, output)
    finish_left_out(left_files(p.path for p in problems if p.is_error), keep_going)
