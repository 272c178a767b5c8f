"""Declarative descriptions of the keys that rule files and place files accept.

One source of truth: the loader validates tables against these definitions,
answer kinds declare their own keys with them, and the JSON Schemas are
generated from them. Descriptions are in French, the working group's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Protocol, TypeGuard

import attrs

from . import weburl
from .errors import closest, did_you_mean
from .i18n import N_, _, ngettext

#: An identifier (a set, a criterion, a place…): lower case letters and digits, joined by dashes.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG = re.compile(SLUG_PATTERN)
#: An email address as people write one: something, an @, something, no blanks.
EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+$")

#: Field types and what a person is told when a value is of the wrong type. ("decimal"
#: is any number, whole or not: JSON Schema's "number", named apart from the answer kind.)
TYPE_NAMES = {
    "string": N_("a text in quotes"),
    "slug": N_('an identifier in lower case letters, digits and dashes, e.g. "acces-public"'),
    "web-address": N_('a web address in quotes, e.g. "https://example.org/"'),
    "integer": N_("a whole number"),
    "decimal": N_("a number"),
    "boolean": N_("true or false"),
    "array": N_("a list in square brackets"),
    "table": N_("a table"),
    "any": N_("a value"),
}


#: Older names of field types, still accepted in plugins' `Field` declarations.
LEGACY_TYPES = {"number": "decimal"}


def _field_type(name: str) -> str:
    return LEGACY_TYPES.get(name, name)


@attrs.frozen
class Field:
    """One key of a TOML table: its type, constraints and French description.

    Types: string, slug, integer, decimal (any number), boolean, array, table, any.
    """

    name: str
    type: str = attrs.field(converter=_field_type)
    description: str = ""
    required: bool = False
    default: Any = None
    enum: tuple[Any, ...] = ()
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    exclusive_minimum: int | Decimal | None = None
    #: The type of the elements of an array.
    items: str | None = attrs.field(default=None, converter=attrs.converters.optional(_field_type))
    unique_items: bool = False
    min_items: int | None = None
    #: Other words people write for a value of `enum`, as (word, value) pairs: what outputs
    #: show (`existant` for `existing`), suggested when written instead of the value.
    aliases: tuple[tuple[str, str], ...] = ()


def is_number(value: object) -> TypeGuard[int | Decimal]:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _type_ok(kind: str, value: object) -> bool:
    if kind == "any":
        return True
    if kind in ("string", "slug", "web-address"):
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "decimal":
        return is_number(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "table":
        return isinstance(value, dict)
    raise ValueError(f"unknown field type {kind!r}")


def value_error(kind: str, value: object) -> tuple[str, str] | None:
    """Why `value` is not a valid `kind`, as (message, hint), or None."""
    if isinstance(value, Decimal) and not value.is_finite():
        return not_finite(value)
    if kind == "any":  # no type to check (an answer's value is checked by its kind)
        return None
    if not _type_ok(kind, value):
        return (
            _("expected {expected}, found {found}").format(
                expected=_(TYPE_NAMES[kind]), found=describe(value)
            ),
            type_hint(kind, value),
        )
    # The type is right (a text for these three kinds): isinstance only says so to type checkers.
    if kind == "string" and isinstance(value, str) and not value.strip():
        return _("must not be empty"), _("write some text between the quotes")
    if kind == "slug" and isinstance(value, str) and not SLUG.match(value):
        return (
            _("{value!r} is not a valid identifier").format(value=value),
            _('use lower case letters a-z, digits and single dashes, e.g. "{example}"').format(
                example=slugify(value) or "acces-public"
            ),
        )
    if kind == "web-address" and isinstance(value, str):
        return weburl.problem(value)  # one rule for check, schemas, questionnaire and outputs
    return None


def slugify(text: str) -> str:
    """`text` as an identifier: accents and capitals taken off, the rest dashes (`Réemploi` →
    `reemploi`, `L'Atelier` → `l-atelier`); "" when nothing is left."""
    import unicodedata  # only for a text that is not an identifier yet

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def not_finite(value: Decimal) -> tuple[str, str]:
    """The problem with TOML's inf and nan, named as the person wrote them."""
    written = "nan" if value.is_nan() else ("-inf" if value < 0 else "inf")
    return (
        _("{written} is not allowed here").format(written=written),
        _("write an ordinary number; inf and nan are refused"),
    )


