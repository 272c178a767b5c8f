"""The working group's guide (docs/guide-groupe-de-travail.md) replayed: its proposal of §1, made
in a real git repository, gives the outputs its §3 and §5 show."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .site_network import REPO

GUIDE = (REPO / "docs" / "guide-groupe-de-travail.md").read_text(encoding="utf-8")


def shown_after(command: str) -> str:
    """What the guide shows after `$ COMMAND`, up to the end of its block."""
    found = re.search(r"^\$ " + re.escape(command) + r"\n(.*?)^```", GUIDE, flags=re.S | re.M)
    assert found, f"the guide shows no `$ {command}`"
    return found.group(1)


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Groupe", "-c", "user.email=groupe@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def proposal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The group's repository on the branch of §1: B raised to 65 %, the announced criterion."""
    shutil.copytree(REPO / "criteria", tmp_path / "criteria")
    shutil.copytree(REPO / "examples" / "normandie" / "places", tmp_path / "lieux")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "critères 2026.1")
    git(tmp_path, "switch", "-qc", "proposition/note-b-65")
    criterion = re.search(
        r'^\[\[criteria\]\]\nid = "tl-tiers-lieu-nourricier"\n.*?(?=^```)', GUIDE, re.S | re.M
    )
    assert criterion, "the guide's §1 shows the new criterion"
    rules = tmp_path / "criteria" / "tiers-lieu.toml"
    text = rules.read_text(encoding="utf-8")
    b = 'description_en = "At least 60 % and every must criterion satisfied."\nmin_percent = 60\n'
    assert b in text
    text = text.replace(b, b.replace("min_percent = 60", "min_percent = 65          # était 60"))
    text = text.replace(
        "# ---------------------------------------------------------------- notes", criterion.group(0)
    )
    rules.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"LANGUAGE": "fr"}).invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_guides_proposal_checks_and_its_version_warning_is_the_only_one(proposal):
    assert (
        run("check", "criteria", "lieux")[1]
        == shown_after("tlcriteria check criteria lieux").splitlines()[-1] + "\n"
    )
    code, out, err = run("check", "--strict", "--against", "git:main:criteria", "criteria", "lieux")
    assert code == 1
    assert out + err == shown_after("tlcriteria check --strict --against git:main:criteria criteria lieux")


def test_the_guides_diff_is_what_diff_prints(proposal):
    code, out, err = run("diff", "git:main:criteria", "criteria", "--places", "lieux")
    assert code == 0, err
    assert out + err == shown_after("tlcriteria diff git:main:criteria criteria --places lieux")
    code, out, err = run("diff", "git:main:criteria", "criteria", "--places", "lieux", "--format", "md")
    assert code == 0, err
    assert out == shown_after("tlcriteria diff git:main:criteria criteria --places lieux --format md")


def test_raising_the_version_as_the_guide_says_silences_the_warning(proposal):
    rules = proposal / "criteria" / "tiers-lieu.toml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(
        text.replace('\nversion = "2026.1"', '\nversion = "2026.2"        # était 2026.1', 1),
        encoding="utf-8",
    )
    code, out, err = run("check", "--strict", "--against", "git:main:criteria", "criteria", "lieux")
    assert code == 0, err
    assert err == "" and out.startswith("ok : ")
