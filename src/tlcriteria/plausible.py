"""Is a text a member writes plausible? One rule for the loader and the questionnaire.

Names and towns are shown on one line in every public output (wiki, map,
web page); a line break, a control character or a bidirectional override
(which reverses the text that follows it on screen, and can disguise a name)
never belongs there, and a name of two thousand characters is a slip. Every
other text a member writes (address, description, publics, justifications…)
may go over several lines, but holds no override nor control character either.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .i18n import _

#: The longest name and town accepted, in characters (France's longest commune name has 45).
MAX_LENGTHS = {"name": 120, "town": 80}

#: Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what follows.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Characters that end a line besides the ASCII controls.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
#: What no member text holds: the controls (Cc) but tab and line ends, and BIDI_CONTROLS.
#: Searched only in a text that is not `str.isprintable()` (a line break, a no-break space…):
#: most texts are, and that pass costs far less than a search for a set of characters.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: What no one-line text holds: every control (Cc), LINE_BREAKS and BIDI_CONTROLS.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: The texts of `[place]` other than `name` and `town` that members write in words, and its
#: lists of short texts: `text_problem`'s rule (`place_text_problems`).
PLACE_TEXTS = ("address", "description", "opening_hours")
PLACE_LISTS = ("publics", "services")


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def _invisible(char: str) -> tuple[str, str]:
    """The problem of a bidirectional override or a control character in a text."""
    if char in BIDI_CONTROLS:
        return (
            _("holds a bidirectional override ({code}), which reorders the text on screen").format(
                code=_codepoint(char)
            ),
            _("remove that invisible character"),
        )
    return (
        _("holds a control character ({code})").format(code=_codepoint(char)),
        _("remove that invisible character"),
    )


def one_line_problem(text: str, max_length: int) -> tuple[str, str] | None:
    """Why `text` is not a plausible one-line public text, as (message, hint); None when it is."""
    found = None if text.isprintable() else _NOT_ONE_LINE.search(text)
    if found is not None:
        char = found.group()
        return (
            (_("holds a line break"), _("write it on one line")) if char in LINE_BREAKS else _invisible(char)
        )
    if len(text) > max_length:
        return (
            _("is {length} characters long, more than {limit}").format(length=len(text), limit=max_length),
            _("shorten it to {limit} characters at most").format(limit=max_length),
        )
    return None


def text_problem(text: str) -> tuple[str, str] | None:
    """Why a text a member writes cannot be shown as written (an override, a control
    character), as (message, hint); None when it can. Line breaks and tabs are allowed."""
    found = None if text.isprintable() else _INVISIBLE.search(text)
    return None if found is None else _invisible(found.group())


def place_text_problem(key: str, text: str) -> tuple[str, str] | None:
    """The rule for a text a member writes under `key`: `[place] name` and `town` are one
    short line (`one_line_problem`); every other text is `text_problem`'s."""
    limit = MAX_LENGTHS.get(key)
    return text_problem(text) if limit is None else one_line_problem(text, limit)


def place_text_problems(values: Mapping[str, object]) -> list[tuple[str, int, tuple[str, str]]]:
    """What is wrong with the texts of a `[place]` table's accepted `values`, as (key, element
    number in its list or 0, (message, hint)), in the order of the keys."""
    found = []
    for key, limit in MAX_LENGTHS.items():
        text = values.get(key)
        if isinstance(text, str) and (problem := one_line_problem(text, limit)):
            found.append((key, 0, problem))
    texts = [text for key in PLACE_TEXTS if isinstance(text := values.get(key), str)]
    lists = {
        key: entries if isinstance(entries := values.get(key), list | tuple) else () for key in PLACE_LISTS
    }
    if text_problem("".join((*texts, *lists["publics"], *lists["services"]))) is None:
        return found  # one search for all of them: most files have nothing to say
    for key in PLACE_TEXTS:
        text = values.get(key)
        if isinstance(text, str) and (problem := text_problem(text)):
            found.append((key, 0, problem))
    for key, entries in lists.items():
        found.extend((key, n, p) for n, entry in enumerate(entries, 1) if (p := text_problem(str(entry))))
    return found
