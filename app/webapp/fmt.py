"""Dutch formatting of dates and labels for the page."""

from datetime import date

from traject.instants import to_local
from traject.messages import t


def day(value, with_weekday=True):
    """``ma 23 nov. 2026`` (or ``23 nov. 2026``); empty for None."""
    if value is None:
        return ""
    months = t("ui.date.months").split(",")
    text = f"{value.day} {months[value.month - 1]} {value.year}"
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



def moment_parts(stamp, offset_at):
    """``("29 nov. 2026", "00:30")``: instant ``stamp`` in the coach's local time
    (``offset_at``: see :func:`traject.instants.to_local`); None when unreadable."""
    local = to_local(stamp, offset_at)
    if local is None:
        return None
    return day(local.date(), False), f"{local.hour:02d}:{local.minute:02d}"


def moment(stamp, offset_at):
    """``29 nov. 2026 om 00:30`` (local time), or ``stamp`` itself when it is unreadable."""
    parts = moment_parts(stamp, offset_at)
    return t("ui.date.moment", date=parts[0], time=parts[1]) if parts else str(stamp)
