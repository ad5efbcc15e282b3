"""Homework assignments and the 'more than 3 at once' advice."""

from .dates import as_date
from .errors import NotFoundError, ValidationError, problem
from .messages import t
from .model import HOMEWORK_STATUSES, Event, Homework, new_id
from .trajectory import atomic

MAX_OPEN_ADVISED = 3


def open_homework(traj):
    return [h for h in traj.homework if h.status == "open"]


def homework_warning(traj):
    """Dutch advice (not a block) when more than 3 assignments are open, else None."""
    count = len(open_homework(traj))
    if count > MAX_OPEN_ADVISED:
        return t("warning.homework_overload", count=count, max=MAX_OPEN_ADVISED)
    return None


@atomic
def add_homework(traj, text, due_date=None, session_id=None, homework_id=None, *, today=None):
    """Add an open assignment, optionally linked to the session it was given in. With
    ``today`` the history records it. Returns (homework, warning-or-None)."""
    if due_date is not None:
        try:
            due_date = as_date(due_date)
        except (ValueError, TypeError):
            raise ValidationError([problem("due_date", "date", value=due_date)]) from None
    item = Homework(homework_id or new_id(), text, due_date, "open", session_id)
    traj.homework.append(item)
    if today is not None:
        traj.events.append(Event(today, "homework_added", text[:200]))
    return item, homework_warning(traj)


def set_homework_status(traj, homework_id, status, *, today=None):
    """Set an assignment open, done or dropped; with ``today`` the history records it."""
    if status not in HOMEWORK_STATUSES:
        raise ValidationError([problem("status", "choice", value=status, options=", ".join(HOMEWORK_STATUSES))])
    for item in traj.homework:
        if item.id == homework_id:
            item.status = status
            if today is not None:
                traj.events.append(Event(today, "homework_status", t("event.homework_status", text=item.text[:80],
                                                                      status=t("homework_status." + status))))
            return item
    raise NotFoundError(t("word.homework"), homework_id)
