"""`tlcriteria schema`: the JSON Schema of set files, place files or the network file."""

from __future__ import annotations

import click

from .app import App, pass_app
from .help import Translated
from .options import criteria_option, output_option


@click.command(cls=Translated)
@click.option(
    "--kind",
    "kind",
    type=click.Choice(["set", "place", "network"]),
    default="set",
    show_default=True,
    help="Schema of criteria set files, place files or the network file (reseau.toml).",
)
@output_option
@criteria_option
@pass_app
def schema(app: App, kind: str, output: str | None, criteria_dirs: tuple[str, ...]) -> None:
    """Print the JSON Schema of criteria set files, place files or the network file.

    For editors that complete and check TOML while typing (taplo, Even
    Better TOML). For place files, [answers] lists the criteria of the
    catalogue: the installed plugins' sets and those of --criteria folders
    (with neither, the schema is generic).

    Writes the schema to the standard output, or to FILE with -o.

    \b
    Examples:
      tlcriteria schema -o schema/set.schema.json
      tlcriteria schema --kind place --criteria criteria -o schema/place.schema.json
    """
    from ..schema import dumps, schema_for

    app.check_output(output, criteria_dirs)
    registry = app.registry()
    catalogue = None
    if kind == "place":  # the plugins' sets too: a member with only plugins gets their criteria
        from .places import catalogue_or_stop

        catalogue = catalogue_or_stop(app, criteria_dirs, plugin_problems=False)
    app.emit(dumps(schema_for(kind, registry, catalogue)), output)
