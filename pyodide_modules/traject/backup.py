"""Versioned JSON files: one trajectory, or a whole backup (trajectories + own templates +
settings). Envelope fields: ``app: "traject"``, ``format_version``, ``exported_at``.

Reading always migrates old versions, validates everything and either returns complete
objects or raises one ValidationError listing every problem with its JSON path.
"""

import json
from dataclasses import dataclass, field

from .capacity import MAX_IMPORT_CHARS
from .checker import Checker, index, join
from .codec import (_read_settings, _read_template, _read_trajectory, settings_to_dict,
                    template_to_dict, trajectory_to_dict)
from .dates import is_timestamp
from .errors import ValidationError, problem, user_error
from .migrations import CURRENT_VERSION, migrate
from .model import Settings
from .reader import read_json
from .templates import BUILTIN_IDS

APP = "traject"
MAX_TRAJECTORIES = 5000
MAX_TEMPLATES = 200
MAX_INPUT_CHARS = MAX_IMPORT_CHARS  # a full backup of what fits in storage, with margin (see capacity)
BACKUP_FIELDS = ("app", "format_version", "exported_at", "trajectories", "templates", "settings")
TRAJECTORY_FILE_FIELDS = ("app", "format_version", "exported_at", "trajectory")


@dataclass
class Backup:
    """What an import read. ``bodies`` holds each trajectory's object from the file, by id,
    exactly as checked: equal to ``trajectory_to_dict`` of the trajectory, so writing the
    import can dump it instead of building it again (see ``KeyValueRepository.save_many``)."""
    trajectories: list
    templates: list = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    exported_at: str = ""
    bodies: dict = field(default_factory=dict, repr=False, compare=False)
    has_settings: bool = field(default=False, compare=False)  # the file held settings (a full backup)


def _envelope(exported_at):
    return {"app": APP, "format_version": CURRENT_VERSION, "exported_at": exported_at}


def to_json(traj, exported_at):
    """One trajectory as a versioned, JSON-ready dict."""
    data = _envelope(exported_at)
    data["trajectory"] = trajectory_to_dict(traj)
    return data


def export_backup(trajectories, templates=(), settings=None, *, exported_at):
    """A whole backup as a versioned, JSON-ready dict. Built-in templates are not stored."""
    data = _envelope(exported_at)
    data["trajectories"] = [trajectory_to_dict(t) for t in trajectories]
    data["templates"] = [template_to_dict(t) for t in templates if not t.builtin]
    data["settings"] = settings_to_dict(settings or Settings())
    return data


def _start(data, names):
    """Common envelope checks + migration. Returns (checker, migrated data)."""
    if not isinstance(data, dict):
        raise ValidationError([problem("", "not_object")])
    if data.get("app") != APP:
        raise user_error("wrong_app")  # about the whole file, not a field in it
    data = migrate(data)
    c = Checker()
    c.fields(data, "", names)
    if "exported_at" in data and not is_timestamp(data["exported_at"]):
        c.fail("exported_at", "timestamp", value=str(data["exported_at"])[:40])
    return c, data


def from_json(data):
    """Read a single-trajectory file (a dict from json.loads). Raises ValidationError."""
    c, data = _start(data, TRAJECTORY_FILE_FIELDS)
    traj = _read_trajectory(c, data.get("trajectory", {}), "trajectory") if "trajectory" in data else None
    if c.problems:
        raise ValidationError(c.problems)
    return traj


def import_backup(data):
    """Read a backup (a dict from json.loads) into a Backup. Raises ValidationError."""
    c, data = _start(data, BACKUP_FIELDS)
    trajectories, templates, bodies = [], [], {}
    for i, item in enumerate(c.array(data, "trajectories", "", MAX_TRAJECTORIES)):
        traj = _read_trajectory(c, item, index("trajectories", i))
        trajectories.append(traj)
        if traj is not None:
            bodies[traj.id] = item
    c.unique([(i, t.id) for i, t in enumerate(trajectories) if t is not None and t.id], "trajectories")
    for i, item in enumerate(c.array(data, "templates", "", MAX_TEMPLATES)):
        template = _read_template(c, item, index("templates", i))
        if template is not None and template.id in BUILTIN_IDS:
            c.fail(join(index("templates", i), "id"), "builtin_id", value=template.id)
        templates.append(template)
    c.unique([(i, t.id) for i, t in enumerate(templates) if t is not None and t.id], "templates")
    settings = _read_settings(c, data.get("settings", {}), "settings") if "settings" in data else Settings()
    if c.problems:
        raise ValidationError(c.problems)
    return Backup(trajectories, templates, settings, data["exported_at"], bodies, has_settings="settings" in data)


def parse_json_text(source, max_chars=MAX_INPUT_CHARS, authenticated=False):
    """The JSON value of a file's ``source`` (bytes or str) through the one strict reader
    (:func:`traject.reader.read_json`; ``authenticated`` as there). Raises ValidationError with
    a Dutch message."""
    return read_json(source, max_chars, authenticated=authenticated)


def load_backup_text(source):
    return import_backup(parse_json_text(source))


def load_trajectory_text(source):
    return from_json(parse_json_text(source))


def read_import_text(source):
    """What the app's import accepts: a backup, or a single-trajectory file (an object with
    "trajectory" and no "trajectories"), as a Backup. ``source``: the file's bytes (decoded
    strictly by the reader) or text. Raises ValidationError."""
    data = parse_json_text(source)
    if isinstance(data, dict) and "trajectory" in data and "trajectories" not in data:
        return Backup([from_json(data)], [], Settings(), data.get("exported_at", ""))
    return import_backup(data)


def dumps(data):
    """JSON text of an exported dict (UTF-8 friendly, indented, stable key order)."""
    return json.dumps(data, ensure_ascii=False, indent=2)

