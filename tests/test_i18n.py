"""The French catalogue is complete, compiled and used; the language follows --lang and the locale."""

from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path

import pytest

from tlcriteria import i18n

ROOT = Path(__file__).resolve().parent.parent


def update_po():
    spec = importlib.util.spec_from_file_location("update_po", ROOT / "scripts" / "update_po.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_msgid_is_translated_and_the_mo_is_up_to_date(capsys) -> None:
    """Fails with the list of untranslated msgids; fix with scripts/update-po."""
    status = update_po().main(["--check"])
    assert status == 0, capsys.readouterr().out


def test_the_shipped_mo_is_read_by_the_stdlib() -> None:
    translation = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=["fr"])
    assert translation.gettext("Usage:") == "Utilisation :"
    assert (
        translation.ngettext("{count} problem found", "{count} problems found", 2)
        == "{count} problèmes trouvés"
    )
    assert (
        translation.ngettext("{count} problem found", "{count} problems found", 1)
        == "{count} problème trouvé"
    )


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:en", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),
    ],
)
def test_language_from_the_locale(env: dict[str, str], language: str) -> None:
    assert i18n.language_from_environment(env) == language


def test_set_language_switches_messages_and_clicks() -> None:
    """While a command runs (as `main` does), click's messages follow the language chosen."""
    import click.core

    try:
        with i18n.stdlib_follows_language():
            i18n.set_language("en")
            assert i18n._("Usage:") == "Usage:"
            assert click.core._("Commands") == "Commands"
            i18n.set_language("fr")
            assert i18n._("Usage:") == "Utilisation :"
            assert click.core._("Commands") == "Commandes"
    finally:
        i18n.set_language("en")


def test_click_follows_through_the_stdlib_domain_and_leaves_the_environment_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No patching of click's modules: its `_` is still the stdlib's; LANGUAGE is put back."""
    import os

    import click.core

    assert click.core._ is gettext.gettext
    monkeypatch.setenv("LANGUAGE", "de")
    before = gettext.textdomain()
    with i18n.stdlib_follows_language():
        i18n.set_language("fr")
        assert os.environ["LANGUAGE"] == "fr"
        assert i18n.language_from_environment() == "fr"  # the person's "de": the default
    assert os.environ["LANGUAGE"] == "de" and gettext.textdomain() == before
    monkeypatch.delenv("LANGUAGE")
    with i18n.stdlib_follows_language():
        i18n.set_language("en")
    assert "LANGUAGE" not in os.environ


def test_extraction_finds_marked_messages() -> None:
    found = update_po().extract_source(
        '_("One")\nngettext("a {n}", "many {n}", n)\nN_("Two")\nf("no")', "x.py"
    )
    assert set(found) == {("One", None), ("a {n}", "many {n}"), ("Two", None)}


# --------------------------------------------------------------------------- French by default, through the CLI

import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from tlcriteria.cli import main  # noqa: E402

from .conftest import EXAMPLES, builtins_only_env  # noqa: E402

#: No locale at all: the program's own default (French) applies.
NO_LOCALE = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
LINE = re.compile(r"^(?P<path>[^:]+): (?:(?P<where>[^:]+): )?(?P<what>.+?)(?: \((?P<hint>.+)\))?$")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The example criteria with a misspelt key and a number where a text is expected."""
    folder = tmp_path / "criteria"
    shutil.copytree(EXAMPLES / "criteria", folder)
    path = folder / "communs.toml"
    text = path.read_text("utf-8").replace("weight = 3", "wieght = 3", 1)
    path.write_text(text.replace('title = "Liberté des usagers"', "title = 3", 1), "utf-8")
    return path


def invoke(*args: str | Path, env: dict[str, str] | None = None):
    return CliRunner(env={**NO_LOCALE, **(env or {})}).invoke(main, [str(a) for a in args])


def problem_lines(stderr: str, path: Path) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.startswith(f"{path}:")]
    assert lines, stderr
    assert all(LINE.match(line) for line in lines), lines
    return lines


