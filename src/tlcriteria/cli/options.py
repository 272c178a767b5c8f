"""Options several commands take, written once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

#: A command function being decorated with options: each decorator gives it back.
CommandFunction = TypeVar("CommandFunction", bound=Callable[..., object])


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
