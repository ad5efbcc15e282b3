"""Dutch public holidays (the days the Algemene termijnenwet names), computed here.

Why not a library: the maintained ``holidays`` package (PyPI) is a pure-Python wheel of 1.7 MB
(4.9 MB, 1 119 files unpacked, every country) that needs ``python-dateutil``; all Traject needs
is one country's ten rules. See docs/ontwikkelaars/architectuur.md.

Rules
- Fixed: New Year (1 January), Christmas (25 December), Boxing Day (26 December).
- King's Day: 27 April, or 26 April when the 27th is a Sunday.
- Liberation Day (5 May): a day off every year, or only in lustrum years (divisible by 5), as
  the coach chooses (``liberation_day`` is "yearly" or "lustrum"); the law makes it a national
  holiday every fifth year and employers decide the other years.
- From Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher): Easter Sunday and Monday,
  Ascension Day (Easter + 39 days), Whit Sunday and Monday (Easter + 49 / + 50 days).
"""

from datetime import date, timedelta

__all__ = ["easter_sunday", "public_holidays", "holiday_on", "next_working_day"]

_EASTER_OFFSETS = (("easter_sunday", 0), ("easter_monday", 1), ("ascension", 39), ("whit_sunday", 49),
                   ("whit_monday", 50))


def easter_sunday(year):
    """Date of Easter Sunday in the Gregorian calendar (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year, liberation_day="lustrum"):
    """{date: holiday key} of one year. Keys name the holiday in the catalogue as
    ``holiday.<key>``. Raises ValueError for an unknown ``liberation_day`` rule."""
    if liberation_day not in ("lustrum", "yearly"):
        raise ValueError(liberation_day)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    days = {date(year, 1, 1): "new_year", kings_day: "kings_day", date(year, 12, 25): "christmas",
            date(year, 12, 26): "boxing_day"}
    if liberation_day == "yearly" or year % 5 == 0:
        days[date(year, 5, 5)] = "liberation_day"
    easter = easter_sunday(year)
    for key, offset in _EASTER_OFFSETS:
        days[easter + timedelta(days=offset)] = key
    return days


def holiday_on(day, liberation_day="lustrum"):
    """The holiday key of ``day`` (a date), or None on an ordinary day."""
    return public_holidays(day.year, liberation_day).get(day)


def next_working_day(day, liberation_day="lustrum"):
    """The first day after ``day`` that is neither a weekend day nor a public holiday."""
    day += timedelta(days=1)
    while day.weekday() >= 5 or holiday_on(day, liberation_day):
        day += timedelta(days=1)
    return day
