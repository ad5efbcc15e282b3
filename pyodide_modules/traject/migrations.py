"""File format versions and migrations.

``CURRENT_VERSION`` is the version written by this code. ``MIGRATIONS[n]`` turns a version-n
file (a plain dict, before validation) into version n+1. Files from a newer version are
refused with a clear message.

Version history
- 1: a trajectory had the client's name as a flat string field ``client_name``.
- 2: the client is an object ``client: {name, email, phone}``.
- 3: every session has a ``start_time`` ("HH:MM"; older files had dates only and get the
  default 10:00); settings hold ``practice``, ``appointments``, ``contract`` and
  ``message_texts`` (older files get the defaults: empty practice details, 10:00, 60 minutes,
  reminders 1 day and 1 hour before, no price yet).
"""

import copy

from .checker import _short
from .errors import ValidationError, problem
from .practice import DEFAULT_START_TIME, SETTINGS_PART_FIELDS

CURRENT_VERSION = 3
OLDEST_VERSION = 1


def _each_trajectory(data, change):
    """Apply ``change`` to the trajectory of a single file and to each one of a backup."""
    if isinstance(data.get("trajectory"), dict):
        change(data["trajectory"])
    if isinstance(data.get("trajectories"), list):
        for traj in data["trajectories"]:
            change(traj)


def _v1_trajectory_to_v2(traj):
    if isinstance(traj, dict) and "client_name" in traj and "client" not in traj:
        traj["client"] = {"name": traj.pop("client_name"), "email": "", "phone": ""}


def migrate_1_to_2(data):
    _each_trajectory(data, _v1_trajectory_to_v2)
    data["format_version"] = 2
    return data


def _v2_trajectory_to_v3(traj):
    if isinstance(traj, dict) and isinstance(traj.get("sessions"), list):
        for session in traj["sessions"]:
            if isinstance(session, dict) and "start_time" not in session:
                session["start_time"] = DEFAULT_START_TIME


def migrate_2_to_3(data):
    """Sessions get the default start time; settings get the default practice parts."""
    from .codec import settings_to_dict
    from .model import Settings

    _each_trajectory(data, _v2_trajectory_to_v3)
    settings = data.get("settings")
    if isinstance(settings, dict):
        defaults = settings_to_dict(Settings())
        for name in SETTINGS_PART_FIELDS:
            settings.setdefault(name, defaults[name])
    data["format_version"] = 3
    return data


MIGRATIONS = {1: migrate_1_to_2, 2: migrate_2_to_3}


def migrate(data):
    """Return ``data`` upgraded to CURRENT_VERSION (a copy when anything changes).

    Raises ValidationError when the version is missing, not a number, too old or newer than
    this code understands. ``data`` must already be a dict."""
    version = data.get("format_version")
    if "format_version" not in data:
        raise ValidationError([problem("format_version", "missing")])
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError([problem("format_version", "type_int")])
    if version > CURRENT_VERSION:
        raise ValidationError([problem("format_version", "newer_version", found=_short(version),
                                       supported=CURRENT_VERSION)])
    if version < OLDEST_VERSION:
        raise ValidationError([problem("format_version", "old_version", found=_short(version), oldest=OLDEST_VERSION)])
    if version == CURRENT_VERSION:
        return data
    try:
        data = copy.deepcopy(data)
    except RecursionError:  # nested deeper than copying allows
        raise ValidationError([problem("", "invalid_json_value")]) from None
    while data["format_version"] < CURRENT_VERSION:
        data = MIGRATIONS[data["format_version"]](data)
    return data
