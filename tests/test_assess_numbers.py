"""Numbers the questionnaire shows back, in a real pseudo-terminal: `2,5` in French, `2.5` in English.

The default in brackets (after `retour`, on resume with `--review`), the
coordinates, a refused answer's limit and the advice at the end all write a
stored number the way the rest of the output does (`tlcriteria.shown`), and so
does `tlcriteria review` (a peer's screen); the file keeps TOML's point.
"""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import EXAMPLES, builtins_only_env, review
from .conftest import spawn_assess as spawn

pexpect = pytest.importorskip("pexpect")

HOURS = """\
[set]
id = "horaires"
title = "Horaires"
version = "1"
college = "horaires"

[[criteria]]
id = "heures"
title = "Heures d'accueil"
question = "Combien d'heures le lieu est-il ouvert chaque jour ?"
kind = "number"
unit = "heures"
unit_en = "hours"
thresholds = [[2.5, 1]]
max = 10.5

[[grades]]
grade = "A"
min_percent = 100

[[grades]]
grade = "B"
"""


IDENTITY_FR = (
    *("Nom du lieu", "Identifiant", "Commune", "Stade", "Collèges", "Coordonnées", "Site web"),
    *(
        "Description",
        "Publics",
        "Services",
        "Horaires d’ouverture",
        "Personne à contacter",
        "Courriel du contact",
    ),
)
IDENTITY_EN = (
    *("Name of the place", "Identifier", "Town", "Stage", "Colleges", "Coordinates", "Website"),
    *("Description", "Publics", "Services", "Opening hours", "Contact person", "Contact email"),
)


def answer(child: pexpect.spawn, label: str, text: str) -> None:
    child.expect_exact(label)
    child.sendline(text)


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = (child.before or "").replace("\r\n", "\n")
    assert "Traceback" not in out
    return out


def test_a_decimal_answer_is_shown_back_with_a_comma_in_french(tmp_path: Path) -> None:
    child = spawn("-o", "lieu.toml", cwd=tmp_path)
    for label, text in [
        ("Nom du lieu", "Le Hangar"),
        ("Identifiant [le-hangar]", ""),
        ("Commune", "Rouen"),
        ("Stade", "1"),
        ("Collèges", "2"),
        ("Coordonnées", "49.18, -0.37"),
        ("Site web", ""),
        ("Description", ""),
        ("Publics", ""),
        ("Services", ""),
        ("Horaires d’ouverture", ""),
        ("Personne à contacter", "Alex"),
        ("Courriel du contact", ""),
    ]:
        answer(child, label, text)
    answer(child, "Question 1 / 6", "oui")
    answer(child, "Question 2 / 6", "2,5")
    answer(child, "Question 3 / 6", "retour")
    answer(child, "Réponse [2,5] :", "")  # Enter keeps it
    answer(child, "Question 3 / 6", "quitter")
    finish(child)
    path = tmp_path / "lieu.toml"
    assert "pluralite-activites = 2.5\n" in path.read_text("utf-8")  # TOML keeps its point

    child = spawn("lieu.toml", "--review", cwd=tmp_path)
    for label in ("Nom du lieu", "Identifiant", "Commune", "Stade", "Collèges"):
        answer(child, label, "")
    answer(child, "Coordonnées [49,18 ; -0,37] :", "")
    for label in ("Site web", "Description", "Publics", "Services", "Horaires d’ouverture"):
        answer(child, label, "")
    answer(child, "Personne à contacter [Alex] :", "")
    answer(child, "Courriel du contact", "")
    answer(child, "Réponse [oui] :", "")
    answer(child, "Réponse [2,5] :", "quitter")
    finish(child)
    saved = tomllib.loads(path.read_text("utf-8"))
    assert saved["answers"]["pluralite-activites"] == pytest.approx(2.5)


