"""An example tlcriteria plugin: one answer kind, one scheme, one format, one set.

- answer kind `percentage`: a share from 0 to 100, credited against a target;
- rating scheme `tiers`: gold, silver, passing or not-passing;
- output format `shields`: one shields.io "endpoint" badge per rating (JSON);
- criteria set `repair-cafe`: a college of repair cafés that uses all three.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from importlib.resources import files
from typing import Any, ClassVar

from tlcriteria import hookimpl, shown
from tlcriteria.fields import Field, Reporter, describe
from tlcriteria.i18n import by_language
from tlcriteria.interfaces import AnswerKind, OutputFormat, RatingScheme, RenderContext, Tally
from tlcriteria.model import ResolvedSet

# --------------------------------------------------------------------------- answer kind


class Percentage(AnswerKind):
    """`kind = "percentage"`: answer 0 to 100; full credit from `target` on."""

    name = "percentage"
    description = "pourcentage de 0 à 100 : crédit = valeur / cible, plafonné à 1"
    fields = (
        Field(
            "target",
            "decimal",
            "Pourcentage qui donne tout le crédit (100 par défaut).",
            default=100,
            exclusive_minimum=0,
            maximum=100,
        ),
    )
    value_schema: ClassVar[Mapping[str, Any]] = {"type": "number", "minimum": 0, "maximum": 100}

    def parse_config(self, values: Mapping[str, Any], report: Reporter) -> Fraction:
        return Fraction(values["target"])

    # Messages, hints and answers in the member's language: French by default,
    # English with --lang en (by_language picks the text; shown writes numbers).
    def check_value(self, config: Fraction, value: Any) -> tuple[str, str] | None:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            found = describe(value)  # « le texte 'quatre' », « une liste », « true »: never a repr
            return (
                by_language(
                    en=f"expected a percentage, found {found}",
                    fr=f"il faut un pourcentage, pas {found}",
                ),
                by_language(
                    en="write a number from 0 to 100, without %",
                    fr="écrivez un nombre de 0 à 100, sans %",
                ),
            )
        if not 0 <= value <= 100:
            number = shown.written(value)
            return (
                by_language(
                    en=f"{number} is not between 0 and 100",
                    fr=f"{number} n’est pas entre 0 et 100",
                ),
                by_language(en="write a number from 0 to 100", fr="écrivez un nombre de 0 à 100"),
            )
        return None

    def credit(self, config: Fraction, value: int | Decimal) -> Fraction:
        return min(Fraction(value) / config, Fraction(1))

    def show_value(self, config: Fraction, value: int | Decimal) -> str:
        return shown.written_percent(value)  # 72,5 % in French, 72.5% in English

    # The questionnaire reads "50" or "12,5" with the default `parse_typed`;
    # it only needs to say what to type, in the member's language.
    def input_hint(self, config: Fraction) -> str:
        return by_language(en="a percentage from 0 to 100", fr="un pourcentage de 0 à 100")

    # Advice proposes the target itself: the smallest answer with full credit.
    def best_value(self, config: Fraction) -> int | Decimal:
        return int(config) if config.denominator == 1 else Decimal(config.numerator) / config.denominator


# --------------------------------------------------------------------------- rating scheme

SILVER, GOLD = Fraction(60), Fraction(85)


class Tiers(RatingScheme):
    """`scheme = "tiers"`: passing when every `must` is met, then silver and gold."""

    name = "tiers"
    description = (
        "paliers : passing (tous les « must »), silver (et 60 %), "
        "gold (tous les « must » et « should », et 85 %)"
    )

    def check_set(self, rules: ResolvedSet, kinds: Mapping[str, Any], report: Reporter) -> None:
        if rules.grades:
            report(
                "[[grades]]",
                by_language(
                    en="scheme 'tiers' decides gold, silver and passing itself",
                    fr="le schéma 'tiers' décide lui-même de gold, silver et passing",
                ),
                by_language(en="remove the [[grades]] tables", fr="retirez les tables [[grades]]"),
            )
        if not any(c.level == "must" for c in rules.active_criteria):
            report(
                "[[criteria]]",
                by_language(
                    en="scheme 'tiers' needs at least one criterion with level = \"must\"",
                    fr="le schéma 'tiers' demande au moins un critère de level = \"must\"",
                ),
                by_language(
                    en="mark the criteria a place cannot pass without",
                    fr="marquez les critères sans lesquels un lieu ne peut pas passer",
                ),
            )

    def grade(self, rules: ResolvedSet, tally: Tally) -> str | None:
        if tally.percent is None:
            return None

        def met(levels: tuple[str, ...]) -> bool:
            return all(r.outcome in ("satisfied", "na") for r in tally.results if r.criterion.level in levels)

        if not met(("must",)):
            return "not-passing"
        if tally.percent >= GOLD and met(("must", "should")):
            return "gold"
        return "silver" if tally.percent >= SILVER else "passing"

    # Best first: advice aims at the next one up, diff calls a move down "lower".
    def grade_order(self, rules: ResolvedSet) -> list[str]:
        return ["gold", "silver", "passing", "not-passing"]


# --------------------------------------------------------------------------- output format

COLOURS = {"gold": "d4a017", "silver": "a0a0a0", "passing": "green", "not-passing": "orange"}


class Shields(OutputFormat):
    """`--format shields`: {"place/set": badge}, each badge a shields.io endpoint object."""

    name = "shields"
    description = "badges shields.io (JSON « endpoint »), un par lieu et ensemble"
    extensions = (".shields.json",)

    def render(self, context: RenderContext) -> str:
        badges = {}
        for rating in context.ratings:
            grade = rating.grade or "unrated"
            badges[f"{rating.place.id}/{rating.rules.id}"] = {
                "schemaVersion": 1,
                "label": f"{rating.rules.id} {rating.rules.version}",
                "message": grade,
                "color": COLOURS.get(grade, "blue" if rating.grade else "lightgrey"),
            }
        return json.dumps(badges, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- hooks


@hookimpl
def tlcriteria_answer_kinds() -> list[AnswerKind]:
    return [Percentage()]


@hookimpl
def tlcriteria_rating_schemes() -> list[RatingScheme]:
    return [Tiers()]


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [Shields()]


@hookimpl
def tlcriteria_criteria_sets() -> list[Any]:
    # Package data: hatch puts every file of the package folder in the wheel.
    return [files(__name__) / "repair-cafe.toml"]
