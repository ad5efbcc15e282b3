"""Services: the method's forms (intake, contract, evaluations, borging plan, closing) and the
client's answers that come back through an answer code."""

from .. import forms as rules
from ..errors import DomainError
from ..model import FormRecord
from .clock import Clock
from .unit_of_work import UnitOfWork


def save_form(uow: UnitOfWork, clock: Clock, trajectory_id: str, form_id: str, answers: dict) -> FormRecord:
    """Store the coach's answers of one form (replacing the earlier ones). After the trajectory
    closed only the closing forms can change (forms.form_editable). Raises ValidationError keyed
    ``forms.<form>.answers.<question>``, DomainError('closed')."""
    with uow.transaction("ui.undo.form", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        _editable(traj, form_id)
        return rules.set_form_answers(traj, form_id, answers, now=clock.stamp(), merge=False)


def choose_evaluation_questions(uow: UnitOfWork, clock: Clock, trajectory_id: str, question_ids: list) -> None:
    """Store the coach's choice of questions from the bank of 25, in the order given."""
    with uow.transaction("ui.undo.form", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        _editable(traj, "evaluation_questions")
        rules.choose_evaluation_questions(traj, question_ids)


def apply_client_answers(uow: UnitOfWork, clock: Clock, trajectory_id: str, form_id: str,
                         answers: dict) -> FormRecord:
    """Add the client's answers (from a checked answer code) to a form, keeping other answers."""
    with uow.transaction("ui.undo.client_answers", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        _editable(traj, form_id)
        return rules.set_form_answers(traj, form_id, answers, now=clock.stamp(), merge=True)


def _editable(traj, form_id):
    if not rules.form_editable(traj, form_id):
        raise DomainError("closed")
