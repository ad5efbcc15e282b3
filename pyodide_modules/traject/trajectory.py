"""Creating a trajectory from a template and adjusting its sessions per client."""

import copy
import functools

from .dates import as_date, parse_date
from .errors import DomainError, NotFoundError, TrajectError, ValidationError, problem
from .messages import t
from .model import Client, Event, Session, Trajectory, new_id
from .planning import (closing_numbers, midterm_number, next_slot_after, plan_trajectory, replan_from,
                       update_intake_date)
from .templates import closing_rows, evaluation_form_before_closing


def _date_arg(value, name):
    try:
        return as_date(value)
    except (ValueError, TypeError):
        raise ValidationError([problem(name, "date", value=value)]) from None


def new_trajectory(template, client_name, coaching_question, start_date, frequency="biweekly",
                   closing_variant=None, *, now, frequency_days=None, email="", phone="",
                   trajectory_id=None, followup_mail_days=7, followup_checkin_months=3):
    """A new active trajectory: a deep copy of ``template``'s sessions, planned from
    ``start_date`` (the date of session 1). ``now`` is the ISO timestamp used for
    created_at/updated_at. Raises ValidationError for invalid input."""
    start = _date_arg(start_date, "start_date")
    variant = closing_variant or template.closing_variant
    sessions = [
        Session(new_id(), row.number, row.phase, row.role, row.focus, row.homework, row.duration_minutes)
        for row in sorted(copy.deepcopy(template.sessions), key=lambda r: r.number)
    ]
    traj = Trajectory(
        id=trajectory_id or new_id(),
        client=Client(client_name, email, phone),
        coaching_question=coaching_question,
        start_date=start,
        frequency=frequency,
        frequency_days=frequency_days,
        closing_variant=variant,
        created_at=now,
        updated_at=now,
        sessions=sessions,
        followup_mail_days=followup_mail_days,
        followup_checkin_months=followup_checkin_months,
        template_id=template.id,
        template_name=template.name,
    )
    traj.planned_sessions = len(traj.regular_sessions)
    validate(traj)  # before planning: a bad frequency would break the date arithmetic
    if variant != template.closing_variant:
        apply_closing_variant(traj, variant)
    plan_trajectory(traj)
    created_day = parse_date(now[:10]) if isinstance(now, str) else None
    traj.events.append(Event(created_day or start, "created", ""))
    validate(traj)
    return traj


def validate(traj):
    """Raise ValidationError when the trajectory would not pass loading from JSON."""
    from .codec import trajectory_from_dict, trajectory_to_dict

    trajectory_from_dict(trajectory_to_dict(traj))


def atomic(action):
    """Mark a state-changing rule on ``traj`` (its first argument): ``today`` may be given as
    "YYYY-MM-DD", and after the action the trajectory must still be valid (ValidationError
    otherwise). Undoing a refused change is not done here: every coach action runs inside one
    unit of work (services.unit_of_work), the app's only rollback."""

    @functools.wraps(action)
    def run(traj, *args, **kwargs):
        if "today" in kwargs:  # accept "YYYY-MM-DD" as well as a date
            kwargs["today"] = _date_arg(kwargs["today"], "today")
        result = action(traj, *args, **kwargs)
        validate(traj)
        return result

    return run


def ensure_open(traj):
    if traj.is_closed:
        raise DomainError("closed")


def get_session(traj, session_id):
    session = traj.session(session_id)
    if session is None:
        raise NotFoundError(t("word.session"), session_id)
    return session


def apply_closing_variant(traj, variant):
    """Make the last one (one_90) or two (two_60) sessions the closing, keeping the count."""
    n = traj.planned_sessions
    wanted = set(closing_numbers(n, variant))
    for session in traj.regular_sessions:
        if session.is_closing and session.number not in wanted:
            session.role, session.phase, session.duration_minutes = "regular", "werk", 60
            session.focus = t("template.focus.core_theme_free")
            session.homework = t("template.homework.practice")
    for row in closing_rows(n, variant):
        session = traj.session_by_number(row.number)
        session.phase, session.role, session.focus = row.phase, row.role, row.focus
        session.homework, session.duration_minutes = row.homework, row.duration_minutes
    if not any(s.is_midterm for s in traj.sessions):
        number = midterm_number(n, variant)
        session = traj.session_by_number(number) if number else None
        if session is not None and session.role == "regular":
            session.role, session.phase = "midterm", "werk"
            session.focus, session.homework = t("template.focus.midterm"), ""
    evaluation_form_before_closing(traj.sessions)
    traj.closing_variant = variant


