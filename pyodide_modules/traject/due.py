"""What the coach should do and when ("due actions"), for one or all trajectories.

Actions (key -> when):
- ``send_intake``: send intake form + contract; due 2 days before session 1.
- ``plan_midterm``: no mid-term session in the plan; due on the date of session ceil(n/2).
- ``midterm:<session id>``: hold the mid-term evaluation; due on its planned date.
- ``evaluation_form:<session id>``: send the evaluation form a week before the (first)
  closing session, until the form has answers.
- ``homework:<homework id>``: review open homework whose due date has passed.
- ``followup:mail`` / ``followup:checkin``: follow-up after the end.
Paused and stopped trajectories have no due actions. Keys are stable, so the app can mark an
action done with :func:`mark_done`.
"""

from dataclasses import dataclass
from datetime import timedelta

from .closing_story import evaluation_form_send
from .dates import as_date
from .messages import t
from .planning import intake_due


@dataclass
class DueAction:
    key: str
    trajectory_id: str
    kind: str
    due_date: object  # date
    overdue: bool
    label: str
    client_name: str
    session_id: object = None


def _actions_for(traj):
    """Yield (key, kind, due_date, label params, session_id) before the done filter."""
    if traj.status == "active":
        prep, first = traj.session_by_number(0), traj.session_by_number(1)
        if prep is not None and prep.is_pending and first is not None and first.planned_date:
            yield "send_intake", "send_intake", intake_due(first.planned_date), {}, prep.id
        midterms = [s for s in traj.regular_sessions if s.is_midterm]
        for session in midterms:
            if session.is_pending and session.planned_date:
                params = {"number": session.number}
                yield f"midterm:{session.id}", "hold_midterm", session.planned_date, params, session.id
        if not midterms and traj.planned_sessions >= 4:
            halfway = traj.session_by_number(-(-traj.planned_sessions // 2))
            if halfway is not None and halfway.is_pending and halfway.planned_date:
                yield "plan_midterm", "plan_midterm", halfway.planned_date, {}, halfway.id
        send = evaluation_form_send(traj)
        record = traj.forms.get("evaluation")
        if send is not None and send[0].is_pending and not (record and record.answers):
            yield f"evaluation_form:{send[0].id}", "send_evaluation_form", send[1], {}, send[0].id
        for item in traj.homework:
            if item.status == "open" and item.due_date is not None:
                yield f"homework:{item.id}", "homework_review", item.due_date, {"text": item.text[:80]}, item.session_id
    if traj.status != "stopped":
        for item in traj.followups:
            if item.status == "open":
                params = {"months": traj.followup_checkin_months}
                yield f"followup:{item.kind}", "followup_" + item.kind, item.due_date, params, None


def trajectory_due_actions(traj, today, horizon_days=None):
    done = set(traj.done_actions)
    result = []
    for key, kind, due, params, session_id in _actions_for(traj):
        if key in done:
            continue
        if kind == "homework_review" and due >= today:
            continue  # only homework whose due date has passed needs a review
        if horizon_days is not None and due > today + timedelta(days=horizon_days):
            continue
        label = t("due." + kind, client=traj.client.name, **params)
        result.append(DueAction(key, traj.id, kind, due, due < today, label, traj.client.name, session_id))
    return result


def sort_actions(actions):
    """Overdue first, then by date (then client and key, for a stable order)."""
    return sorted(actions, key=lambda a: (not a.overdue, a.due_date, a.client_name, a.trajectory_id, a.key))


def due_actions(trajectories, today, horizon_days=None):
    """Due actions over one trajectory or a list of them, sorted overdue first, then by date.
    With ``horizon_days`` only actions due within that many days from ``today``."""
    if not isinstance(trajectories, (list, tuple)):
        trajectories = [trajectories]
    today = as_date(today)
    actions = []
    for traj in trajectories:
        actions.extend(trajectory_due_actions(traj, today, horizon_days))
    return sort_actions(actions)


def mark_done(traj, key):
    """Mark a due action done. Follow-up keys set the follow-up item's status to done;
    ``send_intake`` also marks the preparation (session 0) as held."""
    if key.startswith("followup:"):
        from .followup import set_followup_status

        set_followup_status(traj, key.split(":", 1)[1], "done")
        return
    if key == "send_intake":
        prep = traj.session_by_number(0)
        if prep is not None and prep.is_pending:
            prep.status = "held"
    if key not in traj.done_actions:
        traj.done_actions.append(key)


def unmark_done(traj, key):
    if key in traj.done_actions:
        traj.done_actions.remove(key)
