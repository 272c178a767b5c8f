"""`check` (and `score`, `publish`) tell every problem in one run (SPEC §2, README « every
problem of every file »): nothing held back until the first ones are fixed, nothing that only
follows from another, by file then line. Each case as a new user met it, in English and French.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria.cli import main

from .test_problem_lines import line_of

REPO = Path(__file__).resolve().parent.parent
GRANGE = REPO / "examples" / "normandie" / "places" / "la-grange-inventee.toml"

TEXTS = {
    "en": {
        "also used": "place id 'la-grange-inventee' is also used by",
        "out of range": "lat: 149.27 is out of range",
        "web address": "website: 'htp//example.org' is not a web address",
        "unknown extends": "[set] extends: extends unknown set 'commun'; answers to its criteria are not checked "
        "(did you mean 'communs'?)",
        "criterion twice": "criterion id 'cw-pass-coworking' is already used by criterion #1",
        "percent": "min_percent: 120 is out of range",
        "swapped": "warning: latitude and longitude look swapped: -0.37, 49.18",
        "near word": "warning: 'Etudiant' is close to 'étudiants'",
        "option": "text 'uniqu' is not an option of this criterion",
        "restates": "restates criterion 'liberte-usager', which no set it extends defines "
        "(did you mean 'liberte-usagers'?)",
        "not an option": "option_evidence: 'partout' is not an option of this criterion",
        "nom": "[network], nom: unknown key 'nom' (did you mean 'name'?)",
        "titre": "[set], nom: unknown key 'nom' (did you mean 'title'?)",
        "missing": "missing required key",
        "problems": "problems found",
        "error": "tlcriteria: error:",
    },
    "fr": {
        "also used": "l’identifiant de lieu 'la-grange-inventee' est aussi utilisé par",
        "out of range": "lat: 149.27 est hors des limites",
        "web address": "website: 'htp//example.org' n’est pas une adresse web",
        "unknown extends": "[set] extends: étend un jeu inconnu 'commun' ; les réponses à ses critères ne sont "
        "pas vérifiées (vouliez-vous dire 'communs' ?)",
        "criterion twice": "l’identifiant de critère 'cw-pass-coworking' est déjà utilisé par le critère n°1",
        "percent": "min_percent: 120 est hors des limites",
        "swapped": "attention : latitude et longitude semblent inversées : -0.37, 49.18",
        "near word": "attention : 'Etudiant' est proche de 'étudiants'",
        "option": "le texte 'uniqu' n’est pas une option de ce critère",
        "restates": "reformule le critère 'liberte-usager', qu’aucun jeu étendu ne définit "
        "(vouliez-vous dire 'liberte-usagers' ?)",
        "not an option": "option_evidence: 'partout' n’est pas une option de ce critère",
        "nom": "[network], nom: clé inconnue 'nom' (vouliez-vous dire 'name' ?)",
        "titre": "[set], nom: clé inconnue 'nom' (vouliez-vous dire 'title' ?)",
        "missing": "clé obligatoire",
        "problems": "problèmes trouvés",
        "error": "tlcriteria : erreur :",
    },
}

LANGUAGES = pytest.mark.parametrize("lang", ["en", "fr"])


def run(lang: str, *args: str | Path):
    """The command as a member types it, in `lang`; never a traceback."""
    result = CliRunner().invoke(main, ["--lang", lang, *(str(a) for a in args)])
    assert "Traceback" not in result.output, result.output
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def lines_about(result, path: Path) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(f"{path}: ")]


def at(line_text: str) -> int:
    """The line number a problem line names (`PATH: line N, …`, `PATH: ligne N, …`)."""
    rest = line_text.split(": ", 1)[1]
    return int(rest.split(" ", 1)[1].split(",", 1)[0])


@pytest.fixture
def criteria(tmp_path: Path) -> Path:
    """A copy of the repository's criteria sets (the working group edits its own)."""
    return Path(shutil.copytree(REPO / "criteria", tmp_path / "criteria"))


@pytest.fixture
def twin_places(tmp_path: Path) -> tuple[Path, Path]:
    """a.toml, a copy of an example place; c.toml with the same id, a wrong lat and a wrong URL."""
    places = tmp_path / "places"
    places.mkdir()
    a, c = places / "a.toml", places / "c.toml"
    shutil.copy(GRANGE, a)
    shutil.copy(GRANGE, c)
    edit(c, "lat = 49.2764", "lat = 149.27")
    edit(c, "opening_hours =", 'website = "htp//example.org"\nopening_hours =')
    return a, c