def type_hint(kind: str, value: object) -> str:
    """How to fix the commonest type mistakes: quotes around numbers, or missing ones."""
    if isinstance(value, str) and kind == "boolean":
        return _("remove the quotes and write true or false")
    if isinstance(value, str) and kind in ("integer", "decimal"):
        # "65 %" or "2,5" without its quotes is still no number: say which number to write
        found = re.search(r"-?\d+(?:[.,]\d+)?", value)
        if found is None:
            return _("write a number, without quotes")
        number = found.group().replace(",", ".")
        if number == value.strip():
            return _("remove the quotes")
        return _("write the number alone, without quotes: {number}").format(number=number)
    if kind in ("string", "slug", "web-address") and not isinstance(value, list | dict):
        return _("put the text between double quotes")
    if kind == "array":
        return _('write a list in square brackets, e.g. ["a", "b"]')
    return ""


def describe(value: object) -> str:
    """How a TOML value looks to the person who wrote it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _("text {value!r}").format(value=value) if len(value) < 40 else _("a text")
    if isinstance(value, int):
        return _("the number {value}").format(value=value)
    if isinstance(value, Decimal):
        return _("the number {value}").format(value=value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    return type(value).__name__


def check_field(field: Field, value: object) -> tuple[str, str] | None:
    """Why `value` does not fit `field`, as (message, hint), or None."""
    problem = value_error(field.type, value)
    if problem:
        return problem
    if field.enum and value not in field.enum:
        return _("{value!r} is not allowed").format(value=value), enum_hint(field, value)
    # Only number fields have a range; value_error has checked the value is one.
    ranged = field.minimum is not None or field.exclusive_minimum is not None or field.maximum is not None
    if ranged and is_number(value):
        low = field.minimum if field.minimum is not None else field.exclusive_minimum
        too_low = (field.minimum is not None and value < field.minimum) or (
            field.exclusive_minimum is not None and value <= field.exclusive_minimum
        )
        too_high = field.maximum is not None and value > field.maximum
        if too_low or too_high:
            return _("{value} is out of range").format(value=value), range_hint(field, low)
    if field.type == "array" and isinstance(value, list):
        if field.min_items is not None and len(value) < field.min_items:
            return ngettext(
                "needs at least {count} element", "needs at least {count} elements", field.min_items
            ).format(count=field.min_items), ""
        if field.items:
            for i, item in enumerate(value, 1):
                problem = value_error(field.items, item)
                if problem:
                    return _("element {number}: {problem}").format(number=i, problem=problem[0]), problem[1]
        if field.unique_items:
            seen: set[str] = set()
            for item in value:
                key = repr(item)
                if key in seen:
                    return _("{value!r} is listed twice").format(value=item), _("remove the repeated element")
                seen.add(key)
    return None


def enum_hint(field: Field, value: object) -> str:
    """The values `field` allows, after the one meant when `value` is a word for it or a near
    miss of it (capitals, a plural, a typo)."""
    listing = _("expected one of: {names}").format(names=", ".join(repr(e) for e in field.enum))
    if not isinstance(value, str):
        return listing
    meant = dict((word.casefold(), code) for word, code in field.aliases).get(value.strip().casefold())
    near = [meant] if meant else closest(value, [e for e in field.enum if isinstance(e, str)])
    return _("did you mean {name!r}? {listing}").format(name=near[0], listing=listing) if near else listing


def range_hint(field: Field, low: object) -> str:
    """How to write a value inside the field's range, in words."""
    if low is not None and field.maximum is not None:
        if field.exclusive_minimum is not None:
            return _("write a number greater than {low} and at most {high}").format(
                low=low, high=field.maximum
            )
        return _("write a number from {low} to {high}").format(low=low, high=field.maximum)
    if field.exclusive_minimum is not None:
        return _("write a number greater than {low}").format(low=low)
    if low is not None:
        return _("write a number of at least {low}").format(low=low)
    return _("write a number of at most {high}").format(high=field.maximum)


