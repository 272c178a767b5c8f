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


def test_an_empty_colleges_read_without_the_catalogue_shows_how_to_write_one(escale):
    """diff reads place files without the catalogue: the hint then shows how colleges are written."""
    from tlcriteria.documents import read_document
    from tlcriteria.models_from_toml import load_place

    edit(escale, 'colleges = ["coworking", "tiers-lieu"]', "colleges = []")
    doc, _problems = read_document(escale)
    assert doc is not None
    place, [problem] = load_place(doc)
    assert place is None
    assert problem.hint == 'write the colleges it belongs to, e.g. colleges = ["coworking"]'


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


# --------------------------------------------------------------------------- 5. invisible characters in every text

RLO = "\u202e"
OVERRIDE = {
    "en": "holds a bidirectional override (U+202E), which reorders the text on screen "
    "(remove that invisible character)",
    "fr": "contient un caractère de forçage bidirectionnel (U+202E), qui réordonne le texte à l’écran "
    "(supprimez ce caractère invisible)",
}
TEXTS_WRITTEN = [
    ('town = "Argentan"', f'town = "Argentan"\naddress = "{RLO}12 rue"', "[place], address:"),
    ('description = "', f'description = "{RLO}', "[place], description:"),
    ('opening_hours = "', f'opening_hours = "{RLO}', "[place], opening_hours:"),
    ('publics = ["habitants"', f'publics = ["habitants{RLO}"', "[place], publics: element 1:"),
    ('"salle de réunion"', f'"salle{RLO} de réunion"', "[place], services: element 2:"),
    ('name = "Nina', f'name = "{RLO}Nina', "[contact], name:"),
    ('justification = "Comité', f'justification = "{RLO}Comité', "[answers] co-construction: justification:"),
]


@pytest.mark.parametrize(("old", "new", "where"), TEXTS_WRITTEN)
def test_an_override_is_refused_in_every_member_text(old, new, where, escale):
    edit(escale, old, new)
    result = check("en", escale)
    assert result.exit_code == 1
    [said] = lines_about(result, escale)
    assert f"{where} " in said and said.endswith(OVERRIDE["en"]), said
    assert at(said) == line_of(escale, new.split("\n")[-1])


@LANGUAGES
def test_every_text_with_an_override_is_told_at_once(lang, escale):
    for old, new, _where in TEXTS_WRITTEN:
        edit(escale, old, new)
    said = lines_about(check(lang, escale), escale)
    assert len(said) == len(TEXTS_WRITTEN) and all(line.endswith(OVERRIDE[lang]) for line in said), said


@pytest.mark.parametrize("char", ["\\u0007", "\\u2066", "\\u202A"])
def test_other_invisible_characters_are_refused_too(char, escale):
    edit(escale, 'description = "', f'description = "{char}')
    [said] = lines_about(check("en", escale), escale)
    assert "[place], description: holds a" in said and said.endswith("(remove that invisible character)")


def test_a_description_may_still_go_over_several_lines_with_tabs(escale):
    edit(escale, 'description = "', 'description = """Deux lignes,\n\tla seconde en retrait. ')
    edit(escale, '(lieu fictif)."', '(lieu fictif)."""')
    result = check("en", escale)
    assert result.exit_code == 0, result.output


def test_a_networks_word_with_an_override_is_refused(network):
    reseau = network / "reseau.toml"
    edit(
        reseau,
        '{ label = "familles", label_en = "families" }',
        f'{{ label = "familles", label_en = "{RLO}families" }}',
    )
    [said] = lines_about(run("en", "check", reseau), reseau)
    assert "[network], publics, element 7: holds a bidirectional override (U+202E)" in said


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
    assert said.endswith(
        "(expected one of: 'unique', 'multiple', 'immateriel', 'en-recherche', 'aucun'; if it was an "
        "option, the working group may have removed it from the criteria: ask them which answer is right now)"
    )


# --------------------------------------------------------------------------- 5. the site isolates members' words

