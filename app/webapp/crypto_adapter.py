"""Python's side of ``app/crypto.js`` (Web Crypto): bytes in and out, Dutch-safe errors.

Keys are JS ``CryptoKey`` objects held as proxies; they never become Python bytes. Every
function is async because Web Crypto is; a refused operation (wrong key, damaged data)
raises :class:`CryptoFailed`.
"""

import js
from pyodide.ffi import JsException, to_js

from traject.crypto_envelope import CryptoFailed
from traject.storage_codec import CodecError, pack_bytes, unpack_bytes
from traject.vault import STORED_MARKER


def _api():
    return js.window.trajectCrypto


def _js_bytes(data):
    return to_js(memoryview(bytes(data)))


def _py_bytes(value):
    return value.to_bytes()


async def _call(name, *args):
    try:
        return await getattr(_api(), name)(*args)
    except JsException as exc:
        raise CryptoFailed(str(exc)) from None


def random_bytes(count):
    """``count`` bytes from the browser's cryptographic random source."""
    return _py_bytes(_api().randomBytes(count))


async def derive_kek(passphrase, kdf):
    """The key-encryption key of a passphrase (PBKDF2-SHA256, ``kdf``: KdfParams)."""
    return await _call("deriveKek", passphrase, _js_bytes(kdf.salt), kdf.iterations)


async def recovery_kek(secret, salt):
    return await _call("recoveryKek", _js_bytes(secret), _js_bytes(salt))


async def new_key(keks):
    """A fresh non-extractable AES-256-GCM key and its wrapped forms (one per KEK)."""
    result = await _call("newKey", to_js(list(keks)))
    return result.key, [_py_bytes(item) for item in result.wrapped]


async def unwrap(kek, wrapped):
    return await _call("unwrap", kek, _js_bytes(wrapped))


async def rewrap(old_kek, wrapped, new_kek):
    return _py_bytes(await _call("rewrap", old_kek, _js_bytes(wrapped), new_kek))


async def seal(kek, data):
    """Encrypt ``data`` (bytes) under a fresh key wrapped with ``kek``: (wrapped, iv, ciphertext)."""
    result = await _call("seal", kek, _js_bytes(data))
    sealed = _py_bytes(result.data)
    return _py_bytes(result.wrapped), sealed[:12], sealed[12:]


async def open_sealed(kek, wrapped, iv, ciphertext):
    return _py_bytes(await _call("open", kek, _js_bytes(wrapped), _js_bytes(iv + ciphertext)))


async def encrypt_texts(key, texts):
    """Stored values (``x1:`` + packed iv and ciphertext) of plain stored texts. The text is
    encrypted as UTF-16 (what localStorage holds: compact for compressed entries)."""
    items = to_js([memoryview(text.encode("utf-16-le", "surrogatepass")) for text in texts])
    sealed = await _call("encryptMany", key, items)
    return [STORED_MARKER + pack_bytes(_py_bytes(item)) for item in sealed]


def _unpacked(value):
    if not isinstance(value, str) or not value.startswith(STORED_MARKER):
        raise CryptoFailed("not an encrypted value")
    try:
        return unpack_bytes(value[len(STORED_MARKER):])
    except CodecError as exc:
        raise CryptoFailed(str(exc)) from None


async def decrypt_texts(key, values):
    """The plain stored texts of encrypted stored values (all or CryptoFailed)."""
    items = to_js([memoryview(_unpacked(value)) for value in values])
    plain = await _call("decryptMany", key, items)
    return [_py_bytes(item).decode("utf-16-le", "surrogatepass") for item in plain]
