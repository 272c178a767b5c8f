"""The site shows only what may be published, and how far each rating is trusted.

The example network is signed (its `signataires`, its `.sig` files) and reviewed (four
reviews, one dispute): each test copies it, changes what a member or a forger would,
publishes through the command line and reads the pages back with html5lib.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria.cli import main

from .site_network import REPO

NORMANDIE = REPO / "examples" / "normandie"
HALLE = "la-halle-songeuse"
ETABLI = "l-etabli-fictif"  # disputed by la-halle-songeuse: fab-charte
FORGED_NAME = "La Halle Songeuse (fermée définitivement)"
FORGED_SITE = "https://arnaque.example.com"


def parse(path: Path):
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        path.read_text(encoding="utf-8")
    )


def text_of(tree) -> str:
    return "".join(tree.itertext())


CRITERIA = ("--criteria", str(REPO / "criteria"))


def invoke(*args: str, code: int = 0):
    """A command, with the network's criteria (the tests' registry has no plugin's sets)."""
    if "--criteria" not in args and any(a in args for a in ("publish", "score", "report")):
        args = (*args, *CRITERIA)
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def net(tmp_path: Path) -> Path:
    """The example network, la-halle-songeuse's name and website forged after it signed."""
    folder = tmp_path / "normandie"
    shutil.copytree(NORMANDIE, folder)
    path = folder / "places" / f"{HALLE}.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('name = "La Halle Songeuse"', f'name = "{FORGED_NAME}"', 1)
    text = text.replace('website = "https://halle-songeuse.example.org"', f'website = "{FORGED_SITE}"', 1)
    assert FORGED_NAME in text and FORGED_SITE in text
    path.write_text(text, encoding="utf-8")
    return folder


def publish(net: Path, target: Path, fmt: str, *extra: str, code: int = 0):
    return invoke(
        "publish", str(net), "--format", fmt, "--date", "2026-12-01", "-o", str(target), *extra, code=code
    )


# --------------------------------------------------------------------------- 1. what is left out


