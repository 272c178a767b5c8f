"""Badges: an accessible SVG per place and college, with the grade and the network's name.

The grade's colour comes from the map's palette; its text is black or white,
whichever contrasts more (at least 4.5:1, WCAG AA, for every colour of the
palette, which a test checks).
"""

from __future__ import annotations

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


def _width(text: str) -> int:
    # Verdana 11px averages about 7 px a character; wide enough for capitals.
    return 7 * len(text) + 12


def badge_svg(network: str, college: str, grade: str | None, colour: str) -> str:
    """The badge of one place in one college."""
    left = f"{network} · {college}"
    right = grade or _("not rated")
    label = _("{network}, {college} college: grade {grade}").format(
        network=network, college=college, grade=right
    )
    lw, rw = _width(left), _width(right)
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
