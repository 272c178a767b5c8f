"""`csv`: the public ratings for spreadsheets.

Two dialects (option `csv_dialect`, CLI `--csv-dialect`):

- `excel` (default): UTF-8, comma separator, decimal point;
- `fr`: what a French spreadsheet opens without an import dialog: semicolon
  separator, decimal comma, UTF-8 with a byte-order mark.

Both end lines with CRLF (RFC 4180) and quote cells only where needed. A
cell a spreadsheet would run as a formula (first character `= + - @`, tab or
carriage return) is neutralised with a leading apostrophe, and so is a cell
that already starts with an apostrophe, so the rule can be undone exactly:
drop one leading `'`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from .. import hookimpl
from ..interfaces import OutputFormat, RenderContext
from ..publish import Pieces, PieceSource, PublicRow, Summary, Writer, columns_for, rows_of
from .streamed import Remembered, for_both_column_sets, write_shown

DIALECTS = {
    "excel": {"delimiter": ",", "decimal": ".", "bom": ""},
    "fr": {"delimiter": ";", "decimal": ",", "bom": "\ufeff"},
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
_FORMULA_FIRSTS = frozenset(FORMULA_STARTS)  # one character each: a set lookup of the first


def neutralise(cell: str) -> str:
    """A cell no spreadsheet runs as a formula."""
    return "'" + cell if cell[:1] in _FORMULA_FIRSTS else cell


def written(cell: str, delimiter: str) -> str:
    """A cell as `csv.writer` writes it in a line (minimal quoting: where it holds the delimiter,
    a quote or a line break; quotes doubled), neutralised first."""
    cell = neutralise(cell)
    if delimiter in cell or '"' in cell or "\r" in cell or "\n" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


class CellTexts(Remembered):
    """Cells as one dialect writes them (`written`), each worked out once."""

    def __init__(self, delimiter: str) -> None:
        super().__init__(functools.partial(written, delimiter=delimiter))
        self.delimiter = delimiter

    def line(self, cells: Sequence[str]) -> str:
        """`cells` as `csv.writer` writes them, line end (CRLF) included."""
        if len(cells) == 1 and not cells[0]:
            return '""\r\n'  # a line of one empty cell would be a blank line: csv.writer quotes it
        return self.delimiter.join(map(self.__getitem__, cells)) + "\r\n"


#: The cells written in each dialect, kept from call to call (publish calls place by place).
_CELL_TEXTS = {name: CellTexts(dialect["delimiter"]) for name, dialect in DIALECTS.items()}


def restore(cell: str) -> str:
    """The inverse of `neutralise`, for readers of the file."""
    return cell[1:] if cell.startswith("'") else cell


class CsvFormat(OutputFormat):
    name = "csv"
    description = "tableur (CSV UTF-8 ; --csv-dialect fr : point-virgule, virgule décimale, BOM)"
    extensions = (".csv",)
    languages = frozenset({"fr"})  # the network's texts (set titles, grades) are French
    commands = frozenset({"publish"})
    #: `publish` need not build the rows' criteria lines: this table shows none.
    publish_rows = False

    def render(self, context: RenderContext) -> str:
        dialect, texts = _dialect(context)
        rows = rows_of(context)
        columns = columns_for(rows)
        lines = [dialect["bom"], texts.line([title for _, title in columns])]
        lines.extend(texts.line(row.cells(decimal=dialect["decimal"], columns=columns)) for row in rows)
        return "".join(lines)

    def publish_pieces(
        self, rows: Sequence[PublicRow], ratings: Sequence[Any], context: RenderContext
    ) -> Pieces:
        dialect, texts = _dialect(context)
        decimal, delimiter = dialect["decimal"], dialect["delimiter"]
        return for_both_column_sets(
            rows,
            lambda row, columns: list(map(texts.__getitem__, row.cells(decimal=decimal, columns=columns))),
            lambda cells: delimiter.join(cells) + "\r\n",  # cells already written, eight or more
        )

    def publish_stream(
        self, pieces: PieceSource, summary: Summary, context: RenderContext, write: Writer
    ) -> None:
        dialect, texts = _dialect(context)
        write(dialect["bom"] + texts.line([title for _, title in summary.columns]))
        write_shown(pieces, summary, write)


def _dialect(context: RenderContext) -> tuple[dict[str, str], CellTexts]:
    name = str(context.options.get("csv_dialect") or "excel")
    dialect = DIALECTS.get(name)
    if dialect is None:
        raise ValueError(f"unknown CSV dialect {name!r} (expected one of: {', '.join(DIALECTS)})")
    return dialect, _CELL_TEXTS[name]


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [CsvFormat()]
