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
import functools
import hashlib
import html
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources import files
from string import Template
from typing import Any

from .. import hookimpl
from ..dates import long_date
from ..interfaces import OutputFormat, RenderContext
from ..publish import (
    LEVEL_LABELS,
    OUTCOME_LABELS,
    STAGE_LABELS,
    STREAMED_COLUMNS,
    Pieces,
    PieceSource,
    PublicRow,
    Summary,
    Writer,
    columns_for,
    fold,
    rows_of,
    set_grades,
)
from ..weburl import is_web_address
from .geojson import grade_rank

ASCENDING = ' aria-sort="ascending"'
DEFAULT_TITLE = "Notations des lieux du réseau"


def _resource(name: str) -> str:
    return (files("tlcriteria.formats") / "page" / name).read_text(encoding="utf-8")


#: `json.dumps(…, ensure_ascii=False, sort_keys=True, separators=(",", ":"))`, made once: the site
#: writes tens of thousands of small values (index rows, map entries) with it.
_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
#: What JSON may hold that a <script> element must not: each written as its \\u escape.
_SCRIPT_UNSAFE = ("<", ">", "&", "\u2028", "\u2029")


#: `_COMPACT`'s C core, made once: `JSONEncoder.encode` makes a new one on every call, which
#: costs more than most of the site's values. No markers (the check for circular values): the
#: site's values are made of tuples, lists and dictionaries of the models, never circular.
def _c_encoder() -> Callable[[object, int], list[str]] | None:
    """The C core as `json.encoder` makes it (its arguments are the standard library's own
    call); None where there is none or its arguments differ: `_COMPACT.encode` then."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    try:
        encode: Callable[[object, int], list[str]] = make(
            None, _COMPACT.default, json.encoder.encode_basestring, None, ":", ",", True, False, True
        )
    except TypeError:
        return None
    return encode


_ENCODE = _c_encoder()


def compact_json(data: object) -> str:
    """JSON with sorted keys and no spaces, UTF-8 text kept as it is."""
    if _ENCODE is None:  # a Python without the C encoder
        return _COMPACT.encode(data)
    return "".join(_ENCODE(data, 0))


def script_json(data: object) -> str:
    """JSON that cannot close its <script> element nor open a comment or an entity."""
    return script_safe(compact_json(data))


def script_safe(text: str) -> str:
    """JSON text (`compact_json`, or written by hand as it writes it) made safe in a <script>
    element, as `script_json` writes it."""
    for unsafe in _SCRIPT_UNSAFE:
        if unsafe in text:  # seldom: most values hold none of them
            text = text.replace(unsafe, f"\\u{ord(unsafe):04x}")
    return text


def esc(text: str) -> str:
    """Text as HTML, quotes included (the site's pages use it too)."""
    # Most texts hold none of the five characters: five look-ups cost less than five replacements.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


def options(values: Iterable[tuple[str, str]]) -> str:
    return "".join(f'<option value="{esc(v)}">{esc(label)}</option>\n' for v, label in values)


def shown_cells(row: PublicRow, columns: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The row's columns as the page shows them (failed criteria by their titles, as every table)."""
    return row.cells(columns=columns)


def row_html(
    index: int,
    row: PublicRow,
    grades: Mapping[str, Sequence[str]],
    columns: Sequence[tuple[str, str]],
    cells: Sequence[str] | None = None,
) -> str:
    """The row's line in the table (`cells`: its `shown_cells`, when already known)."""
    cells = shown_cells(row, columns) if cells is None else cells
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


class _PageData:
    """Sets and shared texts of the page's data, numbered by first use as rows come."""

    def __init__(self) -> None:
        self.sets: dict[str, dict[str, Any]] = {}
        self.criteria: dict[str, tuple[tuple[str, str, str], ...]] = {}  # of each key, to compare
        self.texts: dict[str, int] = {"": 0}  # each answer label or justification once, by first use

    def text(self, value: str) -> int:
        return self.texts.setdefault(value, len(self.texts))

    def links(self) -> list[int]:
        """The texts the script may make links of: those that pass the rule of a web address."""
        return [i for value, i in self.texts.items() if is_web_address(value)]

    def number(self, piece: RowPiece) -> None:
        """Number the set and the texts of a streamed row, as `streamed_row` will find them."""
        set_id, title, version, criteria, results, _tail = piece
        self.set_key(set_id, title, version, criteria)
        texts = self.texts  # what `text` does, inlined: some 100 texts a row
        for _start, a, j, u, _end in results:
            if a not in texts:
                texts[a] = len(texts)
            if j not in texts:
                texts[j] = len(texts)
            if u not in texts:
                texts[u] = len(texts)

    def row(self, row: PublicRow, columns: Sequence[tuple[str, str]]) -> dict[str, Any]:
        criteria = tuple((c.id, c.title, c.level) for c in row.criteria)
        key = self.set_key(row.set_id, row.set_title, row.version, criteria)
        return row_data(row, key, self.text, columns)

    def set_key(
        self, set_id: str, title: str, version: str, criteria: tuple[tuple[str, str, str], ...]
    ) -> str:
        """The key of a row's set in the page's set table: a variant when its criteria differ."""
        key = set_id
        n = 0
        while key in self.criteria and self.criteria[key] != criteria:  # not the set's usual list
            n += 1
            key = f"{set_id}#{n}"
        if key not in self.criteria:
            self.criteria[key] = criteria
            self.sets[key] = {"title": title, "version": version, "criteria": [list(c) for c in criteria]}
        return key

    def streamed_row(self, head: str, piece: RowPiece) -> str:
        """`script_json(self.row(row, columns))` of the row `row_piece` cut (`head`: its cells)."""
        set_id, title, version, criteria, results, tail = piece
        key = self.set_key(set_id, title, version, criteria)
        texts = self.texts  # every text of the row was numbered by `number`, in the first pass
        listed = ",".join(f"{start}{texts[a]},{texts[j]},{texts[u]}{end}" for start, a, j, u, end in results)
        return f'{head[:-1]},"results":[{listed}],"set":{script_json(key)},{tail[1:]}'


#: A row's page data as a worker prepares it, all but what depends on the rows before it
#: (the shared text numbers and the set's key) and its cells: see `row_piece`.
RowPiece = tuple[str, str, str, tuple[tuple[str, str, str], ...], list[tuple[str, str, str, str, str]], str]


def row_head(row: PublicRow, columns: Sequence[tuple[str, str]], cells: Sequence[str] | None = None) -> str:
    """The first keys of the row's page data (cells, college, grade, percent), as JSON."""
    return script_json(
        {
            "cells": list(shown_cells(row, columns) if cells is None else cells),
            "college": row.college,
            "grade": row.grade,
            "percent": row.percent,
        }
    )


@functools.lru_cache(maxsize=4096, typed=True)  # few outcomes and credits over many places
def _result_start(outcome: str, credit: float) -> str:
    return script_json([outcome, credit])[:-1] + ","


@functools.lru_cache(maxsize=64)
def _result_end(verification: str) -> str:
    return ("," + script_json(verification) if verification else "") + "]"


def row_piece(row: PublicRow) -> RowPiece:
    """The JSON of `row_data(row, …)` after its head, cut around the parts numbered in
    publishing order. Keys come sorted (cells, college, grade, percent | results | set |
    stage, website), as `script_json` writes them.
    """
    tail = script_json({"stage": row.stage, "website": row.website})
    results = [
        (_result_start(c.outcome, c.credit), c.answer, c.justification, c.url, _result_end(c.verification))
        for c in row.criteria
    ]
    criteria = tuple((c.id, c.title, c.level) for c in row.criteria)
    # Rows of a set list the same criteria: one shared tuple, pickled once per batch of
    # pieces and compared by identity in the parent (`set_key`).
    if len(_SHARED_CRITERIA) > 1024:  # sets of earlier commands in this process
        _SHARED_CRITERIA.clear()
    criteria = _SHARED_CRITERIA.setdefault(criteria, criteria)
    return row.set_id, row.set_title, row.version, criteria, results, tail


#: The criteria lists of the rows seen in this process, each kept once (few: one per set).
_SHARED_CRITERIA: dict[tuple[tuple[str, str, str], ...], tuple[tuple[str, str, str], ...]] = {}


def page_data(rows: Sequence[PublicRow]) -> dict[str, Any]:
    """Rows and, once per criteria set, its criteria (title, level): the page stays small."""
    data = _PageData()
    columns = columns_for(rows)
    items = [data.row(row, columns) for row in rows]
    return {
        "rows": items,
        "sets": data.sets,
        "texts": list(data.texts),
        # The texts the script may make links of: those that pass the rule of a web address.
        "links": data.links(),
        "outcomes": dict(OUTCOME_LABELS),
        "levels": dict(LEVEL_LABELS),
    }


def distinct(values: Iterable[str]) -> list[str]:
    return sorted(set(values), key=lambda v: (fold(v), v))


def grade_choices(
    shown: Iterable[str], grades: Mapping[str, Sequence[str]], sets: Iterable[str] | None = None
) -> list[str]:
    """The grades shown, as the schemes order them (best first), set after set: `sets` in their
    order (the site's: its colleges'), else every set of `grades` by id; a grade no scheme
    gives, after them by name. The grade filter of this page and of the site."""
    shown = set(shown)
    in_order = sorted(grades) if sets is None else sets
    order = list(dict.fromkeys(g for set_id in in_order for g in grades.get(set_id, ()) if g in shown))
    return order + distinct(g for g in shown if g not in order)


class HtmlFormat(OutputFormat):
    name = "html"
    description = "page web autonome : recherche, tri, filtres, détail des critères de chaque lieu"
    extensions = (".html", ".htm")
    languages = frozenset({"fr"})  # the network's texts (set titles, grades) are French
    commands = frozenset({"publish"})

    def render(self, context: RenderContext) -> str:
        rows = rows_of(context)
        grades = context.options.get("grades") or set_grades(context.ratings)
        places = len({r.place_id for r in rows})
        columns = columns_for(rows)
        page = _page(
            context,
            dict(context.header or {}),
            places,
            len(rows),
            {r.college for r in rows},
            {r.grade for r in rows if r.grade is not None},
            {r.stage for r in rows},
            columns,
            rows="".join(row_html(i, r, grades, columns) for i, r in enumerate(rows)),
            data=script_json(page_data(rows)),
            grade_order=grades,
        )
        return page

    # Streaming: each row's table line and detail, written in two passes over the pieces
    # (the table, then the page's data), numbered and shared as `render` does.

    def publish_pieces(
        self, rows: Sequence[PublicRow], ratings: Sequence[Any], context: RenderContext
    ) -> Pieces:
        grades = context.options.get("grades") or {}
        pieces: Pieces = []
        for i, row in enumerate(rows):
            # Each row for both column sets: which one is shown is known once every place is
            # rated. A column's text does not depend on the others: the cells are made once.
            full = shown_cells(row, STREAMED_COLUMNS[-1])
            cells = [full[: len(c)] for c in STREAMED_COLUMNS]
            lines = tuple(
                row_html(0, row, grades, c, shown).removeprefix(_ROW_START)
                for c, shown in zip(STREAMED_COLUMNS, cells, strict=True)
            )
            heads = tuple(row_head(row, c, shown) for c, shown in zip(STREAMED_COLUMNS, cells, strict=True))
            pieces.append((i, (lines, heads, row_piece(row))))
        return pieces

    def publish_stream(
        self, pieces: PieceSource, summary: Summary, context: RenderContext, write: Writer
    ) -> None:
        page = _page(
            context,
            dict(summary.header),
            summary.places,
            summary.rows,
            summary.colleges,
            summary.grades,
            summary.stages,
            summary.columns,
            rows=_ROWS_MARK,
            data=_DATA_MARK,
            grade_order=context.options.get("grades") or set_grades(context.ratings),
        )
        variant = STREAMED_COLUMNS.index(summary.columns)
        before_rows, rest = page.split(_ROWS_MARK)
        between, after_data = rest.split(_DATA_MARK)
        write(before_rows)
        # The texts are numbered in this first pass: the links (of those texts) come
        # before the rows in the page's data.
        data = _PageData()
        for index, (lines, _heads, piece) in enumerate(pieces()):
            write(f'<tr data-i="{index}">' + lines[variant])
            data.number(piece)
        write(between)
        write('{"levels":' + script_json(dict(LEVEL_LABELS)) + ',"links":' + script_json(data.links()))
        write(',"outcomes":' + script_json(dict(OUTCOME_LABELS)) + ',"rows":[')
        for index, (_lines, heads, piece) in enumerate(pieces()):
            write(("," if index else "") + data.streamed_row(heads[variant], piece))
        write('],"sets":' + script_json(data.sets) + ',"texts":' + script_json(list(data.texts)) + "}")
        write(after_data)


_ROW_START = '<tr data-i="0">'
# Stand-ins for the two long parts of the page, replaced by the streamed rows and data.
_ROWS_MARK = "\x00rows\x00"
_DATA_MARK = "\x00data\x00"


def _page(
    context: RenderContext,
    header: Mapping[str, Any],
    places: int,
    row_count: int,
    colleges: Iterable[str],
    grades: Iterable[str],
    stages: Iterable[str],
    columns: Sequence[tuple[str, str]],
    rows: str,
    data: str,
    grade_order: Mapping[str, Sequence[str]],
) -> str:
    date = str(header.get("date") or context.options.get("date") or "")
    generator = str(header.get("generator") or "tlcriteria")
    sets = header.get("sets") or []
    set_text = ", ".join(f"{s['id']} {s['version']}" for s in sets) or "—"
    script = _resource("page.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    # The rows come sorted by college (then name): say so on that column.
    headings = "".join(
        f'<th scope="col"{ASCENDING if key == "college" else ""}>'
        f'<button type="button">{esc(title)}</button></th>\n'
        for key, title in columns
    )
    stages = set(stages)
    stage_values = [s for s in STAGE_LABELS if s in stages]
    stage_values += distinct(s for s in stages if s not in STAGE_LABELS)
    return Template(_resource("page.html")).substitute(
        title=esc(str(context.options.get("title") or DEFAULT_TITLE)),
        generator=esc(generator),
        date=esc(date),
        date_text=esc(long_date(date, "fr")),  # the page is French
        place_count=f"{places} lieu{'x' if places > 1 else ''}",
        sets=esc(set_text),
        row_count=f"{row_count} notation{'s' if row_count > 1 else ''}",
        college_options=options((c, c) for c in distinct(colleges)),
        grade_options=options((g, g) for g in grade_choices(grades, grade_order)),
        stage_options=options((s, STAGE_LABELS.get(s, s)) for s in stage_values),
        headings=headings,
        rows=rows,
        data=data,
        css=_resource("page.css"),
        script=script,
        script_hash=f"sha256-{digest}",
    )


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [HtmlFormat()]
