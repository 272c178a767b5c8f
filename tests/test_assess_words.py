"""What the questionnaire says: theme titles from the set, English throughout, where a question stands."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from tlcriteria.cli import main

from .conftest import EXAMPLES

THEMES = """
[set.themes]
ouverture = { title = "Ouverture au public", title_en = "Open to the public" }
gouvernance = { title = "Gouvernance partagée" }
"""

ENGLISH = {
    'title = "Liberté des usagers"': 'title = "Liberté des usagers"\ntitle_en = "Users\' freedom"',
}


def criteria(tmp_path: Path) -> Path:
    """The test sets, with theme titles in communs and a unit in English on the number question."""
    folder = tmp_path / "criteria"
    shutil.copytree(EXAMPLES / "criteria", folder)
    communs = folder / "communs.toml"
    text = communs.read_text("utf-8")
    head, rest = text.split("[[criteria]]", 1)
    text = head + THEMES + "\n[[criteria]]" + rest
    text = text.replace('unit = "activités"', 'unit = "activités"\nunit_en = "activities"', 1)
    text = text.replace(
        'labels = ["jamais", "rarement", "parfois", "souvent", "toujours"]',
        'labels = ["jamais", "rarement", "parfois", "souvent", "toujours"]\n'
        'labels_en = ["never", "rarely", "sometimes", "often", "always"]',
        1,
    )
    communs.write_text(text, "utf-8")
    return folder


def place(tmp_path: Path, answers: str = "") -> Path:
    path = tmp_path / "lieu.toml"
    path.write_text(
        '[place]\nid = "lieu"\nname = "Le Lieu"\ntown = "Caen"\nstage = "existing"\n'
        'colleges = ["tiers-lieu"]\n' + (f"\n[answers]\n{answers}" if answers else ""),
        "utf-8",
    )
    return path


def assess(tmp_path: Path, lines: list[str], *args: str) -> str:
    result = CliRunner().invoke(
        main,
        [*args, "assess", str(place(tmp_path)), "--criteria", str(criteria(tmp_path))],
        input="\n".join(lines) + "\n",
        env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", "COLUMNS": "200"},
    )
    assert "Traceback" not in result.output
    return result.output


def test_theme_titles_come_from_the_set(tmp_path: Path) -> None:
    out = assess(tmp_path, ["oui", "5", "1", "3", "Une assemblée chaque mois.", "quitter"])
    assert "Question 1 / 6 — thème : Ouverture au public" in out
    assert "Question 4 / 6 — thème : Gouvernance partagée" in out
    assert "thème : ouverture" not in out


def test_check_refuses_a_theme_that_is_not_a_table(tmp_path: Path) -> None:
    folder = criteria(tmp_path)
    communs = folder / "communs.toml"
    communs.write_text(
        communs.read_text("utf-8").replace(
            'gouvernance = { title = "Gouvernance partagée" }', 'gouvernance = "G"'
        ),
        "utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(folder)], env={"LANGUAGE": "", "LANG": ""})
    assert result.exit_code == 1
    assert "[set.themes], gouvernance: un thème est le texte 'G', pas une table" in result.output


def test_english_throughout_with_french_said_once(tmp_path: Path) -> None:
    out = assess(tmp_path, ["yes", "5", "1", "quit"], "--lang", "en")
    assert "Question 1 / 6 — theme: Open to the public" in out
    # The criterion has no English question: French is shown, and said once.
    said = "Some texts of the criteria set have no English version: they are shown in French."
    assert out.count(said) == 1
    assert "Answer: " in out and "Answer :" not in out
    assert "a number ≥ 0 (activities)" in out
    assert "  4. always" in out and "toujours" not in out
    assert "Réponse" not in out


def test_nothing_changed_is_not_called_saved(tmp_path: Path) -> None:
    out = assess(tmp_path, ["quitter"])
    assert "Rien n’a changé dans" in out
    assert "Réponses enregistrées" not in out


def test_help_shows_the_question_again(tmp_path: Path) -> None:
    out = assess(tmp_path, ["oui", "?", "quitter"])
    after = out.split("Réponse : ?", 1)[1]
    assert "Question 2 / 6" in after
    assert "Combien d'activités différentes le lieu accueille-t-il chaque mois ?" in after
    assert "« passer »" in after


def test_a_missing_justification_is_asked_under_its_question(tmp_path: Path) -> None:
    path = place(
        tmp_path,
        'liberte-usagers = true\npluralite-activites = 2\naccueil-public = "libre"\nco-construction = 3\n',
    )
    result = CliRunner().invoke(
        main,
        ["assess", str(path), "--criteria", str(criteria(tmp_path))],
        input="quitter\n",
        env={"LANGUAGE": "", "LANG": ""},
    )
    assert (
        "Question 4 / 6 — thème : Gouvernance partagée\nCo-construction\n"
        "Cette réponse ne compte qu’avec une justification (une phrase d’au moins 5 caractères).\n"
        "Justification : "
    ) in result.output
