"""The questionnaire as a person types it in a real terminal (prompt_toolkit in a pty).

Keys are sent as a terminal sends them: ← is ESC [ D, ↓ is ESC [ B, Alt+Enter
is ESC then CR, Ctrl-C is byte 3. Each key is sent only once its question's
label is on the screen.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from .test_assess_terminal import CRITERIA, answers, checked, spawn

pexpect = pytest.importorskip("pexpect")

LEFT, DOWN, ALT_ENTER, ENTER, CTRL_C = "\x1b[D", "\x1b[B", "\x1b\r", "\r", "\x03"

IDENTITY = (
    '[place]\nid = "lieu"\nname = "Le Lieu"\ntown = "Caen"\nstage = "existing"\ncolleges = ["tiers-lieu"]\n'
)


def place(tmp_path: Path, answers_toml: str = "") -> Path:
    path = tmp_path / "lieu.toml"
    path.write_text(IDENTITY + (f"\n[answers]\n{answers_toml}" if answers_toml else ""), "utf-8")
    return path


def at(child: pexpect.spawn, *texts: str) -> None:
    for text in texts:
        child.expect_exact(text)


def finished(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    seen = child.before or ""
    assert "Traceback" not in seen
    return seen


def test_arrows_edit_pick_and_tick(tmp_path: Path) -> None:
    """← edits mid-line, ↓ picks an option of a choice, Space ticks boxes of a multi."""
    path = place(tmp_path)
    child = spawn(str(path), cwd=tmp_path)
    at(child, "Question 1 / 6", "Réponse :")
    child.send("oui" + ENTER)
    at(child, "Question 2 / 6", "Réponse :")
    child.send("5" + ENTER)
    at(child, "Question 3 / 6", "↑ ↓ pour choisir", "Réponse :")
    child.send(DOWN)  # from « Libre » to « Sur adhésion »
    child.send(ENTER)
    at(child, "Question 4 / 6", "Réponse :")
    child.send("3" + ENTER)
    at(child, "Justification :")
    child.send("Seminaire en 2024" + LEFT * 4 + "mai " + ENTER)
    at(child, "Question 5 / 6", "Réponse :")
    child.send("non" + ENTER)
    at(child, "Question 6 / 6", "Espace pour cocher", "Réponse :")
    child.send(" " + DOWN + DOWN + " " + ENTER)  # the first and the third box
    at(child, "Réponses enregistrées")
    finished(child)
    assert child.exitstatus == 0
    assert answers(path) == {
        "liberte-usagers": True,
        "pluralite-activites": 5,
        "accueil-public": "adhesion",
        "co-construction": {"value": 3, "justification": "Seminaire en mai 2024"},
        "transparence-financiere": False,
        "contribution-reseau": ["rencontres", "carto"],
    }
    checked(path)


def test_typing_a_number_or_an_id_still_picks(tmp_path: Path) -> None:
    path = place(tmp_path, "liberte-usagers = true\npluralite-activites = 2\n")
    child = spawn(str(path), cwd=tmp_path)
    at(child, "Question 3 / 6", "Réponse :")
    child.send("ferme" + ENTER)
    at(child, "Question 4 / 6", "Réponse :")
    child.send("quitter" + ENTER)
    finished(child)
    assert answers(path)["accueil-public"] == "ferme"


@pytest.mark.parametrize(
    "keys, saved",
    [
        pytest.param(
            "Accueil : Camille" + ALT_ENTER + "Ateliers : Sam" + ALT_ENTER + "Comptes : Lou",
            "Accueil : Camille\nAteliers : Sam\nComptes : Lou",
            id="three-lines",
        ),
        pytest.param(
            ("Atelier partagé, séance ouverte. " * 400)[:10_000],
            ("Atelier partagé, séance ouverte. " * 400)[:10_000],
            id="10000-characters",
        ),
    ],
)
def test_justification_saved_exactly(tmp_path: Path, keys: str, saved: str) -> None:
    """Resumed where only the justification is missing: asked under its question's number and title."""
    path = place(
        tmp_path,
        'liberte-usagers = true\npluralite-activites = 2\naccueil-public = "libre"\nco-construction = 3\n',
    )
    child = spawn(str(path), cwd=tmp_path)
    at(child, "Question 4 / 6 — thème : gouvernance", "Co-construction", "Justification :")
    for start in range(0, len(keys), 500):  # as fast as a paste, in the pty's chunks
        child.send(keys[start : start + 500])
    child.send(ENTER)
    at(child, "Question 5 / 6", "Réponse :")
    child.send("quitter" + ENTER)
    finished(child)
    assert child.exitstatus == 0
    assert answers(path)["co-construction"] == {"value": 3, "justification": saved}
    checked(path)


def test_ctrl_c_mid_answer_keeps_what_was_saved(tmp_path: Path) -> None:
    path = place(tmp_path)
    child = spawn(str(path), cwd=tmp_path)
    at(child, "Question 1 / 6", "Réponse :")
    child.send("oui" + ENTER)
    at(child, "Question 2 / 6", "Réponse :")
    child.send("12")  # typed, not confirmed
    child.send(CTRL_C)
    at(child, "Réponses enregistrées dans", "lieu.toml")
    finished(child)
    assert child.exitstatus == 130
    assert answers(path) == {"liberte-usagers": True}
    checked(path)

    # Resumed: the question left half-typed is the first one asked.
    child = spawn(str(path), cwd=tmp_path)
    at(child, "Reprise de Le Lieu", "Question 2 / 6", "Réponse :")
    child.send("quitter" + ENTER)
    seen = finished(child)
    assert "Rien n’a changé dans" in seen
    assert "Réponses enregistrées" not in seen
    assert child.exitstatus == 0


def test_question_mark_shows_the_question_again(tmp_path: Path) -> None:
    path = place(tmp_path, "liberte-usagers = true\n")
    child = spawn(str(path), cwd=tmp_path)
    at(child, "Question 2 / 6", "Réponse :")
    child.send("?" + ENTER)
    at(child, "Question 2 / 6", "Pluralité des activités", "« passer »")
    child.send("quitter" + ENTER)
    finished(child)
    assert tomllib.loads(path.read_text("utf-8"))["answers"] == {"liberte-usagers": True}


def test_tab_completes_a_command(tmp_path: Path) -> None:
    path = place(tmp_path, "liberte-usagers = true\n")
    child = spawn(str(path), cwd=tmp_path)
    at(child, "Question 2 / 6", "Réponse :")
    child.send("qui\t")
    child.send(ENTER)
    finished(child)
    assert child.exitstatus == 0


__all__ = ["CRITERIA"]
