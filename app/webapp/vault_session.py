"""The vault in the running app: which store the app works on, unlock, lock, auto-lock,
and the vault's coach actions (``traject.services.vault``) with the browser's Web Crypto.

Key material (the passphrase key and the data key) lives only here, in memory, as
non-extractable Web Crypto keys; locking drops them with every decrypted text. The formats
and the conversion steps are the domain's (:mod:`traject.vault`,
:mod:`traject.crypto_envelope`), the actions are services, the cryptography is
``app/crypto.js`` (through :mod:`webapp.crypto_adapter`).
"""

import asyncio
import gc

import js
from pyodide.ffi import create_proxy

from traject.errors import StorageWriteError, user_error
from traject.messages import t
from traject.repository import DictStore
from traject.services import vault as service

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
        self.keys = None  # services.vault.Keys while unlocked
        self.store = None  # VaultStore, while unlocked
        self.timer = None
        self.locking = False  # the idle lock is saving what was typed first
        self.unsaved_lost = False  # the idle lock could not save what was typed

    @property
    def on(self):
        return self.meta is not None


SESSION = Session()


def _backing():
    return LocalStorageStore()


# --- start-up ------------------------------------------------------------------------------

def prepare():
    """Before loading: finish or undo an interrupted conversion, and tell whether the app
    starts "plain", "locked" or "damaged" (a vault record that cannot be read: locked, and
    nothing is removed)."""
    mode, SESSION.meta = service.start(_backing(), PREFIX)
    snapshot.disable(mode != "plain")
    if mode != "plain":
        snapshot.drop()
    return mode


def start_locked(app):
    """The app without data, waiting for the passphrase."""
    app.use_store(LockedStore())
    app.locked = True
    _show_lock_button(False)


# --- unlocking and locking -----------------------------------------------------------------

async def _open(app, keys):
    store = await VaultStore.open(_backing(), PREFIX, keys.data_key)
    store.on_failure = lambda exc: _write_failed(app, exc)
    SESSION.meta, SESSION.keys, SESSION.store = keys.meta, keys, store
    snapshot.disable(True)
    app.use_store(store)
    app.locked = False
    app.ensure_loaded()
    if SESSION.unsaved_lost:
        SESSION.unsaved_lost = False
        app.flash(t("ui.vault.unsaved_lost"), "warn")
    _show_lock_button(True)
    _start_idle_timer(app)


async def unlock(app, passphrase):
    """Unlock with the passphrase; ValidationError (Dutch) when it is wrong."""
    await _open(app, await service.unlock(crypto_adapter, SESSION.meta, passphrase=passphrase))


async def unlock_with_recovery(app, code, passphrase, repeat):
    """Unlock with the recovery key and choose a new passphrase."""
    keys = await service.unlock_with_recovery(_backing(), crypto_adapter, SESSION.meta, recovery=code,
                                              passphrase=passphrase, repeat=repeat)
    await _open(app, keys)


def lock(app):
    """Drop the keys and every client datum from the page and from Python's memory."""
    if SESSION.store is not None:
        SESSION.store.forget()
    SESSION.store = SESSION.keys = None
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
    """A batch of encrypted writes was undone: memory goes back to what is stored, the page
    keeps what the coach typed (saving again stores it), and says why."""
    from .vault_store import VaultConflict

    app.reload()
    app._status(t("ui.save.error"), "error")
    app.flash(t("ui.save.conflict" if isinstance(exc, VaultConflict) else "ui.save.quota"), "error")
    app.refresh(keep_form=True)


# --- auto-lock -----------------------------------------------------------------------------

def _start_idle_timer(app):
    _stop_idle_timer()
    js.trajectCrypto.touch()

    def check():
        meta = SESSION.meta
        if (meta is not None and not app.locked and not SESSION.locking
                and js.trajectCrypto.idleMs() >= meta.idle_minutes * 60_000):
            SESSION.locking = True
            asyncio.ensure_future(_lock_when_idle(app))

    SESSION.timer = (js.setInterval(create_proxy(check), CHECK_EVERY_MS), check)


async def _lock_when_idle(app):
    """The idle time is over: save what the coach typed (as the form's save button would,
    app/unsaved.js), then lock. When the app refuses it, lock all the same (the data must not
    stay open) and say so after the next unlock."""
    try:
        saved = True
        if app.dirty and hasattr(js.window, "trajectSaveTyped"):
            saved = bool(await js.window.trajectSaveTyped())
        if not app.locked:
            SESSION.unsaved_lost = not saved
            lock(app)
    finally:
        SESSION.locking = False


def _stop_idle_timer():
    if SESSION.timer is not None:
        js.clearInterval(SESSION.timer[0])
        SESSION.timer = None


# --- turning on and off, passphrase ------------------------------------------------------

def _checkpoint(step):
    stop = getattr(js.window, "trajectVaultStopAt", None)
    if isinstance(stop, str) and stop == step:
        raise Interrupted(step)  # tests: as if the tab closed here


async def turn_on(app, passphrase, repeat, idle_minutes):
    """Encrypt all stored data; returns the recovery key's text (shown once)."""
    snapshot.disable(True)
    snapshot.drop()
    try:
        keys, recovery = await service.turn_on(_backing(), crypto_adapter, passphrase=passphrase, repeat=repeat,
                                               idle_minutes=idle_minutes, checkpoint=_checkpoint)
    except Exception:
        snapshot.disable(False)
        app.reload()
        raise
    await _open(app, keys)
    return recovery


async def turn_off(app, passphrase):
    """Back to plain storage (the passphrase is asked again)."""
    store = SESSION.store
    if not await store.settled():
        raise user_error("vault_busy")
    await service.turn_off(_backing(), crypto_adapter, SESSION.meta, dict(store.plain), passphrase=passphrase,
                           checkpoint=_checkpoint)
    store.forget()
    SESSION.meta = SESSION.store = SESSION.keys = None
    _stop_idle_timer()
    _show_lock_button(False)
    snapshot.disable(False)
    app.use_store(_backing())
    app.reload()


async def change_passphrase(current, passphrase, repeat):
    """A new passphrase: one small write (the data key is re-wrapped)."""
    keys = await service.change_passphrase(_backing(), crypto_adapter, SESSION.meta, current=current,
                                           passphrase=passphrase, repeat=repeat)
    SESSION.meta, SESSION.keys = keys.meta, keys


def set_idle_minutes(minutes):
    SESSION.meta = service.set_idle_minutes(_backing(), SESSION.meta, minutes=minutes)
    if SESSION.keys is not None:
        SESSION.keys.meta = SESSION.meta


def on_meta_changed():
    """Another tab turned the vault on or off or changed it: start again from storage."""
    js.location.reload()


# --- encrypted files -----------------------------------------------------------------------

async def encrypt_with_passphrase(text, passphrase):
    """A backup file's text, encrypted with a passphrase the coach just chose."""
    return await service.encrypt_file(crypto_adapter, text, passphrase=passphrase)


async def backup_text(text):
    """What a backup file holds: ``text`` itself with the vault off, its encrypted envelope
    (opened with the vault's passphrase) while the vault is on and unlocked. For every
    export, manual or automatic."""
    if not SESSION.on:
        return text
    if SESSION.keys is None:
        raise user_error("vault_locked")
    return await service.encrypt_file(crypto_adapter, text, keys=SESSION.keys)


async def decrypt_file(text, passphrase):
    """The plain text inside an encrypted file (ValidationError in Dutch otherwise)."""
    return await service.decrypt_file(crypto_adapter, text, passphrase=passphrase)