def _renumber(traj):
    traj.sessions.sort(key=lambda s: s.number)
    traj.planned_sessions = len(traj.regular_sessions)


@atomic
def add_session(traj, after_number, *, today, phase="werk", focus="", homework="", role="regular"):
    """Insert a session after session ``after_number``; later sessions move one place and
    pending ones are replanned in the trajectory's rhythm. Returns the new session."""
    ensure_open(traj)
    if traj.session_by_number(after_number) is None:
        raise NotFoundError(t("word.session"), after_number)
    first_date = next_slot_after(traj, after_number)
    for session in traj.sessions:
        if session.number > after_number:
            session.number += 1
    session = Session(new_id(), after_number + 1, phase, role, focus, homework)
    traj.sessions.append(session)
    _renumber(traj)
    replan_from(traj, session.number, first_date)
    traj.events.append(Event(today, "session_added", t("event.session_added", number=session.number)))
    return session


@atomic
def remove_session(traj, session_id, *, today):
    """Remove a pending session (1..n); later pending sessions move up into its slot."""
    ensure_open(traj)
    session = get_session(traj, session_id)
    if session.number < 1 or not session.is_pending:
        raise DomainError("remove_not_pending")
    if len(traj.regular_sessions) == 1:
        raise DomainError("last_session")
    number, slot = session.number, session.planned_date
    traj.sessions.remove(session)
    for other in traj.sessions:
        if other.number > number:
            other.number -= 1
    _renumber(traj)
    if slot is not None:
        replan_from(traj, number, slot)
    traj.events.append(Event(today, "session_removed", t("event.session_removed", number=number)))


EDITABLE_SESSION_FIELDS = ("phase", "role", "focus", "homework", "duration_minutes", "notes", "check")


@atomic
def update_session(traj, session_id, **changes):
    """Edit focus, homework, phase, role, duration, notes (SessionNotes) or check
    (SessionCheck) of one session. Validated; nothing changes when invalid."""
    session = get_session(traj, session_id)
    unknown = [name for name in changes if name not in EDITABLE_SESSION_FIELDS]
    if unknown:
        raise ValidationError([problem(name, "unknown_field") for name in unknown])
    for name, value in changes.items():
        setattr(session, name, value)
    return traj.session(session_id)


@atomic
def record_session(traj, session_id, status, *, today, notes=None, check=None):
    """Record what happened to a session (held, cancelled, no_show, planned, moved), with
    optional notes and after-session check. When the last pending session has been held
    the trajectory is completed and the follow-up starts."""
    from .followup import start_followup
    from .model import SESSION_STATUSES

    ensure_open(traj)
    session = get_session(traj, session_id)
    if status not in SESSION_STATUSES:
        raise ValidationError([problem("status", "choice", value=status, options=", ".join(SESSION_STATUSES))])
    session.status = status
    if notes is not None:
        session.notes = notes
    if check is not None:
        session.check = check
    traj.events.append(Event(today, "session_recorded", t("event.session_recorded", number=session.number,
                                                         status=t("session_status." + status))))
    regular = traj.regular_sessions
    if (traj.status == "active" and status == "held" and session.number >= 1
            and not any(s.is_pending for s in regular)):
        end = session.planned_date or today
        traj.status, traj.end_reason, traj.ended_on = "completed", "completed", end
        traj.events.append(Event(today, "completed", ""))
        start_followup(traj, end, today=today)
    return session


@atomic
def reschedule_session(traj, session_id, new_date, *, today, shift_later=False):
    """Move one session to ``new_date`` (status 'moved'). With ``shift_later`` every later
    pending session moves by the same number of days."""
    from .planning import shift_later as shift

    ensure_open(traj)
    session = get_session(traj, session_id)
    new_date = _date_arg(new_date, "new_date")
    if not session.is_pending:
        raise DomainError("not_pending")
    old = session.planned_date
    session.planned_date = new_date
    session.status = "moved"
    if shift_later and old is not None:
        shift(traj, session.number, new_date - old)
    elif session.number == 1:
        update_intake_date(traj)
    traj.events.append(Event(today, "rescheduled", t("event.rescheduled", number=session.number,
                                                    old=old.isoformat() if old else "-", new=new_date.isoformat())))
    return session
