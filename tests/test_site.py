"""`publish --format site -o DIR`: the site's files, read back with real parsers."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from json.encoder import encode_basestring
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria.cli import main
from tlcriteria.formats.geojson import PALETTE, UNRATED
from tlcriteria.formats.html import grade_choices, script_json, script_safe
from tlcriteria.formats.site import _json_number
from tlcriteria.formats.site.badges import contrast, text_colour
from tlcriteria.output_mark import FOLDER_MARK
from tlcriteria.weburl import is_web_address as web_address

from .site_network import HOSTILE_NAMES, LONG_TEXT, REPO, make_network, publish_site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    places = make_network(root)
    publish_site(places, root / "public", "--network", "Tiers-Lieux Normands")
    return root / "public"


def parse(path: Path):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_text(encoding="utf-8"))


def text_of(tree) -> str:
    return "".join(tree.itertext())


def test_every_page_kind_is_written_and_well_formed(site):
    for page in ("index.html", "pages/2/index.html", "carte/index.html", "colleges/tiers-lieu/index.html"):
        parse(site / page)
    places = sorted(p.name for p in (site / "lieux").iterdir())
    assert "la-halle-songeuse" in places and len(places) == 16 + len(HOSTILE_NAMES) + 1 + 40
    for ident in places:
        parse(site / "lieux" / ident / "index.html")
    assert (site / FOLDER_MARK).exists()
    assert (site / "assets" / "vendor" / "leaflet" / "LICENSE").exists()


def test_hostile_names_are_text_on_every_page(site):
    pages = [site / "lieux" / f"hostile-{i}" / "index.html" for i in range(len(HOSTILE_NAMES))]
    for i, name in enumerate(HOSTILE_NAMES):
        tree = parse(pages[i])
        assert tree.find(".//h1").text == name
        assert tree.find(".//script[@src]") is None or "pwned" not in text_of(tree.find(".//script"))
    college = parse(site / "colleges" / "tiers-lieu" / "index.html")
    shown = [text_of(a) for a in college.iter("a")]  # a name in its <bdi>
    for name in HOSTILE_NAMES:
        assert name in shown
    for page in [*pages, site / "colleges" / "tiers-lieu" / "index.html", site / "carte" / "index.html"]:
        scripts = [s for s in parse(page).iter("script")]
        assert all(s.get("src") and not (s.text or "").strip() for s in scripts)  # no inline script at all


def test_two_thousand_characters_without_a_break_are_text(site):
    assert len(LONG_TEXT) == 2000
    tree = parse(site / "lieux" / "hostile-3" / "index.html")
    assert tree.find(".//p[@class='description']").text == LONG_TEXT


def test_place_page_identity_card_titles_and_evidence(site):
    tree = parse(site / "lieux" / "la-halle-songeuse" / "index.html")
    text = text_of(tree)
    assert "Carte d’identité" in text and "Horaires d’ouverture" in text
    assert "Louviers" in text and "Publics" in text
    # every criterion by its title, never by its id
    assert "Liberté des usagers" in text and "liberte-usagers" not in text
    links = [a.get("href") for a in tree.iter("a")]
    assert "https://halle-songeuse.example.org" in links
    assert any(h and h.startswith("https://") and "carte" in h for h in links)  # an evidence link
    snippet = tree.find(".//textarea").text
    assert "badges/la-halle-songeuse-tiers-lieu.svg" in snippet


def test_evidence_link_is_exactly_the_address_written(site):
    tree = parse(site / "lieux" / "hostile-0" / "index.html")
    hrefs = [a.get("href") or "" for a in tree.iter("a")]
    assert "https://x.example/a&amp;b" in hrefs  # an entity-looking address stays as written
    assert not any(h.lower().startswith(("javascript:", "data:")) for h in hrefs)
    assert "<script>window.__pwned=1</script> justifié" in text_of(tree)  # the justification, as text


def test_api_has_identity_cards_and_records_but_no_contact(site):
    data = json.loads((site / "api" / "places.json").read_text(encoding="utf-8"))
    assert data["header"]["date"] == "2026-12-01"
    halle = next(p for p in data["places"] if p["id"] == "la-halle-songeuse")
    assert halle["publics"] and halle["services"] and halle["opening_hours"]
    assert {r["set"] for r in halle["ratings"]} == {"tiers-lieu", "coworking", "fablab"}
    one = json.loads((site / "api" / "places" / "la-halle-songeuse.json").read_text(encoding="utf-8"))
    assert one == halle
    everything = (site / "api" / "places.json").read_text(encoding="utf-8")
    assert "secret@example.org" not in everything and "Secret Person" not in everything
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".geojson", ".js", ".svg"):
            assert "secret@example.org" not in path.read_text(encoding="utf-8", errors="replace")


def test_api_records_are_the_rating_records_of_score(site):
    # The site writes each record's criteria from texts it keeps across places (and splices them
    # into the document): every record must still be the one `score --format json` writes.
    places = site.parent / "places"
    out = site.parent / "ratings.json"
    result = CliRunner().invoke(
        main,
        [
            "--lang",
            "en",
            "score",
            str(places),
            "--criteria",
            str(REPO / "criteria"),
            "--format",
            "json",
            "-o",
            str(out),
        ],
    )
    assert out.exists(), result.output
    scored = {(r["place"], r["set"]): r for r in json.loads(out.read_text(encoding="utf-8"))}
    documents = sorted((site / "api" / "places").glob("*.json"))
    assert len(documents) > 40
    seen = 0
    for path in documents:
        for record in json.loads(path.read_text(encoding="utf-8"))["ratings"]:
            assert record == scored[record["place"], record["set"]]
            seen += 1
    assert seen == len(scored)


def test_badges_are_accessible_svg_with_the_network_name(site):
    badge = site / "badges" / "la-halle-songeuse-coworking.svg"
    root = ET.fromstring(badge.read_text(encoding="utf-8"))
    assert root.get("role") == "img"
    label = root.get("aria-label")
    assert "Tiers-Lieux Normands" in label and "coworking" in label and "A" in label
    assert root.find("{http://www.w3.org/2000/svg}title").text == label


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_badges_name_the_college_by_the_title_the_pages_show(lang, example_fr, example_en):
    """« Réseau des Tiers-Lieux Normands · Collège tiers-lieux », no longer « · tiers-lieu »: the
    college as the site's pages name it (the English site: its English title); files by id."""
    folder = (example_fr if lang == "fr" else example_en)[0]
    network = "Réseau des Tiers-Lieux Normands"
    names = college_names(folder)
    assert names["tiers-lieu"] == ("Collège tiers-lieux" if lang == "fr" else "Tiers-lieux college")
    page = parse(folder / "lieux" / "la-halle-songeuse" / "index.html")
    alts = {img.get("src"): img.get("alt") for img in page.iter("img")}
    for college, title in names.items():
        badge = f"badges/la-halle-songeuse-{college}.svg"  # a stable address: by the college's id
        root = ET.fromstring((folder / badge).read_text(encoding="utf-8"))
        left, grade = (t.text for t in root.iter(f"{SVG}text"))
        assert left == f"{network} · {title}"
        said = f"{network}, {title} : note {grade}" if lang == "fr" else f"{network}, {title}: grade {grade}"
        assert root.get("aria-label") == root.find(f"{SVG}title").text == said
        assert alts[f"../../{badge}"] == said  # the page's image says what the badge says
        assert f"collège {college}" not in said and f"{college} college" not in said


