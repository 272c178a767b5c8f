"""Problems found in files people write, reported one line each.

Every problem has the form ``PATH: where: what is wrong (hint)`` so that a
person can open the file at the right place and fix it. Loading collects all
the problems of a file before giving up; a traceback reaching a user is a bug.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import attrs


@attrs.frozen
class Problem:
    """One thing wrong in one file (or a warning about it)."""

    path: str
    where: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        parts = [self.path or "<input>"]
        if self.where:
            parts.append(self.where)
        text = self.message + (f" ({self.hint})" if self.hint else "")
        if self.severity == "warning":
            text = "warning: " + text
        parts.append(text)
        return ": ".join(parts)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ProblemsFound(Exception):
    """Raised when input is invalid; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known words, or listing them all."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "expected one of: " + ", ".join(choices) if choices else ""


def known_names(word: str, choices: Iterable[str], what: str) -> str:
    """A hint suggesting the closest name and always listing every known one.

    Used for names that come from plugins (answer kinds, rating schemes): the
    person may not know which ones exist, so they are all named.
    """
    choices = sorted(choices)
    if not choices:
        return f"no {what} is registered"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    listing = f"known {what}s: " + ", ".join(choices)
    return f"did you mean {close[0]!r}? {listing}" if close else listing
