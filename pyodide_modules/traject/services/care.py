"""Services: due actions done/undone and the follow-up after the closing (DOMAIN.md, 'Follow-up')."""

from .. import due as due_rules
from .. import followup as followup_rules
from ..errors import FieldError
from ..model import FOLLOWUP_KINDS, FOLLOWUP_STATUSES, FollowUp
from .clock import Clock
from .unit_of_work import UnitOfWork


def mark_due_done(uow: UnitOfWork, clock: Clock, trajectory_id: str, key: str) -> None:
    """Mark a due action (``due.DueAction.key``) done; 'send_intake' also marks the preparation held."""
    with uow.transaction("ui.undo.due_done", clock) as tx:
        due_rules.mark_done(tx.trajectory(trajectory_id), key)


def mark_due_undone(uow: UnitOfWork, clock: Clock, trajectory_id: str, key: str) -> None:
    """Put a due action back on the list."""
    with uow.transaction("ui.undo.due_undone", clock) as tx:
        due_rules.unmark_done(tx.trajectory(trajectory_id), key)


def set_followup_status(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, kind: str, status: str) -> FollowUp:
    """Mark the follow-up mail or check-in (model.FOLLOWUP_KINDS) open, done or skipped."""
    if kind not in FOLLOWUP_KINDS:
        raise FieldError("kind", "error.choice_field")
    if status not in FOLLOWUP_STATUSES:
        raise FieldError("status", "error.choice_field")
    with uow.transaction("ui.undo.followup", clock) as tx:
        return followup_rules.set_followup_status(tx.trajectory(trajectory_id), kind, status)
