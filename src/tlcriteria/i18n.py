"""Messages in the person's language: English msgids, a French catalogue shipped in the package.

French is the default (the network speaks French); English is chosen with
`--lang en` or a locale whose LANGUAGE, LC_ALL, LC_MESSAGES or LANG starts with
"en". Every message of the program goes through `_()` / `ngettext()` here.

Click's own messages ("Usage:", "No such option: …") are looked up by click
with `from gettext import gettext as _` at the top of each of its modules,
i.e. the stdlib's global domain, which follows the environment and not our
`--lang`. `set_language()` therefore rebinds the `_` and `ngettext` names of
click's modules to the chosen catalogue; click's msgids are translated in our
own French catalogue (see `scripts/update-po`).

Adding a message: write `_("English text")` (or `ngettext(...)`), run
`scripts/update-po` to add it to `locale/fr/LC_MESSAGES/tlcriteria.po`,
translate it there, run `scripts/update-po` again to compile the `.mo`;
`tests/test_i18n.py` fails while a msgid is missing or the `.mo` is stale.
"""

from __future__ import annotations

import gettext as _gettext
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "tlcriteria"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("fr", "en")
DEFAULT = "fr"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"
_chosen: str | None = None  # the language asked for by name (--lang), None when from the environment

#: click's modules that import `_` / `ngettext` from the stdlib gettext.
CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.shell_completion",
    "click._termui_impl",
)


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """'en' when the locale asks for English, else French (the default)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            first = value.split(":")[0].lower()
            if first.startswith("en"):
                return "en"
            if first in ("c", "posix", "c.utf-8"):
                continue
            return "fr" if first.startswith("fr") else DEFAULT
    return DEFAULT


def translation_for(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def set_language(language: str | None = None) -> str:
    """Choose the language of every message (None: from the environment); returns it."""
    global _translation, _language, _chosen
    _chosen = language if language in LANGUAGES else DEFAULT if language else None
    language = language or language_from_environment()
    if language not in LANGUAGES:
        language = DEFAULT
    _translation = translation_for(language)
    _language = language
    _bind_click()
    return language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Messages in `language` for a while, e.g. the public pages, French whatever --lang says."""
    global _chosen
    before, chosen = _language, _chosen
    set_language(language)
    try:
        yield
    finally:
        set_language(before)
        _chosen = chosen


def current_language() -> str:
    return _language


def document_language() -> str:
    """The language of what is written for the network (diff's Markdown, pasted into merge
    requests): the one asked for with --lang, else French, whatever the environment says."""
    return _chosen or DEFAULT


def localized(texts: Mapping[str, str], key: str, default: str) -> str:
    """A text written in a rule file, in the current language: `KEY_en` in English when given."""
    if _language == "en":
        return texts.get(f"{key}_en") or default
    return default


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (translated where shown)."""
    return message


def _bind_click() -> None:
    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
