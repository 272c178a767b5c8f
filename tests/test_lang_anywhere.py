"""`--lang` before or after a command's name, and what `publish` says when a format stays French.

docs/assess.md and the README say `--lang` goes « avant ou après le nom de la
commande »: every command takes it after its name, the same way (the group
gives each command its option), with the same output as before the name.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .conftest import EXAMPLES

CRITERIA = str(EXAMPLES / "criteria")
PLACES = str(EXAMPLES / "places")
PLACE = str(EXAMPLES / "places" / "le-hangar-partage.toml")


@pytest.fixture
def french() -> CliRunner:
    """The program's default language: French, whatever the machine's locale."""
    return CliRunner(env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""})


#: (command, arguments after its name, an English word of its output or stderr).
COMMANDS = [
    ("check", [CRITERIA, PLACES], "checked"),
    ("score", [PLACES, "--criteria", CRITERIA, "--format", "summary"], "ratings"),
    ("publish", [PLACES, "--criteria", CRITERIA, "--format", "summary"], "ratings"),
    ("advise", [PLACE, "--criteria", CRITERIA], "Grade"),
    ("sets", ["--criteria", CRITERIA], "COLLEGE"),
    ("diff", [CRITERIA, CRITERIA], "Changes"),
    ("migrate", [PLACES, "--criteria", CRITERIA, "--dry-run"], "would be rewritten"),
]


@pytest.mark.parametrize(("name", "args", "english"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_lang_after_the_name_is_lang_before_it(french, name, args, english):
    before = french.invoke(main, ["--lang", "en", name, *args])
    after = french.invoke(main, [name, "--lang", "en", *args])
    last = french.invoke(main, [name, *args, "--lang", "en"])
    default = french.invoke(main, [name, *args])
    assert before.exit_code == after.exit_code == last.exit_code == default.exit_code, after.output
    assert "No such option" not in after.output and "inconnue" not in after.output
    assert after.stdout == before.stdout == last.stdout
    assert after.stderr == before.stderr == last.stderr
    assert english in after.output
    assert (after.stdout, after.stderr) != (default.stdout, default.stderr)  # French without it


def test_lang_after_the_name_wins_over_the_one_before(french):
    result = french.invoke(main, ["--lang", "en", "check", "--lang", "fr", CRITERIA, PLACES])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok : ")


@pytest.mark.parametrize(
    "args",
    [
        ["score", "--lang", "en", PLACES, "--bogus"],  # the parser stops before --lang is read
        ["score", PLACES, "--bogus", "--lang=en"],
        ["publish", PLACES, "--csv-dialect", "nope", "--lang", "en"],
        ["--bogus", "--lang", "en"],
    ],
)
def test_lang_after_the_name_speaks_for_clicks_own_errors_too(french, args):
    result = french.invoke(main, args)
    assert result.exit_code == 2
    assert "Error: " in result.stderr and "Erreur" not in result.stderr, result.stderr
    assert "No such option" in result.stderr or "Invalid value" in result.stderr, result.stderr


def test_every_help_shows_lang(french):
    for name in ("check", "publish", "assess", "migrate"):
        result = french.invoke(main, [name, "--help"])
        assert "--lang [fr|en]" in result.stdout and "Langue des messages" in result.stdout, name


# --------------------------------------------------------------------------- publish's notice

STAYS_FRENCH = ["md", "mediawiki", "csv", "json", "geojson", "html"]


@pytest.mark.parametrize("fmt", STAYS_FRENCH)
def test_publish_says_when_the_format_stays_french(french, fmt):
    args = ["publish", PLACES, "--criteria", CRITERIA, "--format", fmt, "--date", "2026-12-01"]
    english = french.invoke(main, ["--lang", "en", *args])
    after = french.invoke(main, [*args, "--lang", "en"])
    plain = french.invoke(main, args)
    asked_french = french.invoke(main, ["--lang", "fr", *args])
    assert english.exit_code == plain.exit_code == 0, english.output
    assert english.stdout_bytes == plain.stdout_bytes == after.stdout_bytes  # the output does not change
    notice = (
        f"tlcriteria: notice: format {fmt!r} is written in French only: "
        "--lang en changes the messages, not the output"
    )
    notices = [line for line in english.stderr.splitlines() if "notice" in line]
    assert notices == [notice] == [line for line in after.stderr.splitlines() if "notice" in line]
    assert "remarque" not in plain.stderr and plain.stderr == asked_french.stderr
    if fmt != "geojson":  # which warns of the places left off the map
        assert english.stderr.splitlines() == [notice] and plain.stderr == ""


def test_score_says_when_its_json_stays_french(french):
    """score chooses its format as publish does: the same notice for the same format."""
    args = ["score", PLACES, "--criteria", CRITERIA, "--format", "json"]
    english = french.invoke(main, [*args, "--lang", "en"])
    plain = french.invoke(main, args)
    assert english.exit_code == plain.exit_code == 0, english.output
    assert english.stdout_bytes == plain.stdout_bytes and plain.stderr == ""
    assert english.stderr.splitlines() == [
        "tlcriteria: notice: format 'json' is written in French only: --lang en changes the messages, not the output"
    ]
    table = french.invoke(main, ["score", PLACES, "--criteria", CRITERIA, "--lang", "en"])
    assert table.exit_code == 0 and table.stderr == "", table.stderr  # the table follows the language


def test_no_notice_when_english_comes_from_the_locale_only():
    """Asked by the locale, not by --lang: nothing to say (publications are French for the network)."""
    result = CliRunner(env={"LANGUAGE": "en"}).invoke(
        main, ["publish", PLACES, "--criteria", CRITERIA, "--format", "md"]
    )
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("fmt", ["summary"])
def test_a_format_that_follows_the_language_says_nothing(french, fmt):
    result = french.invoke(main, ["--lang", "en", "publish", PLACES, "--criteria", CRITERIA, "--format", fmt])
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    assert result.stdout.startswith("3 places")


def test_the_site_writes_both_languages(french, tmp_path):
    result = french.invoke(
        main,
        [
            "--lang",
            "en",
            "publish",
            PLACES,
            "--criteria",
            CRITERIA,
            "--format",
            "site",
            "-o",
            str(tmp_path / "s"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "notice" not in result.stderr and "French only" not in result.stderr
    assert '<html lang="en"' in (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
