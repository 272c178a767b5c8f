"""The pages of the site, as HTML text: the index, a place, a college, the map.

Every page reads without JavaScript; the scripts in `assets/` only add to it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from ...catalogue import theme_title
from ...i18n import _, current_language, localized, ngettext
from ...model import asked_criteria
from ...publish import PublicRow, clean_text, format_percent, signature_text, verification_text
from ...shown import coordinate
from ..html import esc
from .badges import badge_label
from .content import (
    FRESHNESS,
    College,
    SitePlace,
    SiteRating,
    criterion_title,
    level_text,
    stage_text,
    verification_of,
)
from .layout import SiteInfo, bdi, frame_bytes, page, page_title

if TYPE_CHECKING:
    from ...model import Criterion, ResolvedSet

#: Rows of each page of the index without JavaScript (the script pages by the same count).
PAGE_SIZE = 50


def place_href(place_id: str, root: str) -> str:
    return f"{root}lieux/{place_id}/index.html"


def percent_text(value: float | None) -> str:
    return format_percent(value, "." if current_language() == "en" else ",")


@functools.lru_cache(maxsize=65536)
def _esc_short(text: str) -> str:
    """`esc` of a text that repeats from place to place (labels, answers, towns), remembered."""
    return esc(text)


def grade_chip(item: SiteRating) -> str:
    return _chip(item.rank, item.row.grade)


@functools.lru_cache(maxsize=1024)  # a grade's chip, on every page, row and list item of its places
def _chip(rank: int | None, grade: str | None) -> str:
    return f'<span class="grade g{"u" if rank is None else rank}">{esc(grade or "—")}</span>'


def short_list(values: Iterable[str]) -> str:
    """Words a member wrote (publics, services), each isolated from the commas between them:
    a right-to-left word keeps its place in the list."""
    return ", ".join(_bdi_short(clean_text(v)) for v in values)


# --------------------------------------------------------------------------- index


def index_headings() -> list[tuple[str, str]]:
    """(key, heading) of the index table's columns; the script sorts on the same keys."""
    return [
        ("name", _("Place")),
        ("town", _("Town")),
        ("college", _("College")),
        ("stage", _("Stage")),
        ("grade", _("Grade")),
        ("percent", "%"),
        ("publics", _("Publics")),
        ("services", _("Services")),
    ]


def index_cell_starts(labels: Mapping[str, str]) -> tuple[str, ...]:
    """Each cell of an index row up to its content, the same on every row (`labels`: the
    columns' headings, `index_headings`)."""
    return (
        f'<tr><th scope="row" data-label="{esc(labels["name"])}"><a href="',
        *(f'<td data-label="{esc(labels[key])}">' for key in ("town", "college", "stage", "grade")),
        '<td class="num" data-label="%">',
        *(f'<td data-label="{esc(labels[key])}">' for key in ("publics", "services")),
    )


@functools.lru_cache(maxsize=64)
def _stage_cell(code: str, language: str) -> str:
    return esc(stage_text(code))


def index_rows(place: SitePlace, root: str, starts: Sequence[str]) -> list[str]:
    """The place's rows in the index, one per rating (one without a rating when it has none;
    `starts`: `index_cell_starts`)."""
    name, town, college, stage, grade, percent, publics, services = starts
    # The place's own cells, the same in each of its rows, written once; colleges, towns and
    # words repeat on every row: escaped once (_esc_short).
    head = (
        f'{name}{place_href(place.id, root)}">{esc(place.name)}</a></th>{town}{_esc_short(place.town)}</td>'
    )
    stage_cell = f"{stage}{_stage_cell(place.place.stage, current_language())}</td>"
    tail = f"{publics}{short_list(place.publics)}</td>{services}{short_list(place.services)}</td></tr>\n"
    if not place.ratings:
        return [f"{head}{college}</td>{stage_cell}{grade}</td>{percent}</td>{tail}"]
    return [
        f"{head}{college}{_esc_short(item.row.college)}</td>{stage_cell}"
        f"{grade}{grade_chip(item)}</td>{percent}{esc(percent_text(item.row.percent))}</td>{tail}"
        for item in place.ratings
    ]


