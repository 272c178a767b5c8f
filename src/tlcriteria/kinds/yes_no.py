"""`yes-no`: a boolean answer; true gives full credit."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, ClassVar

from .. import hookimpl
from ..fields import describe
from ..i18n import _
from ..interfaces import AnswerKind

ONE, ZERO = Fraction(1), Fraction(0)


class YesNo(AnswerKind):
    name = "yes-no"
    description = "oui ou non : true vaut 1, false vaut 0"
    value_schema: ClassVar[Mapping[str, Any]] = {"type": "boolean"}

    def check_value(self, config: Any, value: Any) -> tuple[str, str] | None:
        if isinstance(value, bool):
            return None
        return (
            _("expected true or false, found {found}").format(found=describe(value)),
            _("write true or false, without quotes"),
        )

    def credit(self, config: Any, value: Any) -> Fraction:
        return ONE if value else ZERO

    def show_value(self, config: Any, value: Any) -> str:
        return "oui" if value else "non"


@hookimpl
def tlcriteria_answer_kinds() -> list[AnswerKind]:
    return [YesNo()]
