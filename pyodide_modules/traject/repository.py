"""Storage (repository pattern).

``TrajectoryRepository`` is the abstract interface; ``InMemoryRepository`` keeps objects in
dicts (tests); ``KeyValueRepository`` stores JSON text in any key-value store (the browser
provides one on top of localStorage) under a namespace prefix:

    traject:index        JSON list of trajectory ids (creation order)
    traject:t:<id>       one trajectory, as a versioned file (see backup.to_json)
    traject:templates    the coach's own templates (a backup-like envelope)
    traject:settings     settings (a backup-like envelope)

Saving increments ``revision``. When the stored revision differs from the one being saved
(the trajectory was changed in another tab) a ConflictError is raised unless ``force=True``.
A stored entry that cannot be read raises CorruptEntryError and is not altered (saving over
it needs ``force=True``); ``unreadable_entries()`` lists such entries so the app can offer to
export them.
"""

import copy
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass

from .backup import APP, parse_json_text
from .checker import Checker, index
from .codec import (_read_settings, _read_template, _read_trajectory, settings_to_dict, template_to_dict,
                    trajectory_from_dict, trajectory_to_dict)
from .errors import ConflictError, CorruptEntryError, NotFoundError, ValidationError
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

    @abstractmethod
    def get(self, key):
        """The stored string, or None."""

    @abstractmethod
    def set(self, key, value):
        """Store a string."""

    @abstractmethod
    def remove(self, key):
        """Remove a key (no error when it is absent)."""

    @abstractmethod
    def keys(self):
        """All keys in the store (any namespace)."""


class DictStore(KeyValueStore):
    """A key-value store in a plain dict (tests, or a fallback without localStorage)."""

    def __init__(self, data=None):
        self.data = {} if data is None else data

    def get(self, key):
        return self.data.get(key)

    def set(self, key, value):
        if not isinstance(value, str):
            raise TypeError("values are strings")
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
    def __init__(self, store, prefix="traject:"):
        self.store = store
        self.prefix = prefix

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
            data = parse_json_text(raw)
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
        return value

    def _decode_trajectory(self, key, raw):
        return self._decode(key, raw, ("app", "format_version", "exported_at", "trajectory"),
                            lambda c, data: _read_trajectory(c, data.get("trajectory"), "trajectory"))

    def _stored_revision(self, traj_id, force):
        """Revision of the stored entry (None when absent). A stored entry that cannot be
        read is only overwritten with ``force`` (the app should offer to export it first)."""
        key = self.trajectory_key(traj_id)
        raw = self.store.get(key)
        if raw is None:
            return None
        try:
            revision = json.loads(raw)["trajectory"]["revision"]
        except (ValueError, TypeError, KeyError):
            revision = None
        if type(revision) is not int:
            if force:
                return None
            raise CorruptEntryError(key, t("error.overwrite_corrupt"))
        return revision

    def save(self, traj, *, now=None, force=False):
        stored = self._stored_revision(traj.id, force)
        _check_revision(traj.id, stored, traj, force)
        candidate = _prepare(traj, stored, now)
        data = {"app": APP, "format_version": CURRENT_VERSION, "exported_at": candidate.updated_at,
                "trajectory": trajectory_to_dict(candidate)}
        self.store.set(self.trajectory_key(traj.id), json.dumps(data, ensure_ascii=False))
        ids = self._index()
        if traj.id not in ids:
            self._write_index(ids + [traj.id])
        traj.revision, traj.updated_at = candidate.revision, candidate.updated_at
        return candidate.revision

    def load(self, trajectory_id):
        key = self.trajectory_key(trajectory_id)
        raw = self.store.get(key)
        if raw is None:
            raise NotFoundError(t("word.trajectory"), trajectory_id)
        return self._decode_trajectory(key, raw)

    def delete(self, trajectory_id):
        key = self.trajectory_key(trajectory_id)
        if self.store.get(key) is None:
            raise NotFoundError(t("word.trajectory"), trajectory_id)
        self.store.remove(key)
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
        """Entries in this namespace that cannot be read: key, raw text and the reason."""
        result = []
        for key in sorted(self.store.keys()):
            if not key.startswith(self.prefix) or key == self.index_key:
                continue
            raw = self.store.get(key)
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
