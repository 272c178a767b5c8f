"""What the line-by-line table formats (md, mediawiki, csv) share when publish streams.

A row is rendered in the workers for both column sets, since whether any row
shows the freshness column is known only once every place is rated; the parent
then writes, for each row, the text of the column set the summary settled on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..publish import STREAMED_COLUMNS, Pieces, PieceSource, PublicRow, Summary, Writer

Columns = Sequence[tuple[str, str]]


class Remembered(dict[str, str]):
    """`escape(text)` by text, each worked out once: a table's cells repeat from row to row
    (towns, colleges, grades, percents, titles); `remembered[text]` is the escaped text."""

    def __init__(self, escape: Callable[[str], str]) -> None:
        super().__init__()
        self.escape = escape

    def __missing__(self, text: str) -> str:
        if len(self) > 20_000:  # names, one per place
            self.clear()
        found = self[text] = self.escape(text)
        return found


def for_both_column_sets(
    rows: Sequence[PublicRow],
    cells_of: Callable[[PublicRow, Columns], Sequence[str]],
    join: Callable[[Sequence[str]], str],
) -> Pieces:
    """Each row's text for both column sets, its cells worked out once (`cells_of`, one per
    column, for the wider set): the narrower set is the same but for the freshness column, last."""
    narrow, wide = STREAMED_COLUMNS
    pieces: Pieces = []
    for index, row in enumerate(rows):
        cells = cells_of(row, wide)
        pieces.append((index, (join(cells[: len(narrow)]), join(cells))))
    return pieces


assert STREAMED_COLUMNS[1][:-1] == STREAMED_COLUMNS[0]  # what for_both_column_sets relies on


def write_shown(pieces: PieceSource, summary: Summary, write: Writer) -> None:
    variant = STREAMED_COLUMNS.index(summary.columns)
    for texts in pieces():
        write(texts[variant])
