"""The site in Debian's headless chromium: what a person sees and does, with axe-core on every page kind.

Index (search, filter, sort, page), a place page, a college page and the map
(tiles unreachable: markers still drawn, places listed), at 1280 px and 390 px,
with JavaScript and without. Skipped without chromium, except in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import chromium
from .site_network import HOSTILE_NAMES, make_network, publish_site
from .test_publish_browser import require_browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = {
    "index": "index.html",
    "place": "lieux/hostile-1/index.html",
    "long-place": "lieux/hostile-3/index.html",
    "college": "colleges/tiers-lieu/index.html",
    "map": "carte/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser-site")
    publish_site(make_network(root), root / "public")
    return root / "public"


@pytest.fixture(scope="module", params=[1280, 390], ids=["desktop", "phone"])
def driver(request):
    require_browser()
    with chromium(request.param, 900) as browser:
        browser.set_script_timeout(60)
        yield browser


@pytest.fixture(scope="module")
def no_js():
    require_browser()
    with chromium(390, 900, javascript=False) as browser:
        yield browser


def open_page(driver, site: Path, page: str) -> None:
    driver.get((site / page).as_uri())
    if page != PAGES["place"] and "lieux/" not in page:
        driver.execute_script("return 1")


def axe_violations(driver) -> list[str]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))"
        ".catch(e => done(['axe failed: ' + e]));"
    )
    return list(result)


def no_horizontal_overflow(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1;")


def rows(driver) -> list[list[str]]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#places tbody tr'))"
        ".map(tr => Array.from(tr.cells).map(c => c.textContent.trim()));"
    )


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_kind_passes_axe_and_fits(driver, site, kind):
    open_page(driver, site, PAGES[kind])
    assert axe_violations(driver) == []
    assert no_horizontal_overflow(driver), f"{kind} scrolls sideways"
    assert driver.execute_script("return typeof window.__pwned") == "undefined"


def test_index_search_filter_sort_and_page(driver, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(driver, site, PAGES["index"])
    assert driver.find_element(By.ID, "finder").is_displayed()
    assert len(rows(driver)) == 50
    driver.find_element(By.CSS_SELECTOR, "#pager button[aria-current='page'] + button").click()
    assert rows(driver) and "Page 2" in driver.find_element(By.ID, "count").text
    box = driver.find_element(By.ID, "q")
    box.send_keys("EVREUX etudiants")  # town and public, accents and case ignored
    found = rows(driver)
    assert found and all(r[1] == "Évreux" for r in found)
    box.clear()
    box.send_keys("élèves")  # a public written with markup: shown and found as text
    assert sorted(r[0] for r in rows(driver)) == sorted([*HOSTILE_NAMES, "Le Havre"])
    box.clear()
    box.send_keys("x")
    box.clear()
    driver.execute_script("document.getElementById('q').dispatchEvent(new Event('input'))")
    Select(driver.find_element(By.ID, "f-college")).select_by_visible_text("Collège fablab")
    assert rows(driver) and all(r[2] == "fablab" for r in rows(driver))
    Select(driver.find_element(By.ID, "f-college")).select_by_index(0)
    Select(driver.find_element(By.ID, "f-service")).select_by_visible_text("Café")
    assert len(rows(driver)) == len(HOSTILE_NAMES) + 1
    Select(driver.find_element(By.ID, "f-service")).select_by_index(0)
    percent = driver.find_elements(By.CSS_SELECTOR, "#places thead th")[5]
    for _ in range(2):  # ascending, then descending
        driver.execute_script("arguments[0].click()", percent.find_element(By.TAG_NAME, "button"))
    assert percent.get_attribute("aria-sort") == "descending"
    shown = [float(r[5].replace(",", ".")) for r in rows(driver) if r[5]]
    assert shown == sorted(shown, reverse=True)


def test_hostile_names_are_text_on_every_page_kind(driver, site):
    from selenium.webdriver.common.by import By

    open_page(driver, site, PAGES["index"])
    box = driver.find_element(By.ID, "q")
    for name in HOSTILE_NAMES[:3]:
        box.clear()
        driver.execute_script(
            "const q = document.getElementById('q'); q.value = arguments[0];"
            "q.dispatchEvent(new Event('input'));",
            name,
        )
        assert name in [r[0] for r in rows(driver)]
    for i, name in enumerate(HOSTILE_NAMES):
        open_page(driver, site, f"lieux/hostile-{i}/index.html")
        assert driver.find_element(By.TAG_NAME, "h1").get_attribute("textContent") == name
    open_page(driver, site, PAGES["college"])
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('.places a')).map(a => a.textContent)"
    )
    assert all(name in links for name in HOSTILE_NAMES)
    open_page(driver, site, PAGES["map"])
    listed = driver.execute_script(
        "return Array.from(document.querySelectorAll('#map-list a')).map(a => a.textContent)"
    )
    assert all(name in listed for name in HOSTILE_NAMES)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"


def test_map_draws_markers_without_tiles_and_lists_the_places(driver, site):
    import time

    open_page(driver, site, PAGES["map"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not driver.execute_script(
        "return document.getElementById('map-list').open"
    ):
        time.sleep(0.2)
    assert driver.execute_script("return document.getElementById('map-list').open")  # tiles failed
    # The failure is said once, above the list (the words of #tiles-failed, in the status line).
    said = driver.execute_script(
        "var words = document.getElementById('tiles-failed').textContent;"
        "return [document.body.innerText.split(words).length - 1, document.getElementById('map-status').textContent === words,"
        " !!(document.getElementById('map-status').compareDocumentPosition(document.getElementById('map-list'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)]"
    )
    assert said == [1, True, True]
    drawn = driver.execute_script(
        "return document.querySelectorAll('.leaflet-interactive, .marker-cluster').length"
    )
    assert drawn > 0
    assert (
        int(driver.find_element("id", "map").get_attribute("data-markers"))
        == 16 + len(HOSTILE_NAMES) + 1 + 40
    )


def test_without_javascript_pages_are_plain_tables(no_js, site):
    from selenium.webdriver.common.by import By

    open_page(no_js, site, PAGES["index"])
    assert not no_js.find_element(By.ID, "finder").is_displayed()
    assert len(rows(no_js)) == 50
    no_js.find_element(By.CSS_SELECTOR, "a[rel='next']").click()
    assert "pages/2" in no_js.current_url and rows(no_js)
    assert no_horizontal_overflow(no_js)
    open_page(no_js, site, PAGES["place"])
    assert no_js.find_element(By.TAG_NAME, "h1").text == HOSTILE_NAMES[1]
    open_page(no_js, site, PAGES["map"])
    assert no_js.find_elements(By.CSS_SELECTOR, "#map-list li")


def test_verification_filter_of_the_example_network(driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from .site_network import REPO

    publish_site(REPO / "examples" / "normandie", tmp_path / "public")
    driver.get((tmp_path / "public" / "index.html").as_uri())
    everything = len(rows(driver))
    Select(driver.find_element(By.ID, "f-verification")).select_by_visible_text("vérifiée par des pairs")
    verified = rows(driver)
    assert 0 < len(verified) < everything
    assert "La Halle Songeuse" in [r[0] for r in verified]


def test_public_filter_of_the_example_network_follows_its_usual_words(driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from .site_network import REPO

    publish_site(REPO / "examples" / "normandie", tmp_path / "public")  # with its reseau.toml
    driver.get((tmp_path / "public" / "index.html").as_uri())
    choice = Select(driver.find_element(By.ID, "f-public"))
    assert [o.text for o in choice.options][1:3] == ["habitants", "étudiants"]  # the network's order
    choice.select_by_visible_text("étudiants")
    found = rows(driver)
    assert found and all("étudiants" in r[6] for r in found)


def test_trust_marks_of_a_place_page_are_read_and_pass_axe(driver, tmp_path):
    """A signed, reviewed and disputed place: its signature under each grade, a peer's verdict
    after the evidence, as a person sees them (words, not colour alone), on a phone too."""
    from selenium.webdriver.common.by import By

    from .site_network import REPO

    normandie = REPO / "examples" / "normandie"
    publish_site(normandie, tmp_path / "public", "--signers", str(normandie / "signataires"))
    open_page(driver, tmp_path / "public", "lieux/l-etabli-fictif/index.html")
    marks = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "p.trust")]
    assert marks and all(m.startswith("signature : signé") for m in marks)
    verdicts = [v.text for v in driver.find_elements(By.CSS_SELECTOR, "table.criteria .verdict")]
    assert "contesté par un pair" in verdicts and "confirmé par un pair" in verdicts
    assert all(v.is_displayed() for v in driver.find_elements(By.CSS_SELECTOR, ".verdict"))
    assert axe_violations(driver) == []
    assert no_horizontal_overflow(driver)


def test_signature_filter_of_the_index(driver, tmp_path):
    """A file changed after its signature: the index's filter finds its ratings, and only them."""
    import shutil

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from .site_network import REPO

    normandie = tmp_path / "normandie"
    shutil.copytree(REPO / "examples" / "normandie", normandie)
    halle = normandie / "places" / "la-halle-songeuse.toml"
    halle.write_text(halle.read_text(encoding="utf-8").replace("Louviers", "Évreux", 1), encoding="utf-8")
    publish_site(normandie, tmp_path / "public", "--signers", str(normandie / "signataires"))
    driver.get((tmp_path / "public" / "index.html").as_uri())
    everything = len(rows(driver))
    Select(driver.find_element(By.ID, "f-signature")).select_by_visible_text("modifié depuis la signature")
    changed = rows(driver)
    assert changed and len(changed) < everything
    assert {r[0] for r in changed} == {"La Halle Songeuse"}
    Select(driver.find_element(By.ID, "f-signature")).select_by_visible_text("signé")
    assert "La Halle Songeuse" not in {r[0] for r in rows(driver)}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_badges_text_fits_its_box(lang, tmp_path):
    """The badges name colleges by their titles (« Collège tiers-lieux »), longer than their ids:
    each text still fits its box as chromium draws it, with a wide network name too (capitals,
    W, letters outside ASCII), and the box is not much wider than its text."""
    from .site_network import REPO

    require_browser()
    network = "WWW MŒURS & ÉMOIS — Réseau Ω"
    publish_site(REPO / "examples" / "normandie", tmp_path / "public", "--lang", lang, "--network", network)
    badges = sorted((tmp_path / "public" / "assets" / "badges").glob("*.svg"))
    assert len(badges) >= 3
    with chromium(800, 200) as browser:
        for badge in badges:
            browser.get(badge.as_uri())
            measured = browser.execute_script(
                "const texts = document.querySelectorAll('text'), boxes = document.querySelectorAll('rect');"
                "return [...texts].map((t, i) => [t.textContent, t.getComputedTextLength(),"
                " boxes[i].width.baseVal.value]);"
            )
            assert measured[0][0].startswith(network + " · ")
            for text, length, box in measured:
                assert length + 8 <= box <= 1.4 * length + 12, (badge.name, text, length, box)
