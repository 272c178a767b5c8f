"""The network's own criteria sets (criteria/) and the example network (examples/normandie/).

These are the files the working group edits: the tests say what must stay true
of them whatever is amended (every criterion answerable and sourced, every grade
reachable by some example place, fictional places in real Normandy towns).
The sets are always given with `--criteria criteria`, so the tests do not
depend on which college plugins are installed.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from tlcriteria.cli import main

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = ROOT / "criteria"
NETWORK = ROOT / "examples" / "normandie"
PLACES = NETWORK / "places"
SET_IDS = ("communs", "tiers-lieu", "coworking", "fablab")
COLLEGE_SETS = ("tiers-lieu", "coworking", "fablab")

# Metropolitan Normandy (Calvados, Eure, Manche, Orne, Seine-Maritime), with a small margin.
NORMANDY_LAT = (48.15, 50.10)
NORMANDY_LON = (-1.95, 1.82)

# The real places named on the network's page (meetings of 15 June, 21 September
# and 27 November 2017): an example place must never carry one of these names.
REAL_PLACES = (
    "Le Café des images",
    "La Coop 5 pour cent",
    "CRANT La Prairie",
    "Le Dôme",
    "DATA",
    "La Fabrique Culturelle du Bessin",
    "La ferme culturelle du Bessin",
    "La Fabrique APEFIM",
    "ARDES",
    "Tiers-Lieux Rive Droite",
    "CCI Portes de Normandie",
    "Coworking Coutances",
    "Station Mir",
    "Interstice",
    "La Centrifugeuz",
    "Les Murs d'Agon",
    "Bande de Sauvages",
    "Le Wip",
    "Cité de chantier",
    "La grande halle",
    "L'AVEC",
    "L'Ecloserie Numérique",
    "Les 7 vents du Cotentin",
    "Les Copeaux Numériques",
    "Be Coworking",
    "Le DOC",
    "shaDOC Café",
    "Le Scoire",
    "Au Charbon",
    "L'Aube",
    "Club de la presse et de la communication de Normandie",
    "Fort de Tourneville",
    "Kaléidoscope",
    "La maison Bleue",
    "L'usine café",
    "La Filature",
    "Work&Co",
    "Tiers-Lieu professions bien-être",
    "La Cantine numérique",
    "Galanga",
)


def load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def sets() -> dict[str, dict]:
    return {set_id: load(CRITERIA / f"{set_id}.toml") for set_id in SET_IDS}


def places() -> dict[str, dict]:
    return {path.stem: load(path) for path in sorted(PLACES.glob("*.toml"))}


def words(name: str) -> list[str]:
    """Lower case, no accents, no punctuation: 'L'Écloserie' → ['l', 'ecloserie']."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["score", str(PLACES), "--criteria", str(CRITERIA), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ------------------------------------------------------------------ the sets


def test_every_set_checks(runner):
    result = runner.invoke(main, ["check", str(CRITERIA)])
    assert result.exit_code == 0, result.output
    assert "4 criteria set(s)" in result.stdout


@pytest.mark.parametrize("set_id", SET_IDS)
def test_each_set_is_listed_with_its_version(runner, set_id):
    result = runner.invoke(main, ["sets", "--criteria", str(CRITERIA)])
    assert result.exit_code == 0, result.output
    row = next(line.split() for line in result.stdout.splitlines() if line.split()[:1] == [set_id])
    assert row[1] == sets()[set_id]["set"]["version"]


def test_set_headers():
    data = sets()
    for set_id, content in data.items():
        header = content["set"]
        assert header["id"] == set_id
        assert header["version"].strip()
        assert header.get("description"), set_id
    for set_id in COLLEGE_SETS:
        assert data[set_id]["set"]["college"] == set_id
    assert "college" not in data["communs"]["set"], "communs is extended, not a college"
    assert data["tiers-lieu"]["set"]["extends"] == ["communs"]
    assert data["coworking"]["set"]["extends"] == ["communs"]
    assert "extends" not in data["fablab"]["set"], "the profile scheme rates choice criteria only"
    assert data["fablab"]["set"]["scheme"] == "profile"


def test_communs_carries_the_seven_commons_and_the_network_rules():
    ids = {c["id"] for c in sets()["communs"]["criteria"]}
    commons = {
        "liberte-usagers",
        "un-lieu",
        "pluralite-activites",
        "decloisonnement",
        "rencontre-echange",
        "co-construction",
        "role-politique",
    }
    rules = {"transparence-financiere", "contribution-reseau", "ouverture-entree"}
    assert commons | rules <= ids


def test_every_criterion_is_answerable_without_help():
    for set_id, content in sets().items():
        for criterion in content["criteria"]:
            where = f"{set_id}: {criterion['id']}"
            assert criterion["question"].rstrip().endswith("?"), where
            assert len(criterion.get("help", "").strip()) >= 20, where
            assert criterion.get("theme"), where
            assert criterion.get("level") in ("must", "should", "may"), where
            assert criterion.get("weight", 0) > 0, where