def index_page_path(number: int) -> str:
    return "index.html" if number == 1 else f"pages/{number}/index.html"


def pager(number: int, count: int, root: str) -> str:
    if count <= 1:
        return ""
    links = []
    if number > 1:
        links.append(
            f'<a rel="prev" href="{root}{index_page_path(number - 1)}">{esc(_("Previous page"))}</a>'
        )
    for n in sorted({1, number - 1, number, number + 1, count} & set(range(1, count + 1))):
        if n == number:
            links.append(f'<a aria-current="page" href="{root}{index_page_path(n)}">{n}</a>')
        else:
            links.append(f'<a href="{root}{index_page_path(n)}">{n}</a>')
    if number < count:
        links.append(f'<a rel="next" href="{root}{index_page_path(number + 1)}">{esc(_("Next page"))}</a>')
    return f'<nav class="pager" aria-label="{esc(_("Pages"))}">{" ".join(links)}</nav>'


#: The filters whose choices are words members wrote: an `<option>` holds no `<bdi>`, so
#: `dir="auto"` gives each the direction of its own text.
WORD_FILTERS = frozenset({"public", "service"})


def select(ident: str, label: str, values: Iterable[tuple[str, str]], words: bool = False) -> str:
    written = ' dir="auto"' if words else ""
    options = f'<option value="">{esc(_("All"))}</option>' + "".join(
        f'<option value="{esc(v)}"{written}>{esc(text)}</option>' for v, text in values
    )
    return (
        f'<div class="field"><label for="{ident}">{esc(label)}</label>'
        f'<select id="{ident}">{options}</select></div>'
    )


def finder(filters: Mapping[str, Sequence[tuple[str, str]]]) -> str:
    """The search and filters; hidden until the script runs (without it they would do nothing)."""
    labels = {
        "college": _("College"),
        "grade": _("Grade"),
        "stage": _("Stage"),
        "public": _("Public"),
        "service": _("Service"),
        "verification": _("Verification"),
        "freshness": _("Freshness"),
        "signature": _("Signature"),
    }
    fields = "".join(
        select(f"f-{key}", labels[key], values, key in WORD_FILTERS)
        for key, values in filters.items()
        if values
    )
    return (
        f'<form id="finder" class="finder" role="search" hidden>'
        f'<div class="field search"><label for="q">{esc(_("Search (name, town, publics, services)"))}</label>'
        f'<input id="q" type="search" autocomplete="off"></div>{fields}</form>'
    )


def index_page(
    info: SiteInfo,
    rows: Sequence[str],
    number: int,
    count: int,
    search: str,
    place_count: int,
    total: int,
) -> str:
    """Page `number` of `count` of the index: `rows` are its entries' (`index_rows`), `total` in
    all; `search`: the search and filters, the same on every page (`finder`)."""
    root = "" if number == 1 else "../../"
    first = (number - 1) * PAGE_SIZE
    headings = "".join(f'<th scope="col" data-key="{key}">{esc(text)}</th>' for key, text in index_headings())
    summary = ngettext("{count} place", "{count} places", place_count).format(count=place_count)
    status = _("Page {page} of {pages}: rows {first} to {last} of {total}.").format(
        page=number,
        pages=max(count, 1),
        first=first + 1 if rows else 0,
        last=first + len(rows),
        total=total,
    )
    body = (
        f"<h1>{esc(info.title)}</h1>\n"
        f'<p class="meta">{esc(summary)}. {esc(_("Each place is rated in each of its colleges; the grade says how far it meets the network’s shared criteria."))}</p>\n'
        f"{search}\n"
        f'<p id="count" role="status" aria-live="polite">{esc(status)}</p>\n'
        f'<div class="table-wrap"><table id="places" class="cards" data-page="{number}" data-page-size="{PAGE_SIZE}">'
        f"<caption>{esc(_('Ratings of the places'))}</caption>"
        f"<thead><tr>{headings}</tr></thead>\n<tbody>\n{''.join(rows)}</tbody></table></div>\n"
        f'<div id="pager">{pager(number, count, root)}</div>'
    )
    title = info.title if number == 1 else _("{title}, page {page}").format(title=info.title, page=number)
    return page(
        info,
        title=title,
        root=root,
        body=body,
        current="index",
        scripts=("assets/data.js", "assets/index.js"),
    )


