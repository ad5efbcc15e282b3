"""One unit of work per coach action: all of its changes are stored, or none.

``UnitOfWork`` holds what the app has read (an identity map: trajectories by id, own
templates, settings) over a :class:`~traject.repository.KeyValueRepository` (the browser's
localStorage, or a ``DictStore`` in tests). A service changes data only inside
``with uow.transaction(label) as tx:``; on leaving the block every trajectory it took with
``tx.trajectory(id)`` (or added) is validated, saved and read back, and templates/settings it
took are saved. Any exception inside the block, or while saving, puts back both the stored
text of every key written (the store's journal) and the objects in memory, then is raised
again; an exception that is not a :class:`~traject.errors.TrajectError` is raised as
:class:`~traject.errors.UnexpectedError` (a Dutch message; the technical text in
``detail``). This is the only rollback mechanism of the app.

Committed units of work are kept (the last ``UNDO_LIMIT``) so the coach can undo them: undo
puts back the stored text of the keys the change wrote, but only while they still hold what
the change left (another tab may have changed them since).
"""

import pickle
import traceback
from contextlib import contextmanager

from ..codec import trajectory_from_dict
from ..errors import (ConflictError, CorruptEntryError, NotFoundError, StorageWriteError, TrajectError,
                      UndoError, UnexpectedError)
from ..messages import t
from ..model import Event, Settings

UNDO_LIMIT = 20
UNDO_MAX_KEYS = 12  # a change that writes more keys (an import) is not kept for undo


class Transaction:
    """The changes of one running unit of work (see :class:`UnitOfWork`)."""

    def __init__(self, uow, label, clock):
        self.uow = uow
        self.label = label
        self.clock = clock
        self.taken = {}  # trajectory id -> pickled __dict__ before the change (None: added here)
        self.removed = {}  # trajectory id -> the object removed
        self.templates_before = None
        self.settings_before = None
        self.forced = set()  # ids saved over another tab's version (the coach chose so)
        self.reload = False  # read everything again after the commit (an import)
        self.undoable = True

    # --- taking data to change ------------------------------------------------------------
    def trajectory(self, trajectory_id):
        """The trajectory to change; NotFoundError when it does not exist."""
        traj = self.uow.trajectories.get(trajectory_id)
        if traj is None:
            raise NotFoundError(t("word.trajectory"), trajectory_id)
        if trajectory_id not in self.taken:
            self.taken[trajectory_id] = pickle.dumps(traj.__dict__)
        return traj

    def add(self, traj):
        """A new trajectory, saved when the unit of work commits."""
        self.uow.trajectories[traj.id] = traj
        self.taken.setdefault(traj.id, None)
        return traj

    def remove(self, trajectory_id):
        """Delete a stored trajectory when the unit of work commits."""
        traj = self.trajectory(trajectory_id)
        self.removed[trajectory_id] = traj
        del self.uow.trajectories[trajectory_id]

    def force(self, traj):
        """Store ``traj`` over whatever another tab stored (the coach chose their version)."""
        self.add(traj)
        self.forced.add(traj.id)

    def write_import(self, trajectories, *, templates=None, remove=(), bodies=None):
        """Write an import's checked trajectories (over stored ones with the same id), remove
        ``remove`` ids, and store ``templates`` (a full list) unless None; everything is read
        again after the commit. ``bodies``: the file's checked objects (Backup.bodies).
        Revision numbers stay as in the file (a stored entry with the same id gets a higher
        one), so export -> wipe -> import -> export gives the same file."""
        repo = self.uow.repo
        for trajectory_id in remove:
            repo.delete(trajectory_id)
        repo.save_many(trajectories, now=None, force=True, validated=True, hand_over=True, bodies=bodies,
                       keep_revision=True)
        if templates is not None:
            self.uow.guard_readable(repo.templates_key)
            repo.save_templates(templates)
        self.reload = True

    def remove_keys(self, keys):
        """Remove stored entries by key (unreadable ones the coach chose to delete)."""
        for key in keys:
            self.uow.repo.store.remove(key)
        self.reload = True

    def templates(self):
        """The coach's own templates (a list to change in place)."""
        if self.templates_before is None:
            self.templates_before = pickle.dumps(self.uow.templates)
        return self.uow.templates

    def settings(self):
        """The settings to change."""
        if self.settings_before is None:
            self.settings_before = pickle.dumps(self.uow.settings)
        return self.uow.settings

    # --- commit and rollback ---------------------------------------------------------------
    def flush(self):
        repo, now = self.uow.repo, self.clock.stamp() if self.clock else None
        for trajectory_id in self.removed:
            if repo.store.get(repo.trajectory_key(trajectory_id)) is not None:
                repo.delete(trajectory_id)
        for trajectory_id in self.taken:
            traj = self.uow.trajectories.get(trajectory_id)
            if traj is None:
                continue
            self._save(repo, traj, now, trajectory_id in self.forced)
        if self.templates_before is not None:
            self.uow.guard_readable(repo.templates_key)
            repo.save_templates(self.uow.templates)
        if self.settings_before is not None:
            self.uow.guard_readable(repo.settings_key)
            repo.save_settings(self.uow.settings)

    def _save(self, repo, traj, now, force):
        try:
            repo.save(traj, now=now, force=force)
        except ConflictError as exc:
            exc.mine = pickle.loads(pickle.dumps(traj))  # the coach's version, for the conflict choice
            raise
        if repo.saved_revision(traj.id) != traj.revision:  # read back
            raise StorageWriteError("read-back revision")

    def restore_memory(self):
        trajectories = self.uow.trajectories
        for trajectory_id, before in self.taken.items():
            if before is None:
                trajectories.pop(trajectory_id, None)
                continue
            traj = trajectories.get(trajectory_id) or self.removed.get(trajectory_id)
            traj.__dict__.clear()
            traj.__dict__.update(pickle.loads(before))
            trajectories[trajectory_id] = traj
        if self.templates_before is not None:
            self.uow.templates[:] = pickle.loads(self.templates_before)
        if self.settings_before is not None:
            self.uow.settings = pickle.loads(self.settings_before)


