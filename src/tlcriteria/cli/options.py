"""Options several commands take, written once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

#: A command function being decorated with options: each decorator gives it back.
CommandFunction = TypeVar("CommandFunction", bound=Callable[..., object])


# Tab completion (README, « Complétion dans le shell »): the names come from the registry, so
# plugins' formats and sets are offered as the built-ins are. The callbacks run only when the
# shell asks, never when a command runs: they import the library then, not at load.


def _disabled(ctx: click.Context) -> tuple[str, ...]:
    """The plugins `--disable-plugin` names on the line being completed."""
    disabled = ctx.find_root().params.get("disabled")
    return tuple(disabled) if isinstance(disabled, tuple | list) else ()


def format_completion(command: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """Completes `--format` with the names of the formats `command` writes, plugins' included."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        from ..registry import build_registry

        formats = build_registry(disabled=_disabled(ctx), formats=True).formats_for(command)
        return [
            CompletionItem(name, help=fmt.description)
            for name, fmt in sorted(formats.items())
            if name.startswith(incomplete)
        ]

    return complete


def complete_set(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Completes `--set` with the ids of the catalogue's sets: the plugins', and those of the
    `--criteria` folders given before it on the line."""
    from click.shell_completion import CompletionItem

    from ..catalogue_loading import load_catalogue
    from ..registry import build_registry

    folders = ctx.params.get("criteria_dirs") or ()
    sets = load_catalogue(build_registry(disabled=_disabled(ctx), formats=False), folders).catalogue.sets
    return [CompletionItem(set_id) for set_id in sorted(sets) if set_id.startswith(incomplete)]


def criteria_option(func: CommandFunction) -> CommandFunction:
    return click.option(
        "--criteria",
        "criteria_dirs",
        multiple=True,
        type=click.Path(),
        metavar="DIR",
        help="Add a folder of criteria sets; a set there replaces a plugin's set of the same id.",
    )(func)


def output_option(func: CommandFunction) -> CommandFunction:
    return click.option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of the standard output."
    )(func)


def table_format_option(choices: list[str], help: str) -> Callable[[Any], Any]:
    """`--format/-f` for a report that is a terminal table by default, with the formats it offers."""
    return click.option(
        "--format",
        "-f",
        "format_name",
        type=click.Choice(choices),
        default="table",
        show_default=True,
        help=help,
    )


def keep_going_option(func: CommandFunction) -> CommandFunction:
    return click.option(
        "--keep-going",
        is_flag=True,
        help="Exit with status 0 although place files with problems were left out.",
    )(func)


def trust_options(func: CommandFunction) -> CommandFunction:
    """`--signers` and `--require-signature`, shared by score and publish."""
    func = click.option(
        "--require-signature",
        is_flag=True,
        help="Leave out (and name) every place whose file is not signed by its own key; exit status 1 unless --keep-going.",
    )(func)
    return click.option(
        "--signers",
        "signers_file",
        metavar="FILE",
        help="The network's allowed-signers file: each rating shows whether its place signed its file.",
    )(func)
