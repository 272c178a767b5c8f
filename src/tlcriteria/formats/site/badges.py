"""Badges: an accessible SVG per place and college, with the grade and the network's name.

The college is named by its title, as the site's pages name it (`SiteInfo.college_title`);
the badge's file keeps the college's id. The grade's colour comes from the map's palette;
its text is black or white, whichever contrasts more (at least 4.5:1, WCAG AA, for every
colour of the palette, which a test checks).
"""

from __future__ import annotations

import math
import unicodedata
from html import escape

from ...i18n import _


def luminance(colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    return "#000000" if contrast(background, "#000000") >= contrast(background, "#ffffff") else "#ffffff"


#: The advance widths of the printable ASCII characters (space to ~) in DejaVu Sans, in 1/2048
#: of the font size: the font a badge is drawn in where Verdana is missing, whose widths are
#: close to Verdana's. A title's length in characters says little of its width
#: (« Collège tiers-lieux » is narrow, « WWW » wide): each character counts for its own width.
# fmt: off
_ADVANCES = (
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048,
    1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235,
    1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024,
    1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300,
    1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
)
# fmt: on
_EM = 2048
#: Characters that are not ASCII and whose width the badges' own text needs.
_OTHER = {"·": 651, "\u00a0": 651}
_SIZE = 11  # font-size, in pixels
#: A tenth more for another font's wider glyphs; the grade is bold (DejaVu Sans Bold: up to 26% wider).
_REGULAR, _BOLD = 1.1, 1.35


def _advance(char: str) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return _ADVANCES[code - 32]
    if char in _OTHER:
        return _OTHER[char]
    base = ord(unicodedata.normalize("NFD", char)[0])  # « è » is as wide as « e »
    return _ADVANCES[base - 32] if 32 <= base < 127 else _EM  # others: an em, as the widest ASCII


def _width(text: str, bold: bool = False) -> int:
    """The width of the box `text` is centred in: the text's, and 6 pixels on each side."""
    return math.ceil(sum(map(_advance, text)) * _SIZE * (_BOLD if bold else _REGULAR) / _EM) + 12


def badge_label(network: str, college_title: str, grade: str) -> str:
    """What a badge says, as its title and alternative text: the network, the college, the grade."""
    return _("{network}, {college}: grade {grade}").format(
        network=network, college=college_title, grade=grade
    )


def badge_svg(network: str, college_title: str, grade: str | None, colour: str) -> str:
    """The badge of one place in one college, the college named by its title."""
    left = f"{network} · {college_title}"
    right = grade or _("not rated")
    label = badge_label(network, college_title, right)
    lw, rw = _width(left), _width(right, bold=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{lw + rw}" height="20" role="img" '
        f'aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
        f'<rect width="{lw}" height="20" fill="#2b2b2b"/>'
        f'<rect x="{lw}" width="{rw}" height="20" fill="{colour}"/>'
        f'<g font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">'
        f'<text x="{lw / 2}" y="14" fill="#ffffff">{escape(left)}</text>'
        f'<text x="{lw + rw / 2}" y="14" fill="{text_colour(colour)}" font-weight="bold">{escape(right)}</text>'
        "</g></svg>\n"
    )