@pytest.mark.parametrize("colour", [*PALETTE, UNRATED])
def test_every_grade_colour_has_aa_contrast(colour):
    assert contrast(colour, text_colour(colour)) >= 4.5


def test_index_pages_list_every_rating_in_pages_of_fifty(site):
    first = parse(site / "index.html")
    rows = first.findall(".//table[@id='places']/tbody/tr")
    assert len(rows) == 50
    second = parse(site / "pages" / "2" / "index.html")
    assert second.findall(".//table[@id='places']/tbody/tr")
    assert any(a.get("rel") == "next" for a in first.iter("a"))
    form = first.find(".//form[@id='finder']")
    assert form.get("hidden") is not None  # without JavaScript the controls would do nothing


def test_english_site(tmp_path):
    places = make_network(tmp_path, fillers=0)
    result = CliRunner().invoke(
        main,
        [
            "--lang",
            "en",
            "publish",
            str(places),
            "--criteria",
            str(REPO / "criteria"),
            "--format",
            "site",
            "-o",
            str(tmp_path / "en"),
        ],
    )
    assert result.exit_code == 0, result.output
    tree = parse(tmp_path / "en" / "lieux" / "la-halle-songeuse" / "index.html")
    assert tree.get("lang") == "en"
    assert "Identity card" in text_of(tree)


