"""`scale`: an integer between `min` and `max`; credit grows linearly."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from .. import hookimpl
from ..fields import Field, Reporter, describe
from ..i18n import _, current_language
from ..interfaces import AnswerKind, InvalidInput, SettingChange, changed_settings


@attrs.frozen
class ScaleConfig:
    min: int
    max: int
    labels: tuple[str, ...] = ()
    labels_en: tuple[str, ...] = ()  # the labels in English; `labels` when not given

    @property
    def shown_labels(self) -> tuple[str, ...]:
        """The labels in the current language."""
        return self.labels_en if self.labels_en and current_language() == "en" else self.labels


class Scale(AnswerKind[ScaleConfig, int]):
    name = "scale"
    description = "échelle d'entiers de min à max : (v − min) / (max − min)"
    fields = (
        Field("min", "integer", "Plus petite valeur de l'échelle.", required=True),
        Field("max", "integer", "Plus grande valeur de l'échelle (> min).", required=True),
        Field("labels", "array", "Libellé de chaque valeur, de min à max (facultatif).", items="string"),
        Field("labels_en", "array", "Les mêmes libellés en anglais (facultatif).", items="string"),
    )
    value_schema: ClassVar[Mapping[str, Any]] = {"type": "integer"}

    def parse_config(self, values: Mapping[str, Any], report: Reporter) -> ScaleConfig | None:
        if "min" not in values or "max" not in values:
            return None
        low, high = values["min"], values["max"]
        if high <= low:
            report(
                "max",
                _("max ({high}) must be greater than min ({low})").format(high=high, low=low),
                _("widen the scale"),
            )
            return None
        labels = tuple(values.get("labels") or ())
        labels_en = tuple(values.get("labels_en") or ())
        for key, written in (("labels", labels), ("labels_en", labels_en)):
            if written and len(written) != high - low + 1:
                report(
                    key,
                    _("{count} labels for {values} values from {low} to {high}").format(
                        count=len(written), values=high - low + 1, low=low, high=high
                    ),
                    _("write one label per value"),
                )
        return ScaleConfig(low, high, labels, labels_en)

    def check_value(self, config: ScaleConfig, value: object) -> tuple[str, str] | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return (
                _("expected a whole number, found {found}").format(found=describe(value)),
                _("write a number from {low} to {high}").format(low=config.min, high=config.max),
            )
        if not config.min <= value <= config.max:
            return (
                _("{value} is outside the scale").format(value=value),
                _("write a number from {low} to {high}").format(low=config.min, high=config.max),
            )
        return None

    def credit(self, config: ScaleConfig, value: int) -> Fraction:
        return Fraction(value - config.min, config.max - config.min)

    def show_value(self, config: ScaleConfig, value: int) -> str:
        if config.shown_labels:
            # A dash, not parentheses: a label may hold its own (« en permanence (c'est le principe
            # du lieu) »), and what follows the answer often comes in parentheses (« (avec une
            # justification) »).
            return f"{value} — {config.shown_labels[value - config.min]}"
        return f"{value} / {config.max}"

    def untranslated(self, config: ScaleConfig) -> tuple[str, ...]:
        return ("labels_en",) if config.labels and not config.labels_en else ()

    def input_hint(self, config: ScaleConfig) -> str:
        return _("a whole number from {low} to {high}").format(low=config.min, high=config.max)

    def prompt_lines(self, config: ScaleConfig) -> tuple[str, ...]:
        return tuple(
            f"  {v}. {label}"
            for v, label in zip(range(config.min, config.max + 1), config.shown_labels, strict=False)
        )

    def parse_typed(self, config: ScaleConfig, text: str) -> int:
        word = text.strip()
        if not re.fullmatch(r"-?\d+", word):
            raise InvalidInput(
                _("“{value}” is not a whole number: type a number from {low} to {high}.").format(
                    value=text, low=config.min, high=config.max
                )
            )
        value = int(word)
        if not config.min <= value <= config.max:
            raise InvalidInput(
                _("{value} is out of range: type a number from {low} to {high}.").format(
                    value=value, low=config.min, high=config.max
                )
            )
        return value

    def form_control(self, config: ScaleConfig) -> Mapping[str, object]:
        # One radio button per step of the scale, labelled with its value (and its label when
        # given); a long scale without labels is a number to type.
        if config.max - config.min > 10 and not config.shown_labels:
            return {
                "control": "number",
                "hint": self.input_hint(config),
                "min": config.min,
                "max": config.max,
            }
        return {
            "control": "one",
            "options": [
                {"value": str(v), "label": self.show_value(config, v)}
                for v in range(config.min, config.max + 1)
            ],
        }

    def best_value(self, config: ScaleConfig) -> int:
        return config.max

    def least_value(self, config: ScaleConfig, credit: Fraction) -> int | None:
        if credit > 1:
            return None
        steps = max(0, math.ceil(credit * (config.max - config.min)))
        return config.min + steps

    def max_credit(self, config: ScaleConfig) -> Fraction:
        return Fraction(1)

    def config_value_schema(self, config: ScaleConfig) -> Mapping[str, Any]:
        return {**self.value_schema, "minimum": config.min, "maximum": config.max}

    def config_changes(self, old: ScaleConfig, new: ScaleConfig) -> Sequence[SettingChange]:
        return changed_settings(old, new, ("min", "max", "labels", "labels_en"), text=("labels", "labels_en"))


@hookimpl
def tlcriteria_answer_kinds() -> list[AnswerKind]:
    return [Scale()]
