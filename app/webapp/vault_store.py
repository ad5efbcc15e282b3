"""The key-value store behind the repository while the vault is unlocked.

localStorage is synchronous and Web Crypto is not, so: at unlock every encrypted entry is
decrypted into memory (``plain``, keyed by the plain key names the repository uses); reads
come from memory; a write changes memory at once and is encrypted and written to
localStorage (``<prefix>v:<name>``, read back) right after, in one batch per action.
:meth:`settled` tells when that is done: the app reports "Opgeslagen" only then. A batch that
cannot be written (quota, or another tab changed the same trajectory meanwhile) is undone
in localStorage and in memory, and ``on_failure`` is called.
"""

import asyncio

from traject.errors import StorageWriteError
from traject.repository import KeyValueStore
from traject.vault import encrypted_key, is_encrypted_key, plain_key

from . import crypto_adapter


class VaultConflict(StorageWriteError):
    """Another tab wrote the same trajectory since this tab last read it."""


class VaultStore(KeyValueStore):
    authenticated = True  # every entry was decrypted with AES-GCM, which fails on any change

    def __init__(self, backing, prefix, key, plain, raw):
        """``backing``: the LocalStorageStore; ``key``: the data key (CryptoKey);
        ``plain``: plain key -> decrypted text; ``raw``: encrypted key -> stored text."""
        self.backing = backing
        self.prefix = prefix
        self.key = key
        self.plain = plain
        self.committed = dict(plain)  # what localStorage holds, decrypted
        self.known = raw
        self.damaged = []  # encrypted keys that could not be decrypted (left as they are)
        self.on_failure = None  # callable(exception) after a batch was undone
        self._pending = {}
        self._task = None
        self._ok = True

    @classmethod
    async def open(cls, backing, prefix, key):
        """Decrypt every encrypted entry of ``backing`` (CryptoFailed for a wrong key)."""
        names = sorted(k for k in backing.keys() if is_encrypted_key(prefix, k))
        raw = {name: backing.get(name) for name in names}
        try:
            texts = await crypto_adapter.decrypt_texts(key, [raw[name] for name in names])
            damaged = []
        except crypto_adapter.CryptoFailed:
            texts, damaged = [], []
            for name in names:  # find the damaged ones; a wrong key fails on all of them
                try:
                    texts.extend(await crypto_adapter.decrypt_texts(key, [raw[name]]))
                except crypto_adapter.CryptoFailed:
                    texts.append(None)
                    damaged.append(name)
            if names and len(damaged) == len(names):
                raise
        plain = {plain_key(prefix, n): text for n, text in zip(names, texts) if text is not None}
        store = cls(backing, prefix, key, plain, raw)
        store.damaged = damaged
        return store

    # --- KeyValueStore --------------------------------------------------------------------
    def get(self, key):
        return self.plain.get(key)

    def set(self, key, value):
        if not isinstance(value, str):
            raise TypeError("values are strings")
        self.plain[key] = value
        self._queue(key, value)

    def remove(self, key):
        self.plain.pop(key, None)
        self._queue(key, None)

    def keys(self):
        return list(self.plain)

    # --- writing --------------------------------------------------------------------------
    def _queue(self, key, value):
        self._pending[key] = value
        if self._task is None or self._task.done():
            self._ok = True
            self._task = asyncio.ensure_future(self._flush())

    async def settled(self):
        """Wait until every write so far is in localStorage; True when all succeeded."""
        while self._task is not None and not self._task.done():
            await self._task
        return self._ok

    async def _flush(self):
        await asyncio.sleep(0)  # one batch for all writes of one action (an import)
        while self._pending:
            batch, self._pending = self._pending, {}
            try:
                await self._write(batch)
            except Exception as exc:  # noqa: BLE001 - quota, conflict, crypto: undone, reported
                self._ok = False
                for key in list(batch) + list(self._pending):
                    self._restore_plain(key)
                self._pending = {}
                if self.on_failure:
                    self.on_failure(exc)
                return

    def _restore_plain(self, key):
        if key in self.committed:
            self.plain[key] = self.committed[key]
        else:
            self.plain.pop(key, None)

    async def _write(self, batch):
        sets = [(k, v) for k, v in batch.items() if v is not None]
        values = await crypto_adapter.encrypt_texts(self.key, [v for _, v in sets])
        previous = {}
        try:
            for (key, text), raw in zip(sets, values):
                name = encrypted_key(self.prefix, key)
                self._check_unchanged(key, name)
                previous[name] = self.backing.get(name)
                self.backing.set(name, raw)  # reads back; StorageWriteError when refused
                self.known[name] = raw
            for key in [k for k, v in batch.items() if v is None]:
                name = encrypted_key(self.prefix, key)
                previous[name] = self.backing.get(name)
                self.backing.remove(name)
                self.known.pop(name, None)
        except Exception:
            for name, raw in previous.items():  # this batch: all or nothing
                if raw is None:
                    self.backing.remove(name)
                else:
                    self.backing.set(name, raw)
                self.known[name] = raw
            raise
        for key, value in batch.items():
            if value is None:
                self.committed.pop(key, None)
            else:
                self.committed[key] = value

    def _check_unchanged(self, key, name):
        """The conflict check of two tabs: a trajectory changed by another tab since this tab
        read it is not overwritten (the repository's revision check saw the old copy)."""
        if key.startswith(self.prefix + "t:") and self.backing.get(name) != self.known.get(name):
            raise VaultConflict("changed in another tab")

    async def take_stored(self, name, raw):
        """Another tab wrote ``name`` (an encrypted key): decrypt it into memory."""
        key = plain_key(self.prefix, name)
        if raw is None:
            self.plain.pop(key, None)
            self.committed.pop(key, None)
            self.known.pop(name, None)
            return
        text = (await crypto_adapter.decrypt_texts(self.key, [raw]))[0]
        self.plain[key] = self.committed[key] = text
        self.known[name] = raw

    def forget(self):
        """Drop every decrypted text and the key (locking)."""
        self.plain.clear()
        self.committed.clear()
        self.known.clear()
        self._pending.clear()
        self.key = None