def test_site_needs_a_folder_and_never_replaces_someone_elses(tmp_path):
    places = make_network(tmp_path, fillers=0)
    runner = CliRunner()
    result = runner.invoke(main, ["publish", str(places), "--format", "site"])
    assert result.exit_code != 0 and "-o" in result.output
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.odt").write_text("years of work", encoding="utf-8")
    result = runner.invoke(
        main,
        ["publish", str(places), "--criteria", str(REPO / "criteria"), "--format", "site", "-o", str(mine)],
    )
    assert result.exit_code == 1
    assert "n’a pas été écrit par tlcriteria" in result.output
    assert (mine / "thesis.odt").read_text(encoding="utf-8") == "years of work"
    assert "Traceback" not in result.output
    # a site written before is written over; what one added stays (test_site_republish.py)
    publish_site(places, tmp_path / "public")
    (tmp_path / "public" / "notes.html").write_text("mine", encoding="utf-8")
    publish_site(places, tmp_path / "public")
    assert (tmp_path / "public" / "notes.html").read_text(encoding="utf-8") == "mine"


def test_grade_history_from_git(tmp_path):
    places = tmp_path / "repo" / "places"
    places.mkdir(parents=True)
    place = places / "p.toml"
    git = ["git", "-C", str(tmp_path / "repo"), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    base = '[place]\nid = "p"\nname = "P"\ntown = "Caen"\nstage = "existing"\ncolleges = ["tiers-lieu"]\n\n[answers]\n'
    place.write_text(base + 'liberte-usagers = ["usage"]\n', encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    place.write_text(base + 'liberte-usagers = ["usage"]\nun-lieu = "unique"\n', encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "two"], check=True)
    publish_site(places, tmp_path / "public")
    tree = parse(tmp_path / "public" / "lieux" / "p" / "index.html")
    history = tree.find(".//section[@aria-labelledby='history-title']")
    assert history is not None
    assert len(history.findall(".//tbody/tr")) == 2
    # Figures written as on the rest of the French page: a decimal comma.
    figures = [td.text or "" for td in history.findall(".//td[@class='num']")]
    assert figures and all("." not in f for f in figures), figures


def test_web_address_is_exactly_one_address():
    assert web_address("https://example.org/a?b=c")
    for text in ("javascript:alert(1)", "https://a.example b", 'https://a.example/"x', "", "ftp://x"):
        assert not web_address(text)


def test_umap_popup_holds_no_member_text(site):
    data = json.loads((site / "carte.geojson").read_text(encoding="utf-8"))
    by_id = {f["properties"]["name"]: f["properties"] for f in data["features"]}
    phishing = by_id["Le Havre"]
    assert phishing["town"] == "Le Havre voir https://evil.example/phish"  # kept exactly, as a property
    assert "evil" not in phishing["description"]
    lisieux = by_id[HOSTILE_NAMES[0]]
    assert lisieux["town"] == "Lisieux | x"
    assert "Lisieux" not in lisieux["description"]
    # a website uMap would garble is not linked; a plain one is linked exactly
    assert "[[" not in lisieux["description"] and lisieux["website"] == "https://ok.example.org/a**b**"
    halle = by_id["La Halle Songeuse"]
    assert "[[https://halle-songeuse.example.org|" in halle["description"]


def test_filters_group_words_that_differ_only_by_case_or_accents(site):
    text = (site / "assets" / "data.js").read_text(encoding="utf-8")
    data = json.loads(text.removeprefix("window.TL_SITE=").removesuffix(";\n"))
    folded = [w.lower().replace("é", "e").replace("É", "e") for w in data["publics"]]
    assert folded.count("etudiants") == 1  # "étudiants" (examples) and "Étudiants" (fillers)
    assert "\\u003cb\\u003e" in text  # member text cannot close the script element


def test_index_and_map_rows_are_the_json_of_their_values(site):
    """data.js's and map-data.js's rows, written by hand in the workers (`_data_rows`,
    `_map_entry`), are the text `script_json` writes for their values, hostile text included."""
    for name, prefix in (("data.js", "window.TL_SITE="), ("map-data.js", "window.TL_MAP=")):
        text = (site / "assets" / name).read_text(encoding="utf-8")
        data = json.loads(text.removeprefix(prefix).removesuffix(";\n"))
        rows = data["rows"] if name == "data.js" else data
        assert rows, name
        for row in rows:
            assert script_json(row) in text, row


@given(st.one_of(st.none(), st.integers(), st.floats()))
def test_a_number_is_written_as_the_json_encoder_writes_it(value):
    assert _json_number(value) == script_json(value)


@given(st.text())
def test_a_text_is_written_as_the_json_encoder_writes_it(value):
    assert script_safe(encode_basestring(value)) == script_json(value)


def test_the_grade_filters_follow_the_sets_given_else_the_sets_by_id():
    """The site's index (its colleges' sets, in its order) and the html page (every set, by id)
    list the grades with one function: best first, set after set; a grade no set gives, last."""
    grades = {"b-set": ("or", "argent"), "a-set": ("conforme", "argent", "bronze")}
    shown = {"argent", "bronze", "or", "Élan", "autre"}
    assert grade_choices(shown, grades, ["b-set", "a-set", "no-such-set"]) == [
        "or",
        "argent",
        "bronze",
        "autre",
        "Élan",
    ]
    assert grade_choices(shown, grades) == ["argent", "bronze", "or", "autre", "Élan"]


def _files(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_site_written_by_workers_is_the_one_written_in_one_process(tmp_path, monkeypatch):
    """The pool's site (each worker writing its places' files, the parent the shared files from
    the streamed pieces), with one worker and with three, is byte for byte the site written
    whole in one process from every rating in memory (`write_directory`)."""
    from tlcriteria import parallel
    from tlcriteria.formats.site import SiteFormat

    places = make_network(tmp_path, fillers=30)
    shutil.copy(REPO / "examples" / "normandie" / "reseau.toml", places / "reseau.toml")  # read first
    writes_slices = parallel.can_write_folder_slices
    monkeypatch.setattr(parallel, "can_write_folder_slices", lambda fmt: False)
    publish_site(places, tmp_path / "whole", "--site-url", "https://lieux.example.org/")
    monkeypatch.setattr(parallel, "can_write_folder_slices", writes_slices)

    def never(self, context, folder):
        raise AssertionError("the site took the whole path")

    monkeypatch.setattr(SiteFormat, "write_directory", never)
    monkeypatch.setattr(parallel, "MIN_PLACES", 5)
    monkeypatch.setattr(parallel, "CHUNK", 4)
    for workers in (1, 3):
        monkeypatch.setenv("TLCRITERIA_WORKERS", str(workers))
        publish_site(places, tmp_path / f"pool-{workers}", "--site-url", "https://lieux.example.org/")
    whole = _files(tmp_path / "whole")
    assert len(whole) > 150
    assert _files(tmp_path / "pool-1") == whole
    assert _files(tmp_path / "pool-3") == whole


def test_grade_history_of_places_in_git_through_the_pool(tmp_path, monkeypatch):
    """Places in git: the history is read once before the pool; the workers' pages are the
    whole path's, byte for byte."""
    from tlcriteria import parallel
    from tlcriteria.formats.site import SiteFormat

    places = make_network(tmp_path / "repo", fillers=12)
    git = ["git", "-C", str(tmp_path / "repo"), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    for path in sorted(places.glob("filler-*.toml"))[:6]:
        text = path.read_text(encoding="utf-8").replace("pluralite-activites = 3", "pluralite-activites = 1")
        path.write_text(text, encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "two"], check=True)
    writes_slices = parallel.can_write_folder_slices
    monkeypatch.setattr(parallel, "can_write_folder_slices", lambda fmt: False)
    publish_site(places, tmp_path / "whole")
    monkeypatch.setattr(parallel, "can_write_folder_slices", writes_slices)

    def never(self, context, folder):
        raise AssertionError("the site took the whole path")

    monkeypatch.setattr(SiteFormat, "write_directory", never)
    monkeypatch.setattr(parallel, "MIN_PLACES", 5)
    monkeypatch.setattr(parallel, "CHUNK", 4)
    monkeypatch.setenv("TLCRITERIA_WORKERS", "2")
    publish_site(places, tmp_path / "pool")
    assert _files(tmp_path / "pool") == _files(tmp_path / "whole")
    page = parse(tmp_path / "pool" / "lieux" / "filler-00" / "index.html")
    history = page.find(".//section[@aria-labelledby='history-title']")
    assert history is not None and len(history.findall(".//tbody/tr")) == 2


def test_pool_and_whole_path_say_the_same_about_files_left_out(tmp_path, monkeypatch):
    """A broken place file and places without coordinates: the same messages, in the same
    order, and the same exit status, whether the site is written by the pool or whole."""
    from tlcriteria import parallel

    places = make_network(tmp_path, fillers=12)
    (places / "broken.toml").write_text('[place]\nid = "broken"\nname = 3\n', encoding="utf-8")
    (places / "no-map.toml").write_text(
        '[place]\nid = "no-map"\nname = "Sans carte"\ntown = "Caen"\nstage = "existing"\n'
        'colleges = ["tiers-lieu"]\n\n[answers]\nliberte-usagers = ["usage"]\n',
        encoding="utf-8",
    )
    args = [
        "publish",
        str(places),
        "-f",
        "site",
        "--date",
        "2026-12-01",
        "--criteria",
        str(REPO / "criteria"),
    ]
    monkeypatch.setattr(parallel, "MIN_PLACES", 5)
    monkeypatch.setattr(parallel, "CHUNK", 4)
    monkeypatch.setenv("TLCRITERIA_WORKERS", "2")
    from tlcriteria.formats.site import SiteFormat

    whole_calls: list[Path] = []
    original = SiteFormat.write_directory

    def counted(self, context, folder):
        whole_calls.append(folder)
        return original(self, context, folder)

    monkeypatch.setattr(SiteFormat, "write_directory", counted)
    pool = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "pool")])
    assert whole_calls == []  # written by the pool
    monkeypatch.setattr(parallel, "can_write_folder_slices", lambda fmt: False)
    whole = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "whole")])
    assert len(whole_calls) == 1
    assert pool.exit_code == whole.exit_code == 1
    assert "broken.toml" in pool.output and "no-map" in pool.output
    # The same words, the folder's name apart (the line saying where the site went).
    assert pool.output.replace("/pool :", "/whole :") == whole.output
    assert _files(tmp_path / "pool") == _files(tmp_path / "whole")


