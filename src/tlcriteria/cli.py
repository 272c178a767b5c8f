"""The `tlcriteria` command line: parse options, call the library, print.

Only click is imported at module level: `tlcriteria --version` must start as
fast as click itself; plugins are loaded when a command needs them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__

if TYPE_CHECKING:
    from .errors import Problem
    from .interfaces import OutputFormat
    from .registry import Registry
    from .workspace import Loaded


class Failed(click.ClickException):
    """Invalid input: the problems were printed, exit with status 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        if self.message:
            click.echo(f"tlcriteria: error: {self.message}", err=True)


def fail(message: str = "") -> NoReturn:
    raise Failed(message)


def report(problems: Iterable[Problem]) -> int:
    """Print problems to stderr, one line each; return how many were errors."""
    errors = 0
    for problem in problems:
        click.echo(str(problem), err=True)
        errors += problem.is_error
    return errors


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="tlcriteria", message="%(prog)s %(version)s")
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    help="Do not load this plugin (repeatable; also TLCRITERIA_DISABLE_PLUGINS=a,b).",
)
@click.pass_context
def main(ctx: click.Context, disabled: tuple[str, ...]) -> None:
    """Rate tiers-lieux against criteria written together by their network."""
    ctx.obj = {"disabled": disabled}


def get_registry(ctx: click.Context, *, quiet: bool = False) -> Registry:
    """The registry, built once per invocation; broken plugins are reported, not fatal."""
    obj = ctx.find_root().obj
    if "registry" not in obj:
        from .plugins import disabled_from_env
        from .registry import build_registry

        registry = build_registry(disabled=(*obj["disabled"], *disabled_from_env()))
        if not quiet:
            for line in registry.errors:
                click.echo(f"tlcriteria: error: {line}", err=True)
        obj["registry"] = registry
    registry: Registry = obj["registry"]
    return registry


def criteria_option(func: Any) -> Any:
    return click.option(
        "--criteria",
        "criteria_dirs",
        multiple=True,
        type=click.Path(),
        metavar="DIR",
        help="Add a folder of criteria sets; a set there replaces a plugin's set of the same id.",
    )(func)


def print_notices(loaded: Loaded) -> None:
    for notice in loaded.catalogue.notices:
        click.echo(f"tlcriteria: notice: {notice}", err=True)
    for problem in loaded.plugin_problems:
        click.echo(str(problem), err=True)


def choose_format(registry: Registry, command: str, name: str | None, output: str | None, default: str) -> OutputFormat:
    formats = registry.formats_for(command)
    if name is None and output and output != "-":
        found = registry.format_for_extension(output, command)
        if found is None:
            fail(f"cannot tell the format from {output!r}; give --format ({', '.join(formats)})")
        return found
    name = name or default
    if name not in formats:
        from .errors import did_you_mean

        fail(f"unknown format {name!r} ({did_you_mean(name, formats)})")
    return formats[name]


def emit(data: str | bytes, output: str | None) -> None:
    if output and output != "-":
        from .files import write_atomic

        try:
            write_atomic(output, data)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")
        return
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        click.echo(data, nl=False)


# --------------------------------------------------------------------------- check


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@criteria_option
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], criteria_dirs: tuple[str, ...]) -> None:
    """Validate criteria sets and place files (folders are walked).

    Every problem of every file is reported, one line each:
    PATH: where: what is wrong (hint). Exit status 1 when any is found.
    """
    from .workspace import load_catalogue, not_a_rule_file, places_from, read_documents

    registry = get_registry(ctx)
    docs, problems = read_documents(paths)
    set_docs = [d for d in docs if d.kind == "set"]
    place_docs = [d for d in docs if d.kind == "place"]
    problems += [not_a_rule_file(d) for d in docs if d.kind is None]
    catalogue, found, plugin_problems = load_catalogue(registry, criteria_dirs, set_docs)
    problems += found
    places, found, warnings = places_from(place_docs, catalogue, registry)
    problems += found
    for notice in catalogue.notices:
        click.echo(f"tlcriteria: notice: {notice}", err=True)
    report(plugin_problems)
    errors = report(sorted(problems, key=lambda p: p.path) + warnings)
    if errors:
        fail(f"{errors} problem{'s' if errors > 1 else ''} found")
    click.echo(
        f"ok: {len(set_docs)} criteria set(s) and {len(place_docs)} place file(s) checked, no problem found"
    )


