"""Helpers for the publishing tests: render every format, read each back with a real parser."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import html5lib
import mwparserfromhell
from markdown_it import MarkdownIt

from tlcriteria.formats.csv_format import restore
from tlcriteria.interfaces import RenderContext
from tlcriteria.model import Place
from tlcriteria.place_loading import Loaded, load_places, rate_places
from tlcriteria.publish import STAGE_LABELS, collect, format_percent, header
from tlcriteria.registry import Registry

from .conftest import EXAMPLES

FORMATS = ("md", "mediawiki", "csv", "json", "geojson", "html")


@lru_cache(maxsize=1)
def example_registry() -> Registry:
    from tlcriteria.plugins import build_plugins
    from tlcriteria.registry import build_registry

    return build_registry(build_plugins(entry_points_group=None))


@lru_cache(maxsize=1)
def example_loaded() -> Loaded:
    loaded = load_places(example_registry(), [EXAMPLES / "places"], [EXAMPLES / "criteria"])
    assert loaded.ok, loaded.problems
    return loaded


def render(places: tuple[Place, ...], fmt: str, **options: Any) -> tuple[str, list[str]]:
    """Render `places` (rated against the example catalogue) in `fmt`; (text, warnings)."""
    registry, loaded = example_registry(), example_loaded()
    ratings, rows = collect(rate_places(places, loaded.catalogue, registry), registry.kinds)
    warnings: list[str] = []
    context = RenderContext(
        tuple(ratings),
        places,
        header=header(ratings, "2026-11-29"),
        options={"rows": tuple(rows), "csv_dialect": "excel", "date": "2026-11-29", **options},
        warn=warnings.append,
    )
    data = registry.formats[fmt].render(context)
    return (data.decode("utf-8") if isinstance(data, bytes) else data), warnings


def set_titles(*folders: Path) -> dict[str, str]:
    """Criterion id → title, read from the criteria set files themselves."""
    titles = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            titles.update({c["id"]: c["title"] for c in data.get("criteria", [])})
    return titles


def expected_cells(
    record: dict[str, Any], decimal: str = ",", titles: dict[str, str] | None = None
) -> list[str]:
    """The public cells of a JSON rating record (SPEC §6), written independently of the formats:
    failed criteria are named by their titles (those of the example sets unless `titles` is given)."""
    titles = set_titles(EXAMPLES / "criteria") if titles is None else titles
    return [
        record["name"],
        record["town"],
        STAGE_LABELS[record["stage"]],
        record["set"],
        record["grade"] or "",
        format_percent(record["percent"], decimal),
        ", ".join(titles.get(i, i) for i in record["must_failed"]),
        record["set_version"],
        *trust_cells(record),
    ]


def page_titles(data: dict[str, Any]) -> dict[str, str]:
    """Criterion id → title, from the HTML page's data."""
    return {c[0]: c[1] for s in data["sets"].values() for c in s["criteria"]}


def trust_cells(record: dict[str, Any]) -> list[str]:
    """The trust columns (SPEC §10-§11) a record carries, as the public tables write them."""
    cells = []
    if "signature" in record:
        cells.append(SIGNATURE_LABELS[record["signature"]])
    if "verification" in record:
        overall, peers = record["verification"]["overall"], record["verification"]["peers"]
        cells.append(
            {"self": "auto-évaluation", "disputed": "contestée par un pair"}.get(
                overall, f"vérifiée par {peers} pair{'s' if peers > 1 else ''}"
            )
        )
    if record.get("assessed") or record.get("stale"):
        cells.append(", ".join(filter(None, [record["assessed"], "à actualiser" if record["stale"] else ""])))
    return cells


SIGNATURE_LABELS = {
    "signed": "signé",
    "unsigned": "non signé",
    "wrong-key": "clé d’un autre",
    "changed": "modifié depuis la signature",
    "expired": "clé expirée",
    "wrong-namespace": "signature d’un autre usage",
    "malformed": "signature illisible",
}


# --------------------------------------------------------------------------- readers


def _text(element: Any) -> str:
    return "".join(element.itertext())


def html_tables(markup: str) -> list[list[list[str]]]:
    """Every table of an HTML document as rows of cell texts (header row included)."""
    document = html5lib.parse(markup, namespaceHTMLElements=False)
    return [
        [[_text(cell) for cell in tr if cell.tag in ("td", "th")] for tr in table.iter("tr")]
        for table in document.iter("table")
    ]


def read_md(text: str) -> list[list[str]]:
    md = MarkdownIt("commonmark").enable("table")
    tables = html_tables(md.render(text))
    assert len(tables) == 1, "one table"
    return tables[0]


def read_mediawiki(text: str) -> list[list[str]]:
    code = mwparserfromhell.parse(text)
    tables = code.filter_tags(matches=lambda n: n.tag == "table", recursive=False)
    assert len(tables) == 1, "one table"
    rows = []
    for tr in tables[0].contents.filter_tags(matches=lambda n: n.tag == "tr", recursive=False):
        cells = []
        for cell in tr.contents.filter_tags(matches=lambda n: n.tag in ("td", "th"), recursive=False):
            parts = []
            for node in cell.contents.nodes:
                if isinstance(node, mwparserfromhell.nodes.HTMLEntity):
                    parts.append(node.normalize())
                else:
                    assert isinstance(node, mwparserfromhell.nodes.Text), f"markup in a cell: {node!r}"
                    parts.append(str(node))
            cells.append("".join(parts).strip())
        rows.append(cells)
    return rows


def read_csv(text: str, dialect: str = "excel") -> list[list[str]]:
    if dialect == "fr":
        assert text.startswith("\ufeff")
        text = text[1:]
    delimiter = ";" if dialect == "fr" else ","
    return [
        [restore(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    ]


def read_html_page(text: str) -> tuple[list[list[str]], dict[str, Any], Any]:
    """(the ratings table's rows, the embedded JSON data, the parsed document)."""
    document = html5lib.parse(text, namespaceHTMLElements=False)
    table = next(t for t in document.iter("table") if t.get("id") == "ratings")
    rows = [[_text(c) for c in tr if c.tag in ("td", "th")] for tr in table.iter("tr")]
    script = next(s for s in document.iter("script") if s.get("id") == "data")
    assert script.get("type") == "application/json"
    return rows, json.loads(script.text), document


def check_geojson(data: dict[str, Any]) -> None:
    """RFC 7946 structure, as uMap needs it: Points in longitude, latitude order."""
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    assert "crs" not in data
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(feature["properties"]["name"], str)
        assert feature["properties"]["_umap_options"]["color"].startswith("#")
