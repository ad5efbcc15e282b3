"""The vault in the running app: start-up, unlock, lock, auto-lock, turning it on and off,
changing the passphrase, and encrypting backups.

Key material (the passphrase key and the data key) lives only here, in memory, as
non-extractable Web Crypto keys; locking drops them with every decrypted text. The formats
and the conversion steps are the domain's (:mod:`traject.vault`,
:mod:`traject.crypto_envelope`); the cryptography is ``app/crypto.js``.
"""

import gc
import json

import js
from pyodide.ffi import create_proxy

from traject import vault
from traject.crypto_envelope import (DEFAULT_ITERATIONS, SALT_BYTES, KdfParams, build_envelope,
                                     check_new_passphrase, dumps_envelope, read_envelope)
from traject.errors import StorageWriteError, ValidationError, user_error
from traject.repository import DictStore

from . import crypto_adapter, snapshot
from .local_store import LocalStorageStore
from .vault_store import VaultStore

PREFIX = "traject:"
CHECK_EVERY_MS = 15_000  # how often the idle time is checked


class Interrupted(BaseException):
    """Tests: the conversion stops here, as if the tab were closed (nothing cleans up)."""


class LockedStore(DictStore):
    """The store while locked: empty, and refusing every write."""

    def set(self, key, value):
        raise StorageWriteError("locked")


class Session:
    def __init__(self):
        self.meta = None  # VaultMeta while the vault is on
        self.kek = None  # the passphrase key, while unlocked
        self.store = None  # VaultStore, while unlocked
        self.timer = None
        self.checkpoint = None  # tests: a function(step) called between conversion steps

    @property
    def on(self):
        return self.meta is not None


SESSION = Session()


def _backing():
    return LocalStorageStore()


def _invalid(code, **params):
    return user_error(code, **params)


# --- start-up ------------------------------------------------------------------------------

def prepare():
    """Before loading: finish or undo an interrupted conversion (``traject.vault``), and
    tell whether the app starts "plain" or "locked". A damaged vault record also locks
    (nothing is removed; unlocking then reports the damage)."""
    backing = _backing()
    try:
        meta = vault.read_meta(backing.get(vault.meta_key(PREFIX)))
    except ValidationError:
        SESSION.meta = None
        snapshot.disable(True)
        return "damaged"
    plan = vault.startup_plan(meta.state if meta else None, backing.keys(), PREFIX)
    vault.apply_plan(backing, plan, PREFIX, meta)
    SESSION.meta = meta.with_state("on") if meta and plan.mode == "locked" else None
    snapshot.disable(SESSION.on)
    if SESSION.on:
        snapshot.drop()
    return plan.mode


def start_locked(app):
    """The app without data, waiting for the passphrase."""
    app.use_store(LockedStore())
    app.locked = True
    _show_lock_button(False)


# --- unlocking and locking -----------------------------------------------------------------

async def _open(app, data_key, kek):
    store = await VaultStore.open(_backing(), PREFIX, data_key)
    store.on_failure = lambda exc: _write_failed(app, exc)
    SESSION.store, SESSION.kek = store, kek
    app.use_store(store)
    app.locked = False
    app.ensure_loaded()
    _show_lock_button(True)
    _start_idle_timer(app)


async def unlock(app, passphrase):
    """Unlock with the passphrase; ValidationError (Dutch) when it is wrong."""
    meta = SESSION.meta
    if meta is None:
        raise _invalid("vault_record")
    kek = await crypto_adapter.derive_kek(passphrase, meta.kdf)
    try:
        data_key = await crypto_adapter.unwrap(kek, meta.wrapped_key)
    except crypto_adapter.CryptoFailed:
        raise _invalid("vault_wrong_passphrase") from None
    await _open(app, data_key, kek)


