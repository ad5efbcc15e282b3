"""The vault: stored client data encrypted with a data key only the coach can unlock.

Pure Python (the cryptography runs in the browser's Web Crypto, ``app/crypto.js``). This
module holds the vault's record, the names of encrypted entries, the recovery key's text
form and the conversion between plain and encrypted storage, written so that an
interruption at any point (tab closed, quota full) loses nothing and never leaves a
half-converted store:

* the record ``<prefix>vault`` (plain JSON, no client data) says what is authoritative:
  absent: the plain entries; ``converting-on``: still the plain entries (the encrypted
  copies are being written beside them); ``on``: the encrypted entries ``<prefix>v:<name>``;
  ``converting-off``: still the encrypted entries (plain copies are being written);
* turning on: record ``converting-on`` -> write every encrypted copy -> record ``on`` (the
  switch, one write) -> remove the plain entries. Turning off: record ``converting-off`` ->
  write every plain entry -> remove the record (the switch) -> remove the encrypted copies;
* :func:`startup_plan` finishes or undoes whatever an interruption left, from the keys
  alone (no passphrase needed): it only ever removes copies that are not authoritative.
"""

import base64
import binascii
import json
from dataclasses import dataclass, replace

from .crypto_envelope import KdfParams, b64, read_kdf
from .errors import ValidationError, problem, user_error

FORMAT = "traject-vault"
VERSION = 1
META_NAME = "vault"
ENCRYPTED_NAME = "v:"
SNAPSHOT_NAME = "snapshot"
LOCAL_NAMES = ("notice:",)  # app-local flags without client data: never converted
STATES = ("converting-on", "on", "converting-off")
DEFAULT_IDLE_MINUTES = 15
MAX_IDLE_MINUTES = 240
RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters
STORED_MARKER = "x1:"  # an encrypted stored value: marker + packed (iv + ciphertext)


@dataclass(frozen=True)
class VaultMeta:
    """The vault's stored record. ``wrapped_key``: the data key wrapped (AES-KW) with the
    passphrase key (PBKDF2 ``kdf``); ``recovery_wrapped``: the same data key wrapped with
    the recovery key (HKDF-SHA256 with ``recovery_salt``)."""
    state: str
    kdf: KdfParams
    wrapped_key: bytes
    recovery_salt: bytes
    recovery_wrapped: bytes
    idle_minutes: int = DEFAULT_IDLE_MINUTES

    def to_json(self):
        """The record's stored text."""
        return json.dumps({"format": FORMAT, "version": VERSION, "state": self.state,
                           "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": self.kdf.iterations,
                                   "salt": b64(self.kdf.salt)},
                           "wrapped_key": b64(self.wrapped_key),
                           "recovery": {"kdf": "HKDF-SHA256", "salt": b64(self.recovery_salt),
                                        "wrapped_key": b64(self.recovery_wrapped)},
                           "idle_minutes": self.idle_minutes})

    def with_state(self, state):
        return replace(self, state=state)


