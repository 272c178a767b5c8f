"""The « S'auto-évaluer » page in Debian's headless chromium, the site served on 127.0.0.1.

Pyodide takes seconds to start: the page is loaded once for the module, and
each test starts from a cleared form through the page's own API
(`window.tlAssess`). The grades the page shows are compared with
`tlcriteria score` on the file it downloads. Skipped without chromium, except in CI.
"""

from __future__ import annotations

import functools
import http.server
import json
import random
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .browser import chromium
from .test_publish_browser import require_browser
from .test_site_browser import axe_violations

REPO = Path(__file__).parents[1]
NETWORK = REPO / "examples" / "normandie"
CRITERIA = REPO / "criteria"
PLACE = NETWORK / "places" / "l-etabli-fictif.toml"
RESUMED = NETWORK / "places" / "la-forge-de-nulle-part.toml"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example network's site, published by the installed command (with the college plugins)."""
    out = tmp_path_factory.mktemp("assess-site") / "public"
    command = Path(sys.executable).parent / "tlcriteria"
    subprocess.run(
        [str(command), "publish", str(NETWORK), "--format", "site", "-o", str(out), "--date", "2026-01-15"],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


def wait_ready(driver: Any) -> None:
    for _ in range(240):
        state = driver.execute_script("return document.documentElement.getAttribute('data-assess')")
        if state == "ready":
            return
        assert state != "failed", driver.find_element("id", "assess-status").text
        time.sleep(0.25)
    raise AssertionError("the page did not become usable in 60 s")


@pytest.fixture(scope="module")
def page(server: str, downloads: Path) -> Iterator[Any]:
    require_browser()
    with chromium(1280, 900) as driver:
        driver.set_script_timeout(60)
        driver.execute_cdp_cmd(
            "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        driver.get(server + "auto-evaluation/index.html")
        wait_ready(driver)
        yield driver


def fresh(driver: Any) -> None:
    """An empty form, nothing kept (what « Tout recommencer » does, without its confirmation)."""
    driver.execute_script("localStorage.clear(); window.tlAssess.call({op: 'open', text: '', name: ''});")


def call(driver: Any, request: dict[str, Any]) -> dict[str, Any]:
    return driver.execute_script("return window.tlAssess.call(arguments[0]);", request)


def type_into(driver: Any, element_id: str, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    field = driver.find_element("id", element_id)
    field.clear()
    field.send_keys(text, Keys.TAB)  # the change event, as a person leaving the field


def shown_grades(driver: Any) -> dict[str, str]:
    return driver.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll('#ratings .rating'))"
        ".map(r => [r.dataset.set, r.querySelector('.grade-value').textContent]));"
    )


def score(path: Path) -> dict[str, str | None]:
    result = CliRunner(env={"LANGUAGE": "en"}).invoke(
        main, ["score", str(path), "--criteria", str(CRITERIA), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    return {r["set"]: r["grade"] for r in (records if isinstance(records, list) else records["ratings"])}


def test_fill_the_form_for_an_example_place_and_download_what_score_rates(page, downloads):
    from selenium.webdriver.support.ui import Select

    fresh(page)
    place = tomllib.loads(PLACE.read_text("utf-8"))
    type_into(page, "f-name", place["place"]["name"])
    type_into(page, "f-town", place["place"]["town"])
    Select(page.find_element("id", "f-stage")).select_by_value("existing")
    page.find_element("id", "college-fablab").click()
    for criterion, raw in place["answers"].items():
        answer = raw if isinstance(raw, dict) else {"value": raw}
        options = page.find_elements("css selector", f'input[name="q-{criterion}"]')
        next(o for o in options if o.get_attribute("value") == answer["value"]).click()
        if "justification" in answer:
            type_into(page, f"q-{criterion}-evidence", answer["justification"])
    state = page.execute_script("return window.tlAssess.state();")
    assert state["complete"] and state["problems"] == []
    grades = shown_grades(page)
    page.find_element("id", "download").click()
    target = downloads / "l-etabli-fictif.toml"
    for _ in range(40):
        if target.exists() and target.stat().st_size:
            break
        time.sleep(0.25)
    written = tomllib.loads(target.read_text("utf-8"))
    assert written["answers"] == place["answers"] | {"fab-charte": "esprit"}
    assert grades == score(target) == score(PLACE)
    for _ in range(80):  # the advice follows once the member pauses
        advice = page.execute_script("return window.tlAssess.state().ratings[0].advice;")
        if advice is not None:
            break
        time.sleep(0.25)
    advised = CliRunner(env={"LANGUAGE": "en"}).invoke(
        main, ["advise", str(target), "--criteria", str(CRITERIA), "--format", "json"]
    )
    assert advice["target"] == json.loads(advised.stdout)[0]["target"]
    shown = page.find_element("css selector", '#ratings .rating[data-set="fablab"]').text
    assert all(change in shown for change in advice["changes"])


def test_a_reloaded_tab_finds_its_answers(page):
    fresh(page)
    type_into(page, "f-name", "Le Lieu Gardé")
    page.find_element("id", "college-tiers-lieu").click()
    first = page.find_element("css selector", "#questions input[data-criterion]")
    first.click()
    picked = first.get_attribute("id")
    before = shown_grades(page)
    page.refresh()
    wait_ready(page)
    assert page.find_element("id", "f-name").get_attribute("value") == "Le Lieu Gardé"
    assert page.find_element("id", "college-tiers-lieu").is_selected()
    assert page.find_element("id", picked).is_selected()
    assert shown_grades(page) == before


def test_resume_from_an_existing_place_file(page, tmp_path):
    fresh(page)
    page.find_element("id", "open-file").send_keys(str(RESUMED))
    for _ in range(40):
        if page.find_element("id", "f-name").get_attribute("value"):
            break
        time.sleep(0.25)
    assert page.find_element("id", "f-name").get_attribute("value") == "La Forge de Nulle Part"
    state = page.execute_script("return window.tlAssess.state();")
    assert state["text"] == RESUMED.read_text("utf-8")  # nothing changed yet: the file as it was
    assert shown_grades(page) == score(RESUMED)


def test_nothing_is_fetched_from_outside_the_site(page, server):
    urls = page.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".concat(Array.from(document.querySelectorAll('[src],[href]')).map(e => e.src || e.href));"
    )
    assert any("pyodide.asm.wasm" in u for u in urls) and any("tlcriteria.zip" in u for u in urls)
    outside = [u for u in urls if not u.startswith((server, "blob:"))]
    assert outside == []


def test_the_page_passes_axe(page):
    fresh(page)
    page.find_element("id", "college-fablab").click()
    call(page, {"op": "answer", "criterion": "fab-charte", "text": "zzz"})  # an error on show too
    assert axe_violations(page) == []


def test_property_random_answers_through_the_pages_api_rate_as_the_cli(page, tmp_path):
    rng = random.Random(18)
    for number in range(5):
        fresh(page)
        colleges = rng.sample(["coworking", "fablab", "tiers-lieu"], rng.randint(1, 3))
        identity = [("name", f"Lieu {number}"), ("town", "Caen"), ("stage", "existing")]
        identity.append(("colleges", ", ".join(colleges)))
        requests: list[dict[str, Any]] = [{"op": "identity", "field": f, "text": t} for f, t in identity]
        state = call(page, {"op": "batch", "requests": requests})["state"]
        requests = []
        for q in state["questions"]:
            move = rng.choice(["skip", "value", "value", "na"] if q["na"] else ["skip", "value"])
            if move == "na":
                requests.append({"op": "answer", "criterion": q["id"], "na": True})
            elif move == "value" and q["control"].get("options"):
                values = [o["value"] for o in q["control"]["options"]]
                many = q["control"]["control"] == "several"
                picked = rng.sample(values, rng.randint(0, len(values))) if many else [rng.choice(values)]
                requests.append({"op": "answer", "criterion": q["id"], "picked": picked})
            elif move == "value":
                requests.append({"op": "answer", "criterion": q["id"], "text": str(rng.randint(0, 50))})
        reply = call(page, {"op": "batch", "requests": requests})
        assert reply["error"] is None
        requests = []
        for q in reply["state"]["questions"]:
            if q["evidence"] != "none" and rng.random() < 0.7:
                text = "https://preuve.example.org/" if q["evidence"] == "url" else "Voir le compte rendu"
                requests.append({"op": "evidence", "criterion": q["id"], "text": text})
        state = call(page, {"op": "batch", "requests": requests})["state"]
        path = tmp_path / f"lieu-{number}.toml"
        path.write_text(state["text"], "utf-8")
        assert {r["set"]: r["grade"] for r in state["ratings"]} == score(path)


def test_without_javascript_the_page_says_how_to_use_assess(server):
    require_browser()
    with chromium(390, 900, javascript=False) as driver:
        driver.get(server + "auto-evaluation/index.html")
        text = driver.find_element("tag name", "main").text
    assert "tlcriteria assess" in text
