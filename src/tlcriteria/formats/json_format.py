"""`json`: rating records (SPEC §6); with a header when publishing."""

from __future__ import annotations

import json
from typing import Any

from .. import hookimpl
from ..interfaces import OutputFormat, RenderContext
from ..record import rating_record


def dumps(data: Any) -> str:
    """Deterministic JSON: sorted keys, UTF-8 text kept readable, final newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


class JsonFormat(OutputFormat):
    name = "json"
    description = "liste des notations (enregistrements JSON du SPEC §6)"
    extensions = (".json",)

    def render(self, context: RenderContext) -> str:
        records = [rating_record(r) for r in context.ratings]
        if context.header is None:
            return dumps(records)
        return dumps({"header": dict(context.header), "ratings": records})


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [JsonFormat()]
