"""Service: the calendar file (.ics) of one trajectory or of all active ones."""

from ..errors import FieldError
from ..model import Settings, Trajectory
from .clock import Clock
from .transfer import ExportFile
from .unit_of_work import UnitOfWork

LEADS = ("none", "60", "1440", "2880")  # reminder, minutes before 09:00 on the day; "none": no reminder
DEFAULT_LEAD = "1440"
TITLE_MODES = ("initials", "code", "name")  # as calendar_ics.TITLE_MODES
DEFAULT_TITLE = "initials"


def preferences(settings: Settings) -> tuple[str, str]:
    """The coach's last choice of reminder and title (or the defaults)."""
    lead = str(settings.ui.get("agenda_lead", DEFAULT_LEAD))
    title = str(settings.ui.get("agenda_title", DEFAULT_TITLE))
    return (lead if lead in LEADS else DEFAULT_LEAD), (title if title in TITLE_MODES else DEFAULT_TITLE)


def active_trajectories(uow: UnitOfWork) -> list[Trajectory]:
    """The active trajectories by client name (what the calendar of all shows)."""
    return sorted((tr for tr in uow.trajectories.values() if tr.status == "active"),
                  key=lambda tr: tr.client.name.lower())


def calendar_file(uow: UnitOfWork, clock: Clock, *, trajectory_id: str | None, lead: str,
                  title_mode: str) -> ExportFile:
    """The .ics file of one trajectory (or all active ones when ``trajectory_id`` is None);
    the choice of reminder and title is remembered. Raises FieldError for an unknown choice
    and FieldError('trajectory') when there is nothing to put in it."""
    from ..calendar_ics import export_ics, ics_filename  # lazy: only when exporting

    if lead not in LEADS:
        raise FieldError("lead", "error.choice_field")
    if title_mode not in TITLE_MODES:
        raise FieldError("title_mode", "error.choice_field")
    trajs = [uow.get(trajectory_id)] if trajectory_id else active_trajectories(uow)
    if not trajs:
        raise FieldError("", "ui.agenda.none")
    text = export_ics(trajs, now=clock.stamp(), lead_minutes=None if lead == "none" else int(lead),
                      title_mode=title_mode)
    if preferences(uow.settings) != (lead, title_mode):
        with uow.transaction("ui.undo.settings", clock) as tx:
            tx.undoable = False
            tx.settings().ui.update(agenda_lead=lead, agenda_title=title_mode)
    return ExportFile(ics_filename(trajs, clock.today()), text)
