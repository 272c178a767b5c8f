"""Docs as tests (as sqlite-utils' test_docs.py): every command and option is documented.

A command missing from the README's commands table, an option missing from
its command's row, a --help without examples or without saying where the
command writes, a truncated command list: each fails here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tlcriteria.cli import main

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: The group loads each command when it is asked for it (click's lazy subcommands).
CONTEXT = click.Context(main)
COMMANDS = sorted(main.list_commands(CONTEXT))


def command_named(name: str) -> click.Command:
    found = main.get_command(CONTEXT, name)
    assert found is not None, name
    return found


def readme_rows() -> dict[str, str]:
    """Command name → its row of the README's commands table."""
    rows = {}
    for line in README.splitlines():
        found = re.match(r"^\| `tlcriteria (\w+)", line)
        if found:
            rows[found[1]] = line
    return rows


def options(command: click.Command) -> list[tuple[str, ...]]:
    """The spellings of each option (`--output`, `-o`), --help left out, and --lang too when the
    group gave it to the command (README's « Global options » say it once for every command)."""
    given = command is not main
    return [
        tuple(p.opts)
        for p in command.params
        if isinstance(p, click.Option) and p.name != "help" and not (given and p.name == "lang")
    ]


def named(spellings: tuple[str, ...], text: str) -> bool:
    """One of the spellings stands in `text` as a whole word (`-o` is not the start of `--output`)."""
    return any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text) for o in spellings)


def help_of(runner, *args: str) -> str:
    result = runner.invoke(main, [*args, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_command_has_a_row_in_the_readme():
    assert sorted(set(readme_rows()) - {"version"}) == COMMANDS  # `--version` has a row too


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_in_its_commands_row(name):
    row = readme_rows()[name]
    missing = [o for o in options(command_named(name)) if not named(o, row)]
    assert missing == [], f"README.md's row of `tlcriteria {name}` does not name {missing}"


def test_the_global_options_are_documented():
    paragraph = README[README.index("Global options:") :].split("\n\n")[0]
    for spellings in options(main):
        assert named(spellings, paragraph) or any(f"`tlcriteria {o}`" in README for o in spellings), spellings
    assert "after the command's name" in " ".join(paragraph.split())


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_takes_lang_after_its_name(name):
    assert any(p.name == "lang" and "--lang" in p.opts for p in command_named(name).params), name


@pytest.mark.parametrize("name", COMMANDS)
def test_every_help_has_a_purpose_says_where_it_writes_and_gives_examples(runner, name):
    text = help_of(runner, name)
    lines = text.splitlines()
    assert lines[0].startswith(f"Usage: main {name} ")
    purpose = lines[2].strip()
    assert purpose and purpose[0].isupper(), text
    assert "Writes" in text, f"`tlcriteria {name} --help` does not say what it writes where"
    examples = text[text.index("Examples:") :].splitlines()[1:]
    assert any(line.strip().startswith(f"tlcriteria {name}") or "tlcriteria " in line for line in examples)


def test_the_command_list_shows_every_purpose_whole(runner):
    text = help_of(runner)
    listing = text[text.index("Commands:") :]
    assert "..." not in listing and "…" not in listing
    for name in COMMANDS:
        command = command_named(name)
        first_paragraph = " ".join((command.help or "").split("\n\n")[0].split())
        shown = re.search(rf"^  {name} +(.+?)(?=^  \w|\Z)", listing, re.M | re.S)
        assert shown is not None, name
        assert " ".join(shown[1].split()) == first_paragraph


def test_the_french_command_list_is_whole_too():
    from click.testing import CliRunner

    result = CliRunner(env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}).invoke(
        main, ["--help"], terminal_width=80
    )
    listing = result.stdout[result.stdout.index("Commandes") :]
    assert "..." not in listing
    assert "Noter chaque lieu selon le jeu de critères de chacun de ses" in listing


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_is_documented_and_works(shell):
    line = f"_TLCRITERIA_COMPLETE={shell}_source tlcriteria"
    assert line in README, f"README.md does not say how to complete in {shell}"
    tlcriteria = Path(sys.executable).with_name("tlcriteria")
    env = {**os.environ, "_TLCRITERIA_COMPLETE": f"{shell}_source"}
    script = subprocess.run([str(tlcriteria)], env=env, capture_output=True, text=True, check=True).stdout
    assert "_TLCRITERIA_COMPLETE" in script and "tlcriteria" in script


def test_completion_proposes_commands_and_format_names():
    tlcriteria = Path(sys.executable).with_name("tlcriteria")

    def complete(words: str) -> list[str]:
        env = {
            **os.environ,
            "_TLCRITERIA_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        }
        out = subprocess.run([str(tlcriteria)], env=env, capture_output=True, text=True, check=True).stdout
        return [line.split(",", 1)[1] for line in out.splitlines() if "," in line]

    assert {"check", "score", "publish", "assess"} <= set(complete("tlcriteria "))
    assert complete("tlcriteria schema --kind ") == ["set", "place", "network"]


def test_every_doc_the_readme_lists_exists():
    for target in re.findall(r"\]\((docs/[^)#]+)", README):
        assert (ROOT / target).is_file(), target


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_help_is_in_the_french_catalogue(name: str) -> None:
    """An option's help written outside `click.option(help=...)` (a shared option factory)
    must still reach the catalogue (through `N_`), or French --help shows it in English."""
    import gettext

    from tlcriteria.i18n import LOCALE_DIR

    french = gettext.translation("tlcriteria", LOCALE_DIR, languages=["fr"])
    untranslated = [
        param.help
        for param in command_named(name).params
        if isinstance(param, click.Option) and param.help and french.gettext(param.help) == param.help
    ]
    assert untranslated == [], f"{name}: option help missing from the French catalogue"
