"""`diff`'s figures: numbers in the language's way, and a move is a grade or a shown figure
that changes (docs/guide-groupe-de-travail.md, « Seuls les vrais mouvements sont comptés »).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tlcriteria.cli import main

from .test_diff import edit, git

SET = """\
[set]
id = "essai"
title = "Essai"
version = "1"
college = "essai"
{scheme}

[[criteria]]
id = "ouverture"
title = "Ouverture"
question = "Combien de jours ouvert sur dix ?"
level = "should"
weight = 1
kind = "scale"
min = 0
max = 10
pass = 0.6
accept_unmet = "justified"

[[criteria]]
id = "autre"
title = "Autre"
question = "Autre ?"
weight = 1
kind = "yes-no"

[[grades]]
grade = "pass"
min_percent = 50

[[grades]]
grade = "fail"
min_percent = 0
"""

PLACE = """\
[place]
id = "{id}"
name = "{name}"
town = "Caen"
stage = "existing"
colleges = ["essai"]

[answers]
ouverture = {ouverture}
autre = false
"""


@pytest.fixture
def network(tmp_path, monkeypatch):
    """Two places that fail before and after `pass` goes from 0.6 to 0.9: one justified its
    unmet answer (credited up to `pass`: its percent moves), the other did not (nothing moves)."""

    def build(scheme: str = "") -> Path:
        root = tmp_path / "reseau"
        (root / "criteria").mkdir(parents=True)
        (root / "lieux").mkdir()
        (root / "criteria" / "essai.toml").write_text(SET.format(scheme=scheme), encoding="utf-8")
        justified = '{ value = 3, justification = "ouvert le samedi, sur rendez-vous" }'
        for place_id, name, answer in (("justifie", "Justifié", justified), ("muet", "Muet", "7")):
            (root / "lieux" / f"{place_id}.toml").write_text(
                PLACE.format(id=place_id, name=name, ouverture=answer), encoding="utf-8"
            )
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "essai")
        edit(root / "criteria" / "essai.toml", "pass = 0.6", "pass = 0.9")
        monkeypatch.chdir(root)
        return root

    return build


DIFF = ["diff", "git:HEAD:criteria", "criteria", "--places", "lieux"]


def test_rule_values_have_the_languages_decimal_mark(runner, network):
    network()
    fr = runner.invoke(main, ["--lang", "fr", *DIFF])
    assert fr.exit_code == 0, fr.output
    assert "↓ critère ouverture : pass 0,6 → 0,9" in fr.stdout
    md = runner.invoke(main, ["--lang", "fr", *DIFF, "-f", "md"])
    assert "| essai | critère ouverture : pass 0,6 → 0,9 | peut baisser |" in md.stdout
    en = runner.invoke(main, ["--lang", "en", *DIFF])
    assert "↓ criterion ouverture: pass 0.6 → 0.9" in en.stdout
    data = json.loads(runner.invoke(main, [*DIFF, "-f", "json"]).stdout)
    assert [(c["change"], c["old"], c["new"]) for c in data["changes"]] == [("pass", 0.6, 0.9)]


def test_a_place_whose_grade_and_figure_stay_is_not_a_move(runner, network):
    network()
    fr = runner.invoke(main, ["--lang", "fr", *DIFF])
    assert fr.exit_code == 0, fr.output
    assert "Notes qui bougent : 1 sur 2" in fr.stdout
    assert "Justifié (justifie)  essai  fail → fail  30,0 → 45,0  même note" in fr.stdout
    assert "muet" not in fr.stdout
    data = json.loads(runner.invoke(main, [*DIFF, "-f", "json"]).stdout)
    assert [(m["place"], m["direction"]) for m in data["moves"]] == [("justifie", "same grade")]
    assert data["compared"] == 2
    md = runner.invoke(main, ["--lang", "fr", *DIFF, "-f", "md"]).stdout
    assert "### Notes qui bougent (1 sur 2)" in md
    assert md.count("| essai | fail → fail |") == 1


def test_the_figure_shown_is_the_schemes_own(runner, network):
    """A whole-percent set: the move is told, and shown, by its whole figure (30 → 45)."""
    network('scheme = "whole-percent"')
    fr = runner.invoke(main, ["--lang", "fr", *DIFF])
    assert fr.exit_code == 0, fr.output
    words = [" ".join(line.split()) for line in fr.stdout.splitlines()]
    assert "Justifié (justifie) essai fail → fail 30 → 45 même note" in words
    data = json.loads(runner.invoke(main, [*DIFF, "-f", "json"]).stdout)
    move = data["moves"][0]
    assert (move["old_shown_percent"], move["new_shown_percent"]) == (30, 45)
    assert (move["old_percent"], move["new_percent"]) == (30.0, 45.0)
