"""Messages in the person's language: English msgids, a French catalogue shipped in the package.

French is the default (the network speaks French); English is chosen with
`--lang en` or a locale whose LANGUAGE, LC_ALL, LC_MESSAGES or LANG starts with
"en". Every message of the program goes through `_()` / `ngettext()` here.

Click's own messages ("Usage:", "No such option: …") go through the stdlib's
`gettext.gettext` / `ngettext`, i.e. its global text domain, the way click
expects an application to translate them: while a command runs
(`stdlib_follows_language`), that domain is ours (`gettext.textdomain`, its
catalogue found with `gettext.bindtextdomain`) and the stdlib's language,
which it reads from the environment, is the one chosen here (`LANGUAGE`, the
variable GNU gettext gives precedence to; put back as it was afterwards).
Click's msgids are translated in our own French catalogue (see
`scripts/update-po`).

Adding a message: write `_("English text")` (or `ngettext(...)`), run
`scripts/update-po` to add it to `locale/fr/LC_MESSAGES/tlcriteria.po`,
translate it there, run `scripts/update-po` again to compile the `.mo`;
`tests/test_i18n.py` fails while a msgid is missing or the `.mo` is stale.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "tlcriteria"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("fr", "en")
DEFAULT = "fr"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"
_chosen: str | None = None  # the language asked for by name (--lang), None when from the environment
#: Inside `stdlib_follows_language`: the stdlib's global domain speaks `_language` too.
_stdlib_follows = False
#: LANGUAGE as the environment gave it, while `stdlib_follows_language` sets it.
_given_language: str | None = None


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """'en' when the locale asks for English, else French (the default)."""
    env: Mapping[str, str]
    if environ is not None:
        env = environ
    elif _stdlib_follows:  # LANGUAGE is ours for now: the person's was kept aside
        env = {**os.environ, "LANGUAGE": _given_language or ""}
    else:
        env = os.environ
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
    if _stdlib_follows:
        os.environ["LANGUAGE"] = language
    return language


@contextmanager
def stdlib_follows_language() -> Iterator[None]:
    """While a command runs: the stdlib's `gettext.gettext` (click's messages) speaks the language
    `set_language` chooses, from our catalogue; the text domain and `LANGUAGE` are put back after."""
    global _stdlib_follows, _given_language
    if _stdlib_follows:  # already (a command run from within another)
        yield
        return
    domain = _gettext.textdomain()
    _given_language = os.environ.get("LANGUAGE")
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    _stdlib_follows = True
    os.environ["LANGUAGE"] = _language
    try:
        yield
    finally:
        _stdlib_follows = False
        _gettext.textdomain(domain)
        if _given_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = _given_language


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


def by_language(**texts: str) -> str:
    """The text written for the current language among `texts` (`en="…", fr="…"`), else the
    English one: a plugin has no catalogue of its own, and says its messages, hints and
    answers this way in the member's language (docs/plugins.md, "Speak the member's language")."""
    return texts.get(_language) or texts.get("en") or next(iter(texts.values()), "")


def asked_language() -> str | None:
    """The language asked for by name (--lang), None when it comes from the environment."""
    return _chosen


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


_catalogues: dict[str, _gettext.NullTranslations] = {}


def in_language(language: str, message: str) -> str:
    """`message` in `language` whatever the current one, for texts read in one language only
    (the public outputs are French); each catalogue is loaded once."""
    catalogue = _catalogues.get(language)
    if catalogue is None:
        catalogue = _catalogues[language] = translation_for(language)
    return catalogue.gettext(message)


def labelled(label: str, text: str) -> str:
    """`label: text`, with the space French typography puts before a colon (`label : text`):
    for the lines the code puts together (a path and what is said of it)."""
    return label + _(": ") + text


#: How many names a message shows before saying how many more there are.
SHOWN = 10


def listed(items: Iterable[str], limit: int | None = None, *, separator: str | None = None) -> str:
    """`a; b`, with the space French typography puts before a semicolon (`a ; b`).

    `separator` joins otherwise (`", "`). With `limit`, only the first `limit`
    items are named, then how many others there are (`a, b and 4983 more`): a
    message naming every place of a big network would be one unreadable line.
    """
    names = list(items)
    joined = (_("; ") if separator is None else separator).join(names[:limit])
    if limit is None or len(names) <= limit:
        return joined
    more = len(names) - limit
    return ngettext("{names} and {count} more", "{names} and {count} more", more).format(
        names=joined, count=more
    )


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (translated where shown)."""
    return message
