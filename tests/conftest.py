"""Shared fixtures: the worked examples, a registry, a CLI runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tlcriteria.registry import Registry, build_registry

DATA = Path(__file__).parent / "data"
EXAMPLES = DATA / "examples"


@pytest.fixture(scope="session")
def registry() -> Registry:
    """Built-ins only: tests do not depend on which plugins happen to be installed."""
    from tlcriteria.plugins import build_plugins

    return build_registry(build_plugins(entry_points_group=None))


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A private copy of the worked examples (tests may edit it)."""
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target)
    return target


@pytest.fixture(scope="session")
def expected() -> list[dict]:
    return json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def runner() -> CliRunner:
    """English messages (msgids), whatever the machine's locale; French is the program's default."""
    return CliRunner(env={"LANGUAGE": "en"})


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: builds wheels and a fresh virtual environment (~1 min; deselect with -m 'not slow')"
    )


@pytest.fixture(autouse=True)
def _hide_installed_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process commands see the built-ins only, whatever the venv has installed.

    (`./dev.sh setup` installs the college plugins.) Tests of plugins install
    their own through `tests/plugins/conftest.py`; subprocess tests see the venv.
    """
    monkeypatch.setattr("tlcriteria.plugins.entry_points", lambda group: ())


@pytest.fixture(autouse=True)
def _english_library_messages() -> None:
    """Library calls made directly by a test speak English (the msgids), whatever ran before.

    French is the program's default; a CLI test that leaves it on must not change
    the messages of the next test's direct library calls.
    """
    from tlcriteria.i18n import set_language

    set_language("en")


def builtins_only_env() -> dict[str, str]:
    """Environment for a subprocess that must see the built-in plugins only.

    The venv has the college plugins installed (`./dev.sh setup`); a test that
    brings its own criteria disables them the way a user would.
    """
    from importlib.metadata import entry_points

    names = sorted(ep.name for ep in entry_points(group="tlcriteria"))
    return {"TLCRITERIA_DISABLE_PLUGINS": ",".join(names)}


def review(runner, net: Path, place_id: str, reviewer: str, lines: list[str], *extra: str):
    """`tlcriteria review` of NET/places/PLACE_ID.toml as REVIEWER, the LINES typed in (criteria beside NET)."""
    from tlcriteria.cli import main

    return runner.invoke(
        main,
        [
            "review",
            str(net / "places" / f"{place_id}.toml"),
            "--as",
            reviewer,
            "--criteria",
            str(net.parent / "criteria"),
            *extra,
        ],
        input="\n".join(lines) + "\n",
    )


def spawn_assess(*args: str, cwd: Path) -> Any:
    """`tlcriteria assess ARGS --criteria EXAMPLES/criteria` in a French 40×200 terminal, built-ins only."""
    import os
    import sys

    import pexpect

    env = {
        **os.environ,
        **builtins_only_env(),
        "LANGUAGE": "",
        "LC_ALL": "",
        "LANG": "fr_FR.UTF-8",
        "COLUMNS": "200",  # messages are wrapped to the terminal: one line each here
        # Nobody answers prompt_toolkit's cursor position requests here (a real terminal does).
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "tlcriteria.cli", "assess", *args, "--criteria", str(EXAMPLES / "criteria")],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )
