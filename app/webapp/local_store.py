"""localStorage as the key-value store behind the domain's repository.

Writes are checked by reading them back; a refused write (quota full, storage
disabled) raises the domain's :class:`~traject.errors.StorageWriteError` and leaves the
previous value in place.
Every change to the app's data is reported to :mod:`webapp.snapshot`, which keeps the
stored overview snapshot in step (or drops it); when the quota is full, the snapshot is
dropped to make room before a write is refused.
"""

import js

from traject.errors import StorageWriteError

from . import snapshot


def _watched(key):
    return key.startswith("traject:") and key != snapshot.KEY


class LocalStorageStore:
    def __init__(self, storage=None):
        self.storage = storage if storage is not None else js.localStorage

    def get(self, key):
        value = self.storage.getItem(key)
        return value if isinstance(value, str) else None  # JS null arrives as jsnull

    def set(self, key, value):
        try:
            try:
                self.storage.setItem(key, value)
            except Exception:  # noqa: BLE001 - full? the snapshot is the first thing to go
                if self.storage.getItem(snapshot.KEY) is None:
                    raise
                self.storage.removeItem(snapshot.KEY)
                self.storage.setItem(key, value)
        except Exception as exc:  # QuotaExceededError and friends arrive as JsException
            raise StorageWriteError(str(exc)) from exc
        if self.get(key) != value:
            raise StorageWriteError("read-back mismatch")
        if _watched(key):
            snapshot.data_changed()

    def remove(self, key):
        self.storage.removeItem(key)
        if _watched(key):
            snapshot.data_changed(removed=True)

    def keys(self):
        return [str(self.storage.key(index)) for index in range(self.storage.length)]
