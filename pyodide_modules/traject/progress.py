"""Where a trajectory stands: current phase, sessions held, next session, Dutch summary.

Rules: the current session is the first pending session (1..n); while no session has been
held the phase is Voorbereiding; afterwards it is the (main) phase of the current session;
without pending sessions it is Afronding. 'Start/Werk' counts as Start.
"""

from dataclasses import dataclass

from .messages import t
from .model import main_phase


@dataclass
class Progress:
    trajectory_id: str
    status: str
    phase: str  # voorbereiding | start | werk | afronding
    held: int
    total: int
    current_number: int  # the session the client is at (next pending, or the last one)
    next_session_id: object  # str or None
    next_session_number: object  # int or None
    next_session_date: object  # date or None
    text: str  # e.g. "sessie 3 van 8, fase Werk"


def current_phase(traj):
    regular = sorted(traj.regular_sessions, key=lambda s: s.number)
    if not any(s.status == "held" for s in regular):
        return "voorbereiding" if any(s.is_pending for s in regular) else "afronding"
    pending = [s for s in regular if s.is_pending]
    return main_phase(pending[0].phase) if pending else "afronding"


def progress(traj):
    regular = sorted(traj.regular_sessions, key=lambda s: s.number)
    held = sum(1 for s in regular if s.status == "held")
    total = traj.planned_sessions
    pending = [s for s in regular if s.is_pending]
    nxt = pending[0] if pending else None
    current = nxt.number if nxt else total
    phase = current_phase(traj)
    params = dict(number=current, total=total, phase=t("phase." + phase), held=held)
    if traj.status in ("completed", "stopped", "paused"):
        text = t("progress." + traj.status, **params)
    else:
        text = t("progress.active", **params)
    return Progress(traj.id, traj.status, phase, held, total, current,
                    nxt.id if nxt else None, nxt.number if nxt else None,
                    nxt.planned_date if nxt else None, text)
