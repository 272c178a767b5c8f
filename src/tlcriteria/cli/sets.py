"""`tlcriteria sets`: the criteria sets of the catalogue, with their versions and origins."""

from __future__ import annotations

import click

from ..i18n import _
from .app import App, pass_app
from .help import Translated
from .options import criteria_option


@click.command(cls=Translated)
@criteria_option
@pass_app
def sets(app: App, criteria_dirs: tuple[str, ...]) -> None:
    """List the criteria sets of the catalogue, with their versions and origins.

    Writes the list to the standard output.

    \b
    Examples:
      tlcriteria sets
      tlcriteria sets --criteria criteria
    """
    from ..catalogue_loading import load_catalogue
    from ..text_tables import text_table
    from .places import fail_if_criteria_problems

    loaded_sets = load_catalogue(app.registry(), criteria_dirs)

    catalogue, problems, plugin_problems = (
        loaded_sets.catalogue,
        loaded_sets.problems,
        loaded_sets.plugin_problems,
    )
    app.print_notices(catalogue, plugin_problems)
    errors = app.report(problems)
    headings = (_("ID"), _("VERSION"), _("COLLEGE"), _("SCHEME"), _("CRITERIA"), _("FROM"))
    rows = []
    for rules in catalogue.sets.values():
        s = rules.set
        origin = _("plugin {name}").format(name=s.origin) if s.origin else s.path
        rows.append((s.id, s.version, s.college or "—", s.scheme, str(len(rules.active_criteria)), origin))
    if not rows:
        click.echo(_("no criteria set found (install a college plugin or give --criteria DIR)"))
    else:
        click.echo(text_table(headings, rows, "table"), nl=False)
    fail_if_criteria_problems(errors)
