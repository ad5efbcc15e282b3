"""Services: record what happened in a session, edit it, reschedule, add or remove sessions."""

from datetime import date

from ..errors import FieldError
from ..model import SESSION_STATUSES, Session, SessionCheck, SessionNotes, Trajectory
from .. import trajectory as rules
from .clock import Clock
from .unit_of_work import UnitOfWork


def record_session(uow: UnitOfWork, clock: Clock, trajectory_id: str, session_id: str, *, status: str,
                   notes: SessionNotes | None = None, check: SessionCheck | None = None) -> Session:
    """Set a session's status (one of model.SESSION_STATUSES) with its notes and after-session
    check. Holding the last pending session completes the trajectory and starts the follow-up
    (DOMAIN.md, 'Afronding'). Raises FieldError('status'), DomainError('closed'), NotFoundError."""
    if status not in SESSION_STATUSES:
        raise FieldError("status", "error.choice_field")
    with uow.transaction("ui.undo.session", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        return rules.record_session(traj, session_id, status, today=clock.today(), notes=notes, check=check)


def reschedule_session(uow: UnitOfWork, clock: Clock, trajectory_id: str, session_id: str, *, new_date: date,
                       shift_later: bool) -> Session:
    """Move a pending session to ``new_date``; with ``shift_later`` every later pending session
    moves by the same number of days. Raises DomainError('not_pending'/'closed')."""
    with uow.transaction("ui.undo.rescheduled", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        return rules.reschedule_session(traj, session_id, new_date, today=clock.today(), shift_later=shift_later)


def update_session(uow: UnitOfWork, clock: Clock, trajectory_id: str, session_id: str, **changes) -> Session:
    """Edit a session's focus, homework text, duration (minutes), notes or check (see
    trajectory.EDITABLE_SESSION_FIELDS). Raises ValidationError for an invalid value."""
    with uow.transaction("ui.undo.session", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        return rules.update_session(traj, session_id, **changes)


def add_session(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, after_number: int) -> Session:
    """Insert a session after session ``after_number``; later pending sessions are replanned."""
    with uow.transaction("ui.undo.session_added", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        return rules.add_session(traj, after_number, today=clock.today())


def remove_session(uow: UnitOfWork, clock: Clock, trajectory_id: str, session_id: str) -> None:
    """Remove a planned session; later pending sessions move up. Raises DomainError for a held
    session or the last one."""
    with uow.transaction("ui.undo.session_removed", clock) as tx:
        rules.remove_session(tx.trajectory(trajectory_id), session_id, today=clock.today())


def session_numbers(traj: Trajectory) -> list[int]:
    """Numbers of the sessions a score can be recorded at (1..n)."""
    return [s.number for s in traj.regular_sessions]


def require_session_number(traj: Trajectory, number: int | None, field: str = "session_number") -> int:
    """``number`` when ``traj`` has that session; FieldError otherwise."""
    if number is None:
        raise FieldError(field, "error.score_session_needed")
    if number not in session_numbers(traj):
        raise FieldError(field, "error.score_session_unknown", number=number)
    return number
