"""`diff` of a pure rename moves no grade, before `tlcriteria migrate` as after.

The working group's CI runs `diff git:origin/main:criteria criteria --places lieux`
on every branch; once a branch has migrated its place files, the old rules must
still read them (the renames applied backwards), not drop the migrated answers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tlcriteria.cli import main

from .conftest import builtins_only_env
from .test_diff import edit, git

ROOT = Path(__file__).parent.parent
PLACES = ROOT / "examples" / "normandie" / "places"

pytestmark = pytest.mark.skipif(
    not (ROOT / "criteria").is_dir() or not PLACES.is_dir(),
    reason="the network's criteria and example places are not in this tree",
)

#: The guide's rename: a criterion and an option of `communs` get new ids (docs/guide-groupe-de-travail.md).
CRITERION = ('id = "cadre-explicite"\n', 'id = "cadre-clair"\nreplaces = ["cadre-explicite"]\n')
OPTION = ('{ id = "decouverte", label', '{ id = "decouverte-gratuite", replaces = ["decouverte"], label')


@pytest.fixture
def network(tmp_path, monkeypatch) -> Path:
    """The network's criteria and places committed on main, then renamed in the work tree."""
    root = tmp_path / "reseau"
    shutil.copytree(ROOT / "criteria", root / "criteria")
    shutil.copytree(PLACES, root / "lieux")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "critères 2026.1")
    git(root, "branch", "-M", "main")
    edit(root / "criteria" / "communs.toml", *CRITERION)
    edit(root / "criteria" / "communs.toml", *OPTION)
    monkeypatch.chdir(root)
    return root


def diff_json(runner, *args: str) -> dict:
    result = runner.invoke(main, ["diff", *args, "--places", "lieux", "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def migrate(runner) -> None:
    result = runner.invoke(main, ["migrate", "lieux", "--criteria", "criteria"])
    assert result.exit_code == 0, result.output
    assert "cadre-clair = " in (Path("lieux") / "la-halle-songeuse.toml").read_text("utf-8")


def test_a_rename_moves_nothing_before_and_after_migrate(runner, network):
    before = diff_json(runner, "git:main:criteria", "criteria")
    assert before["moves"] == [] and before["compared"] == 17
    assert {n["criterion"] for n in before["migrated_answers"]} == {"cadre-explicite", "ouverture-entree"}
    migrate(runner)
    after = diff_json(runner, "git:main:criteria", "criteria")
    assert after["moves"] == [], after["moves"]
    assert after["compared"] == 17
    assert after["refused_answers"] == [] and after["migrated_answers"] == []
    assert after["summary"] == before["summary"]
    # The guide's CI command, in Markdown: nothing moves either.
    md = runner.invoke(main, ["diff", "git:main:criteria", "criteria", "--places", "lieux", "-f", "md"])
    assert md.exit_code == 0, md.output
    assert "### Notes qui bougent (0 sur 17)" in md.stdout


def test_the_other_way_round_the_newer_side_is_the_old_argument(runner, network):
    migrate(runner)
    data = diff_json(runner, "criteria", "git:main:criteria")
    assert data["moves"] == [] and data["refused_answers"] == []


def test_a_real_change_beside_the_rename_moves_the_same_after_migrate(runner, network):
    """The renamed option also earns less: the same places move, before migrate and after."""
    edit(
        network / "criteria" / "communs.toml",
        'label_en = "Through a free discovery time", credit = 0.75',
        'label_en = "Through a free discovery time", credit = 0',
    )
    before = diff_json(runner, "git:main:criteria", "criteria")
    assert before["moves"], "an option's credit lowered to 0 must move someone"
    migrate(runner)
    after = diff_json(runner, "git:main:criteria", "criteria")
    assert after["moves"] == before["moves"]
    assert after["summary"] == before["summary"]


def test_the_table_in_french_after_migrate(network):
    """As a member runs it: the command in a process of its own, in French (the default)."""
    command = [sys.executable, "-m", "tlcriteria.cli"]
    env = {**os.environ, **builtins_only_env(), "LANGUAGE": "", "LC_ALL": "", "LANG": "C.UTF-8"}
    done = subprocess.run(
        [*command, "migrate", "lieux", "--criteria", "criteria"], env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    out = subprocess.run(
        [*command, "diff", "git:main", "criteria", "--places", "lieux"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "Notes qui bougent : 0 sur 17" in out.stdout
    assert "critère cadre-clair : renommé cadre-explicite → cadre-clair" in out.stdout
