"""The « S'auto-évaluer » page in Debian's headless chromium, the site served on 127.0.0.1.

Pyodide takes seconds to start: the page is loaded once for the module, and
each test starts from a cleared form through the page's own API
(`window.tlAssess`, whose calls are promises: the engine runs in a Web
Worker; `idle()` waits for the answers to what was asked, the form drawn).
The grades the page shows are compared with `tlcriteria score` on the file it
downloads. Skipped without chromium, except in CI.
"""

from __future__ import annotations

import functools
import http.server
import json
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
from hypothesis import given, settings
from hypothesis import strategies as st

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
    driver.execute_script(
        "localStorage.clear(); return window.tlAssess.call({op: 'open', text: '', name: ''});"
    )


def call(driver: Any, request: dict[str, Any]) -> dict[str, Any]:
    """One request to the engine; selenium waits for the page's promise."""
    return driver.execute_script("return window.tlAssess.call(arguments[0]);", request)


def settled(driver: Any) -> dict[str, Any]:
    """The state once the engine has answered everything the page asked (the form drawn)."""
    return driver.execute_script("return window.tlAssess.idle();")


def type_into(driver: Any, element_id: str, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    field = driver.find_element("id", element_id)
    field.clear()
    field.send_keys(text, Keys.TAB)  # the change event, as a person leaving the field
    settled(driver)


def click(driver: Any, element_id: str) -> None:
    driver.find_element("id", element_id).click()
    settled(driver)


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
    about = place["place"]
    type_into(page, "f-name", about["name"])
    type_into(page, "f-town", about["town"])
    Select(page.find_element("id", "f-stage")).select_by_value("existing")
    settled(page)
    type_into(page, "f-coords", f"{about['lat']} {about['lon']}")
    type_into(page, "f-website", about["website"])
    type_into(page, "f-description", about["description"])
    for key in ("publics", "services"):  # all the network's usual words: ticked in its list
        for box in page.find_elements("css selector", f"#f-{key}-usual input"):
            if box.get_attribute("value") in about[key]:
                box.click()
                settled(page)
    type_into(page, "f-opening_hours", about["opening_hours"])
    type_into(page, "f-contact-name", place["contact"]["name"])
    type_into(page, "f-contact-email", place["contact"]["email"])
    click(page, "college-fablab")
    for criterion, raw in place["answers"].items():
        answer = raw if isinstance(raw, dict) else {"value": raw}
        options = page.find_elements("css selector", f'input[name="q-{criterion}"]')
        next(o for o in options if o.get_attribute("value") == answer["value"]).click()
        settled(page)
        if "justification" in answer:
            type_into(page, f"q-{criterion}-evidence", answer["justification"])
    state = settled(page)
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
    assert {k: v for k, v in written["place"].items() if k != "assessed"} == about
    assert written["contact"] == place["contact"]
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
    type_into(page, "f-services-own", "Jardin partagé")
    click(page, "college-tiers-lieu")
    first = page.find_element("css selector", "#questions input[data-criterion]")
    first.click()
    settled(page)
    picked = first.get_attribute("id")
    before = shown_grades(page)
    page.refresh()
    wait_ready(page)
    assert page.find_element("id", "f-name").get_attribute("value") == "Le Lieu Gardé"
    assert page.find_element("id", "f-services-own").get_attribute("value") == "Jardin partagé"
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
    state = settled(page)
    assert state["text"] == RESUMED.read_text("utf-8")  # nothing changed yet: the file as it was
    assert shown_grades(page) == score(RESUMED)


def test_the_identity_card_says_what_the_questionnaire_says(page):
    """The network's area and words, as `assess` applies them: a note, a refusal, a word ticked."""
    fresh(page)
    type_into(page, "f-coords", "-0.37 49.18")
    assert "inversées" in page.find_element("id", "f-coords-error").text
    assert page.find_element("id", "f-coords").get_attribute("aria-invalid") == "true"
    type_into(page, "f-coords", "45.76 4.83")
    note = page.find_element("id", "f-coords-note").text
    assert note.startswith("Gardées, mais 45.76, 4.83 est hors de la zone")
    assert page.find_element("id", "f-coords").get_attribute("aria-invalid") is None
    type_into(page, "f-publics-own", "Etudiants, artistes")
    note = page.find_element("id", "f-publics-note").text
    assert note == "« Etudiants » est écrit « étudiants », comme l’écrit le réseau."
    assert page.find_element("css selector", '#f-publics-usual input[value="étudiants"]').is_selected()
    assert page.find_element("id", "f-publics-own").get_attribute("value") == "artistes"
    state = settled(page)
    assert state["identity"]["publics"] == ["étudiants", "artistes"]
    assert state["identity"]["coords"] == "45.76, 4.83"


def test_an_engine_failure_is_one_line_and_the_page_goes_on(page):
    fresh(page)
    failure = page.execute_script(
        "return window.tlAssess.call({op: 'answer'}).then(() => null, (e) => e.message);"
    )
    assert "KeyError: 'criterion'" in failure  # a request the page never sends
    said = page.find_element("id", "assess-status").text
    assert (
        said
        == "Le moteur d’évaluation a échoué : KeyError: 'criterion'. Les réponses données avant restent gardées dans ce navigateur."
    )
    assert (
        call(page, {"op": "identity", "field": "town", "text": "Caen"})["state"]["identity"]["town"] == "Caen"
    )


def test_nothing_is_fetched_from_outside_the_site(page, server):
    urls = page.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".concat(Array.from(document.querySelectorAll('[src],[href]')).map(e => e.src || e.href));"
    )
    urls += [r["name"] for r in page.execute_script("return window.tlAssess.resources();")]  # the worker's
    assert any("pyodide.asm.wasm" in u for u in urls) and any("tlcriteria.zip" in u for u in urls)
    outside = [u for u in urls if not u.startswith((server, "blob:"))]
    assert outside == []


