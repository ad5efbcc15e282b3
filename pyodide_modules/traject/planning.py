"""Planning rules: session dates, mid-term evaluation, closing sessions, intake due date.

Rules
- Session 1 is on the start date; session k is (k-1) steps later. A step is 7 days (weekly),
  14 days (biweekly), ``frequency_days`` (custom) or one calendar month (monthly: the same day
  of the month, clamped at month end, always counted from the anchor date so Jan 31 ->
  Feb 28/29 -> Mar 31).
- Session 0 (preparation) gets the intake due date: session 1 minus 2 days (the intake form
  goes out at least 48 hours before session 1).
- Closing: with "one_90" the last session is one 90-minute closing; with "two_60" the last two
  sessions (60 minutes each) close: second-last = evaluation, last = borging + afsluiting.
- Mid-term evaluation: session ceil(n/2) of n planned sessions (6 -> 3, 8 -> 4, 10 -> 5,
  12 -> 6), moved earlier if it would collide with a closing session; none if that leaves
  fewer than 2 (session 1 is the start, never an evaluation).
- Dates are calendar dates, so daylight-saving changes cannot move a session to another day.
"""

from datetime import timedelta

from .dates import add_months

INTAKE_LEAD_DAYS = 2
EVALUATION_FORM_LEAD_DAYS = 7
STEP_DAYS = {"weekly": 7, "biweekly": 14}


def step_date(anchor, steps, frequency, frequency_days=None):
    """The date ``steps`` sessions after ``anchor``."""
    if frequency == "monthly":
        return add_months(anchor, steps)
    if frequency == "custom":
        if not isinstance(frequency_days, int) or frequency_days < 1:
            raise ValueError("custom frequency needs frequency_days >= 1")
        return anchor + timedelta(days=frequency_days * steps)
    return anchor + timedelta(days=STEP_DAYS[frequency] * steps)


def plan_dates(start, count, frequency, frequency_days=None):
    """Dates of ``count`` consecutive sessions, the first on ``start``."""
    return [step_date(start, i, frequency, frequency_days) for i in range(count)]


def intake_due(session1_date):
    return session1_date - timedelta(days=INTAKE_LEAD_DAYS)


def closing_numbers(n, closing_variant):
    """Session numbers of the closing session(s) among sessions 1..n."""
    if n < 1:
        return ()
    if closing_variant == "two_60" and n >= 2:
        return (n - 1, n)
    return (n,)


def midterm_number(n, closing_variant):
    """Session number of the mid-term evaluation, or None for very short trajectories."""
    first_closing = closing_numbers(n, closing_variant)[0] if n >= 1 else 1
    number = min(-(-n // 2), first_closing - 1)
    return number if number >= 2 else None


def plan_trajectory(traj):
    """(Re)plan every session from the start date. Used when a trajectory is created."""
    regular = sorted(traj.regular_sessions, key=lambda s: s.number)
    for session, day in zip(regular, plan_dates(traj.start_date, len(regular), traj.frequency, traj.frequency_days)):
        session.planned_date = day
    update_intake_date(traj)


def replan_from(traj, number, first_date):
    """Give the pending sessions numbered >= ``number`` new dates, the first on ``first_date``.

    Held, cancelled and no-show sessions keep their dates and take no slot.
    """
    pending = [s for s in sorted(traj.regular_sessions, key=lambda s: s.number)
               if s.number >= number and s.is_pending]
    for i, session in enumerate(pending):
        session.planned_date = step_date(first_date, i, traj.frequency, traj.frequency_days)
    update_intake_date(traj)


def next_slot_after(traj, number):
    """Date for a new session right after session ``number`` in the trajectory's rhythm."""
    previous = traj.session_by_number(number)
    if previous is None or previous.planned_date is None or number < 1:
        return traj.start_date
    return step_date(previous.planned_date, 1, traj.frequency, traj.frequency_days)


def shift_later(traj, number, delta):
    """Move every pending session after session ``number`` by ``delta`` (a timedelta)."""
    for session in traj.regular_sessions:
        if session.number > number and session.is_pending and session.planned_date is not None:
            session.planned_date = session.planned_date + delta
    update_intake_date(traj)


def update_intake_date(traj):
    prep = traj.session_by_number(0)
    first = traj.session_by_number(1)
    if prep is not None and prep.is_pending and first is not None and first.planned_date is not None:
        prep.planned_date = intake_due(first.planned_date)
