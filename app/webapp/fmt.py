"""Dutch formatting of dates and labels for the page."""

from datetime import date

from traject.instants import to_local
from traject.dutch import day_text, moment_text
from traject.messages import t


def day(value, with_weekday=True):
    """``ma 23 nov. 2026`` (or ``23 nov. 2026``); empty for None."""
    if value is None:
        return ""
    text = day_text(value)
    if with_weekday:
        text = t("ui.date.weekdays").split(",")[value.weekday()] + " " + text
    return text


def relative(value, today):
    """``vandaag``, ``morgen``, ``over 3 dagen``, ``2 dagen te laat``."""
    if value is None:
        return ""
    delta = (value - today).days
    if delta == 0:
        return t("ui.date.today")
    if delta == 1:
        return t("ui.date.tomorrow")
    if delta == -1:
        return t("ui.date.yesterday")
    if delta > 1:
        return t("ui.date.in_days", days=delta)
    return t("ui.date.days_ago", days=-delta)


def iso(value):
    return value.isoformat() if isinstance(value, date) else ""


def moment(stamp, offset_at):
    """``29 nov. 2026 om 00:30``: instant ``stamp`` in the coach's local time (``offset_at``: see
    :func:`traject.instants.to_local`), or ``stamp`` itself when it is unreadable."""
    local = to_local(stamp, offset_at)
    return moment_text(local) if local is not None else str(stamp)


def appointment(session, with_weekday=True, with_end=True):
    """``di 17 mrt. 2026, 14:30–15:30``: a session's date with its start (and end) time; for
    the preparation (session 0, a due date) the date alone. Empty without a date."""
    from traject.practice import end_time

    if session.planned_date is None:
        return ""
    text = day(session.planned_date, with_weekday)
    if session.number == 0:
        return text
    time = session.start_time
    if with_end:
        time = t("ui.appointments.time_range", start=time, end=end_time(time, session.duration_minutes))
    return t("ui.appointments.at_time", date=text, time=time)