async def unlock_with_recovery(app, code, passphrase, repeat):
    """Unlock with the recovery key and choose a new passphrase (the old one is forgotten)."""
    meta = SESSION.meta
    secret = vault.parse_recovery(code)
    check_new_passphrase(passphrase, repeat)
    recovery = await crypto_adapter.recovery_kek(secret, meta.recovery_salt)
    try:
        data_key = await crypto_adapter.unwrap(recovery, meta.recovery_wrapped)
    except crypto_adapter.CryptoFailed:
        raise _invalid("vault_wrong_recovery") from None
    kek, kdf = await _new_kek(passphrase)
    wrapped = await crypto_adapter.rewrap(recovery, meta.recovery_wrapped, kek)
    _write_meta(vault.VaultMeta("on", kdf, wrapped, meta.recovery_salt, meta.recovery_wrapped, meta.idle_minutes))
    await _open(app, data_key, kek)


def lock(app):
    """Drop the keys and every client datum from the page and from Python's memory."""
    if SESSION.store is not None:
        SESSION.store.forget()
    SESSION.store = SESSION.kek = None
    _stop_idle_timer()
    app.flashes, app.conflict, app.shown, app.touched, app.dirty = [], None, None, set(), False
    start_locked(app)  # a new, empty unit of work: no data, no screen state, no undo history
    gc.collect()
    app.refresh()


def _show_lock_button(visible):
    button = js.document.getElementById("vault-lock")
    if button:
        button.hidden = not visible


def _write_failed(app, exc):
    """A batch of encrypted writes was undone: show storage as it is, say why."""
    from traject.messages import t

    from .vault_store import VaultConflict

    app.reload()
    app._status(t("ui.save.error"), "error")
    app.flash(t("ui.save.conflict" if isinstance(exc, VaultConflict) else "ui.save.quota"), "error")
    app.refresh()


# --- auto-lock -----------------------------------------------------------------------------

def _start_idle_timer(app):
    _stop_idle_timer()
    js.trajectCrypto.touch()

    def check():
        meta = SESSION.meta
        if meta is not None and not app.locked and js.trajectCrypto.idleMs() >= meta.idle_minutes * 60_000:
            lock(app)

    SESSION.timer = (js.setInterval(create_proxy(check), CHECK_EVERY_MS), check)


def _stop_idle_timer():
    if SESSION.timer is not None:
        js.clearInterval(SESSION.timer[0])
        SESSION.timer = None


# --- turning on and off, passphrase ------------------------------------------------------

async def _new_kek(passphrase):
    kdf = KdfParams(DEFAULT_ITERATIONS, crypto_adapter.random_bytes(SALT_BYTES))
    return await crypto_adapter.derive_kek(passphrase, kdf), kdf


def _write_meta(meta):
    _backing().set(vault.meta_key(PREFIX), meta.to_json())
    SESSION.meta = meta


def _checkpoint(step):
    if SESSION.checkpoint is not None:
        SESSION.checkpoint(step)
    stop = getattr(js.window, "trajectVaultStopAt", None)
    if isinstance(stop, str) and stop == step:
        raise Interrupted(step)  # tests: as if the tab closed here


async def turn_on(app, passphrase, repeat, idle_minutes):
    """Encrypt all stored data under a new data key; returns the recovery key's text (shown
    once). Stored data is converted so that an interruption loses nothing."""
    check_new_passphrase(passphrase, repeat)
    kek, kdf = await _new_kek(passphrase)
    secret = crypto_adapter.random_bytes(vault.RECOVERY_BYTES)
    recovery_salt = crypto_adapter.random_bytes(SALT_BYTES)
    recovery = await crypto_adapter.recovery_kek(secret, recovery_salt)
    data_key, (wrapped, recovery_wrapped) = await crypto_adapter.new_key([kek, recovery])
    meta = vault.VaultMeta("on", kdf, wrapped, recovery_salt, recovery_wrapped, idle_minutes)
    snapshot.disable(True)
    snapshot.drop()
    backing = _backing()

    async def encrypt_many(texts):
        return await crypto_adapter.encrypt_texts(data_key, texts)

    try:
        await vault.turn_on(backing, PREFIX, meta, encrypt_many, _checkpoint)
    except Exception:  # noqa: BLE001 - quota full: undo (or finish) as a new start would
        if prepare() == "plain":
            app.reload()
            raise _invalid("vault_convert_failed") from None
    SESSION.meta = meta
    await _open(app, data_key, kek)
    return vault.format_recovery(secret)


