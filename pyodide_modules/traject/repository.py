"""Storage (repository pattern).

``TrajectoryRepository`` is the abstract interface; ``InMemoryRepository`` keeps objects in
dicts (tests); ``KeyValueRepository`` stores JSON text in any key-value store (the browser
provides one on top of localStorage) under a namespace prefix:

    traject:index        JSON list of trajectory ids (creation order)
    traject:t:<id>       one trajectory, as a versioned file (see backup.to_json), stored
                         compressed (``storage_codec``: ``z1:...``); plain JSON still loads
    traject:templates    the coach's own templates (a backup-like envelope)
    traject:settings     settings (a backup-like envelope)

Saving increments ``revision``. When the stored revision differs from the one being saved
(the trajectory was changed in another tab) a ConflictError is raised unless ``force=True``.
A stored entry that cannot be read raises CorruptEntryError and is not altered (saving over
it needs ``force=True``); ``unreadable_entries()`` lists such entries so the app can offer to
export them.

Speed at scale: a save validates the trajectory's dict (no deep copy), writes it once and
remembers the exact text it wrote, so checking the write (``saved_revision``) and the next
save's revision check are string comparisons instead of decoding; the result of decoding an
entry is remembered by its exact text, so ``unreadable_entries()`` right after loading
everything does not decode anything a second time; ``save_many`` writes an import with one
index update, without checking again what the import just checked, and dumps the file's own
checked objects (``Backup.bodies``) instead of building them again.
"""

import copy
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass

from . import storage_codec
from .backup import APP, parse_json_text
from .capacity import check_fits
from .checker import Checker, index
from .codec import (MAX_REVISION, _read_settings, _read_template, _read_trajectory, settings_to_dict,
                    template_to_dict, trajectory_from_dict, trajectory_to_dict)
from .dates import is_timestamp
from .errors import ConflictError, CorruptEntryError, NotFoundError, ValidationError
from .journal import JournalStore
from .messages import t
from .migrations import CURRENT_VERSION, migrate
from .model import Settings


class TrajectoryRepository(ABC):
    @abstractmethod
    def save(self, traj, *, now=None, force=False):
        """Store ``traj``; sets traj.revision (and updated_at when ``now`` is given) and
        returns the new revision."""

    @abstractmethod
    def load(self, trajectory_id):
        """The stored trajectory (a fresh copy); NotFoundError when absent."""

    @abstractmethod
    def delete(self, trajectory_id):
        """Remove a trajectory; NotFoundError when absent."""

    @abstractmethod
    def list_ids(self):
        """Ids of all stored trajectories."""

    def list_all(self):
        """All readable trajectories (unreadable ones are skipped, see unreadable_entries)."""
        result = []
        for trajectory_id in self.list_ids():
            try:
                result.append(self.load(trajectory_id))
            except CorruptEntryError:
                continue
        return result

    def unreadable_entries(self):
        return []

    @abstractmethod
    def save_templates(self, templates):
        """Store the coach's own templates (built-in ones are ignored)."""

    @abstractmethod
    def load_templates(self):
        """The coach's own templates."""

    @abstractmethod
    def save_settings(self, settings):
        """Store the settings."""

    @abstractmethod
    def load_settings(self):
        """Stored settings, or default Settings()."""


def _check_revision(trajectory_id, stored, traj, force):
    if stored is not None and not force and stored != traj.revision:
        raise ConflictError(trajectory_id, stored, traj.revision)


def _prepare(traj, stored, now):
    """A validated copy of ``traj`` with the next revision (and ``now`` as updated_at)."""
    candidate = copy.deepcopy(traj)
    candidate.revision = (stored if stored is not None else traj.revision) + 1
    if now is not None:
        candidate.updated_at = now
    trajectory_from_dict(trajectory_to_dict(candidate), "trajectory")  # refuse to store invalid data
    return candidate


class InMemoryRepository(TrajectoryRepository):
    def __init__(self):
        self._trajectories = {}
        self._templates = []
        self._settings = Settings()

    def save(self, traj, *, now=None, force=False):
        stored = self._trajectories.get(traj.id)
        stored_revision = stored.revision if stored else None
        _check_revision(traj.id, stored_revision, traj, force)
        candidate = _prepare(traj, stored_revision, now)
        self._trajectories[traj.id] = candidate
        traj.revision, traj.updated_at = candidate.revision, candidate.updated_at
        return candidate.revision

    def load(self, trajectory_id):
        if trajectory_id not in self._trajectories:
            raise NotFoundError(t("word.trajectory"), trajectory_id)
        return copy.deepcopy(self._trajectories[trajectory_id])

    def delete(self, trajectory_id):
        if trajectory_id not in self._trajectories:
            raise NotFoundError(t("word.trajectory"), trajectory_id)
        del self._trajectories[trajectory_id]

    def list_ids(self):
        return list(self._trajectories)

    def save_templates(self, templates):
        self._templates = [copy.deepcopy(x) for x in templates if not x.builtin]

    def load_templates(self):
        return copy.deepcopy(self._templates)

    def save_settings(self, settings):
        self._settings = copy.deepcopy(settings)

    def load_settings(self):
        return copy.deepcopy(self._settings)


