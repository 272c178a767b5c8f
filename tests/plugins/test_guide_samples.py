"""docs/plugins.md shows what the commands print: its samples are checked against real runs."""

from __future__ import annotations

import re

from tlcriteria.cli import main

from .conftest import REPO

GUIDE = REPO / "docs" / "plugins.md"


def sample(command: str) -> list[str]:
    """The lines the guide shows after `$ COMMAND` (up to the next command or the block's end),
    without the "…" that stands for lines left out."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.search(r"^\$ " + re.escape(command) + r"\n(.*?)(?=^\$ |^```)", text, flags=re.S | re.M)
    assert found, f"docs/plugins.md shows no `$ {command}`"
    return [line for line in found.group(1).splitlines() if line and line != "…"]


def printed(runner, command: str) -> list[str]:
    result = runner.invoke(main, command.split()[1:])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_the_guides_listings_are_what_the_commands_print(runner, college_plugins):
    """`./dev.sh setup`'s plugins: the network's four colleges."""
    for command in ("tlcriteria --lang en plugins", "tlcriteria --lang en sets"):
        shown, lines = sample(command), printed(runner, command)
        assert shown and all(line in lines for line in shown), command


def test_the_guides_example_plugin_line_is_what_plugins_prints(runner, college_plugins, example_plugin):
    shown = sample("tlcriteria --lang en plugins | grep example")
    lines = printed(runner, "tlcriteria --lang en plugins")
    assert shown == [line for line in lines if line.startswith("example ")]


def test_the_guide_says_its_samples_are_english_and_the_default_is_french(runner, college_plugins):
    french = runner.invoke(main, ["--lang", "fr", "plugins"]).stdout
    assert french.startswith("GREFFON ") and "format de sortie json" in french
    assert "`GREFFON  ORIGINE  VERSION  ÉTAT  FOURNIT`" in GUIDE.read_text(encoding="utf-8")
