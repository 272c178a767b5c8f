"""The `tlcriteria` command group: its options, and its commands, each imported when it runs.

Only click and the small `cli` modules are imported at start: `tlcriteria
--version` must start as fast as click itself, and a command imports only what
it uses (click's documented pattern for lazily loaded subcommands: `list_commands`
names them all, `get_command` imports the one asked for).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Literal, NoReturn, overload

import click

from .. import __version__
from ..i18n import LANGUAGES, N_, set_language, stdlib_follows_language
from .app import App, Failed, start_up
from .help import Translated

#: Command name -> the module of `tlcriteria.cli` that defines it (as a function of that name,
#: the command's name with "-" as "_", unless given after a colon).
COMMANDS = {
    "advise": "advise",
    "assess": "assess",
    "check": "check",
    "diff": "diff",
    "migrate": "migrate",
    "plugins": "plugins",
    "publish": "publish",
    "report": "report:follow_up_report",
    "review": "review",
    "schema": "schema",
    "score": "score",
    "sets": "sets",
    "sign": "trust:sign",
    "verify": "trust:verify",
}


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:  # not given: the language chosen before the command's name (or the default) stays
        set_language(value)


#: `--lang`, which the group takes before a command's name and every command after it
#: (`tlcriteria check --lang en lieux`): each command is given its own copy in `get_command`.
LANGUAGE_OPTION: dict[str, object] = {
    "type": click.Choice(LANGUAGES),
    "is_eager": True,
    "expose_value": False,
    "callback": _choose_language,
    "help": N_("Language of messages: fr (default) or en (also from LANGUAGE/LC_ALL/LANG)."),
}


class Main(Translated, click.Group):
    """The command group; the language is chosen afresh at each invocation (then by --lang)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, _sep, name = where.partition(":")
        command = getattr(importlib.import_module(f"{__package__}.{module}"), name or module)
        assert isinstance(command, click.Command), where
        if not any(param.name == "lang" for param in command.params):  # once per process
            command.params.append(click.Option(["--lang"], **LANGUAGE_OPTION))  # type: ignore[arg-type]
        return command

    def __call__(self, *args: object, **kwargs: object) -> object:
        """The process's entry point (the console script, `python -m tlcriteria`); CliRunner calls
        `main` instead, so the tests' process keeps its collector as it is."""
        start_up()
        return super().__call__(*args, **kwargs)

    # click's own messages ("Usage:", "No such option") are shown by `main`, after the command:
    # they speak the language chosen in `make_context` (then --lang) while it runs. Typed as
    # click types it: standalone (the default) never returns.
    @overload
    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: Literal[True] = True,
        **extra: object,
    ) -> NoReturn: ...

    @overload
    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = ...,
        **extra: object,
    ) -> object: ...

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: object,
    ) -> object:
        with stdlib_follows_language():
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)

    def invoke(self, ctx: click.Context) -> object:
        """Runs the command; a plugin's mistake met on the way (`errors.PluginMistake`, raised by
        library code) ends it with one line naming the plugin as broken, not a traceback."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            from ..errors import PluginMistake  # library code: loaded only when something failed

            if not isinstance(exc, PluginMistake):
                raise
            app = ctx.obj if isinstance(ctx.obj, App) else None
            raise Failed(app.plugin_mistake(exc) if app else exc.message) from None

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: object
    ) -> click.Context:
        set_language(None)
        return super().make_context(info_name, args, parent, **extra)


@click.group(
    cls=Main,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    subcommand_metavar=N_("COMMAND [ARGS]..."),
)
@click.version_option(__version__, "--version", "-V", prog_name="tlcriteria", message="%(prog)s %(version)s")
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    help="Do not load this plugin (repeatable; also TLCRITERIA_DISABLE_PLUGINS=a,b).",
)
@click.option("--lang", **LANGUAGE_OPTION)  # type: ignore[arg-type]
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
    ctx.obj = App(disabled)
