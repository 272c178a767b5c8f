"""A command imports only what it uses (issue 14's start-up): checked on the modules a real
process has loaded when the command ends. The time itself is measured by bench/run.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tlcriteria.parallel import MIN_PLACES

from .conftest import EXAMPLES, builtins_only_env

PLACE = EXAMPLES / "places" / "le-hangar-partage.toml"
CRITERIA = EXAMPLES / "criteria"

RUN = """
import json, sys
sys.argv = ["tlcriteria", *json.loads(sys.argv[1])]
from tlcriteria.cli import main
try:
    main()
except SystemExit:
    pass
with open(OUT, "w") as handle:
    json.dump(sorted(sys.modules), handle)
"""


def modules_after(tmp_path: Path, *args: str) -> set[str]:
    out = tmp_path / "modules.json"
    code = RUN.replace("OUT", repr(str(out)))
    subprocess.run(
        [sys.executable, "-c", code, json.dumps([str(a) for a in args])],
        cwd=tmp_path,
        env={**builtins_only_env(), "PATH": "/usr/bin:/bin", "LANGUAGE": "en"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    return set(json.loads(out.read_text()))


def ours(modules: set[str], prefix: str) -> set[str]:
    return {m for m in modules if m == prefix or m.startswith(prefix + ".")}


@pytest.mark.parametrize(
    "args",
    [
        ("check", PLACE, "--criteria", CRITERIA),
        ("assess", "--criteria", CRITERIA, "-o", "new.toml"),
        ("sets", "--criteria", CRITERIA),
    ],
    ids=["check", "assess", "sets"],
)
def test_commands_that_write_no_format_import_none(tmp_path: Path, args: tuple[str, ...]) -> None:
    loaded = modules_after(tmp_path, *args)
    assert "tlcriteria.catalogue" in loaded  # the command did run
    assert not ours(loaded, "tlcriteria.formats"), sorted(ours(loaded, "tlcriteria.formats"))
    assert not ours(loaded, "prompt_toolkit")  # no terminal here: lines are read from stdin
    unused = {"tlcriteria.cli.publish", "tlcriteria.cli.score", "tlcriteria.signatures"}
    unused |= {"subprocess", "multiprocessing", "tomlkit", "importlib.metadata"}
    # tomllib reads only what toml_rs refuses; importlib.resources (tempfile, shutil, zipfile…)
    # only a plugin's set in an archive.
    unused |= {"tomllib", "importlib.resources"}
    assert not unused & loaded, sorted(unused & loaded)


def test_check_of_a_place_imports_no_network_module_nor_linter(tmp_path: Path) -> None:
    """Without a network file nor a criteria set among the files checked, nothing to use them on
    (nor the engine: checking rates nothing)."""
    loaded = modules_after(tmp_path, "check", PLACE, "--criteria", CRITERIA)
    assert "tlcriteria.place_checks" in loaded  # the command did run
    unused = {"tlcriteria.network", "tlcriteria.vocabulary", "tlcriteria.lint", "tlcriteria.engine"}
    assert not unused & loaded, sorted(unused & loaded)
    assert "tlcriteria.lint" in modules_after(tmp_path, "check", CRITERIA)  # sets to lint


def test_score_of_one_place_imports_the_format_it_writes_through(tmp_path: Path) -> None:
    loaded = modules_after(tmp_path, "score", PLACE, "--criteria", CRITERIA)
    assert "tlcriteria.formats.table" in loaded
    unused = {"tlcriteria.cli.check", "tlcriteria.cli.publish", "prompt_toolkit", "tomlkit"}
    unused.add("importlib.metadata")  # slow to import: entry points are read by tlcriteria.entrypoints
    unused |= {"tlcriteria.signatures", "tlcriteria.reviews", "subprocess"}  # no signers, no review
    assert not unused & loaded, sorted(unused & loaded)


def test_version_and_help_import_no_library_module(tmp_path: Path) -> None:
    for args in (("--version",), ("--help",)):
        loaded = modules_after(tmp_path, *args)
        library = {m for m in ours(loaded, "tlcriteria") if not m.startswith("tlcriteria.cli")}
        assert library <= {"tlcriteria", "tlcriteria.i18n"}, (args, sorted(library))


def test_python_dash_m_tlcriteria(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tlcriteria", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("tlcriteria "), done


GC = """
import gc, json, sys
from tlcriteria.cli import main
before = gc.get_threshold()
try:
    main(json.loads(sys.argv[1]))
except SystemExit:
    pass
print(json.dumps([before, gc.get_threshold(), gc.get_freeze_count()]))
"""


@pytest.mark.parametrize("args", [("check", PLACE, "--criteria", CRITERIA), ("--version",)])
def test_the_collector_waits_for_the_end_of_start_up(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Started as a program: no collection while the start-up builds what lasts (thresholds raised),
    then the usual thresholds again, what start-up built frozen out of later collections."""
    done = subprocess.run(
        [sys.executable, "-c", GC, json.dumps([str(a) for a in args])],
        cwd=tmp_path,
        env={**builtins_only_env(), "PATH": "/usr/bin:/bin", "LANGUAGE": "en"},
        capture_output=True,
        text=True,
        check=True,
    )
    before, after, frozen = json.loads(done.stdout.splitlines()[-1])
    if args[0] == "check":  # the registry was built: start-up is over
        assert after == before and frozen > 10_000, done.stdout
    else:  # --version builds nothing: the raised threshold is all there is to see
        assert after[0] > before[0] and frozen == 0, done.stdout


def test_the_test_runner_s_collector_is_left_alone(tmp_path: Path) -> None:
    """CliRunner calls `main` itself, not the program's entry point: thresholds unchanged."""
    import gc

    from click.testing import CliRunner

    from tlcriteria.cli import main

    before = gc.get_threshold()
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and gc.get_threshold() == before


def test_a_worker_pool_keeps_the_start_up_freeze(tmp_path: Path) -> None:
    """The pool freezes what its workers inherit, and thaws after it only what a process that had
    frozen nothing (a test runner's) froze: a program's start-up freeze stays."""
    places = tmp_path / "places"
    places.mkdir()
    for n in range(MIN_PLACES + 1):  # enough for a pool
        (places / f"lieu-{n}.toml").write_text(
            PLACE.read_text(encoding="utf-8").replace('id = "le-hangar-partage"', f'id = "lieu-{n}"'),
            encoding="utf-8",
        )
    args = ["score", str(places), "--criteria", str(CRITERIA), "-f", "json", "-o", "out.json"]
    done = subprocess.run(
        [sys.executable, "-c", GC, json.dumps(args)],
        cwd=tmp_path,
        env={**builtins_only_env(), "PATH": "/usr/bin:/bin", "LANGUAGE": "en", "TLCRITERIA_WORKERS": "2"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(json.loads((tmp_path / "out.json").read_text())) > MIN_PLACES
    _, _, frozen = json.loads(done.stdout.splitlines()[-1])
    assert frozen > 10_000, done.stdout
