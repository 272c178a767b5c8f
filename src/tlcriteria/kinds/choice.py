"""`choice` (one option) and `multi` (several options, credits summed up to 1)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, ClassVar

from .. import hookimpl
from ..fields import Field, Reporter, describe, validate_table
from ..i18n import _
from ..interfaces import AnswerKind
from ..model import Option
from ..schema import table_schema

OPTION_FIELDS = (
    Field("id", "slug", "Identifiant de l'option, écrit dans les fiches des lieux.", required=True),
    Field("label", "string", "Libellé de l'option, montré aux membres.", required=True),
    Field("credit", "number", "Crédit de l'option, de 0 à 1.", required=True, minimum=0, maximum=1),
    Field("grade", "string", "Lettre de l'option pour le schéma « profile » (A, B, C…)."),
    Field("label_en", "string", "Libellé en anglais (facultatif)."),
    Field("description", "string", "Explication de l'option (facultatif)."),
)


def collector(into: list[tuple[str, str, str]]) -> Reporter:
    """A reporter that keeps (key, message, hint) for the caller to word them."""

    def report(key: str, message: str, hint: str) -> None:
        into.append((key, message, hint))

    return report


def parse_options(values: Mapping[str, Any], report: Reporter) -> tuple[Option, ...] | None:
    raw = values.get("options")
    if raw is None:
        return None
    options: list[Option] = []
    seen: set[str] = set()
    ok = True
    for i, table in enumerate(raw, 1):
        if not isinstance(table, dict):
            report(
                "options",
                _("option {number} is {found}, not a table").format(number=i, found=describe(table)),
                _('write { id = "…", label = "…", credit = 1 }'),
            )
            ok = False
            continue
        where = (
            _("option {number} {id!r}").format(number=i, id=table["id"])
            if isinstance(table.get("id"), str)
            else _("option {number}").format(number=i)
        )
        errors: list[tuple[str, str, str]] = []
        option = validate_table(table, OPTION_FIELDS, collector(errors))
        for key, message, hint in errors:
            report("options", f"{where}, {key}: {message}", hint)
        if errors:
            ok = False
            if "id" in option:  # still catch a repeated id among faulty options
                if option["id"] in seen:
                    report(
                        "options",
                        _("{option}: id {id!r} is used twice").format(option=where, id=option["id"]),
                        _("give each option its own id"),
                    )
                seen.add(option["id"])
            continue
        if option["id"] in seen:
            report(
                "options",
                _("{option}: id {id!r} is used twice").format(option=where, id=option["id"]),
                _("give each option its own id"),
            )
            ok = False
            continue
        seen.add(option["id"])
        texts: dict[str, str] = {k: str(option[k]) for k in ("label_en", "description") if k in option}
        options.append(
            Option(option["id"], option["label"], Fraction(option["credit"]), option.get("grade"), texts)
        )
    return tuple(options) if ok else None


class Choice(AnswerKind):
    name = "choice"
    description = "une option parmi une liste : crédit de l'option"
    fields = (
        Field("options", "array", "Options proposées ([[criteria.options]]).", required=True, min_items=2),
    )
    #: Extra JSON Schema of this kind's keys (`tlcriteria schema`): each option is a table.
    field_schemas: ClassVar[Mapping[str, Any]] = {"options": {"items": table_schema(OPTION_FIELDS)}}
    value_schema: ClassVar[Mapping[str, Any]] = {"type": "string"}

    def parse_config(self, values: Mapping[str, Any], report: Reporter) -> tuple[Option, ...] | None:
        return parse_options(values, report)

    def options(self, config: tuple[Option, ...]) -> tuple[Option, ...]:
        return config

    def find(self, config: tuple[Option, ...], option_id: str) -> Option | None:
        return next((o for o in config if o.id == option_id), None)

    def unknown_option(self, config: tuple[Option, ...], value: Any) -> tuple[str, str]:
        ids = ", ".join(repr(o.id) for o in config)
        return (
            _("{found} is not an option of this criterion").format(found=describe(value)),
            _("expected one of: {names}").format(names=ids),
        )

    def check_value(self, config: tuple[Option, ...], value: Any) -> tuple[str, str] | None:
        if not isinstance(value, str) or self.find(config, value) is None:
            return self.unknown_option(config, value)
        return None

    def credit(self, config: tuple[Option, ...], value: Any) -> Fraction:
        option = self.find(config, value)
        return option.credit if option else Fraction(0)

    def show_value(self, config: tuple[Option, ...], value: Any) -> str:
        option = self.find(config, value)
        return option.label if option else value

    def chosen_options(self, config: tuple[Option, ...], value: Any) -> tuple[str, ...]:
        return (value,)


class Multi(Choice):
    name = "multi"
    description = "plusieurs options parmi une liste : somme des crédits, plafonnée à 1"
    fields = (
        Field("options", "array", "Options proposées ([[criteria.options]]).", required=True, min_items=1),
    )
    value_schema: ClassVar[Mapping[str, Any]] = {
        "type": "array",
        "items": {"type": "string"},
        "uniqueItems": True,
    }

    def check_value(self, config: tuple[Option, ...], value: Any) -> tuple[str, str] | None:
        if not isinstance(value, list):
            return (
                _("expected a list of option ids, found {found}").format(found=describe(value)),
                _('write e.g. ["a", "b"], or [] for none'),
            )
        for item in value:
            if not isinstance(item, str) or self.find(config, item) is None:
                return self.unknown_option(config, item)
        repeated = sorted({item for item in value if value.count(item) > 1})
        if repeated:
            return _("option {id!r} is listed twice").format(id=repeated[0]), _("list each option once")
        return None

    def credit(self, config: tuple[Option, ...], value: Any) -> Fraction:
        total = sum((o.credit for o in config if o.id in value), Fraction(0))
        return min(Fraction(1), total)

    def show_value(self, config: tuple[Option, ...], value: Any) -> str:
        return ", ".join(o.label for o in config if o.id in value) or "aucune"

    def chosen_options(self, config: tuple[Option, ...], value: Any) -> tuple[str, ...]:
        return tuple(value)


@hookimpl
def tlcriteria_answer_kinds() -> list[AnswerKind]:
    return [Choice(), Multi()]
