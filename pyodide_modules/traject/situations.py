"""Special situations as explicit actions, each with its effect on the plan.

All actions append to the trajectory's event log and refuse to change a closed
(completed or stopped) trajectory; closed trajectories keep all their history.
"""

from .closing_story import place_evaluation_form
from .dates import as_date
from .dutch import day_text, frequency_label, plural
from .errors import DomainError, ValidationError, problem
from .followup import start_followup
from .messages import t
from .model import FREQUENCIES, Event, Session, new_id
from .planning import next_slot_after, replan_from
from .trajectory import atomic, ensure_open


def _date(value, name):
    try:
        return as_date(value)
    except (ValueError, TypeError):
        raise ValidationError([problem(name, "date", value=value)]) from None


def _cancel_pending(traj):
    """Mark the planned sessions that will not be used as cancelled; returns how many."""
    pending = [s for s in traj.regular_sessions if s.is_pending]
    for session in pending:
        session.status = "cancelled"
    return len(pending)


@atomic
def extend(traj, extra_sessions, agreements, *, today):
    """Recontract: insert ``extra_sessions`` work sessions before the closing, replan the
    pending dates (the new sessions take the closing's slot, the closing moves back) and
    record the new agreements."""
    ensure_open(traj)
    if isinstance(extra_sessions, bool) or not isinstance(extra_sessions, int) or not 1 <= extra_sessions <= 20:
        raise ValidationError([problem("extra_sessions", "range", value=extra_sessions, min=1, max=20)])
    closing = [s for s in traj.regular_sessions if s.is_closing]
    if any(not s.is_pending for s in closing):
        raise DomainError("closing_already_held")
    insert_at = closing[0].number if closing else traj.planned_sessions + 1
    first_date = closing[0].planned_date if closing else next_slot_after(traj, traj.planned_sessions)
    for session in traj.sessions:
        if session.number >= insert_at:
            session.number += extra_sessions
    for i in range(extra_sessions):
        traj.sessions.append(Session(new_id(), insert_at + i, "werk", "regular",
                                     t("template.focus.core_theme_free"), t("template.homework.practice")))
    traj.sessions.sort(key=lambda s: s.number)
    traj.planned_sessions = len(traj.regular_sessions)
    replan_from(traj, insert_at, first_date)
    place_evaluation_form(traj.sessions)
    traj.agreements = agreements
    traj.events.append(Event(today, "extended", t("event.extended", sessions=plural(extra_sessions, "extra_session"), agreements=agreements)))
    return traj


@atomic
def close_early(traj, *, today, note=""):
    """Goal reached early: unused sessions are cancelled, the trajectory is completed and
    the follow-up starts from ``today``."""
    ensure_open(traj)
    unused = _cancel_pending(traj)
    traj.status, traj.end_reason, traj.ended_on = "completed", "closed_early", today
    traj.events.append(Event(today, "closed_early", t("event.closed_early", unused=plural(unused, "planned_session"), note=note)))
    start_followup(traj, today, today=today)
    return traj


@atomic
def pause(traj, *, today, note=""):
    ensure_open(traj)
    if traj.status != "active":
        raise DomainError("not_active")
    traj.status = "paused"
    traj.events.append(Event(today, "paused", note))
    return traj


@atomic
def resume(traj, next_date, *, today, note=""):
    """End a pause: the next pending session is on ``next_date``, later ones follow in the
    trajectory's rhythm."""
    ensure_open(traj)
    if traj.status != "paused":
        raise DomainError("not_paused")
    next_date = _date(next_date, "next_date")
    traj.status = "active"
    _replan_pending(traj, next_date)
    traj.events.append(Event(today, "resumed", t("event.resumed", date=day_text(next_date), note=note)))
    return traj


def _replan_pending(traj, first_date):
    pending = [s for s in traj.regular_sessions if s.is_pending]
    if pending:
        replan_from(traj, pending[0].number, first_date)


@atomic
def no_click(traj, *, today, referral_note):
    """No match between coach and client: stop, with a referral note; remaining sessions
    are cancelled. (No follow-up is planned for stopped trajectories.)"""
    ensure_open(traj)
    unused = _cancel_pending(traj)
    traj.status, traj.end_reason, traj.ended_on = "stopped", "no_click", today
    traj.referral_note = referral_note
    traj.events.append(Event(today, "no_click", t("event.no_click", unused=plural(unused, "planned_session"), note=referral_note)))
    return traj


@atomic
def change_frequency(traj, frequency, *, today, frequency_days=None, next_date=None):
    """Switch to another frequency and replan the pending sessions, the first one on
    ``next_date`` (default: its current date)."""
    ensure_open(traj)
    if frequency not in FREQUENCIES:
        raise ValidationError([problem("frequency", "choice", value=frequency, options=", ".join(FREQUENCIES))])
    if frequency == "custom" and (isinstance(frequency_days, bool) or not isinstance(frequency_days, int)
                                  or not 1 <= frequency_days <= 365):
        raise ValidationError([problem("frequency_days", "range", value=frequency_days, min=1, max=365)])
    pending = [s for s in traj.regular_sessions if s.is_pending]
    first = _date(next_date, "next_date") if next_date is not None else (pending[0].planned_date if pending else None)
    traj.frequency = frequency
    traj.frequency_days = frequency_days if frequency == "custom" else None
    if first is not None:
        _replan_pending(traj, first)
    traj.events.append(Event(today, "frequency_changed", frequency_label(frequency, frequency_days)))
    return traj


DROP_OUT_CHOICES = ("pause", "frequency", "close")


@atomic
def drop_out(traj, *, contact_date, note, today, choice=None, next_date=None, frequency=None,
             frequency_days=None):
    """The client drops out: record the contact attempt and, once known, the choice:
    ``pause``, ``frequency`` (another frequency, replanned from ``next_date``) or ``close``
    (stopped, remaining sessions cancelled). ``choice=None`` only records the contact."""
    ensure_open(traj)
    contact_date = _date(contact_date, "contact_date")
    if choice is not None and choice not in DROP_OUT_CHOICES:
        raise ValidationError([problem("choice", "choice", value=choice, options=", ".join(DROP_OUT_CHOICES))])
    if choice == "frequency" and frequency is None:
        raise ValidationError([problem("frequency", "missing")])
    traj.events.append(Event(contact_date, "contact_attempt", note))
    if choice == "pause":
        pause(traj, today=today, note=t("event.dropout_pause"))
    elif choice == "frequency":
        change_frequency(traj, frequency, today=today, frequency_days=frequency_days, next_date=next_date)
    elif choice == "close":
        unused = _cancel_pending(traj)
        traj.status, traj.end_reason, traj.ended_on = "stopped", "dropped_out", today
        traj.events.append(Event(today, "dropped_out", t("event.dropped_out", unused=plural(unused, "planned_session"))))
    return traj
