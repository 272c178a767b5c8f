"""`tlcriteria diff` between folders and git revisions; `check --against` on versions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tlcriteria.cli import main

from .conftest import EXAMPLES

GIT_ENV = {
    "GIT_AUTHOR_NAME": "groupe de travail",
    "GIT_AUTHOR_EMAIL": "gt@example.org",
    "GIT_COMMITTER_NAME": "groupe de travail",
    "GIT_COMMITTER_EMAIL": "gt@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return result.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A working group's repository: the example criteria and places, then a stricter grade A."""
    root = tmp_path / "reseau"
    shutil.copytree(EXAMPLES / "criteria", root / "criteria")
    shutil.copytree(EXAMPLES / "places", root / "places")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "critères 2026.1")
    edit(
        root / "criteria" / "tiers-lieu.toml",
        'grade = "A"\nmin_percent = 80',
        'grade = "A"\nmin_percent = 85',
    )
    git(root, "commit", "-qam", "note A : 85 % au lieu de 80 %")
    monkeypatch.chdir(root)
    return root


def test_diff_between_two_revisions_lists_the_places_that_move(runner, repo):
    result = runner.invoke(main, ["diff", "git:HEAD~1:criteria", "git:HEAD:criteria", "--places", "places"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "grade A: min_percent 80 → 85" in out
    assert "Ratings that move: 1 of 2" in out  # only tiers-lieu changed: its 2 places are compared
    line = next(row for row in out.splitlines() if "la-fabrique-exemple" in row)
    assert "tiers-lieu" in line and "A → B" in line and "81.2 → 81.2" in line and "lower" in line
    assert "tiers-lieu: A 1 → 0, B 0 → 1, C 0 → 0, D 1 → 1" in out
    assert (
        "warning: set tiers-lieu lowers the grade of 1 place(s) but [set] version is still '2026.1-exemple'"
        in out
    )
    assert git(repo, "status", "--porcelain") == "", "diff must not touch the work tree"


def test_diff_json_and_markdown(runner, repo):
    result = runner.invoke(
        main, ["diff", "git:HEAD~1:criteria", "git:HEAD:criteria", "--places", "places", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["moves"] == [
        {
            "place": "la-fabrique-exemple",
            "name": "La Fabrique d'Exemple",
            "set": "tiers-lieu",
            "old_grade": "A",
            "new_grade": "B",
            "old_percent": 81.2,
            "new_percent": 81.2,
            "old_shown_percent": 81.2,
            "new_shown_percent": 81.2,
            "direction": "lower",
        }
    ]
    assert data["summary"]["tiers-lieu"]["B"] == {"old": 0, "new": 1}
    assert data["changes"] == [
        {
            "set": "tiers-lieu",
            "what": "grade",
            "id": "A",
            "change": "min_percent",
            "old": 80,
            "new": 85,
            "effect": "stricter",
        }
    ]
    assert data["version_warnings"][0]["set"] == "tiers-lieu"
    md = runner.invoke(
        main, ["diff", "git:HEAD~1:criteria", "git:HEAD:criteria", "--places", "places", "-f", "md"]
    )
    assert md.exit_code == 0
    assert (
        "| La Fabrique d'Exemple (`la-fabrique-exemple`) | tiers-lieu | A → B | 81.2 → 81.2 | baisse |"
        in md.stdout
    )
    assert "> **Attention :** le jeu `tiers-lieu` baisse la note de 1 lieu(x)" in md.stdout
    assert "| tiers-lieu | note A : min\\_percent 80 → 85 | peut baisser |" in md.stdout


def test_diff_revision_against_the_work_tree_and_a_raised_version(runner, repo):
    edit(repo / "criteria" / "tiers-lieu.toml", 'version = "2026.1-exemple"', 'version = "2026.2"')
    result = runner.invoke(main, ["diff", "git:HEAD~1:criteria", "criteria", "--places", "places"])
    assert result.exit_code == 0, result.output
    assert "version 2026.1-exemple → 2026.2" in result.stdout
    assert "warning:" not in result.stdout


def test_check_against_a_revision_refuses_a_lowered_grade_with_the_same_version(runner, repo):
    args = ["check", "criteria", "places", "--against", "git:HEAD~1:criteria"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (
        "criteria/tiers-lieu.toml: line 5, [set] version: warning: compared with git:HEAD~1:criteria, set "
        "'tiers-lieu' lowers the grade of 1 place(s)"
    ) in result.stderr
    strict = runner.invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1
    edit(repo / "criteria" / "tiers-lieu.toml", 'version = "2026.1-exemple"', 'version = "2026.2"')
    result = runner.invoke(main, args)
    assert "[set] version" not in result.stderr


def test_check_against_without_places_warns_on_rule_changes(runner, repo):
    result = runner.invoke(main, ["check", "criteria", "--against", "git:HEAD~1:criteria"])
    assert result.exit_code == 0
    assert (
        "has 1 change(s) that may lower a grade but [set] version is still '2026.1-exemple'" in result.stderr
    )


def test_unknown_revision_and_outside_a_repository(runner, repo, tmp_path, monkeypatch):
    result = runner.invoke(main, ["diff", "git:v9:criteria", "criteria"])
    assert result.exit_code == 1
    assert "git:v9:criteria: unknown revision 'v9'" in result.stderr
    result = runner.invoke(main, ["diff", "git:HEAD:nowhere", "criteria"])
    assert result.exit_code == 1 and "no .toml file under 'nowhere' at HEAD" in result.stderr
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = runner.invoke(main, ["diff", "git:HEAD", str(repo / "criteria")])
    assert result.exit_code == 1
    assert "not inside a git repository" in result.stderr
    assert "Traceback" not in result.output


def test_diff_of_folders_names_every_kind_of_rule_change(runner, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLES / "criteria", old)
    shutil.copytree(EXAMPLES / "criteria", new)
    communs = new / "communs.toml"
    edit(
        communs, 'level = "must"\nweight = 2\nkind = "yes-no"', 'level = "must"\nweight = 4\nkind = "yes-no"'
    )
    edit(communs, "pass = 0.75", "pass = 1")
    edit(
        communs,
        'kind = "yes-no"\nna_allowed = true',
        'kind = "yes-no"\nna_allowed = true\nstatus = "retired"',
    )
    communs.write_text(
        communs.read_text("utf-8")
        + '\n[[criteria]]\nid = "rencontre"\ntitle = "Rencontre"\nquestion = "Le lieu organise-t-il des '
        'rencontres ?"\ntheme = "ouverture"\nkind = "yes-no"\nstatus = "future"\n',
        encoding="utf-8",
    )
    tiers = new / "tiers-lieu.toml"
    edit(
        tiers,
        'id = "adhesion"\nlabel = "Sur adhésion"\ncredit = 0.5',
        'id = "adhesion"\nlabel = "Sur adhésion"\ncredit = 0.25',
    )
    edit(
        tiers,
        '[[criteria.options]]\nid = "carto"\nlabel = "Mise à jour de la cartographie"\ncredit = 0.25\n',
        "",
    )
    result = runner.invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for expected in (
        "↕ criterion liberte-usagers: weight 2 → 4",
        "↓ criterion co-construction: pass 0.75 → 1",
        "↕ criterion transparence-financiere: status active → retired",
        "criterion rencontre added (should, weight 1, yes-no, future)",
        "↓ option accueil-public/adhesion: credit 0.5 → 0.25",
        "↓ option contribution-reseau/carto removed",
        "warning: set communs has",
    ):
        assert expected in out, (expected, out)


def test_diff_refuses_broken_sides(runner, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(EXAMPLES / "criteria", old)
    result = runner.invoke(main, ["diff", str(old), str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no such folder" in result.stderr
    bad = tmp_path / "bad"
    shutil.copytree(EXAMPLES / "criteria", bad)
    edit(bad / "communs.toml", "weight = 2", "wieght = 2")
    result = runner.invoke(main, ["diff", str(old), str(bad)])
    assert result.exit_code == 1
    assert "unknown key 'wieght'" in result.stderr and "the criteria sets have errors" in result.stderr


ROOT = Path(__file__).parent.parent


@pytest.mark.skipif(
    not (ROOT / "criteria").is_dir() or not (ROOT / "examples").is_dir(),
    reason="the network's criteria and example places are not in this tree",
)
def test_diff_of_the_network_criteria_between_two_commits(runner, tmp_path, monkeypatch):
    """The shipped criteria and example places: B at 65 % instead of 60 % moves la-grange-inventee."""
    root = tmp_path / "reseau"
    shutil.copytree(ROOT / "criteria", root / "criteria")
    shutil.copytree(ROOT / "examples", root / "examples")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "critères")
    tiers = root / "criteria" / "tiers-lieu.toml"
    text = tiers.read_text("utf-8")
    head, sep, rest = text.partition('grade = "B"')
    tiers.write_text(head + sep + rest.replace("min_percent = 60", "min_percent = 65", 1), "utf-8")
    git(root, "commit", "-qam", "note B : 65 %")
    monkeypatch.chdir(root)
    result = runner.invoke(
        main, ["diff", "git:HEAD~1:criteria", "git:HEAD:criteria", "--places", "examples", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    moved = {(m["place"], m["set"]): (m["old_grade"], m["new_grade"]) for m in data["moves"]}
    assert moved == {("la-grange-inventee", "tiers-lieu"): ("B", "C")}
    assert data["summary"]["tiers-lieu"]["B"]["new"] == data["summary"]["tiers-lieu"]["B"]["old"] - 1


def test_answers_the_new_rules_refuse_are_named(runner, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLES / "criteria", old)
    shutil.copytree(EXAMPLES / "criteria", new)
    # la-fabrique-exemple answered contribution-reseau = ["rencontres", "wiki"]: the wiki option goes away.
    edit(
        new / "tiers-lieu.toml",
        '[[criteria.options]]\nid = "wiki"\nlabel = "Comptes-rendus sur le wiki"\ncredit = 0.25\n',
        "",
    )
    result = runner.invoke(
        main, ["diff", str(old), str(new), "--places", str(EXAMPLES / "places"), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["refused_answers"] == [
        {
            "place": "la-fabrique-exemple",
            "criterion": "contribution-reseau",
            "why": "text 'wiki' is not an option of this criterion",
            "deleted": False,
        }
    ]
    # publish leaves the place out under the new rules until it answers again: counted apart.
    assert data["held"] == ["la-fabrique-exemple"]
    move = next(m for m in data["moves"] if m["place"] == "la-fabrique-exemple" and m["set"] == "tiers-lieu")
    assert move["new_percent"] < move["old_percent"]


def test_diff_of_identical_rules_moves_nothing(runner):
    criteria = str(EXAMPLES / "criteria")
    result = runner.invoke(main, ["diff", criteria, criteria, "--places", str(EXAMPLES / "places")])
    assert result.exit_code == 0, result.output
    assert "No rule changed, so no rating moves." in result.stdout
    data = json.loads(runner.invoke(main, ["diff", criteria, criteria, "-f", "json"]).stdout)
    assert data["changes"] == [] and data["version_warnings"] == []


def test_a_removed_set_is_not_replaced_by_an_installed_one(runner, tmp_path):
    """A side is the sets it holds: removing fablab stops rating fablab, whatever is installed."""
    old = EXAMPLES / "criteria"
    new = tmp_path / "new"
    shutil.copytree(old, new)
    (new / "fablab.toml").unlink()
    result = runner.invoke(
        main, ["diff", str(old), str(new), "--places", str(EXAMPLES / "places"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    moves = {(m["place"], m["set"]): m for m in data["moves"]}
    assert moves[("l-atelier-mobile", "fablab")]["new_grade"] is None


def _move_criterion(root: Path, criterion: str, source: str, target: str, extra: str = "") -> None:
    """Cut a criterion's block out of one set file and paste it, with `extra` keys, into another."""
    text = (root / source).read_text("utf-8")
    start = text.index(f'[[criteria]]\nid = "{criterion}"')
    end = text.find("\n[[", start + 1)
    block = text[start : len(text) if end < 0 else end + 1]
    (root / source).write_text(text.replace(block, ""), "utf-8")
    into = (root / target).read_text("utf-8")
    at = into.index("[[criteria]]")
    block = block.replace('kind = "', extra + 'kind = "', 1)
    (root / target).write_text(into[:at] + block.rstrip("\n") + "\n\n" + into[at:], "utf-8")


def test_a_criterion_moved_between_sets_is_said_moved_in_both(runner, repo):
    """The working group moves fab-reseau from the fablab set to the tiers-lieu set, and makes it a
    must of weight 2 on the way: one "moved" line in each set, then the criterion's own changes."""
    _move_criterion(
        repo, "fab-reseau", "criteria/fablab.toml", "criteria/tiers-lieu.toml", 'level = "must"\nweight = 2\n'
    )
    git(repo, "commit", "-qam", "fab-reseau passe au collège tiers-lieu")
    args = ["diff", "git:HEAD~1:criteria", "git:HEAD:criteria", "--places", "places"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "↕ criterion fab-reseau moved to set tiers-lieu" in out
    assert (
        "↓ criterion fab-reseau moved from set fablab\n    criterion fab-reseau: level should → must\n" in out
    )
    assert "    criterion fab-reseau: weight 1 → 2" in out
    assert "removed" not in out and "added" not in out
    assert "Ratings that move:" in out
    records = json.loads(runner.invoke(main, [*args, "--format", "json"]).stdout)["changes"]
    moved = [c for c in records if c["id"] == "fab-reseau"]
    assert [(c["set"], c["change"], c["old"], c["new"], c["effect"]) for c in moved] == [
        ("fablab", "moved", "fablab", "tiers-lieu", "either"),
        ("tiers-lieu", "moved", "fablab", "tiers-lieu", "stricter"),
        ("tiers-lieu", "level", "should", "must", "text"),
        ("tiers-lieu", "weight", 1, 2, "text"),
    ]
    fr = runner.invoke(main, ["--lang", "fr", *args, "--format", "md"])
    assert "| fablab | critère fab-reseau déplacé vers le jeu tiers-lieu | dans les deux sens |" in fr.stdout
    assert "| tiers-lieu | critère fab-reseau venu du jeu fablab | peut baisser |" in fr.stdout
