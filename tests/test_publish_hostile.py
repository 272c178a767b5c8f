"""Hostile names and justifications round-trip through every format as plain text.

Whatever a member types (`|`, `{{`, `<script>`, quotes, `=cmd`, line breaks,
right-to-left marks, very long strings), each format's real parser gives back
exactly the text, and nothing of it becomes markup.
"""

from __future__ import annotations

import json

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tlcriteria.formats.csv_format import neutralise, restore
from tlcriteria.model import Answer
from tlcriteria.publish import clean_text

from .publishing import (
    check_geojson,
    example_loaded,
    read_csv,
    read_html_page,
    read_md,
    read_mediawiki,
    render,
)

HOSTILE = [
    "|",
    "||",
    "{{",
    "}}",
    "{|",
    "|}",
    "|-",
    "!",
    "!!",
    "[[",
    "]]",
    "[",
    "]",
    "<script>",
    "</script>",
    "<img src=x onerror=window.__pwned=1>",
    '"',
    "'",
    "''",
    "'''",
    "\n",
    "\r\n",
    "\t",
    "=cmd",
    "=1+1",
    "+",
    "-",
    "@SUM(A1)",
    "\u200f",
    "\u200e",
    "\u202e",
    "\u2066",
    "&amp;",
    "&",
    "&#124;",
    "<!--",
    "-->",
    "~~~~",
    "__NOTOC__",
    "*",
    "_",
    "`",
    "\\",
    "#",
    ";",
    ":",
    "----",
    "<nowiki>",
    "$",
    "http://x.org",
    "\u00a0",
    "\u2028",
    "\x00",
    "Évreux",
    "œ",
    "x" * 3000,
]

hostile_text = (
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), min_size=1, max_size=8)
    .map("".join)
    .filter(lambda t: clean_text(t) != "")
)

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def hostile_place(name: str, town: str, justification: str):
    """The example place rated in both colleges, renamed, with a hostile justification."""
    base = next(p for p in example_loaded().places if p.id == "la-fabrique-exemple")
    answers = dict(base.answers)
    answers["co-construction"] = Answer(value=3, justification=justification)
    return attrs.evolve(base, name=name, town=town, answers=answers, website="https://example.org/a")


def body_rows(rows: list[list[str]]) -> list[list[str]]:
    return [r for r in rows[1:]]


@SETTINGS
@given(name=hostile_text, town=hostile_text)
def test_markdown_round_trip(name, town):
    text, _ = render((hostile_place(name, town, "ok"),), "md")
    rows = body_rows(read_md(text))
    assert len(rows) == 2 and all(len(r) == 8 for r in rows)
    for row in rows:
        assert row[0] == clean_text(name) and row[1] == clean_text(town)


@SETTINGS
@given(name=hostile_text, town=hostile_text)
def test_mediawiki_round_trip(name, town):
    text, _ = render((hostile_place(name, town, "ok"),), "mediawiki")
    rows = body_rows(read_mediawiki(text))  # fails on any markup node in a cell
    assert len(rows) == 2 and all(len(r) == 8 for r in rows)
    for row in rows:
        assert row[0] == clean_text(name) and row[1] == clean_text(town)


@SETTINGS
@given(name=hostile_text, town=hostile_text, dialect=st.sampled_from(["excel", "fr"]))
def test_csv_round_trip_and_no_formula(name, town, dialect):
    text, _ = render((hostile_place(name, town, "ok"),), "csv", csv_dialect=dialect)
    import csv
    import io

    raw = list(
        csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";" if dialect == "fr" else ",")
    )
    for row in raw:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    rows = body_rows(read_csv(text, dialect))
    assert len(rows) == 2 and all(len(r) == 8 for r in rows)
    for row in rows:
        assert row[0] == clean_text(name) and row[1] == clean_text(town)


@given(st.text())
def test_csv_neutralisation_is_undone_exactly(cell):
    assert restore(neutralise(cell)) == cell
    assert not neutralise(cell).startswith(("=", "+", "-", "@", "\t", "\r"))


