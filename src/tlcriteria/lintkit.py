"""Exact figures and their wording for `check`'s warnings, shared by lint.py and the schemes' `lint`.

Everything is computed with fractions from the best answers a place could
give; figures are written as a working group writes them in its files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from . import shown as numbers
from .rating_record import round_down


def best_percent(items: Sequence[tuple[Fraction, Fraction, bool]]) -> Fraction | None:
    """The highest percent reachable from (weight, best credit, may be n/a) triples.

    Criteria that cannot be n/a always count; n/a-able ones are answered only
    when their best credit raises the percent (best first), else left n/a.
    """
    num = sum((w * m for w, m, na in items if not na), Fraction(0))
    den = sum((w for w, _, na in items if not na), Fraction(0))
    for w, m, _na in sorted((i for i in items if i[2]), key=lambda i: i[1], reverse=True):
        if den == 0 or m > num / den:
            num, den = num + w * m, den + w
        else:
            break
    return None if den == 0 else 100 * num / den


def pct(value: Fraction) -> str:
    """A percent in a message, as people read it (62,5 %): not a value to write in a file."""
    return numbers.percent(value, trim=True)


def floor_pct(value: Fraction) -> str:
    """A percent rounded down to one decimal, as a limit to write in a file."""
    floored = Fraction(math.floor(value * 10), 10)
    return f"{float(floored):g}"


def shown(value: Fraction) -> str:
    """A credit or weight as written in files: 0.5, not 1/2."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{round_down(value, 3):g}"


def whole_or_two_decimals(value: Fraction) -> str:
    """A limit to propose: its whole part when ≥ 1, else two decimals."""
    floor = value.numerator // value.denominator
    return str(floor) if floor >= 1 else str(round_down(value, 2))
