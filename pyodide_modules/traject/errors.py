"""Exception types. Every message is Dutch text from the catalogue."""

from dataclasses import dataclass

from .messages import t


@dataclass(frozen=True)
class Problem:
    """One problem found while validating: where (JSON path), what (code) and a Dutch message."""
    path: str
    code: str
    message: str

    def __str__(self):
        return self.message


class TrajectError(Exception):
    """Base class of all errors raised by this package."""


class ValidationError(TrajectError):
    """Input (a file, a form, new data) is not valid. ``problems`` lists every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = [p.message for p in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(t("error.more_problems", count=len(self.problems) - 20))
        super().__init__("\n".join(lines))

    @classmethod
    def single(cls, path, code, **params):
        return cls([problem(path, code, **params)])

    @property
    def fields(self):
        """``{field name: Dutch message}``: the first problem of each path, so a form can show
        each message next to its field (the path of an argument is its field name)."""
        result = {}
        for item in self.problems:
            result.setdefault(item.path, item.message)
        return result


class FieldError(ValidationError):
    """One form field is not valid: ``FieldError("session_number", "ui.goals.error_session")``
    raises the catalogue text of ``key`` for the field ``name``."""

    def __init__(self, name, key, **params):
        super().__init__([Problem(name, key, t(key, **params))])


class DomainError(TrajectError):
    """An action is not possible in the current state (e.g. changing a closed trajectory)."""

    def __init__(self, code, **params):
        self.code = code
        super().__init__(t("error." + code, **params))


class NotFoundError(TrajectError):
    def __init__(self, what, ident):
        self.ident = ident
        super().__init__(t("error.not_found", what=what, id=ident))


class ConflictError(TrajectError):
    """The stored revision differs from the one being saved (changed in another tab)."""

    def __init__(self, ident, stored, given):
        self.stored_revision = stored
        self.given_revision = given
        super().__init__(t("error.conflict", id=ident, stored=stored, given=given))


class StorageWriteError(TrajectError):
    """The browser's storage refused a write (quota full, storage disabled). The previous value
    is intact. Raised by key-value stores (see repository.KeyValueStore.set)."""

    def __init__(self, detail=""):
        self.detail = detail
        super().__init__(t("error.storage_write"))


class UnexpectedError(TrajectError):
    """A bug: an exception that no rule of the domain raises. The unit of work has undone every
    change; ``detail`` (English, technical) is for a bug report, never the coach's message."""

    def __init__(self, detail):
        self.detail = detail
        super().__init__(t("error.unexpected"))


class UndoError(TrajectError):
    """Nothing to undo, or what would be undone was changed since (in another tab)."""

    def __init__(self, code):
        self.code = code
        super().__init__(t("error.undo_" + code))


class CorruptEntryError(TrajectError):
    """A stored entry could not be read. The raw value is left untouched."""

    def __init__(self, key, reason):
        self.key = key
        self.reason = reason
        super().__init__(t("error.corrupt_entry", key=key, reason=reason))


def problem(path, code, **params):
    shown = path or t("error.root")
    return Problem(path, code, t("error." + code, path=shown, **params))