@SETTINGS
@given(name=hostile_text, town=hostile_text)
def test_json_and_geojson_round_trip(name, town):
    place = hostile_place(name, town, "ok")
    data = json.loads(render((place,), "json")[0])
    assert [r["name"] for r in data["ratings"]] == [name, name]  # records keep the text as written
    assert [r["town"] for r in data["ratings"]] == [town, town]
    geo = json.loads(render((place,), "geojson")[0])
    check_geojson(geo)
    props = geo["features"][0]["properties"]
    assert props["name"] == clean_text(name) and props["town"] == clean_text(town)
    # uMap markup in the description is the tool's own, never the member's text
    for mark in ("[[", "]]", "{{", "}}"):
        assert props["description"].count(mark) == (1 if mark in ("[[", "]]") else 0)


@SETTINGS
@given(name=hostile_text, town=hostile_text, justification=hostile_text)
def test_html_round_trip_and_no_markup(name, town, justification):
    text, _ = render((hostile_place(name, town, justification),), "html")
    rows, data, document = read_html_page(text)
    rows = body_rows(rows)
    assert len(rows) == 2 and all(len(r) == 8 for r in rows)
    for row, item in zip(rows, data["rows"], strict=True):
        assert row[0] == clean_text(name) and row[1] == clean_text(town)
        assert item["cells"][0] == clean_text(name)
    shown = [
        data["texts"][result[3]]
        for r in data["rows"]
        for criterion, result in zip(data["sets"][r["set"]]["criteria"], r["results"], strict=True)
        if criterion[0] == "co-construction"
    ]
    assert shown == [clean_text(justification)]
    # nothing the member wrote became an element or an attribute
    scripts = list(document.iter("script"))
    assert len(scripts) == 2
    assert all(el.tag != "img" for el in document.iter())
    for el in document.iter():
        assert not any(a.lower().startswith("on") for a in el.attrib), el.attrib


def test_umap_description_links_only_plain_web_addresses():
    from tlcriteria.formats.geojson import umap_safe

    for website, linked in [
        ("https://example.org/lieu", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("https://café.example/à-propos", True),
        ("javascript:alert(1)", False),
        ("https://x.org|{{https://evil.example/img.png}}", False),
        ("https://x.org]] **gras**", False),
        ('https://x.example/" onclick="alert(1)', False),
        ("https://x.example/\njavascript:alert(1)", False),
        ("http://localhost:8080/", False),
        ("https://[2001:db8::1]/", False),  # a good address, but uMap's [[…]] cannot hold brackets
    ]:
        place = attrs.evolve(hostile_place("Lieu", "Caen", "ok"), website=website)
        props = json.loads(render((place,), "geojson")[0])["features"][0]["properties"]
        assert ("[[" in props["description"]) == linked, website
        assert props["website"] == clean_text(website)  # the plain property keeps it as written
    assert umap_safe("**A** [[x|y]] {{img}} # titre --- fin") == "A xy img  titre - fin"


#: (website or url, linked): the rule of weburl.py decides, not the page's script.
LINKS = [
    ("https://example.org/lieu", True),
    ("HTTPS://EXAMPLE.ORG/", True),
    ("https://[2001:db8::1]:8080/bilan", True),
    ("javascript:alert(1)", False),
    ('https://x.example/" onclick="alert(1)', False),
    ("https://x.example/\njavascript:alert(1)", False),
    ("http://localhost:8080/", False),
    ("https://user@example.org/", False),
    ("www.exemple.fr", False),
]


def test_html_page_links_only_what_passes_the_rule():
    base = hostile_place("Lieu", "Caen", "ok")
    for address, linked in LINKS:
        answers = dict(base.answers)
        answers["co-construction"] = Answer(value=3, justification="ok", url=address)
        place = attrs.evolve(base, website=address, answers=answers)
        _, data, _ = read_html_page(render((place,), "html")[0])
        assert all(row["website"] == (clean_text(address) if linked else "") for row in data["rows"]), address
        urls = [result[4] for row in data["rows"] for result in row["results"] if data["texts"][result[4]]]
        assert urls and all((index in data["links"]) == linked for index in urls), address
