"""Automatic backups to a folder the coach chose: which files to write, which old copies
to remove, and which file to restore from. Pure rules; the folder I/O is the browser's.

The folder holds ``traject-backup.json`` (always the newest backup) and one dated copy per
day, ``traject-backup-YYYY-MM-DD.json`` (the coach's local date). Of the dated copies the
newest :data:`KEEP_DAILY` stay; only files whose name is exactly such a dated copy are ever
removed, so the coach's own files in the same folder are never touched.
"""

import re
from datetime import date

LATEST_NAME = "traject-backup.json"
KEEP_DAILY = 30
DEBOUNCE_MS = 10_000  # write this long after the last change
_DATED = re.compile(r"^traject-backup-(\d{4})-(\d{2})-(\d{2})\.json$")


def dated_name(day):
    """``date`` -> the name of that day's copy, e.g. ``traject-backup-2026-12-01.json``."""
    return f"traject-backup-{day.isoformat()}.json"


def dated_day(name):
    """The day of a dated copy's file name, or None for any other name (also for a name
    that looks dated but is no real date, such as ``traject-backup-2026-02-30.json``)."""
    found = _DATED.match(name)
    if not found:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def names_to_remove(names, keep=KEEP_DAILY):
    """The dated copies among ``names`` (file names in the folder) beyond the newest
    ``keep``, oldest first. Other names are never returned."""
    dated = sorted((day, name) for name in names if (day := dated_day(name)) is not None)
    surplus = len(dated) - keep
    return [name for _, name in dated[:surplus]] if surplus > 0 else []


def newest_backup_name(names):
    """The file to restore from: ``traject-backup.json`` when present (every write replaces
    it), otherwise the newest dated copy; None when the folder holds neither."""
    names = list(names)
    if LATEST_NAME in names:
        return LATEST_NAME
    dated = sorted((day, name) for name in names if (day := dated_day(name)) is not None)
    return dated[-1][1] if dated else None


def latest_stamp(*stamps):
    """The latest of the instants given (as given; compared as instants with their offsets, see
    :mod:`traject.instants`; None, "" and unreadable stamps ignored), or None."""
    from .instants import parse

    readable = [(parse(stamp), stamp) for stamp in stamps if stamp]
    readable = [pair for pair in readable if pair[0] is not None]
    return max(readable, key=lambda pair: pair[0])[1] if readable else None

