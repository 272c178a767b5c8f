"""The light entry-point reader finds what importlib.metadata finds."""

from __future__ import annotations

import importlib.metadata
import sys

import pytest

from tlcriteria.entrypoints import entry_points


def described(points) -> list[tuple[str, str, str, str]]:
    return sorted((e.name, e.value, e.dist.name, e.dist.version) for e in points)


@pytest.mark.parametrize("group", ["tlcriteria", "console_scripts", "pytest11", "no-such-group"])
def test_same_entry_points_as_importlib_metadata(group):
    assert described(entry_points(group)) == described(importlib.metadata.entry_points(group=group))


def test_reads_a_distribution_on_the_path_and_loads_it(tmp_path, monkeypatch):
    info = tmp_path / "demo_plugin-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: demo-plugin\nVersion: 1.2\n\nBody: no\n")
    (info / "entry_points.txt").write_text(
        "# comment\n[console_scripts]\ndemo = demo_mod:main\n\n[tlcriteria]\ndemo = demo_mod:Thing.inner [extra]\n"
    )
    (tmp_path / "demo_mod.py").write_text("class Thing:\n    inner = 42\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    found = [e for e in entry_points("tlcriteria") if e.dist and e.dist.name == "demo-plugin"]
    assert [(e.name, e.dist.version) for e in found] == [("demo", "1.2")]
    assert found[0].load() == 42
    monkeypatch.delitem(sys.modules, "demo_mod", raising=False)
