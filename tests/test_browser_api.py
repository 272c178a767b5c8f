"""The self-assessment page's engine (tlcriteria.browser) and its bundle, in CPython, without a browser.

The page must say what the command line says: the questionnaire's messages,
the file `assess` writes, the grade `score` gives. Each is compared with the
real command here; tests/test_browser_page.py drives the same API in chromium.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tlcriteria.browser import Assessment
from tlcriteria.catalogue_loading import load_catalogue
from tlcriteria.cli import main
from tlcriteria.formats.site.bundle import build_bundle
from tlcriteria.i18n import set_language

from .conftest import EXAMPLES
from .test_assess import ALL_ANSWERS

REPO = Path(__file__).parents[1]
WORKED = EXAMPLES / "criteria"  # the worked examples: every built-in kind, evidence, n/a
NETWORK = REPO / "criteria"  # the example network's four sets
#: The identity as the questionnaire asks it, optional fields left out but the website and contact.
IDENTITY = {
    "name": "La Fabrique",
    "id": "",
    "town": "Caen",
    "stage": "1",
    "colleges": "1,2",
    "website": "https://fab.example.org",
    "contact-name": "Camille",
    "contact-email": "camille@example.org",
}
TYPED_IDENTITY = ["La Fabrique", "", "Caen", "1", "1,2", "", "https://fab.example.org", "", "", "", ""]
TYPED_IDENTITY += ["Camille", "camille@example.org"]


def assessment(registry, folder: Path = WORKED, language: str = "fr") -> Assessment:
    set_language(language)
    loaded_sets = load_catalogue(registry, [folder])
    catalogue, problems = loaded_sets.catalogue, list(loaded_sets.problems)
    assert problems == []
    return Assessment.new(registry, catalogue)


def fill_identity(a: Assessment) -> None:
    for field, text in IDENTITY.items():
        a.identity(field, text)


def answer_typed(a: Assessment, lines: list[str]) -> None:
    """The questionnaire's typed lines, question by question (an evidence line after its answer)."""
    lines = list(lines)
    for c in a.session.criteria():
        a.answer(c.id, lines.pop(0), None, False)
        if a.session.evidence_of(c) != "none":
            a.evidence(c.id, lines.pop(0))
    assert lines == []


