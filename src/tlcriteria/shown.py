"""Numbers as a person reads them: one way in each language, for every command and format.

French writes `60,9 %` (decimal comma, a space before %), English `60.9%`.
Exact values (fractions) are rounded *down* (SPEC v2 §6: a shown figure never
overstates a place); a float is taken as already rounded (`round_down` made
it), since rounding its binary value down again could lose a tenth (40.2 is
stored as 40.1999…). Whole numbers (a whole-percent scheme's figure) stay
whole. The JSON record keeps its numbers: nothing here is used for it, nor for
values to write in a file (TOML wants a point), nor for machine-read cells
(a CSV dialect, a sort key).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .i18n import _, current_language
from .rating_record import round_down


def decimal_mark() -> str:
    """The decimal mark of the current language."""
    return "," if current_language() == "fr" else "."


def number(
    value: Fraction | float | int, places: int = 1, *, trim: bool = False, mark: str | None = None
) -> str:
    """`value` with `places` decimals (rounded down), in the current language's way.

    `trim` drops trailing zeros (62,5 rather than 62,50; 80 rather than 80,0).
    `mark` imposes a decimal mark where the reader's convention is not the
    language's (the public outputs are French; a CSV dialect chooses its own).
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number to show")
    if isinstance(value, int):
        return str(value)
    figure = round_down(value, places) if isinstance(value, Fraction) else value
    text = f"{figure:.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark() if mark is None else mark)


def written(value: Decimal | float | int) -> str:
    """A number with every digit as written (an answer, never rounded), in the current
    language's way: `2,5` in French, `2.5` in English."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number to show")
    text = format(value, "f") if isinstance(value, Decimal) else repr(value)
    return text.replace(".", decimal_mark())


def written_percent(value: Decimal | float | int) -> str:
    """A percent that is an answer, every digit as written, with the sign as `percent` writes
    it: `72,5 %` in French, `72.5%` in English (a plugin kind's `show_value`)."""
    return _("{percent}%").format(percent=written(value))


def coordinate(value: float) -> str:
    """A latitude or longitude with every digit written (never rounded), in the current
    language's way: `49,18` in French."""
    return written(float(value))


def percent(value: Fraction | float | int, places: int = 1, *, trim: bool = False) -> str:
    """A percent as people read it: `60,9 %` in French, `60.9%` in English (the site's way)."""
    return _("{percent}%").format(percent=number(value, places, trim=trim))
