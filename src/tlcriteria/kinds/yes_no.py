"""`yes-no`: a boolean answer; true gives full credit."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, ClassVar

from .. import hookimpl
from ..fields import describe
from ..i18n import _
from ..interfaces import AnswerKind, InvalidInput

ONE, ZERO = Fraction(1), Fraction(0)
#: What a person types for yes and for no at the questionnaire, in either language.
YES = {"oui", "o", "yes", "y", "vrai", "true", "1"}
NO = {"non", "n", "no", "faux", "false", "0"}


class YesNo(AnswerKind[None, bool]):
    name = "yes-no"
    description = "oui ou non : true vaut 1, false vaut 0"
    value_schema: ClassVar[Mapping[str, Any]] = {"type": "boolean"}

    def check_value(self, config: None, value: object) -> tuple[str, str] | None:
        if isinstance(value, bool):
            return None
        return (
            _("expected true or false, found {found}").format(found=describe(value)),
            _("write true or false, without quotes"),
        )

    def credit(self, config: None, value: bool) -> Fraction:
        return ONE if value else ZERO

    def show_value(self, config: None, value: bool) -> str:
        return _("yes") if value else _("no")

    def input_hint(self, config: None) -> str:
        return _("yes or no")

    def parse_typed(self, config: None, text: str) -> bool:
        word = text.strip().lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise InvalidInput(_("Answer yes or no."))

    def typed_text(self, config: None, value: bool) -> str:
        return self.show_value(config, value)

    def form_control(self, config: None) -> Mapping[str, object]:
        # Two radio buttons whose values are the words the questionnaire takes.
        return {
            "control": "one",
            "options": [
                {"value": self.typed_text(config, v), "label": self.show_value(config, v)}
                for v in (True, False)
            ],
        }

    def best_value(self, config: None) -> bool:
        return True

    def least_value(self, config: None, credit: Fraction) -> bool:
        return credit > 0


@hookimpl
def tlcriteria_answer_kinds() -> list[AnswerKind]:
    return [YesNo()]
