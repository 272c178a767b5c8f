"""The pre-commit hooks a working group's repository uses run `tlcriteria check` as documented."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from tlcriteria.cli import main

from .conftest import EXAMPLES

HOOKS = Path(__file__).parent.parent / ".pre-commit-hooks.yaml"


def hooks() -> dict[str, dict[str, str]]:
    """The hooks file, read without a YAML library: one `- id:` block per hook, `key: value` lines."""
    found: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in HOOKS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        match = re.match(r"^(- |  )(\w+): (.*)$", line)
        assert match, f"unexpected line in .pre-commit-hooks.yaml: {line!r}"
        if match[1] == "- ":
            current = {}
        current[match[2]] = match[3]
        if match[2] == "id":
            found[match[3]] = current
    return found


def test_hooks_run_tlcriteria_check_on_toml_files():
    found = hooks()
    assert set(found) == {"tlcriteria-check", "tlcriteria-check-strict"}
    for hook in found.values():
        assert hook["entry"].startswith("tlcriteria check")
        assert hook["language"] == "python"
        assert re.search(hook["files"], "criteres/communs.toml")
        assert not re.search(hook["exclude"], "criteres/communs.toml")
        assert re.search(hook["exclude"], "pyproject.toml")
        assert hook["pass_filenames"] == "false"


def test_hook_commands_accept_good_files_and_refuse_broken_ones(runner, tmp_path, monkeypatch):
    shutil.copytree(EXAMPLES / "criteria", tmp_path / "criteria")
    monkeypatch.chdir(tmp_path)
    hook = hooks()["tlcriteria-check"]
    argv = [*shlex.split(hook["entry"])[1:], *hook["args"].strip("[]").split(", ")]
    assert runner.invoke(main, argv).exit_code == 0
    communs = tmp_path / "criteria" / "communs.toml"
    communs.write_text(communs.read_text("utf-8").replace("weight = 2", "wieght = 2", 1), "utf-8")
    result = runner.invoke(main, argv)
    assert result.exit_code == 1 and "unknown key 'wieght'" in result.stderr


def test_the_projects_own_hooks_name_tools_that_set_up_installs():
    """`.pre-commit-config.yaml` runs ruff, mypy and `check --strict criteria` from .venv."""
    import subprocess
    import sys

    import yaml

    root = HOOKS.parent
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {hook["id"]: shlex.split(hook["entry"]) for repo in config["repos"] for hook in repo["hooks"]}
    assert set(entries) == {"ruff-check", "ruff-format", "mypy", "tlcriteria-check-criteria"}
    bin_dir = Path(sys.executable).parent
    for words in entries.values():
        assert words[0].startswith(".venv/bin/"), words
        assert (bin_dir / Path(words[0]).name).exists(), words
    check = [str(bin_dir / "tlcriteria"), *entries["tlcriteria-check-criteria"][1:]]
    assert subprocess.run(check, cwd=root, capture_output=True).returncode == 0