class KeyValueStore(ABC):
    """The minimal storage the browser layer must provide (e.g. over localStorage)."""

    # True for a store whose every entry was checked with a key when it was read (the vault:
    # AES-GCM), so it can only hold what this app wrote: see reader.read_json(authenticated=).
    authenticated = False

    @abstractmethod
    def get(self, key):
        """The stored string, or None."""

    @abstractmethod
    def set(self, key, value):
        """Store a string. Raises errors.StorageWriteError when the store refuses (quota full,
        storage disabled); the previous value then stays."""

    @abstractmethod
    def remove(self, key):
        """Remove a key (no error when it is absent)."""

    @abstractmethod
    def keys(self):
        """All keys in the store (any namespace)."""


class DictStore(KeyValueStore):
    """A key-value store in a plain dict (tests, or a fallback without localStorage).
    ``quota``: characters it holds (keys and values), like localStorage; None: no limit."""

    def __init__(self, data=None, quota=None):
        self.data = {} if data is None else data
        self.quota = quota

    def free_chars(self):
        """Characters still free (None without a quota)."""
        if self.quota is None:
            return None
        return self.quota - sum(len(k) + len(v) for k, v in self.data.items())

    def get(self, key):
        return self.data.get(key)

    def set(self, key, value):
        if not isinstance(value, str):
            raise TypeError("values are strings")
        old = self.data.get(key)
        if self.quota is not None and len(key) + len(value) - (len(key) + len(old) if old is not None else 0) > (
                self.free_chars()):
            raise OSError("quota exceeded")
        self.data[key] = value

    def remove(self, key):
        self.data.pop(key, None)

    def keys(self):
        return list(self.data)


@dataclass
class UnreadableEntry:
    key: str
    raw: str
    reason: str


