"""Services: the coach's settings (backup reminder, the secret that signs client form links)."""

from .. import share
from ..errors import FieldError
from ..model import Settings
from .clock import Clock
from .unit_of_work import UnitOfWork

NUDGE_DAYS = (1, 365)
SECRET_KEY = "share_secret"  # settings.ui key of the form-link signing secret


def set_backup_nudge(uow: UnitOfWork, clock: Clock, *, days: int) -> Settings:
    """Remind the coach to make a backup after ``days`` days without one (1-365)."""
    if not NUDGE_DAYS[0] <= days <= NUDGE_DAYS[1]:
        raise FieldError("days", "ui.backup.nudge_invalid")
    with uow.transaction("ui.undo.settings", clock) as tx:
        settings = tx.settings()
        settings.ui["backup_nudge_days"] = days
        return settings


def record_export(uow: UnitOfWork, clock: Clock) -> None:
    """Remember when everything was last exported (the backup reminder counts from it)."""
    with uow.transaction("ui.undo.settings", clock) as tx:
        tx.undoable = False
        tx.settings().ui["last_export"] = clock.stamp()


def link_secret(uow: UnitOfWork) -> str | None:
    """The secret that signs client form links, or None before the first link."""
    secret = uow.settings.ui.get(SECRET_KEY)
    return secret if isinstance(secret, str) and len(secret) == 32 else None


def ensure_link_secret(uow: UnitOfWork, clock: Clock) -> str:
    """The signing secret, made and stored on first use (answers to links are checked with it)."""
    secret = link_secret(uow)
    if secret is not None:
        return secret
    with uow.transaction("ui.undo.settings", clock) as tx:
        tx.undoable = False
        secret = tx.settings().ui[SECRET_KEY] = share.new_secret()
    return secret
