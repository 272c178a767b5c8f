"""An answer's value as its kind shows it, for the commands that show one value at a time.

A plugin kind's `show_value` may have a bug: the value is then shown as written
(`str(value)`), as publishing does, rather than stopping the command with a
traceback; the figures are unaffected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .interfaces import AnswerKind

ConfigT = TypeVar("ConfigT")
ValueT = TypeVar("ValueT")


def shown_value(kind: AnswerKind[ConfigT, ValueT], config: ConfigT, value: ValueT) -> str:
    try:
        return str(kind.show_value(config, value))
    except Exception:  # a plugin kind's display bug must not stop the command
        return str(value)


def shown_change(
    kind: AnswerKind[ConfigT, ValueT], config: ConfigT, current: ValueT | None, value: ValueT
) -> str:
    """`kind.show_change` (what advice asks to give), the value shown whole if it raises."""
    try:
        return str(kind.show_change(config, current, value))
    except Exception:  # a plugin kind's display bug must not stop the command
        return shown_value(kind, config, value)