class KeyValueRepository(TrajectoryRepository):
    def __init__(self, store, prefix="traject:", compress=True):
        self.store = store if isinstance(store, JournalStore) else JournalStore(store)
        self.prefix = prefix
        self.compress = compress
        self._written = {}  # key -> (exact text this repository last wrote or read, revision)
        self._checked = {}  # key -> (exact text, reason or None): the last decode of that text
        self._handed = {}  # key -> (exact text, object) given by save_many(hand_over=True)

    # keys
    @property
    def index_key(self):
        return self.prefix + "index"

    @property
    def templates_key(self):
        return self.prefix + "templates"

    @property
    def settings_key(self):
        return self.prefix + "settings"

    def trajectory_key(self, trajectory_id):
        return self.prefix + "t:" + trajectory_id

    # index
    def _index(self):
        raw = self.store.get(self.index_key)
        try:
            ids = json.loads(raw) if raw else []
        except ValueError:
            ids = []
        return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []

    def _write_index(self, ids):
        self.store.set(self.index_key, json.dumps(ids))

    def list_ids(self):
        """Ids in the index that exist, then stored trajectories missing from the index."""
        start = self.trajectory_key("")
        stored = {key[len(start):] for key in self.store.keys() if key.startswith(start)}
        ids = [i for i in self._index() if i in stored]
        return ids + sorted(stored - set(ids))

    # trajectories
    def _decode(self, key, raw, fields, read):
        """Parse + migrate + validate one stored envelope; CorruptEntryError otherwise."""
        try:
            try:
                text = storage_codec.decode(raw)
            except storage_codec.CodecError:  # damaged compressed text; the entry stays as it is
                raise CorruptEntryError(key, t("error.not_traject_entry")) from None
            try:
                data = parse_json_text(text, authenticated=getattr(self.store, "authenticated", False))
                if not isinstance(data, dict) or data.get("app") != APP:
                    raise ValidationError([])
                data = migrate(data)
                c = Checker()
                c.fields(data, "", fields)
                value = read(c, data)
                if c.problems:
                    raise ValidationError(c.problems)
            except ValidationError as exc:
                raise CorruptEntryError(key, str(exc) or t("error.not_traject_entry")) from None
        except CorruptEntryError as exc:
            self._checked[key] = (raw, exc.reason)
            raise
        self._checked[key] = (raw, None)
        return value

    def _decode_trajectory(self, key, raw):
        traj = self._decode(key, raw, ("app", "format_version", "exported_at", "trajectory"),
                            lambda c, data: _read_trajectory(c, data.get("trajectory"), "trajectory"))
        if traj is not None:
            self._written[key] = (raw, traj.revision)
        return traj

    def _stored_revision(self, traj_id, force):
        """Revision of the stored entry (None when absent). A stored entry that cannot be
        read is only overwritten with ``force`` (the app should offer to export it first)."""
        key = self.trajectory_key(traj_id)
        raw = self.store.get(key)
        if raw is None:
            return None
        known = self._written.get(key)
        if known is not None and known[0] == raw:
            return known[1]
        try:
            revision = json.loads(storage_codec.decode(raw))["trajectory"]["revision"]
        except (ValueError, TypeError, KeyError):  # CodecError is a ValueError
            revision = None
        if type(revision) is not int:
            if force:
                return None
            raise CorruptEntryError(key, t("error.overwrite_corrupt"))
        return revision

    def _entry_text(self, traj, stored, now, validate=True, body=None, keep_revision=False):
        """The stored text of ``traj`` with the next revision, validated; ``traj`` itself is
        not changed. Returns (text, revision, updated_at). Without ``validate`` (``traj`` was
        just read by the import) only the two values set here are checked, and a problem
        with them is reported by the full check. ``body``: ``trajectory_to_dict(traj)`` if
        the caller has it already (not changed here). ``keep_revision`` (a restore): the
        revision stays ``traj.revision`` unless a stored entry needs a higher one."""
        revision = (stored if stored is not None else traj.revision) + 1
        if keep_revision:
            revision = traj.revision if stored is None else max(stored + 1, traj.revision)
        updated_at = now if now is not None else traj.updated_at
        body = dict(body) if body is not None else trajectory_to_dict(traj)
        body["revision"], body["updated_at"] = revision, updated_at
        if validate or revision > MAX_REVISION or (now is not None and not is_timestamp(now)):
            trajectory_from_dict(body, "trajectory")  # refuse to store invalid data
        # check_circular=False: ~10% faster, and a dict fresh from trajectory_to_dict has no cycles
        text = json.dumps({"app": APP, "format_version": CURRENT_VERSION, "exported_at": updated_at,
                           "trajectory": body}, ensure_ascii=False, check_circular=False)
        return (storage_codec.encode(text) if self.compress else text), revision, updated_at

    def _prepare_entry(self, traj, now, force, validate=True, body=None, keep_revision=False):
        """``(key, text, revision, updated_at)`` of ``traj``'s entry, checked, not yet written."""
        stored = self._stored_revision(traj.id, force)
        _check_revision(traj.id, stored, traj, force)
        text, revision, updated_at = self._entry_text(traj, stored, now, validate, body, keep_revision)
        return self.trajectory_key(traj.id), text, revision, updated_at

    def _write_entry(self, traj, now, force, validate=True, body=None, keep_revision=False):
        key, text, revision, updated_at = self._prepare_entry(traj, now, force, validate, body, keep_revision)
        self._store_entry(traj, key, text, revision, updated_at)
        return text, revision

    def _store_entry(self, traj, key, text, revision, updated_at):
        self.store.set(key, text)
        self._written[key] = (text, revision)
        self._checked[key] = (text, None)
        self._handed.pop(key, None)
        traj.revision, traj.updated_at = revision, updated_at

    def save(self, traj, *, now=None, force=False):
        revision = self._write_entry(traj, now, force)[1]
        ids = self._index()
        if traj.id not in ids:
            self._write_index(ids + [traj.id])
        return revision

    def save_many(self, trajectories, *, now=None, force=False, validated=False, hand_over=False, bodies=None,
                  keep_revision=False):
        """Save several trajectories (an import) and update the index once. Stops at the
        first error (earlier entries stay written; the caller restores them if it must).

        ``validated``: the objects were just checked (read by ``import_backup``), so the
        check before writing is skipped; ``bodies`` (``Backup.bodies``: id -> the checked
        object from the file, equal to ``trajectory_to_dict``) saves building each dict
        again. ``hand_over``: the caller gives the objects to the
        repository and will not use them again; the next ``load`` of each returns that
        object instead of decoding what was just written (as long as the stored text is
        still exactly what was written), so reading everything back after an import is free.
        ``keep_revision``: a restore keeps the revision numbers of the file."""
        trajectories = list(trajectories)
        revisions = []
        prepared = [self._prepare_entry(traj, now, force, not validated, bodies.get(traj.id) if validated and bodies
                                        else None, keep_revision) for traj in trajectories]
        free = getattr(self.store, "free_chars", None)
        check_fits([(key, text) for key, text, _, _ in prepared], self.store.get, free() if free else None)
        try:
            for traj, (key, text, revision, updated_at) in zip(trajectories, prepared):
                self._store_entry(traj, key, text, revision, updated_at)
                revisions.append(revision)
                if hand_over:
                    self._handed[key] = (text, traj)
        except Exception:
            self._handed.clear()
            raise
        finally:
            ids = self._index()
            known = set(ids)
            new = [traj.id for traj in trajectories[:len(revisions)] if traj.id not in known]
            if new:
                self._write_index(ids + list(dict.fromkeys(new)))
        return revisions

    def entry_with_revision(self, key, before, after, event=None):
        """The stored text ``before`` of the trajectory entry ``key`` again, with the revision
        that follows the one in ``after`` (undo: earlier content, rising revision). The history
        keeps the 'undone' events of ``after`` and gains ``event`` (a model.Event) when given.
        Raises CorruptEntryError when either text cannot be read."""
        traj = self._decode_trajectory(key, before)
        current = self._decode_trajectory(key, after)
        undone = [e for e in current.events if e.kind == "undone"]  # later undos: those after the earlier ones
        traj.events.extend(undone[sum(1 for e in traj.events if e.kind == "undone"):])
        if event is not None:
            traj.events.append(event)
        return self._entry_text(traj, current.revision, None)[0]

    def saved_revision(self, trajectory_id):
        """The revision now stored for ``trajectory_id``: a string comparison when the stored
        text is exactly what this repository wrote, a full decode otherwise."""
        key = self.trajectory_key(trajectory_id)
        raw = self.store.get(key)
        known = self._written.get(key)
        if raw is not None and known is not None and known[0] == raw:
            return known[1]
        return self.load(trajectory_id).revision

    def load(self, trajectory_id):
        key = self.trajectory_key(trajectory_id)
        raw = self.store.get(key)
        if raw is None:
            raise NotFoundError(t("word.trajectory"), trajectory_id)
        handed = self._handed.pop(key, None)
        if handed is not None and handed[0] == raw:
            return handed[1]  # handed over by save_many and stored exactly so: no decode needed
        return self._decode_trajectory(key, raw)

    def delete(self, trajectory_id):
        key = self.trajectory_key(trajectory_id)
        if self.store.get(key) is None:
            raise NotFoundError(t("word.trajectory"), trajectory_id)
        self.store.remove(key)
        self._written.pop(key, None)
        self._checked.pop(key, None)
        self._handed.pop(key, None)
        self._write_index([i for i in self._index() if i != trajectory_id])

    # templates and settings
    def _write_envelope(self, key, field, value):
        data = {"app": APP, "format_version": CURRENT_VERSION, field: value}
        self.store.set(key, json.dumps(data, ensure_ascii=False))

    def save_templates(self, templates):
        own = [template_to_dict(x) for x in templates if not x.builtin]
        for i, item in enumerate(own):
            _read_or_raise(_read_template, item, index("templates", i))
        self._write_envelope(self.templates_key, "templates", own)

    def load_templates(self):
        raw = self.store.get(self.templates_key)
        if raw is None:
            return []

        def read(c, data):
            items = data.get("templates")
            if not isinstance(items, list):
                c.fail("templates", "type_list")
                return []
            return [_read_template(c, item, index("templates", i)) for i, item in enumerate(items)]

        return self._decode(self.templates_key, raw, ("app", "format_version", "templates"), read)

    def save_settings(self, settings):
        value = settings_to_dict(settings)
        _read_or_raise(_read_settings, value, "settings")
        self._write_envelope(self.settings_key, "settings", value)

    def load_settings(self):
        raw = self.store.get(self.settings_key)
        if raw is None:
            return Settings()
        return self._decode(self.settings_key, raw, ("app", "format_version", "settings"),
                            lambda c, data: _read_settings(c, data.get("settings"), "settings"))

    def unreadable_entries(self):
        """Entries in this namespace that cannot be read: key, raw text and the reason.
        An entry whose exact text was decoded before (e.g. by the load that just ran) is not
        decoded again."""
        result = []
        for key in sorted(self.store.keys()):
            if not key.startswith(self.prefix) or key == self.index_key:
                continue
            raw = self.store.get(key)
            checked = self._checked.get(key)
            if checked is not None and checked[0] == raw:
                if checked[1] is not None:
                    result.append(UnreadableEntry(key, raw, checked[1]))
                continue
            try:
                if key == self.templates_key:
                    self.load_templates()
                elif key == self.settings_key:
                    self.load_settings()
                elif key.startswith(self.trajectory_key("")):
                    self._decode_trajectory(key, raw)
            except CorruptEntryError as exc:
                result.append(UnreadableEntry(key, raw, exc.reason))
        return result


def _read_or_raise(reader, data, path):
    c = Checker()
    reader(c, data, path)
    if c.problems:
        raise ValidationError(c.problems)
