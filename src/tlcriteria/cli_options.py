"""Options shared by several commands (kept apart so every command module can import them)."""

from __future__ import annotations

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
