"""Services: SMART goals and their 1-10 scores (DOMAIN.md, 'Doelen' and 'Meten')."""

from datetime import date

from .. import goals as rules
from ..errors import FieldError, NotFoundError
from ..messages import t
from ..model import SCORE_MOMENTS, Goal, Score
from .clock import Clock
from .sessions import require_session_number
from .unit_of_work import UnitOfWork

SMART_PARTS = ("specific", "measurable", "acceptable", "realistic", "time_bound")


def _check_value(value, name="value"):
    if value is None or not 1 <= value <= 10:
        raise FieldError(name, "error.score_range")


def add_goal(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, title: str, smart: dict | None = None,
             baseline: int | None = None) -> Goal:
    """Add a goal with its SMART parts (``smart``: part name -> text, see SMART_PARTS) and,
    optionally, its baseline score (1-10, moment 'intake', today). Raises FieldError('title')
    or FieldError('baseline')."""
    if not title:
        raise FieldError("title", "ui.goals.error_title")
    if baseline is not None:
        _check_value(baseline, "baseline")
    parts = [(smart or {}).get(part, "") for part in SMART_PARTS]
    with uow.transaction("ui.undo.goal", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        goal = rules.add_goal(traj, title, *parts)
        if baseline is not None:
            rules.record_score(traj, goal.id, baseline, clock.today(), "intake")
        return goal


def update_goal(uow: UnitOfWork, clock: Clock, trajectory_id: str, goal_id: str, *, title: str,
                smart: dict | None = None) -> Goal:
    """Change a goal's title and SMART parts. Raises FieldError('title'), NotFoundError."""
    if not title:
        raise FieldError("title", "ui.goals.error_title")
    with uow.transaction("ui.undo.goal", clock) as tx:
        goal = rules.get_goal(tx.trajectory(trajectory_id), goal_id)
        goal.title = title
        for part in SMART_PARTS:
            setattr(goal, part, (smart or {}).get(part, ""))
        return goal


def delete_goal(uow: UnitOfWork, clock: Clock, trajectory_id: str, goal_id: str) -> None:
    """Delete a goal with its scores (undo brings it back)."""
    with uow.transaction("ui.undo.goal_deleted", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        traj.goals.remove(rules.get_goal(traj, goal_id))


def record_score(uow: UnitOfWork, clock: Clock, trajectory_id: str, goal_id: str, *, value: int, moment: str,
                 day: date, session_number: int | None = None) -> Score:
    """Record a 1-10 score at a moment (model.SCORE_MOMENTS). For 'session' the session number
    is required and must exist; for the other moments it is ignored. A new baseline ('intake')
    replaces the earlier one (one baseline per goal). Raises FieldError keyed value, moment,
    session_number or date."""
    _check_value(value)
    if moment not in SCORE_MOMENTS:
        raise FieldError("moment", "error.choice_field")
    with uow.transaction("ui.undo.score", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        number = require_session_number(traj, session_number) if moment == "session" else None
        return rules.record_score(traj, goal_id, value, day, moment, number)


def _score(goal, index):
    if not 0 <= index < len(goal.scores):
        raise NotFoundError(t("word.score"), index)
    return goal.scores[index]


def update_score(uow: UnitOfWork, clock: Clock, trajectory_id: str, goal_id: str, index: int, *, value: int,
                 day: date) -> Score:
    """Correct a recorded score (``index``: its place in goal.scores). Raises FieldError('value')."""
    _check_value(value)
    with uow.transaction("ui.undo.score", clock) as tx:
        score = _score(rules.get_goal(tx.trajectory(trajectory_id), goal_id), index)
        score.value, score.date = value, day
        return score


def delete_score(uow: UnitOfWork, clock: Clock, trajectory_id: str, goal_id: str, index: int) -> None:
    """Delete a recorded score (undo brings it back)."""
    with uow.transaction("ui.undo.score_deleted", clock) as tx:
        goal = rules.get_goal(tx.trajectory(trajectory_id), goal_id)
        goal.scores.remove(_score(goal, index))
