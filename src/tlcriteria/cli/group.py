"""The `tlcriteria` command line: parse options, call the library, print.

Only click is imported at module level: `tlcriteria --version` must start as
fast as click itself; plugins are loaded when a command needs them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .cli_options import criteria_option, output_option, table_format_option
from .cli_trust import trust_options
from .i18n import _, ngettext, set_language

if TYPE_CHECKING:
    from .catalogue import Catalogue
    from .errors import Problem
    from .interfaces import OutputFormat
    from .parallel import Job, Outcome
    from .registry import Registry
    from .workspace import Loaded


class Failed(click.ClickException):
    """Invalid input: the problems were printed, exit with status 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        if self.message:
            click.echo(_("tlcriteria: error: {message}").format(message=self.message), err=True)


def fail(message: str = "") -> NoReturn:
    raise Failed(message)


def report(problems: Iterable[Problem]) -> int:
    """Print problems to stderr, one line each; return how many were errors."""
    errors = 0
    for problem in problems:
        click.echo(str(problem), err=True)
        errors += problem.is_error
    return errors


def _translated_help(text: str | None) -> str | None:
    if not text:
        return text
    import inspect

    return _(inspect.cleandoc(text))


class Translated(click.Command):
    """Help texts (docstrings, option help) are English msgids, translated when shown."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click makes its --help option once, in the language of that moment (before --lang ran):
        # its text is made again here, in the language now chosen.
        helper = self.get_help_option(ctx)
        saved = [(p, p.help) for p in [*self.params, helper] if isinstance(p, click.Option) and p.help]
        own = self.help
        try:
            for param, text in saved:
                param.help = _translated_help(text)
            if helper is not None:
                helper.help = _("Show this message and exit.")
            self.help = _translated_help(own)
            super().format_help(ctx, formatter)
        finally:
            for param, text in saved:
                param.help = text
            self.help = own

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the help, whole: click would cut it at `limit` ("…")."""
        text = _translated_help(self.short_help or self.help) or ""
        return " ".join(text.split("\n\n")[0].split())


class Main(Translated, click.Group):
    """The command group; the language is chosen afresh at each invocation (then by --lang)."""

    command_class = Translated

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        set_language(None)
        return super().make_context(info_name, args, parent, **extra)


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="tlcriteria", message="%(prog)s %(version)s")
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    help="Do not load this plugin (repeatable; also TLCRITERIA_DISABLE_PLUGINS=a,b).",
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, param, value: set_language(value),
    help="Language of messages: fr (default) or en (also from LANGUAGE/LC_ALL/LANG).",
)
@click.pass_context
def main(ctx: click.Context, disabled: tuple[str, ...]) -> None:
    """Rate tiers-lieux against criteria written together by their network.

    \b
    Examples:
      tlcriteria check criteria lieux
      tlcriteria assess
      tlcriteria publish lieux -o notes.html
      tlcriteria COMMAND --help
    """
    ctx.obj = {"disabled": disabled}


def get_registry(ctx: click.Context, *, quiet: bool = False) -> Registry:
    """The registry, built once per invocation; broken plugins are reported, not fatal."""
    obj = ctx.find_root().obj
    if "registry" not in obj:
        from .plugins import disabled_from_env
        from .registry import build_registry

        registry = build_registry(disabled=(*obj["disabled"], *disabled_from_env()))
        for line in registry.warnings:
            click.echo(_("tlcriteria: warning: {message}").format(message=line), err=True)
        if not quiet:
            for line in registry.errors:
                click.echo(_("tlcriteria: error: {message}").format(message=line), err=True)
        obj["registry"] = registry
    found: Registry = obj["registry"]
    return found


def fail_if_criteria_problems(errors: int) -> None:
    """Stop when the sets of the --criteria folders had errors (already printed)."""
    if errors:
        fail(
            ngettext(
                "{count} problem found in the --criteria folders",
                "{count} problems found in the --criteria folders",
                errors,
            ).format(count=errors)
        )


def keep_going_option(func: Any) -> Any:
    return click.option(
        "--keep-going",
        is_flag=True,
        help="Exit with status 0 although place files with problems were left out.",
    )(func)


def sort_out(loaded: Loaded, nothing_done: str) -> int:
    """Stop on the criteria sets' own errors; name each place file left out, with its problems.

    Returns how many place files are left out: every other place is rated.
    """
    errors = report(loaded.set_problems)
    if errors:
        fail(nothing_done.format(count=errors))
    left = loaded.left_out
    for item in left:
        report(item.problems)
    return len(left)