def test_require_signature_leaves_a_place_out_of_the_site_as_out_of_every_format(net, tmp_path):
    trust = ("--signers", str(net / "signataires"), "--require-signature")
    result = publish(net, tmp_path / "site", "site", *trust, code=1)
    assert f"{HALLE}.toml" in result.stderr and "écarté (--require-signature)" in result.stderr
    publish(net, tmp_path / "notes.json", "json", *trust, "--keep-going")
    records = json.loads((tmp_path / "notes.json").read_text(encoding="utf-8"))
    published = {r["place"] for r in records["ratings"]}
    assert HALLE not in published and len(published) == records["header"]["places"] == 15

    site = tmp_path / "site"
    assert {p.name for p in (site / "lieux").iterdir()} == published  # a page for each, no other
    assert {p.stem for p in (site / "api" / "places").iterdir()} == published
    api = json.loads((site / "api" / "places.json").read_text(encoding="utf-8"))
    assert api["header"]["places"] == len(api["places"]) == len(published)
    assert {p["id"] for p in api["places"]} == published
    index = parse(site / "index.html")
    assert "15 lieux" in text_of(index.find(".//p[@class='meta']"))
    assert not [b for b in (site / "badges").iterdir() if b.name.startswith(HALLE)]
    names = {r["name"] for r in records["ratings"]}
    geojson = json.loads((site / "carte.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["name"] for f in geojson["features"]} == names
    rows = list(csv.DictReader(io.StringIO((site / "lieux.csv").read_text(encoding="utf-8"))))
    assert {r["Lieu"] for r in rows} == names
    # Nowhere on the site: no row, no map marker, no grade history, no forged name or address.
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".csv", ".geojson", ".svg"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert HALLE not in text and FORGED_SITE not in text and "Halle Songeuse" not in text, path


def test_every_college_of_a_card_is_named_by_its_title(net, tmp_path):
    publish(net, tmp_path / "site", "site")
    site = tmp_path / "site"
    menu = {
        a.get("href").split("/")[-2]: text_of(a)
        for a in parse(site / "index.html").iter("a")
        if "colleges/" in (a.get("href") or "")
    }
    for page in (site / "lieux").iterdir():
        tree = parse(page / "index.html")
        terms, values = list(tree.iter("dt")), list(tree.iter("dd"))
        shown = next(text_of(v) for t, v in zip(terms, values, strict=True) if text_of(t) == "Collèges")
        assert shown and all(name in menu.values() for name in shown.split(", ")), (page.name, shown)


# --------------------------------------------------------------------------- 2. signatures and verdicts


def trust_line(site: Path, place: str) -> list[str]:
    tree = parse(site / "lieux" / place / "index.html")
    return [text_of(p) for p in tree.iter("p") if p.get("class") == "trust"]


def make_key(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen (openssh-client)")
def test_place_pages_say_each_ratings_signature_in_publishs_words(net, tmp_path):
    # A signature by someone else's key, and one that is no signature at all.
    intruder = make_key(tmp_path, "intrus")
    cabane = net / "places" / "la-cabane-pretendue.toml"
    invoke("sign", str(cabane), "--key", str(intruder))
    (net / "places" / "l-escale-inventee.toml.sig").write_text("pas une signature\n", encoding="utf-8")
    signers = ("--signers", str(net / "signataires"))
    publish(net, tmp_path / "site", "site", *signers)
    invoke("--lang", "en", "publish", str(net), "--format", "site", "-o", str(tmp_path / "en"), *signers)
    site = tmp_path / "site"
    expected = {
        HALLE: "modifié depuis la signature",
        "la-cabane-pretendue": "clé d’un autre",
        "l-escale-inventee": "signature illisible",
        "le-phare-de-papier": "signé",
    }
    for place, words in expected.items():
        lines = trust_line(site, place)
        assert lines and all(line.startswith(f"signature : {words}") for line in lines), (place, lines)
    # The same words as the site's own spreadsheet, which publish's other formats write.
    rows = list(csv.reader(io.StringIO((site / "lieux.csv").read_text(encoding="utf-8"))))
    column = rows[0].index("Signature")
    assert {r[column] for r in rows[1:]} == set(expected.values())
    english = trust_line(tmp_path / "en", HALLE)
    assert english and all(line.startswith("signature: changed since it was signed") for line in english)
    # The index filters the ratings by those words (the script reads each row's state).
    choices = parse(site / "index.html").find(".//select[@id='f-signature']")
    assert [o.text for o in choices.iter("option")][1:] == [
        "signé",
        "clé d’un autre",
        "modifié depuis la signature",
        "signature illisible",
    ]
    data = (site / "assets" / "data.js").read_text(encoding="utf-8")
    assert '"changed"]' in data and '"wrong-key"]' in data and '"malformed"]' in data
    # Without --signers, nothing is said of signatures.
    publish(net, tmp_path / "plain", "site")
    assert not any("signature" in line for line in trust_line(tmp_path / "plain", HALLE))
    assert parse(tmp_path / "plain" / "index.html").find(".//select[@id='f-signature']") is None


def criteria_rows(site: Path, place: str) -> dict[str, list[str]]:
    """Each criterion row of a place page by its title: level, outcome, answer, evidence."""
    tree = parse(site / "lieux" / place / "index.html")
    found = {}
    for row in tree.findall(".//table[@class='criteria']/tbody/tr"):
        found[text_of(row.find("th"))] = [text_of(td) for td in row.findall("td")]
    return found


def test_criteria_tables_say_which_answers_a_peer_confirmed_or_disputed(tmp_path):
    publish(NORMANDIE, tmp_path / "site", "site")
    rows = criteria_rows(tmp_path / "site", ETABLI)
    assert rows["Charte des fablabs"][3].endswith("contesté par un pair")
    confirmed = [title for title, cells in rows.items() if cells[3].endswith("confirmé par un pair")]
    assert len(confirmed) >= 3
    # A place nobody reviewed: no verdict.
    assert not any(
        "par un pair" in cells[3]
        for cells in criteria_rows(tmp_path / "site", "la-cabane-pretendue").values()
    )
    invoke("--lang", "en", "publish", str(NORMANDIE), "--format", "site", "-o", str(tmp_path / "en"))
    english = criteria_rows(tmp_path / "en", ETABLI)
    assert any(cells[3].endswith("disputed by a peer") for cells in english.values())


# --------------------------------------------------------------------------- 3. a disputed answer


def test_a_disputed_answer_without_credit_is_shown_as_given_not_as_unanswered(tmp_path):
    criteria = tmp_path / "criteria"
    shutil.copytree(REPO / "criteria", criteria)
    fablab = criteria / "fablab.toml"
    text = fablab.read_text(encoding="utf-8")
    fablab.write_text(
        text.replace("\n[[criteria]]", "\n[set.review]\ndisputed_keeps_credit = false\n\n[[criteria]]", 1),
        encoding="utf-8",
    )
    publish(NORMANDIE, tmp_path / "kept", "site")
    publish(NORMANDIE, tmp_path / "lost", "site", "--criteria", str(criteria))
    kept = criteria_rows(tmp_path / "kept", ETABLI)["Charte des fablabs"]
    lost = criteria_rows(tmp_path / "lost", ETABLI)["Charte des fablabs"]
    # Not counted because disputed: said where the outcome is, not « non rempli » nor « sans réponse ».
    assert lost[1] == "non compté : contesté" and kept[1] != lost[1]
    assert lost[2] == kept[2] and lost[2]  # the place's answer, shown
    assert lost[3].endswith("contesté par un pair")

    score = invoke("score", str(NORMANDIE), "--criteria", str(criteria), "--format", "json")
    record = next(r for r in json.loads(score.stdout) if (r["place"], r["set"]) == (ETABLI, "fablab"))
    charte = next(c for c in record["criteria"] if c["id"] == "fab-charte")
    assert (charte["outcome"], charte["credit"]) == ("unsatisfied", 0.0)
    assert "fab-charte" not in record["unanswered"] and "fab-charte" in record["must_failed"]
    assert record["verification"]["criteria"]["fab-charte"] == "disputed"

    report = invoke("report", str(NORMANDIE), "--criteria", str(criteria), "--format", "csv")
    table = list(csv.reader(io.StringIO(report.stdout)))
    head = table[0]
    row = next(r for r in table[1:] if r[head.index("JEU")] == "fablab" and "Établi" in r[0])
    assert "charte" in row[head.index("CONTESTÉS")].lower()
    assert "charte" not in row[head.index("SANS RÉPONSE")].lower()


# --------------------------------------------------------------------------- 4. units


def test_a_unit_agrees_with_its_number_in_both_languages(tmp_path):
    publish(NORMANDIE, tmp_path / "fr", "site")
    invoke("--lang", "en", "publish", str(NORMANDIE), "--format", "site", "-o", str(tmp_path / "en"))
    french = {
        title: cells[2] for title, cells in criteria_rows(tmp_path / "fr", "la-cabane-pretendue").items()
    }
    english = {
        title: cells[2] for title, cells in criteria_rows(tmp_path / "en", "la-cabane-pretendue").items()
    }
    assert french["Rencontre et échange"] == "1 rencontre par mois"
    assert french["Pluralité des activités"] == "3 activités"
    assert english["Meeting and exchange"] == "1 meeting a month"
    assert english["Plurality of activities"] == "3 activities"


@given(st.one_of(st.integers(0, 500), st.decimals(0, 500, places=1)))
def test_the_singular_is_shown_for_the_quantities_each_language_writes_in_the_singular(value):
    from tlcriteria.i18n import speaking
    from tlcriteria.kinds.number import Number, NumberConfig

    both = NumberConfig((), "heures", None, "hours", "heure", "hour")
    plural_only = NumberConfig((), "heures", None, "hours")
    with speaking("fr"):
        assert Number().show_value(both, value).endswith(" heure" if value < 2 else " heures")
        assert Number().show_value(plural_only, value).endswith(" heures")  # no singular guessed
    with speaking("en"):
        assert Number().show_value(both, value).endswith(" hour" if value == 1 else " hours")
        assert Number().show_value(plural_only, value).endswith(" hours")


# --------------------------------------------------------------------------- 5. the self-assessment page


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ((), ("signée", "tlcriteria sign FICHE-DU-LIEU.toml --key")),
        (("--lang", "en"), ("signed", "tlcriteria sign PLACE-FILE.toml --key")),
    ],
)
def test_the_self_assessment_page_says_the_file_must_be_signed(tmp_path, lang, words):
    invoke(*lang, "publish", str(NORMANDIE), "--format", "site", "-o", str(tmp_path / "site"))
    tree = parse(tmp_path / "site" / "auto-evaluation" / "index.html")
    note = next(p for p in tree.iter("p") if p.get("id") == "assess-signing")
    text = text_of(note)
    assert all(w in text for w in words)
    assert text_of(note.find("code")).startswith("tlcriteria sign ")
