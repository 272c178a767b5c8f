"""`mediawiki`: a `{| class="wikitable sortable"` table to paste into the network's wiki.

Wikitext has no single escape character, so every character that could mean
something to the parser (table syntax `| ! {{ }}`, links `[ ]`, tags `< >`,
entities `&`, quotes `'`, signatures `~`, magic words `__`, line-start
markup `* # : ;`) is written as a numeric HTML entity: the wiki shows it
as the character itself and never interprets it. The percent column carries
`data-sort-value` so that the sortable table sorts it as a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import hookimpl
from ..interfaces import OutputFormat, RenderContext
from ..publish import Pieces, PieceSource, PublicRow, Summary, Writer, columns_for, rows_of
from .streamed import Remembered, for_both_column_sets, write_shown

_SPECIAL = frozenset("|!{}[]<>&'~_*#:;")


def escape_wikitext(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c in _SPECIAL else c for c in text)


#: Cells escaped, kept from row to row.
_ESCAPED = Remembered(escape_wikitext)


class MediaWikiFormat(OutputFormat):
    name = "mediawiki"
    description = "tableau wiki triable (wikitable sortable) à coller dans MediaWiki"
    extensions = (".wiki", ".mediawiki", ".wikitext")
    languages = frozenset({"fr"})  # the network's texts (set titles, grades) are French
    commands = frozenset({"publish"})
    #: `publish` need not build the rows' criteria lines: this table shows none.
    publish_rows = False

    def render(self, context: RenderContext) -> str:
        rows = rows_of(context)
        columns = columns_for(rows)
        lines = _head(columns)
        for row in rows:
            lines.extend(_row_lines(row, columns))
        lines.append("|}")
        return "\n".join(lines) + "\n"

    def publish_pieces(
        self, rows: Sequence[PublicRow], ratings: Sequence[Any], context: RenderContext
    ) -> Pieces:
        return for_both_column_sets(rows, _row_cells, lambda cells: "|-\n" + "\n".join(cells) + "\n")

    def publish_stream(
        self, pieces: PieceSource, summary: Summary, context: RenderContext, write: Writer
    ) -> None:
        write("".join(line + "\n" for line in _head(summary.columns)))
        write_shown(pieces, summary, write)
        write("|}\n")


def _head(columns: Sequence[tuple[str, str]]) -> list[str]:
    lines = ['{| class="wikitable sortable"', "|-"]
    for key, title in columns:
        sort_type = ' data-sort-type="number" |' if key == "percent" else ""
        lines.append(f"!{sort_type} {escape_wikitext(title)}")
    return lines


def _row_lines(row: PublicRow, columns: Sequence[tuple[str, str]]) -> list[str]:
    return ["|-", *_row_cells(row, columns)]


def _row_cells(row: PublicRow, columns: Sequence[tuple[str, str]]) -> list[str]:
    lines = []
    for (key, _), cell in zip(columns, row.cells(columns=columns), strict=True):
        text = _ESCAPED[cell]
        if key == "percent":
            sort_value = "" if row.percent is None else f"{row.percent:.1f}"
            lines.append(f'| data-sort-value="{sort_value}" | {text}')
        else:
            lines.append(f"| {text}")
    return lines


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [MediaWikiFormat()]