def test_a_decimal_answer_is_shown_back_with_a_point_in_english(tmp_path: Path) -> None:
    path = tmp_path / "lieu.toml"
    path.write_text(
        '[place]\nid = "lieu"\nname = "Le Lieu"\ntown = "Caen"\nstage = "existing"\n'
        'colleges = ["tiers-lieu"]\nlat = 49.18\nlon = -0.37\n\n[answers]\npluralite-activites = 2.5\n',
        "utf-8",
    )
    child = spawn("--lang", "en", "lieu.toml", "--review", cwd=tmp_path)
    for label in ("Name of the place", "Identifier", "Town", "Stage", "Colleges"):
        answer(child, label, "")
    answer(child, "Coordinates [49.18, -0.37]:", "")
    for label in ("Website", "Description", "Publics", "Services", "Opening hours", "Contact person"):
        answer(child, label, "")
    answer(child, "Contact email", "")
    answer(child, "Question 1 / 6", "yes")
    answer(child, "Answer [2.5]:", "quit")
    finish(child)


def spawn_hours(tmp_path: Path, *args: str) -> pexpect.spawn:
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    (criteria / "horaires.toml").write_text(HOURS, "utf-8")
    (tmp_path / "lieu.toml").write_text(
        '[place]\nid = "lieu"\nname = "Le Lieu"\ntown = "Caen"\nstage = "existing"\n'
        'colleges = ["horaires"]\n\n[answers]\nheures = 1.5\n',
        "utf-8",
    )
    return pexpect.spawn(
        sys.executable,
        ["-m", "tlcriteria.cli", *args, "assess", "lieu.toml", "--review", "--criteria", str(criteria)],
        cwd=str(tmp_path),
        env={
            **os.environ,
            **builtins_only_env(),
            "LANGUAGE": "",
            "LC_ALL": "",
            "LANG": "fr_FR.UTF-8",
            "COLUMNS": "200",
            "PROMPT_TOOLKIT_NO_CPR": "1",
        },
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )


@pytest.mark.parametrize(
    ("args", "default", "refused", "advice"),
    [
        (
            (),
            "Réponse [1,5] :",
            "11,5 dépasse le maximum plausible, 10,5 heures (vérifiez la réponse : au plus 10,5 heures).",
            "    - Heures d'accueil : 2,5 heures",
        ),
        (
            ("--lang", "en"),
            "Answer [1.5]:",
            "11.5 is more than the plausible maximum, 10.5 hours (check the answer: at most 10.5 hours).",
            "    - Heures d'accueil: 2.5 hours",
        ),
    ],
)
def test_the_limit_and_the_advice_show_numbers_in_the_language(
    tmp_path: Path, args: tuple[str, ...], default: str, refused: str, advice: str
) -> None:
    child = spawn_hours(tmp_path, *args)
    for label in IDENTITY_EN if args else IDENTITY_FR:  # kept as it is
        answer(child, label, "")
    answer(child, default, "11,5")
    child.expect_exact(refused)
    answer(child, default, "")
    out = finish(child)
    assert advice in out


@pytest.mark.parametrize(
    ("language", "shown"), [("", "Réponse : 2,5 activités"), ("en", "Answer: 2.5 activités")]
)
def test_the_review_screen_shows_a_decimal_answer_in_the_language(
    tmp_path: Path, language: str, shown: str
) -> None:
    """`tlcriteria review` shows each answer as its kind does (`show_value`): 2,5 in French."""
    net = tmp_path / "net"
    shutil.copytree(EXAMPLES / "places", net / "places")
    shutil.copytree(EXAMPLES / "criteria", tmp_path / "criteria")
    fabrique = net / "places" / "la-fabrique-exemple.toml"
    fabrique.write_text(
        fabrique.read_text("utf-8").replace("pluralite-activites = 4\n", "pluralite-activites = 2.5\n"),
        "utf-8",
    )
    runner = CliRunner(env={"LANGUAGE": language, "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""})
    result = review(runner, net, "la-fabrique-exemple", "le-hangar-partage", [""] * 20)
    assert shown in result.output, result.output
