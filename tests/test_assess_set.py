"""`tlcriteria assess --set S` in a real pseudo-terminal: the place ends up in the college S rates.

The college comes from the set (`college = …`), never from its name: the same
rules hold for a set brought by a plugin (tests/plugins/test_assess_plugin_set.py).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .conftest import EXAMPLES
from .conftest import spawn_assess as spawn

pexpect = pytest.importorskip("pexpect")

CRITERIA = str(EXAMPLES / "criteria")
REFUSED = "Le jeu « Collège fablab (exemple) » (--set fablab) ne note que les lieux du collège fablab"


def answer(child: pexpect.spawn, label: str, text: str) -> None:
    child.expect_exact(label)
    child.sendline(text)


def place(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))["place"]


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = child.before or ""
    assert "Traceback" not in out
    return out


def score_summary(path: Path) -> str:
    """`tlcriteria score` without --set: the place is rated for the colleges it is in."""
    result = CliRunner().invoke(
        main, ["--lang", "en", "score", "--criteria", CRITERIA, str(path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_new_place_has_the_set_college_preselected_and_cannot_drop_it(tmp_path: Path) -> None:
    child = spawn("--set", "fablab", "-o", "lab.toml", cwd=tmp_path)
    for label, text in [("Nom du lieu", "Le Lab"), ("Identifiant [le-lab]", ""), ("Commune", "Vire")]:
        answer(child, label, text)
    answer(child, "Stade", "1")
    child.expect_exact(
        "Le jeu « Collège fablab (exemple) » (--set fablab) note le collège fablab : il est ajouté aux "
        "collèges du lieu (Entrée garde ce choix)."
    )
    answer(child, "Collèges [fablab] :", "2")  # tiers-lieu only: the set would rate a place outside it
    child.expect_exact(
        f"{REFUSED} : gardez-le parmi les collèges (par ex. 1, 2), ou lancez le questionnaire sans --set."
    )
    answer(child, "Collèges [fablab] :", "passer")
    child.expect_exact("Cette information est nécessaire")
    answer(child, "Collèges [fablab] :", "")  # Enter keeps the set's college
    for label in ("Coordonnées", "Site web", "Description", "Publics", "Services", "Horaires d’ouverture"):
        answer(child, label, "")
    answer(child, "Personne à contacter", "Alex")
    answer(child, "Courriel du contact", "")
    for number in range(1, 5):
        answer(child, f"Question {number} / 4", "1")
    out = finish(child)
    assert "Collège fablab (exemple) : note AAAA" in out.replace("\r\n", "\n")
    path = tmp_path / "lab.toml"
    assert place(path)["colleges"] == ["fablab"]
    assert '"set": "fablab"' in score_summary(path)  # rated as a fablab without --set


def test_typing_several_colleges_with_the_set_one_is_kept(tmp_path: Path) -> None:
    child = spawn("--set", "fablab", "-o", "lab.toml", cwd=tmp_path)
    for label, text in [("Nom du lieu", "Le Lab"), ("Identifiant [le-lab]", ""), ("Commune", "Vire")]:
        answer(child, label, text)
    answer(child, "Stade", "1")
    answer(child, "Collèges [fablab] :", "2, 1")
    answer(child, "Coordonnées", "quitter")
    finish(child)
    assert place(tmp_path / "lab.toml")["colleges"] == ["tiers-lieu", "fablab"]


def existing(tmp_path: Path) -> Path:
    path = tmp_path / "lieu.toml"
    path.write_text(
        "# Le Lieu, tiers-lieu à Caen\n"
        '[place]\nid = "lieu"\nname = "Le Lieu"\ntown = "Caen"\nstage = "existing"\n'
        'colleges = ["tiers-lieu"]\n\n[answers]\nliberte-usagers = true\n',
        "utf-8",
    )
    return path


def test_resuming_a_place_outside_the_set_college_asks_to_add_it(tmp_path: Path) -> None:
    path = existing(tmp_path)
    child = spawn(str(path), "--set", "fablab", cwd=tmp_path)
    child.expect_exact("Reprise de Le Lieu")
    child.expect_exact("il est ajouté aux collèges du lieu (Entrée garde ce choix).")
    answer(child, "Collèges [tiers-lieu, fablab] :", "passer")  # leaving it out is refused too
    child.expect_exact(f"{REFUSED} : gardez-le parmi les collèges (par ex. 1, 2)")
    answer(child, "Collèges [tiers-lieu, fablab] :", "")
    answer(child, "Question 1 / 4", "2")
    answer(child, "Question 2 / 4", "quitter")
    out = finish(child)
    assert "n’est pas dans le collège" not in out
    assert place(path)["colleges"] == ["tiers-lieu", "fablab"]
    text = path.read_text("utf-8")
    assert text.startswith("# Le Lieu, tiers-lieu à Caen\n")  # the file as written, the colleges changed
    rated = score_summary(path)
    assert '"set": "fablab"' in rated and '"set": "tiers-lieu"' in rated


def test_quitting_at_the_colleges_question_changes_nothing_and_says_so(tmp_path: Path) -> None:
    path = existing(tmp_path)
    before = path.read_bytes()
    child = spawn("lieu.toml", "--set", "fablab", cwd=tmp_path)
    answer(child, "Collèges [tiers-lieu, fablab] :", "quitter")
    out = finish(child)
    assert "Rien n’a changé dans" in out
    assert (
        "Ce lieu n’est pas dans le collège fablab, que note le jeu fablab : le réseau ne le note pas avec "
        "ce jeu (ajoutez le collège : tlcriteria assess lieu.toml --set fablab)." in out.replace("\r\n", "\n")
    )
    assert path.read_bytes() == before


def test_a_place_already_in_the_set_college_is_not_asked_again(tmp_path: Path) -> None:
    path = existing(tmp_path)
    child = spawn(str(path), "--set", "tiers-lieu", cwd=tmp_path)
    child.expect_exact("Reprise de Le Lieu")
    answer(child, "Question 2 / 6", "quitter")
    out = finish(child)
    assert "Collèges" not in out


def test_a_set_that_rates_no_college_adds_none(tmp_path: Path) -> None:
    """`communs` is shared by the others and rates no college: nothing to add, nothing asked."""
    path = existing(tmp_path)
    child = spawn(str(path), "--set", "communs", cwd=tmp_path)
    child.expect_exact("Reprise de Le Lieu")
    answer(child, "Question 2 / 4", "quitter")
    out = finish(child)
    assert "Collèges" not in out
    assert place(path)["colleges"] == ["tiers-lieu"]
