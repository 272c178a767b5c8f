"""What a review as new users found in `check` and `migrate`, replayed as they ran it.

Each test writes the files as a member or the working group would, runs the
command line and reads what it says (in French, as members read it, where the
wording is the point).
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

REPO = Path(__file__).resolve().parents[1]

PLACE = """[place]
id = "a"
name = "A"
town = "Caen"
stage = "existing"
colleges = ["tiers-lieu"]

[answers]
un-lieu = "unique"
"""


@pytest.fixture
def network(tmp_path, monkeypatch) -> Path:
    """The network's criteria (criteria/ of the repository) and a folder of place files, the
    current folder."""
    shutil.copytree(REPO / "criteria", tmp_path / "criteria")
    (tmp_path / "lieux").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, lang: str = "en"):
    return CliRunner(env={"LANGUAGE": lang}).invoke(main, list(args))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- 1. migrate keeps the table form


def test_migrate_renames_an_option_in_a_sub_table_and_keeps_its_justification_and_comment(network):
    edit(
        network / "criteria/communs.toml",
        '{ id = "decouverte", ',
        '{ id = "decouverte-gratuite", replaces = ["decouverte"], ',
    )
    place = network / "lieux/a.toml"
    place.write_text(
        PLACE + '\n[answers.ouverture-entree]\nvalue = "decouverte"   # visite du samedi\n'
        'justification = "Visite gratuite le samedi"\n',
        encoding="utf-8",
    )
    dry = run("migrate", "lieux", "--criteria", "criteria", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert '+value = "decouverte-gratuite"   # visite du samedi\n' in dry.stdout
    assert "-justification" not in dry.stdout and "+justification" not in dry.stdout  # kept as it is
    result = run("migrate", "lieux", "--criteria", "criteria")
    assert result.exit_code == 0, result.output
    text = place.read_text(encoding="utf-8")
    assert text == (
        PLACE + '\n[answers.ouverture-entree]\nvalue = "decouverte-gratuite"   # visite du samedi\n'
        'justification = "Visite gratuite le samedi"\n'
    )
    assert tomllib.loads(text)["answers"]["ouverture-entree"]["justification"] == "Visite gratuite le samedi"
    checked = run("check", "criteria", "lieux")
    assert checked.exit_code == 0, checked.output
    assert "migrate" not in checked.output
