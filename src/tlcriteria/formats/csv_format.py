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

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import hookimpl
from ..interfaces import OutputFormat, RenderContext
from ..publish import Pieces, PieceSource, PublicRow, Summary, Writer, columns_for, rows_of
from .streamed import for_both_column_sets, write_shown

if TYPE_CHECKING:
    import _csv

DIALECTS = {
    "excel": {"delimiter": ",", "decimal": ".", "bom": ""},
    "fr": {"delimiter": ";", "decimal": ",", "bom": "\ufeff"},
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(cell: str) -> str:
    """A cell no spreadsheet runs as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore(cell: str) -> str:
    """The inverse of `neutralise`, for readers of the file."""
    return cell[1:] if cell.startswith("'") else cell


class CsvFormat(OutputFormat):
    name = "csv"
    description = "tableur (CSV UTF-8 ; --csv-dialect fr : point-virgule, virgule décimale, BOM)"
    extensions = (".csv",)
    commands = frozenset({"publish"})

    def render(self, context: RenderContext) -> str:
        dialect = _dialect(context)
        out = io.StringIO()
        out.write(dialect["bom"])
        writer = _writer(out, dialect)
        rows = rows_of(context)
        columns = columns_for(rows)
        writer.writerow([neutralise(title) for _, title in columns])
        for row in rows:
            writer.writerow([neutralise(c) for c in row.cells(decimal=dialect["decimal"], columns=columns)])
        return out.getvalue()

    def publish_pieces(
        self, rows: Sequence[PublicRow], ratings: Sequence[Any], context: RenderContext
    ) -> Pieces:
        dialect = _dialect(context)
        out = io.StringIO()  # one buffer and writer for every line of the call
        writer = _writer(out, dialect)

        def line(cells: Sequence[str]) -> str:
            out.seek(0)
            out.truncate()
            writer.writerow(cells)
            return out.getvalue()

        return for_both_column_sets(
            rows,
            lambda row, columns: [
                neutralise(c) for c in row.cells(decimal=dialect["decimal"], columns=columns)
            ],
            line,
        )

    def publish_stream(
        self, pieces: PieceSource, summary: Summary, context: RenderContext, write: Writer
    ) -> None:
        dialect = _dialect(context)
        out = io.StringIO()
        out.write(dialect["bom"])
        _writer(out, dialect).writerow([neutralise(title) for _, title in summary.columns])
        write(out.getvalue())
        write_shown(pieces, summary, write)


def _dialect(context: RenderContext) -> dict[str, str]:
    name = str(context.options.get("csv_dialect") or "excel")
    dialect = DIALECTS.get(name)
    if dialect is None:
        raise ValueError(f"unknown CSV dialect {name!r} (expected one of: {', '.join(DIALECTS)})")
    return dialect


def _writer(out: io.StringIO, dialect: dict[str, str]) -> _csv.Writer:
    return csv.writer(out, delimiter=dialect["delimiter"], lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [CsvFormat()]
