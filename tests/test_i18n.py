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
    assert translation.ngettext("{count} problem found", "{count} problems found", 2) == "{count} problèmes trouvés"
    assert translation.ngettext("{count} problem found", "{count} problems found", 1) == "{count} problème trouvé"


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
    import click.core

    try:
        i18n.set_language("en")
        assert i18n._("Usage:") == "Usage:"
        i18n.set_language("fr")
        assert i18n._("Usage:") == "Utilisation :"
        assert click.core._("Commands") == "Commandes"
    finally:
        i18n.set_language("en")


def test_extraction_finds_marked_messages() -> None:
    found = update_po().extract_source('_("One")\nngettext("a {n}", "many {n}", n)\nN_("Two")\nf("no")', "x.py")
    assert set(found) == {("One", None), ("a {n}", "many {n}"), ("Two", None)}
