"""Every help page reads as French for a member: metavars in French (the same word in the usage
line, the options and the text), French typography (« Options : », ’); English help keeps English."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tlcriteria import i18n
from tlcriteria.cli import main
from tlcriteria.cli.group import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src" / "tlcriteria" / "locale" / "fr" / "LC_MESSAGES" / "tlcriteria.po"
NO_LOCALE = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
PAGES = [(), *((name,) for name in sorted(COMMANDS))]
#: Metavar words French writes the same way.
SAME_IN_FRENCH = {"ID", "URL", "OPTIONS"}
#: An apostrophe between two letters: French writes it ’ throughout the catalogue.
TYPEWRITER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def help_page(*args: str) -> str:
    result = CliRunner(env=NO_LOCALE).invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


def command_of(page: tuple[str, ...]) -> click.Command:
    if not page:
        return main
    command = main.get_command(click.Context(main), page[0])
    assert command is not None
    return command


def english_metavar_words(page: tuple[str, ...]) -> set[str]:
    """The capitalised words of every metavar the page shows in English (choices are values)."""
    command = command_of(page)
    ctx = click.Context(command, info_name="tlcriteria")
    shown = [
        param.make_metavar(ctx)
        for param in command.get_params(ctx)
        if not (isinstance(param, click.Option) and param.is_flag)  # a flag shows no metavar
    ]
    shown.append(getattr(command, "subcommand_metavar", "") or "")
    return {word for text in shown for word in re.findall(r"[A-Z][A-Z0-9_-]*[A-Z0-9]|[A-Z]", text)}


def word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: " ".join(p) or "tlcriteria")
def test_no_french_help_page_shows_an_english_metavar(page: tuple[str, ...]) -> None:
    words = english_metavar_words(page) - SAME_IN_FRENCH
    assert words or page in ((), ("plugins",)), page  # the check below checks something
    french = help_page(*page)
    english = help_page("--lang", "en", *page)
    assert [w for w in sorted(words) if word_in(w, french)] == [], french
    assert all(word_in(w, english) for w in words), english  # English help keeps its English metavars


@pytest.mark.parametrize("page", PAGES, ids=lambda p: " ".join(p) or "tlcriteria")
def test_the_usage_line_and_the_options_use_the_same_french_word(page: tuple[str, ...]) -> None:
    french = help_page(*page)
    usage = french.splitlines()[0]
    assert usage.startswith("Utilisation : main")  # in-process: click names it "main"
    command = command_of(page)
    with i18n.speaking("fr"):
        ctx = click.Context(command, info_name="tlcriteria")
        arguments = [p for p in command.get_params(ctx) if isinstance(p, click.Argument)]
        options = [p for p in command.get_params(ctx) if isinstance(p, click.Option) and not p.is_flag]
        for argument in arguments:
            shown = help_french_metavar(command, ctx, argument)
            assert shown in usage, (shown, usage)
        for option in options:
            shown = help_french_metavar(command, ctx, option)
            assert f"{option.opts[-1]} {shown}" in french or f"{option.opts[0]} {shown}" in french, shown


def help_french_metavar(command: click.Command, ctx: click.Context, param: click.Parameter) -> str:
    from tlcriteria.cli.help import translated_metavar

    return translated_metavar(param.make_metavar(ctx))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: " ".join(p) or "tlcriteria")
def test_french_help_headings_and_apostrophes(page: tuple[str, ...]) -> None:
    french = help_page(*page)
    assert "Options :\n" in french and "Options:" not in french
    assert "Commands" not in french and "Commandes:" not in french
    assert TYPEWRITER_APOSTROPHE.search(french) is None, TYPEWRITER_APOSTROPHE.findall(french)
    english = help_page("--lang", "en", *page)
    assert "Options:\n" in english and "Options :" not in english


def test_the_group_lists_its_commands_under_a_french_heading() -> None:
    assert "\nCommandes :\n" in help_page()
    assert "\nCommands:\n" in help_page("--lang", "en")


def test_usage_errors_name_the_argument_in_french() -> None:
    french = CliRunner(env=NO_LOCALE).invoke(main, ["diff", "old"])
    assert french.exit_code == 2
    assert "Utilisation : main diff [OPTIONS] ANCIEN NOUVEAU" in french.stderr
    assert "'NOUVEAU'" in french.stderr and "NEW" not in french.stderr
    english = CliRunner(env=NO_LOCALE).invoke(main, ["--lang", "en", "diff", "old"])
    assert "Usage: main diff [OPTIONS] OLD NEW" in english.stderr and "'NEW'" in english.stderr
    again = CliRunner(env=NO_LOCALE).invoke(main, ["diff", "--help"])
    assert "ANCIEN NOUVEAU" in again.stdout  # each invocation speaks its own language


def french_entries() -> list[tuple[str, str]]:
    spec = importlib.util.spec_from_file_location("update_po", ROOT / "scripts" / "update_po.py")
    assert spec is not None and spec.loader is not None
    update_po = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update_po)
    obsolete: set[tuple[str, str | None]] = set()
    entries = update_po.parse_po(PO.read_text("utf-8"), obsolete)
    return [
        (key[0], text) for key, texts in entries.items() if key[0] and key not in obsolete for text in texts
    ]


def test_the_french_catalogue_writes_every_apostrophe_the_same_way() -> None:
    typed = [text for _msgid, text in french_entries() if TYPEWRITER_APOSTROPHE.search(text)]
    assert typed == []


def test_the_french_catalogue_puts_a_space_before_every_colon() -> None:
    """« note : C », as the catalogue writes it; not in URLs, git:REV, times or the problem
    format that `check --help` quotes as it is printed (`CHEMIN: où: ...`, SPEC)."""
    unspaced = [
        text
        for _msgid, text in french_entries()
        if re.search(r"[^\s]:(\s|$)", text.replace("CHEMIN: où: ce qui ne va pas", ""))
    ]
    assert unspaced == []