# --------------------------------------------------------------------------- score


@main.command()
@click.argument("places", nargs=-1, required=True, type=click.Path())
@click.option("--set", "set_id", metavar="ID", help="Rate against this set instead of each college's set.")
@criteria_option
@click.option("--format", "-f", "format_name", metavar="NAME", help="json or table (default), or a plugin's format.")
@click.option("--output", "-o", metavar="FILE", help="Write to FILE instead of the standard output.")
@click.pass_context
def score(
    ctx: click.Context,
    places: tuple[str, ...],
    set_id: str | None,
    criteria_dirs: tuple[str, ...],
    format_name: str | None,
    output: str | None,
) -> None:
    """Rate each place against each of its colleges' criteria sets."""
    from .interfaces import RenderContext
    from .workspace import load_places, rate_places

    from .parallel import load_and_score
    from .plugins import disabled_from_env

    registry = get_registry(ctx)
    fmt = choose_format(registry, "score", format_name, output, "table")
    # Many places and a format that renders rating by rating: on every core (same output).
    disabled = (*ctx.find_root().obj["disabled"], *disabled_from_env())
    scored = load_and_score(registry, fmt, places, criteria_dirs, set_id, disabled)
    loaded = scored[0] if scored else load_places(registry, places, criteria_dirs)
    print_notices(loaded)
    errors = report(loaded.problems)
    if errors:
        fail(f"{errors} problem{'s' if errors > 1 else ''} found; nothing was rated")
    report(loaded.warnings)
    if set_id is not None and set_id not in loaded.catalogue.sets:
        from .errors import did_you_mean

        fail(f"unknown criteria set {set_id!r} ({did_you_mean(set_id, loaded.catalogue.sets)})")
    if scored:
        emit(fmt.assemble(scored[1]), output)  # type: ignore[attr-defined]
        return
    ratings = rate_places(loaded.places, loaded.catalogue, registry, set_id)
    emit(fmt.render(RenderContext(tuple(ratings), loaded.places)), output)


# --------------------------------------------------------------------------- sets, plugins


def columns(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows)


@main.command()
@criteria_option
@click.pass_context
def sets(ctx: click.Context, criteria_dirs: tuple[str, ...]) -> None:
    """List the criteria sets of the catalogue, with their versions and origins."""
    from .workspace import load_catalogue

    registry = get_registry(ctx)
    catalogue, problems, plugin_problems = load_catalogue(registry, criteria_dirs)
    for notice in catalogue.notices:
        click.echo(f"tlcriteria: notice: {notice}", err=True)
    report(plugin_problems)
    errors = report(problems)
    rows = [("ID", "VERSION", "COLLEGE", "SCHEME", "CRITERIA", "FROM")]
    for rules in catalogue.sets.values():
        s = rules.set
        origin = f"plugin {s.origin}" if s.origin else s.path
        rows.append((s.id, s.version, s.college or "—", s.scheme, str(len(rules.active_criteria)), origin))
    if len(rows) == 1:
        click.echo("no criteria set found (install a college plugin or give --criteria DIR)")
    else:
        click.echo(columns(rows))
    if errors:
        fail(f"{errors} problem{'s' if errors > 1 else ''} found in the --criteria folders")


@main.command()
@click.pass_context
def plugins(ctx: click.Context) -> None:
    """List the plugins and what each one registers."""
    registry = get_registry(ctx, quiet=True)
    provides: dict[str, list[str]] = {}
    for (category, name), plugin in sorted(registry.owners.items()):
        provides.setdefault(plugin, []).append(f"{category} {name}")
    for item in registry.set_files:
        provides.setdefault(item.plugin, []).append(f"set file {item.resource.name}")
    rows = [("PLUGIN", "FROM", "VERSION", "STATUS", "PROVIDES")]
    for info in registry.plugins:
        what = ", ".join(provides.get(info.name, [])) or "—"
        status = info.status if info.status != "broken" else f"BROKEN: {info.error}"
        rows.append((info.name, info.source, info.version or "—", status, what))
    click.echo(columns(rows))
    for line in registry.errors:
        click.echo(f"tlcriteria: error: {line}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
