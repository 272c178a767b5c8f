"""`tlcriteria assess` in a real pseudo-terminal: typing, interrupting, resuming."""

from __future__ import annotations

import signal
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .conftest import EXAMPLES
from .conftest import spawn_assess as spawn

pexpect = pytest.importorskip("pexpect")

CRITERIA = str(EXAMPLES / "criteria")


def answer(child: pexpect.spawn, label: str, text: str) -> None:
    child.expect_exact(label)
    child.sendline(text)


def answers(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8")).get("answers", {})


def checked(path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--criteria", CRITERIA, str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_then_resume(tmp_path: Path, signum: int, code: int) -> None:
    child = spawn(cwd=tmp_path)
    for label, text in [
        ("Nom du lieu", "Le Hangar"),
        ("Identifiant [le-hangar]", ""),
        ("Commune", "Rouen"),
        ("Stade", "2"),
        ("Collèges", "2"),
        ("Coordonnées", ""),
        ("Site web", ""),
        ("Description", ""),
        ("Publics", "étudiants, habitants"),
        ("Services", ""),
        ("Horaires d’ouverture", ""),
        ("Personne à contacter", "Alex"),
        ("Courriel du contact", ""),
    ]:
        answer(child, label, text)
    answer(child, "Question 1 / 6 — thème : ouverture", "oui")
    answer(child, "Question 2 / 6", "beaucoup")
    child.expect_exact("n’est pas un nombre")
    child.sendline("5")
    child.expect_exact("Question 3 / 6")
    child.expect_exact("Réponse :")
    if signum == signal.SIGINT:
        child.sendintr()  # Ctrl-C typed on the terminal
    else:
        child.kill(signum)
    child.expect_exact("Réponses enregistrées dans le-hangar.toml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code
    assert "Traceback" not in (child.before or "")
    path = tmp_path / "le-hangar.toml"
    assert answers(path) == {"liberte-usagers": True, "pluralite-activites": 5}
    checked(path)

    # Resume: only the unanswered questions are asked.
    child = spawn(str(path), cwd=tmp_path)
    child.expect_exact("Reprise de Le Hangar")
    answer(child, "Question 3 / 6 — thème : ouverture", "2")
    answer(child, "Question 4 / 6", "passer")
    answer(child, "Question 5 / 6", "non")
    answer(child, "Question 6 / 6", "1,4")
    child.expect_exact("pour passer de")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert answers(path) == {
        "liberte-usagers": True,
        "pluralite-activites": 5,
        "accueil-public": "adhesion",
        "transparence-financiere": False,
        "contribution-reseau": ["rencontres", "groupes-travail"],
    }
    assert tomllib.loads(path.read_text("utf-8"))["contact"] == {"name": "Alex"}
    checked(path)


def test_closed_terminal_keeps_the_answers(tmp_path: Path) -> None:
    path = tmp_path / "lieu.toml"
    path.write_text(
        '[place]\nid = "lieu"\nname = "Le Lieu"\ntown = "Caen"\nstage = "existing"\n'
        'colleges = ["tiers-lieu"]\n',
        "utf-8",
    )
    child = spawn(str(path), cwd=tmp_path)
    answer(child, "Question 1 / 6", "non")
    child.expect_exact("Question 2 / 6")
    child.expect_exact("Réponse :")
    child.close(force=True)  # the terminal goes away: SIGHUP
    assert child.exitstatus in (129, None)
    assert answers(path) == {"liberte-usagers": False}
    checked(path)


def test_website_typed_follows_the_rule_of_check(tmp_path: Path) -> None:
    """The issue's addresses typed at the website question: each refused with check's reason
    (weburl.py), the question asked again; a good one is saved as written."""
    child = spawn(cwd=tmp_path)
    for label, text in [
        ("Nom du lieu", "Le Hangar"),
        ("Identifiant [le-hangar]", ""),
        ("Commune", "Rouen"),
        ("Stade", "2"),
        ("Collèges", "2"),
        ("Coordonnées", ""),
    ]:
        answer(child, label, text)
    for typed, reason in [
        ("http://localhost:8080/", "'localhost' n’a pas de point"),
        ('https://x.example/" onclick="alert(1)', "le caractère '\"' n’est pas permis"),
        ("www.le-hangar.fr", "commencez-la par https://, par ex. https://www.le-hangar.fr"),
    ]:
        answer(child, "Site web", typed)
        child.expect_exact(reason)
    answer(child, "Site web", "HTTPS://café.example/à-propos")
    answer(child, "Description", "quitter")
    child.expect(pexpect.EOF)
    path = next(tmp_path.rglob("le-hangar.toml"))
    assert tomllib.loads(path.read_text("utf-8"))["place"]["website"] == "HTTPS://café.example/à-propos"
    checked(path)


WELCOME = {
    "fr": (
        "Nouvelle fiche de lieu. Tapez « ? » pour l’aide ; « quitter » arrête à tout moment.\r\n"
        "Vos réponses sont enregistrées dès que le nom, l’identifiant, la commune, le stade et les "
        "collèges sont connus, puis après chaque réponse ; quitter garde ce qui est enregistré."
    ),
    "en": (
        "New place file. Type “?” for help; “quit” stops at any time.\r\n"
        "Your answers are saved once the name, identifier, town, stage and colleges are known, then "
        "after each answer; quitting keeps what is saved."
    ),
}
#: What `?` says of quitting, before a new file is first written, then once it is (the start of
#: it: the whole help is wrapped to the terminal's 200 columns).
QUIT_HELP = {
    "fr": ("« quitter » arrête (rien n’est enregistré tant que le nom", "« quitter » arrête (chaque réponse"),
    "en": (
        "“quit” stops (nothing is saved until the name",
        "“quit” stops (every answer given is already saved)",
    ),
}
IDENTITY = {
    "fr": [("Nom du lieu", "Le Hangar"), ("Identifiant [le-hangar]", ""), ("Commune", "Rouen")],
    "en": [("Name of the place", "Le Hangar"), ("Identifier [le-hangar]", ""), ("Town", "Rouen")],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_welcome_promises_no_save_before_the_identity(tmp_path: Path, lang: str) -> None:
    """A new file cannot be saved before its identity is complete: the welcome and `?` say when
    answers are saved, never that quitting saves; quitting then says what is not saved."""
    import io

    child = spawn("--lang", lang, cwd=tmp_path)
    child.logfile_read = seen = io.StringIO()
    child.expect_exact(WELCOME[lang])
    for label, text in IDENTITY[lang]:
        answer(child, label, text)
    answer(child, "Stade" if lang == "fr" else "Stage", "?")
    child.expect_exact(QUIT_HELP[lang][0])
    answer(child, "Stade" if lang == "fr" else "Stage", "quitter" if lang == "fr" else "quit")
    child.expect_exact(
        "Pas enregistrés : le nom, l’identifiant, la commune"
        if lang == "fr"
        else "Not saved: the name, the identifier, the town"
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and not list(tmp_path.iterdir())
    assert "saves and stops" not in seen.getvalue() and "enregistre et s’arrête" not in seen.getvalue()


def test_once_saved_quitting_keeps_every_answer(tmp_path: Path) -> None:
    child = spawn(cwd=tmp_path)
    for label, text in [*IDENTITY["fr"], ("Stade", "2"), ("Collèges", "2")]:
        answer(child, label, text)
    answer(child, "Coordonnées", "?")
    child.expect_exact(QUIT_HELP["fr"][1])
    answer(child, "Coordonnées", "quitter")
    child.expect_exact("Réponses enregistrées dans")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    checked(next(tmp_path.rglob("le-hangar.toml")))