async def turn_off(app, passphrase):
    """Back to plain storage (the passphrase is asked again)."""
    await _verify(passphrase)
    store = SESSION.store
    if not await store.settled():
        raise _invalid("vault_busy")
    plain = dict(store.plain)
    backing = _backing()
    try:
        vault.turn_off(backing, PREFIX, SESSION.meta, plain, _checkpoint)
    except Exception:  # noqa: BLE001 - quota full: undo (or finish) as a new start would
        if prepare() != "plain":
            raise _invalid("vault_convert_failed") from None
    store.forget()
    SESSION.meta = SESSION.store = SESSION.kek = None
    _stop_idle_timer()
    _show_lock_button(False)
    snapshot.disable(False)
    app.use_store(backing)
    app.reload()


async def _verify(passphrase):
    meta = SESSION.meta
    kek = await crypto_adapter.derive_kek(passphrase, meta.kdf)
    try:
        await crypto_adapter.unwrap(kek, meta.wrapped_key)
    except crypto_adapter.CryptoFailed:
        raise _invalid("vault_wrong_passphrase") from None
    return kek


async def change_passphrase(current, passphrase, repeat):
    """Re-wrap the data key with a new passphrase: one small write."""
    check_new_passphrase(passphrase, repeat)
    old = await _verify(current)
    kek, kdf = await _new_kek(passphrase)
    meta = SESSION.meta
    wrapped = await crypto_adapter.rewrap(old, meta.wrapped_key, kek)
    _write_meta(vault.VaultMeta("on", kdf, wrapped, meta.recovery_salt, meta.recovery_wrapped, meta.idle_minutes))
    SESSION.kek = kek


def set_idle_minutes(minutes):
    meta = SESSION.meta
    _write_meta(vault.VaultMeta("on", meta.kdf, meta.wrapped_key, meta.recovery_salt, meta.recovery_wrapped, minutes))


def on_meta_changed():
    """Another tab turned the vault on or off or changed it: start again from storage."""
    js.location.reload()


# --- encrypted files -----------------------------------------------------------------------

async def _seal_text(kek, kdf, text):
    wrapped, iv, ciphertext = await crypto_adapter.seal(kek, text.encode("utf-8"))
    return dumps_envelope(build_envelope(kdf, wrapped, iv, ciphertext))


async def encrypt_with_passphrase(text, passphrase):
    """A backup file's text, encrypted with a passphrase the coach just chose."""
    kek, kdf = await _new_kek(passphrase)
    return await _seal_text(kek, kdf, text)


async def backup_text(text):
    """What a backup file holds: ``text`` itself with the vault off, its encrypted envelope
    (opened with the vault's passphrase) while the vault is on and unlocked. For every
    export, manual or automatic."""
    if not SESSION.on:
        return text
    if SESSION.kek is None:
        raise _invalid("vault_locked")
    return await _seal_text(SESSION.kek, SESSION.meta.kdf, text)


async def decrypt_file(text, passphrase):
    """The plain text inside an encrypted file. ValidationError (Dutch) for a damaged file or
    a wrong passphrase."""
    try:
        data = json.loads(text)
    except ValueError:
        raise _invalid("crypto_damaged") from None
    envelope = read_envelope(data)
    kek = await crypto_adapter.derive_kek(passphrase, envelope.kdf)
    try:
        plain = await crypto_adapter.open_sealed(kek, envelope.wrapped_key, envelope.iv, envelope.ciphertext)
    except crypto_adapter.CryptoFailed:
        raise _invalid("crypto_wrong_or_damaged") from None
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid("crypto_damaged") from None