#: What `validate_table` reports through: `report(key, message, hint)`.
KeyReporter = Callable[[str, str, str], None]


class Reporter(Protocol):
    """Reports one problem of a table's key: `report(key, message, hint)`.

    `at` points inside the key's value, for a value written over several
    lines: `at=(1, "credit")` is the key `credit` of the value's second element
    (`options = [{…}, {…}]`), and the problem is shown at its line. Reporters
    that cannot locate it show the key's line, as without `at`.
    """

    def __call__(self, key: str, message: str, hint: str, /, *, at: tuple[int | str, ...] = ()) -> None: ...


def validate_table(data: Mapping[str, Any], fields: Sequence[Field], report: KeyReporter) -> dict[str, Any]:
    """Check `data` against `fields`; report every problem; return values with defaults.

    Keys with a problem are left out of the result, so callers can carry on
    and report more problems without tripping over a bad value.
    """
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    misspelt = _NONE
    for key in data:
        if key not in known:
            if misspelt is _NONE:  # worked out at the first unknown key: most tables have none
                misspelt = _misspellings(data, fields, known)
            hint = did_you_mean(key, known)
            if key in misspelt:
                hint = _("did you mean {name!r}?").format(name=misspelt[key])
            report(key, _("unknown key {key!r}").format(key=key), hint)
    for field in fields:
        if field.name not in data:
            if field.required and field.name not in misspelt.values():
                report(
                    field.name,
                    _("missing required key {key!r}").format(key=field.name),
                    _("add {key} = …").format(key=field.name),
                )
            elif field.default is not None:
                values[field.name] = field.default
            continue
        problem = check_field(field, data[field.name])
        if problem:
            report(field.name, *problem)
        else:
            values[field.name] = data[field.name]
    return values


_NONE: Mapping[str, str] = MappingProxyType({})


def _misspellings(
    data: Mapping[str, Any], fields: Sequence[Field], known: Mapping[str, Field]
) -> dict[str, str]:
    """Unknown key -> the missing required key it stands for: said once, at the misspelling
    (`did you mean …?`), not also as missing. A near miss (`titel`), or the one unknown key
    when it is the one required key missing and its value would do (`nom` for `name`: a
    French word is no near miss)."""
    unknown = [key for key in data if key not in known]
    missing = [f for f in fields if f.required and f.name not in data]
    found: dict[str, str] = {}
    for field in missing:
        near = next((key for key in unknown if field.name in closest(key, known)), None)
        if near is not None:
            found[near] = field.name
    if (
        len(unknown) == 1
        and len(missing) == 1
        and not found
        and check_field(missing[0], data[unknown[0]]) is None
    ):
        found[unknown[0]] = missing[0].name
    return found


def misspellings(data: Mapping[str, Any], fields: Sequence[Field]) -> dict[str, str]:
    """Unknown key -> the missing required key it stands for, as `validate_table` says it
    (`did you mean …?`): the questionnaire asks that key, saying so."""
    return _misspellings(data, fields, {f.name: f for f in fields})


def merge_fields(*groups: Iterable[Field]) -> tuple[Field, ...]:
    """Concatenate field groups; a later field of the same name replaces an earlier one."""
    merged: dict[str, Field] = {}
    for group in groups:
        for field in group:
            merged[field.name] = field
    return tuple(merged.values())
