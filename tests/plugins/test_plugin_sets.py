"""Criteria sets that come from plugins: bad ones reported by plugin, duplicates, overrides."""

from __future__ import annotations

import pytest

from tlcriteria import parallel
from tlcriteria.cli import main

from ..conftest import EXAMPLES

SHIPS_SETS = """
    from importlib.resources import files
    from tlcriteria import hookimpl

    @hookimpl
    def tlcriteria_criteria_sets():
        return sorted(p for p in files(__name__).iterdir() if p.name.endswith(".toml"))
"""

GOOD_SET = """\
[set]
id = "{id}"
title = "Ensemble {id}"
version = "{version}"
college = "{id}"

[[criteria]]
id = "{id}-ouvert"
title = "Ouvert"
question = "Le lieu est-il ouvert au public ?"
kind = "yes-no"

[[grades]]
grade = "A"
min_percent = 50

[[grades]]
grade = "B"
"""

BAD_SET = """\
[set]
id = "casse"
title = "Ensemble cassé"
version = "1"
college = "casse"

[[criteria]]
id = "casse-un"
title = "Un"
question = "Un ?"
kind = "yes-no"
weight = -1

[[grades]]
grade = "A"
"""

PLACE = """\
[place]
id = "{id}"
name = "Lieu {id}"
town = "Caen"
stage = "existing"
colleges = {colleges}

[answers]
{answers}
"""


def rows(stdout: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split() for line in stdout.splitlines()[1:]}