def test_every_criterion_says_where_it_comes_from():
    """A `# Source : …` comment sits right above each [[criteria]] (maybe over several lines)."""
    for set_id in SET_IDS:
        lines = (CRITERIA / f"{set_id}.toml").read_text(encoding="utf-8").splitlines()
        starts = [i for i, line in enumerate(lines) if line.strip() == "[[criteria]]"]
        assert len(starts) == len(sets()[set_id]["criteria"])
        for start in starts:
            comments = []
            i = start - 1
            while i >= 0 and lines[i].startswith("#"):
                comments.insert(0, lines[i])
                i -= 1
            criterion_id = lines[start + 1]
            assert comments, f"{set_id}.toml line {start + 1} ({criterion_id}): no comment above [[criteria]]"
            source = " ".join(comments)
            assert "# Source :" in source, f"{set_id}.toml line {start + 1} ({criterion_id})"
            assert re.search(r"20\d\d", source), (
                f"{set_id}.toml ({criterion_id}): the source names no meeting date"
            )


def test_criterion_ids_are_unique_across_the_catalogue():
    seen: dict[str, str] = {}
    for set_id, content in sets().items():
        for criterion in content["criteria"]:
            assert criterion["id"] not in seen, (
                f"{criterion['id']} in {set_id} and {seen.get(criterion['id'])}"
            )
            seen[criterion["id"]] = set_id
    prefixes = {"tiers-lieu": "tl-", "coworking": "cw-", "fablab": "fab-"}
    for set_id, prefix in prefixes.items():
        assert all(c["id"].startswith(prefix) for c in sets()[set_id]["criteria"]), set_id


def test_every_answer_kind_is_used():
    kinds = {c["kind"] for content in sets().values() for c in content["criteria"]}
    assert {"yes-no", "scale", "choice", "multi", "number"} <= kinds


def test_thresholds_grades_have_labels_and_a_final_unconditional_grade():
    for set_id in ("tiers-lieu", "coworking"):
        grades = sets()[set_id]["grades"]
        assert len(grades) >= 3
        for grade in grades:
            assert grade.get("label") and grade.get("description"), f"{set_id} {grade['grade']}"
        assert not {"min_percent", "require", "min_theme_percent"} & set(grades[-1])


def test_fablab_follows_the_fab_lab_conformity_rating():
    content = sets()["fablab"]
    assert [c["id"] for c in content["criteria"]] == [
        "fab-acces-public",
        "fab-charte",
        "fab-outils",
        "fab-reseau",
    ]
    for criterion in content["criteria"]:
        assert criterion["kind"] == "choice"
        assert [o["grade"] for o in criterion["options"]] == ["A", "B", "C"], criterion["id"]
    defined = {g["grade"]: g for g in content["grades"]}
    assert {"A", "B", "C"} <= set(defined)
    allowed = {"grade", "label", "description", "label_en", "description_en"}
    for grade in content["grades"]:
        assert set(grade) <= allowed
        assert grade["label"] and len(grade["description"]) > 40


# ------------------------------------------------------------------ the example network


def test_example_network_checks(runner):
    result = runner.invoke(main, ["check", str(NETWORK), str(CRITERIA)])
    assert result.exit_code == 0, result.output
    assert "no problem found" in result.stdout


def test_every_place_is_rated_for_each_of_its_colleges(records):
    expected = {(pid, college) for pid, data in places().items() for college in data["place"]["colleges"]}
    assert {(r["place"], r["set"]) for r in records} == expected
    for record in records:
        assert record["grade"], record["place"]
        assert record["set_version"] == sets()[record["set"]]["set"]["version"]


def test_the_network_is_large_and_varied():
    data = places()
    assert len(data) >= 12
    assert {p["place"]["stage"] for p in data.values()} == {"existing", "creating", "project"}
    assert {c for p in data.values() for c in p["place"]["colleges"]} == set(COLLEGE_SETS)
    assert any(len(p["place"]["colleges"]) > 1 for p in data.values())
    answers = [a for p in data.values() for a in p["answers"].values() if isinstance(a, dict)]
    assert any(a.get("na") and a.get("justification") for a in answers), "some n/a with a justification"
    assert any("url" in a for a in answers) and any("justification" in a and "value" in a for a in answers)
    for pid, place in data.items():
        assert place["place"]["id"] == pid
        assert place["contact"]["name"]
        assert place["contact"]["email"].endswith("example.org"), pid
        assert place["place"].get("website", "https://x.example.org").split("/")[2].endswith("example.org")


@pytest.mark.parametrize("set_id", ["tiers-lieu", "coworking"])
def test_every_grade_appears_in_the_example_network(records, set_id):
    wanted = [g["grade"] for g in sets()[set_id]["grades"]]
    got = {r["grade"] for r in records if r["set"] == set_id}
    assert got == set(wanted), f"{set_id}: missing {set(wanted) - got}"


def test_fablab_profiles_are_varied(records):
    codes = {r["grade"] for r in records if r["set"] == "fablab"}
    assert "AAAA" in codes
    assert len(codes) >= 5
    for letter in "ABC-":
        assert any(letter in code for code in codes), letter
    assert all(re.fullmatch(r"[ABC-]{4}", code) for code in codes)


def test_places_are_in_normandy():
    for pid, data in places().items():
        place = data["place"]
        assert NORMANDY_LAT[0] <= place["lat"] <= NORMANDY_LAT[1], pid
        assert NORMANDY_LON[0] <= place["lon"] <= NORMANDY_LON[1], pid


def test_place_names_do_not_collide_with_real_places():
    real = [words(name) for name in REAL_PLACES]
    for pid, data in places().items():
        name = words(data["place"]["name"])
        for real_name in real:
            n = len(real_name)
            windows = [name[i : i + n] for i in range(len(name) - n + 1)]
            assert real_name not in windows, f"{pid}: {data['place']['name']!r} contains a real place's name"
