"""Each file is read and parsed once per command, plugin sets included."""

from __future__ import annotations

from collections import Counter

import pytest

from tlcriteria import documents
from tlcriteria.cli import main

from .conftest import REPO

PLACES = REPO / "examples" / "normandie" / "places"


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
    ],
)
def test_every_file_is_parsed_once(runner, college_plugins, reads, args):
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert reads, "the files were read"
    if str(REPO / "criteria") not in args:  # else the user's reading of those files replaces the plugins'
        assert any(path.startswith("[plugin ") for path in reads), "plugin sets are read too"
    assert {path: n for path, n in reads.items() if n > 1} == {}
