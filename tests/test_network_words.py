"""The network's usual publics and services: check suggests them, assess offers them, the site groups by them."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import html5lib
import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria.cli import main
from tlcriteria.vocabulary import Vocabulary, Word, singular_key, word_key

from .conftest import EXAMPLES

REPO = Path(__file__).resolve().parent.parent
CRITERIA = str(EXAMPLES / "criteria")
NETWORK = """\
[network]
name = "Réseau d'essai"
publics = [
  { label = "étudiants", label_en = "students" },
  "habitants",
]
services = [{ label = "impression 3D", label_en = "3D printing" }, "salle de réunion"]
"""


def place_file(folder: Path, ident: str, publics: list[str], services: list[str]) -> Path:
    path = folder / f"{ident}.toml"
    path.write_text(
        f'[place]\nid = "{ident}"\nname = "Lieu {ident}"\ntown = "Caen"\nstage = "existing"\n'
        f'colleges = ["tiers-lieu"]\npublics = {json.dumps(publics, ensure_ascii=False)}\n'
        f"services = {json.dumps(services, ensure_ascii=False)}\n\n[answers]\nliberte-usagers = true\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def network(tmp_path: Path) -> Path:
    (tmp_path / "reseau.toml").write_text(NETWORK, encoding="utf-8")
    (tmp_path / "places").mkdir()
    return tmp_path


def check(runner: CliRunner, *args: str):
    env = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
    return runner.invoke(main, ["--lang", "en", "check", "--criteria", CRITERIA, *args], env=env)


def test_check_suggests_the_networks_word_for_near_misses(runner: CliRunner, network: Path) -> None:
    place_file(
        network / "places",
        "a",
        ["Etudiant", "habitans", "pêcheurs", "students"],  # accents/case/plural, typo, own word, English
        ["Impression 3d", "salle de réunion", "jardin"],
    )
    result = check(runner, str(network))
    assert result.exit_code == 0, result.output  # warnings only
    lines = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(lines) == 3, result.stderr
    path = network / "places" / "a.toml"
    assert lines[0] == (
        f"{path}: line 7, [place] publics: warning: 'Etudiant' is close to 'étudiants', a usual word of "
        "Réseau d'essai (write 'étudiants', as the network does, so that the site's filters group it)"
    )
    assert "'habitans' is close to 'habitants'" in lines[1]
    assert (
        "line 8, [place] services" in lines[2] and "'Impression 3d' is close to 'impression 3D'" in lines[2]
    )
    assert check(runner, "--strict", str(network)).exit_code == 1


def test_check_says_nothing_of_words_written_as_the_network_writes_them(
    runner: CliRunner, network: Path
) -> None:
    place_file(network / "places", "b", ["étudiants", "students", "retraités"], ["3D printing", "jardin"])
    result = check(runner, str(network))
    assert result.exit_code == 0 and "warning" not in result.stderr, result.output


def test_a_place_outside_the_networks_folder_is_not_told(runner: CliRunner, network: Path, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    place_file(elsewhere, "c", ["Etudiant"], [])
    result = check(runner, str(network / "reseau.toml"), str(elsewhere))
    assert result.exit_code == 0 and "warning" not in result.stderr, result.output


@pytest.mark.parametrize(
    "words, expected",
    [
        (
            'publics = ["étudiants", "Etudiants"]',
            "[network], publics, element 2: 'Etudiants' is listed twice",
        ),
        ("publics = [3]", "[network], publics, element 1: expected a text or a table, found the number 3"),
        ('services = [""]', "[network], services, element 1: must not be empty"),
        ('services = [{ lable = "x" }]', "[network], services, element 1, lable: unknown key 'lable'"),
        ('services = [{ label_en = "x" }]', "element 1, label: missing required key 'label'"),
        (f'publics = ["{"x" * 61}"]', "is longer than 60 characters"),
        ('publics = "étudiants"', "[network], publics: expected a list in square brackets"),
    ],
)
def test_check_reports_broken_word_lists(
    runner: CliRunner, tmp_path: Path, words: str, expected: str
) -> None:
    (tmp_path / "reseau.toml").write_text(f'[network]\nname = "R"\n{words}\n', encoding="utf-8")
    result = check(runner, str(tmp_path / "reseau.toml"))
    assert result.exit_code == 1
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_the_example_network_file_fits_its_schema_and_checks_clean(runner: CliRunner) -> None:
    example = REPO / "examples" / "normandie"
    schema = json.loads((REPO / "schema" / "network.schema.json").read_text(encoding="utf-8"))
    data = tomllib.loads((example / "reseau.toml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["network"]["publics"] and data["network"]["services"]
    bad = {"network": {"name": "R", "publics": [{"label": "x", "lable": "y"}]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    result = runner.invoke(main, ["check", str(REPO / "criteria"), str(example)])
    assert result.exit_code == 0 and "warning" not in result.output, result.output


# --------------------------------------------------------------------------- the questionnaire

IDENTITY_START = ["Le Lieu", "", "Caen", "1", "2", "", ""]  # name, id, town, stage, tiers-lieu, coords, site


def test_questionnaire_offers_the_networks_words(runner: CliRunner, network: Path) -> None:
    target = network / "places" / "le-lieu.toml"
    lines = [*IDENTITY_START, "", "2, 1, retraités, Etudiant", "1", "", "", "", "q"]
    env = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
    result = runner.invoke(
        main,
        ["--lang", "en", "assess", "--criteria", CRITERIA, "-o", str(target)],
        input="\n".join(lines) + "\n",
        env=env,
    )
    assert "The network's usual words" in result.output, result.output
    assert "  1. students\n  2. habitants\n" in result.output  # shown in the questionnaire's language
    assert "  1. 3D printing\n  2. salle de réunion\n" in result.output
    assert "“Etudiant” is written “étudiants”, as the network writes it." in result.output
    place = tomllib.loads(target.read_text(encoding="utf-8"))["place"]
    # numbers are the network's words (as places write them), own words kept, near spellings put right
    assert place["publics"] == ["habitants", "étudiants", "retraités"]
    assert place["services"] == ["impression 3D"]


def test_questionnaire_refuses_a_number_off_the_list(runner: CliRunner, network: Path) -> None:
    target = network / "places" / "le-lieu.toml"
    lines = [*IDENTITY_START, "", "7", "1", "1", "", "", "", "q"]
    result = runner.invoke(
        main,
        ["--lang", "en", "assess", "--criteria", CRITERIA, "-o", str(target)],
        input="\n".join(lines) + "\n",
        env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""},
    )
    assert "7 is not in the list: type numbers from 1 to 2." in result.output, result.output
    place = tomllib.loads(target.read_text(encoding="utf-8"))["place"]
    assert place["publics"] == ["étudiants"] and place["services"] == ["impression 3D"]


# --------------------------------------------------------------------------- the site


def filter_options(index: Path, ident: str) -> list[str]:
    tree = html5lib.parse(index.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    select = next(s for s in tree.iter("select") if s.get("id") == ident)
    return [o.text for o in select.iter("option") if o.get("value")]


def publish_site(runner: CliRunner, network: Path, target: Path, *extra: str):
    result = runner.invoke(
        main,
        [*extra, "publish", str(network), "--criteria", CRITERIA, "-f", "site", "-o", str(target)],
        env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", "SOURCE_DATE_EPOCH": "1764547200"},
    )
    assert result.exit_code == 0, result.output
    return result


def test_site_filters_group_by_the_networks_words(runner: CliRunner, network: Path, tmp_path_factory) -> None:
    tmp_path = tmp_path_factory.mktemp("sites")  # outside the network's folder: -o may not be inside an input
    places = network / "places"
    place_file(places, "a", ["Etudiants", "retraités"], ["salle de réunion"])
    place_file(places, "b", ["étudiant", "Habitants"], ["Impression 3D", "jardin"])
    place_file(places, "c", ["Retraités", "artistes"], ["Jardin"])
    place_file(places, "d", ["retraités"], ["jardin"])  # shown as most places write it
    publish_site(runner, network, tmp_path / "fr")
    index = tmp_path / "fr" / "index.html"
    # the network's words first, in its order, then the places' own (same word whatever the case)
    assert filter_options(index, "f-public") == ["étudiants", "habitants", "artistes", "retraités"]
    assert filter_options(index, "f-service") == ["impression 3D", "salle de réunion", "jardin"]
    script = (tmp_path / "fr" / "assets" / "data.js").read_text(encoding="utf-8")
    data = json.loads(script[script.index("=") + 1 : script.rindex(";")])
    by_place = {row[0]: [data["publics"][k] for k in row[8]] for row in data["rows"]}
    assert by_place["a"] == ["étudiants", "retraités"] and by_place["b"] == ["étudiants", "habitants"]
    # the badges carry the network file's name when --network is not given
    badge = next((tmp_path / "fr" / "badges").iterdir()).read_text(encoding="utf-8")
    assert "Réseau d&#x27;essai" in badge or "Réseau d'essai" in badge

    publish_site(runner, network, tmp_path / "en", "--lang", "en")
    english = tmp_path / "en" / "index.html"
    assert filter_options(english, "f-public") == ["students", "habitants", "artistes", "retraités"]
    assert filter_options(english, "f-service") == ["3D printing", "salle de réunion", "jardin"]
    # the place's page and its row say the network's words too (in English here), each once
    page = html5lib.parse(
        (tmp_path / "en" / "lieux" / "b" / "index.html").read_text(encoding="utf-8"),
        namespaceHTMLElements=False,
    )
    card = next(d for d in page.iter("dl") if d.get("class") == "card")
    lists = [[li.text for li in ul.iter("li")] for ul in card.iter("ul")]
    assert lists == [["students", "habitants"], ["3D printing", "jardin"]]
    french = html5lib.parse(
        (tmp_path / "fr" / "lieux" / "b" / "index.html").read_text(encoding="utf-8"),
        namespaceHTMLElements=False,
    )
    card = next(d for d in french.iter("dl") if d.get("class") == "card")
    assert next([li.text for li in ul.iter("li")] for ul in card.iter("ul")) == ["étudiants", "habitants"]
    # the API keeps the place's own words, as written
    api = json.loads((tmp_path / "en" / "api" / "places" / "b.json").read_text(encoding="utf-8"))
    assert api["publics"] == ["étudiant", "Habitants"]


# --------------------------------------------------------------------------- properties

words = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]), min_size=1, max_size=20)


@given(words)
def test_a_word_written_as_the_network_writes_it_is_that_word(word: str) -> None:
    if not word_key(word):
        return
    vocabulary = Vocabulary((Word(word),))
    assert vocabulary.word_for(word) == Word(word)
    assert vocabulary.word_for(f"  {word}  ") == Word(word)
    assert vocabulary.suggestion(word) is None  # nothing to suggest: written exactly as the network does
    assert singular_key(word) == singular_key(word_key(word))
