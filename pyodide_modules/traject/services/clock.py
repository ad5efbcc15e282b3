"""The clock every service is given: the coach's "now", never read from the machine here.

The browser layer makes one from JavaScript's ``Date`` (the coach's local time and offset);
tests make one from a fixed instant. Nothing in the domain reads the wall clock.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone


@dataclass(frozen=True)
class Clock:
    """An instant with the coach's UTC offset.

    ``now``: a timezone-aware ``datetime`` (local wall time with its offset). Raises
    ValueError when it is naive: a time without offset cannot be compared or shown right.
    """

    now: datetime

    def __post_init__(self):
        if self.now.tzinfo is None or self.now.utcoffset() is None:
            raise ValueError("Clock needs a timezone-aware datetime")

    @classmethod
    def at(cls, year, month, day, hour=9, minute=0, second=0, *, offset_minutes=60):
        """A clock at a local time with a fixed UTC offset in minutes (60 = CET, 120 = CEST)."""
        tz = timezone(timedelta(minutes=offset_minutes))
        return cls(datetime(year, month, day, hour, minute, second, tzinfo=tz))

    def today(self) -> date:
        """The coach's local date."""
        return self.now.date()

    def stamp(self) -> str:
        """ISO timestamp with offset, seconds precision: ``2026-12-01T09:30:00+01:00``."""
        return self.now.replace(microsecond=0).isoformat()
