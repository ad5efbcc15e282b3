"""The backup reminder: when to nudge the coach to export a backup."""

from .instants import earliest, is_after, local_date


def backup_due(updated, last_export, today, days, offset_at):
    """True when a trajectory changed after the last export (or no export was made) and that
    export, or else the oldest change, lies at least ``days`` calendar days before ``today``.

    :param updated: the trajectories' ``updated_at`` instants (ISO text with offset).
    :param last_export: the last export's instant, or None/"" when there was none.
    :param today: the coach's local date (``datetime.date``).
    :param days: the reminder interval in days (the coach's setting).
    :param offset_at: the coach's zone, see :func:`traject.instants.to_local`.
    Instants are compared as moments, whatever offset each was written with; an unreadable
    last export counts as none.
    """
    changed = [stamp for stamp in updated if not last_export or is_after(stamp, last_export)]
    if not changed:
        return False
    since = local_date(last_export, offset_at) if last_export else None
    if since is None:
        since = local_date(earliest(changed), offset_at)
    return since is None or (today - since).days >= days