def score(runner: CliRunner, path: Path, folder: Path) -> list[dict[str, Any]]:
    result = runner.invoke(main, ["score", str(path), "--criteria", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    return records if isinstance(records, list) else records["ratings"]


def shown(records: list[dict[str, Any]]) -> list[tuple[str, str | None, Any]]:
    return sorted(
        (r["set"], r["grade"], None if r["shown_percent"] is None else str(r["shown_percent"]))
        for r in records
    )


# ---------------------------------------------------------------------- the form


def test_each_kind_gives_its_form_control(registry):
    a = assessment(registry)
    fill_identity(a)
    controls = {q["id"]: q["control"] for q in a.questions()}
    assert controls["fab-acces"]["control"] == "one"  # choice: radio buttons of its options
    assert [o["value"] for o in controls["fab-acces"]["options"]][:1] == ["libre"]
    assert controls["contribution-reseau"]["control"] == "several"  # multi: check boxes
    assert controls["liberte-usagers"] == {
        "control": "one",
        "options": [{"value": "oui", "label": "oui"}, {"value": "non", "label": "non"}],
    }
    assert controls["pluralite-activites"]["control"] == "number"
    assert [o["value"] for o in controls["co-construction"]["options"]] == ["0", "1", "2", "3", "4"]
    by_id = {q["id"]: q for q in a.questions()}
    assert by_id["transparence-financiere"]["na"] is True
    assert by_id["fab-acces"]["na"] is False
    assert by_id["co-construction"]["theme"] and by_id["co-construction"]["help"] is not None


def test_a_plugin_kind_without_a_control_of_its_own_gets_a_text_field(registry):
    from tlcriteria.interfaces import AnswerKind

    class Bare(AnswerKind):
        name = "bare"

        def check_value(self, config, value):
            return None if isinstance(value, int) else ("a whole number", "type digits")

        def credit(self, config, value):
            return 1

    assert Bare().form_control(None) == {"control": "text", "hint": "a value"}


# ---------------------------------------------------------------------- the same as the questionnaire


@pytest.mark.parametrize(
    ("position", "typed"),
    [(0, "9"), (0, "abc"), (4, "peut-être"), (5, "-3"), (5, "beaucoup"), (6, "n/a"), (7, "7")],
)
def test_messages_are_the_questionnaires(registry, runner, tmp_path, position, typed):
    a = assessment(registry, language="en")
    fill_identity(a)
    criterion = a.session.criteria()[position]
    with pytest.raises(Exception) as refused:
        a.answer(criterion.id, typed, None, False)
    message = str(refused.value)
    lines = [*TYPED_IDENTITY, *ALL_ANSWERS[:position], typed, "quit"]
    if position > 7:  # past co-construction's justification
        lines.insert(len(TYPED_IDENTITY) + 8, ALL_ANSWERS[8])
    result = runner.invoke(
        main,
        ["assess", "--lang", "en", "-o", str(tmp_path / "x.toml"), "--criteria", str(WORKED)],
        input="\n".join(lines) + "\n",
    )
    assert message in result.output


def test_identity_messages_are_the_questionnaires(registry):
    a = assessment(registry, language="en")
    with pytest.raises(Exception) as refused:
        a.identity("id", "La Fabrique")
    assert "is not a valid identifier" in str(refused.value)
    with pytest.raises(Exception) as refused:
        a.identity("contact-email", "camille")
    assert (
        str(refused.value)
        == "“camille” is not an email address: write it as name@example.org, or leave it empty."
    )


def test_the_file_is_byte_for_byte_what_assess_writes(registry, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner(env={"LANGUAGE": "", "LANG": ""}).invoke(
        main, ["assess", "--criteria", str(WORKED)], input="\n".join([*TYPED_IDENTITY, *ALL_ANSWERS]) + "\n"
    )
    assert result.exit_code == 0, result.output
    a = assessment(registry)
    fill_identity(a)
    answer_typed(a, ALL_ANSWERS)
    assert a.complete()
    assert a.text() == (tmp_path / "la-fabrique.toml").read_text("utf-8")
    assert a.state()["file"] == "la-fabrique.toml"


# ---------------------------------------------------------------------- the identity card

EXAMPLE_NETWORK = REPO / "examples" / "normandie" / "reseau.toml"
#: The identity card and coordinates, as typed in the questionnaire and as the page sends them
#: (the network's words ticked come as their labels; "impression 3d" is written as the network does).
CARD = {
    "coords": ("49,18 -0.37", "49,18 -0.37"),
    "description": ("Un atelier partagé au bord de l'Orne.", "Un atelier partagé au bord de l'Orne."),
    "publics": ("1, 2, artistes", "habitants, étudiants, artistes"),
    "services": ("impression 3d; repair café", "impression 3d, repair café"),
    "opening_hours": ("Du mardi au samedi, 9 h - 18 h", "Du mardi au samedi, 9 h - 18 h"),
}


def example_network():
    from tlcriteria.documents import read_document
    from tlcriteria.network import load_network

    doc, problems = read_document(EXAMPLE_NETWORK)
    assert doc is not None and problems == []
    network, problems = load_network(doc)
    assert network is not None and problems == []
    return network


def with_network(registry, language: str = "fr") -> Assessment:
    a = assessment(registry, language=language)
    return Assessment.new(a.registry, a.catalogue, network=example_network())


def test_the_identity_card_and_coordinates_give_what_assess_writes(registry, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reseau.toml").write_bytes(EXAMPLE_NETWORK.read_bytes())  # assess finds it beside the file
    typed = list(TYPED_IDENTITY)
    typed[5] = CARD["coords"][0]
    typed[7:11] = [CARD[k][0] for k in ("description", "publics", "services", "opening_hours")]
    result = CliRunner(env={"LANGUAGE": "", "LANG": ""}).invoke(
        main,
        ["assess", "-o", "la-fabrique.toml", "--criteria", str(WORKED)],
        input="\n".join([*typed, *ALL_ANSWERS]) + "\n",
    )
    assert result.exit_code == 0, result.output
    a = with_network(registry)
    notes = []
    for field, (_typed, sent) in reversed(CARD.items()):  # any order gives the same file
        notes += a.identity(field, sent)
    fill_identity(a)
    answer_typed(a, ALL_ANSWERS)
    written = (tmp_path / "la-fabrique.toml").read_text("utf-8")
    assert a.text() == written
    assert notes == ["« impression 3d » est écrit « impression 3D », comme l’écrit le réseau."]
    assert notes[0] in result.output
    place = a.state()["identity"]
    assert place["publics"] == ["habitants", "étudiants", "artistes"]
    assert place["services"] == ["impression 3D", "repair café"]
    assert place["coords"] == "49.18, -0.37"
    a.identity("coords", "")  # an optional field emptied is left out of the file
    a.identity("publics", "")
    assert "lat =" not in a.text() and "publics" not in a.text() and "services" in a.text()


def test_the_network_words_are_offered_in_the_sites_language(registry):
    words = with_network(registry, "en").state()["usual"]
    assert words["publics"][1] == {"value": "étudiants", "label": "students"}
    assert [w["value"] for w in words["services"]][:2] == ["salle de réunion", "café associatif"]
    assert with_network(registry, "fr").state()["usual"]["publics"][1]["label"] == "étudiants"
    assert assessment(registry).state()["usual"] == {"publics": [], "services": []}  # no network file


@pytest.mark.parametrize(
    ("field", "typed"),
    [("coords", "49.18"), ("coords", "-0.37 49.18"), ("coords", "91 0"), ("publics", "12")],
)
def test_identity_card_messages_are_the_questionnaires(registry, tmp_path, field, typed):
    """Refused as the questionnaire refuses them, with the network's area and words."""
    (tmp_path / "reseau.toml").write_bytes(EXAMPLE_NETWORK.read_bytes())
    a = with_network(registry, "en")
    with pytest.raises(Exception) as refused:
        a.identity(field, typed)
    lines = list(TYPED_IDENTITY)
    position = {"coords": 5, "publics": 8}[field]
    lines = [*lines[:position], typed, "quit"]
    result = CliRunner(env={"LANGUAGE": "en"}).invoke(
        main,
        ["assess", "--lang", "en", "-o", str(tmp_path / "x.toml"), "--criteria", str(WORKED)],
        input="\n".join(lines) + "\n",
    )
    assert str(refused.value) in result.output


def test_coordinates_outside_the_network_are_kept_with_the_questionnaires_note(registry):
    a = with_network(registry, "en")
    notes = a.identity("coords", "45.76 4.83")
    assert len(notes) == 1 and notes[0].startswith("Kept, but")
    assert a.state()["identity"]["coords"] == "45.76, 4.83"


def test_the_bundle_carries_the_network_the_site_was_published_with(registry):
    from tlcriteria.browser import network_from
    from tlcriteria.formats.site.bundle import network_entry

    network = example_network()
    again = network_from(json.loads(json.dumps(network_entry(network))))
    assert (again.name, again.area, again.publics, again.services) == (
        network.name,
        network.area,
        network.publics,
        network.services,
    )
    assert again.path == "reseau.toml"  # the file's name, as the questionnaire's hints say it
    catalogue = load_catalogue(registry, [NETWORK]).catalogue
    with zipfile.ZipFile(io.BytesIO(build_bundle(registry, catalogue, network).data)) as archive:
        assert json.loads(archive.read("network.json")) == network_entry(network)
    with zipfile.ZipFile(io.BytesIO(build_bundle(registry, catalogue).data)) as archive:
        assert "network.json" not in archive.namelist()


def test_answers_given_out_of_order_or_by_picking_give_the_same_file(registry):
    a = assessment(registry)
    fill_identity(a)
    answer_typed(a, ALL_ANSWERS)
    b = assessment(registry)
    b.identity("colleges", IDENTITY["colleges"])  # the questions follow the colleges
    criteria = b.session.criteria()
    for c in reversed(criteria):  # the last question first, options picked rather than typed
        value = a.session.answer_of(c)
        assert value is not None
        kind = registry.kinds[c.kind]
        if value.na:
            b.answer(c.id, None, None, True)
        elif kind.picks(c.config) != "text":
            b.answer(c.id, None, list(kind.chosen_options(c.config, value.value)), False)
        else:
            b.answer(c.id, kind.typed_text(c.config, value.value), None, False)
        if value.justification:
            b.evidence(c.id, value.justification)
    for field, text in reversed(IDENTITY.items()):
        b.identity(field, text)
    assert b.text() == a.text()


def test_resuming_a_file_keeps_it_as_written_and_adds_the_new_answers(registry, tmp_path):
    original = (
        '# notre fiche\n[place]\nid = "lieu"\nname = "Le Lieu"  # le nom\ntown = "Caen"\n'
        'stage = "existing"\ncolleges = ["tiers-lieu"]\n\n[answers]\nliberte-usagers = true\n'
    )
    a = assessment(registry)
    a = Assessment.new(a.registry, a.catalogue, original, "lieu.toml")
    by_id = {q["id"]: q for q in a.questions()}
    assert by_id["liberte-usagers"]["answer"]["picked"] == ["oui"]
    a.answer("accueil-public", "1", None, False)
    text = a.text()
    assert text.startswith(original.split("\n\n")[0])  # comments and order kept
    assert 'accueil-public = "libre"' in text


def test_a_broken_file_is_one_line(registry):
    a = assessment(registry)
    with pytest.raises(Exception) as refused:
        Assessment.new(a.registry, a.catalogue, "[place\nname = 1", "mauvais.toml")
    assert str(refused.value).startswith("mauvais.toml") and "\n" not in str(refused.value)


# ---------------------------------------------------------------------- the same as score and advise


def test_rating_and_advice_are_those_of_score_and_advise(registry, runner, tmp_path):
    a = assessment(registry, language="en")
    fill_identity(a)
    answer_typed(a, ALL_ANSWERS)
    path = tmp_path / "la-fabrique.toml"
    path.write_text(a.text(), "utf-8")
    ratings, problems = a.ratings(advise=True)
    assert problems == []
    assert shown(score(runner, path, WORKED)) == sorted(
        (r["set"], r["grade"], None if r["percent"] is None else str(r["percent"])) for r in ratings
    )
    advised = runner.invoke(main, ["advise", str(path), "--criteria", str(WORKED), "--format", "json"])
    targets = {row["set"]: row["target"] for row in json.loads(advised.stdout)}
    assert {r["set"]: r["advice"]["target"] for r in ratings} == targets
    assert [r["advice"] for r in a.ratings()[0]] == [r["advice"] for r in ratings]  # remembered
    a.answer("fab-acces", "3", None, False)
    assert [r["advice"] is None for r in a.ratings()[0]] == [r["set"] == "fablab" for r in ratings]


def test_the_advice_can_be_asked_set_by_set(registry):
    """The page asks one set's advice at a time, so that an answer never waits for all of them."""
    a = assessment(registry, language="en")
    fill_identity(a)
    answer_typed(a, ALL_ANSWERS)
    first = {r["set"]: r["advice"] for r in a.ratings(advise="tiers-lieu")[0]}
    assert first["tiers-lieu"] is not None and all(v is None for k, v in first.items() if k != "tiers-lieu")
    everything = {r["set"]: r["advice"] for r in a.ratings(advise=True)[0]}
    assert everything["tiers-lieu"] == first["tiers-lieu"] and None not in everything.values()


def _answers(draw, a: Assessment) -> None:
    """Random answers to the questions of the chosen colleges: a value, n/a, nothing, evidence or not."""
    for c in a.session.criteria():
        kind = a.registry.kinds[c.kind]
        control = kind.form_control(c.config)
        choice = draw(
            st.sampled_from(["skip", "value", "value", "na"] if c.na_allowed else ["skip", "value"])
        )
        if choice == "skip":
            continue
        if choice == "na":
            a.answer(c.id, None, None, True)
        elif control.get("options"):
            values = [o["value"] for o in control["options"]]
            many = control["control"] == "several"
            picked = (
                draw(st.lists(st.sampled_from(values), unique=True, max_size=len(values)))
                if many
                else [draw(st.sampled_from(values))]
            )
            a.answer(c.id, None, picked, False)
        else:
            a.answer(c.id, str(draw(st.integers(0, 60))), None, False)
        if a.session.evidence_of(c) != "none" and draw(st.booleans()):
            a.evidence(
                c.id,
                "https://preuve.example.org/"
                if a.session.evidence_of(c) == "url"
                else "Voir le compte rendu",
            )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_the_pages_rating_is_the_clis(registry, tmp_path, data):
    runner = CliRunner(env={"LANGUAGE": "en"})
    a = assessment(registry, NETWORK)
    colleges = data.draw(st.lists(st.sampled_from(sorted(a.catalogue.colleges)), min_size=1, unique=True))
    fill_identity(a)
    a.identity("colleges", ", ".join(colleges))
    _answers(data.draw, a)
    path = tmp_path / "lieu.toml"
    path.write_text(a.text(), "utf-8")
    ratings, problems = a.ratings()
    assert problems == []
    assert shown(score(runner, path, NETWORK)) == sorted(
        (r["set"], r["grade"], None if r["percent"] is None else str(r["percent"])) for r in ratings
    )


# ---------------------------------------------------------------------- the bundle


def network_bundle(registry) -> bytes:
    catalogue = load_catalogue(registry, [NETWORK]).catalogue
    return build_bundle(registry, catalogue).data


def test_the_bundle_holds_the_engine_and_its_pure_python_dependencies_only(registry):
    data = network_bundle(registry)
    assert network_bundle(registry) == data  # the same bytes each time
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        dates = {info.date_time for info in archive.infolist()}
        listing = json.loads(archive.read("sets.json"))
    assert names == sorted(names) and dates == {(1980, 1, 1, 0, 0, 0)}
    for wanted in (
        "tlcriteria/browser.py",
        "tlcriteria/locale/fr/LC_MESSAGES/tlcriteria.mo",
        "attr/__init__.py",
    ):
        assert wanted in names
    for package in ("click", "pluggy", "tomli_w", "tomlkit", "attrs"):
        assert f"{package}/__init__.py" in names
    for absent in ("prompt_toolkit/", "toml_rs", "__pycache__", "vendor/pyodide", ".po"):
        assert not any(absent in n for n in names), absent
    assert len(listing["criteria"]) == 1 and len([n for n in names if n.startswith("sets/criteria/")]) == 4


def run_unpacked(tmp_path: Path, data: bytes, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API in a Python that has the bundle and the standard library only (no site-packages:
    neither toml_rs nor prompt_toolkit), as in Pyodide."""
    root = tmp_path / "bundle"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(root)
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "from tlcriteria.browser import handle\n"
        "for line in sys.stdin:\n"
        "    print(handle(line))\n"
        "assert 'toml_rs' not in sys.modules and 'prompt_toolkit' not in sys.modules\n"
    )
    stdlib = sysconfig.get_paths()["stdlib"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code],
        input="\n".join(json.dumps(r) for r in requests) + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=stdlib,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_unpacked_bundle_runs_alone_and_rates_as_the_cli(registry, runner, tmp_path):
    data = network_bundle(registry)
    requests = [
        {"op": "start", "root": str(tmp_path / "bundle"), "language": "en"},
        *({"op": "identity", "field": f, "text": t} for f, t in IDENTITY.items() if f != "colleges"),
        {"op": "identity", "field": "colleges", "text": "fablab"},
        {"op": "answer", "criterion": "fab-acces-public", "picked": ["libre"]},
        {"op": "answer", "criterion": "fab-charte", "text": "zzz"},
    ]
    replies = run_unpacked(tmp_path, data, requests)
    assert replies[0]["error"] is None and replies[0]["notes"] == []
    assert [c["name"] for c in replies[0]["state"]["colleges"]] == ["coworking", "fablab", "tiers-lieu"]
    assert replies[-1]["error"] == "“zzz” is not in the list: type a number from 1 to 3."
    final = replies[-1]["state"]
    path = tmp_path / "la-fabrique.toml"
    path.write_text(final["text"], "utf-8")
    assert shown(score(runner, path, NETWORK)) == [
        (r["set"], r["grade"], None if r["percent"] is None else str(r["percent"])) for r in final["ratings"]
    ]


def test_documents_without_toml_rs_locate_problems_as_with_it(tmp_path):
    """In Pyodide toml_rs is missing: tomllib reads, and problems keep their line numbers."""
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[place]\nid = "x"\nname = "X"\ntown = "Caen"\nstage = "existant"\ncolleges = ["tiers-lieu"]\n'
        "\n[answers]\nliberte-usagers = 3\n",
        "utf-8",
    )
    code = (
        "import sys\n"
        "{block}"
        "from tlcriteria.cli import main\n"
        f"main(['check', {str(bad)!r}, '--criteria', {str(WORKED)!r}])\n"
    )
    outputs = []
    for block in ("", "sys.modules['toml_rs'] = None\n"):
        result = subprocess.run(
            [sys.executable, "-c", code.replace("{block}", block)],
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "LANGUAGE": "en",
                "TLCRITERIA_DISABLE_PLUGINS": "tlcriteria-communs,tlcriteria-coworking,tlcriteria-fablab,tlcriteria-tiers-lieu",
            },
            check=False,
        )
        outputs.append(result.stdout + result.stderr)
    assert "line 5" in outputs[0] and "line 9" in outputs[0]
    assert outputs[1] == outputs[0]


def test_the_page_speaks_the_sites_language(registry):
    from tlcriteria.formats.site.assess_page import assess_data, assess_page
    from tlcriteria.formats.site.layout import SiteInfo

    info = SiteInfo("Places", "Network", "2026-01-15", "tlcriteria", (("fablab", "Fablab"),))
    for language, title, without in (
        ("fr", "auto-évaluer", "Cette page a besoin de JavaScript"),
        ("en", "Self-assessment", "This page needs JavaScript"),
    ):
        set_language(language)
        html = assess_page(info)
        assert f'<html lang="{language}"' in html and title in html
        assert "<noscript>" in html and without in html and "tlcriteria assess" in html
        assert assess_data({})["language"] == language
