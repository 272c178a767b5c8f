"""Problems found in files people write, reported one line each.

Every problem has the form ``PATH: where: what is wrong (hint)`` so that a
person can open the file at the right place and fix it. Loading collects all
the problems of a file before giving up; a traceback reaching a user is a bug.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable

import attrs

from .i18n import _, listed


@attrs.frozen
class Problem:
    """One thing wrong in one file (or a warning about it)."""

    path: str
    where: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" | "warning" | "notice" (for information: never fatal)
    #: The place files a problem leaves out when it is said once for them all, in another file
    #: (a college a set renamed, at the set's line): it stops `score` and `publish` as a set's
    #: own error does (`place_checks.said_at_sets`).
    leaves_out: tuple[str, ...] = ()

    def __str__(self) -> str:
        parts = [self.path or "<input>"]
        if self.where:
            parts.append(self.where)
        text = self.message + (f" ({self.hint})" if self.hint else "")
        if self.severity == "warning":
            text = _("warning: {message}").format(message=text)
        elif self.severity == "notice":
            text = _("notice: {message}").format(message=text)
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


class Stopped(Exception):
    """A library step that cannot go on: `message` is the one line the command line shows as
    its error, after `problems` (found on the way: printed first, one line each)."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.message = message
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(message)


class PluginMistake(Exception):
    """A kind, scheme or format broke its contract while a command ran (a credit out of [0, 1], a
    method that raised…): no result can be trusted, so the command stops. The command line names
    the plugin that registered `name` under `category` ("answer kind", "rating scheme") as broken,
    with `message`. Its arguments are its fields, so that it crosses from a worker process."""

    def __init__(self, category: str, name: str, message: str) -> None:
        super().__init__(category, name, message)
        self.category = category
        self.name = name
        self.message = message

    def __str__(self) -> str:
        return self.message


def describe_exception(exc: BaseException) -> str:
    """An exception in one line, as a plugin's failure is named: its type and its message's first line."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The known word closest to `word`, if any is close enough (a list of at most one): first
    one that differs only by capitals or a plural (`Unique`, `USAGE`, `actions`), else the
    nearest spelling (`cutoff`: how alike, from 0 to 1)."""
    import difflib  # only once something is misspelt: not at every start-up

    choices = list(choices)
    folded = {choice.casefold(): choice for choice in reversed(choices)}  # the first of equals
    written = word.casefold()
    for form in (written, written.removesuffix("s"), written.removesuffix("x"), f"{written}s"):
        if form in folded:
            return [folded[form]]
    return difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)


def did_you_mean(word: str, choices: Iterable[str], limit: int | None = None) -> str:
    """A hint naming the closest known word, or listing them all (the first `limit`, for the
    places or criteria of a big network)."""
    choices = sorted(choices)
    close = closest(word, choices)
    if close:
        return _("did you mean {name!r}?").format(name=close[0])
    if not choices:
        return ""
    return _("expected one of: {names}").format(names=listed(choices, limit, separator=", "))


def known_names(word: str, choices: Iterable[str], what: str) -> str:
    """A hint suggesting the closest name and always listing every known one.

    Used for names that come from plugins (answer kinds, rating schemes): the
    person may not know which ones exist, so they are all named.
    """
    choices = sorted(choices)
    if not choices:
        return _("no rating scheme is registered") if what == "scheme" else _("no answer kind is registered")
    close = closest(word, choices)
    names = ", ".join(choices)
    listing = (_("known schemes: {names}") if what == "scheme" else _("known kinds: {names}")).format(
        names=names
    )
    if close:
        return _("did you mean {name!r}? {listing}").format(name=close[0], listing=listing)
    return listing


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, in the language of the messages: `strerror` speaks the
    C library's English whatever --lang says; the reasons people meet most are translated."""
    reasons = {
        errno.ENOENT: _("No such file or directory"),
        errno.EACCES: _("Permission denied"),
        errno.EPERM: _("Operation not permitted"),
        errno.ENOSPC: _("No space left on device"),
        errno.EDQUOT: _("Disk quota exceeded"),
        errno.EROFS: _("Read-only file system"),
        errno.EISDIR: _("Is a directory"),
        errno.ENOTDIR: _("Not a directory"),
        errno.EEXIST: _("File exists"),
        errno.ENAMETOOLONG: _("File name too long"),
        errno.EIO: _("Input/output error"),
    }
    return reasons.get(exc.errno or 0) or exc.strerror or str(exc)
