"""Hook specifications: the only contract plugins see.

A plugin is a module (or object) with functions decorated by
`tlcriteria.hookimpl` and named after these specifications. Each hook is
called once, when the registry is built, through pluggy's hook caller
(`tryfirst`, `trylast` and hook wrappers apply); every hook returns a list,
so one plugin may register several things. The built-in kinds, schemes and formats
implement these same hooks (see `tlcriteria.plugins.BUILTIN_PLUGINS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable  # pulls tempfile, shutil, zipfile…

    from .interfaces import AnswerKind, OutputFormat, RatingScheme

hookspec = pluggy.HookspecMarker("tlcriteria")

__all__ = [
    "tlcriteria_answer_kinds",
    "tlcriteria_criteria_sets",
    "tlcriteria_output_formats",
    "tlcriteria_rating_schemes",
]


@hookspec
def tlcriteria_answer_kinds() -> Sequence[AnswerKind]:
    """Answer kinds this plugin provides (instances of `tlcriteria.interfaces.AnswerKind`).

    A kind is named by `kind = "…"` in a criterion; it declares the extra keys
    it accepts, validates answers and turns them into a credit in [0, 1].
    Everything the core does with an answer goes through the kind's methods
    (typing it at the questionnaire, showing it, advice, lint, schema, diff),
    each with a default: see `AnswerKind` and docs/plugins.md.
    """


@hookspec
def tlcriteria_rating_schemes() -> Sequence[RatingScheme]:
    """Rating schemes this plugin provides (instances of `tlcriteria.interfaces.RatingScheme`).

    A scheme is named by `scheme = "…"` in a set's `[set]` table and decides
    a place's grade from its exact outcomes. The order of its grades, its
    advice and its `check` warnings are methods too: see `RatingScheme`.
    """


@hookspec
def tlcriteria_output_formats() -> Sequence[OutputFormat]:
    """Output formats this plugin provides (instances of `tlcriteria.interfaces.OutputFormat`).

    Formats are chosen with `--format NAME` or by the extension of `-o FILE`.
    A format that can render rating by rating overrides `fragments` and
    `assemble` (see `OutputFormat`).
    """


@hookspec
def tlcriteria_criteria_sets() -> Sequence[Traversable | PathLike[str]]:
    """Criteria set files (TOML) this plugin ships.

    Return paths or `importlib.resources` traversables, e.g.
    `[importlib.resources.files("my_plugin") / "my-set.toml"]`. The files are
    read when the catalogue is built and checked like any other set; a set
    that fails its check is reported with the plugin's name and left out.
    """
