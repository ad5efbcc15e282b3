"""localStorage as the key-value store behind the domain's repository.

Writes are checked by reading them back; a refused write (quota full, storage
disabled) raises :class:`StoreWriteError` and leaves the previous value in place.
"""

import js


class StoreWriteError(Exception):
    """localStorage refused or lost a write; the previous stored value is intact."""


class LocalStorageStore:
    def __init__(self, storage=None):
        self.storage = storage if storage is not None else js.localStorage

    def get(self, key):
        value = self.storage.getItem(key)
        return value if isinstance(value, str) else None  # JS null arrives as jsnull

    def set(self, key, value):
        try:
            self.storage.setItem(key, value)
        except Exception as exc:  # QuotaExceededError and friends arrive as JsException
            raise StoreWriteError(str(exc)) from exc
        if self.get(key) != value:
            raise StoreWriteError("read-back mismatch")

    def remove(self, key):
        self.storage.removeItem(key)

    def keys(self):
        return [str(self.storage.key(index)) for index in range(self.storage.length)]
