"""Declarative descriptions of the keys that rule files and place files accept.

One source of truth: the loader validates tables against these definitions,
answer kinds declare their own keys with them, and the JSON Schemas are
generated from them. Descriptions are in French, the working group's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from .errors import did_you_mean

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
#: An http(s) address, as evidence and websites must be written.
WEB_ADDRESS = re.compile(r"https?://[^\s/]+\.[^\s]+")

#: Field types and what a person is told when a value is of the wrong type.
TYPE_NAMES = {
    "string": "a text in quotes",
    "slug": 'an identifier in lower case letters, digits and dashes, e.g. "acces-public"',
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list in square brackets",
    "table": "a table",
    "any": "a value",
}


@attrs.frozen
class Field:
    """One key of a TOML table: its type, constraints and French description."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    default: Any = None
    enum: tuple[Any, ...] = ()
    minimum: Any = None
    maximum: Any = None
    exclusive_minimum: Any = None
    items: str | None = None  # type of the elements of an array
    unique_items: bool = False
    min_items: int | None = None


def is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "any":
        return True
    if kind in ("string", "slug"):
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return is_number(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "table":
        return isinstance(value, dict)
    raise ValueError(f"unknown field type {kind!r}")


def value_error(kind: str, value: Any) -> tuple[str, str] | None:
    """Why `value` is not a valid `kind`, as (message, hint), or None."""
    if isinstance(value, Decimal) and not value.is_finite():
        return not_finite(value)
    if not _type_ok(kind, value):
        return f"expected {TYPE_NAMES[kind]}, found {describe(value)}", type_hint(kind, value)
    if kind == "string" and not value.strip():
        return "must not be empty", "write some text between the quotes"
    if kind == "slug" and not _SLUG.match(value):
        return (
            f"{value!r} is not a valid identifier",
            "use lower case letters a-z, digits and single dashes, e.g. \"acces-public\"",
        )
    return None


def not_finite(value: Decimal) -> tuple[str, str]:
    """The problem with TOML's inf and nan, named as the person wrote them."""
    written = "nan" if value.is_nan() else ("-inf" if value < 0 else "inf")
    return f"{written} is not allowed here", "write an ordinary number; inf and nan are refused"


def type_hint(kind: str, value: Any) -> str:
    """How to fix the commonest type mistakes: quotes around numbers, or missing ones."""
    if isinstance(value, str) and kind in ("integer", "number", "boolean"):
        return "remove the quotes" + (" and write true or false" if kind == "boolean" else "")
    if kind in ("string", "slug") and not isinstance(value, list | dict):
        return "put the text between double quotes"
    if kind == "array":
        return 'write a list in square brackets, e.g. ["a", "b"]'
    return ""


def describe(value: Any) -> str:
    """How a TOML value looks to the person who wrote it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"text {value!r}" if len(value) < 40 else "a text"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, Decimal):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def check_field(field: Field, value: Any) -> tuple[str, str] | None:
    """Why `value` does not fit `field`, as (message, hint), or None."""
    problem = value_error(field.type, value)
    if problem:
        return problem
    if field.enum and value not in field.enum:
        return (
            f"{value!r} is not allowed",
            "expected one of: " + ", ".join(repr(e) for e in field.enum),
        )
    if field.minimum is not None and value < field.minimum:
        return f"{value} is below the minimum {field.minimum}", ""
    if field.exclusive_minimum is not None and value <= field.exclusive_minimum:
        return f"{value} must be greater than {field.exclusive_minimum}", ""
    if field.maximum is not None and value > field.maximum:
        return f"{value} is above the maximum {field.maximum}", ""
    if field.type == "array":
        if field.min_items is not None and len(value) < field.min_items:
            return f"needs at least {field.min_items} element(s)", ""
        if field.items:
            for i, item in enumerate(value, 1):
                problem = value_error(field.items, item)
                if problem:
                    return f"element {i}: {problem[0]}", problem[1]
        if field.unique_items:
            seen: set[Any] = set()
            for item in value:
                key = repr(item)
                if key in seen:
                    return f"{item!r} is listed twice", "remove the repeated element"
                seen.add(key)
    return None


Reporter = Callable[[str, str, str], None]  # (key, message, hint)


def validate_table(
    data: Mapping[str, Any], fields: Sequence[Field], report: Reporter
) -> dict[str, Any]:
    """Check `data` against `fields`; report every problem; return values with defaults.

    Keys with a problem are left out of the result, so callers can carry on
    and report more problems without tripping over a bad value.
    """
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    for key in data:
        if key not in known:
            report(key, f"unknown key {key!r}", did_you_mean(key, known))
    for field in fields:
        if field.name not in data:
            if field.required:
                report(field.name, f"missing required key {field.name!r}", f"add {field.name} = …")
            elif field.default is not None:
                values[field.name] = field.default
            continue
        problem = check_field(field, data[field.name])
        if problem:
            report(field.name, *problem)
        else:
            values[field.name] = data[field.name]
    return values


def merge_fields(*groups: Iterable[Field]) -> tuple[Field, ...]:
    """Concatenate field groups; a later field of the same name replaces an earlier one."""
    merged: dict[str, Field] = {}
    for group in groups:
        for field in group:
            merged[field.name] = field
    return tuple(merged.values())
