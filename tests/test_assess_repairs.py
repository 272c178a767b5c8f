"""`tlcriteria assess` on place files a member wrote wrong, and stopped before its file exists.

A file TOML cannot read is said as `check` says it, then how to go on; identity
fields that `check` refuses are asked again (never kept with Enter); an unknown
key standing for a required one is explained; a stop before the new file is
first written says what was not saved. In French, as members read it: through
the command line, and in a real pseudo-terminal (pexpect).
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .conftest import EXAMPLES
from .conftest import spawn_assess as spawn

CRITERIA = str(EXAMPLES / "criteria")
FRENCH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}

#: The review's place file: four identity fields `check` refuses.
WRONG = """\
[place]
id = "mon-lieu"
name = "Mon lieu"
town = "Caen"
stage = "existant"
colleges = ["tiers-lieu"]
lat = "49.18"
lon = -0.37
website = "www.mon-lieu.fr"
"""


def assess(*args: str, lines: list[str]):
    return CliRunner().invoke(
        main,
        ["assess", *args, "--criteria", CRITERIA],
        input="".join(f"{line}\n" for line in lines),
        env=FRENCH,
    )


def check(path: Path):
    return CliRunner().invoke(main, ["check", "--criteria", CRITERIA, str(path)], env=FRENCH)


def written(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"), parse_float=Decimal)


# ---------------------------------------------------------------- a file TOML cannot read


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ('[place]\nid = "a"\nname = "A\ntown = "Caen"\n', ""),  # a text not closed
        ('[place]\nid = "a"\nassessed = 2026-02-30\n', ""),  # a date that does not exist
        ("Mes notes sur le lieu\n", "-o"),  # not TOML at all, given as the file to write
    ],
)
def test_a_file_toml_cannot_read_is_said_as_check_says_it(tmp_path: Path, text: str, option: str) -> None:
    path = tmp_path / ("notes.txt" if option else "a.toml")
    path.write_text(text, "utf-8")
    result = assess(*([option] if option else []), str(path), lines=["quitter"])
    assert result.exit_code == 1
    said = check(path).stderr.splitlines()[0]  # « PATH: ligne 3, colonne 10: TOML mal formé : … (…) »
    assert "TOML mal formé" in said
    assert result.stderr.splitlines() == [
        said,
        f"tlcriteria : erreur : {path} est laissé tel quel : corrigez ce qui est dit ci-dessus, puis relancez "
        "le questionnaire ; ou commencez une nouvelle fiche ailleurs (tlcriteria assess -o NOUVELLE.toml)",
    ]
    assert path.read_text("utf-8") == text  # nothing overwritten
    assert "Illegal character" not in result.output and "Invalid date" not in result.output


def test_the_date_that_does_not_exist_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('[place]\nid = "a"\nassessed = 2026-02-30\n', "utf-8")
    assert "le 30 février n’existe pas" in assess(str(path), lines=[]).stderr


def test_a_criteria_set_given_as_the_place_file_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "jeu.toml"
    path.write_text('[set]\nid = "x"\n', "utf-8")
    result = assess(str(path), lines=["quitter"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}: est un jeu de critères, pas une fiche de lieu "
        "(donnez une fiche de lieu à reprendre, ou le nom d’une nouvelle fiche)"
    )
    assert path.read_text("utf-8") == '[set]\nid = "x"\n'


# ---------------------------------------------------------------- identity fields check refuses


def test_identity_fields_check_refuses_are_asked_again_and_repaired(tmp_path: Path) -> None:
    path = tmp_path / "mon-lieu.toml"
    path.write_text(WRONG, "utf-8")
    result = assess(str(path), lines=["", "1", "49.18, -0.37", "", "quitter"])
    out = result.output
    assert result.exit_code == 0, out
    # What was wrong is said, and the wrong value is no default.
    assert "La valeur de la fiche n’est pas valable ('existant' n’est pas permis" in out
    assert "Stade [" not in out and "Coordonnées [" not in out and "Site web [" not in out
    assert "Stade : \nCette information est nécessaire pour enregistrer la fiche." in out
    assert "il faut un nombre, pas le texte '49.18'" in out
    assert "'www.mon-lieu.fr' n’est pas une adresse web" in out
    assert "La valeur qui n’était pas valable est retirée de la fiche." in out  # Enter: left out
    assert "Nom du lieu" not in out and "Commune" not in out  # valid fields are not asked
    place = written(path)["place"]
    assert place["stage"] == "existing" and place["lat"] == Decimal("49.18") and "website" not in place
    assert "Réponses enregistrées dans" in out
    assert check(path).exit_code == 0


def test_review_offers_no_invalid_value_to_keep(tmp_path: Path) -> None:
    path = tmp_path / "mon-lieu.toml"
    path.write_text(WRONG, "utf-8")
    result = assess(str(path), "--review", lines=["", "", "", "", "", "", "quitter"])
    out = result.output
    assert "Nom du lieu [Mon lieu] :" in out and "Commune [Caen] :" in out  # valid: kept with Enter
    assert "Stade [" not in out and "[existant]" not in out
    assert "Cette information est nécessaire pour enregistrer la fiche." in out
    assert path.read_text("utf-8") == WRONG  # quit at the stage: nothing changed
    assert "Rien n’a changé dans" in out


def test_an_unknown_key_for_the_name_is_explained_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "hangar.toml"
    path.write_text(
        WRONG.replace('name = "Mon lieu"', 'nom = "Le Hangar"')
        .replace('stage = "existant"', 'stage = "existing"')
        .replace('lat = "49.18"', "lat = 49.18")
        .replace("www.", "https://www."),
        "utf-8",
    )
    quit_at_once = assess(str(path), lines=["quitter"])
    out = quit_at_once.output
    assert "La fiche écrit « nom », qui n’est pas une clé de fiche de lieu : c’est « name »." in out
    assert "Nom du lieu [Le Hangar] :" in out
    assert f"Rien n’a changé dans {path}." in out  # the file exists: no « Rien n’est enregistré »
    assert "Rien n’est enregistré" not in out and "Pas enregistré" not in out
    assert "clé inconnue 'nom' (vouliez-vous dire 'name' ?)" in quit_at_once.stderr

    result = assess(str(path), lines=["", "quitter"])
    assert result.exit_code == 0, result.output
    place = written(path)["place"]
    assert place["name"] == "Le Hangar" and "nom" not in place
    assert f"Réponses enregistrées dans {path}." in result.output
    assert check(path).exit_code == 0


def test_a_college_no_set_rates_is_asked_again(tmp_path: Path) -> None:
    path = tmp_path / "b.toml"
    path.write_text(
        '[place]\nid = "b"\nname = "B"\ntown = "Caen"\nstage = "existing"\ncolleges = ["tiers-lieux"]\n',
        "utf-8",
    )
    result = assess(str(path), lines=["", "2", "quitter"])
    out = result.output
    assert (
        "La valeur de la fiche n’est pas valable (aucun jeu de critères ne note le collège 'tiers-lieux'"
    ) in out
    assert "vouliez-vous dire 'tiers-lieu' ?" in out
    assert "  1. fablab" in out and "  2. tiers-lieu" in out  # the choices: the colleges the sets rate
    assert "Collèges [" not in out
    assert "Collèges : \nCette information est nécessaire" in out
    assert written(path)["place"]["colleges"] == ["tiers-lieu"]
    assert "Question 1 /" in out  # the college's questions now come


# ---------------------------------------------------------------- stopping before the file exists


def test_quitting_before_the_file_is_written_says_what_is_not_saved(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = assess(lines=["Le Hangar", "", "Rouen", "quitter"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        "Pas enregistrés : le nom, l’identifiant, la commune (la fiche est écrite une fois connus le nom, "
        "l’identifiant, la commune, le stade et les collèges) ; relancez tlcriteria assess pour les donner."
    )
    assert list(tmp_path.iterdir()) == []


def test_in_a_terminal_the_refused_stage_is_asked_again_then_saved(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")  # only the terminal's tests need it
    path = tmp_path / "mon-lieu.toml"
    path.write_text(WRONG, "utf-8")
    child = spawn(str(path), cwd=tmp_path)
    child.expect_exact("Reprise de Mon lieu")
    child.expect_exact("La valeur de la fiche n’est pas valable ('existant' n’est pas permis")
    child.expect_exact("Stade :")
    child.sendline("")
    child.expect_exact("Cette information est nécessaire pour enregistrer la fiche.")
    child.sendline("1")
    child.expect_exact("il faut un nombre, pas le texte '49.18'")
    child.expect_exact("Coordonnées :")
    child.sendline("49.18, -0.37")
    child.expect_exact("Site web :")
    child.sendline("https://www.mon-lieu.fr")
    child.expect_exact("Question 1 /")
    child.sendintr()
    child.expect_exact(f"Réponses enregistrées dans {path}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert check(path).exit_code == 0


def test_in_a_terminal_ctrl_c_before_the_file_exists_says_what_is_lost(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = spawn(cwd=tmp_path)
    for label, text in [("Nom du lieu", "Le Hangar"), ("Identifiant [le-hangar]", ""), ("Commune", "Rouen")]:
        child.expect_exact(label)
        child.sendline(text)
    child.expect_exact("Stade :")
    child.sendintr()
    child.expect_exact("Pas enregistrés : le nom, l’identifiant, la commune")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []
