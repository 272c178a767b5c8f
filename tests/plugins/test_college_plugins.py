"""The network's college plugins: in a checkout they read criteria/, from wheels their own copy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

from tlcriteria.cli import main

from .conftest import EXAMPLE_PLUGIN, REPO

COLLEGE_SETS = {  # set id -> the plugin (entry point and distribution) that supplies it
    "communs": "tlcriteria-communs",
    "tiers-lieu": "tlcriteria-tiers-lieu",
    "coworking": "tlcriteria-coworking",
    "fablab": "tlcriteria-fablab",
}


def set_version(set_id: str) -> str:
    data = tomllib.loads((REPO / "criteria" / f"{set_id}.toml").read_text(encoding="utf-8"))
    return str(data["set"]["version"])


def assert_sets_listed(stdout: str) -> None:
    rows = {line.split()[0]: line.split() for line in stdout.splitlines()[1:]}
    for set_id, plugin in COLLEGE_SETS.items():
        assert set_id in rows, f"{set_id} missing from:\n{stdout}"
        assert rows[set_id][1] == set_version(set_id)
        assert rows[set_id][-2:] == ["plugin", plugin]


def test_each_college_has_its_plugin_project():
    for set_id, dist in COLLEGE_SETS.items():
        project = tomllib.loads((REPO / "plugins" / dist / "pyproject.toml").read_text(encoding="utf-8"))
        assert project["project"]["name"] == dist
        module = project["project"]["entry-points"]["tlcriteria"][dist]
        include = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
        assert include == {f"../../criteria/{set_id}.toml": f"{module}/{set_id}.toml"}
        if set_id in ("tiers-lieu", "coworking"):  # they extend communs
            assert any(d.startswith("tlcriteria-communs") for d in project["project"]["dependencies"])


def test_in_a_checkout_the_plugins_supply_the_repository_sets(runner, college_plugins):
    result = runner.invoke(main, ["sets"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert_sets_listed(result.stdout)
    listing = runner.invoke(main, ["plugins"]).stdout
    for set_id, plugin in COLLEGE_SETS.items():
        line = next(line for line in listing.splitlines() if line.startswith(plugin + " "))
        assert f"set file {set_id}.toml" in line and " ok " in line


def test_in_a_checkout_an_edit_of_criteria_takes_effect_without_reinstalling(
    runner, college_plugins, monkeypatch
):
    import tlcriteria_coworking

    assert tlcriteria_coworking.tlcriteria_criteria_sets()[0] == REPO / "criteria" / "coworking.toml"
    # Simulate the edit on a copy of the checkout's layout, not on the real file.
    checkout = college_plugins.root.parent / "checkout"
    shutil.copytree(REPO / "criteria", checkout / "criteria")
    module_dir = checkout / "plugins" / "tlcriteria-coworking" / "src" / "tlcriteria_coworking"
    module_dir.mkdir(parents=True)
    monkeypatch.setattr(tlcriteria_coworking, "__file__", str(module_dir / "__init__.py"))
    edited = checkout / "criteria" / "coworking.toml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace(
            f'version = "{set_version("coworking")}"', 'version = "2099.9-edited"', 1
        ),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["sets"])
    row = next(line.split() for line in result.stdout.splitlines() if line.startswith("coworking "))
    assert row[1] == "2099.9-edited"


def test_a_problem_in_a_checkout_set_points_at_the_file_to_edit(
    runner, college_plugins, monkeypatch, tmp_path
):
    import tlcriteria_fablab

    checkout = tmp_path / "checkout"
    (checkout / "criteria").mkdir(parents=True)
    (checkout / "criteria" / "fablab.toml").write_text('[set]\nid = "fablab"\n', encoding="utf-8")
    monkeypatch.setattr(
        tlcriteria_fablab,
        "__file__",
        str(checkout / "plugins" / "tlcriteria-fablab" / "src" / "tlcriteria_fablab" / "__init__.py"),
    )
    monkeypatch.chdir(checkout)
    result = runner.invoke(main, ["sets"])
    assert result.exit_code == 0
    assert "[plugin tlcriteria-fablab] criteria/fablab.toml: " in result.stderr
    assert "fablab " not in result.stdout and "tiers-lieu " in result.stdout


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TLCRITERIA_", "PYTHON", "VIRTUAL_ENV"))},
        **(env or {}),
    }
    env["LANGUAGE"] = "en"  # the messages asserted are the English ones (French is the default)
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The network's wheels, built as README.md says (`pip wheel --no-deps --wheel-dir dist . plugins/tlcriteria-*/`);
    the example plugin's in `example/` below."""
    folder = tmp_path_factory.mktemp("wheels")
    projects = [REPO, *sorted((REPO / "plugins").glob("tlcriteria-*/"))]
    run(*PIP, "wheel", "--quiet", "--no-deps", "--wheel-dir", folder, *projects, cwd=folder)
    run(*PIP, "wheel", "--quiet", "--no-deps", "--wheel-dir", folder / "example", EXAMPLE_PLUGIN, cwd=folder)
    return folder


def assert_rates_the_example_network(tlcriteria: Path, cwd: Path, sets: int) -> None:
    """The everyday commands work from outside the checkout, with the wheels' criteria (`sets` of them)."""
    network = REPO / "examples" / "normandie"
    checked = run(tlcriteria, "check", network, cwd=cwd)
    assert (
        checked.stdout == f"ok: 16 place file(s) checked against {sets} criteria set(s), no problem found\n"
    )
    summary = run(tlcriteria, "score", network / "places", "--format", "summary", cwd=cwd).stdout
    assert summary.splitlines()[0] == "16 places, 24 ratings"
    assert run(tlcriteria, "publish", network, "--format", "csv", cwd=cwd).stdout.count("\n") == 25


@pytest.mark.slow
def test_plugins_installed_from_wheels_in_a_fresh_venv(tmp_path, wheels):
    """Install every wheel in a new venv with pip (README.md), and use it from outside the checkout."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # the running pip installs into it (--python)
    python = env_dir / "bin" / "python"
    # The project's wheels by file name; attrs, click, pluggy, tomli-w from the registry
    # (or pip's cache).
    every = [*sorted(wheels.glob("*.whl")), *(wheels / "example").glob("*.whl")]
    run(*PIP, "--python", python, "install", "--quiet", *every, cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"  # no criteria/ folder around: only the wheels' copies
    elsewhere.mkdir()
    tlcriteria = env_dir / "bin" / "tlcriteria"
    assert_sets_listed(run(tlcriteria, "sets", cwd=elsewhere).stdout)

    listing = run(tlcriteria, "plugins", cwd=elsewhere).stdout
    for plugin in COLLEGE_SETS.values():
        line = next(line for line in listing.splitlines() if line.startswith(plugin + " "))
        assert line.split()[1:4] == [plugin, "0.1.0", "ok"]

    where = run(
        python,
        "-c",
        "import tlcriteria_coworking as m; print(m.tlcriteria_criteria_sets()[0])",
        cwd=elsewhere,
    ).stdout
    assert "site-packages" in where and where.strip().endswith("tlcriteria_coworking/coworking.toml")

    # The example third-party plugin from its wheel: new kind, scheme and format.
    shields = run(tlcriteria, "score", EXAMPLE_PLUGIN / "demo", "--format", "shields", cwd=elsewhere).stdout
    assert json.loads(shields)["le-repair-cafe-fictif/repair-cafe"]["message"] == "gold"
    assert_rates_the_example_network(tlcriteria, elsewhere, sets=len(COLLEGE_SETS) + 1)  # and repair-cafe


@pytest.mark.slow
def test_pipx_install_and_inject_from_wheels_as_the_readme_says(tmp_path, wheels):
    """« Installer pour un usage courant »: `pipx install` the core, `pipx inject` the college plugins."""
    pipx = [sys.executable, "-m", "pipx"]
    home = {  # pipx's own folders, inside the test's
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
    }
    core = next(wheels.glob("tlcriteria-*.whl"))
    plugins = sorted(wheels.glob("tlcriteria_*.whl"))
    assert len(plugins) == len(COLLEGE_SETS)  # the README's `dist/tlcriteria_*.whl`: the four college plugins
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pipx install dist/tlcriteria-0.1.0-py3-none-any.whl" in readme and core.name in readme
    assert "pipx inject tlcriteria dist/tlcriteria_*.whl" in readme
    run(*pipx, "install", core, cwd=tmp_path, env=home)
    run(*pipx, "inject", "tlcriteria", *plugins, cwd=tmp_path, env=home)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    tlcriteria = tmp_path / "bin" / "tlcriteria"
    assert_sets_listed(run(tlcriteria, "sets", cwd=elsewhere).stdout)
    assert_rates_the_example_network(tlcriteria, elsewhere, sets=len(COLLEGE_SETS))


def test_the_example_network_is_rated_without_criteria_option(runner, college_plugins):
    """The README's command: in a checkout, the plugins supply every set the network needs."""
    places = REPO / "examples" / "normandie"  # its places and its reviews
    plain = runner.invoke(main, ["score", str(places), "--format", "json"])
    assert plain.exit_code == 0, plain.output
    assert plain.stderr == ""
    explicit = runner.invoke(
        main, ["score", str(places), "--criteria", str(REPO / "criteria"), "--format", "json"]
    )
    assert plain.stdout == explicit.stdout
    rated = {(r["place"], r["set"]) for r in json.loads(plain.stdout)}
    assert {s for _, s in rated} == {"tiers-lieu", "coworking", "fablab"}
    assert len({p for p, _ in rated}) == len(list((places / "places").glob("*.toml")))


def test_giving_the_checkouts_own_criteria_folder_is_quiet(runner, college_plugins):
    """`check criteria` in a checkout: the plugins read those very files, so nothing is replaced."""
    result = runner.invoke(main, ["check", str(REPO / "criteria")])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "4 criteria set(s)" in result.stdout
    result = runner.invoke(main, ["sets", "--criteria", str(REPO / "criteria")])
    assert result.stderr == ""
    assert "coworking " in result.stdout


def test_check_counts_the_sets_the_places_were_checked_against(runner, college_plugins, tmp_path):
    """Sets from the plugins (or --criteria) are not « 0 criteria sets checked »: the line says what
    the places were checked against, in either language."""
    places = str(REPO / "examples" / "normandie" / "places")
    french = runner.invoke(main, ["--lang", "fr", "check", places])
    assert french.exit_code == 0, french.output
    assert (
        french.stdout
        == "ok : 16 fiche(s) de lieu vérifiée(s) au regard de 4 jeu(x) de critères, aucun problème\n"
    )
    english = runner.invoke(main, ["--lang", "en", "check", places])
    assert english.stdout == "ok: 16 place file(s) checked against 4 criteria set(s), no problem found\n"
    given = runner.invoke(main, ["--lang", "en", "check", places, "--criteria", str(REPO / "criteria")])
    assert given.stdout == english.stdout
    # Sets given to check are linted, and counted as checked.
    both = runner.invoke(main, ["--lang", "en", "check", str(REPO / "criteria"), places])
    assert both.stdout == "ok: 4 criteria set(s) and 16 place file(s) checked, no problem found\n"
    # With a warning (a place outside the network's area), the count comes first.
    network = tmp_path / "normandie"
    shutil.copytree(REPO / "examples" / "normandie", network, ignore=shutil.ignore_patterns("reviews"))
    halle = network / "places" / "la-halle-songeuse.toml"
    text = halle.read_text(encoding="utf-8")
    halle.write_text(text.replace("lat = 49.2153", "lat = 43.2153"), encoding="utf-8")
    warned = runner.invoke(main, ["--lang", "fr", "check", str(network)])
    assert warned.exit_code == 0, warned.output
    assert warned.stdout == (
        "ok : 16 fiche(s) de lieu vérifiée(s) au regard de 4 jeu(x) de critères, aucun problème ; "
        "1 avertissement (voir ci-dessus)\n"
    )
