"""Encrypted backup files: a small JSON envelope around a normal Traject file.

The cryptography itself runs in the browser (Web Crypto, ``app/crypto.js``); this module
only builds and checks the envelope, so it runs under CPython and Pyodide alike. Published
as ``schema/encrypted-backup.schema.json``::

    {"format": "traject-encrypted", "version": 1,
     "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": <base64>},
     "key_wrap": "AES-KW",
     "wrapped_key": <base64: a fresh AES-256 file key, wrapped with the passphrase key>,
     "cipher": {"name": "AES-GCM", "length": 256, "iv": <base64, 12 bytes>},
     "ciphertext": <base64: the UTF-8 JSON of the backup or trajectory file, with the tag>}

The passphrase key (PBKDF2-SHA256 of the passphrase and salt) only wraps the file key; the
file key encrypts the content with AES-256-GCM. A wrong passphrase is detected by AES-KW's
integrity check, a damaged file by GCM's tag: either way nothing is imported.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from .errors import ValidationError, problem, user_error

FORMAT = "traject-encrypted"
VERSION = 1
MIN_ITERATIONS = 600_000  # OWASP's 2023 advice for PBKDF2-HMAC-SHA256
MAX_ITERATIONS = 10_000_000  # a file cannot make the browser work for minutes
DEFAULT_ITERATIONS = MIN_ITERATIONS
SALT_BYTES = 16
IV_BYTES = 12
WRAPPED_KEY_BYTES = 40  # AES-KW of a 32-byte key
TAG_BYTES = 16
MIN_PASSPHRASE = 8  # characters
ENVELOPE_FIELDS = ("format", "version", "kdf", "key_wrap", "wrapped_key", "cipher", "ciphertext")


class CryptoFailed(Exception):
    """The cryptography refused: a wrong passphrase or key, or damaged data (raised by the
    browser's adapter, ``app/webapp/crypto_adapter.py``)."""


@dataclass(frozen=True)
class KdfParams:
    """PBKDF2-SHA256 parameters: ``iterations`` (int) and ``salt`` (bytes)."""
    iterations: int
    salt: bytes


@dataclass(frozen=True)
class EncryptedFile:
    """A checked envelope: everything the browser needs to try a passphrase."""
    kdf: KdfParams
    wrapped_key: bytes
    iv: bytes
    ciphertext: bytes


def b64(data):
    """Bytes -> standard base64 text."""
    return base64.b64encode(bytes(data)).decode("ascii")


def _unb64(value, path, problems, size=None, min_size=0):
    if not isinstance(value, str):
        problems.append(problem(path, "crypto_base64"))
        return b""
    try:
        data = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        problems.append(problem(path, "crypto_base64"))
        return b""
    if (size is not None and len(data) != size) or len(data) < min_size:
        problems.append(problem(path, "crypto_length"))
    return data


def build_envelope(kdf, wrapped_key, iv, ciphertext):
    """The JSON-ready envelope dict. ``kdf``: KdfParams; the rest are bytes."""
    return {"format": FORMAT, "version": VERSION,
            "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": kdf.iterations, "salt": b64(kdf.salt)},
            "key_wrap": "AES-KW", "wrapped_key": b64(wrapped_key),
            "cipher": {"name": "AES-GCM", "length": 256, "iv": b64(iv)},
            "ciphertext": b64(ciphertext)}


def dumps_envelope(envelope):
    """The file's text (indented JSON, like plain backups)."""
    return json.dumps(envelope, indent=2)


def is_envelope(data):
    """True when ``data`` (parsed JSON) claims to be an encrypted Traject file."""
    return isinstance(data, dict) and data.get("format") == FORMAT


def looks_encrypted(text):
    """Cheap test on a file's text before parsing it all: the envelope's format marker near
    the start. A plain backup never has a top-level ``format`` field."""
    head = text[:400]
    return head.lstrip().startswith("{") and f'"{FORMAT}"' in head


def read_kdf(data, path, problems):
    """Check a ``kdf`` object (PBKDF2, SHA-256, iterations in range, salt of 16+ bytes)."""
    if not isinstance(data, dict):
        problems.append(problem(path, "crypto_field"))
        return KdfParams(0, b"")
    if data.get("name") != "PBKDF2" or data.get("hash") != "SHA-256":
        problems.append(problem(path, "crypto_unsupported"))
    iterations = data.get("iterations")
    if type(iterations) is not int or not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        problems.append(problem(f"{path}.iterations", "crypto_iterations", min=MIN_ITERATIONS, max=MAX_ITERATIONS))
        iterations = 0
    salt = _unb64(data.get("salt"), f"{path}.salt", problems, min_size=SALT_BYTES)
    return KdfParams(iterations, salt)


def read_envelope(data):
    """Check a parsed envelope; returns EncryptedFile or raises ValidationError (Dutch)."""
    if not is_envelope(data):
        raise user_error("crypto_not_envelope")
    if data.get("version") != VERSION:
        raise user_error("crypto_version", version=str(data.get("version"))[:20])
    problems = []
    missing = [name for name in ENVELOPE_FIELDS if name not in data]
    for name in missing:
        problems.append(problem(name, "missing"))
    if missing:
        raise ValidationError(problems)
    kdf = read_kdf(data["kdf"], "kdf", problems)
    cipher = data["cipher"]
    if data["key_wrap"] != "AES-KW" or not isinstance(cipher, dict) or cipher.get("name") != "AES-GCM" \
            or cipher.get("length") != 256:
        problems.append(problem("cipher", "crypto_unsupported"))
        cipher = {}
    wrapped = _unb64(data["wrapped_key"], "wrapped_key", problems, size=WRAPPED_KEY_BYTES)
    iv = _unb64(cipher.get("iv"), "cipher.iv", problems, size=IV_BYTES)
    ciphertext = _unb64(data["ciphertext"], "ciphertext", problems, min_size=TAG_BYTES)
    if problems:
        raise ValidationError(problems)
    return EncryptedFile(kdf, wrapped, iv, ciphertext)


def check_new_passphrase(passphrase, repeat):
    """A passphrase the coach chooses (typed twice). Returns it or raises ValidationError."""
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE:
        raise user_error("crypto_passphrase_short", min=MIN_PASSPHRASE)
    if passphrase != repeat:
        raise user_error("crypto_passphrase_mismatch")
    return passphrase
