"""`assess --set` with sets a plugin ships: the place joins the college the set declares.

The set's id (`bois-2027`) is not its college's name (`atelier-bois`): the
questionnaire takes the college from the set, as it does for the built-in ones.
"""

from __future__ import annotations

import os
import sys
import tomllib

import pytest

from .test_plugin_sets import SHIPS_SETS

pexpect = pytest.importorskip("pexpect")

SET = """\
[set]
id = "{id}"
title = "{title}"
version = "1"
college = "{college}"

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


def spawn(env: dict[str, str], cwd, *args: str):
    return pexpect.spawn(
        sys.executable,
        ["-m", "tlcriteria.cli", "--lang", "en", "assess", *args],
        cwd=str(cwd),
        env={**os.environ, **env, "COLUMNS": "200", "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )


def test_a_plugin_set_puts_the_place_in_its_college(plugin_env, tmp_path):
    plugin_env.add(
        "ateliers",
        SHIPS_SETS,
        files={
            "bois.toml": SET.format(id="bois-2027", title="Ateliers du bois", college="atelier-bois"),
            "jardin.toml": SET.format(id="jardin", title="Jardins partagés", college="jardin-partage"),
        },
    )
    child = spawn(plugin_env.subprocess_env(), tmp_path, "--set", "bois-2027", "-o", "p.toml")
    for label, text in [
        ("Name of the place", "La Scierie"),
        ("Identifier [la-scierie]", ""),
        ("Town", "Vire"),
    ]:
        child.expect_exact(label)
        child.sendline(text)
    child.expect_exact("Stage")
    child.sendline("1")
    child.expect_exact(
        "The set “Ateliers du bois” (--set bois-2027) rates the college atelier-bois: it is added to the "
        "place's colleges (Enter keeps this choice)."
    )
    child.expect_exact("Colleges [atelier-bois]:")
    child.sendline("2")
    child.expect_exact(
        "The set “Ateliers du bois” (--set bois-2027) rates the places of the college atelier-bois only: "
        "keep it among the colleges (e.g. 1, 2), or run the questionnaire without --set."
    )
    child.expect_exact("Colleges [atelier-bois]:")
    child.sendline("")
    child.expect_exact("Coordinates")
    child.sendline("quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = tomllib.loads((tmp_path / "p.toml").read_text("utf-8"))
    assert saved["place"]["colleges"] == ["atelier-bois"]
