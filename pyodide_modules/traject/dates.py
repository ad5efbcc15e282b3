"""Calendar helpers.

Sessions are planned by calendar date (``datetime.date``), never by timestamp. A weekly
session on a Wednesday stays on Wednesday across a daylight-saving change because no clock
time is involved; the browser layer adds the time of day in local time when it shows it.
"""

from datetime import date, datetime
from functools import lru_cache

__all__ = ["parse_date", "is_timestamp", "days_in_month", "add_months", "as_date"]


def parse_date(value):
    """Strict ``YYYY-MM-DD`` -> date, or None when the text is not a real calendar date."""
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    return _parse_date_text(value)


@lru_cache(maxsize=4096)
def _parse_date_text(value):
    """(Cached: reading a backup meets the same few thousand dates again and again; a date
    object cannot be changed, so sharing it is safe.)"""
    digits = value[:4] + value[5:7] + value[8:]
    if not (digits.isascii() and digits.isdigit()):
        return None
    try:
        return date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return None


def is_timestamp(value):
    """True for an ISO 8601 date-time with its offset, such as ``2026-03-01T09:30:00+01:00``
    (see :mod:`traject.instants`, which owns instants)."""
    from .instants import is_instant

    return is_instant(value)


def days_in_month(year, month):
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def add_months(start, months):
    """The same day ``months`` later, clamped at month end (Jan 31 + 1 -> Feb 28/29).

    Always counts from ``start``, so the original day is kept: Jan 31 + 2 -> Mar 31.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, days_in_month(year, month)))


def as_date(value):
    """Accept a date or a strict ISO date string; raise ValueError otherwise."""
    if isinstance(value, datetime):
        raise ValueError(value)
    if isinstance(value, date):
        return value
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(value)
    return parsed
