"""`number`: a quantity ≥ 0 credited by the highest threshold it reaches."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from .. import hookimpl
from ..fields import Field, Reporter, describe, is_number, not_finite, value_error
from ..i18n import _, current_language, localized
from ..interfaces import AnswerKind, InvalidInput, SettingChange, changed_settings
from ..shown import written

#: An answer to a number criterion: as written in a file (int, Decimal) or proposed by advice (float).
Quantity = int | Decimal | float

NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
SIGNED = re.compile(r"^-?\d+(?:[.,]\d+)?$")


@attrs.frozen
class NumberConfig:
    thresholds: tuple[tuple[Fraction, Fraction], ...]  # (at_least, credit), increasing
    unit: str = ""
    #: The largest plausible answer, as written (e.g. 168 hours a week); None: no limit.
    max: int | Decimal | None = None
    unit_en: str = ""  # the unit in English; `unit` when not given
    #: The unit in the singular ("rencontre par mois"), for the quantities the language writes
    #: in the singular; without it the unit is shown as written, whatever the quantity.
    unit_one: str = ""
    unit_one_en: str = ""  # the singular in English

    @property
    def shown_unit(self) -> str:
        """The unit in the current language."""
        return localized({"unit_en": self.unit_en}, "unit", self.unit)

    def unit_for(self, value: Quantity) -> str:
        """The unit beside `value` in the current language: its singular when the set gives it
        and the language writes the quantity in the singular (French below 2: « 0 rencontre »,
        « 1,5 heure »; English exactly 1), else the unit as written."""
        if current_language() == "en":
            return self.unit_one_en if self.unit_one_en and value == 1 else self.shown_unit
        return self.unit_one if self.unit_one and value < 2 else self.unit


class Number(AnswerKind[NumberConfig, Quantity]):
    name = "number"
    description = "nombre ≥ 0 : crédit du plus haut palier atteint"
    fields = (
        Field(
            "thresholds",
            "array",
            "Paliers [[au_moins, crédit], …], croissants ; crédit entre 0 et 1.",
            required=True,
            min_items=1,
        ),
        Field("unit", "string", "Unité de la valeur (affichage)."),
        Field("unit_en", "string", "Unité en anglais (facultatif)."),
        Field(
            "unit_one",
            "string",
            "Unité au singulier, pour 0, 1 ou 1,5 (facultatif ; sans elle, l'unité est montrée telle quelle).",
        ),
        Field("unit_one_en", "string", "Unité au singulier en anglais, pour 1 (facultatif)."),
        Field(
            "max",
            "decimal",
            "Plus grande réponse plausible (ex. 168 heures par semaine) ; au-delà, la réponse est refusée.",
            exclusive_minimum=0,
        ),
    )
    value_schema: ClassVar[Mapping[str, Any]] = {"type": "number", "minimum": 0}
    #: Extra JSON Schema of `thresholds` (`tlcriteria schema`): pairs [au_moins ≥ 0, crédit 0..1].
    field_schemas: ClassVar[Mapping[str, Any]] = {
        "thresholds": {
            "items": {
                "type": "array",
                "items": {"type": "number", "minimum": 0},
                "minItems": 2,
                "maxItems": 2,
            }
        }
    }

    def parse_config(self, values: Mapping[str, Any], report: Reporter) -> NumberConfig | None:
        raw = values.get("thresholds")
        if raw is None:
            return None
        thresholds: list[tuple[Fraction, Fraction]] = []
        ok = True
        for i, pair in enumerate(raw, 1):
            if not (isinstance(pair, list) and len(pair) == 2):
                report(
                    "thresholds",
                    _("threshold {number} is not a pair").format(number=i),
                    _("write [at_least, credit], e.g. [3, 0.5]"),
                )
                ok = False
                continue
            problems = [value_error("decimal", v) for v in pair]
            if any(problems):
                message, hint = next(p for p in problems if p)
                report(
                    "thresholds", _("threshold {number}: {problem}").format(number=i, problem=message), hint
                )
                ok = False
                continue
            at_least, credit = Fraction(pair[0]), Fraction(pair[1])
            if at_least < 0:
                report(
                    "thresholds",
                    _("threshold {number}: at_least {value} is negative").format(number=i, value=pair[0]),
                    _("answers are ≥ 0"),
                )
                ok = False
            if not 0 <= credit <= 1:
                report(
                    "thresholds",
                    _("threshold {number}: credit {value} is outside 0..1").format(number=i, value=pair[1]),
                    _("write a credit from 0 to 1"),
                )
                ok = False
            if thresholds and at_least <= thresholds[-1][0]:
                report(
                    "thresholds",
                    _("threshold {number}: at_least {value} does not increase").format(
                        number=i, value=pair[0]
                    ),
                    _("list thresholds from the smallest to the largest, each larger than the last"),
                )
                ok = False
            if thresholds and credit < thresholds[-1][1]:
                # A larger quantity earning less is a slip in the rule file, and
                # would let a better answer lower a place's rating.
                report(
                    "thresholds",
                    _(
                        "threshold {number}: credit {value} is lower than the credit of the threshold before it"
                    ).format(number=i, value=pair[1]),
                    _("credits must not decrease as at_least grows"),
                )
                ok = False
            thresholds.append((at_least, credit))
        limit = values.get("max")
        if ok and limit is not None and thresholds and thresholds[-1][0] > limit:
            # No plausible answer could reach that threshold: one of the two numbers is a slip.
            report(
                "max",
                _("max {max} is below the last threshold's at_least {value}").format(
                    max=limit, value=raw[-1][0]
                ),
                _("raise max, or lower the threshold"),
            )
            ok = False
        if not ok:
            return None
        return NumberConfig(
            tuple(thresholds),
            values.get("unit", ""),
            limit,
            values.get("unit_en", ""),
            values.get("unit_one", ""),
            values.get("unit_one_en", ""),
        )

    def check_value(self, config: NumberConfig, value: object) -> tuple[str, str] | None:
        if not is_number(value):
            return (
                _("expected a number, found {found}").format(found=describe(value)),
                _("write a number without quotes"),
            )
        if isinstance(value, Decimal) and not value.is_finite():
            return not_finite(value)
        if value < 0:
            return _("{value} is negative").format(value=written(value)), _("write a number ≥ 0")
        if config.max is not None and value > config.max:
            limit = self.show_value(config, config.max)
            return (
                _("{value} is more than the plausible maximum, {max}").format(
                    value=written(value), max=limit
                ),
                _("check the answer: at most {max}").format(max=limit),
            )
        return None

    def credit(self, config: NumberConfig, value: Quantity) -> Fraction:
        # Compared as integers (the exact ratio of the int or Decimal): Fraction's operators
        # are slow, and decimal answers rarely repeat, so this runs for most of them.
        n, d = value.as_integer_ratio()
        credit = Fraction(0)
        for at_least, step_credit in config.thresholds:
            if n * at_least.denominator < at_least.numerator * d:
                break
            credit = step_credit
        return credit

    def show_value(self, config: NumberConfig, value: Quantity) -> str:
        return f"{written(value)} {config.unit_for(value)}".strip()

    def typed_text(self, config: NumberConfig, value: Quantity) -> str:
        # The language's decimal mark (2,5 in French), which parse_typed reads back.
        return written(value)

    def untranslated(self, config: NumberConfig) -> tuple[str, ...]:
        missing = ("unit_en",) if config.unit and not config.unit_en else ()
        return missing + (("unit_one_en",) if config.unit_one and not config.unit_one_en else ())

    def input_hint(self, config: NumberConfig) -> str:
        return _("a number ≥ 0") + (f" ({config.shown_unit})" if config.shown_unit else "")

    def parse_typed(self, config: NumberConfig, text: str) -> int | Decimal:
        word = text.strip()
        if word.startswith("-") and SIGNED.match(word):
            raise InvalidInput(_("{value} is negative: type a number ≥ 0.").format(value=text))
        if not NUMBER.match(word):
            raise InvalidInput(
                _("“{value}” is not a number: type a number ≥ 0, e.g. 12 or 2,5.").format(value=text)
            )
        number = Decimal(word.replace(",", "."))
        return int(number) if number == number.to_integral_value() else number

    def form_control(self, config: NumberConfig) -> Mapping[str, object]:
        # A text field that browsers show as a number (the questionnaire's parser still reads it).
        return {
            "control": "number",
            "hint": self.input_hint(config),
            "min": 0,
            "max": None if config.max is None else str(config.max),
            "unit": config.shown_unit,
        }

    def best_value(self, config: NumberConfig) -> Quantity | None:
        return self.least_value(config, self.max_credit(config))

    def least_value(self, config: NumberConfig, credit: Fraction) -> Quantity | None:
        if credit <= 0:
            return 0
        at_least = next((a for a, c in config.thresholds if c >= credit), None)
        if at_least is None:
            return None
        if at_least.denominator == 1:
            return int(at_least)
        # A Decimal, as an answer read from a file is (check_value refuses a float); exact, since
        # a threshold written in TOML has a power of ten below it.
        return Decimal(at_least.numerator) / Decimal(at_least.denominator)

    def max_credit(self, config: NumberConfig) -> Fraction:
        return max([Fraction(0), *(credit for _, credit in config.thresholds)])

    def config_value_schema(self, config: NumberConfig) -> Mapping[str, Any]:
        if config.max is None:
            return self.value_schema
        return {**self.value_schema, "maximum": _json_number(config.max)}

    def config_changes(self, old: NumberConfig, new: NumberConfig) -> Sequence[SettingChange]:
        texts = ("unit", "unit_en", "unit_one", "unit_one_en")
        return changed_settings(
            old, new, ("thresholds", "unit", "max", "unit_en", "unit_one", "unit_one_en"), text=texts
        )


@hookimpl
def tlcriteria_answer_kinds() -> list[AnswerKind]:
    return [Number()]


def _json_number(value: int | Decimal) -> int | float:
    return value if isinstance(value, int) else float(value)
