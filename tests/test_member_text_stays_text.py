"""Text members write (a place's name) and operators give (`--tiles-attribution`) is shown as
text: no tag, link, emphasis or script comes from it, in the map page (headless chromium) nor
in `report` and `advise`'s Markdown (rendered by markdown-it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import html5lib
import pytest
from markdown_it import MarkdownIt

from tlcriteria.cli import main

from .browser import chromium
from .site_network import make_network, publish_site
from .test_publish_browser import require_browser

CREDIT = "<img src=x onerror=alert(9)> © OSM & co"
NAME = "Lieu | colonne <img src=x onerror=alert(1)> [lien](https://evil.example) **gras**"
REPO = Path(__file__).resolve().parent.parent


def test_the_tile_credit_is_shown_as_text_and_runs_nothing(tmp_path):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    require_browser()
    site = tmp_path / "site"
    publish_site(make_network(tmp_path, fillers=0), site, "--tiles-attribution", CREDIT)
    with chromium() as driver:
        driver.get((site / "carte" / "index.html").as_uri())
        WebDriverWait(driver, 10).until(
            lambda d: d.execute_script("return !!document.querySelector('.leaflet-control-attribution')")
        )
        with pytest.raises(TimeoutException):  # the image would fail at once: its onerror, an alert
            WebDriverWait(driver, 3).until(expected_conditions.alert_is_present())
        shown, images = driver.execute_script(
            "var c = document.querySelector('.leaflet-control-attribution');"
            "return [c.textContent, c.querySelectorAll('img').length]"
        )
    assert CREDIT in shown and images == 0


@pytest.fixture
def hostile_network(tmp_path):
    net = tmp_path / "reseau"
    shutil.copytree(REPO / "examples" / "normandie" / "places", net)
    for sig in net.rglob("*.sig"):  # the place is edited: its signature would not hold
        sig.unlink()
    place = net / "la-halle-songeuse.toml"
    text = place.read_text(encoding="utf-8")
    place.write_text(text.replace('name = "La Halle Songeuse"', f'name = "{NAME}"', 1), encoding="utf-8")
    assert NAME in place.read_text(encoding="utf-8")
    return net


def rendered_cells(markdown: str) -> list[list[str]]:
    """The table's cells as a reader sees them, after checking the page holds no markup but
    the table's own."""
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    body = tree.find("body")
    tags = {e.tag for e in body.iter()} - {"body", "table", "thead", "tbody", "tr", "th", "td"}
    assert tags == set(), tags  # no img, a, strong, em, code… from the name
    return [["".join(c.itertext()) for c in tr] for tr in body.iter("tr")]


@pytest.mark.parametrize("command", ["report", "advise"])
def test_report_and_advise_markdown_show_a_name_as_written(runner, hostile_network, command):
    args = [command, str(hostile_network), "--criteria", str(REPO / "criteria"), "--format", "md"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = rendered_cells(result.stdout)
    width = len(rows[0])
    assert all(len(row) == width for row in rows)  # the name's `|` closes no cell
    named = [row for row in rows if any("colonne" in cell for cell in row)]
    assert len(named) == 3 and all(row[0] == NAME for row in named)  # its three colleges
