"""Practice figures over all trajectories."""

from dataclasses import dataclass

from .goals import goal_progress
from .model import MAIN_PHASES, TRAJECTORY_STATUSES
from .progress import current_phase


@dataclass
class PracticeFigures:
    total: int
    by_status: dict  # status -> count (all trajectories)
    by_phase: dict  # phase -> count (open trajectories only: active and paused)
    completed: int
    stopped: int
    completion_rate: object  # completed / (completed + stopped), None when nothing ended
    dropped_out: int  # stopped trajectories with end_reason "dropped_out"
    goals_measured: int  # goals with a baseline and an end score
    average_goal_change: object  # mean of (end - baseline) over those goals, or None


def practice_figures(trajectories):
    by_status = {status: 0 for status in TRAJECTORY_STATUSES}
    by_phase = {phase: 0 for phase in MAIN_PHASES}
    changes = []
    for traj in trajectories:
        by_status[traj.status] += 1
        if traj.status in ("active", "paused"):
            by_phase[current_phase(traj)] += 1
        for goal in traj.goals:
            result = goal_progress(goal)
            if result.baseline is not None and result.end is not None:
                changes.append(result.end - result.baseline)
    completed, stopped = by_status["completed"], by_status["stopped"]
    ended = completed + stopped
    return PracticeFigures(
        total=len(trajectories),
        by_status=by_status,
        by_phase=by_phase,
        completed=completed,
        stopped=stopped,
        completion_rate=completed / ended if ended else None,
        dropped_out=sum(1 for traj in trajectories if traj.end_reason == "dropped_out"),
        goals_measured=len(changes),
        average_goal_change=sum(changes) / len(changes) if changes else None,
    )