# --------------------------------------------------------------------------- place


@functools.lru_cache(maxsize=8)
def _card_texts(language: str) -> dict[str, str]:
    """The identity card's labels, as its `<dt>` cells (translated and escaped once), and its heading."""
    labels = {
        "town": _("Town"),
        "address": _("Address"),
        "stage": _("Stage"),
        "colleges": _("Colleges"),
        "website": _("Website"),
        "opening_hours": _("Opening hours"),
        "publics": _("Publics"),
        "services": _("Services"),
        "coordinates": _("Coordinates"),
    }
    texts = {key: f"<dt>{esc(label)}</dt><dd>" for key, label in labels.items()}
    texts["heading"] = (
        f'<section aria-labelledby="card-title"><h2 id="card-title">{esc(_("Identity card"))}</h2>'
    )
    texts["where"] = _("{latitude}, {longitude}")
    return texts


# Towns, colleges, publics and services: few distinct texts over many places, escaped once.
@functools.lru_cache(maxsize=4096)
def _bdi_short(text: str) -> str:
    return bdi(text)


@functools.lru_cache(maxsize=1024)
def _colleges_cell(info: SiteInfo, colleges: tuple[str, ...]) -> str:
    """Each college by the title of its set, as the menu names it (its id when no set rates it)."""
    return ", ".join(esc(info.college_title(c)) for c in colleges)


