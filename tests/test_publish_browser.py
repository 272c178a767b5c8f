"""The HTML page in a real browser (headless Chromium): what a person sees and does.

Needs Debian's `chromium` and `chromium-driver` (`./dev.sh test` installs them
when it runs as root or with sudo). Without them the tests are skipped with
the reason, except in CI (`CI=true`), where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .browser import chromium, find_browser
from .conftest import EXAMPLES

HOSTILE_NAMES = ["<img src=x onerror=window.__pwned=1>", "<script>window.__pwned=1</script>"]


def require_browser() -> None:
    binary, driver = find_browser()
    missing = [name for name, path in (("chromium", binary), ("chromedriver", driver)) if not path]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (test dependency group)")
    if not missing:
        return
    reason = f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must run the browser test: {reason}")
    pytest.skip(reason)


def add_place(folder: Path, ident: str, name: str, town: str, colleges: str, answers: str) -> None:
    (folder / f"{ident}.toml").write_text(
        f'[place]\nid = "{ident}"\nname = {json.dumps(name)}\ntown = {json.dumps(town)}\n'
        f'stage = "project"\ncolleges = {colleges}\n\n[contact]\nname = "Secret Person"\n'
        f'email = "secret@example.org"\n\n[answers]\n{answers}\n',
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("network")
    shutil.copytree(EXAMPLES / "places", folder / "places")
    places = folder / "places"
    add_place(
        places,
        "evreux-lab",
        "Évreux Lab",
        "Évreux",
        '["fablab"]',
        'fab-acces = "libre"\nfab-charte = "affichee"\nfab-outils = "complet"\nfab-reseau = "moteur"',
    )
    for i, name in enumerate(HOSTILE_NAMES):
        add_place(
            places,
            f"hostile-{i}",
            name,
            "Lisieux",
            '["tiers-lieu"]',
            "liberte-usagers = true\nco-construction = { value = 2, justification = "
            + json.dumps("<script>window.__pwned=1</script> justifié")
            + " }",
        )
    target = folder / "index.html"
    result = CliRunner().invoke(
        main,
        [
            "publish",
            str(places),
            "--criteria",
            str(EXAMPLES / "criteria"),
            "-o",
            str(target),
            "--date",
            "2026-11-29",
        ],
    )
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def browser(page):
    require_browser()
    with chromium() as driver:
        yield driver


@pytest.fixture
def opened(browser, page):
    browser.get(page.as_uri())
    return browser


def visible_rows(driver) -> list[list[str]]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#ratings tbody tr'))"
        ".filter(tr => !tr.hidden).map(tr => Array.from(tr.cells).map(c => c.innerText.trim()));"
    )


def css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def test_page_shows_every_rating_and_runs_no_hostile_script(opened):
    rows = visible_rows(opened)
    assert len(rows) == 7  # 4 example ratings, Évreux Lab, two hostile places
    assert css(opened, "#count").text == "7 notations"
    names = [r[0] for r in rows]
    for name in HOSTILE_NAMES:
        assert name in names  # shown as text, exactly as typed
    assert opened.execute_script("return typeof window.__pwned") == "undefined"
    assert opened.execute_script("return document.querySelectorAll('img').length") == 0
    # rows come by college then French name: Évreux Lab among the E of fablab
    assert [r[0] for r in rows if r[3] == "fablab"] == [
        "Évreux Lab",
        "L'Atelier Mobile",
        "La Fabrique d'Exemple",
    ]


def test_search_ignores_accents_and_case(opened):
    box = css(opened, "#q")
    box.send_keys("EVREUX")
    assert [r[0] for r in visible_rows(opened)] == ["Évreux Lab"]
    assert css(opened, "#count").text == "1 notation sur 7"
    box.clear()
    box.send_keys("fabrique caen")
    assert [(r[0], r[3]) for r in visible_rows(opened)] == [
        ("La Fabrique d'Exemple", "fablab"),
        ("La Fabrique d'Exemple", "tiers-lieu"),
    ]
    box.clear()
    box.send_keys("zzz introuvable")
    assert visible_rows(opened) == []
    assert css(opened, "#empty").is_displayed()


def test_sort_percent_as_numbers_both_ways(opened):
    header = opened.find_elements("css selector", "#ratings thead th")[5]
    header.find_element("css selector", "button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    percents = [r[5] for r in visible_rows(opened)]
    shown = [float(p.replace(",", ".")) for p in percents if p]
    assert shown == sorted(shown) and len(shown) == 7
    header.find_element("css selector", "button").click()
    assert header.get_attribute("aria-sort") == "descending"
    shown = [float(r[5].replace(",", ".")) for r in visible_rows(opened)]
    assert shown == sorted(shown, reverse=True)
    # only one column says it is sorted
    sorted_columns = opened.execute_script(
        "return document.querySelectorAll('#ratings thead th[aria-sort]').length"
    )
    assert sorted_columns == 1


def test_sort_names_in_french_order(opened):
    header = opened.find_elements("css selector", "#ratings thead th")[0]
    header.find_element("css selector", "button").click()
    names = [r[0] for r in visible_rows(opened)]
    assert names.index("Évreux Lab") < names.index("L'Atelier Mobile")
    assert names.index("Évreux Lab") > names.index(HOSTILE_NAMES[0])


def test_filter_by_grade_college_and_stage(opened):
    from selenium.webdriver.support.ui import Select

    Select(css(opened, "#f-grade")).select_by_visible_text("A")
    rows = visible_rows(opened)
    assert rows and all(r[4] == "A" for r in rows)
    assert ("La Fabrique d'Exemple", "tiers-lieu") in [(r[0], r[3]) for r in rows]
    Select(css(opened, "#f-grade")).select_by_index(0)
    Select(css(opened, "#f-stage")).select_by_visible_text("en projet")
    Select(css(opened, "#f-college")).select_by_visible_text("tiers-lieu")
    assert sorted(r[0] for r in visible_rows(opened)) == sorted(HOSTILE_NAMES)


def test_detail_view_shows_each_criterion_outcome(opened):
    from selenium.webdriver.common.keys import Keys

    buttons = opened.find_elements("css selector", "#ratings tbody th button")
    hangar = next(b for b in buttons if b.text == "Le Hangar Partagé")
    hangar.click()
    dialog = css(opened, "#detail")
    assert dialog.is_displayed()
    assert css(opened, "#detail-title").text == "Le Hangar Partagé"
    assert "note D (31,8 %)" in css(opened, "#detail-summary").text
    lines = opened.execute_script(
        "return Array.from(document.querySelectorAll('#detail-criteria tbody tr'))"
        ".map(tr => Array.from(tr.cells).map(c => c.innerText.trim()));"
    )
    by_title = {line[0]: line for line in lines}
    assert by_title["Co-construction"][2] == "non justifié"
    assert by_title["Transparence financière"][2] == "sans objet"
    assert by_title["Transparence financière"][5] == "Association créée le mois dernier"
    assert by_title["Accueil du public"][1:3] == ["obligatoire", "partiel"]
    assert by_title["Contribution au réseau"][2] == "sans réponse"
    css(opened, "#detail-close").send_keys(Keys.ESCAPE)
    assert not dialog.is_displayed()


def test_hostile_justification_is_text_in_the_detail_view(opened):
    buttons = opened.find_elements("css selector", "#ratings tbody th button")
    next(b for b in buttons if b.text == HOSTILE_NAMES[1]).click()
    assert css(opened, "#detail-title").text == HOSTILE_NAMES[1]
    assert "<script>window.__pwned=1</script> justifié" in css(opened, "#detail-criteria").text
    assert opened.execute_script("return typeof window.__pwned") == "undefined"
    assert opened.execute_script("return document.querySelectorAll('#detail script, img').length") == 0


def test_keyboard_reaches_search_sort_and_detail(opened):
    from selenium.webdriver.common.keys import Keys

    body = css(opened, "body")
    body.send_keys(Keys.TAB)  # skip link
    active = opened.switch_to.active_element
    assert active.text == "Aller au tableau"
    active.send_keys(Keys.TAB)
    assert opened.switch_to.active_element.get_attribute("id") == "q"
    first_name = opened.find_elements("css selector", "#ratings tbody th button")[0]
    first_name.send_keys(Keys.ENTER)
    assert css(opened, "#detail").is_displayed()
    assert opened.switch_to.active_element.get_attribute("id") == "detail-close"
    opened.switch_to.active_element.send_keys(Keys.ENTER)
    assert not css(opened, "#detail").is_displayed()


def test_missing_browser_skips_outside_ci_and_fails_in_ci(monkeypatch):
    from _pytest.outcomes import Failed, Skipped

    from . import test_publish_browser as module

    monkeypatch.setattr(module, "find_browser", lambda: (None, None))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(Skipped, match="chromium and chromedriver not installed"):
        require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="CI must run the browser test"):
        require_browser()


def test_detail_view_links_the_website_and_the_proofs(browser, tmp_path):
    """The addresses `check` accepts (weburl.py) become links, as written, in the detail view."""
    place = tmp_path / "places" / "lien-lab.toml"
    place.parent.mkdir()
    place.write_text(
        '[place]\nid = "lien-lab"\nname = "Lien Lab"\ntown = "Caen"\nstage = "existing"\n'
        'colleges = ["tiers-lieu"]\nwebsite = "https://café.example/à-propos"\n\n[answers]\n'
        'liberte-usagers = true\nco-construction = { value = 2, justification = "Comité", '
        'url = "HTTPS://EXAMPLE.ORG/comite?annee=2026#bilan" }\n',
        encoding="utf-8",
    )
    target = tmp_path / "index.html"
    result = CliRunner().invoke(
        main, ["publish", str(place.parent), "--criteria", str(EXAMPLES / "criteria"), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    browser.get(target.as_uri())
    css(browser, "#ratings tbody th button").click()
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('#detail a')).map(a => [a.textContent, a.rel]);"
    )
    assert links == [
        ["https://café.example/à-propos", "noopener noreferrer"],
        ["HTTPS://EXAMPLE.ORG/comite?annee=2026#bilan", "noopener noreferrer nofollow"],
    ]
