"""Collects validation problems while reading untrusted JSON data.

Every reader takes the parent object, the field name and the parent's path, reports problems
with the full JSON path (e.g. ``trajectories[2].sessions[3].planned_date``) and returns the
value (or a harmless default) so reading can continue and report everything at once.
A path is only put together when there is a problem: a large backup has about a million
fields, nearly all of them fine.
"""

import math

from .dates import is_timestamp, parse_date
from .errors import ValidationError, problem

MISSING = object()
MAX_PROBLEMS = 1000  # reading stops here: a hostile file must not cost minutes and gigabytes
ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
MAX_ID = 64


def join(path, key):
    return f"{path}.{key}" if path else str(key)


def index(path, i):
    return f"{path}[{i}]"


class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, path, code, **params):
        self.problems.append(problem(path, code, **params))
        self._stop_when_full()

    def extend(self, problems):
        self.problems.extend(problems)
        self._stop_when_full()

    def _stop_when_full(self):
        if len(self.problems) >= MAX_PROBLEMS:
            raise ValidationError(self.problems + [problem("", "too_many_problems", max=MAX_PROBLEMS)])

    @property
    def ok(self):
        return not self.problems

    def fields(self, data, path, names):
        """Check that ``data`` is an object with exactly the fields ``names``."""
        if not isinstance(data, dict):
            self.fail(path, "not_object")
            return False
        if len(data) == len(names) and data.keys() == _keyset(names):
            return True
        for name in names:
            if name not in data:
                self.fail(join(path, name), "missing")
        for name in data:
            if name not in names:
                self.fail(join(path, _short(str(name))), "unknown_field")
        return True

    def text(self, data, key, path, max_len, nonempty=False):
        value = data.get(key, MISSING)
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            self.fail(join(path, key), "type_string")
            return ""
        if len(value) > max_len:
            self.fail(join(path, key), "too_long", length=len(value), max=max_len)
        elif nonempty and not value.strip():
            self.fail(join(path, key), "empty")
        return value

    def integer(self, data, key, path, low, high, nullable=False):
        value = data.get(key, MISSING)
        if value is MISSING or (nullable and value is None):
            return None if nullable else low
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(join(path, key), "type_int")
            return low
        if not low <= value <= high:
            self.fail(join(path, key), "range", value=_short(value), min=low, max=high)
        return value

    def boolean(self, data, key, path):
        value = data.get(key, MISSING)
        if value is not MISSING and not isinstance(value, bool):
            self.fail(join(path, key), "type_bool")
        return value is True

    def choice(self, data, key, path, options):
        value = data.get(key, MISSING)
        if value is MISSING:
            return options[0]
        if not isinstance(value, str) or value not in options:
            self.fail(join(path, key), "choice", value=_short(value), options=", ".join(o or '""' for o in options))
            return options[0]
        return value

    def date(self, data, key, path, nullable=False):
        value = data.get(key, MISSING)
        if value is MISSING or (nullable and value is None):
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.fail(join(path, key), "date", value=_short(value))
        return parsed

    def timestamp(self, data, key, path):
        value = data.get(key, MISSING)
        if value is MISSING:
            return ""
        if not is_timestamp(value):
            self.fail(join(path, key), "timestamp", value=_short(value))
            return ""
        return value

    def ident(self, data, key, path, nullable=False):
        value = data.get(key, MISSING)
        if value is MISSING or (nullable and value is None):
            return None if nullable else ""
        if not is_id(value):
            self.fail(join(path, key), "id_format", value=_short(value), max=MAX_ID)
            return ""
        return value

    def array(self, data, key, path, max_items):
        value = data.get(key, MISSING)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.fail(join(path, key), "type_list")
            return []
        if len(value) > max_items:
            self.fail(join(path, key), "too_many", count=len(value), max=max_items)
            return []
        return value

    def mapping(self, data, key, path, max_items):
        value = data.get(key, MISSING)
        if value is MISSING:
            return {}
        if not isinstance(value, dict):
            self.fail(join(path, key), "not_object")
            return {}
        if len(value) > max_items:
            self.fail(join(path, key), "too_many", count=len(value), max=max_items)
            return {}
        return value

    def unique(self, items, path, what="id"):
        """Report duplicates among (index, value) pairs; ``path`` is the list's path."""
        seen = set()
        for i, value in items:
            if value in seen:
                self.fail(join(index(path, i), what), "duplicate_id", value=value)
            seen.add(value)

    def plain_value(self, value, where, max_len):
        """A free JSON scalar (used for app settings): str, finite number, bool or null."""
        if value is None or isinstance(value, bool) or isinstance(value, int):
            return
        if isinstance(value, float):
            if not math.isfinite(value):
                self.fail(where, "type_scalar")
            return
        if isinstance(value, str):
            if len(value) > max_len:
                self.fail(where, "too_long", length=len(value), max=max_len)
            return
        self.fail(where, "type_scalar")


def is_id(value):
    return isinstance(value, str) and 0 < len(value) <= MAX_ID and ID_CHARS.issuperset(value)


_KEYSETS = {}


def _keyset(names):
    """``names`` (a tuple of field names) as a frozenset, made once per tuple."""
    keys = _KEYSETS.get(names)
    if keys is None:
        keys = _KEYSETS[names] = frozenset(names)
    return keys


def _short(value):
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
