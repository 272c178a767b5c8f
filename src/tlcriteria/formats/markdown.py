"""`md`: a GitHub-flavoured Markdown table of the public ratings.

Every character with an inline meaning in CommonMark or GFM (`\\ | * _ [ ]
< > & ` ~ $`) is backslash-escaped, so a name can neither close a cell nor
start a link, an emphasis, an HTML tag, an entity or a code span. Block syntax
(`#`, `-`, `>` at line start) cannot apply: a cell never starts a line.

GFM also turns bare web and mail addresses into links (its "extended
autolinks": `https://…`, `www.…`, `name@host`): a name written
`… https://evil.example/phish` would be a live link in the published table.
The character each of them hinges on is escaped too (`https\\://`, `www\\.`,
`name\\@host`): the reader sees the same text, and no parser sees an address
(an escaped character is a text of its own, never part of an autolink), as
mediawiki's `https&#58;` and geojson do for their readers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .. import hookimpl
from ..interfaces import OutputFormat, RenderContext
from ..publish import Pieces, PieceSource, PublicRow, Summary, Writer, columns_for, rows_of
from .streamed import Remembered, for_both_column_sets, write_shown

#: Inline syntax, and the hinge of each GFM autolink: `:` before `//`, the dot of `www.`, `@`.
_SPECIAL = re.compile(r"([\\|*_\[\]<>&`~$@]|:(?=//)|(?<=[wW]{3})\.)")


def escape_cell(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def markdown_text(text: object) -> str:
    """Member text in Markdown: escaped as `publish --format md` escapes it, on one line."""
    return escape_cell(" ".join(str(text).splitlines()))


#: Cells escaped, kept from row to row.
_ESCAPED = Remembered(escape_cell)


def table_line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(map(_ESCAPED.__getitem__, cells)) + " |"


class MarkdownFormat(OutputFormat):
    name = "md"
    description = "tableau Markdown (GitHub) des notations publiques"
    extensions = (".md", ".markdown")
    languages = frozenset({"fr"})  # the network's texts (set titles, grades) are French
    commands = frozenset({"publish"})
    #: `publish` need not build the rows' criteria lines: this table shows none.
    publish_rows = False

    def render(self, context: RenderContext) -> str:
        rows = rows_of(context)
        columns = columns_for(rows)
        lines = [*_head(columns), *(table_line(row.cells(columns=columns)) for row in rows)]
        return "\n".join(lines) + "\n"

    def publish_pieces(
        self, rows: Sequence[PublicRow], ratings: Sequence[Any], context: RenderContext
    ) -> Pieces:
        return for_both_column_sets(
            rows,
            lambda row, columns: list(map(_ESCAPED.__getitem__, row.cells(columns=columns))),
            lambda escaped: "| " + " | ".join(escaped) + " |\n",  # table_line of the cells
        )

    def publish_stream(
        self, pieces: PieceSource, summary: Summary, context: RenderContext, write: Writer
    ) -> None:
        write("".join(line + "\n" for line in _head(summary.columns)))
        write_shown(pieces, summary, write)


def _head(columns: Sequence[tuple[str, str]]) -> tuple[str, str]:
    return (
        table_line([title for _, title in columns]),
        "| " + " | ".join("---:" if key == "percent" else "---" for key, _ in columns) + " |",
    )


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [MarkdownFormat()]
