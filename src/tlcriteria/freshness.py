"""Freshness of a rating (SPEC §10): when a place last assessed itself, and for how long that holds."""

from __future__ import annotations

import calendar
import datetime as dt

from .i18n import _

STALE_LABEL = "à actualiser"


def today() -> dt.date:
    """The day a command runs, as the member's calendar says it."""
    return dt.date.today()


def assessed_problem(value: object, now: dt.date | None = None) -> tuple[str, str] | None:
    """Why `value` is not a valid `[place] assessed`, as (message, hint); None when it is."""
    if isinstance(value, str):
        from . import dates  # only for a date in quotes: its patterns are not compiled at start-up

        if dates.looks_like_date(value):  # "2026-13-01": the date's own problem first
            return dates.problem(value) or (
                _("the date {date} is written between quotes: it is read as a text").format(date=value),
                _("remove the quotes: assessed = {date}").format(date=value.strip()),
            )
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return (
            _("expected a date such as 2026-01-31, without quotes or time"),
            _("write assessed = YYYY-MM-DD"),
        )
    if value > (now or today()):
        return (
            _("{date} is in the future").format(date=value.isoformat()),
            _("write the day the answers were given, at the latest today"),
        )
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_stale(assessed: dt.date | None, valid_for_months: int | None, on: dt.date) -> bool:
    """A rating is stale when its set limits how long it holds and that time has passed.

    A place that never recorded when it assessed itself cannot show it is current.
    """
    if valid_for_months is None:
        return False
    if assessed is None:
        return True
    return on > add_months(assessed, valid_for_months)