# --------------------------------------------------------------------------- 1. a repeated place id


@LANGUAGES
def test_check_tells_a_repeated_id_with_the_other_errors_of_the_file(lang, criteria, twin_places):
    a, c = twin_places
    texts = TEXTS[lang]
    result = run(lang, "check", a.parent, "--criteria", criteria)
    assert result.exit_code == 1
    problems = result.stderr.splitlines()
    # By file, then line: both files' id lines, then c.toml's lat and website.
    assert [(line.split(": ", 1)[0], at(line)) for line in problems[:-1]] == [
        (str(a), 3),
        (str(c), 3),
        (str(c), line_of(c, "lat = 149.27")),
        (str(c), line_of(c, "website =")),
    ]
    assert texts["also used"] in problems[0] and str(c) in problems[0]
    assert texts["also used"] in problems[1] and str(a) in problems[1]
    assert texts["out of range"] in problems[2]
    assert texts["web address"] in problems[3]
    assert problems[-1].startswith(texts["error"]) and "4 " in problems[-1]


@LANGUAGES
@pytest.mark.parametrize("workers", ["1", "2"])
def test_score_and_publish_tell_it_too_and_rate_neither(lang, workers, criteria, twin_places, monkeypatch):
    """The same lines from the streamed score (in a pool of workers too) and from publish;
    neither file is rated: which of the two is the place cannot be told."""
    monkeypatch.setenv("TLCRITERIA_WORKERS", workers)
    monkeypatch.setattr("tlcriteria.parallel.MIN_PLACES", 0)
    monkeypatch.setattr("tlcriteria.parallel.CHUNK", 1)  # one file per slice: the id repeats across slices
    a, c = twin_places
    checked = run(lang, "check", a.parent, "--criteria", criteria)
    said = lines_about(checked, a) + lines_about(checked, c)
    assert len(said) == 4
    for command in (["score"], ["publish", "--format", "json", "-o", str(a.parent.parent / "out.json")]):
        result = run(lang, *command, a.parent, "--criteria", criteria)
        assert result.exit_code == 1, result.output
        assert lines_about(result, a) + lines_about(result, c) == said  # line for line, in check's order
        assert "la-grange-inventee" not in result.stdout


# --------------------------------------------------------------------------- 2. an unknown extends


@LANGUAGES
def test_an_unknown_extends_is_told_with_the_sets_other_errors(lang, criteria):
    coworking = criteria / "coworking.toml"
    edit(coworking, 'extends = ["communs"]', 'extends = ["commun"]')
    edit(coworking, 'id = "cw-confort"', 'id = "cw-pass-coworking"')
    edit(coworking, "min_percent = 80", "min_percent = 120")
    texts = TEXTS[lang]
    result = run(lang, "check", criteria)
    assert result.exit_code == 1
    said = lines_about(result, coworking)
    assert len(said) == 3, result.stderr
    assert texts["unknown extends"] in said[0] and at(said[0]) == line_of(coworking, "extends =")
    assert texts["criterion twice"] in said[1]
    assert texts["percent"] in said[2] and at(said[2]) == line_of(coworking, "min_percent = 120")
    assert f"3 {texts['problems']}" in result.stderr


@LANGUAGES
def test_a_criterion_id_shared_with_a_set_with_errors_is_told_in_both(lang, criteria):
    """As between two sets that load: each file names the other, in the same run as the errors."""
    coworking, fablab = criteria / "coworking.toml", criteria / "fablab.toml"
    edit(coworking, 'id = "cw-confort"', 'id = "fab-charte"')
    edit(coworking, "min_percent = 80", "min_percent = 120")
    result = run(lang, "check", criteria)
    assert result.exit_code == 1
    also = {
        "en": "criterion id 'fab-charte' is also defined by set",
        "fr": "l’identifiant de critère 'fab-charte' est aussi défini par le jeu",
    }[lang]
    said = lines_about(result, coworking)
    assert [also in said[0], TEXTS[lang]["percent"] in said[1], len(said)] == [True, True, 2], said
    assert at(said[0]) == line_of(coworking, 'id = "fab-charte"') - 1 and f"'fablab' ({fablab})" in said[0]
    [other] = lines_about(result, fablab)
    assert also in other and f"'coworking' ({coworking})" in other
    assert at(other) == line_of(fablab, 'id = "fab-charte"') - 1


