"""`html`: one self-contained static page to search, sort and filter the ratings.

The table is written out in full as HTML (it reads without JavaScript and
with any screen reader); a small inlined script adds an accent-insensitive
search, sorting on every column (`aria-sort`), filters by college, grade and
stage, and a detail view of each place's criteria. No CDN, no external file:
the page works from `file://` and on any static host.

What a member wrote can never run as code: it is HTML-escaped in the table,
and reaches the script as JSON in a `<script type="application/json">` whose
`<`, `>` and `&` are written `\\u003c`, `\\u003e`, `\\u0026`; the script only
ever sets `textContent`, and makes links only of the addresses that pass the
rule of weburl.py (the page data lists them). A Content-Security-Policy allows no script but the
page's own (by its SHA-256), as a second line of defence.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources import files
from string import Template
from typing import Any

from .. import hookimpl
from ..interfaces import OutputFormat, RenderContext
from ..publish import (
    LEVEL_LABELS,
    OUTCOME_LABELS,
    STAGE_LABELS,
    PublicRow,
    columns_for,
    fold,
    rows_of,
    set_grades,
)
from ..weburl import is_web_address
from .geojson import grade_rank

ASCENDING = ' aria-sort="ascending"'
DEFAULT_TITLE = "Notations des lieux du réseau"
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _resource(name: str) -> str:
    return (files("tlcriteria.formats") / "page" / name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that cannot close its <script> element nor open a comment or an entity."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def french_date(iso: str) -> str:
    try:
        year, month, day = (int(p) for p in iso.split("-"))
        return f"{day} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return iso


def options(values: Iterable[tuple[str, str]]) -> str:
    return "".join(f'<option value="{esc(v)}">{esc(label)}</option>\n' for v, label in values)


def shown_cells(row: PublicRow, columns: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The row's columns as the page shows them (failed criteria by their titles, as every table)."""
    return row.cells(columns=columns)


def row_html(
    index: int, row: PublicRow, grades: Mapping[str, Sequence[str]], columns: Sequence[tuple[str, str]]
) -> str:
    cells = shown_cells(row, columns)
    parts = [f'<tr data-i="{index}">']
    parts.append(
        f'<th scope="row"><button type="button" class="detail" aria-haspopup="dialog">{esc(cells[0])}</button></th>'
    )
    for (key, _), text in zip(columns[1:], cells[1:], strict=True):
        if key == "grade":
            rank = grade_rank(row, grades)
            parts.append(
                f'<td class="grade" data-rank="{"" if rank is None else rank}"><span>{esc(text)}</span></td>'
            )
        elif key == "percent":
            parts.append(f'<td class="num">{esc(text)}</td>')
        elif key in ("signature", "verification", "freshness"):
            # The mark of trust: a class per state, for the page's style.
            state = {"signature": row.signature, "verification": row.verification}.get(key)
            state = state or ("stale" if row.stale else "current")
            parts.append(f'<td class="trust {esc(key)}-{esc(state)}">{esc(text)}</td>')
        else:
            parts.append(f"<td>{esc(text)}</td>")
    return "".join(parts) + "</tr>\n"


def row_data(
    row: PublicRow, set_key: str, text: Callable[[str], int], columns: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """What the script needs of one row; criteria titles are in the set table, answers
    and justifications in the shared text table (`text` gives a string's index there)."""
    return {
        "cells": list(shown_cells(row, columns)),
        "stage": row.stage,
        "college": row.college,
        "grade": row.grade,
        "percent": row.percent,
        "set": set_key,
        "website": row.website if is_web_address(row.website) else "",  # shown only as a link
        "results": [
            [c.outcome, c.credit, text(c.answer), text(c.justification), text(c.url)]
            + ([c.verification] if c.verification else [])
            for c in row.criteria
        ],
    }


def page_data(rows: Sequence[PublicRow]) -> dict[str, Any]:
    """Rows and, once per criteria set, its criteria (title, level): the page stays small."""
    sets: dict[str, dict[str, Any]] = {}
    texts: dict[str, int] = {"": 0}  # each answer label or justification once, by first use

    def text(value: str) -> int:
        return texts.setdefault(value, len(texts))

    items = []
    columns = columns_for(rows)
    for row in rows:
        criteria = [[c.id, c.title, c.level] for c in row.criteria]
        key = row.set_id
        n = 0
        while key in sets and sets[key]["criteria"] != criteria:  # not the set's usual list
            n += 1
            key = f"{row.set_id}#{n}"
        sets.setdefault(key, {"title": row.set_title, "version": row.version, "criteria": criteria})
        items.append(row_data(row, key, text, columns))
    return {
        "rows": items,
        "sets": sets,
        "texts": list(texts),
        # The texts the script may make links of: those that pass the rule of a web address.
        "links": [i for value, i in texts.items() if is_web_address(value)],
        "outcomes": dict(OUTCOME_LABELS),
        "levels": dict(LEVEL_LABELS),
    }


def distinct(values: Iterable[str]) -> list[str]:
    return sorted(set(values), key=lambda v: (fold(v), v))


class HtmlFormat(OutputFormat):
    name = "html"
    description = "page web autonome : recherche, tri, filtres, détail des critères de chaque lieu"
    extensions = (".html", ".htm")
    commands = frozenset({"publish"})

    def render(self, context: RenderContext) -> str:
        rows = rows_of(context)
        grades = context.options.get("grades") or set_grades(context.ratings)
        header = dict(context.header or {})
        date = str(header.get("date") or context.options.get("date") or "")
        generator = str(header.get("generator") or "tlcriteria")
        sets = header.get("sets") or []
        set_text = ", ".join(f"{s['id']} {s['version']}" for s in sets) or "—"
        places = len({r.place_id for r in rows})
        script = _resource("page.js")
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        # The rows come sorted by college (then name): say so on that column.
        columns = columns_for(rows)
        headings = "".join(
            f'<th scope="col"{ASCENDING if key == "college" else ""}>'
            f'<button type="button">{esc(title)}</button></th>\n'
            for key, title in columns
        )
        stage_values = [s for s in STAGE_LABELS if any(r.stage == s for r in rows)]
        stage_values += distinct(r.stage for r in rows if r.stage not in STAGE_LABELS)
        data = page_data(rows)
        page = Template(_resource("page.html")).substitute(
            title=esc(str(context.options.get("title") or DEFAULT_TITLE)),
            generator=esc(generator),
            date=esc(date),
            date_text=esc(french_date(date)),
            place_count=f"{places} lieu{'x' if places > 1 else ''}",
            sets=esc(set_text),
            row_count=f"{len(rows)} notation{'s' if len(rows) > 1 else ''}",
            college_options=options((c, c) for c in distinct(r.college for r in rows)),
            grade_options=options((g, g) for g in distinct(r.grade for r in rows if r.grade is not None)),
            stage_options=options((s, STAGE_LABELS.get(s, s)) for s in stage_values),
            headings=headings,
            rows="".join(row_html(i, r, grades, columns) for i, r in enumerate(rows)),
            data=script_json(data),
            css=_resource("page.css"),
            script=script,
            script_hash=f"sha256-{digest}",
        )
        return page


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [HtmlFormat()]
