"""A key-value store that remembers what each write replaced, so a unit of work can put
everything back (rollback) and the coach can take a change back (undo).

``JournalStore`` wraps any :class:`~traject.repository.KeyValueStore`. Between ``begin()``
and ``end()`` the first write or removal of each key records the value it replaced (``None``:
the key was absent). ``rollback(journal)`` writes those values back, last written first;
``Change`` keeps the values before and after one committed unit of work, for undo.
"""

from dataclasses import dataclass


@dataclass
class Change:
    """One committed unit of work: ``before``/``after`` map each written key to its stored
    text (``None``: absent). ``label`` names the coach's action (a catalogue key)."""
    label: str
    before: dict
    after: dict


class JournalStore:
    """A key-value store that journals what writes replace (see module docstring). Every
    other attribute is the wrapped store's (e.g. ``DictStore.data`` in tests)."""

    def __init__(self, inner):
        self.inner = inner
        self.journal = None  # dict key -> replaced text while a unit of work runs

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def begin(self):
        """Start recording; returns the journal (a dict filled by later writes)."""
        self.journal = {}
        return self.journal

    def end(self):
        """Stop recording."""
        self.journal = None

    def _remember(self, key):
        if self.journal is not None and key not in self.journal:
            self.journal[key] = self.inner.get(key)

    def get(self, key):
        return self.inner.get(key)

    def set(self, key, value):
        self._remember(key)
        self.inner.set(key, value)

    def remove(self, key):
        self._remember(key)
        self.inner.remove(key)

    def keys(self):
        return self.inner.keys()

    def put_back(self, values):
        """Write ``values`` (key -> text or None) as they are, without journaling them.
        Raises what the wrapped store raises (StorageWriteError)."""
        saved, self.journal = self.journal, None
        try:
            for key, raw in reversed(list(values.items())):
                if raw is None:
                    self.inner.remove(key)
                else:
                    self.inner.set(key, raw)
        finally:
            self.journal = saved

    def change(self, label, journal):
        """The :class:`Change` of a finished unit of work whose journal is ``journal``."""
        return Change(label, dict(journal), {key: self.inner.get(key) for key in journal})

    def unchanged_since(self, change):
        """True when every key of ``change`` still holds the text it had after it."""
        return all(self.inner.get(key) == raw for key, raw in change.after.items())
