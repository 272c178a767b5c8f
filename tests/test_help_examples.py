"""Every help page's examples are commands to copy: one per line, in French as in English.

click rewraps a paragraph unless a line holding only `\\b` comes before it; a translation
that loses that line runs the examples together (« Exemples :   tlcriteria advise … tlcriteria
advise … »), and no copied line is a command any more.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main
from tlcriteria.cli.group import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src" / "tlcriteria" / "locale" / "fr" / "LC_MESSAGES" / "tlcriteria.po"
PAGES = [(), *((name,) for name in sorted(COMMANDS))]
HEADINGS = {"en": "Examples:", "fr": "Exemples :"}


def examples(lang: str, page: tuple[str, ...]) -> list[str]:
    """The lines under the page's examples heading, up to the next blank line."""
    result = CliRunner(env={"LANGUAGE": "", "LC_ALL": "", "LANG": ""}).invoke(
        main, ["--lang", lang, *page, "--help"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    starts = [n for n, line in enumerate(lines) if line.strip().startswith(HEADINGS[lang])]
    assert len(starts) == 1, result.stdout
    found = []
    for line in lines[starts[0] :]:
        if not line.strip():
            break
        found.append(line)
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: " ".join(p) or "tlcriteria")
def test_each_example_is_a_line_of_its_own_in_both_languages(page):
    english, french = examples("en", page), examples("fr", page)
    for lang, shown in (("en", english), ("fr", french)):
        assert shown[0].strip() == HEADINGS[lang], shown  # the heading alone on its line
        commands = shown[1:]
        assert commands, shown
        for line in commands:
            assert line.startswith("    tlcriteria "), (lang, line)
            assert line.count("tlcriteria ") == 1, (lang, line)
    assert len(french) == len(english)


def test_every_translation_keeps_the_lines_click_must_not_rewrap():
    """The catalogue: a msgstr holds a `\\b` line wherever its msgid does."""
    spec = importlib.util.spec_from_file_location("update_po", ROOT / "scripts" / "update_po.py")
    assert spec is not None and spec.loader is not None
    update_po = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update_po)
    obsolete: set[tuple[str, str | None]] = set()
    entries = update_po.parse_po(PO.read_text(encoding="utf-8"), obsolete)
    lost = [
        msgid.split("\n", 1)[0]
        for (msgid, plural), translations in entries.items()
        if (msgid, plural) not in obsolete
        for translation in translations
        if translation and translation.count("\b\n") != msgid.count("\b\n")
    ]
    assert not lost, f"translations without their \\b line: {lost}"


def test_publish_date_help_says_what_the_date_decides():
    result = CliRunner().invoke(main, ["--lang", "fr", "publish", "--help"])
    said = " ".join(result.stdout.split())
    assert "« à actualiser »" in said
    assert "au pied des pages du site" in said