def test_a_plugin_set_failing_check_is_reported_with_the_plugin_and_the_others_stay(
    runner, plugin_env, tmp_path
):
    plugin_env.add(
        "melange",
        SHIPS_SETS,
        files={"bon.toml": GOOD_SET.format(id="bon", version="2"), "casse.toml": BAD_SET},
    )
    result = runner.invoke(main, ["sets"])
    assert result.exit_code == 0, result.output
    assert rows(result.stdout)["bon"][:2] == ["bon", "2"]
    assert "casse" not in rows(result.stdout)
    assert (
        '[plugin melange] casse.toml: line 12, [[criteria]] #1 "casse-un", '
        "weight: -1 is out of range (write a number greater than 0)" in result.stderr
    )

    # Places of the other college are rated; answers to the left-out set are warnings.
    places = tmp_path / "places"
    places.mkdir()
    (places / "a.toml").write_text(
        PLACE.format(id="lieu-a", colleges='["bon", "casse"]', answers="bon-ouvert = true\ncasse-un = true"),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["score", str(places), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"grade": "A"' in result.stdout and '"set": "bon"' in result.stdout
    assert '"set": "casse"' not in result.stdout
    assert (
        "[answers]: warning: the answer to 'casse-un' is not used: it is a criterion of set 'casse' "
        "of plugin 'melange', which was left out because of its errors" in result.stderr
    )
    # The college of the set left out: one warning at the set's college line, as check says it.
    assert (
        "[plugin melange] casse.toml: line 5, [set] college: warning: 1 place file names college 'casse': "
        "it is not rated for it while this set has errors" in result.stderr
    )
    assert "no criteria set rates college 'casse'" not in result.stderr

    # check: the user's files are fine, so it succeeds, and still shows the plugin's problem.
    result = runner.invoke(main, ["check", str(places)])
    assert result.exit_code == 0, result.output
    assert "[plugin melange] casse.toml" in result.stderr


def test_a_set_extending_a_broken_plugin_set_is_left_out_too(runner, plugin_env):
    child = GOOD_SET.format(id="enfant", version="1").replace(
        'college = "enfant"', 'college = "enfant"\nextends = ["casse"]'
    )
    plugin_env.add("base", SHIPS_SETS, files={"casse.toml": BAD_SET})
    plugin_env.add("enfant", SHIPS_SETS, files={"enfant.toml": child})
    result = runner.invoke(main, ["sets"])
    assert result.exit_code == 0
    assert "enfant" not in rows(result.stdout)
    assert "[plugin base] casse.toml: line 12" in result.stderr
    assert (
        "[plugin enfant] enfant.toml: line 6, [set] extends: extends set 'casse', which has errors (fix that set first)"
        in result.stderr
    )


def test_an_unreadable_plugin_set_is_named(runner, plugin_env, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path / "site-packages")  # inside the current folder: its relative path
    plugin_env.add("illisible", SHIPS_SETS, files={"faux.toml": "[set\nid = 1\n"})
    result = runner.invoke(main, ["sets"])
    assert result.exit_code == 0
    assert (
        "[plugin illisible] tlc_test_illisible/faux.toml: line 1, column 5: malformed TOML" in result.stderr
    )


def test_a_plugin_set_path_that_does_not_exist_is_named(runner, plugin_env):
    plugin_env.add(
        "perdu",
        """
        from pathlib import Path
        from tlcriteria import hookimpl

        @hookimpl
        def tlcriteria_criteria_sets():
            return [Path(__file__).parent / "absent.toml"]
        """,
    )
    result = runner.invoke(main, ["sets"])
    assert result.exit_code == 0
    # Where it was looked for, in full: the name alone does not tell the author what to fix.
    missing = (plugin_env.root / "tlc_test_perdu" / "absent.toml").resolve()
    assert f"[plugin perdu] {missing}: no such file (check the path)" in result.stderr


def test_two_plugins_supplying_one_set_id_is_an_error_naming_both(runner, plugin_env, tmp_path):
    plugin_env.add(
        "un",
        SHIPS_SETS,
        files={"double.toml": GOOD_SET.format(id="double", version="1")},
        dist="tlc-test-un",
    )
    plugin_env.add("deux", SHIPS_SETS, files={"double.toml": GOOD_SET.format(id="double", version="2")})
    plugin_env.add("autre", SHIPS_SETS, files={"autre.toml": GOOD_SET.format(id="autre", version="1")})
    result = runner.invoke(main, ["sets"])
    assert result.exit_code == 0
    assert (
        "set 'double' is supplied by both plugin 'deux' and plugin 'un', so neither is used" in result.stderr
    )
    assert "--disable-plugin" in result.stderr
    assert "double" not in rows(result.stdout)
    assert "autre" in rows(result.stdout)

    # Disabling one of them settles it.
    result = runner.invoke(main, ["--disable-plugin", "deux", "sets"])
    assert result.stderr == ""
    assert rows(result.stdout)["double"][:2] == ["double", "1"]


def test_the_users_criteria_folder_overrides_duplicate_plugin_sets_with_a_notice(
    runner, plugin_env, tmp_path
):
    plugin_env.add("un", SHIPS_SETS, files={"double.toml": GOOD_SET.format(id="double", version="1")})
    plugin_env.add("deux", SHIPS_SETS, files={"double.toml": GOOD_SET.format(id="double", version="2")})
    mine = tmp_path / "criteria"
    mine.mkdir()
    (mine / "double.toml").write_text(GOOD_SET.format(id="double", version="local"), encoding="utf-8")
    result = runner.invoke(main, ["sets", "--criteria", str(mine)])
    assert result.exit_code == 0, result.output
    assert (
        f"tlcriteria: notice: set 'double' from {mine / 'double.toml'} replaces the one of "
        "plugin 'deux' and plugin 'un'" in result.stderr
    )
    assert "supplied by both" not in result.stderr
    assert rows(result.stdout)["double"][:2] == ["double", "local"]


def test_the_users_criteria_folder_replaces_a_plugin_set(runner, plugin_env):
    plugin_env.add(
        "tiers",
        SHIPS_SETS,
        files={
            "tiers-lieu.toml": (EXAMPLES / "criteria" / "tiers-lieu.toml")
            .read_text(encoding="utf-8")
            .replace("2026.1-exemple", "plugin")
        },
    )
    result = runner.invoke(main, ["sets", "--criteria", str(EXAMPLES / "criteria")])
    assert result.exit_code == 0, result.output
    assert "tlcriteria: notice: set 'tiers-lieu' from " in result.stderr
    assert "replaces the one of plugin 'tiers'" in result.stderr
    assert rows(result.stdout)["tiers-lieu"][1] == "2026.1-exemple"


def test_a_folder_replacing_every_plugin_set_is_one_notice(runner, plugin_env, tmp_path):
    """The working group's copies of the shipped sets: one line on each command, not one per set."""
    files = {f"{name}.toml": GOOD_SET.format(id=name, version="1") for name in ("alpha", "beta")}
    plugin_env.add("livres", SHIPS_SETS, files=files)
    mine = tmp_path / "criteria"
    mine.mkdir()
    for name in ("alpha", "beta"):
        (mine / f"{name}.toml").write_text(GOOD_SET.format(id=name, version="local"), encoding="utf-8")
    result = runner.invoke(main, ["--lang", "en", "sets", "--criteria", str(mine)])
    assert result.exit_code == 0, result.output
    notices = [line for line in result.stderr.splitlines() if "replace" in line]
    assert notices == [
        f"tlcriteria: notice: 2 sets from the folder {mine}/ replace those of the plugins (alpha, beta); "
        "`tlcriteria sets` lists them"
    ]
    assert [rows(result.stdout)[name][1] for name in ("alpha", "beta")] == ["local", "local"]
    french = runner.invoke(main, ["--lang", "fr", "sets", "--criteria", str(mine)])
    # "criteria" is the folder's name, not a French noun: said as a folder.
    assert (
        f"remarque : 2 jeux du dossier {mine}/ remplacent ceux des greffons (alpha, beta) ;" in french.stderr
    )


def test_a_broken_local_copy_is_named_beside_those_that_replace(runner, plugin_env, tmp_path):
    """Three copies load, one has errors: the notice must not count three and forget the fourth."""
    names = ("alpha", "beta", "gamma", "delta")
    plugin_env.add(
        "livres", SHIPS_SETS, files={f"{n}.toml": GOOD_SET.format(id=n, version="1") for n in names}
    )
    mine = tmp_path / "criteria"
    mine.mkdir()
    for name in names:
        (mine / f"{name}.toml").write_text(GOOD_SET.format(id=name, version="local"), encoding="utf-8")
    edit = mine / "gamma.toml"
    edit.write_text(
        edit.read_text(encoding="utf-8").replace("[set]", "[set]\nwieght = 2", 1), encoding="utf-8"
    )
    result = runner.invoke(main, ["--lang", "en", "check", str(mine)])
    assert result.exit_code == 1
    notices = [line for line in result.stderr.splitlines() if line.startswith("tlcriteria: notice:")]
    assert notices == [
        f"tlcriteria: notice: 3 sets from the folder {mine}/ replace those of the plugins (alpha, beta, delta); "
        "`tlcriteria sets` lists them",
        "tlcriteria: notice: set 'gamma' has errors: the plugin's set of that id is not used in its place, "
        "so no place is rated with either until they are fixed",
    ]
    assert any(line.startswith(f"{edit}:") for line in result.stderr.splitlines())
    # As the note says: the plugin's 'gamma' does not stand in for the copy meanwhile.
    assert "gamma" not in runner.invoke(main, ["sets", "--criteria", str(mine)]).stdout
    french = runner.invoke(main, ["--lang", "fr", "check", str(mine)])
    assert (
        "tlcriteria : remarque : le jeu 'gamma' a des erreurs : le jeu du greffon de même identifiant n’est "
        "pas utilisé à sa place, aucun lieu n’est donc noté avec l’un ou l’autre tant qu’elles ne sont pas "
        "corrigées" in french.stderr
    )


def test_a_set_extending_a_user_set_with_errors_says_so(runner, tmp_path):
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    for name in ("communs.toml", "tiers-lieu.toml"):
        (criteria / name).write_bytes((EXAMPLES / "criteria" / name).read_bytes())
    communs = criteria / "communs.toml"
    communs.write_text(
        communs.read_text(encoding="utf-8").replace("weight = 2", "weight = 0", 1), encoding="utf-8"
    )
    result = runner.invoke(main, ["check", str(criteria)])
    assert result.exit_code == 1
    assert (
        f"{criteria / 'tiers-lieu.toml'}: line 7, [set] extends: extends set 'communs', which has errors"
        in result.stderr
    )
    assert "unknown set" not in result.stderr


def test_disabling_a_plugin_whose_set_others_extend_gives_one_error_per_dependent_set(
    runner, plugin_env, tmp_path
):
    base = GOOD_SET.format(id="socle", version="1").replace('college = "socle"\n', "")
    base = base[: base.index("[[grades]]")]
    for child in ("un", "deux"):
        text = GOOD_SET.format(id=child, version="1").replace(
            f'college = "{child}"', f'college = "{child}"\nextends = ["socle"]'
        )
        plugin_env.add(child, SHIPS_SETS, files={f"{child}.toml": text})
    plugin_env.add("socle", SHIPS_SETS, files={"socle.toml": base})
    places = tmp_path / "places"
    places.mkdir()
    for i in range(5):
        (places / f"p{i}.toml").write_text(
            PLACE.format(
                id=f"lieu-{i}",
                colleges='["un", "deux"]',
                answers="socle-ouvert = true\nun-ouvert = true\ndeux-ouvert = false",
            ),
            encoding="utf-8",
        )
    result = runner.invoke(main, ["--disable-plugin", "socle", "score", str(places)])
    errors = [line for line in result.stderr.splitlines() if "warning" not in line and "left out" not in line]
    # One error per set that extends the missing one; no error per answer to its criteria.
    assert [e.split(": ")[0] for e in errors if "extends unknown set 'socle'" in e] == [
        "[plugin deux] deux.toml",
        "[plugin un] un.toml",
    ]
    assert "socle-ouvert" not in result.stderr
    assert "no criteria set defines" not in result.stderr
    assert len(errors) == 2, result.stderr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pool_warns_once_for_a_college_whose_set_is_left_out(
    runner, plugin_env, tmp_path, monkeypatch, lang
):
    """score in the worker pool says what check and the one-process path say: one warning at the
    set's college line, counting the place files of every slice, not one per place."""
    plugin_env.add(
        "melange",
        SHIPS_SETS,
        files={"bon.toml": GOOD_SET.format(id="bon", version="2"), "casse.toml": BAD_SET},
    )
    places = tmp_path / "places"
    places.mkdir()
    for i in range(12):
        colleges = '["bon"]' if i % 3 == 0 else '["bon", "casse"]'  # 8 files name 'casse'
        (places / f"p{i:02d}.toml").write_text(
            PLACE.format(id=f"lieu-{i:02d}", colleges=colleges, answers="bon-ouvert = true"), encoding="utf-8"
        )
    monkeypatch.setattr(parallel, "MIN_PLACES", 5)
    monkeypatch.setattr(parallel, "CHUNK", 4)
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    streamed = runner.invoke(main, ["--lang", lang, "score", str(places), "--format", "json"])
    whole = runner.invoke(main, ["--lang", lang, "score", str(places), "--format", "summary"])
    checked = runner.invoke(main, ["--lang", lang, "check", str(places)])
    assert streamed.exit_code == whole.exit_code == checked.exit_code == 0, streamed.output
    told = [line for line in streamed.stderr.splitlines() if "'casse'" in line]
    assert len(told) == 1 and "casse.toml: line 5, [set] college: " in told[0].replace("ligne", "line")
    assert " 8 " in told[0] and "[place] colleges" not in streamed.stderr
    # (but for --lang en's notice that the JSON is written in French)
    said = [line for line in streamed.stderr.splitlines() if "written in French only" not in line]
    assert said == whole.stderr.splitlines()
    assert sorted(said) == sorted(checked.stderr.splitlines())