def test_site_with_a_college_no_place_uses_is_written_whole(tmp_path, monkeypatch):
    """Every page's navigation lists the colleges, guessed from the sets before any place is
    rated: when a set's college has no place, the site is written again on the whole path."""
    from tlcriteria import parallel

    places = tmp_path / "places"
    places.mkdir()
    for i in range(8):
        (places / f"p{i}.toml").write_text(
            f'[place]\nid = "p{i}"\nname = "Lieu {i}"\ntown = "Caen"\nstage = "existing"\n'
            'colleges = ["tiers-lieu"]\n\n[answers]\nliberte-usagers = ["usage"]\n',
            encoding="utf-8",
        )
    monkeypatch.setattr(parallel, "MIN_PLACES", 5)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    monkeypatch.setenv("TLCRITERIA_WORKERS", "2")
    publish_site(places, tmp_path / "pool")
    monkeypatch.setattr(parallel, "can_write_folder_slices", lambda fmt: False)
    publish_site(places, tmp_path / "whole")
    assert _files(tmp_path / "pool") == _files(tmp_path / "whole")
    assert sorted(p.name for p in (tmp_path / "pool" / "colleges").iterdir()) == ["tiers-lieu"]


def test_vendored_libraries_are_the_pinned_versions_with_their_licences():
    import sys

    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "vendor_site.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    for folder in ("leaflet", "leaflet.markercluster"):
        licence = (
            REPO / "src" / "tlcriteria" / "formats" / "site" / "vendor" / folder / "LICENSE"
        ).read_text()
        assert "Copyright" in licence or "copyright" in licence


