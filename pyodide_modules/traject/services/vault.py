"""Services: the vault (turn on and off, unlock with the passphrase or the recovery key,
change the passphrase, the auto-lock time) and encrypted backup files.

These actions work beneath the unit of work: they convert or unlock the key-value
``store`` itself (localStorage in the browser), so the app then opens a new unit of work
over the result. The cryptography is passed in as ``crypto`` (``app/webapp/crypto_adapter``
over Web Crypto; a fake in the CPython tests), an object with the async functions
``derive_kek(passphrase, kdf)``, ``recovery_kek(secret, salt)``, ``new_key(keks)`` ->
(key, [wrapped]), ``unwrap(kek, wrapped)``, ``rewrap(old_kek, wrapped, new_kek)``,
``encrypt_texts(key, texts)``, ``seal(kek, data)`` -> (wrapped, iv, ciphertext),
``open_sealed(kek, wrapped, iv, ciphertext)``, and ``random_bytes(n)``; a refused key or
damaged data raises :class:`~traject.crypto_envelope.CryptoFailed`. Keys are opaque objects.
Every refusal is a :class:`~traject.errors.ValidationError` with Dutch text; nothing stored
changes then.
"""

import json
from dataclasses import dataclass

from .. import vault
from ..crypto_envelope import (DEFAULT_ITERATIONS, SALT_BYTES, CryptoFailed, KdfParams, build_envelope,
                               check_new_passphrase, dumps_envelope, read_envelope)
from ..errors import user_error

PREFIX = "traject:"


@dataclass
class Keys:
    """An unlocked vault: its record, the passphrase key (None after a recovery-key unlock
    until a new passphrase is set) and the data key."""
    meta: vault.VaultMeta
    kek: object
    data_key: object


def start(store, prefix=PREFIX):
    """At start-up: finish or undo an interrupted conversion. Returns (mode, record): mode
    "plain", "locked", or "damaged" (a record that cannot be read; nothing is removed)."""
    try:
        meta = vault.read_meta(store.get(vault.meta_key(prefix)))
    except Exception:  # noqa: BLE001 - ValidationError: the encrypted data stays untouched
        return "damaged", None
    plan = vault.startup_plan(meta.state if meta else None, store.keys(), prefix)
    mode = vault.apply_plan(store, plan, prefix, meta)
    return mode, (meta.with_state("on") if meta and mode == "locked" else None)


async def _new_kek(crypto, passphrase):
    kdf = KdfParams(DEFAULT_ITERATIONS, crypto.random_bytes(SALT_BYTES))
    return await crypto.derive_kek(passphrase, kdf), kdf


def _write_meta(store, meta, prefix):
    store.set(vault.meta_key(prefix), meta.to_json())
    return meta


async def turn_on(store, crypto, *, passphrase: str, repeat: str, idle_minutes: int, prefix=PREFIX,
                  checkpoint=None):
    """Encrypt everything stored under a new random data key. Returns (Keys, the recovery
    key's text, shown once). An interruption or a full quota loses nothing (see
    :mod:`traject.vault`); a failure leaves the data as it was and raises ValidationError."""
    check_new_passphrase(passphrase, repeat)
    if not 1 <= idle_minutes <= vault.MAX_IDLE_MINUTES:
        raise user_error("vault_idle", max=vault.MAX_IDLE_MINUTES)
    kek, kdf = await _new_kek(crypto, passphrase)
    secret, salt = crypto.random_bytes(vault.RECOVERY_BYTES), crypto.random_bytes(SALT_BYTES)
    recovery = await crypto.recovery_kek(secret, salt)
    data_key, (wrapped, recovery_wrapped) = await crypto.new_key([kek, recovery])
    meta = vault.VaultMeta("on", kdf, wrapped, salt, recovery_wrapped, idle_minutes)

    async def encrypt_many(texts):
        return await crypto.encrypt_texts(data_key, texts)

    try:
        await vault.turn_on(store, prefix, meta, encrypt_many, checkpoint)
    except Exception:  # noqa: BLE001 - quota full: undo, or finish when it had switched over
        if start(store, prefix)[0] != "locked":
            raise user_error("vault_convert_failed") from None
    return Keys(meta, kek, data_key), vault.format_recovery(secret)


async def verify(crypto, meta, passphrase: str):
    """The passphrase key when ``passphrase`` opens the vault; ValidationError otherwise."""
    kek = await crypto.derive_kek(passphrase, meta.kdf)
    try:
        data_key = await crypto.unwrap(kek, meta.wrapped_key)
    except CryptoFailed:
        raise user_error("vault_wrong_passphrase") from None
    return Keys(meta, kek, data_key)


