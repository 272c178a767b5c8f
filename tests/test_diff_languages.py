"""`tlcriteria diff` speaks the person's language: French by default, English with --lang en.

The Markdown report is written for the working group's merge requests: in the
language asked for with --lang, else French whatever the environment says.
"""

from __future__ import annotations

import pytest

from tlcriteria.cli import main
from tlcriteria.diff.changes import RuleChange
from tlcriteria.i18n import speaking
from tlcriteria.interfaces import EITHER, STRICTER

from .test_diff import repo  # noqa: F401  (the fixture)

DIFF = ["diff", "git:HEAD~1:criteria", "git:HEAD:criteria", "--places", "places"]


def test_the_table_in_french_and_in_english(runner, repo):  # noqa: F811
    fr = runner.invoke(main, ["--lang", "fr", *DIFF])
    assert fr.exit_code == 0, fr.output
    assert "↓ note A : min_percent 80 → 85" in fr.stdout
    assert "La Fabrique d'Exemple (la-fabrique-exemple)  tiers-lieu  A → B  81,2 → 81,2  baisse" in fr.stdout
    assert (
        "attention : le jeu tiers-lieu baisse la note de 1 lieu(x) mais sa version reste '2026.1-exemple'"
        in fr.stdout
    )
    en = runner.invoke(main, ["--lang", "en", *DIFF])
    assert en.exit_code == 0, en.output
    assert "↓ grade A: min_percent 80 → 85" in en.stdout
    assert "lowers the grade of 1 place(s) but [set] version is still" in en.stdout
    assert "baisse" not in en.stdout


def test_markdown_in_english_when_asked(runner, repo):  # noqa: F811
    md = runner.invoke(main, ["--lang", "en", *DIFF, "-f", "md"])
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("## Changes from `git:HEAD~1:criteria` to `git:HEAD:criteria`\n")
    assert "> **Warning:** set `tiers-lieu` lowers the grade of 1 place(s)" in md.stdout
    assert "| tiers-lieu | grade A: min\\_percent 80 → 85 | may lower |" in md.stdout
    assert "| A → B | 81.2 → 81.2 | lower |" in md.stdout
    assert "| set | grade | before | after |" in md.stdout


def test_markdown_in_french_by_default(runner, repo):  # noqa: F811
    """French words; figures as the person reads them (here in English, the environment's language)."""
    md = runner.invoke(main, [*DIFF, "-f", "md"])
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("## Changements de `git:HEAD~1:criteria` à `git:HEAD:criteria`\n")
    assert "### Notes qui bougent (1 sur " in md.stdout
    assert "| jeu | note | avant | après |" in md.stdout
    fr = runner.invoke(main, ["--lang", "fr", *DIFF, "-f", "md"])
    assert "| A → B | 81,2 → 81,2 | baisse |" in fr.stdout


@pytest.mark.parametrize(
    ("change", "english", "french"),
    [
        (RuleChange("s", "option", "c/o", "added", effect=EITHER), "option c/o added", "option c/o ajoutée"),
        (RuleChange("s", "grade", "B", "removed"), "grade B removed", "note B supprimée"),
        (
            RuleChange("s", "criterion", "c", "added", None, "must", STRICTER),
            "criterion c added (must)",
            "critère c ajouté (must)",
        ),
        (RuleChange("s", "set", "", "scheme", "a", "b"), "set: scheme a → b", "jeu : scheme a → b"),
        (
            RuleChange("s", "criterion", "c", "status", "active", "retired"),
            "criterion c: status active → retired",
            "critère c : statut active → retired",
        ),
        (
            RuleChange("s", "criterion", "new", "renamed", "old", "new"),
            "criterion new: renamed old → new",
            "critère new : renommé old → new",
        ),
    ],
)
def test_a_rule_change_in_words(change, english, french):
    with speaking("en"):
        assert change.text() == english
    with speaking("fr"):
        assert change.text() == french