def finish_left_out(count: int, keep_going: bool, unsigned: int = 0) -> None:
    """After the output is written: say how many places were left out; exit 1 unless --keep-going.

    `count`: place files with problems; `unsigned`: places left out by --require-signature.
    """
    messages = []
    if count:
        messages.append(
            ngettext(
                "{count} place file left out because of its problems (see above); every other place is rated",
                "{count} place files left out because of their problems (see above); every other place is rated",
                count,
            ).format(count=count)
        )
    if unsigned:
        messages.append(
            ngettext(
                "{count} place left out: not signed by its own key",
                "{count} places left out: not signed by their own key",
                unsigned,
            ).format(count=unsigned)
        )
    if not messages:
        return
    message = "; ".join(messages)
    if not keep_going:
        fail(_("{message} (--keep-going: exit status 0 all the same)").format(message=message))
    click.echo(_("tlcriteria: warning: {message}").format(message=message), err=True)


def print_notices(loaded: Loaded) -> None:
    for notice in loaded.catalogue.notices:
        click.echo(_("tlcriteria: notice: {message}").format(message=notice), err=True)
    for problem in loaded.plugin_problems:
        click.echo(str(problem), err=True)


def load_places_or_stop(
    registry: Registry, paths: Sequence[str], criteria_dirs: Sequence[str], stopped: Callable[[int], str]
) -> Loaded:
    """The places and their catalogue, notices and warnings printed; any error (printed too) stops
    the command with `stopped(count)`, its translated "{count} problems found; …" message."""
    from .workspace import load_places

    loaded = load_places(registry, paths, criteria_dirs)
    print_notices(loaded)
    errors = report(loaded.problems)
    if errors:
        fail(stopped(errors).format(count=errors))
    report(loaded.warnings)
    return loaded


def choose_format(
    registry: Registry, command: str, name: str | None, output: str | None, default: str
) -> OutputFormat:
    formats = registry.formats_for(command)
    if name is None and output and output != "-":
        found = registry.format_for_extension(output, command)
        if found is None:
            fail(
                _("cannot tell the format from {output!r}; give --format ({formats})").format(
                    output=output, formats=", ".join(formats)
                )
            )
        return found
    name = name or default
    if name not in formats:
        from .errors import did_you_mean

        fail(_("unknown format {name!r} ({hint})").format(name=name, hint=did_you_mean(name, formats)))
    return formats[name]


def emit(data: str | bytes, output: str | None) -> None:
    if output and output != "-":
        from .files import write_atomic

        try:
            write_atomic(output, data)
        except OSError as exc:
            fail(_("{path}: cannot write: {error}").format(path=output, error=exc.strerror or exc))
        return
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        click.echo(data, nl=False)


@contextmanager
def open_output(output: str | None) -> Iterator[Callable[[str], object]]:
    """`write(text)` to FILE (atomically: replaced only once all is written) or to stdout."""
    if not output or output == "-":
        yield sys.stdout.write
        sys.stdout.flush()
        return
    from .files import atomic_writer

    try:
        with atomic_writer(output) as write:
            yield write
    except OSError as exc:
        fail(_("{path}: cannot write: {error}").format(path=output, error=exc.strerror or exc))


def run_slices(
    ctx: click.Context,
    registry: Registry,
    place_paths: Sequence[str],
    criteria_dirs: Sequence[str],
    job: Callable[[Catalogue], Job],
) -> tuple[Loaded, Outcome]:
    """Load the catalogue once, then read, check, rate and render every place file in slices
    (on every core when worth it), with a progress bar on a terminal for long runs."""
    from .documents import toml_files
    from .parallel import run
    from .plugins import disabled_from_env
    from .progress import Progress
    from .workspace import Loaded, load_catalogue

    catalogue, problems, plugin_problems = load_catalogue(registry, criteria_dirs)
    files, file_problems = toml_files(place_paths)
    disabled = (*ctx.find_root().obj["disabled"], *disabled_from_env())
    progress = Progress(len(files), _("Reading and rating the places"))
    try:
        outcome = run(registry, catalogue, files, job(catalogue), disabled, tuple(criteria_dirs), progress)
    finally:
        progress.close()
    loaded = Loaded(
        catalogue,
        (),
        (*problems, *file_problems, *outcome.problems),
        tuple(plugin_problems),
        outcome.warnings,
        set_problems=tuple(problems),
    )
    return loaded, outcome


