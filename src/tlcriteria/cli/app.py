"""`App`: what every command shares for one invocation, reached with `@pass_app`.

The registry (built once, when a command first needs it), stopping with an
error, printing problems and notices, choosing an output format and writing
the output. A leaf: it imports click and `i18n` only, the rest inside the
methods that need it, so that every command module can import it.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, NoReturn

import click

from ..i18n import N_, _, asked_language

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..errors import PluginMistake, Problem
    from ..interfaces import OutputFormat, RenderContext
    from ..registry import Registry


#: Collector thresholds while the process starts (see `start_up`), and those it had before.
_START_UP_THRESHOLD = 100_000
_usual_thresholds: tuple[int, int, int] | None = None


def start_up() -> None:
    """Called once by the process's entry point, before any command is imported.

    Starting builds only what lasts as long as the process (modules, attrs classes, plugins):
    the garbage collector, run every 700 new objects, would scan them again and again for
    nothing (with its last pass at exit, about 12 ms of `check` of one file, a tenth). It
    runs again when `started` is called.
    """
    global _usual_thresholds
    if _usual_thresholds is None:
        _usual_thresholds = gc.get_threshold()
        gc.set_threshold(_START_UP_THRESHOLD, *_usual_thresholds[1:])


def started() -> None:
    """The start-up is over (the registry is built): collections resume as before, and what was
    built so far is left out of them for good (`gc.freeze`, which also spares forked workers
    from copying it, as the gc module's documentation advises)."""
    global _usual_thresholds
    if _usual_thresholds is not None:
        gc.freeze()
        gc.set_threshold(*_usual_thresholds)
        _usual_thresholds = None


class Failed(click.ClickException):
    """Invalid input: the problems were printed, exit with status 1."""

    exit_code = 1

    def show(self, file: IO[str] | None = None) -> None:
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


def say_notice(message: str) -> None:
    click.echo(_("tlcriteria: notice: {message}").format(message=message), err=True)


def say_warning(message: str) -> None:
    click.echo(_("tlcriteria: warning: {message}").format(message=message), err=True)


def format_failed(fmt: OutputFormat, exc: Exception) -> NoReturn:
    """A plugin format's bug: one line naming the format, not a traceback."""
    from ..errors import PluginMistake, describe_exception  # library code, loaded only on this path

    if isinstance(exc, PluginMistake):  # a kind's or scheme's, met while the format wrote
        raise exc
    fail(_("format {name!r} failed: {error}").format(name=fmt.name, error=describe_exception(exc)))


def rendered(fmt: OutputFormat, context: RenderContext) -> str | bytes:
    """`fmt.render(context)`; a plugin format's bug (it raised, or gave no text) is one line naming it."""
    try:
        data = fmt.render(context)
    except (click.ClickException, BrokenPipeError):
        raise
    except Exception as exc:
        format_failed(fmt, exc)
    if not isinstance(data, str | bytes):
        fail(
            _("format {name!r} failed: render returned {type}, not text (return a str or bytes)").format(
                name=fmt.name, type=type(data).__name__
            )
        )
    return data


def emit(data: str | bytes, output: str | None) -> None:
    """The whole output to FILE (atomically) or to stdout."""
    if output and output != "-":
        from ..files import write_atomic

        try:
            write_atomic(output, data)
        except OSError as exc:
            from ..errors import os_reason  # library code, loaded only on this path

            fail(_("{path}: cannot write: {error}").format(path=output, error=os_reason(exc)))
        return
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        click.echo(data, nl=False)


def check_output(
    output: str | None,
    inputs: Iterable[str | None],
    fmt: OutputFormat | None = None,
    *,
    writes_toml: bool = False,
    places: Iterable[str] = (),
) -> None:
    """Stop, before anything is read or written, when -o would write over what the command
    reads: `inputs` are the files and folders it was given (None: an option not given).
    `fmt`: the format chosen, which tells a folder output and a TOML one; `writes_toml`:
    the output is TOML (a review file); `places`: the place files and folders among the
    inputs, whose network file (beside them or one folder up) is kept as an input."""
    if not output or output == "-":
        return
    from ..network_file import network_files_of  # library code
    from ..overwrites import file_output_problem, folder_output_problem

    given = [path for path in inputs if path]
    networks = [_shown(path) for path in network_files_of(places)]
    if fmt is not None and fmt.writes_directory:
        problem = folder_output_problem(output, given, networks)
    else:
        toml = writes_toml or (fmt is not None and ".toml" in (e.lower() for e in fmt.extensions))
        problem = file_output_problem(output, given, writes_toml=toml, network_files=networks)
    if problem:
        fail(problem)


def _shown(path: os.PathLike[str]) -> str:
    """A path found (absolute) as the user would write it: from the current folder."""
    try:
        return os.path.relpath(path)
    except (OSError, ValueError):  # no current folder, another drive
        return str(path)


@contextmanager
def open_output(output: str | None) -> Iterator[Callable[[str], object]]:
    """`write(text)` to FILE (atomically: replaced only once all is written) or to stdout."""
    if not output or output == "-":
        yield sys.stdout.write
        sys.stdout.flush()
        return
    from ..files import atomic_writer

    try:
        with atomic_writer(output) as write:
            yield write
    except OSError as exc:
        from ..errors import os_reason  # library code, loaded only on this path

        fail(_("{path}: cannot write: {error}").format(path=output, error=os_reason(exc)))


class App:
    """One invocation of `tlcriteria`: the options of the group and what commands share."""

    def __init__(self, disabled: tuple[str, ...] = ()) -> None:
        self.disabled_option = disabled
        self._registry: Registry | None = None
        self._with_formats = False
        self._said: set[str] = set()

    @property
    def disabled(self) -> tuple[str, ...]:
        """Plugins not to load: --disable-plugin, then TLCRITERIA_DISABLE_PLUGINS."""
        from ..plugins import disabled_from_env

        return (*self.disabled_option, *disabled_from_env())

    def registry(self, *, formats: bool = False, quiet: bool = False) -> Registry:
        """The registry, built once per invocation; broken plugins are reported, not fatal.

        `formats`: with the built-in output formats, which only the commands writing through a
        format need (the others do not import them). `quiet`: the plugins' errors are not
        printed here (`plugins` prints them after its table).
        """
        if self._registry is None or (formats and not self._with_formats):
            from ..registry import build_registry

            registry = build_registry(disabled=self.disabled, formats=formats)
            for line in registry.warnings:
                if line not in self._said:
                    say_warning(line)
            if not quiet:
                for line in registry.errors:
                    if line not in self._said:
                        click.echo(_("tlcriteria: error: {message}").format(message=line), err=True)
            self._said.update((*registry.warnings, *([] if quiet else registry.errors)))
            self._registry, self._with_formats = registry, formats
            started()
        return self._registry

    fail = staticmethod(fail)
    report = staticmethod(report)

    def plugin_mistake(self, mistake: PluginMistake) -> str:
        """The line saying which plugin broke its contract, as a hook's failure says it."""
        owner = self._registry.owners.get((mistake.category, mistake.name)) if self._registry else None
        if owner is None:
            return mistake.message
        return _("plugin {name!r} is broken: {error}").format(name=owner, error=mistake.message)

    def print_notices(self, catalogue: Catalogue, plugin_problems: Iterable[Problem] = ()) -> None:
        """The catalogue's notices (renamed ids, retired criteria), then the plugins' problems."""
        for notice in catalogue.notices:
            say_notice(notice)
        report(plugin_problems)

    def choose_format(self, command: str, name: str | None, output: str | None, default: str) -> OutputFormat:
        """--format NAME, else the format of -o FILE's extension, else `default`; with a notice
        when --lang asks for a language the format is not written in."""
        fmt = self._format(command, name, output, default)
        say_written_language(fmt)
        return fmt

    def _format(self, command: str, name: str | None, output: str | None, default: str) -> OutputFormat:
        registry = self.registry(formats=True)
        formats = registry.formats_for(command)
        if name is None and output and output != "-":
            found = registry.formats_for_extension(output, command)
            if not found:
                fail(
                    _("cannot tell the format from {output!r}; give --format ({formats})").format(
                        output=output, formats=", ".join(formats)
                    )
                )
            if len(found) > 1:  # formats sharing an extension: no guess (the registry warned)
                fail(
                    _(
                        "cannot tell the format from {output!r}: formats {names} write it; give --format"
                    ).format(output=output, names=", ".join(repr(fmt.name) for fmt in found))
                )
            return found[0]
        name = name or default
        if name not in formats:
            from ..errors import did_you_mean

            fail(_("unknown format {name!r} ({hint})").format(name=name, hint=did_you_mean(name, formats)))
        return formats[name]

    emit = staticmethod(emit)
    open_output = staticmethod(open_output)
    check_output = staticmethod(check_output)


pass_app = click.make_pass_decorator(App)


#: Languages by their names, for the notice of `say_written_language`.
LANGUAGE_NAMES = {"fr": N_("French"), "en": N_("English")}


def say_written_language(fmt: OutputFormat) -> None:
    """A notice when --lang asks for a language the format does not write (it writes as it always does)."""
    asked = asked_language()
    if asked is None or not fmt.languages or asked in fmt.languages:  # no languages: no words
        return
    names = ", ".join(_(LANGUAGE_NAMES.get(code, code)) for code in sorted(fmt.languages))
    say_notice(
        _(
            "format {name!r} is written in {languages} only: --lang {language} changes the messages, not the output"
        ).format(name=fmt.name, languages=names, language=asked)
    )