def test_the_page_passes_axe(page):
    fresh(page)
    click(page, "college-fablab")
    type_into(page, "f-coords", "-0.37 49.18")  # a refusal on show too
    type_into(page, "f-publics-own", "Etudiants")  # and a note
    assert axe_violations(page) == []


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("property")


@st.composite
def answers(draw: st.DrawFn, questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Random answers to the page's questions: a value, n/a or nothing each."""
    requests: list[dict[str, Any]] = []
    for q in questions:
        move = draw(st.sampled_from(["skip", "value", "value", "na"] if q["na"] else ["skip", "value"]))
        control = q["control"]
        if move == "na":
            requests.append({"op": "answer", "criterion": q["id"], "na": True})
        elif move == "value" and control.get("options"):
            values = [o["value"] for o in control["options"]]
            picked = (
                draw(st.lists(st.sampled_from(values), unique=True, max_size=len(values)))
                if control["control"] == "several"
                else [draw(st.sampled_from(values))]
            )
            requests.append({"op": "answer", "criterion": q["id"], "picked": picked})
        elif move == "value":
            requests.append({"op": "answer", "criterion": q["id"], "text": str(draw(st.integers(0, 50)))})
    return requests


#: Pyodide's engine is slow next to CPython's: ten examples keep the file near half a minute.
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_property_random_answers_through_the_pages_api_rate_as_the_cli(page, scratch, data):
    fresh(page)
    colleges = data.draw(
        st.lists(st.sampled_from(["coworking", "fablab", "tiers-lieu"]), min_size=1, unique=True)
    )
    identity = [("name", "Lieu"), ("town", "Caen"), ("stage", "existing"), ("colleges", ", ".join(colleges))]
    requests = [{"op": "identity", "field": f, "text": t} for f, t in identity]
    state = call(page, {"op": "batch", "requests": requests})["state"]
    reply = call(page, {"op": "batch", "requests": data.draw(answers(state["questions"]))})
    assert reply["error"] is None
    requests = []
    for q in reply["state"]["questions"]:
        if q["evidence"] != "none" and data.draw(st.booleans()):
            text = "https://preuve.example.org/" if q["evidence"] == "url" else "Voir le compte rendu"
            requests.append({"op": "evidence", "criterion": q["id"], "text": text})
    state = call(page, {"op": "batch", "requests": requests})["state"]
    path = scratch / "lieu.toml"
    path.write_text(state["text"], "utf-8")
    assert {r["set"]: r["grade"] for r in state["ratings"]} == score(path)


def test_without_javascript_the_page_says_how_to_use_assess(server):
    require_browser()
    with chromium(390, 900, javascript=False) as driver:
        driver.get(server + "auto-evaluation/index.html")
        text = driver.find_element("tag name", "main").text
    assert "tlcriteria assess" in text