class UnitOfWork:
    """What the app has read, and the one way to change it (see the module docstring).

    ``repo``: a KeyValueRepository (its store is journaled). Attributes: ``trajectories``
    (id -> Trajectory), ``templates`` (own templates), ``settings``, ``unreadable`` (entries
    that could not be read; never overwritten), ``changes`` (committed units of work, newest
    last, for undo).
    """

    def __init__(self, repo):
        self.repo = repo
        self.trajectories = {}
        self.templates = []
        self.settings = Settings()
        self.unreadable = []
        self.changes = []
        self.commits = 0  # transactions committed (that wrote something) since the start
        self._running = None

    # --- reading --------------------------------------------------------------------------
    def load(self):
        """Read everything from storage. Unreadable entries are listed, never changed."""
        trajectories = {}
        for trajectory_id in self.repo.list_ids():
            try:
                traj = self.repo.load(trajectory_id)
            except CorruptEntryError:
                continue
            trajectories[traj.id] = traj
        self.trajectories = trajectories
        try:
            self.templates = self.repo.load_templates()
        except CorruptEntryError:
            self.templates = []
        try:
            self.settings = self.repo.load_settings()
        except CorruptEntryError:
            self.settings = Settings()
        self.unreadable = self.repo.unreadable_entries()

    def reload_trajectory(self, trajectory_id):
        """Take the stored version of one trajectory (after a change in another tab)."""
        try:
            self.trajectories[trajectory_id] = self.repo.load(trajectory_id)
        except NotFoundError:
            self.trajectories.pop(trajectory_id, None)
        except CorruptEntryError:
            self.trajectories.pop(trajectory_id, None)
            self.unreadable = self.repo.unreadable_entries()

    def get(self, trajectory_id):
        """A trajectory to read; NotFoundError when absent."""
        traj = self.trajectories.get(trajectory_id)
        if traj is None:
            raise NotFoundError(t("word.trajectory"), trajectory_id)
        return traj

    def guard_readable(self, key):
        """Refuse to overwrite an entry that could not be read (the coach decides about it first)."""
        if any(entry.key == key for entry in self.unreadable):
            raise StorageWriteError("unreadable entry " + key)

    # --- changing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self, label, clock=None):
        """Run one coach action all-or-nothing (see the module docstring). ``label``: a
        catalogue key naming the action (shown with undo). A transaction started inside a
        running one joins it. Raises TrajectError (UnexpectedError for a bug)."""
        if self._running is not None:
            yield self._running
            return
        tx = self._running = Transaction(self, label, clock)
        store = self.repo.store
        journal = store.begin()
        try:
            yield tx
            tx.flush()
        except BaseException as exc:
            store.end()
            self._rollback(tx, journal)
            if isinstance(exc, TrajectError) or not isinstance(exc, Exception):
                raise
            raise UnexpectedError("".join(traceback.format_exception(exc))) from exc
        else:
            store.end()
            self.commits += bool(journal)
            self._remember(tx, journal)
            if tx.reload:
                self.load()
        finally:
            self._running = None

    def _rollback(self, tx, journal):
        tx.restore_memory()
        try:
            self.repo.store.put_back(journal)
        except Exception:  # noqa: BLE001 - putting back frees space, so this is rare: show what is stored
            self.load()

    def _remember(self, tx, journal):
        if not journal or not tx.undoable:
            return  # bookkeeping (e.g. the last export): an earlier change it touched refuses its undo
        if len(journal) > UNDO_MAX_KEYS:
            self.changes.clear()  # an import: older changes may touch the same keys
            return
        self.changes.append(self.repo.store.change(tx.label, journal))
        del self.changes[:-UNDO_LIMIT]

    def undo(self, clock=None):
        """Take back the last committed change. Returns its label (catalogue key). Raises
        UndoError("empty") or UndoError("changed") (another tab wrote since; nothing changes)."""
        if not self.changes:
            raise UndoError("empty")
        change = self.changes[-1]
        store = self.repo.store
        if not store.unchanged_since(change):
            self.changes.clear()
            raise UndoError("changed")
        values = self._undo_values(change, clock)
        with self.transaction("ui.undo.label", clock) as tx:
            tx.undoable = False
            for key, raw in values.items():
                if raw is None:
                    store.remove(key)
                else:
                    store.set(key, raw)
        self.changes.pop()
        for earlier in self.changes:  # they left the text this undo put back, with an older revision
            for key, raw in values.items():
                if key in earlier.after and earlier.after[key] == change.before[key]:
                    earlier.after[key] = raw
        for key in change.before:
            prefix = self.repo.trajectory_key("")
            if key.startswith(prefix):
                self.reload_trajectory(key[len(prefix):])
        if self.repo.templates_key in change.before:
            self.templates = self.repo.load_templates()
        if self.repo.settings_key in change.before:
            self.settings = self.repo.load_settings()
        return change.label

    def _undo_values(self, change, clock):
        """The text to write back: the earlier text, but a trajectory that still exists keeps a
        rising revision (its earlier content with the next revision), so other tabs see a change,
        and its history records the undo (with ``clock``)."""
        values = dict(change.before)
        prefix = self.repo.trajectory_key("")
        event = Event(clock.today(), "undone", t(change.label)) if clock is not None else None
        for key, before in change.before.items():
            after = change.after.get(key)
            if key.startswith(prefix) and before is not None and after is not None:
                values[key] = self.repo.entry_with_revision(key, before, after, event)
        return values
