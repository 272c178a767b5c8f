"""`choice` (one option) and `multi` (several options, credits summed up to 1)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar

from .. import hookimpl
from ..errors import closest
from ..fields import Field, KeyReporter, Reporter, describe, validate_table
from ..i18n import _, localized
from ..interfaces import (
    EITHER,
    LOOSER,
    PICK_ONE,
    PICK_SEVERAL,
    STRICTER,
    TEXT,
    AnswerKind,
    InvalidInput,
    Picks,
    SettingChange,
    ValueT,
)
from ..model import Option, TomlValue
from ..rating_record import show_number
from ..schema import table_schema

#: The configuration of `choice` and `multi`: their options, in the order written.
Options = tuple[Option, ...]

OPTION_FIELDS = (
    Field("id", "slug", "Identifiant de l'option, écrit dans les fiches des lieux.", required=True),
    Field("label", "string", "Libellé de l'option, montré aux membres.", required=True),
    Field("credit", "decimal", "Crédit de l'option, de 0 à 1.", required=True, minimum=0, maximum=1),
    Field("grade", "string", "Lettre de l'option pour le schéma « profile » (A, B, C…)."),
    Field("label_en", "string", "Libellé en anglais (facultatif)."),
    Field("description", "string", "Explication de l'option (facultatif)."),
    Field(
        "replaces",
        "array",
        "Identifiants d'options que celle-ci remplace : une réponse sous l'un d'eux compte pour elle.",
        items="slug",
        unique_items=True,
    ),
)


def collector(into: list[tuple[str, str, str]]) -> KeyReporter:
    """A reporter that keeps (key, message, hint) for the caller to word them."""

    def report(key: str, message: str, hint: str) -> None:
        into.append((key, message, hint))

    return report


def parse_options(values: Mapping[str, Any], report: Reporter) -> Options | None:
    raw = values.get("options")
    if raw is None:
        return None
    options: list[Option] = []
    seen: set[str] = set()
    numbers: dict[str, int] = {}  # option id -> its place in the list, to point at its line
    ok = True
    # Each problem at its option's line (`at`): options are often written inline, one a line.
    for i, table in enumerate(raw, 1):
        if not isinstance(table, dict):
            report(
                "options",
                _("option {number} is {found}, not a table").format(number=i, found=describe(table)),
                _('write { id = "…", label = "…", credit = 1 }'),
                at=(i - 1,),
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
            report("options", f"{where}, {key}: {message}", hint, at=(i - 1, key))
        if errors:
            ok = False
            if "id" in option:  # still catch a repeated id among faulty options
                if option["id"] in seen:
                    report(
                        "options",
                        _("{option}: id {id!r} is used twice").format(option=where, id=option["id"]),
                        _("give each option its own id"),
                        at=(i - 1, "id"),
                    )
                seen.add(option["id"])
            continue
        if option["id"] in seen:
            report(
                "options",
                _("{option}: id {id!r} is used twice").format(option=where, id=option["id"]),
                _("give each option its own id"),
                at=(i - 1, "id"),
            )
            ok = False
            continue
        seen.add(option["id"])
        numbers[option["id"]] = i - 1
        texts: dict[str, str] = {k: str(option[k]) for k in ("label_en", "description") if k in option}
        options.append(
            Option(
                option["id"],
                option["label"],
                Fraction(option["credit"]),
                option.get("grade"),
                texts,
                tuple(option.get("replaces", ())),
            )
        )
    ok = _check_replaces(options, numbers, report) and ok
    return tuple(options) if ok else None


def _check_replaces(options: list[Option], numbers: Mapping[str, int], report: Reporter) -> bool:
    """An old option id is read as exactly one current option, and is no longer an option itself."""
    ids = {o.id for o in options}
    taken: dict[str, str] = {}
    ok = True
    for o in options:
        for old in o.replaces:
            if old == o.id:  # "remove option X" would make no sense
                report(
                    "options",
                    _("option {id!r} names itself in replaces").format(id=o.id),
                    _("write in replaces the old id, the one place files still answer"),
                    at=(numbers[o.id], "replaces"),
                )
                ok = False
            elif old in ids:
                report(
                    "options",
                    _("option {id!r} replaces {old!r}, which is still an option").format(id=o.id, old=old),
                    _("remove option {old!r}, or its id from replaces").format(old=old),
                    at=(numbers[o.id], "replaces"),
                )
                ok = False
            elif old in taken:
                report(
                    "options",
                    _("options {first!r} and {second!r} both replace {old!r}").format(
                        first=taken[old], second=o.id, old=old
                    ),
                    _("an old option id is read as one option only: keep it in one replaces"),
                    at=(numbers[o.id], "replaces"),
                )
                ok = False
            else:
                taken[old] = o.id
    return ok


def _current_id(config: Options, option_id: str) -> str:
    """The id of the option that replaces `option_id`, or `option_id` itself."""
    return next((o.id for o in config if option_id in o.replaces), option_id)


def _former_id(config: Options, option_id: str, former: Options) -> str:
    """The id `former` offers for `option_id`: the one it replaces, when `former` does not offer it."""
    option = next((o for o in config if o.id == option_id), None)
    if option is None or not option.replaces or any(o.id == option_id for o in former):
        return option_id
    return next((old for old in option.replaces if any(o.id == old for o in former)), option_id)


def typed_option(options: Sequence[Option], word: str) -> Option:
    """The option a person typed: its number in the list, or its id."""
    if word.isdigit():
        number = int(word)
        if 1 <= number <= len(options):
            return options[number - 1]
        raise InvalidInput(
            _("{value} is not in the list: type a number from 1 to {n}.").format(value=word, n=len(options))
        )
    for option in options:
        if option.id == word:
            return option
    raise InvalidInput(
        _("“{value}” is not in the list: type a number from 1 to {n}.").format(value=word, n=len(options))
    )


def option_changes(old: Sequence[Option], new: Sequence[Option]) -> list[SettingChange]:
    """Options removed, added, or whose credit, grade letter or label changed."""
    out: list[SettingChange] = []
    after = {o.id: o for o in new}
    for o in old:
        n = after.get(o.id)
        if n is None:
            out.append(SettingChange("removed", effect=STRICTER, option=o.id))
            continue
        if o.credit != n.credit:
            effect = STRICTER if o.credit > n.credit else LOOSER
            out.append(SettingChange("credit", o.credit, n.credit, effect, o.id))
        if o.grade != n.grade:
            out.append(SettingChange("grade", o.grade, n.grade, EITHER, o.id))
        if o.label != n.label:
            out.append(SettingChange("label", "…", "…", TEXT, o.id))
    before = {o.id for o in old}
    for n in new:
        if n.id not in before:
            out.append(SettingChange("added", None, f"credit {show_number(n.credit)}", LOOSER, n.id))
    return out


class OptionKind(AnswerKind[Options, ValueT]):
    """What `choice` and `multi` share: options written as [[criteria.options]] tables."""

    #: Extra JSON Schema of this kind's keys (`tlcriteria schema`): each option is a table.
    field_schemas: ClassVar[Mapping[str, Any]] = {"options": {"items": table_schema(OPTION_FIELDS)}}

    def parse_config(self, values: Mapping[str, Any], report: Reporter) -> Options | None:
        return parse_options(values, report)

    def options(self, config: Options) -> Options:
        return config

    def find(self, config: Options, option_id: object) -> Option | None:
        # A plain loop: a generator costs more than the few options it goes through, and
        # this runs for every answer checked and every credit worked out.
        for option in config:
            if option.id == option_id:
                return option
        return None

    def unknown_option(self, config: Options, value: object) -> tuple[str, str]:
        ids = [o.id for o in config]
        listing = _("expected one of: {names}").format(names=", ".join(repr(i) for i in ids))
        near = closest(value, ids) if isinstance(value, str) else []  # `actions`, `Unique`
        return (
            _("{found} is not an option of this criterion").format(found=describe(value)),
            _("did you mean {name!r}? {listing}").format(name=near[0], listing=listing) if near else listing,
        )

    def prompt_lines(self, config: Options) -> tuple[str, ...]:
        return tuple(f"  {i}. {localized(o.texts, 'label', o.label)}" for i, o in enumerate(config, 1))

    def config_changes(self, old: Options, new: Options) -> Sequence[SettingChange]:
        return option_changes(old, new)


class Choice(OptionKind[str]):
    name = "choice"
    description = "une option parmi une liste : crédit de l'option"
    fields = (
        Field("options", "array", "Options proposées ([[criteria.options]]).", required=True, min_items=2),
    )
    value_schema: ClassVar[Mapping[str, Any]] = {"type": "string"}

    def check_value(self, config: Options, value: object) -> tuple[str, str] | None:
        if not isinstance(value, str) or self.find(config, value) is None:
            return self.unknown_option(config, value)
        return None

    def credit(self, config: Options, value: str) -> Fraction:
        option = self.find(config, value)
        return option.credit if option else Fraction(0)

    def current_value(self, config: Options, value: TomlValue | None) -> TomlValue | None:
        return _current_id(config, value) if isinstance(value, str) else value

    def former_value(self, config: Options, value: TomlValue | None, former: Options) -> TomlValue | None:
        return _former_id(config, value, former) if isinstance(value, str) else value

    def option_of(self, config: Options, value: str) -> Option | None:
        return self.find(config, value) if isinstance(value, str) else None

    def show_value(self, config: Options, value: str) -> str:
        option = self.find(config, value)
        return localized(option.texts, "label", option.label) if option else value

    def input_hint(self, config: Options) -> str:
        return _("one number from 1 to {n}").format(n=len(config))

    def parse_typed(self, config: Options, text: str) -> str:
        return typed_option(config, text.strip().lower()).id

    def typed_text(self, config: Options, value: str) -> str:
        return str([o.id for o in config].index(value) + 1)

    def picks(self, config: Options) -> Picks:
        return PICK_ONE

    def least_value(self, config: Options, credit: Fraction) -> str | None:
        enough = [o for o in config if o.credit >= credit]
        return min(enough, key=lambda o: o.credit).id if enough else None

    def max_credit(self, config: Options) -> Fraction:
        return max(o.credit for o in config)

    def chosen_options(self, config: Options, value: str) -> tuple[str, ...]:
        return (value,)


class Multi(OptionKind[list[str]]):
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

    def check_value(self, config: Options, value: object) -> tuple[str, str] | None:
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

    def credit(self, config: Options, value: list[str]) -> Fraction:
        total = sum((o.credit for o in config if o.id in value), Fraction(0))
        return min(Fraction(1), total)

    def current_value(self, config: Options, value: TomlValue | None) -> TomlValue | None:
        if not isinstance(value, list):
            return value
        return [_current_id(config, item) if isinstance(item, str) else item for item in value]

    def former_value(self, config: Options, value: TomlValue | None, former: Options) -> TomlValue | None:
        if not isinstance(value, list):
            return value
        return [_former_id(config, item, former) if isinstance(item, str) else item for item in value]

    def option_of(self, config: Options, value: list[str]) -> Option | None:
        return None  # an answer is a list of options

    def show_value(self, config: Options, value: list[str]) -> str:
        return ", ".join(localized(o.texts, "label", o.label) for o in config if o.id in value) or _("none")

    def show_change(self, config: Options, current: list[str] | None, value: list[str]) -> str:
        """The options to tick besides those ticked already: advice keeps them (`least_value_from`)."""
        ticked = set(current) if isinstance(current, list) else set()
        added = [o for o in config if o.id in value and o.id not in ticked]
        if not ticked or not added:
            return self.show_value(config, value)
        return _("also tick {options}").format(
            options=", ".join(localized(o.texts, "label", o.label) for o in added)
        )

    def input_hint(self, config: Options) -> str:
        return _("numbers separated by commas, or 0 for none")

    def parse_typed(self, config: Options, text: str) -> list[str]:
        word = text.strip().lower()
        if word in ("0", "aucune", "aucun", "none"):
            return []
        picked: list[str] = []
        for part in re.split(r"[,;\s]+", word):
            if part:
                option = typed_option(config, part)
                if option.id not in picked:
                    picked.append(option.id)
        return [o.id for o in config if o.id in picked]

    def picks(self, config: Options) -> Picks:
        return PICK_SEVERAL

    def typed_text(self, config: Options, value: list[str]) -> str:
        return ", ".join(str(i) for i, o in enumerate(config, 1) if o.id in value) or "0"

    def best_value(self, config: Options) -> list[str]:
        chosen: list[str] = []
        total = Fraction(0)
        for option in sorted(config, key=lambda o: -o.credit):
            if total >= 1 or option.credit == 0:
                break
            chosen.append(option.id)
            total += option.credit
        return [o.id for o in config if o.id in chosen]

    def least_value(self, config: Options, credit: Fraction) -> list[str] | None:
        """The fewest options whose credits reach `credit`, the smallest total among them."""
        if credit <= 0:
            return []
        for size in range(1, len(config) + 1):
            enough = [
                combo
                for combo in itertools.combinations(config, size)
                if self.credit(config, [o.id for o in combo]) >= credit
            ]
            if enough:
                combo = min(enough, key=lambda c: sum(o.credit for o in c))
                return [o.id for o in combo]
        return None

    def least_value_from(self, config: Options, value: object, credit: Fraction) -> list[str] | None:
        """The options already ticked, and the fewest more (the smallest total among them)."""
        ticked = [o for o in config if isinstance(value, list) and o.id in value]
        if self.check_value(config, [o.id for o in ticked]) is not None:
            ticked = []
        others = [o for o in config if o not in ticked]
        for size in range(len(others) + 1):
            enough = [
                combo
                for combo in itertools.combinations(others, size)
                if self.credit(config, [o.id for o in (*ticked, *combo)]) >= credit
            ]
            if enough:
                added = min(enough, key=lambda c: sum(o.credit for o in c))
                return [o.id for o in config if o in ticked or o in added]
        return None

    def max_credit(self, config: Options) -> Fraction:
        return min(Fraction(1), sum((o.credit for o in config), Fraction(0)))

    def chosen_options(self, config: Options, value: list[str]) -> tuple[str, ...]:
        return tuple(value)


@hookimpl
def tlcriteria_answer_kinds() -> list[AnswerKind]:
    return [Choice(), Multi()]
