"""`whole-percent`: grades as `thresholds`, beside a whole percent with the set's rounding and cap.

The OpenSSF badge's way: 12.5 % shows as 13, and a place short of 100 % is
shown at most at 99, so that "100" always means complete.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .. import hookimpl
from ..fields import Field
from ..interfaces import RatingScheme
from ..model import ResolvedSet
from .thresholds import Thresholds

ROUNDINGS = ("down", "half-up")
HUNDRED = Fraction(100)


def whole(percent: Fraction, rounding: str) -> int:
    """`percent` (0 to 100) rounded to a whole number: down, or half up (12.5 → 13)."""
    if rounding == "half-up":
        return math.floor(percent + Fraction(1, 2))
    return math.floor(percent)


class WholePercent(Thresholds):
    name = "whole-percent"
    description = "notes par seuils, pourcentage affiché entier (arrondi et plafond du jeu)"
    set_fields = (
        Field(
            "shown_rounding",
            "string",
            "Arrondi du pourcentage affiché : down (par défaut) ou half-up (12,5 → 13).",
            enum=ROUNDINGS,
        ),
        Field(
            "shown_cap",
            "integer",
            "Plafond du pourcentage affiché tant que le lieu n'atteint pas 100 % (ex. 99).",
            minimum=0,
            maximum=100,
        ),
    )

    def shown_percent(self, rules: ResolvedSet, percent: Fraction | None) -> int | None:
        # An int: the figure is shown without decimals, 100 and 0 included.
        if percent is None:
            return None
        if percent >= HUNDRED:
            return 100
        shown = whole(percent, rules.set.scheme_keys.get("shown_rounding", "down"))
        cap = rules.set.scheme_keys.get("shown_cap")
        return shown if cap is None else min(shown, int(cap))


@hookimpl
def tlcriteria_rating_schemes() -> list[RatingScheme]:
    return [WholePercent()]
