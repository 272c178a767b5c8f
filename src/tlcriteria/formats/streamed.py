"""What the line-by-line table formats (md, mediawiki, csv) share when publish streams.

A row is rendered in the workers for both column sets, since whether any row
shows the freshness column is known only once every place is rated; the parent
then writes, for each row, the text of the column set the summary settled on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..publish import STREAMED_COLUMNS, Pieces, PieceSource, PublicRow, Summary, Writer

Columns = Sequence[tuple[str, str]]


def for_both_column_sets(rows: Sequence[PublicRow], render: Callable[[PublicRow, Columns], str]) -> Pieces:
    return [(i, tuple(render(row, columns) for columns in STREAMED_COLUMNS)) for i, row in enumerate(rows)]


def write_shown(pieces: PieceSource, summary: Summary, write: Writer) -> None:
    variant = STREAMED_COLUMNS.index(summary.columns)
    for texts in pieces():
        write(texts[variant])
