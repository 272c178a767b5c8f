"""Each file is read and parsed once per command, plugin sets included."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from tlcriteria import documents
from tlcriteria.cli import main

from .conftest import REPO

PLACES = REPO / "examples" / "normandie" / "places"
NETWORK = PLACES.parent  # with its reviews (reviews/PLACE/NAME.toml), matched over every file


@pytest.fixture
def reads(monkeypatch) -> Counter[str]:
    """How many times each file was parsed (by its path as shown)."""
    counter: Counter[str] = Counter()
    original = documents.parse_toml

    def counting(text: str, path: str):
        counter[path] += 1
        return original(text, path)

    monkeypatch.setattr(documents, "parse_toml", counting)
    return counter


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(sorted(PLACES.glob("*.toml"))[0])],
        ["check", str(REPO / "criteria"), str(PLACES)],
        ["score", str(PLACES)],
        ["score", str(PLACES), "-f", "json"],
        ["publish", str(PLACES), "-f", "html"],
        ["score", str(NETWORK), "-f", "json"],
        ["publish", str(NETWORK), "-f", "csv"],
        # A copy outside git: in git, the site also parses the files' earlier versions (their history).
        ["publish", "{copy}", "-f", "site", "--date", "2026-12-01", "-o", "{site}"],
    ],
)
def test_every_file_is_parsed_once(runner, college_plugins, reads, file_reads, args, tmp_path):
    if "{copy}" in args:
        shutil.copytree(NETWORK, tmp_path / "normandie")
    args = [a.format(copy=tmp_path / "normandie", site=tmp_path / "site") for a in args]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert reads, "the files were read"
    if str(REPO / "criteria") not in args:  # else the user's reading of those files replaces the plugins'
        assert any(path.startswith("[plugin ") for path in reads), "plugin sets are read too"
    assert {path: n for path, n in reads.items() if n > 1} == {}
    assert {path: n for path, n in file_reads.items() if n > 1} == {}, "and read once"


@pytest.fixture
def file_reads(monkeypatch) -> Counter[str]:
    """How many times each file's bytes were read (by its path as shown)."""
    counter: Counter[str] = Counter()
    original = documents.read_text

    def counting(source, path: str):
        counter[path] += 1
        return original(source, path)

    monkeypatch.setattr(documents, "read_text", counting)
    return counter


BROKEN_SET = """\
[set]
id = "abimee"
title = "Abîmée"
version = "1"

[[criteria]]
id = "abimee-un"
title = "Un
"""

PLACE = """\
[place]
id = "lieu-x"
name = "Lieu X"
town = "Caen"
stage = "existing"
colleges = ["coworking"]

[answers]
abimee-un = true
"""


def test_a_set_that_is_not_toml_is_read_once_and_withholds_its_criteria(
    runner, college_plugins, file_reads, tmp_path
):
    """Its ids are told from the text read once: answers to them are not "unknown criteria"."""
    broken = tmp_path / "abimee.toml"
    broken.write_text(BROKEN_SET, encoding="utf-8")
    place = tmp_path / "lieu.toml"
    place.write_text(PLACE, encoding="utf-8")
    result = runner.invoke(main, ["check", str(broken), str(place)])
    assert result.exit_code == 1
    assert f"{broken}: line 8" in result.stderr and "malformed TOML" in result.stderr
    assert "abimee-un" not in result.stderr, "the answer is withheld, not called unknown"
    assert {path: n for path, n in file_reads.items() if n > 1} == {}
    assert file_reads[str(broken)] == 1


WRONG_SET = """\
[set]
id = "erronee"
title = "Erronée"
version = "1"

[[criteria]]
id = "erronee-un"
title = "Un"
question = "Un ?"
kind = "yes-no"

[[criteria]]
id = "erronee-deux"
title = "Deux"
question = "Deux ?"
kind = "sans-type"
"""


@pytest.fixture
def set_loads(monkeypatch) -> Counter[str]:
    """How many times each document went through the loader (by its path as shown)."""
    from tlcriteria import models_from_toml

    counter: Counter[str] = Counter()

    class Counting(models_from_toml.Problems):
        def __init__(self, doc) -> None:
            counter[doc.path] += 1
            super().__init__(doc)

    monkeypatch.setattr(models_from_toml, "Problems", Counting)
    return counter


@pytest.mark.parametrize(
    "command",
    [
        lambda criteria: ["check", str(criteria), str(PLACES)],
        lambda criteria: ["check", "--criteria", str(criteria), str(PLACES)],
        lambda criteria: ["score", "--criteria", str(criteria), str(PLACES)],
    ],
    ids=["check", "check --criteria", "score --criteria"],
)
def test_a_set_with_errors_is_read_parsed_and_loaded_once(
    runner, college_plugins, reads, file_reads, set_loads, tmp_path, command
):
    """Its errors are told from the one loading that refused it, not from a second pass."""
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    wrong = criteria / "erronee.toml"
    wrong.write_text(WRONG_SET, encoding="utf-8")
    result = runner.invoke(main, command(criteria))
    assert result.exit_code == 1
    assert f"{wrong}: line 16" in result.stderr and "sans-type" in result.stderr
    assert (file_reads[str(wrong)], reads[str(wrong)], set_loads[str(wrong)]) == (1, 1, 1)
    assert {path: n for path, n in file_reads.items() if n > 1} == {}
    assert {path: n for path, n in set_loads.items() if n > 1} == {}


def test_the_catalogue_says_which_criteria_are_withheld_and_why(plugin_env, tmp_path):
    """One object: the sets, the user's problems, the plugins' problems, withheld criteria with their set."""
    from tlcriteria.catalogue import Withheld
    from tlcriteria.catalogue_loading import load_catalogue
    from tlcriteria.registry import build_registry

    from .test_plugin_sets import BAD_SET, GOOD_SET, SHIPS_SETS

    plugin_env.add(
        "melange",
        SHIPS_SETS,
        files={"bon.toml": GOOD_SET.format(id="bon", version="2"), "casse.toml": BAD_SET},
    )
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "abimee.toml").write_text(BROKEN_SET, encoding="utf-8")
    loaded = load_catalogue(build_registry(), [tmp_path / "mine"])
    assert list(loaded.sets) == ["bon"]
    assert [p.path for p in loaded.problems] == [str(tmp_path / "mine" / "abimee.toml")]
    assert {p.path for p in loaded.plugin_problems} == {"[plugin melange] casse.toml"}
    assert dict(loaded.withheld) == {
        "abimee-un": Withheld("abimee", ""),
        "casse-un": Withheld("casse", "melange"),
    }
    assert str(loaded.withheld["casse-un"]) == "set 'casse' of plugin 'melange'"