def test_html_page_grade_chips_have_aa_contrast():
    import re

    css = (REPO / "src" / "tlcriteria" / "formats" / "page" / "page.css").read_text(encoding="utf-8")
    rules = re.findall(
        r'data-rank="\d"\] span \{ background: (#[0-9a-f]{6});(?: color: (#[0-9a-f]{3,6});)?', css
    )
    assert len(rules) == 5
    for background, colour in rules:
        colour = {"#fff": "#ffffff", "#000": "#000000"}.get(colour, colour or "#1d2327")
        assert contrast(background, colour) >= 4.5, (background, colour)


def test_check_refuses_a_bad_identity_card(tmp_path):
    place = tmp_path / "p.toml"
    place.write_text(
        '[place]\nid = "p"\nname = "P"\ntown = "Caen"\nstage = "existing"\ncolleges = ["tiers-lieu"]\n'
        f'publics = ["{"x" * 70}"]\nservices = "café"\nopening_hours = 9\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["--lang", "en", "check", str(place), "--criteria", str(REPO / "criteria")]
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(place))]
    assert any("publics" in line and "too long" in line for line in lines)
    assert any("services" in line and "list" in line for line in lines)
    assert any("opening_hours" in line for line in lines)
    assert "Traceback" not in result.output


def test_verification_and_freshness_filters_when_the_ratings_carry_them(tmp_path):
    publish_site(REPO / "examples" / "normandie", tmp_path / "public")
    index = parse(tmp_path / "public" / "index.html")
    verification = index.find(".//select[@id='f-verification']")
    assert verification is not None
    assert "vérifiée par des pairs" in [o.text for o in verification.iter("option")]
    halle = text_of(parse(tmp_path / "public" / "lieux" / "la-halle-songeuse" / "index.html"))
    assert "vérifiée par 2 pairs" in halle  # the words of the public table (publish.verification_text)
    data = (tmp_path / "public" / "assets" / "data.js").read_text(encoding="utf-8")
    assert '"verified"' in data


