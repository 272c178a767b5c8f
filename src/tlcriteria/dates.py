"""Why something written as a date is not one TOML reads: `2026-13-01`, `2026-02-30`, `28/02/2026`.

TOML reads a date only as `YYYY-MM-DD`, unquoted; anything else is either
refused by the parser (whose own words say nothing of dates) or read as a
text. Both the TOML reader (documents.py) and the checks of a date key
(`[place] assessed`) ask this module what the person meant and what is wrong.
It stands in the base layer: it imports nothing of the program but i18n.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .i18n import N_, _, in_language

#: A date as people write it: year first (`2026-02-28`, `2026/2/28`) or day first (`28/02/2026`,
#: `28.02.2026`), the same separator twice. Versions (`1.2.3`) and numbers do not match.
_WRITTEN = re.compile(
    r"(?:(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"
    r"|(?P<day2>[0-9]{1,2})(?P<sep2>[-/.])(?P<month2>[0-9]{1,2})(?P=sep2)(?P<year2>[0-9]{4}))"
)
#: The same, as the value of a key on a TOML line: `assessed = 2026-13-01  # comment`.
_VALUE = re.compile(rf"=[ \t]*(?P<written>{_WRITTEN.pattern})(?![0-9A-Za-z:./-])")

_MONTHS = (
    N_("January {day}"),
    N_("February {day}"),
    N_("March {day}"),
    N_("April {day}"),
    N_("May {day}"),
    N_("June {day}"),
    N_("July {day}"),
    N_("August {day}"),
    N_("September {day}"),
    N_("October {day}"),
    N_("November {day}"),
    N_("December {day}"),
)


#: A date in full, as people read it: « 1 décembre 2026 », "1 December 2026".
_LONG = (
    N_("{day} January {year}"),
    N_("{day} February {year}"),
    N_("{day} March {year}"),
    N_("{day} April {year}"),
    N_("{day} May {year}"),
    N_("{day} June {year}"),
    N_("{day} July {year}"),
    N_("{day} August {year}"),
    N_("{day} September {year}"),
    N_("{day} October {year}"),
    N_("{day} November {year}"),
    N_("{day} December {year}"),
)


def long_date(iso: str, language: str | None = None) -> str:
    """`2026-12-01` in full, in `language` (else the current one): « 1 décembre 2026 »,
    "1 December 2026"; anything that is not such a date as given. The one way the public
    outputs write their publication date."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    message = _LONG[day.month - 1]
    return (in_language(language, message) if language else _(message)).format(day=day.day, year=day.year)


def written_on_line(line: str) -> str | None:
    """The date-like value written after `=` on a TOML line, unquoted, or None."""
    found = _VALUE.search(line)
    return found["written"] if found else None


def looks_like_date(text: str) -> bool:
    """Whether a text is written as a date (`2026-13-01`, `28/02/2026`)."""
    return _WRITTEN.fullmatch(text.strip()) is not None


def problem(written: str) -> tuple[str, str] | None:
    """Why the date-like `written` is not a TOML date, as (message, hint); None when it is one
    (`YYYY-MM-DD`, a day that exists) or does not look like a date at all."""
    found = _WRITTEN.fullmatch(written.strip())
    if found is None:
        return None
    year = int(found["year"] or found["year2"])
    month = int(found["month"] or found["month2"])
    day = int(found["day"] or found["day2"])
    hint = _("write year, month and day as YYYY-MM-DD, e.g. 2026-01-31, without quotes")
    if year < 1:
        return _("{written} is not a valid date (year 0001 to 9999)").format(written=written), hint
    if not 1 <= month <= 12:
        return _("{written} is not a valid date (month 01 to 12)").format(written=written), hint
    if not 1 <= day <= 31:
        return _("{written} is not a valid date (day 01 to 31)").format(written=written), hint
    if day > calendar.monthrange(year, month)[1]:
        named = _(_MONTHS[month - 1]).format(day=day)
        why = _("{day_of_month} does not exist").format(day_of_month=named)
        return _("{written} is not a valid date: {why}").format(written=written, why=why), hint
    iso = dt.date(year, month, day).isoformat()
    if iso == written.strip():
        return None
    return (
        _("the date {written} is not written YYYY-MM-DD").format(written=written),
        _("write {date}, without quotes").format(date=iso),
    )
