"""Every built-in answer kind and rating scheme, registered again as NAME-bis.

Each one is a subclass of the built-in that changes its name and nothing else;
the built-ins are found through their own hooks, so a kind or scheme added to
`tlcriteria.plugins.BUILTIN_PLUGINS` is covered without touching this file.
"""

from __future__ import annotations

import importlib
from typing import Any

from tlcriteria import hookimpl
from tlcriteria.interfaces import AnswerKind, RatingScheme
from tlcriteria.plugins import BUILTIN_PLUGINS

SUFFIX = "-bis"


def renamed(item: Any) -> Any:
    cls = type(item)
    return type(cls.__name__ + "Bis", (cls,), {"name": item.name + SUFFIX})()


def builtins(hook: str) -> list[Any]:
    found: list[Any] = []
    for module_name in BUILTIN_PLUGINS:
        implementation = getattr(importlib.import_module(module_name), hook, None)
        if implementation is not None:
            found.extend(implementation())
    return found


@hookimpl
def tlcriteria_answer_kinds() -> list[AnswerKind]:
    return [renamed(kind) for kind in builtins("tlcriteria_answer_kinds")]


@hookimpl
def tlcriteria_rating_schemes() -> list[RatingScheme]:
    return [renamed(scheme) for scheme in builtins("tlcriteria_rating_schemes")]
