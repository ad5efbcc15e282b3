"""Versioned JSON files: one trajectory, or a whole backup (trajectories + own templates +
settings). Envelope fields: ``app: "traject"``, ``format_version``, ``exported_at``.

Reading always migrates old versions, validates everything and either returns complete
objects or raises one ValidationError listing every problem with its JSON path.
"""

import json
import re
from dataclasses import dataclass, field

from .checker import Checker, index, join
from .codec import (_read_settings, _read_template, _read_trajectory, settings_to_dict,
                    template_to_dict, trajectory_to_dict)
from .dates import is_timestamp
from .errors import ValidationError, problem
from .migrations import CURRENT_VERSION, migrate
from .model import Settings
from .templates import BUILTIN_IDS

APP = "traject"
MAX_TRAJECTORIES = 5000
MAX_TEMPLATES = 200
MAX_INPUT_CHARS = 40_000_000  # about 40 MB: a full backup of what fits in localStorage (compressed)
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
        raise ValidationError([problem("app", "wrong_app", value=str(data.get("app"))[:40])])
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


def _reject_constant(name):
    raise ValueError(name)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_CHUNK = 1 << 20


def _has_surrogate(text):
    """True when ``text`` holds a surrogate code point (U+D800..U+DFFF). The strict UTF-16
    encoder refuses exactly those and is about ten times faster than a regular expression in
    Pyodide; it runs on slices so a large file costs little extra memory."""
    for start in range(0, len(text), _CHUNK):
        try:
            text[start:start + _CHUNK].encode("utf-16-le")
        except UnicodeEncodeError:
            return True
    return False


def _has_lone_surrogate(data):
    """True when a string (or key) holds a surrogate code point: valid in JSON escapes
    (``"\\ud800"``) but not text; it cannot be stored or exported as UTF-8."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def parse_json_text(text, max_chars=MAX_INPUT_CHARS):
    """json.loads with Dutch errors for empty, too large or invalid input."""
    if not isinstance(text, str):
        raise ValidationError([problem("", "not_text")])
    if len(text) > max_chars:
        raise ValidationError([problem("", "too_large", size=len(text), max=max_chars)])
    if not text or text.isspace():  # (not text.strip(), without copying a large file)
        raise ValidationError([problem("", "empty_file")])
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError([problem("", "invalid_json", line=exc.lineno, column=exc.colno)]) from None
    except (ValueError, RecursionError):
        raise ValidationError([problem("", "invalid_json_value")]) from None
    if (_has_surrogate(text) or _SURROGATE_ESCAPE.search(text)) and _has_lone_surrogate(data):
        raise ValidationError([problem("", "invalid_text")])
    return data


def load_backup_text(text):
    return import_backup(parse_json_text(text))


def load_trajectory_text(text):
    return from_json(parse_json_text(text))


def read_import_text(text):
    """What the app's import accepts: the text of a backup, or of a single-trajectory file
    (an object with "trajectory" and no "trajectories"), as a Backup. Raises ValidationError."""
    data = parse_json_text(text)
    if isinstance(data, dict) and "trajectory" in data and "trajectories" not in data:
        return Backup([from_json(data)], [], Settings(), data.get("exported_at", ""))
    return import_backup(data)


def dumps(data):
    """JSON text of an exported dict (UTF-8 friendly, indented, stable key order)."""
    return json.dumps(data, ensure_ascii=False, indent=2)

