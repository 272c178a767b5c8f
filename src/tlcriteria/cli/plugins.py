"""`tlcriteria plugins`: the plugins and what each one registers."""

from __future__ import annotations

import click

from ..i18n import _
from .app import App, pass_app
from .help import Translated


@click.command(cls=Translated)
@pass_app
def plugins(app: App) -> None:
    """List the plugins and what each one registers.

    A broken plugin is marked with what went wrong. Writes the list to the
    standard output.

    \b
    Examples:
      tlcriteria plugins
      tlcriteria --disable-plugin tlcriteria-fablab plugins
    """
    from ..text_tables import text_table

    registry = app.registry(formats=True, quiet=True)
    provides: dict[str, list[str]] = {}
    for (category, name), plugin in sorted(registry.owners.items()):
        provides.setdefault(plugin, []).append(
            {
                "answer kind": _("answer kind {name}"),
                "rating scheme": _("rating scheme {name}"),
                "output format": _("output format {name}"),
            }.get(category, category + " {name}").format(name=name)
        )
    for item in registry.set_files:
        provides.setdefault(item.plugin, []).append(_("set file {name}").format(name=item.resource.name))
    headings = (_("PLUGIN"), _("FROM"), _("VERSION"), _("STATUS"), _("PROVIDES"))
    rows = []
    for info in registry.plugins:
        what = ", ".join(provides.get(info.name, [])) or "—"
        if info.status == "broken":
            status = _("BROKEN: {error}").format(error=info.error)
        else:
            status = {"ok": _("ok"), "disabled": _("disabled")}.get(info.status, info.status)
        source = _("built-in") if info.source == "built-in" else info.source
        rows.append((info.name, source, info.version or "—", status, what))
    click.echo(text_table(headings, rows, "table"), nl=False)
    for line in registry.errors:
        click.echo(_("tlcriteria: error: {message}").format(message=line), err=True)
