"""Turning a form's text into typed service arguments, with a Dutch message per field.

Views call these (the browser gives every value as text); a value that cannot be converted
raises :class:`~traject.errors.FieldError` keyed by the field's name, shown next to it.
"""

from ..dates import parse_date
from ..errors import FieldError


def text(values, name):
    """The stripped text of field ``name`` ('' when absent)."""
    value = values.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def choices(values, name):
    """All checked values of a multi-choice field (checkboxes), as a list of strings."""
    value = values.get(name, [])
    return list(value) if isinstance(value, list) else [value]


def whole_number(values, name, *, required=True):
    """An ``int`` from field ``name``; None when empty and not ``required``. Raises FieldError
    (``error.field_number``) for anything but digits (an optional leading minus)."""
    raw = text(values, name)
    if not raw and not required:
        return None
    digits = raw[1:] if raw.startswith("-") else raw
    if not digits.isdigit() or not digits.isascii():
        raise FieldError(name, "error.field_number")
    return int(raw)


def day(values, name, *, required=True):
    """A ``date`` from a ``YYYY-MM-DD`` field; None when empty and not ``required``. Raises
    FieldError (``error.field_date``) for a date that does not exist or is not filled in."""
    raw = text(values, name)
    if not raw and not required:
        return None
    parsed = parse_date(raw)
    if parsed is None:
        raise FieldError(name, "error.field_date")
    return parsed


def checked(values, name):
    """True when the checkbox ``name`` was ticked (value '1')."""
    return values.get(name) == "1"
