"""Plugins installed for one test, found through the real entry-point machinery.

`plugin_env.add(...)` writes a package and a `.dist-info` folder (METADATA,
entry_points.txt) into a temporary folder put on `sys.path`: exactly what pip
leaves in site-packages. `tlcriteria.plugins.entry_points` is pointed at the
distributions of that folder only, so the test does not see what the venv has
installed; `EntryPoint.load()`, `ep.dist` and the plugin manager are the real ones.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import sys
import tomllib
from pathlib import Path
from textwrap import dedent

import pytest

from tlcriteria.plugins import ENTRY_POINT_GROUP

HERE = Path(__file__).parent
EXAMPLE_PLUGIN = HERE / "example-plugin"
BIS_PLUGIN = HERE / "bis-plugin"
REPO = HERE.parents[1]


class PluginEnv:
    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.packages: list[str] = []
        self.sources: list[Path] = []  # plugin projects' src/ folders, for subprocesses
        self.names: set[str] = set()  # entry point names of the plugins installed here
        root.mkdir()
        monkeypatch.syspath_prepend(str(root))
        self._monkeypatch = monkeypatch
        monkeypatch.setattr("tlcriteria.plugins.entry_points", self.entry_points)

    def entry_points(self, group: str) -> importlib.metadata.EntryPoints:
        found = [
            ep
            for dist in importlib.metadata.distributions(path=[str(self.root)])
            for ep in dist.entry_points
            if ep.group == group
        ]
        return importlib.metadata.EntryPoints(found)

    def write_dist_info(self, dist: str, version: str, entry_points: dict[str, str]) -> None:
        info = self.root / f"{re.sub(r'[-_.]+', '_', dist)}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
        )
        self.names.update(entry_points)
        lines = [f"[{ENTRY_POINT_GROUP}]", *(f"{k} = {v}" for k, v in entry_points.items())]
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        importlib.invalidate_caches()

    def add(
        self,
        name: str,
        source: str = "",
        *,
        files: dict[str, str] | None = None,
        dist: str | None = None,
        version: str = "1.0",
        target: str = "",
    ) -> str:
        """Install a plugin `name` whose module is `source`; returns the module name.

        `files` are written beside the module (e.g. criteria sets); `target`
        appends `:attr` to the entry point (an object instead of the module).
        """
        package = "tlc_test_" + re.sub(r"\W", "_", name)
        folder = self.root / package
        folder.mkdir()
        (folder / "__init__.py").write_text(dedent(source), encoding="utf-8")
        for filename, text in (files or {}).items():
            (folder / filename).write_text(dedent(text), encoding="utf-8")
        self.write_dist_info(dist or f"tlc-test-{name}", version, {name: package + target})
        self.packages.append(package)
        return package

    def add_project(self, project: Path) -> None:
        """An editable-style install of a plugin project: its src/ on sys.path, its metadata."""
        meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        self._monkeypatch.syspath_prepend(str(project / "src"))
        self.sources.append(project / "src")
        self.packages.extend(p.name for p in (project / "src").iterdir() if p.is_dir())
        self.write_dist_info(meta["name"], meta["version"], meta["entry-points"][ENTRY_POINT_GROUP])

    def subprocess_env(self) -> dict[str, str]:
        """Environment for a `tlcriteria` subprocess that sees these plugins and no other."""
        from importlib.metadata import entry_points

        # The venv's own plugins (./dev.sh setup installs the colleges) are disabled by name.
        venv = sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)} - self.names)
        path = [str(self.root), *(str(s) for s in self.sources), os.environ.get("PYTHONPATH", "")]
        return {
            "PYTHONPATH": os.pathsep.join(p for p in path if p),
            "TLCRITERIA_DISABLE_PLUGINS": ",".join(venv),
        }

    def forget_modules(self) -> None:
        for module in list(sys.modules):
            if module.split(".")[0] in self.packages:
                del sys.modules[module]


@pytest.fixture
def plugin_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    env = PluginEnv(tmp_path / "site-packages", monkeypatch)
    yield env
    env.forget_modules()


@pytest.fixture
def example_plugin(plugin_env: PluginEnv) -> PluginEnv:
    """The example third-party plugin of docs/plugins.md, installed."""
    plugin_env.add_project(EXAMPLE_PLUGIN)
    return plugin_env


@pytest.fixture
def bis_plugin(plugin_env: PluginEnv) -> PluginEnv:
    """The test plugin registering every built-in kind and scheme again as NAME-bis."""
    plugin_env.add_project(BIS_PLUGIN)
    return plugin_env


@pytest.fixture
def college_plugins(plugin_env: PluginEnv) -> PluginEnv:
    """The network's four plugins, as `./dev.sh setup` installs them (editable)."""
    for project in sorted((REPO / "plugins").iterdir()):
        if (project / "pyproject.toml").is_file():
            plugin_env.add_project(project)
    return plugin_env
