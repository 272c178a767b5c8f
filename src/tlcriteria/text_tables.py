"""A report's rows as a Markdown table or as aligned columns for a terminal."""

from __future__ import annotations

from collections.abc import Sequence


def text_table(headings: Sequence[str], table: Sequence[Sequence[str]], fmt: str) -> str:
    """`fmt` "md": a Markdown table, each cell text (escaped as `publish --format md` escapes
    names: no tag, link or emphasis comes from a place's name); anything else: plain columns."""
    if fmt == "md":
        from .formats.markdown import markdown_text  # not loaded for a terminal table (nor in the browser)

        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(markdown_text(c) for c in cells) + " |"

        return "\n".join([line(headings), line(["---"] * len(headings)), *map(line, table)]) + "\n"
    widths = [max(len(x) for x in column) for column in zip(headings, *table, strict=True)]
    return (
        "\n".join(
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [headings, *table]
        )
        + "\n"
    )
