"""`scale`: an integer between `min` and `max`; credit grows linearly."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from .. import hookimpl
from ..fields import Field, Reporter, describe
from ..i18n import _
from ..interfaces import AnswerKind


@attrs.frozen
class ScaleConfig:
    min: int
    max: int
    labels: tuple[str, ...] = ()


class Scale(AnswerKind):
    name = "scale"
    description = "échelle d'entiers de min à max : (v − min) / (max − min)"
    fields = (
        Field("min", "integer", "Plus petite valeur de l'échelle.", required=True),
        Field("max", "integer", "Plus grande valeur de l'échelle (> min).", required=True),
        Field("labels", "array", "Libellé de chaque valeur, de min à max (facultatif).", items="string"),
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
        if labels and len(labels) != high - low + 1:
            report(
                "labels",
                _("{count} labels for {values} values from {low} to {high}").format(
                    count=len(labels), values=high - low + 1, low=low, high=high
                ),
                _("write one label per value"),
            )
        return ScaleConfig(low, high, labels)

    def check_value(self, config: ScaleConfig, value: Any) -> tuple[str, str] | None:
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
        if config.labels:
            return f"{value} ({config.labels[value - config.min]})"
        return f"{value} / {config.max}"


@hookimpl
def tlcriteria_answer_kinds() -> list[AnswerKind]:
    return [Scale()]
