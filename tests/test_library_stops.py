"""Library code never calls the command line: what cannot go on raises `errors.Stopped`,
whose message and problems the command line prints (`diff`, `check --against`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tlcriteria.catalogue_loading import load_catalogue
from tlcriteria.diff import run_diff, version_warnings
from tlcriteria.errors import Stopped

from .conftest import EXAMPLES


def test_run_diff_returns_the_report_and_its_warnings(registry) -> None:
    text, warnings = run_diff(registry, str(EXAMPLES / "criteria"), str(EXAMPLES / "criteria"), (), "table")
    assert text.startswith("Changes from ") and not [w for w in warnings if w.is_error]


def test_a_side_that_cannot_be_read_stops_with_one_line(registry, tmp_path: Path) -> None:
    with pytest.raises(Stopped) as stopped:
        run_diff(registry, str(tmp_path / "nowhere"), str(EXAMPLES / "criteria"), (), "table")
    assert "nowhere: no such folder" in stopped.value.message and stopped.value.problems == ()


def test_a_side_with_errors_stops_with_its_problems(registry, tmp_path: Path) -> None:
    broken = tmp_path / "criteria"
    shutil.copytree(EXAMPLES / "criteria", broken)
    path = broken / "communs.toml"
    path.write_text(path.read_text("utf-8").replace("weight = 3", "wieght = 3", 1), "utf-8")
    with pytest.raises(Stopped) as stopped:
        run_diff(registry, str(EXAMPLES / "criteria"), str(broken), (), "table")
    assert "the criteria sets have errors" in stopped.value.message
    assert any(p.is_error and "wieght" in str(p) for p in stopped.value.problems)


def test_check_against_a_missing_folder_stops(registry, tmp_path: Path) -> None:
    catalogue = load_catalogue(registry, [str(EXAMPLES / "criteria")]).catalogue
    with pytest.raises(Stopped) as stopped:
        version_warnings(registry, str(tmp_path / "old"), catalogue, set(), [])
    assert "old: no such folder" in stopped.value.message
