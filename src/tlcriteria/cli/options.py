"""Options shared by several commands (kept apart so every command module can import them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click


def criteria_option(func: Any) -> Any:
    return click.option(
        "--criteria",
        "criteria_dirs",
        multiple=True,
        type=click.Path(),
        metavar="DIR",
        help="Add a folder of criteria sets; a set there replaces a plugin's set of the same id.",
    )(func)


def output_option(func: Any) -> Any:
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