def test_check_speaks_french_by_default(broken: Path) -> None:
    result = invoke("check", broken.parent)
    assert result.exit_code == 1
    lines = problem_lines(result.stderr, broken)
    assert any(
        "ligne 32" in line
        and "clé inconnue 'wieght'" in line
        and LINE.match(line)["hint"] == "vouliez-vous dire 'weight' ?"
        for line in lines
    ), lines
    assert any(
        "il faut un texte entre guillemets, pas le nombre 3" in line
        and LINE.match(line)["hint"] == "mettez le texte entre guillemets droits"
        for line in lines
    ), lines
    assert re.search(r"^tlcriteria : erreur : \d+ problèmes trouvés$", result.stderr, re.MULTILINE), (
        result.stderr
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("how", [("--lang", "en"), ("LANG", "en_GB.UTF-8"), ("LANGUAGE", "en")])
def test_check_speaks_english_when_asked(broken: Path, how: tuple[str, str]) -> None:
    name, value = how
    args = ["--lang", "en", "check", broken.parent] if name == "--lang" else ["check", broken.parent]
    result = invoke(*args, env=None if name == "--lang" else {name: value})
    lines = problem_lines(result.stderr, broken)
    assert any(
        "line 32" in line and "unknown key 'wieght'" in line and "(did you mean 'weight'?)" in line
        for line in lines
    ), lines
    assert re.search(r"^tlcriteria: error: \d+ problems found$", result.stderr, re.MULTILINE), result.stderr


def test_lang_option_wins_over_the_locale(broken: Path) -> None:
    result = invoke("--lang", "fr", "check", broken.parent, env={"LANG": "en_US.UTF-8"})
    assert "clé inconnue 'wieght'" in result.stderr


def test_score_table_labels_in_french() -> None:
    place = EXAMPLES / "places" / "le-hangar-partage.toml"
    result = invoke("score", place, "--criteria", EXAMPLES / "criteria", "--format", "table")
    assert result.exit_code == 0, result.output
    assert "note : " in result.stdout and "pourcentage : " in result.stdout
    assert "légende : + rempli  ~ partiel  - non rempli  ! non justifié  ? sans réponse" in result.stdout
    assert "grade:" not in result.stdout and "legend:" not in result.stdout
    english = invoke("--lang", "en", "score", place, "--criteria", EXAMPLES / "criteria")
    assert "grade: " in english.stdout and "legend: + satisfied" in english.stdout


def test_score_table_names_the_set_in_the_chosen_language() -> None:
    """The set's `title_en` in English (the French title was shown whatever the language)."""
    place = ROOT / "examples" / "normandie" / "places" / "la-halle-songeuse.toml"
    english = invoke("--lang", "en", "score", place, "--criteria", ROOT / "criteria")
    assert english.exit_code == 0, english.output
    assert "La Halle Songeuse (la-halle-songeuse, Louviers) — Coworking college [coworking 2026.1]" in (
        english.stdout.splitlines()
    )
    assert "Collège" not in english.stdout
    french = invoke("score", place, "--criteria", ROOT / "criteria")
    assert "La Halle Songeuse (la-halle-songeuse, Louviers) — Collège coworking [coworking 2026.1]" in (
        french.stdout.splitlines()
    )


def test_json_record_keeps_its_english_keywords() -> None:
    """The JSON record is a data format: outcome words stay as SPEC says, whatever the language."""
    import json

    place = EXAMPLES / "places" / "le-hangar-partage.toml"
    result = invoke("score", place, "--criteria", EXAMPLES / "criteria", "--format", "json")
    outcomes = {c["outcome"] for r in json.loads(result.stdout) for c in r["criteria"]}
    assert outcomes <= {"satisfied", "partial", "unsatisfied", "unsupported", "unanswered", "na"}, outcomes


def test_click_usage_errors_and_help_in_french() -> None:
    result = invoke("score", "--nope")
    assert result.exit_code == 2
    assert "Utilisation : main score [OPTIONS] LIEUX..." in result.stderr  # in-process: click names it "main"
    assert "Erreur : Option inconnue '--nope'." in result.stderr
    helped = invoke("check", "--help")
    assert "Vérifier les jeux de critères, les fiches de lieu" in helped.stdout
    assert "Les avertissements comptent comme des problèmes" in helped.stdout
    published = invoke("publish", "--help")
    assert "Publier les notes de tous les lieux" in published.stdout
    english = invoke("--lang", "en", "score", "--nope")
    assert "Usage: main score" in english.stderr and "No such option '--nope'" in english.stderr


def test_a_real_process_speaks_french_without_a_locale(broken: Path) -> None:
    """The installed program reads the shipped .mo; no locale set means French."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(builtins_only_env())
    run = [sys.executable, "-m", "tlcriteria.cli", "check", str(broken.parent)]
    french = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    assert french.returncode == 1
    assert "clé inconnue 'wieght'" in french.stderr and "(vouliez-vous dire 'weight' ?)" in french.stderr
    english = subprocess.run(run, env={**env, "LANGUAGE": "en"}, capture_output=True, text=True, check=False)
    assert "unknown key 'wieght'" in english.stderr and "(did you mean 'weight'?)" in english.stderr


def test_diff_table_in_french(tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(EXAMPLES / "criteria", old)
    new = tmp_path / "new"
    shutil.copytree(EXAMPLES / "criteria", new)
    path = new / "tiers-lieu.toml"
    text = path.read_text("utf-8")
    assert "min_percent = 80" in text
    path.write_text(text.replace("min_percent = 80", "min_percent = 90", 1), "utf-8")
    result = invoke("diff", old, new, "--places", EXAMPLES / "places")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Changements de {old} à {new}\n")
    assert "  ↓ note A : min_percent 80 → 90" in result.stdout
    assert "↓ peut baisser des notes" in result.stdout and "Lieux par note (avant → après) :" in result.stdout
    assert re.search(r"^  tiers-lieu : A \d+ → \d+", result.stdout, re.M), result.stdout  # a space before ":"
    english = invoke("--lang", "en", "diff", old, new)
    assert (
        english.stdout.startswith(f"Changes from {old} to {new}\n")
        and "grade A: min_percent 80 → 90" in english.stdout
    )
    english_places = invoke("--lang", "en", "diff", old, new, "--places", EXAMPLES / "places")
    assert re.search(r"^  tiers-lieu: A \d+ → \d+", english_places.stdout, re.M), english_places.stdout