def _bytes(value, path, problems):
    try:
        return base64.b64decode(str(value).encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        problems.append(problem(path, "crypto_base64"))
        return b""


def read_meta(text):
    """The vault record from its stored text, or None when there is none. A damaged record
    raises ValidationError (the encrypted data then stays untouched)."""
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        raise user_error("vault_record") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION \
            or data.get("state") not in STATES or not isinstance(data.get("recovery"), dict):
        raise user_error("vault_record")
    problems = []
    kdf = read_kdf(data.get("kdf"), "kdf", problems)
    wrapped = _bytes(data.get("wrapped_key"), "wrapped_key", problems)
    recovery = data["recovery"]
    salt = _bytes(recovery.get("salt"), "recovery.salt", problems)
    recovery_wrapped = _bytes(recovery.get("wrapped_key"), "recovery.wrapped_key", problems)
    idle = data.get("idle_minutes", DEFAULT_IDLE_MINUTES)
    if problems:
        raise ValidationError(problems)
    if type(idle) is not int or not 1 <= idle <= MAX_IDLE_MINUTES:
        idle = DEFAULT_IDLE_MINUTES
    return VaultMeta(data["state"], kdf, wrapped, salt, recovery_wrapped, idle)


def check_idle_minutes(text):
    """Minutes of idle time before the vault locks, from a form field (1..240)."""
    value = str(text).strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_IDLE_MINUTES:
        raise user_error("vault_idle", max=MAX_IDLE_MINUTES)
    return int(value)


# --- recovery key -------------------------------------------------------------------------

def format_recovery(data):
    """20 random bytes as the recovery key the coach writes down: 8 groups of 4 base32
    characters (A-Z, 2-7), e.g. ``ABCD-EFGH-…``."""
    text = base64.b32encode(bytes(data)).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery(text):
    """The recovery key's bytes from what the coach typed (spaces, dashes and case do not
    matter; 0/1/8 are read as O/I/B). Raises ValidationError."""
    cleaned = "".join(ch for ch in str(text).upper() if ch.isalnum()).translate(str.maketrans("018", "OIB"))
    try:
        data = base64.b32decode(cleaned)
    except (binascii.Error, ValueError):
        data = b""
    if len(data) != RECOVERY_BYTES:
        raise user_error("vault_recovery_format")
    return data


# --- key names --------------------------------------------------------------------------

def meta_key(prefix):
    return prefix + META_NAME


def encrypted_key(prefix, key):
    """``traject:t:abc`` -> ``traject:v:t:abc``."""
    return prefix + ENCRYPTED_NAME + key[len(prefix):]


def plain_key(prefix, key):
    """``traject:v:t:abc`` -> ``traject:t:abc``."""
    return prefix + key[len(prefix) + len(ENCRYPTED_NAME):]


def is_encrypted_key(prefix, key):
    return key.startswith(prefix + ENCRYPTED_NAME)


def is_plain_data_key(prefix, key):
    """Entries of the app's data (everything under ``prefix`` but the vault's own entries,
    the overview snapshot and app-local flags). All of them are encrypted in the vault."""
    if not key.startswith(prefix):
        return False
    name = key[len(prefix):]
    return not (name == META_NAME or name == SNAPSHOT_NAME or name.startswith(ENCRYPTED_NAME)
                or name.startswith(LOCAL_NAMES))


# --- start-up and conversions -------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """What start-up does: ``mode`` "plain" or "locked"; ``remove``: keys to remove (copies
    that are not authoritative); ``meta``: None (keep), "delete", or a state to write."""
    mode: str
    remove: tuple = ()
    meta: str = None


def startup_plan(state, keys, prefix):
    """Finish or undo an interrupted conversion. ``state``: the record's state or None."""
    keys = sorted(keys)
    encrypted = tuple(k for k in keys if is_encrypted_key(prefix, k))
    plain = tuple(k for k in keys if is_plain_data_key(prefix, k))
    if state is None:
        return Plan("plain", encrypted)  # copies left by turning off (or never switched on)
    if state == "converting-on":
        return Plan("plain", encrypted, "delete")  # the plain entries were never replaced
    if state == "converting-off":
        return Plan("locked", plain, "on")  # the encrypted entries are still authoritative
    return Plan("locked", plain)


def apply_plan(store, plan, prefix, meta=None):
    """Carry out a start-up plan on a key-value store; returns the plan's mode."""
    for key in plan.remove:
        store.remove(key)
    if plan.meta == "delete":
        store.remove(meta_key(prefix))
    elif plan.meta is not None:
        store.set(meta_key(prefix), meta.with_state(plan.meta).to_json())
    return plan.mode


async def turn_on(store, prefix, meta, encrypt_many, checkpoint=None):
    """Convert the plain entries of ``store`` to encrypted ones. ``encrypt_many``: an async
    function, list of plain texts -> list of stored texts. ``checkpoint(step)`` is called
    between the steps (tests interrupt there). Any exception leaves a store that
    :func:`startup_plan` brings back to the plain data."""
    checkpoint = checkpoint or (lambda step: None)
    keys = [k for k in sorted(store.keys()) if is_plain_data_key(prefix, k)]
    store.set(meta_key(prefix), meta.with_state("converting-on").to_json())
    checkpoint("marked")
    values = await encrypt_many([store.get(k) for k in keys])
    for key, value in zip(keys, values):
        store.set(encrypted_key(prefix, key), value)
        checkpoint("copied")
    store.set(meta_key(prefix), meta.with_state("on").to_json())
    checkpoint("switched")
    for key in keys:
        store.remove(key)
        checkpoint("removed")


def turn_off(store, prefix, meta, plain_values, checkpoint=None):
    """Convert back: ``plain_values`` is every decrypted entry (plain key -> text), as the
    unlocked app holds them. Same guarantees as :func:`turn_on`."""
    checkpoint = checkpoint or (lambda step: None)
    old = [k for k in sorted(store.keys()) if is_encrypted_key(prefix, k)]
    store.set(meta_key(prefix), meta.with_state("converting-off").to_json())
    checkpoint("marked")
    for key, value in sorted(plain_values.items()):
        store.set(key, value)
        checkpoint("copied")
    store.remove(meta_key(prefix))
    checkpoint("switched")
    for key in old:
        store.remove(key)
        checkpoint("removed")
