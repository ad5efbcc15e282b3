"""SMART goals and their 1-10 scores over time."""

from dataclasses import dataclass

from .dates import as_date
from .errors import NotFoundError, ValidationError, problem
from .messages import t
from .model import SCORE_MOMENTS, Goal, Score, new_id
from .trajectory import atomic


@dataclass
class GoalProgress:
    goal_id: str
    title: str
    baseline: object  # int or None
    latest: object  # int or None
    end: object  # int or None: the latest score recorded at the 'end' moment
    change: object  # latest - baseline, or None
    history: list  # Score objects in date order


@atomic
def add_goal(traj, title, specific="", measurable="", acceptable="", realistic="", time_bound="",
             goal_id=None):
    goal = Goal(goal_id or new_id(), title, specific, measurable, acceptable, realistic, time_bound)
    traj.goals.append(goal)
    return goal


def get_goal(traj, goal_id):
    for goal in traj.goals:
        if goal.id == goal_id:
            return goal
    raise NotFoundError(t("word.goal"), goal_id)


@atomic
def record_score(traj, goal_id, value, day, moment, session_number=None):
    """Record a 1-10 score for a goal. ``moment`` is intake (baseline), midterm, end, or
    session (then ``session_number`` is required). A goal has one baseline: recording the
    intake moment again replaces the earlier baseline (DOMAIN.md, 'Meten': the nulmeting)."""
    goal = get_goal(traj, goal_id)
    problems = []
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(problem("value", "type_scale"))
    elif not 1 <= value <= 10:
        problems.append(problem("value", "range", value=value, min=1, max=10))
    if moment not in SCORE_MOMENTS:
        problems.append(problem("moment", "choice", value=moment, options=", ".join(SCORE_MOMENTS)))
    if (moment == "session") != (session_number is not None):
        problems.append(problem("session_number", "session_number"))
    try:
        day = as_date(day)
    except (ValueError, TypeError):
        problems.append(problem("date", "date", value=day))
    if problems:
        raise ValidationError(problems)
    score = Score(day, moment, value, session_number)
    if moment == "intake":
        goal.scores[:] = [s for s in goal.scores if s.moment != "intake"]
    goal.scores.append(score)
    return score


def moment_label(moment, session_number=None):
    """The Dutch name of a score moment; for 'session' with the session's number when known
    ("Sessie 3"), else the plain choice ("Sessie")."""
    if moment == "session":
        return t("moment.session", number=session_number) if session_number is not None else t("moment.session_choice")
    return t("moment." + moment)


def default_score_session(traj):
    """The session a new score most likely belongs to: the last one held, else the first
    (scores are taken at the end of a session; DOMAIN.md, 'Meten'). None without sessions."""
    held = [s.number for s in traj.regular_sessions if s.status == "held"]
    numbers = [s.number for s in traj.regular_sessions]
    return max(held) if held else (min(numbers) if numbers else None)


def goal_progress(goal):
    history = sorted(goal.scores, key=lambda s: s.date)  # stable: same day keeps entry order
    baselines = [s for s in history if s.moment == "intake"]
    baseline = (baselines[0] if baselines else (history[0] if history else None))
    latest = history[-1] if history else None
    ends = [s for s in history if s.moment == "end"]
    change = latest.value - baseline.value if latest and baseline else None
    return GoalProgress(goal.id, goal.title, baseline.value if baseline else None,
                        latest.value if latest else None, ends[-1].value if ends else None, change, history)


def goals_progress(traj):
    return [goal_progress(goal) for goal in traj.goals]