@functools.lru_cache(maxsize=4096)
def _word_list(words: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{esc(clean_text(word))}</li>" for word in words) + "</ul>"


def identity_card(place: SitePlace, info: SiteInfo) -> str:
    p = place.place
    texts = _card_texts(current_language())
    # Each row is its label's `<dt>…</dt><dd>`, its value, then `</dd>`: pieces joined once.
    parts = [texts["heading"]]
    description = p.description.strip()
    if description:
        parts += ('<p class="description">', esc(description), "</p>")
    parts += ('<dl class="card">', texts["town"], _bdi_short(place.town), "</dd>")
    if p.address:
        parts += (texts["address"], bdi(clean_text(p.address)), "</dd>")
    parts += (texts["stage"], _stage_cell(p.stage, current_language()), "</dd>")
    parts += (texts["colleges"], _colleges_cell(info, p.colleges), "</dd>")
    website = place.website  # a property that checks the address: asked once
    if website:
        link = esc(website)
        parts += (texts["website"], f'<a href="{link}" rel="nofollow ugc">{link}</a>', "</dd>")
    elif p.website:
        parts += (texts["website"], esc(clean_text(p.website)), "</dd>")
    if p.opening_hours:
        parts += (texts["opening_hours"], esc(clean_text(p.opening_hours)), "</dd>")
    if place.publics:
        parts += (texts["publics"], _word_list(place.publics), "</dd>")
    if place.services:
        parts += (texts["services"], _word_list(place.services), "</dd>")
    if p.lat is not None and p.lon is not None:  # has_coordinates, spelt out for the type checker
        where = texts["where"].format(latitude=coordinate(p.lat), longitude=coordinate(p.lon))
        parts += (texts["coordinates"], esc(where), "</dd>")
    parts.append("</dl></section>")
    return "".join(parts)


@functools.lru_cache(maxsize=64)
def _signature_mark(state: str, language: str) -> str:
    """The signature's state in `publish`'s words (`signature_text`), its class saying which."""
    text = _("signature: {state}").format(state=signature_text(state))
    return f'<span class="signature-{esc(state)}">{esc(text)}</span>'


def trust_marks(row: PublicRow) -> str:
    """How far the rating is to be trusted, as HTML: its file's signature (when the signers
    were checked), its verification by peers, the date of the self-assessment; each mark of a
    state in a span whose class names it (the style only repeats the words)."""
    parts = []
    if row.signature:
        parts.append(_signature_mark(row.signature, current_language()))
    verification = verification_of(row)
    if verification:
        text = esc(verification_text(verification, row.peers))
        parts.append(f'<span class="verification-{verification}">{text}</span>')
    if row.assessed:
        parts.append(esc(_("assessed on {date}").format(date=row.assessed)))
    if row.stale:
        parts.append(f'<span class="freshness-stale">{esc(_(FRESHNESS["stale"]))}</span>')
    return "; ".join(parts)


@functools.lru_cache(maxsize=256)
def _criteria_head(college: str, language: str) -> str:
    """The caption and headings of a college's table of criteria (the same on every place page)."""
    return (
        f"<caption>{esc(_('{college}: every criterion').format(college=college))}</caption>"
        f'<thead><tr><th scope="col">{esc(_("Criterion"))}</th><th scope="col">{esc(_("Level"))}</th>'
        f'<th scope="col">{esc(_("Outcome"))}</th><th scope="col">{esc(_("Answer"))}</th>'
        f'<th scope="col">{esc(_("Evidence"))}</th></tr></thead>'
    )


@attrs.frozen(eq=False)  # a key of `_summary` by identity: made once per college and grade
class _SectionTexts:
    """What the sections of a college's ratings with one grade share, escaped once."""

    college_title: str
    summary: str  # "Grade B", before the percent
    percent: str  # how the language writes a percent: "{percent}%" in English, "{percent} %" in French
    set_text: str  # the set and its version
    table_start: str  # the table, up to its rows
    badge_label: str
    alt: str  # the badge's alternative text
    snippet_label: str
    #: The badge's HTML to copy, escaped, around the two places where the place's id goes.
    snippet: tuple[str, str, str]


@functools.lru_cache(maxsize=4096)
def _section_texts(
    info: SiteInfo, college: str, grade: str, set_title: str, version: str, base_url: str, language: str
) -> _SectionTexts:
    alt = badge_label(info.network, info.college_title(college), grade)  # as the badge says it
    base = base_url.rstrip("/") + "/" if base_url else "https://…/"
    # Escaping goes character by character: the snippet's pieces are escaped apart.
    snippet = (
        esc(f'<a href="{base}lieux/'),
        esc(f'/"><img src="{base}badges/'),
        esc(f'-{college}.svg" alt="{esc(alt)}"></a>'),
    )
    return _SectionTexts(
        college_title=esc(info.college_title(college)),
        summary=esc(_("Grade {grade}").format(grade=grade)),
        percent=esc(_("{percent}%")),
        # The set by the name every page gives its college (its English title on the English site).
        set_text=esc(
            _("criteria {title}, version {version}").format(
                title=dict(info.colleges).get(college, set_title), version=version
            )
        ),
        table_start=f'<div class="table-wrap"><table class="criteria">{_criteria_head(info.college_title(college), language)}<tbody>',
        badge_label=esc(_("Badge for the place’s website")),
        alt=esc(alt),
        snippet_label=esc(_("HTML to copy onto the place’s website:")),
        snippet=snippet,
    )


#: The sentence naming a rating's failed required criteria, by (set, failed ids, language):
#: the same few combinations come back from place to place (sets are immutable and hash once).
_FAILED: dict[tuple[ResolvedSet, tuple[str, ...], str], str] = {}


def _failed_text(item: SiteRating, language: str) -> str:
    key = (item.rating.rules, item.row.must_failed, language)
    found = _FAILED.get(key)
    if found is None:
        titles = ", ".join(esc(t) for t in item.must_failed_titles)
        if len(_FAILED) > 4096:
            _FAILED.clear()
        found = _FAILED[key] = f"<p>{esc(_('Required criteria not met:'))} {titles}</p>"
    return found


@functools.lru_cache(maxsize=8192)  # few percents per grade: places share their summaries
def _summary(texts: _SectionTexts, rank: int | None, grade: str | None, percent: str) -> str:
    """A rating's summary: its grade's chip, the grade and percent, the set."""
    summary = texts.summary + (f" ({texts.percent.replace('{percent}', esc(percent))})" if percent else "")
    return f'<p class="rating-summary">{_chip(rank, grade)} {summary} — {texts.set_text}</p>'


def rating_section(
    place: SitePlace,
    item: SiteRating,
    info: SiteInfo,
    base_url: str,
    number: int,
) -> tuple[str, str]:
    """A rating's section, before its criteria table's rows and after them."""
    row = item.row
    heading_id = f"rating-{number}"
    grade = row.grade or _("not rated")
    language = current_language()
    texts = _section_texts(info, row.college, grade, row.set_title, row.version, base_url, language)
    trust = trust_marks(row)
    failed_text = _failed_text(item, language) if row.must_failed else ""
    place_id = esc(place.id)
    before = (
        f'<section aria-labelledby="{heading_id}"><h2 id="{heading_id}">{texts.college_title}</h2>'
        f"{_summary(texts, item.rank, row.grade, percent_text(row.percent))}"
        + (f'<p class="trust">{trust}</p>' if trust else "")
        + f"{failed_text}{texts.table_start}"
    )
    start, middle, end = texts.snippet
    return before, (
        "</tbody></table></div>"
        f'<details class="badge"><summary>{texts.badge_label}</summary>'
        f'<p><img src="../../badges/{place.id}-{row.college}.svg" alt="{texts.alt}"></p>'
        f'<p><label for="snippet-{number}">{texts.snippet_label}</label></p>'
        f'<textarea id="snippet-{number}" readonly rows="3">{start}{place_id}{middle}{place_id}{end}</textarea></details>'
        "</section>"
    )


def history_section(history: Sequence[Mapping[str, str]]) -> str:
    if not history:
        return ""
    rows = "".join(
        f"<tr><td>{esc(h['date'])}</td><td>{esc(h['college'])}</td><td>{esc(h['grade'] or '—')}</td>"
        f'<td class="num">{esc(h["percent"])}</td></tr>'
        for h in history
    )
    return (
        f'<section aria-labelledby="history-title"><h2 id="history-title">{esc(_("Grade history"))}</h2>'
        f"<p>{esc(_('Each earlier version of the place file, rated with today’s criteria (from the git history).'))}</p>"
        f'<div class="table-wrap"><table><caption class="visually-hidden">{esc(_("Grade history"))}</caption>'
        f'<thead><tr><th scope="col">{esc(_("Date"))}</th><th scope="col">{esc(_("College"))}</th>'
        f'<th scope="col">{esc(_("Grade"))}</th><th scope="col">%</th></tr></thead><tbody>{rows}</tbody></table></div></section>'
    )


def place_page(
    info: SiteInfo,
    place: SitePlace,
    base_url: str,
    tables: Sequence[bytes],
    history: Sequence[Mapping[str, str]] = (),
) -> bytes:
    """A place's page, in UTF-8; `tables`: the rows of each rating's criteria table, in UTF-8
    (`CriteriaTexts.rating_texts`): the page's own text is encoded around them, so the
    tables, most of a page, are never decoded nor encoded again."""
    head, middle, tail = frame_bytes(info, "../../", current_language())
    pieces = [head, page_title(info, place.name).encode(), middle]
    text = f'<h1 class="place-name">{esc(place.name)}</h1>{identity_card(place, info)}'
    for n, (item, table) in enumerate(zip(place.ratings, tables, strict=True), 1):
        section_start, section_end = rating_section(place, item, info, base_url, n)
        pieces += ((text + section_start).encode(), table)
        text = section_end
    if not place.ratings:
        text += f"<p>{esc(_('No set of criteria rates this place’s colleges yet.'))}</p>"
    text += (
        f"{history_section(history)}"
        f'<p><a href="../../api/places/{place.id}.json">{esc(_("This place’s data (JSON)"))}</a></p>'
    )
    pieces += (text.encode(), tail)
    return b"".join(pieces)


# --------------------------------------------------------------------------- college


def distribution(
    counts: Mapping[str, int], colours: Mapping[str, str], grades: Sequence[str]
) -> list[tuple[str, int, str]]:
    """(grade, count, colour) for each grade of the set, best first, then unrated ("" in `counts`).

    `counts`: ratings per grade; `colours`: the colour of the first rating of each grade."""
    order = [g for g in grades if g in counts] + sorted(g for g in counts if g not in grades and g)
    if "" in counts:
        order.append("")
    return [(g, counts[g], colours[g]) for g in order]


def chart(bars: Sequence[tuple[str, int, str]], caption: str) -> str:
    """A bar chart as inline SVG, with the same figures as a table beside it (screen readers)."""
    top = max((bar[1] for bar in bars), default=0) or 1
    height, width, gap = 24, 320, 6
    parts = []
    for i, (grade, count, colour) in enumerate(bars):
        y = i * (height + gap)
        length = round(width * count / top)
        label = grade or _("not rated")
        parts.append(
            f'<text x="0" y="{y + 17}" font-size="14">{esc(label[:12])}</text>'
            f'<rect x="90" y="{y}" width="{max(length, 1)}" height="{height}" fill="{colour}" stroke="#1d2327"/>'
            f'<text x="{96 + length}" y="{y + 17}" font-size="14">{count}</text>'
        )
    total_height = max(len(bars) * (height + gap), height)
    svg = (
        f'<svg class="chart" viewBox="0 0 {width + 150} {total_height}" width="{width + 150}" '
        f'height="{total_height}" role="img" aria-labelledby="chart-caption" focusable="false">'
        + "".join(parts)
        + "</svg>"
    )
    rows = "".join(
        f'<tr><th scope="row">{esc(grade or _("not rated"))}</th><td class="num">{count}</td></tr>'
        for grade, count, _colour in bars
    )
    return (
        f'<figure><figcaption id="chart-caption">{esc(caption)}</figcaption>{svg}'
        f'<table class="figures"><caption class="visually-hidden">{esc(caption)}</caption>'
        f'<thead><tr><th scope="col">{esc(_("Grade"))}</th><th scope="col">{esc(_("Places"))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></figure>"
    )


#: Where a page's streamed list goes, split out of the frame `page` builds.
LIST_MARK = "\0list\0"


def college_item(item: SiteRating) -> str:
    """A place in its college's page."""
    return (
        f'<li><a href="{place_href(item.row.place_id, "../../")}"><bdi>{esc(item.row.name)}</bdi></a> '
        f"— <bdi>{esc(item.row.town)}</bdi> {grade_chip(item)}</li>"
    )


def _criterion_meta(college: College, c: Criterion) -> str:
    """A criterion's level, weight and theme (by its title, as the questionnaire names it),
    punctuated as the page's language wants it."""
    level = level_text(c.level)
    if not c.theme:
        return _("Level: {level}; weight {weight}").format(level=level, weight=c.weight)
    theme = clean_text(theme_title(college.sets, c.theme, c.set_id, (college.rules,)))
    return _("Level: {level}; weight {weight}; theme: {theme}").format(
        level=level, weight=c.weight, theme=theme
    )


def college_page(
    info: SiteInfo, college: College, bars: Sequence[tuple[str, int, str]], items: str = LIST_MARK
) -> str:
    """The college's page; its places (`college_item`s) are `items`, or go where `LIST_MARK` is."""
    rules = college.rules
    grades = "".join(
        f"<li><strong>{esc(g.grade)}</strong>"
        + (f" — {esc(clean_text(localized(g.texts, 'label', g.label)))}" if g.label else "")
        + (
            f"{esc(_(': '))}{esc(clean_text(localized(g.texts, 'description', g.description)))}"
            if g.description
            else ""
        )
        + "</li>"
        for g in rules.grades
    )
    criteria = []
    for c in asked_criteria(rules, "active"):  # a ladder's: its rungs'
        help_text = clean_text(localized(c.texts, "help", c.help))
        criteria.append(
            f'<article class="criterion"><h3>{esc(criterion_title(c))}</h3>'
            f'<p class="question">{esc(clean_text(localized(c.texts, "question", c.question)))}</p>'
            + (f"<p>{esc(help_text)}</p>" if help_text else "")
            + f'<p class="meta">{esc(_criterion_meta(college, c))}</p></article>'
        )
    description = clean_text(localized(rules.set.texts, "description", rules.set.description))
    body = (
        f"<h1>{esc(college.title)}</h1>"
        + (f"<p>{esc(description)}</p>" if description else "")
        + f'<p class="meta">{esc(_("Criteria set {id}, version {version}.").format(id=rules.id, version=rules.version))} '
        f'<a href="../../index.html#college={esc(college.name)}">{esc(ngettext("{count} place rated", "{count} places rated", college.count).format(count=college.count))}</a></p>'
        + (f'<h2>{esc(_("Grades"))}</h2><ul class="grades">{grades}</ul>' if grades else "")
        + f"<h2>{esc(_('Distribution of grades'))}</h2>"
        + chart(bars, _("{college}: places by grade").format(college=college.title))
        + f"<h2>{esc(_('The criteria explained'))}</h2>"
        + "".join(criteria)
        + f'<h2>{esc(_("Places of the college"))}</h2><ul class="places">'
        + items
        + "</ul>"
    )
    return page(info, title=college.title, root="../../", body=body, current=f"college:{college.name}")


# --------------------------------------------------------------------------- map


def map_item(place: SitePlace) -> str:
    """A place of the map's list (a place with coordinates)."""
    return (
        f'<li><a href="../{place_href(place.id, "")}"><bdi>{esc(place.name)}</bdi></a> — <bdi>{esc(place.town)}</bdi>'
        + "".join(f" {grade_chip(item)}" for item in place.ratings)
        + "</li>"
    )


def map_page(info: SiteInfo, mapped: int, tiles: str, attribution: str, items: str = LIST_MARK) -> str:
    """The map's page; the list of its `mapped` places (`map_item`s) is `items`, or goes where
    `LIST_MARK` is."""
    body = (
        f"<h1>{esc(_('Map of the places'))}</h1>"
        f'<div id="map" class="map" data-tiles="{esc(tiles)}" data-attribution="{esc(attribution)}" '
        f'data-label="{esc(_("Map"))}" data-place="{esc(_("Open the place’s page"))}"></div>'
        f'<p id="map-status" role="status" aria-live="polite"></p>'
        f'<details id="map-list"><summary>{esc(ngettext("The {count} place on the map, as a list", "The {count} places on the map, as a list", mapped).format(count=mapped))}</summary>'
        f'<ul class="places">{items}</ul></details>'
        f'<p hidden id="tiles-failed">{esc(_("The map’s background could not be loaded; the places are listed below the map."))}</p>'
    )
    return page(
        info,
        title=_("Map of the places"),
        root="../",
        body=body,
        current="map",
        scripts=(
            "assets/vendor/leaflet/leaflet.js",
            "assets/vendor/leaflet.markercluster/leaflet.markercluster.js",
            "assets/map-data.js",
            "assets/map.js",
        ),
        styles=(
            "assets/vendor/leaflet/leaflet.css",
            "assets/vendor/leaflet.markercluster/MarkerCluster.css",
            "assets/vendor/leaflet.markercluster/MarkerCluster.Default.css",
        ),
    )
