"""What `check` tells members and the working group when they write a little wrong, as a
review by new users met it: every problem named, with the hint that fixes it, in both
languages, through the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .test_every_problem_at_once import REPO, at, edit, lines_about, run
from .test_problem_lines import line_of

LANGUAGES = pytest.mark.parametrize("lang", ["en", "fr"])
ESCALE = REPO / "examples" / "normandie" / "places" / "l-escale-inventee.toml"


def check(lang: str, *paths: Path):
    """`check` of place files (or a network) against the repository's criteria sets."""
    return run(lang, "check", *paths, "--criteria", REPO / "criteria")


@pytest.fixture
def criteria(tmp_path: Path) -> Path:
    """A copy of the repository's criteria sets (the working group edits its own)."""
    return Path(shutil.copytree(REPO / "criteria", tmp_path / "criteria"))


@pytest.fixture
def network(tmp_path: Path) -> Path:
    """A copy of the example network: its network file and its places."""
    return Path(shutil.copytree(REPO / "examples" / "normandie", tmp_path / "normandie"))


@pytest.fixture
def escale(network: Path) -> Path:
    return network / "places" / ESCALE.name


# --------------------------------------------------------------------------- 1. a typo beside an unknown kind

TYPO = {
    "en": (
        "unknown key {key!r} (did you mean 'title'?)",
        "unknown answer kind 'multiple' (did you mean 'multi'?",
    ),
    "fr": (
        "clé inconnue {key!r} (vouliez-vous dire 'title' ?)",
        "type de réponse inconnu 'multiple' (vouliez-vous dire 'multi' ?",
    ),
}


@LANGUAGES
@pytest.mark.parametrize("key", ["titel", "titre"])
def test_a_mistyped_key_is_named_beside_an_unknown_kind(lang, key, criteria):
    tiers_lieu = criteria / "tiers-lieu.toml"
    edit(tiers_lieu, 'title = "Un modèle économique hybride"', f'{key} = "Un modèle économique hybride"')
    edit(tiers_lieu, 'kind = "multi"', 'kind = "multiple"')
    result = run(lang, "check", criteria)
    assert result.exit_code == 1
    typo, kind = TYPO[lang]
    said = lines_about(result, tiers_lieu)
    assert len(said) == 2, said
    [named] = [line for line in said if typo.format(key=key) in line]
    assert at(named) == line_of(tiers_lieu, f'{key} = "Un modèle')
    assert any(kind in line for line in said)
    assert "'title'" not in "".join(line for line in said if line != named)  # not also « missing »


def test_an_unknown_kinds_own_keys_are_still_not_judged(criteria):
    """`options` (a key of a known kind) beside the unknown kind is no unknown key: only the kind is said."""
    tiers_lieu = criteria / "tiers-lieu.toml"
    edit(tiers_lieu, 'kind = "multi"', 'kind = "multiple"')
    [said] = lines_about(run("en", "check", criteria), tiers_lieu)
    assert "unknown answer kind 'multiple'" in said


# --------------------------------------------------------------------------- 2. a place in no college

NO_COLLEGE = {
    "en": "colleges: names no college, so the place is rated in none (write the colleges it belongs to, "
    "among those the criteria sets rate: coworking, fablab, tiers-lieu)",
    "fr": "colleges: ne nomme aucun collège : le lieu n’est donc noté dans aucun (écrivez les collèges du "
    "lieu, parmi ceux que notent les jeux de critères : coworking, fablab, tiers-lieu)",
}


@LANGUAGES
def test_an_empty_colleges_names_the_colleges_the_sets_rate(lang, escale):
    edit(escale, 'colleges = ["coworking", "tiers-lieu"]', "colleges = []")
    result = check(lang, escale)
    assert result.exit_code == 1
    [said] = lines_about(result, escale)
    assert said.endswith(NO_COLLEGE[lang]) and at(said) == line_of(escale, "colleges = []")


def test_an_empty_colleges_without_a_set_that_rates_one_says_where_to_find_it(tmp_path, escale):
    sets = tmp_path / "sets"
    sets.mkdir()
    shutil.copy(REPO / "criteria" / "communs.toml", sets)  # a set of no college
    edit(escale, 'colleges = ["coworking", "tiers-lieu"]', "colleges = []")
    result = run("en", "check", escale, "--criteria", sets)
    [said] = [line for line in lines_about(result, escale) if "colleges:" in line]
    assert said.endswith(
        "names no college, so the place is rated in none (no set with a college is loaded; "
        "give the folder of its criteria set with --criteria DIR)"
    )


# --------------------------------------------------------------------------- 3. a key written twice

TWICE = {
    "en": "malformed TOML: the key {key!r} is written twice, first at line {first} (keep only one of them)",
    "fr": "TOML mal formé : la clé {key!r} est écrite deux fois, d’abord à la ligne {first} (n’en gardez qu’une)",
}