@LANGUAGES
def test_score_and_publish_tell_the_sets_problems_by_line_too(lang, criteria, twin_places):
    coworking = criteria / "coworking.toml"
    edit(coworking, 'extends = ["communs"]', 'extends = ["commun"]')
    edit(coworking, "min_percent = 80", "min_percent = 120")
    a, _c = twin_places
    texts = TEXTS[lang]
    for command in (["score"], ["publish", "--format", "json", "-o", str(a.parent.parent / "out.json")]):
        result = run(lang, *command, a.parent, "--criteria", criteria)
        assert result.exit_code == 1
        said = lines_about(result, coworking)
        assert [texts["unknown extends"] in said[0], texts["percent"] in said[1], len(said)] == [
            True,
            True,
            2,
        ]


def test_a_badly_written_extends_is_not_also_an_unknown_set(criteria):
    coworking = criteria / "coworking.toml"
    edit(coworking, 'extends = ["communs"]', 'extends = ["Communs"]')
    result = run("en", "check", criteria)
    [said] = lines_about(result, coworking)
    assert "'Communs' is not a valid id" in said


def test_an_extends_of_a_set_with_errors_is_not_unknown(criteria):
    """A set extending a set that has errors is told to fix that set first, as before: the
    parent is known, only broken."""
    communs = criteria / "communs.toml"
    edit(communs, 'id = "un-lieu"', 'id = "liberte-usagers"')
    result = run("en", "check", criteria)
    assert result.exit_code == 1
    assert "unknown set" not in result.stderr


# --------------------------------------------------------------------------- 3. the network's warnings


@LANGUAGES
def test_the_networks_warnings_come_with_a_places_errors(lang, tmp_path, criteria):
    network = Path(shutil.copytree(REPO / "examples" / "normandie", tmp_path / "normandie"))
    grange = network / "places" / "la-grange-inventee.toml"
    edit(grange, "lat = 49.2764", "lat = -0.37")
    edit(grange, "lon = -0.7024", "lon = 49.18")
    edit(grange, 'publics = ["indépendants", "télétravailleurs"]', 'publics = ["Etudiant"]')
    edit(grange, 'un-lieu = "unique"', 'un-lieu = "uniqu"')
    # A latitude the loader refuses brings its error and no warning of its own (not « outside the area »).
    ruche = next(p for p in sorted((network / "places").glob("*.toml")) if p != grange)
    text = ruche.read_text(encoding="utf-8")
    lat_line = next(line for line in text.splitlines() if line.startswith("lat = "))
    edit(ruche, lat_line, "lat = 149.27")
    texts = TEXTS[lang]
    result = run(lang, "check", network, "--criteria", criteria)
    assert result.exit_code == 1
    said = lines_about(result, grange)
    assert any(texts["option"] in line for line in said)
    [swapped] = [line for line in said if texts["swapped"] in line]
    assert at(swapped) == line_of(grange, "lat = -0.37")
    [near] = [line for line in said if texts["near word"] in line]
    assert at(near) == line_of(grange, "publics =")
    [refused] = lines_about(result, ruche)
    assert texts["out of range"] in refused  # its only line


@LANGUAGES
def test_a_sets_warnings_come_with_a_places_errors(lang, tmp_path, criteria):
    """A place's error does not hold back the sets' warnings: only the sets' own errors do."""
    fablab = criteria / "fablab.toml"
    questions = [
        line for line in fablab.read_text(encoding="utf-8").splitlines() if line.startswith("question = ")
    ]
    edit(fablab, questions[1], questions[0])
    places = tmp_path / "places"
    places.mkdir()
    shutil.copy(GRANGE, places / "grange.toml")
    edit(places / "grange.toml", 'un-lieu = "unique"', 'un-lieu = "uniqu"')
    result = run(lang, "check", criteria, places)
    assert result.exit_code == 1
    [twice] = lines_about(result, fablab)
    assert {"en": "asks the same question as criterion", "fr": "pose la même question que le critère"}[
        lang
    ] in twice
    assert at(twice) == line_of(fablab, 'id = "fab-charte"') - 1  # its [[criteria]] header


