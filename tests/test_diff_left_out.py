"""`diff --places` treats a place file with problems as `score` does: left out and named, once.

An answer both versions of the rules refuse was wrong before the change: it is
the file's problem, not something « the new rules refuse ». The place is left
out of the comparison, so that diff's counts agree with score's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tlcriteria.cli import main

from .test_diff import edit, git

ROOT = Path(__file__).parent.parent
PLACES = ROOT / "examples" / "normandie" / "places"
HALLE = "la-halle-songeuse.toml"

pytestmark = pytest.mark.skipif(
    not (ROOT / "criteria").is_dir() or not PLACES.is_dir(),
    reason="the network's criteria and example places are not in this tree",
)


@pytest.fixture
def network(tmp_path, monkeypatch) -> Path:
    """The network in git; then grade A of coworking asks 85 % and la-halle-songeuse writes
    its number of activities in words (wrong under both versions)."""
    root = tmp_path / "reseau"
    shutil.copytree(ROOT / "criteria", root / "criteria")
    shutil.copytree(PLACES, root / "lieux")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "critères 2026.1")
    coworking = root / "criteria" / "coworking.toml"
    head, sep, rest = coworking.read_text("utf-8").partition('grade = "A"')
    coworking.write_text(head + sep + rest.replace("min_percent = 80", "min_percent = 85", 1), "utf-8")
    edit(root / "lieux" / HALLE, "pluralite-activites = 7\n", 'pluralite-activites = "sept"\n')
    monkeypatch.chdir(root)
    return root


def score_json(runner) -> tuple[list[dict], list[str]]:
    """What score says of the same places: its ratings, and its lines about la-halle-songeuse."""
    result = runner.invoke(main, ["score", "lieux", "--criteria", "criteria", "--format", "json"])
    assert result.exit_code == 1  # score leaves la-halle-songeuse out
    return json.loads(result.stdout), [line for line in result.stderr.splitlines() if HALLE in line]


def test_an_answer_both_versions_refuse_leaves_the_place_out_as_score_does(runner, network):
    result = runner.invoke(main, ["diff", "git:HEAD:criteria", "criteria", "--places", "lieux", "-f", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["refused_answers"] == []  # not the new rules' doing
    assert data["left_out"] == [f"lieux/{HALLE}"]
    # Only coworking changed: its places are compared, as many as score rates.
    ratings, score_lines = score_json(runner)
    assert data["compared"] == sum(1 for r in ratings if r["set"] == "coworking") == 7
    assert sum(counts["new"] for counts in data["summary"]["coworking"].values()) == 7
    # Named once, with score's own line, then the count of files left out.
    lines = result.stderr.splitlines()
    assert [line for line in lines if HALLE in line] == score_lines
    assert len(score_lines) == 1 and "[answers] pluralite-activites" in score_lines[0]
    assert lines[-1].startswith("tlcriteria: error: 1 place file left out because of its problems")


def test_keep_going_exits_0_and_the_report_names_the_file(runner, network):
    result = runner.invoke(
        main, ["diff", "git:HEAD:criteria", "criteria", "--places", "lieux", "--keep-going"]
    )
    assert result.exit_code == 0, result.output
    assert "Ratings that move: 0 of 7" in result.stdout
    assert (
        f"Place files left out because of their problems (tlcriteria check says which):\n  lieux/{HALLE}\n"
        in result.stdout
    )
    assert "Answers the new rules refuse" not in result.stdout
    md = runner.invoke(
        main,
        [
            "--lang",
            "fr",
            "diff",
            "git:HEAD:criteria",
            "criteria",
            "--places",
            "lieux",
            "-f",
            "md",
            "--keep-going",
        ],
    )
    assert md.exit_code == 0, md.output
    assert "### Notes qui bougent (0 sur 7)" in md.stdout
    assert (
        f"### Fiches de lieu écartées à cause de leurs problèmes (`tlcriteria check` dit lesquels)\n\n- `lieux/{HALLE}`\n"
        in md.stdout
    )


def test_an_answer_only_the_new_rules_refuse_is_still_theirs(runner, network):
    """An option removed: the place that picked it is compared, its answer counted unanswered."""
    communs = network / "criteria" / "communs.toml"
    line = next(row for row in communs.read_text("utf-8").splitlines(True) if '{ id = "decouverte",' in row)
    edit(communs, line, "")
    result = runner.invoke(main, ["diff", "git:HEAD:criteria", "criteria", "--places", "lieux", "-f", "json"])
    data = json.loads(result.stdout)
    assert data["left_out"] == [f"lieux/{HALLE}"]
    assert [(n["place"], n["criterion"]) for n in data["refused_answers"]] == [
        ("la-forge-de-nulle-part", "ouverture-entree"),
        ("le-comptoir-des-chimeres", "ouverture-entree"),
        ("le-phare-de-papier", "ouverture-entree"),
    ]
    assert "la-forge-de-nulle-part" not in result.stderr


def test_a_file_that_does_not_load_is_left_out_too(runner, network):
    """Before, one broken file stopped diff with nothing compared; score rates the others."""
    edit(network / "lieux" / HALLE, 'pluralite-activites = "sept"\n', "pluralite-activites = 7\n")
    (network / "lieux" / "casse.toml").write_text('[place]\nid = "casse"\nname = 3\n', encoding="utf-8")
    result = runner.invoke(main, ["diff", "git:HEAD:criteria", "criteria", "--places", "lieux", "-f", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["left_out"] == ["lieux/casse.toml"]
    assert data["compared"] == 8
    assert "lieux/casse.toml" in result.stderr
