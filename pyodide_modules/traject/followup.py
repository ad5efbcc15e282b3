"""Follow-up after the trajectory: a personal mail (default one week after the end) and a
check-in (default three months after the end). Offsets are adjustable per trajectory."""

from datetime import timedelta

from .dates import add_months
from .errors import DomainError, ValidationError, problem
from .messages import t
from .model import FOLLOWUP_KINDS, FOLLOWUP_STATUSES, Event, FollowUp


def followup_dates(traj, end_date):
    return {
        "mail": end_date + timedelta(days=traj.followup_mail_days),
        "checkin": add_months(end_date, traj.followup_checkin_months),
    }


def start_followup(traj, end_date, *, today):
    """Create the open follow-up items that do not exist yet (a kind already done or skipped
    before the trajectory was reopened is not planned again)."""
    have = {item.kind for item in traj.followups}
    missing = [kind for kind in FOLLOWUP_KINDS if kind not in have]
    if not missing:
        return traj.followups
    dates = followup_dates(traj, end_date)
    traj.followups = traj.followups + [FollowUp(kind, dates[kind]) for kind in missing]
    traj.followups.sort(key=lambda item: FOLLOWUP_KINDS.index(item.kind))
    traj.events.append(Event(today, "followup_started", ""))
    return traj.followups


def set_followup_offsets(traj, mail_days, checkin_months):
    """Change the offsets; due dates of open items are recalculated from the end date."""
    problems = []
    if isinstance(mail_days, bool) or not isinstance(mail_days, int) or not 0 <= mail_days <= 365:
        problems.append(problem("followup_mail_days", "range", value=mail_days, min=0, max=365))
    if isinstance(checkin_months, bool) or not isinstance(checkin_months, int) or not 1 <= checkin_months <= 24:
        problems.append(problem("followup_checkin_months", "range", value=checkin_months, min=1, max=24))
    if problems:
        raise ValidationError(problems)
    traj.followup_mail_days, traj.followup_checkin_months = mail_days, checkin_months
    if traj.ended_on is not None:
        dates = followup_dates(traj, traj.ended_on)
        for item in traj.followups:
            if item.status == "open":
                item.due_date = dates[item.kind]


def set_followup_status(traj, kind, status):
    if status not in FOLLOWUP_STATUSES:
        raise ValidationError([problem("status", "choice", value=status, options=", ".join(FOLLOWUP_STATUSES))])
    for item in traj.followups:
        if item.kind == kind:
            item.status = status
            return item
    raise DomainError("no_followup", kind=t("followup." + kind, months=traj.followup_checkin_months))