@LANGUAGES
@pytest.mark.parametrize(
    ("old", "new", "key", "first"),
    [
        ('town = "Argentan"', 'town = "Argentan"\nname = "Autre nom"', "name", "name = \"L'Escale"),
        (
            "cadre-explicite = true",
            'cadre-explicite = true\n"un-lieu" = "multiple"',
            "un-lieu",
            'un-lieu = "unique"',
        ),
    ],
)
def test_a_key_written_twice_is_named_with_its_first_line(lang, old, new, key, first, escale):
    edit(escale, old, new)
    result = check(lang, escale)
    assert result.exit_code == 1
    [said] = lines_about(result, escale)
    again = line_of(escale, new.split("\n")[1])
    where = {"en": f"line {again}, column ", "fr": f"ligne {again}, colonne "}[lang]
    assert said.startswith(f"{escale}: {where}"), said
    assert said.endswith(TWICE[lang].format(key=key, first=line_of(escale, first))), said


def test_a_table_written_twice_is_named_with_its_first_line(escale):
    first = line_of(escale, "[contact]")
    with escale.open("a", encoding="utf-8") as file:
        file.write('\n[contact]\nphone = "02 00 00 00 00"\n')
    [said] = lines_about(check("en", escale), escale)
    assert said.endswith(
        f"malformed TOML: the table [contact] is written twice, first at line {first} "
        "(keep only one [table] of that name)"
    ), said


def test_a_key_written_twice_inside_braces_is_named(escale):
    edit(escale, "cadre-explicite = true", "cadre-explicite = { value = true, value = false }")
    [said] = lines_about(check("fr", escale), escale)
    assert said.endswith(
        "TOML mal formé : la clé 'value' est écrite deux fois dans { … } (n’en gardez qu’une)"
    )


# --------------------------------------------------------------------------- 4. the network's words beside an error

NEAR = {
    "en": "warning: {value!r} is close to {word!r}, a usual word of Réseau des Tiers-Lieux Normands",
    "fr": "attention : {value!r} est proche de {word!r}, un mot habituel du Réseau des Tiers-Lieux Normands",
}


@LANGUAGES
@pytest.mark.parametrize("wrong", ['""', "3", '"Etudiant"'])
def test_a_publics_entry_refused_keeps_the_networks_warnings_for_the_others(lang, wrong, network, escale):
    edit(
        escale,
        'publics = ["habitants", "associations", "indépendants"]',
        f'publics = ["Etudiant", "habitant", {wrong}]',
    )
    result = check(lang, network)
    assert result.exit_code == 1
    said = lines_about(result, escale)
    [error] = [line for line in said if "[place], publics:" in line]
    assert at(error) == line_of(escale, "publics =")
    for value, word in (("Etudiant", "étudiants"), ("habitant", "habitants")):
        [warning] = [line for line in said if NEAR[lang].format(value=value, word=word) in line]
        assert at(warning) == line_of(escale, "publics =")


# --------------------------------------------------------------------------- 6. suggestions for values

SUGGESTED = {
    "en": "(did you mean {meant!r}? expected one of: ",
    "fr": "(vouliez-vous dire {meant!r} ? valeurs possibles : ",
}


@LANGUAGES
@pytest.mark.parametrize(
    ("written", "meant"),
    [("existant", "existing"), ("En création", "creating"), ("projet", "project"), ("existng", "existing")],
)
def test_a_stage_as_outputs_say_it_suggests_its_code(lang, written, meant, escale):
    edit(escale, 'stage = "creating"', f'stage = "{written}"')
    result = check(lang, escale)
    assert result.exit_code == 1
    [said] = lines_about(result, escale)
    assert at(said) == line_of(escale, "stage =")
    assert SUGGESTED[lang].format(meant=meant) in said and "'project')" in said


@LANGUAGES
@pytest.mark.parametrize(
    ("old", "new", "meant"),
    [
        ('"usage", "action"', '"usage", "actions"', "action"),
        ('"usage", "action"', '"usage", "ACTION"', "action"),
        ('un-lieu = "unique"', 'un-lieu = "Unique"', "unique"),
        ('un-lieu = "unique"', 'un-lieu = "uniques"', "unique"),
    ],
)
def test_an_option_near_miss_suggests_the_option(lang, old, new, meant, escale):
    edit(escale, old, new)
    result = check(lang, escale)
    assert result.exit_code == 1
    [said] = lines_about(result, escale)
    assert SUGGESTED[lang].format(meant=meant) in said


def test_an_option_far_from_every_one_lists_them_without_guessing(escale):
    edit(escale, 'un-lieu = "unique"', 'un-lieu = "partout"')
    [said] = lines_about(check("en", escale), escale)
    assert said.endswith("(expected one of: 'unique', 'multiple', 'immateriel', 'en-recherche', 'aucun')")
