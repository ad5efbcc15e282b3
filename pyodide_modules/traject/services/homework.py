"""Services: homework assignments (DOMAIN.md, 'Huiswerk': at most three open at once is advised)."""

from datetime import date

from .. import homework as rules
from ..errors import FieldError, NotFoundError
from ..messages import t
from ..model import HOMEWORK_STATUSES, Homework
from .clock import Clock
from .unit_of_work import UnitOfWork


def _check(traj, text, session_id):
    if not text:
        raise FieldError("text", "ui.homework.error_text")
    if session_id and traj.session(session_id) is None:
        raise FieldError("session_id", "error.choice_field")


def add_homework(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, text: str, due_date: date | None = None,
                 session_id: str | None = None) -> tuple[Homework, str | None]:
    """Add an open assignment, optionally linked to the session in which it was given.
    Returns (homework, the over-three advice or None). Raises FieldError('text'/'session_id')."""
    with uow.transaction("ui.undo.homework", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        _check(traj, text, session_id)
        return rules.add_homework(traj, text, due_date, session_id or None)


def _item(traj, homework_id):
    for item in traj.homework:
        if item.id == homework_id:
            return item
    raise NotFoundError(t("word.homework"), homework_id)


def update_homework(uow: UnitOfWork, clock: Clock, trajectory_id: str, homework_id: str, *, text: str,
                    due_date: date | None = None, session_id: str | None = None) -> Homework:
    """Change an assignment's text, due date and session."""
    with uow.transaction("ui.undo.homework", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        _check(traj, text, session_id)
        item = _item(traj, homework_id)
        item.text, item.due_date, item.session_id = text, due_date, session_id or None
        return item


def set_homework_status(uow: UnitOfWork, clock: Clock, trajectory_id: str, homework_id: str, *,
                        status: str) -> Homework:
    """Mark an assignment open, done or dropped (model.HOMEWORK_STATUSES)."""
    if status not in HOMEWORK_STATUSES:
        raise FieldError("status", "error.choice_field")
    with uow.transaction("ui.undo.homework", clock) as tx:
        return rules.set_homework_status(tx.trajectory(trajectory_id), homework_id, status)


def delete_homework(uow: UnitOfWork, clock: Clock, trajectory_id: str, homework_id: str) -> None:
    """Delete an assignment (undo brings it back)."""
    with uow.transaction("ui.undo.homework_deleted", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        traj.homework.remove(_item(traj, homework_id))