async def unlock(crypto, meta, *, passphrase: str):
    """Unlock with the passphrase: the keys, or ValidationError ("klopt niet")."""
    if meta is None:
        raise user_error("vault_record")
    return await verify(crypto, meta, passphrase)


async def unlock_with_recovery(store, crypto, meta, *, recovery: str, passphrase: str, repeat: str,
                               prefix=PREFIX):
    """Unlock with the recovery key and set a new passphrase (one small write)."""
    if meta is None:
        raise user_error("vault_record")
    secret = vault.parse_recovery(recovery)
    check_new_passphrase(passphrase, repeat)
    recovery_kek = await crypto.recovery_kek(secret, meta.recovery_salt)
    try:
        data_key = await crypto.unwrap(recovery_kek, meta.recovery_wrapped)
    except CryptoFailed:
        raise user_error("vault_wrong_recovery") from None
    kek, kdf = await _new_kek(crypto, passphrase)
    wrapped = await crypto.rewrap(recovery_kek, meta.recovery_wrapped, kek)
    new = vault.VaultMeta("on", kdf, wrapped, meta.recovery_salt, meta.recovery_wrapped, meta.idle_minutes)
    return Keys(_write_meta(store, new, prefix), kek, data_key)


async def change_passphrase(store, crypto, meta, *, current: str, passphrase: str, repeat: str, prefix=PREFIX):
    """Re-wrap the data key with a new passphrase; the data itself is not touched."""
    check_new_passphrase(passphrase, repeat)
    old = await verify(crypto, meta, current)
    kek, kdf = await _new_kek(crypto, passphrase)
    wrapped = await crypto.rewrap(old.kek, meta.wrapped_key, kek)
    new = vault.VaultMeta("on", kdf, wrapped, meta.recovery_salt, meta.recovery_wrapped, meta.idle_minutes)
    return Keys(_write_meta(store, new, prefix), kek, old.data_key)


def set_idle_minutes(store, meta, *, minutes: int, prefix=PREFIX):
    """Lock after ``minutes`` (1-240) without input; returns the new record."""
    if not 1 <= minutes <= vault.MAX_IDLE_MINUTES:
        raise user_error("vault_idle", max=vault.MAX_IDLE_MINUTES)
    new = vault.VaultMeta("on", meta.kdf, meta.wrapped_key, meta.recovery_salt, meta.recovery_wrapped, minutes)
    return _write_meta(store, new, prefix)


async def turn_off(store, crypto, meta, plain_values, *, passphrase: str, prefix=PREFIX, checkpoint=None):
    """Store everything plainly again (the passphrase is asked once more). ``plain_values``:
    every decrypted entry, as the unlocked app holds them."""
    await verify(crypto, meta, passphrase)
    try:
        vault.turn_off(store, prefix, meta, plain_values, checkpoint)
    except Exception:  # noqa: BLE001 - quota full: the vault stays as it was (or is finished)
        if start(store, prefix)[0] != "plain":
            raise user_error("vault_convert_failed") from None


async def encrypt_file(crypto, text: str, *, passphrase: str = None, keys: Keys = None):
    """An encrypted file (envelope text) of ``text``: with a new ``passphrase``, or with an
    unlocked vault's passphrase key (``keys``; its salt and iterations go in the envelope)."""
    if keys is not None:
        kek, kdf = keys.kek, keys.meta.kdf
    else:
        kek, kdf = await _new_kek(crypto, passphrase)
    wrapped, iv, ciphertext = await crypto.seal(kek, text.encode("utf-8"))
    return dumps_envelope(build_envelope(kdf, wrapped, iv, ciphertext))


async def decrypt_file(crypto, text: str, *, passphrase: str):
    """The plain text inside an encrypted file; ValidationError for a damaged file or a
    wrong passphrase (the two cannot be told apart)."""
    try:
        data = json.loads(text)
    except ValueError:
        raise user_error("crypto_damaged") from None
    envelope = read_envelope(data)
    kek = await crypto.derive_kek(passphrase, envelope.kdf)
    try:
        plain = await crypto.open_sealed(kek, envelope.wrapped_key, envelope.iv, envelope.ciphertext)
        return plain.decode("utf-8")
    except (CryptoFailed, UnicodeDecodeError):
        raise user_error("crypto_wrong_or_damaged") from None