# --------------------------------------------------------------------------- 4. [[restate]] lines


@LANGUAGES
def test_a_restate_problem_gives_its_line(lang, criteria):
    tiers_lieu = criteria / "tiers-lieu.toml"
    with tiers_lieu.open("a", encoding="utf-8") as file:
        file.write('\n[[restate]]\nid = "liberte-usager"\n')
        file.write('\n[[restate]]\nid = "un-lieu"\noption_evidence = { partout = "url" }\n')
    texts = TEXTS[lang]
    result = run(lang, "check", criteria)
    assert result.exit_code == 1
    said = lines_about(result, tiers_lieu)
    headers = [
        n
        for n, line in enumerate(tiers_lieu.read_text(encoding="utf-8").splitlines(), 1)
        if line == "[[restate]]"
    ]
    [unknown] = [line for line in said if texts["restates"] in line]
    assert at(unknown) == headers[0] and '[[restate]] "liberte-usager"' in unknown
    [option] = [line for line in said if texts["not an option"] in line]
    assert at(option) == headers[1] and '[[restate]] "un-lieu", option_evidence' in option


# --------------------------------------------------------------------------- 5. a misspelt required key


@LANGUAGES
def test_a_french_key_for_a_required_one_is_one_problem_naming_it(lang, tmp_path, criteria):
    network = Path(shutil.copytree(REPO / "examples" / "normandie", tmp_path / "normandie"))
    reseau = network / "reseau.toml"
    edit(reseau, 'name = "Réseau', 'nom = "Réseau')
    fablab = criteria / "fablab.toml"
    edit(fablab, "\ntitle = ", "\nnom = ")
    texts = TEXTS[lang]
    result = run(lang, "check", reseau, criteria)
    assert result.exit_code == 1
    [network_line] = lines_about(result, reseau)
    assert texts["nom"] in network_line and at(network_line) == line_of(reseau, 'nom = "Réseau')
    [set_line] = lines_about(result, fablab)
    assert texts["titre"] in set_line
    assert texts["missing"] not in result.stderr


def test_two_unknown_keys_are_not_guessed(tmp_path):
    """Only the one unknown key can stand for the one required key missing: with two, which
    one is meant cannot be told, and the missing key is said as such."""
    reseau = tmp_path / "reseau.toml"
    shutil.copy(REPO / "examples" / "normandie" / "reseau.toml", reseau)
    edit(reseau, 'name = "Réseau', 'nom = "Réseau')
    edit(reseau, "[network.area]", 'couleur = "bleu"\n\n[network.area]')
    result = run("en", "check", reseau)
    said = lines_about(result, reseau)
    assert len(said) == 3 and "missing required key 'name'" in said[0], said


# --------------------------------------------------------------------------- the rule, as a property

KEYS = st.sampled_from(["nom", "ville", "titre", "identifiant", "naem", "tonw", "x"])


@given(
    dropped=st.sets(st.sampled_from(["id", "name", "town", "stage", "colleges"])),
    added=st.dictionaries(KEYS, st.sampled_from(["texte", "la-grange", 3])),
)
def test_each_missing_key_is_said_once(dropped, added):
    """However keys are dropped and foreign ones added: every unknown key is said once, and
    every required key missing is said once, as missing or as the key an unknown one stands for."""
    from tlcriteria.fields import validate_table
    from tlcriteria.file_keys import PLACE_FIELDS

    table = {"id": "x", "name": "X", "town": "Caen", "stage": "existing", "colleges": ["fablab"]}
    table = {k: v for k, v in table.items() if k not in dropped} | added
    said: list[tuple[str, str, str]] = []
    validate_table(table, PLACE_FIELDS, lambda key, message, hint, **_at: said.append((key, message, hint)))
    unknown = [s for s in said if s[1].startswith("unknown key")]
    assert sorted(s[0] for s in unknown) == sorted(added)
    for key in dropped:
        as_missing = [s for s in said if s[0] == key]
        as_meant = [s for s in unknown if s[2] == f"did you mean {key!r}?"]
        assert len(as_missing) + min(len(as_meant), 1) == 1, (key, said)
