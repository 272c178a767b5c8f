"""The member guide (docs/criteres.md) replayed: its figures and words are what the commands print.

As test_guide_example.py does for the working group's guide: each sentence
that quotes a figure, a theme or a word of the output is checked against a
real run on the example network, in French as members read it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .site_network import REPO

GUIDE = (REPO / "docs" / "criteres.md").read_text(encoding="utf-8")
PLACES = REPO / "examples" / "normandie" / "places"
#: The guide's sentences joined on one line: a quoted phrase may be wrapped.
FLAT = " ".join(GUIDE.split())


def score(*args: str | Path) -> str:
    result = CliRunner(env={"LANGUAGE": "fr"}).invoke(
        main, ["score", *map(str, args), "--criteria", str(REPO / "criteria"), "--set", "coworking"]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def themes(output: str) -> dict[str, str]:
    line = next(x for x in output.splitlines() if x.strip().startswith("thèmes :"))
    return {
        name.strip(): figure for name, figure in re.findall(r"([^,]+?) (\d+,\d) %", line.split(":", 1)[1])
    }


def test_la_serre_chimerique_is_held_at_c_by_the_pass_and_gets_a_with_it(tmp_path: Path):
    now = score(PLACES / "la-serre-chimerique.toml")
    assert "note : C   pourcentage : 82,1 %" in now
    assert "obligatoires non remplis : cw-pass-coworking" in now
    assert "obtient 82,1 % au collège coworking mais la note **C**" in FLAT
    assert "« obligatoires non remplis : cw-pass-coworking »" in FLAT
    shutil.copy(PLACES / "la-serre-chimerique.toml", tmp_path)
    place = tmp_path / "la-serre-chimerique.toml"
    text = place.read_text(encoding="utf-8")
    place.write_text(
        text.replace('cw-pass-coworking = "reciproque"', 'cw-pass-coworking = "pass-reseau"'), "utf-8"
    )
    with_pass = score(place)
    assert "note : A   pourcentage : 85,8 %" in with_pass
    assert themes(with_pass)["Pratiques du coworking"] == "50,0"
    assert (
        "elle passe à 85,8 % et en A, avec exactement 50 % dans le thème « Pratiques du coworking »" in FLAT
    )


def test_le_comptoir_des_chimeres_keeps_its_a_with_its_weakest_theme_above_the_floor():
    output = score(PLACES / "le-comptoir-des-chimeres.toml")
    assert "note : A   pourcentage : 90,2 %" in output
    figures = themes(output)
    weakest = min(figures, key=lambda t: float(figures[t].replace(",", ".")))
    assert (weakest, figures[weakest]) == ("Société", "66,6")
    assert "a 90,2 %, tous ses « must », et 66,6 % dans son thème le plus faible (« Société »)" in FLAT


def test_the_themes_and_the_words_the_guide_quotes_are_those_of_the_output():
    output = score(PLACES / "la-serre-chimerique.toml")
    named = re.search(r"Chaque \*\*thème\*\* \((.*?)\) a son propre pourcentage", FLAT)
    assert named
    quoted = re.findall(r"« ([^»]+) »", named[1])
    listed = [t.strip() for t in named[1].split(";")[0].split(",")]
    assert set(themes(output)) == {*listed, *quoted}
    legend = next(x for x in output.splitlines() if "légende" in x)
    assert "! non justifié" in legend
    assert "marqués `!`, « non justifié »" in FLAT and "étay" not in FLAT
    assert "must failed" not in FLAT


@pytest.mark.parametrize("college", ["tiers-lieu", "coworking", "fablab"])
def test_the_counts_of_criteria_are_those_of_the_sets(college):
    counts = {
        path.stem: path.read_text(encoding="utf-8").count("\n[[criteria]]\n")
        for path in (REPO / "criteria").glob("*.toml")
    }
    assert "#### Les communs ({} critères)".format(counts["communs"]) in GUIDE
    said = {
        "tiers-lieu": "collège tiers-lieux (communs + {} critères)",
        "coworking": "collège coworking (communs + {} critères)",
        "fablab": "collège fablab ({} critères)",
    }
    assert said[college].format(counts[college]) in GUIDE