# --------------------------------------------------------------------------- check


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@criteria_option
@click.option("--strict", is_flag=True, help="Warnings count as problems: exit status 1 when any is found.")
@click.option(
    "--against",
    metavar="OLD",
    help="Compare the sets with OLD (folder or git:REV[:PATH]; without PATH, the criteria folder, "
    "criteria/ by default) and warn when a change may lower a grade while the set's version is "
    "unchanged, or deletes a criterion or option that a given place answers.",
)
@click.pass_context
def check(
    ctx: click.Context,
    paths: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    strict: bool,
    against: str | None,
) -> None:
    """Validate criteria sets, place files and the network file (folders are walked).

    Every problem of every file is reported, one line each:
    PATH: where: what is wrong (hint). Exit status 1 when any is found.
    Warnings (rules that work but will surprise, a place outside the
    network's area) do not change the exit status, unless --strict.

    Writes no file: problems and warnings go to the standard error, the
    summary to the standard output.

    \b
    Examples:
      tlcriteria check criteria
      tlcriteria check criteria lieux reseau.toml
      tlcriteria check --strict --against git:main:criteria criteria lieux
    """
    from .workspace import load_catalogue, not_a_rule_file, places_from, read_documents

    registry = get_registry(ctx)
    docs, problems = read_documents(paths)
    set_docs = [d for d in docs if d.kind == "set"]
    place_docs = [d for d in docs if d.kind == "place"]
    problems += [not_a_rule_file(d) for d in docs if d.kind is None]
    unreadable = [p.path for p in problems]
    catalogue, found_in_sets, plugin_problems = load_catalogue(registry, criteria_dirs, set_docs, unreadable)
    problems += found_in_sets
    places, found, warnings = places_from(place_docs, catalogue, registry)
    problems += found
    from .network import location_warnings, networks_from, word_warnings

    networks, found = networks_from(d for d in docs if d.kind == "network")
    problems += found
    warnings += location_warnings(places, networks) + word_warnings(places, networks)
    if any(d.kind == "review" for d in docs):
        from .reviews import check_reviews, reviews_from

        reviews, found = reviews_from(docs)
        _reviewed, more = check_reviews(reviews, places, catalogue)
        problems += found + [p for p in more if p.is_error]
        warnings += [p for p in more if not p.is_error]
    for notice in catalogue.notices:
        click.echo(_("tlcriteria: notice: {message}").format(message=notice), err=True)
    report(plugin_problems)
    checked = {d.path for d in set_docs}
    rules_ok = not any(p.is_error for p in problems)
    if rules_ok:
        from .lint import lint_sets

        warnings += lint_sets(
            [r for r in catalogue.sets.values() if r.set.path in checked],
            registry.kinds,
            catalogue.sets,
            registry.schemes,
        )
    if against is not None and (rules_ok or not any(p.is_error for p in found_in_sets)):
        from .diff import version_warnings

        # Deletions are said even when places have errors: they are often the cause.
        warnings += version_warnings(
            registry, against, catalogue, checked, places, fail, place_docs, rules_ok
        )
    # Notices (renamed ids, retired criteria) inform; they are not warnings, even with --strict.
    notices = [w for w in warnings if w.severity == "notice"]
    warnings = [w for w in warnings if w.severity != "notice"]
    errors = report(sorted(problems, key=lambda p: p.path) + notices + warnings)
    if errors:
        fail(ngettext("{count} problem found", "{count} problems found", errors).format(count=errors))
    if warnings:
        count = ngettext("{count} warning", "{count} warnings", len(warnings)).format(count=len(warnings))
        if strict:
            fail(_("{count} found (--strict)").format(count=count))
        click.echo(
            _(
                "ok: {sets} criteria set(s) and {places} place file(s) checked, "
                "no problem found; {count} (see above)"
            ).format(sets=len(set_docs), places=len(place_docs), count=count)
        )
        return
    click.echo(
        _("ok: {sets} criteria set(s) and {places} place file(s) checked, no problem found").format(
            sets=len(set_docs), places=len(place_docs)
        )
    )


# --------------------------------------------------------------------------- score


