"""Sessions as appointments: start moments, the default first date, and public holidays.

A session's moment is its planned date plus its ``start_time`` as local wall-clock time in
the Netherlands (Europe/Amsterdam); the calendar export adds the time zone.
"""

from datetime import datetime, timedelta

from .errors import DomainError
from .holidays import holiday_on, next_working_day
from .practice import time_minutes
from .trajectory import atomic, get_session, reschedule_session

FIRST_SESSION_LEAD_DAYS = 7  # a new trajectory starts a week from today by default


def session_start(session):
    """Naive local ``datetime`` at which ``session`` starts, or None without a date."""
    if session.planned_date is None:
        return None
    minutes = time_minutes(session.start_time)
    return datetime(session.planned_date.year, session.planned_date.month, session.planned_date.day,
                    minutes // 60, minutes % 60)


def default_start_date(today, weekday=None):
    """Proposed date of session 1: a week from ``today``, moved on to the coach's default
    ``weekday`` (0 = Monday .. 6 = Sunday) when one is set."""
    day = today + timedelta(days=FIRST_SESSION_LEAD_DAYS)
    if weekday is None:
        return day
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def holiday_sessions(traj, liberation_day="lustrum"):
    """{session id: holiday key} of the pending sessions 1..n planned on a public holiday."""
    found = {}
    for session in traj.regular_sessions:
        if session.is_pending and session.planned_date is not None:
            key = holiday_on(session.planned_date, liberation_day)
            if key:
                found[session.id] = key
    return found


@atomic
def move_to_next_working_day(traj, session_id, *, today, liberation_day="lustrum"):
    """Move a pending session that falls on a public holiday to the next working day (same
    start time; later sessions stay). Raises DomainError when the session is not on a
    holiday. Returns the session."""
    session = get_session(traj, session_id)
    if session.planned_date is None or not holiday_on(session.planned_date, liberation_day):
        raise DomainError("not_a_holiday")
    target = next_working_day(session.planned_date, liberation_day)
    return reschedule_session.__wrapped__(traj, session_id, target, today=today)
