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
from ..publish import COLUMNS, Pieces, PieceSource, PublicRow, Summary, Writer, rows_of

_SPECIAL = frozenset("|!{}[]<>&'~_*#:;")


def escape_wikitext(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c in _SPECIAL else c for c in text)


class MediaWikiFormat(OutputFormat):
    name = "mediawiki"
    description = "tableau wiki triable (wikitable sortable) à coller dans MediaWiki"
    extensions = (".wiki", ".mediawiki", ".wikitext")
    commands = frozenset({"publish"})

    def render(self, context: RenderContext) -> str:
        lines = _head()
        for row in rows_of(context):
            lines.extend(_row_lines(row))
        lines.append("|}")
        return "\n".join(lines) + "\n"

    def publish_pieces(
        self, rows: Sequence[PublicRow], ratings: Sequence[Any], context: RenderContext
    ) -> Pieces:
        return [(i, "".join(line + "\n" for line in _row_lines(row))) for i, row in enumerate(rows)]

    def publish_stream(
        self, pieces: PieceSource, summary: Summary, context: RenderContext, write: Writer
    ) -> None:
        write("".join(line + "\n" for line in _head()))
        for text in pieces():
            write(text)
        write("|}\n")


def _head() -> list[str]:
    lines = ['{| class="wikitable sortable"', "|-"]
    for key, title in COLUMNS:
        sort_type = ' data-sort-type="number" |' if key == "percent" else ""
        lines.append(f"!{sort_type} {escape_wikitext(title)}")
    return lines


def _row_lines(row: PublicRow) -> list[str]:
    lines = ["|-"]
    for key, _ in COLUMNS:
        text = escape_wikitext(row.value(key))
        if key == "percent":
            sort_value = "" if row.percent is None else f"{row.percent:.1f}"
            lines.append(f'| data-sort-value="{sort_value}" | {text}')
        else:
            lines.append(f"| {text}")
    return lines


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [MediaWikiFormat()]