@main.command()
@click.argument("places", nargs=-1, required=True, type=click.Path())
@click.option("--set", "set_id", metavar="ID", help="Rate against this set instead of each college's set.")
@criteria_option
@click.option(
    "--format",
    "-f",
    "format_name",
    metavar="NAME",
    help="table (default), summary or json, or a plugin's format.",
)
@output_option
@trust_options
@keep_going_option
@click.pass_context
def score(
    ctx: click.Context,
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

    PLACE... are place files or folders of them; with --set ID, every place
    is rated against that one set instead. A place file with problems is left
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
    from .cli_trust import checked_trust
    from .freshness import today
    from .interfaces import RenderContext
    from .parallel import Job, can_render_fragments
    from .workspace import load_places, rate_places

    registry = get_registry(ctx)
    fmt = choose_format(registry, "score", format_name, output, "table")
    # A format that renders rating by rating is written as it goes, from slices rated on
    # every core. Signatures (and peer reviews, found among the files) are checked over
    # every file at once: that takes the whole path.
    streamed = can_render_fragments(fmt) and not (signers_file or require_signature)
    if streamed:
        loaded, outcome = run_slices(
            ctx, registry, places, criteria_dirs, lambda _catalogue: Job("score", fmt.name, set_id)
        )
        if outcome.tally.reviews:
            outcome.spool.close()
            streamed = False
    if not streamed:
        loaded = load_places(registry, places, criteria_dirs)
    print_notices(loaded)
    left_out = sort_out(
        loaded,
        ngettext(
            "{count} problem found in the criteria sets; nothing was rated",
            "{count} problems found in the criteria sets; nothing was rated",
            len(loaded.set_problems),
        ),
    )
    report(loaded.warnings)
    if set_id is not None and set_id not in loaded.catalogue.sets:
        from .errors import did_you_mean

        fail(
            _("unknown criteria set {name!r} ({hint})").format(
                name=set_id, hint=did_you_mean(set_id, loaded.catalogue.sets)
            )
        )
    if set_id is not None:
        rules = loaded.catalogue.sets[set_id]
        reason = registry.schemes[rules.scheme].cannot_grade(rules)
        if reason:
            fail(reason)
    unsigned = 0
    if streamed:
        with open_output(output) as write:
            write_assembled(fmt, outcome.spool.merged(outcome.repeated), write)
        outcome.spool.close()
    else:
        checked = checked_trust(loaded, signers_file, require_signature)
        ratings = checked.annotate(
            rate_places(checked.places, loaded.catalogue, registry, set_id), today(), registry
        )
        emit(fmt.render(RenderContext(tuple(ratings), checked.places)), output)
        unsigned = checked.left_out
    finish_left_out(left_out, keep_going, unsigned)


# --------------------------------------------------------------------------- sets, plugins


def write_assembled(fmt: OutputFormat, fragments: Iterator[str], write: Callable[[str], object]) -> None:
    """`fmt.assemble(fragments)`, piece by piece when the format can (`write_assembled`)."""
    method = getattr(fmt, "write_assembled", None)
    if callable(method):
        method(fragments, write)
    else:
        write(fmt.assemble(list(fragments)))


def columns(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )


@main.command()
@criteria_option
@click.pass_context
def sets(ctx: click.Context, criteria_dirs: tuple[str, ...]) -> None:
    """List the criteria sets of the catalogue, with their versions and origins.

    Writes the list to the standard output.

    \b
    Examples:
      tlcriteria sets
      tlcriteria sets --criteria criteria
    """
    from .workspace import load_catalogue

    registry = get_registry(ctx)
    catalogue, problems, plugin_problems = load_catalogue(registry, criteria_dirs)
    for notice in catalogue.notices:
        click.echo(_("tlcriteria: notice: {message}").format(message=notice), err=True)
    report(plugin_problems)
    errors = report(problems)
    rows = [(_("ID"), _("VERSION"), _("COLLEGE"), _("SCHEME"), _("CRITERIA"), _("FROM"))]
    for rules in catalogue.sets.values():
        s = rules.set
        origin = _("plugin {name}").format(name=s.origin) if s.origin else s.path
        rows.append((s.id, s.version, s.college or "—", s.scheme, str(len(rules.active_criteria)), origin))
    if len(rows) == 1:
        click.echo(_("no criteria set found (install a college plugin or give --criteria DIR)"))
    else:
        click.echo(columns(rows))
    fail_if_criteria_problems(errors)


@main.command()
@click.pass_context
def plugins(ctx: click.Context) -> None:
    """List the plugins and what each one registers.

    A broken plugin is marked with what went wrong. Writes the list to the
    standard output.

    \b
    Examples:
      tlcriteria plugins
      tlcriteria --disable-plugin tlcriteria-fablab plugins
    """
    registry = get_registry(ctx, quiet=True)
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
    rows = [(_("PLUGIN"), _("FROM"), _("VERSION"), _("STATUS"), _("PROVIDES"))]
    for info in registry.plugins:
        what = ", ".join(provides.get(info.name, [])) or "—"
        if info.status == "broken":
            status = _("BROKEN: {error}").format(error=info.error)
        else:
            status = {"ok": _("ok"), "disabled": _("disabled")}.get(info.status, info.status)
        source = _("built-in") if info.source == "built-in" else info.source
        rows.append((info.name, source, info.version or "—", status, what))
    click.echo(columns(rows))
    for line in registry.errors:
        click.echo(_("tlcriteria: error: {message}").format(message=line), err=True)


# --------------------------------------------------------------------------- assess


@main.command()
@click.argument("place_file", required=False, type=click.Path(dir_okay=False))
@click.option("--set", "set_id", metavar="ID", help="Ask the criteria of this set only.")
@click.option("--output", "-o", metavar="FILE", help="The place file to write (same as PLACE_FILE).")
@criteria_option
@click.option("--review", is_flag=True, help="Walk through every answer, the current one as default.")
@click.option(
    "--sign-with",
    metavar="KEY",
    type=click.Path(dir_okay=False),
    help="Sign the place file with this SSH key when the questionnaire ends (see tlcriteria sign).",
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, param, value: set_language(value) if value else None,
    help="Language of messages: fr (default) or en.",
)
@click.pass_context
def assess(
    ctx: click.Context,
    place_file: str | None,
    set_id: str | None,
    output: str | None,
    criteria_dirs: tuple[str, ...],
    review: bool,
    sign_with: str | None,
) -> None:
    """Self-assessment: answer the criteria one by one, saved after each answer.

    Starts a new place file, or resumes PLACE_FILE asking only what is
    unanswered. "passer"/"skip", "retour"/"back", "quitter"/"quit" at any
    question. Ends with each college's grade and what would raise it.

    Writes the place file after every answer: PLACE_FILE (or -o FILE), else
    places/ID.toml when there is a places folder here, else ID.toml.

    \b
    Examples:
      tlcriteria assess
      tlcriteria assess places/la-fabrique.toml
      tlcriteria assess places/la-fabrique.toml --review
    """
    from .assess.command import run

    run(ctx, place_file, output, set_id, criteria_dirs, review, sign_with)


# --------------------------------------------------------------------------- schema, diff


@main.command()
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
@click.pass_context
def schema(ctx: click.Context, kind: str, output: str | None, criteria_dirs: tuple[str, ...]) -> None:
    """Print the JSON Schema of criteria set files, place files or the network file.

    For editors that complete and check TOML while typing (taplo, Even
    Better TOML). With --criteria (place files), [answers] lists the
    criteria of the catalogue.

    Writes the schema to the standard output, or to FILE with -o.

    \b
    Examples:
      tlcriteria schema -o schema/set.schema.json
      tlcriteria schema --kind place --criteria criteria -o schema/place.schema.json
    """
    from .schema import dumps, schema_for

    registry = get_registry(ctx)
    catalogue = None
    if criteria_dirs and kind == "place":
        from .workspace import load_catalogue

        catalogue, problems, _plugin_problems = load_catalogue(registry, criteria_dirs)
        fail_if_criteria_problems(report(problems))
    emit(dumps(schema_for(kind, registry, catalogue)), output)


@main.command()
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
@table_format_option(["table", "md", "json"], "Plain text, Markdown (merge requests, wiki) or JSON.")
@output_option
@click.pass_context
def diff(
    ctx: click.Context, old: str, new: str, place_dirs: tuple[str, ...], format_name: str, output: str | None
) -> None:
    """What changes from OLD to NEW criteria (folders or git:REV[:PATH]), and whose grade moves.

    git:REV without PATH reads the criteria folder of the repository (the one
    holding the catalogue's sets, criteria/ by default), never its other .toml files.

    Writes the report to the standard output, or to FILE with -o.

    \b
    Examples:
      tlcriteria diff git:HEAD~1:criteria git:HEAD:criteria --places lieux
      tlcriteria diff git:main:criteria criteria --places lieux --format md
    """
    from .diff import run_diff

    emit(run_diff(get_registry(ctx), old, new, place_dirs, format_name, report, fail), output)


# --------------------------------------------------------------------------- publish
# Defined in its own module (only click at import time); attached here.
from .cli_publish import publish  # noqa: E402

publish.__class__ = Translated  # its help texts are translated when shown, like the other commands
main.add_command(publish)

from .cli_migrate import migrate  # noqa: E402

migrate.__class__ = Translated
main.add_command(migrate)

from .cli_advise import advise  # noqa: E402
from .cli_trust import follow_up_report, review, sign, verify  # noqa: E402

for command in (sign, verify, review, follow_up_report, advise):
    command.__class__ = Translated
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
