"""The frame every page of the site shares: head, navigation, footer.

Every text a member wrote goes through `esc` (HTML-escaped, quotes included)
and is isolated with `<bdi>` where it sits inside a sentence, so a name with a
right-to-left mark cannot reorder what follows it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import attrs

from ...dates import long_date
from ...i18n import _, current_language
from ..html import esc


def bdi(text: str) -> str:
    return f"<bdi>{esc(text)}</bdi>"


@attrs.frozen(cache_hash=True)  # a key of the texts the pages share
class SiteInfo:
    """What every page says about the publication."""

    title: str
    network: str
    date: str
    generator: str
    colleges: tuple[tuple[str, str], ...]  # (name, title) of each college page
    #: (name, title) of every college the catalogue's sets rate: a place's card names a college
    #: by its title even when none of its ratings is published (no page, so not in the menu).
    titles: tuple[tuple[str, str], ...] = ()

    def college_title(self, name: str) -> str:
        """How every page names a college: its page's title, as the navigation shows it; else
        its set's title; its id only when no set rates it."""
        return _college_titles(self).get(name) or name


@functools.lru_cache(maxsize=16)
def _college_titles(info: SiteInfo) -> dict[str, str]:
    """Every college's title, those of the college pages first (asked for by every place's card)."""
    return {**dict(info.titles), **dict(info.colleges)}


def page(
    info: SiteInfo,
    *,
    title: str,
    root: str,
    body: str,
    current: str = "",
    scripts: Sequence[str] = (),
    styles: Sequence[str] = (),
) -> str:
    """A whole HTML page; `root` is the relative way back to the site's top ("", "../../")."""
    head, middle, tail = _frame(info, root, current, tuple(scripts), tuple(styles), current_language())
    return f"{head}{page_title(info, title)}{middle}{body}{tail}"


def page_title(info: SiteInfo, title: str) -> str:
    """A page's `<title>`, escaped: its own title, then the site's."""
    return esc(title if title == info.title else f"{title} — {info.title}")


@functools.lru_cache(maxsize=16)
def frame_bytes(info: SiteInfo, root: str, language: str) -> tuple[bytes, bytes, bytes]:
    """`_frame` of a page without scripts, in UTF-8 (the place pages: thousands, joined as bytes):
    before the title, between the title and the body, after the body."""
    head, middle, tail = _frame(info, root, "", (), (), language)
    return head.encode(), middle.encode(), tail.encode()


@functools.lru_cache(maxsize=64)
def _frame(
    info: SiteInfo, root: str, current: str, scripts: tuple[str, ...], styles: tuple[str, ...], language: str
) -> tuple[str, str, str]:
    """The text around a page's title and body: the same for every page of a kind (every
    place page shares one), so it is made once and the pages only join three pieces."""
    nav = [("index.html", _("Places"), "index"), ("carte/index.html", _("Map"), "map")]
    nav += [(f"colleges/{name}/index.html", text, f"college:{name}") for name, text in info.colleges]
    nav.append(("auto-evaluation/index.html", _("Self-assessment"), "assess"))
    here = ' aria-current="page"'
    links = "".join(
        f'<li><a href="{root}{href}"{here if key == current else ""}>{esc(text)}</a></li>'
        for href, text, key in nav
    )
    head_styles = "".join(f'<link rel="stylesheet" href="{root}{s}">' for s in (*styles, "assets/site.css"))
    # An icon of our own, so browsers do not ask for a /favicon.ico the site does not have.
    head_styles += f'\n<link rel="icon" href="{root}assets/favicon.svg" type="image/svg+xml">'
    tail_scripts = "".join(f'<script src="{root}{s}"></script>' for s in scripts)
    head = (
        f'<!DOCTYPE html>\n<html lang="{language}" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{esc(info.generator)}">\n'
        "<title>"
    )
    middle = (
        f"</title>\n{head_styles}\n</head>\n<body>\n"
        f'<a class="skip" href="#main">{esc(_("Skip to content"))}</a>\n'
        f'<header class="site"><p class="brand"><a href="{root}index.html">{esc(info.title)}</a></p>\n'
        f'<nav aria-label="{esc(_("Site"))}"><ul>{links}</ul></nav></header>\n'
        f'<main id="main" tabindex="-1">\n'
    )
    tail = (
        "\n</main>\n"
        f'<footer class="site"><p>{esc(_("Published on {date} by {generator}.").format(date=long_date(info.date), generator=info.generator))} '
        f'<a href="{root}api/places.json">{esc(_("Data (JSON)"))}</a> · '
        f'<a href="{root}lieux.csv">{esc(_("Spreadsheet (CSV)"))}</a> · '
        f'<a href="{root}carte.geojson">{esc(_("Map layer (GeoJSON, uMap)"))}</a></p></footer>\n'
        f"{tail_scripts}\n</body>\n</html>\n"
    )
    return head, middle, tail