# --------------------------------------------------------------------------- what a new member sees


def publish_example(tmp_path: Path, *lang: str):
    """The example network (its network file included) published as a site, as the README does."""
    target = tmp_path / "public"
    result = CliRunner().invoke(
        main, [*lang, "publish", str(REPO / "examples" / "normandie"), "--format", "site", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    return target, result


@pytest.fixture(scope="module")
def example_fr(tmp_path_factory):
    return publish_example(tmp_path_factory.mktemp("example-fr"))


@pytest.fixture(scope="module")
def example_en(tmp_path_factory):
    return publish_example(tmp_path_factory.mktemp("example-en"), "--lang", "en")


def meta_lines(folder: Path, college: str) -> list[str]:
    tree = parse(folder / "colleges" / college / "index.html")
    return [
        text_of(p)
        for p in tree.iter("p")
        if p.get("class") == "meta" and text_of(p).startswith(("Niv", "Lev"))
    ]


def test_college_pages_name_themes_by_their_titles_with_the_languages_punctuation(example_fr, example_en):
    french = meta_lines(example_fr[0], "coworking")
    # Themes titled by the set (Confort de travail) and by the set it extends (communs: Ouverture).
    assert "Niveau : obligatoire ; poids 3 ; thème : Ouverture" in french
    assert any(line.endswith("thème : Confort de travail") for line in french)
    assert not any(line.endswith(("thème : ouverture", "thème : activites")) for line in french)
    assert all(";" not in line.replace(" ;", "") for line in french)  # a space before every semicolon
    english = meta_lines(example_en[0], "coworking")
    assert "Level: required; weight 3; theme: Openness" in english
    assert any(line.endswith("theme: Working comfort") for line in english)


def test_the_site_is_titled_with_the_networks_name(example_fr):
    for page in ("index.html", "carte/index.html", "colleges/fablab/index.html"):
        tree = parse(example_fr[0] / page)
        assert "Réseau des Tiers-Lieux Normands" in text_of(tree.find(".//title"))
        assert text_of(tree.find(".//header//p")) == "Réseau des Tiers-Lieux Normands"
    index = parse(example_fr[0] / "index.html")
    assert text_of(index.find(".//h1")) == "Réseau des Tiers-Lieux Normands"
    assert "Les lieux du réseau" not in text_of(index)


def test_a_college_has_one_name_on_every_page(example_fr):
    place = parse(example_fr[0] / "lieux" / "la-halle-songeuse" / "index.html")
    menu = {
        a.get("href").split("/")[-2]: text_of(a)
        for a in place.iter("a")
        if "colleges/" in (a.get("href") or "")
    }
    headings = [text_of(h) for h in place.iter("h2") if (h.get("id") or "").startswith("rating-")]
    assert headings and all(h in menu.values() for h in headings)
    assert menu["tiers-lieu"] in headings
    college = parse(example_fr[0] / "colleges" / "tiers-lieu" / "index.html")
    assert text_of(college.find(".//h1")) == menu["tiers-lieu"]


def test_coordinates_keep_their_digits_with_the_pages_decimal_mark(example_fr, example_en):
    import tomllib

    with open(REPO / "examples" / "normandie" / "places" / "la-halle-songeuse.toml", "rb") as f:
        place = tomllib.load(f)["place"]
    lat, lon = repr(place["lat"]), repr(place["lon"])

    def shown(folder: Path) -> str:
        tree = parse(folder / "lieux" / "la-halle-songeuse" / "index.html")
        terms = list(tree.iter("dt"))
        values = list(tree.iter("dd"))
        return next(
            text_of(v)
            for t, v in zip(terms, values, strict=True)
            if text_of(t) in ("Coordonnées", "Coordinates")
        )

    assert shown(example_fr[0]) == f"{lat.replace('.', ',')} ; {lon.replace('.', ',')}"
    assert shown(example_en[0]) == f"{lat}, {lon}"


def test_publish_says_where_the_site_went_on_stderr_only(example_fr, example_en):
    folder, result = example_fr
    places = len(list((folder / "lieux").iterdir()))
    colleges = len(list((folder / "colleges").iterdir()))
    assert result.stdout == ""
    assert result.stderr == f"site écrit dans {folder} : {places} lieux, {colleges} collèges\n"
    folder, result = example_en
    assert result.stdout == ""
    assert result.stderr == f"site written to {folder}: {places} places, {colleges} colleges\n"


def test_every_page_has_the_sites_icon(example_fr):
    folder = example_fr[0]
    icon = ET.fromstring((folder / "assets" / "favicon.svg").read_text(encoding="utf-8"))
    assert icon.tag == "{http://www.w3.org/2000/svg}svg"
    for page in [*folder.glob("**/index.html")]:
        tree = parse(page)
        links = [link for link in tree.iter("link") if link.get("rel") == "icon"]
        assert len(links) == 1, page
        assert (page.parent / links[0].get("href")).resolve() == (folder / "assets" / "favicon.svg").resolve()


def answers(folder: Path, place: str) -> dict[tuple[str, str], str]:
    """The answer cell of every criterion row of a place page, by (section heading, criterion)."""
    tree = parse(folder / "lieux" / place / "index.html")
    found = {}
    for section in tree.iter("section"):
        heading = section.find("h2")
        for row in section.findall(".//table[@class='criteria']/tbody/tr"):
            cells = row.findall("td")
            found[text_of(heading), text_of(row.find("th"))] = text_of(cells[2])
    return found


def test_answers_are_in_the_sites_language(example_fr, example_en):
    english = answers(example_en[0], "la-halle-songeuse")
    college = "Tiers-lieux college"
    assert english[college, "Financial transparency"] == "yes"
    assert english[college, "Evolving governance"] == "no"
    assert english[college, "Volunteers' path"] == "not applicable"
    # Choices by their `label_en`, as the set gives them.
    assert english[college, "A hybrid economic model"] == (
        "Public grants, Sales and services, Memberships and subscriptions"
    )
    assert not {"oui", "non", "sans objet", "aucune"} & set(english.values())
    french = answers(example_fr[0], "la-halle-songeuse")
    college = "Collège tiers-lieux"
    assert french[college, "Transparence financière"] == "oui"
    assert french[college, "Une gouvernance évolutive"] == "non"
    assert french[college, "Le parcours des bénévoles"] == "sans objet"
    assert french[college, "Un modèle économique hybride"].startswith("Subventions publiques, Ventes")


def college_names(folder: Path) -> dict[str, str]:
    """How the site names each college: the menu of a place page, by college page."""
    place = parse(folder / "lieux" / "la-halle-songeuse" / "index.html")
    return {
        a.get("href").split("/")[-2]: text_of(a)
        for a in place.iter("a")
        if "colleges/" in (a.get("href") or "")
    }


def test_english_site_names_colleges_by_the_sets_english_titles(example_en):
    folder = example_en[0]
    names = {
        "coworking": "Coworking college",
        "fablab": "Fab lab college",
        "tiers-lieu": "Tiers-lieux college",
    }
    assert college_names(folder) == names
    place = parse(folder / "lieux" / "la-halle-songeuse" / "index.html")
    summaries = [text_of(p) for p in place.iter("p") if p.get("class") == "rating-summary"]
    assert any("criteria Tiers-lieux college, version 2026.1" in s for s in summaries)
    college = parse(folder / "colleges" / "coworking" / "index.html")
    assert text_of(college.find(".//h1")) == "Coworking college"
    assert text_of(college.find(".//title")).startswith("Coworking college — ")
    # The set's description_en, and the grades punctuated in English.
    assert "The commons, then what coworkings expect from each other" in text_of(college)
    assert "A — Exemplary coworking: At least 80 %" in text_of(college)
    assert "Collège" not in text_of(college) and "Les communs, puis" not in text_of(college)


def test_a_set_without_an_english_title_is_named_by_its_college(tmp_path):
    criteria = tmp_path / "criteria"
    shutil.copytree(REPO / "criteria", criteria)
    coworking = criteria / "coworking.toml"
    text = coworking.read_text(encoding="utf-8")
    assert 'title_en = "Coworking college"\n' in text
    coworking.write_text(text.replace('title_en = "Coworking college"\n', ""), encoding="utf-8")
    places = str(REPO / "examples" / "normandie" / "places")
    sites = {}
    for lang in ("en", "fr"):
        sites[lang] = tmp_path / lang
        result = CliRunner().invoke(
            main,
            [
                "--lang",
                lang,
                "publish",
                places,
                "--criteria",
                str(criteria),
                "--format",
                "site",
                "-o",
                str(sites[lang]),
            ],
        )
        assert result.exit_code == 0, result.output
    english = college_names(sites["en"])
    assert english["coworking"] == "coworking college"  # as the badges name it: no made-up translation
    assert english["fablab"] == "Fab lab college"
    assert text_of(parse(sites["en"] / "colleges" / "coworking" / "index.html").find(".//h1")) == (
        "coworking college"
    )
    assert college_names(sites["fr"])["coworking"] == "Collège coworking"


def summaries(folder: Path) -> list[str]:
    """The line under each college's heading on every place page: « Grade B (61.4%) — … »."""
    return [
        text_of(p)
        for page in sorted((folder / "lieux").glob("*/index.html"))
        for p in parse(page).iter("p")
        if p.get("class") == "rating-summary"
    ]


def test_percents_are_written_as_each_language_writes_them(example_fr, example_en):
    """English « 61.4% », French « 61,4 % »: on the place pages and the self-assessment page."""
    import re

    english, french = summaries(example_en[0]), summaries(example_fr[0])
    assert english and len(english) == len(french)
    assert all(re.search(r" \(\d+(\.\d)?%\) — ", line) for line in english), english
    assert all(re.search(r" \(\d+(,\d)? %\) — ", line) for line in french), french
    for (folder, _result), written in ((example_en, "{percent}%"), (example_fr, "{percent} %")):
        script = (folder / "auto-evaluation" / "assess-data.js").read_text(encoding="utf-8")
        data = json.loads(script.removeprefix("window.TL_ASSESS=").removesuffix(";\n").removesuffix(";"))
        assert data["text"]["percent"] == written
    # The index's and the history's percent columns hold bare figures under a « % » heading.
    index = parse(example_en[0] / "index.html")
    cells = [text_of(td) for td in index.iter("td") if td.get("data-label") == "%"]
    assert cells and all(re.fullmatch(r"\d+(\.\d)?|", cell) for cell in cells), cells


def test_a_scale_answer_reads_its_value_then_its_label_without_nested_parentheses(example_fr, example_en):
    """« 1 — rarement (une ou deux fois par an) », not « 1 (rarement (une ou deux fois par an)) »."""
    import re

    for (target, _result), rarely in (
        (example_fr, "1 — rarement (une ou deux fois par an)"),
        (example_en, "1 — rarely (once or twice a year)"),
    ):
        pages = "".join(p.read_text(encoding="utf-8") for p in (target / "lieux").glob("*/index.html"))
        assert rarely in set(re.findall(r">(\d — [^<]*)<", pages))
        assert not re.search(r">\d \(", pages)
