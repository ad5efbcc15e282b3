"""Services: moving data in and out — backup files, import (merge or replace), the choice
after another tab saved the same trajectory, and unreadable stored entries."""

from dataclasses import dataclass

from ..backup import Backup, dumps, export_backup, read_import_text, to_json
from ..errors import FieldError
from ..model import Trajectory
from .clock import Clock
from .unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ExportFile:
    """A file for the coach to download: its name and its (JSON) text."""
    name: str
    text: str


def read_import(text: str) -> Backup:
    """Check the text of a backup or single-trajectory file (nothing is stored yet).
    Raises ValidationError listing every problem."""
    return read_import_text(text)


def import_merge(uow: UnitOfWork, clock: Clock, backup: Backup, *, overwrite: set) -> int:
    """Add the file's trajectories that are new here, and those whose id is in ``overwrite``
    (the coach chose the file's version); own templates with new ids are added. Returns how
    many trajectories were written. All or nothing."""
    chosen = [tr for tr in backup.trajectories if tr.id not in uow.trajectories or tr.id in overwrite]
    templates = list(uow.templates) + [tpl for tpl in backup.templates
                                       if tpl.id not in {own.id for own in uow.templates}]
    with uow.transaction("ui.undo.import", clock) as tx:
        tx.write_import(chosen, templates=templates, bodies=backup.bodies)
    return len(chosen)


def import_replace(uow: UnitOfWork, clock: Clock, backup: Backup, *, confirmed: bool) -> int:
    """Replace everything stored by the file's trajectories and templates. Raises
    FieldError('confirm') unless ``confirmed``. Returns how many trajectories were written."""
    if not confirmed:
        raise FieldError("confirm", "ui.backup.replace_need_confirm")
    keep = {tr.id for tr in backup.trajectories}
    remove = [trajectory_id for trajectory_id in uow.trajectories if trajectory_id not in keep]
    with uow.transaction("ui.undo.import", clock) as tx:
        tx.write_import(backup.trajectories, templates=backup.templates, remove=remove, bodies=backup.bodies)
    return len(backup.trajectories)


def backup_file(uow: UnitOfWork, clock: Clock) -> ExportFile:
    """Everything (trajectories, own templates, settings) as one backup file named by today."""
    data = export_backup(list(uow.trajectories.values()), uow.templates, uow.settings, exported_at=clock.stamp())
    return ExportFile(f"traject-backup-{clock.today().isoformat()}.json", dumps(data))


def file_slug(text: str, fallback: str = "traject") -> str:
    """A file-name part from free text: letters and digits, other characters as '-', 40 at most."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:40]
    return slug or fallback


def trajectory_file(uow: UnitOfWork, clock: Clock, trajectory_id: str) -> ExportFile:
    """One trajectory as a file named by the client and today."""
    traj = uow.get(trajectory_id)
    return ExportFile(f"traject-{file_slug(traj.client.name)}-{clock.today().isoformat()}.json",
                      dumps(to_json(traj, clock.stamp())))


def version_file(clock: Clock, traj: Trajectory) -> ExportFile:
    """The coach's own version of a trajectory that another tab also changed, as a file."""
    return ExportFile(f"traject-mijn-versie-{clock.today().isoformat()}.json", dumps(to_json(traj, clock.stamp())))


def keep_mine(uow: UnitOfWork, clock: Clock, mine: Trajectory) -> Trajectory:
    """After another tab saved the same trajectory: store the coach's version over it."""
    with uow.transaction("ui.undo.conflict", clock) as tx:
        tx.force(mine)
    return mine


def take_theirs(uow: UnitOfWork, trajectory_id: str) -> None:
    """After another tab saved the same trajectory: show the stored version (nothing is written)."""
    uow.reload_trajectory(trajectory_id)


def delete_unreadable(uow: UnitOfWork, clock: Clock, *, confirmed: bool) -> None:
    """Remove the stored entries that cannot be read (after the coach exported them)."""
    if not confirmed:
        raise FieldError("confirm", "ui.situation.error_confirm")
    with uow.transaction("ui.undo.unreadable", clock) as tx:
        tx.undoable = False
        tx.remove_keys([entry.key for entry in uow.unreadable])
