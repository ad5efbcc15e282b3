"""Instants: moments in time stored as ISO 8601 text with their offset.

This module owns them. A stored instant always carries its offset (``Z``, ``+00:00``,
``+01:00``, ``-05:30`` …); instants are compared as moments, never as text (``…T23:30:00Z``
is later than ``…T00:10:00+01:00`` of the next day), and shown in the coach's local time.
Local time is not a fixed offset: the offset of Europe/Amsterdam is +01:00 in winter and
+02:00 in summer, so the caller passes ``offset_at``, a function giving the local offset in
minutes east of UTC *at a given instant* (the browser asks ``Date.getTimezoneOffset`` of that
moment; tests pass a zone from ``zoneinfo``).

Calendar dates of sessions are not instants (see :mod:`traject.dates`).
"""

from datetime import datetime, timedelta, timezone

__all__ = ["parse", "is_instant", "is_after", "earliest", "to_local", "local_date"]


def parse(stamp):
    """The instant of ``stamp`` as an aware datetime in UTC, or None when ``stamp`` is not an
    ISO 8601 date-time with an offset (a time without offset names no moment)."""
    if not isinstance(stamp, str) or not 16 <= len(stamp) <= 40 or stamp[10:11] != "T":
        return None
    try:
        value = datetime.fromisoformat(stamp[:-1] + "+00:00" if stamp.endswith(("Z", "z")) else stamp)
    except ValueError:
        return None
    if value.tzinfo is None:
        return None
    return value.astimezone(timezone.utc)


def is_instant(stamp):
    """True for a date-time with an offset, such as ``2026-03-01T09:30:00+01:00``."""
    return parse(stamp) is not None


def is_after(stamp, other):
    """True when instant ``stamp`` is later than instant ``other`` (offsets taken into
    account). An unreadable ``other`` counts as long ago; an unreadable ``stamp`` as never."""
    mine, theirs = parse(stamp), parse(other)
    if mine is None:
        return False
    return theirs is None or mine > theirs


def earliest(stamps):
    """The earliest readable instant among ``stamps`` (as given), or None."""
    readable = [(parse(s), s) for s in stamps]
    readable = [pair for pair in readable if pair[0] is not None]
    return min(readable)[1] if readable else None


def to_local(stamp, offset_at):
    """Naive local date-time of ``stamp``. ``offset_at(utc_datetime) -> minutes east of UTC``
    is the coach's zone at that instant. None when ``stamp`` is not an instant."""
    utc = parse(stamp)
    if utc is None:
        return None
    return (utc + timedelta(minutes=offset_at(utc))).replace(tzinfo=None)


def local_date(stamp, offset_at):
    """The coach's calendar date of instant ``stamp`` (None when unreadable)."""
    local = to_local(stamp, offset_at)
    return local.date() if local is not None else None