ARABIC = "طلاب"  # « students », written right to left


@pytest.fixture
def rtl_site(tmp_path: Path, network: Path, escale: Path) -> Path:
    """The example network published, l'Escale writing a public right to left among others."""
    from .site_network import publish_site

    edit(
        escale,
        'publics = ["habitants", "associations"',
        f'publics = ["habitants", "{ARABIC}", "associations"',
    )
    publish_site(network, tmp_path / "public")
    return tmp_path / "public"


def test_the_site_shows_members_words_isolated(rtl_site):
    import html5lib

    page = html5lib.parse((rtl_site / "index.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)
    rows = [tr for tr in page.iter("tr") if "L'Escale Inventée" in "".join(tr.itertext())]
    assert len(rows) == 2  # one per college
    for row in rows:
        publics = row.findall("td")[5]
        assert [b.text for b in publics.findall("bdi")] == [
            "habitants",
            ARABIC,
            "associations",
            "indépendants",
        ]
        assert "".join(publics.itertext()) == f"habitants, {ARABIC}, associations, indépendants"
    for ident in ("f-public", "f-service"):
        [select] = [s for s in page.iter("select") if s.get("id") == ident]
        words = select.findall("option")[1:]
        assert words and all(o.get("dir") == "auto" for o in words)
    assert ARABIC in [o.text for o in next(s for s in page.iter("select") if s.get("id") == "f-public")]
    [college] = [s for s in page.iter("select") if s.get("id") == "f-college"]
    assert all(o.get("dir") is None for o in college.findall("option"))  # ids, not members' words


def test_names_and_justifications_beside_other_text_are_isolated(rtl_site):
    """A place's name before « — town » (college page, map list), a justification before its link."""
    import html5lib

    def parsed(page: str):
        return html5lib.parse((rtl_site / page).read_text(encoding="utf-8"), namespaceHTMLElements=False)

    for page in ("colleges/coworking/index.html", "carte/index.html"):
        [link] = [a for a in parsed(page).iter("a") if "".join(a.itertext()) == "L'Escale Inventée"]
        assert [b.text for b in link.findall("bdi")] == ["L'Escale Inventée"], page
    place = parsed("lieux/l-escale-inventee/index.html")
    said = [b.text for b in place.iter("bdi")]
    assert "Comité d'usagers qui fixe les horaires et les tarifs solidaires." in said


def test_the_rows_the_script_draws_isolate_members_words_too(rtl_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from .browser import chromium
    from .test_publish_browser import require_browser

    require_browser()
    with chromium(1280, 900) as driver:
        driver.get((rtl_site / "index.html").as_uri())
        Select(driver.find_element(By.ID, "f-public")).select_by_visible_text(ARABIC)
        cells = driver.execute_script(
            "return Array.from(document.querySelectorAll('#places tbody tr')).map(tr => "
            "Array.from(tr.cells[6].querySelectorAll('bdi')).map(b => b.textContent));"
        )
    expected = sorted(["habitants", ARABIC, "associations", "indépendants"])
    assert cells and all(sorted(words) == expected for words in cells), cells


# --------------------------------------------------------------------------- 7. sign's key, in the member's language

needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="needs ssh-keygen (openssh-client)"
)
GIVE = {
    "en": "(give your SSH private key, e.g. ~/.ssh/id_ed25519, or its .pub when ssh-agent holds it)",
    "fr": "(donnez votre clé SSH privée, par exemple ~/.ssh/id_ed25519, ou son .pub quand ssh-agent la détient)",
}


@pytest.fixture
def to_sign(tmp_path: Path) -> Path:
    path = tmp_path / "h.toml"
    shutil.copy(ESCALE, path)
    return path


def sign_with(lang: str, key: Path, *files: Path):
    result = run(lang, "sign", *files, "--key", key)
    assert result.exit_code == 1 and "Couldn't" not in result.stderr, result.output
    return result.stderr.splitlines()


@needs_ssh_keygen
@LANGUAGES
def test_a_missing_key_is_said_once_in_the_members_language(lang, tmp_path, to_sign):
    other = tmp_path / "other.toml"
    shutil.copy(ESCALE, other)
    key = tmp_path / "absent" / "id_ed25519"
    said = sign_with(lang, key, to_sign, other)
    what = {"en": ": no such key file ", "fr": " : fichier de clé introuvable "}[lang]
    assert said[0] == f"{key}{what}{GIVE[lang]}"
    assert (
        said[1]
        == {
            "en": "tlcriteria: error: 2 files not signed",
            "fr": "tlcriteria : erreur : 2 fichiers non signés",
        }[lang]
    )
    assert not list(tmp_path.glob("*.sig"))


@needs_ssh_keygen
@LANGUAGES
def test_a_file_that_is_no_key_is_said_so(lang, tmp_path, to_sign):
    key = tmp_path / "notes.txt"
    key.write_text("ma phrase de passe : sesame\n", encoding="utf-8")
    said = sign_with(lang, key, to_sign)
    what = {"en": ": is not an SSH key ", "fr": " : n’est pas une clé SSH "}[lang]
    assert said[0] == f"{key}{what}{GIVE[lang]}"


@needs_ssh_keygen
def test_a_key_that_cannot_be_read_says_why(tmp_path, to_sign):
    key = to_sign / "id_ed25519"  # below a file: no file can be there, whoever runs the test
    said = sign_with("fr", key, to_sign)
    assert said[0] == (
        f"{key} : la clé ne peut pas être lue : n’est pas un dossier "
        "(vérifiez les droits du fichier, ou donnez une autre clé)"
    )


def sign_detached(lang: str, key: Path, path: Path, **env: str) -> str:
    """`sign` in a new session, without a terminal: ssh-keygen cannot ask for a passphrase."""
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tlcriteria.cli", "--lang", lang, "sign", str(path), "--key", str(key)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, **env},
        check=False,
        timeout=60,
    )
    assert done.returncode == 1 and "Couldn't" not in done.stderr, done.stderr
    return done.stderr


@needs_ssh_keygen
@LANGUAGES
def test_ssh_keygens_refusals_are_said_in_the_members_language(lang, tmp_path, to_sign):
    from .test_signatures import make_key

    protected = make_key(tmp_path, "protected", passphrase="sesame ouvre-toi")
    said = sign_detached(lang, protected, to_sign)
    assert (
        said.splitlines()[0]
        == {
            "en": f"{to_sign}: cannot sign: wrong passphrase for this key "
            "(type the key's passphrase again, or add the key to ssh-agent with ssh-add)",
            "fr": f"{to_sign} : signature impossible : mauvaise phrase de passe pour cette clé "
            "(retapez la phrase de passe de la clé, ou confiez la clé à ssh-agent avec ssh-add)",
        }[lang]
    )
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(
        f"{protected}.pub", alone / "protected.pub"
    )  # its private half neither beside it nor in an agent
    said = sign_detached(lang, alone / "protected.pub", to_sign, SSH_AUTH_SOCK=str(tmp_path / "no-agent"))
    assert (
        said.splitlines()[0]
        == {
            "en": f"{to_sign}: cannot sign: ssh-agent does not hold the private key of this public key "
            "(add the key to ssh-agent with ssh-add, or give the private key)",
            "fr": f"{to_sign} : signature impossible : ssh-agent ne détient pas la clé privée de cette clé publique "
            "(confiez la clé à ssh-agent avec ssh-add, ou donnez la clé privée)",
        }[lang]
    )


def test_ssh_keygens_other_words_are_quoted():
    from tlcriteria.i18n import set_language
    from tlcriteria.signatures import _refusal

    set_language("fr")
    try:
        message, hint = _refusal("Enter passphrase: Signing file h.toml\nsomething unforeseen\n")
    finally:
        set_language("en")
    assert message == "ssh-keygen a refusé, en disant « something unforeseen »"
    assert hint == "vérifiez la clé et sa phrase de passe"
