"""The vault's coach actions (traject.services.vault) with a stand-in for Web Crypto: turning
on and off, unlocking with the passphrase or the recovery key, changing the passphrase, the
auto-lock time, and encrypted files. Wrong input never changes what is stored."""

import asyncio
import concurrent.futures
import hashlib
import hmac
import json
import os

import pytest

from traject import vault
from traject.crypto_envelope import CryptoFailed, read_envelope
from traject.errors import ValidationError
from traject.repository import DictStore
from traject.services import vault as service

PASS, NEW = "een lange wachtwoordzin", "nog een andere zin"
PLAIN = {"traject:index": '["a"]', "traject:t:a": '{"client": "Anna Geheim"}', "traject:settings": "{}"}


class FakeCrypto:
    """Deterministic stand-in: keys are bytes, 'encryption' is XOR with a SHA-256 stream plus
    an HMAC tag, so a wrong key or damaged data fails as in Web Crypto."""

    def random_bytes(self, n):
        return os.urandom(n)

    @staticmethod
    def _stream(key, n):
        out, counter = b"", 0
        while len(out) < n:
            out += hashlib.sha256(key + counter.to_bytes(8, "big")).digest()
            counter += 1
        return out[:n]

    def _seal(self, key, data):
        body = bytes(a ^ b for a, b in zip(data, self._stream(key, len(data))))
        return body + hmac.new(key, body, "sha256").digest()[:16]

    def _open(self, key, sealed):
        body, tag = sealed[:-16], sealed[-16:]
        if not hmac.compare_digest(hmac.new(key, body, "sha256").digest()[:16], tag):
            raise CryptoFailed("tag")
        return bytes(a ^ b for a, b in zip(body, self._stream(key, len(body))))

    async def derive_kek(self, passphrase, kdf):
        return hashlib.pbkdf2_hmac("sha256", passphrase.encode(), kdf.salt, 1000)

    async def recovery_kek(self, secret, salt):
        return hashlib.sha256(salt + secret).digest()

    async def new_key(self, keks):
        key = os.urandom(32)
        return key, [self._seal(kek, key) for kek in keks]

    async def unwrap(self, kek, wrapped):
        return self._open(kek, wrapped)

    async def rewrap(self, old, wrapped, new):
        return self._seal(new, self._open(old, wrapped))

    async def encrypt_texts(self, key, texts):
        return [vault.STORED_MARKER + self._seal(key, t.encode()).hex() for t in texts]

    async def seal(self, kek, data):
        key = os.urandom(24)  # wrapped: 24 + 16 = 40 bytes, as AES-KW of a 32-byte key
        return self._seal(kek, key), b"i" * 12, self._seal(key, data)

    async def open_sealed(self, kek, wrapped, iv, ciphertext):
        return self._open(self._open(kek, wrapped), ciphertext)


CRYPTO = FakeCrypto()


def run(coroutine):
    """Run a coroutine to its end in a thread of its own: when the browser tests run first in
    the same process, Playwright's event loop is running in this thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def turned_on():
    store = DictStore(dict(PLAIN))
    keys, recovery = run(service.turn_on(store, CRYPTO, passphrase=PASS, repeat=PASS, idle_minutes=15))
    return store, keys, recovery


def test_turn_on_encrypts_everything_and_start_finds_a_locked_vault():
    store, keys, recovery = turned_on()
    assert not any("Anna" in v for v in store.data.values())
    assert service.start(store) == ("locked", keys.meta)
    assert len(recovery.replace("-", "")) == 32


@pytest.mark.parametrize("passphrase, repeat, idle", [("kort", "kort", 15), (PASS, PASS + "!", 15), (PASS, PASS, 0),
                                                      (PASS, PASS, 241)])
def test_turn_on_refuses_bad_input_and_stores_nothing(passphrase, repeat, idle):
    store = DictStore(dict(PLAIN))
    with pytest.raises(ValidationError):
        run(service.turn_on(store, CRYPTO, passphrase=passphrase, repeat=repeat, idle_minutes=idle))
    assert store.data == PLAIN


def test_turn_on_with_a_full_store_is_undone_with_a_dutch_message():
    class Full(DictStore):
        def set(self, key, value):
            if key.startswith("traject:v:t:"):
                raise OSError("quota")
            super().set(key, value)

    store = Full(dict(PLAIN))
    with pytest.raises(ValidationError, match="niets verloren"):
        run(service.turn_on(store, CRYPTO, passphrase=PASS, repeat=PASS, idle_minutes=15))
    assert store.data == PLAIN


def test_unlock_wrong_and_right_passphrase():
    store, keys, _ = turned_on()
    with pytest.raises(ValidationError, match="klopt niet"):
        run(service.unlock(CRYPTO, keys.meta, passphrase="verkeerd!!"))
    assert run(service.unlock(CRYPTO, keys.meta, passphrase=PASS)).data_key == keys.data_key
    with pytest.raises(ValidationError):
        run(service.unlock(CRYPTO, None, passphrase=PASS))


def test_change_passphrase_rewraps_one_value_only():
    store, keys, _ = turned_on()
    before = dict(store.data)
    with pytest.raises(ValidationError):
        run(service.change_passphrase(store, CRYPTO, keys.meta, current="verkeerd!!", passphrase=NEW, repeat=NEW))
    assert store.data == before
    changed = run(service.change_passphrase(store, CRYPTO, keys.meta, current=PASS, passphrase=NEW, repeat=NEW))
    assert {k for k in store.data if store.data[k] != before[k]} == {"traject:vault"}
    with pytest.raises(ValidationError):
        run(service.unlock(CRYPTO, changed.meta, passphrase=PASS))
    assert run(service.unlock(CRYPTO, changed.meta, passphrase=NEW)).data_key == keys.data_key


def test_recovery_key_unlocks_and_sets_a_new_passphrase():
    store, keys, recovery = turned_on()
    before = dict(store.data)
    for wrong in ("AAAA-BBBB", "A" * 32):
        with pytest.raises(ValidationError):
            run(service.unlock_with_recovery(store, CRYPTO, keys.meta, recovery=wrong, passphrase=NEW, repeat=NEW))
    assert store.data == before
    opened = run(service.unlock_with_recovery(store, CRYPTO, keys.meta, recovery=recovery.lower(),
                                              passphrase=NEW, repeat=NEW))
    assert opened.data_key == keys.data_key
    meta = vault.read_meta(store.get("traject:vault"))
    assert run(service.unlock(CRYPTO, meta, passphrase=NEW)).data_key == keys.data_key


def test_idle_minutes_and_turn_off():
    store, keys, _ = turned_on()
    meta = service.set_idle_minutes(store, keys.meta, minutes=5)
    assert vault.read_meta(store.get("traject:vault")).idle_minutes == 5
    with pytest.raises(ValidationError):
        service.set_idle_minutes(store, meta, minutes=0)
    with pytest.raises(ValidationError):
        run(service.turn_off(store, CRYPTO, meta, dict(PLAIN), passphrase="verkeerd!!"))
    assert service.start(DictStore(dict(store.data)))[0] == "locked"
    run(service.turn_off(store, CRYPTO, meta, dict(PLAIN), passphrase=PASS))
    assert store.data == PLAIN


def test_encrypted_file_with_a_passphrase_or_the_vault_keys():
    store, keys, _ = turned_on()
    text = run(service.encrypt_file(CRYPTO, '{"client": "Anna Geheim"}', passphrase=PASS))
    envelope = read_envelope(json.loads(text))
    assert "Anna" not in text and envelope.kdf.iterations >= 600_000
    in_vault = read_envelope(json.loads(run(service.encrypt_file(CRYPTO, "x", keys=keys))))
    assert in_vault.kdf == keys.meta.kdf  # opened with the vault's passphrase
    assert run(service.decrypt_file(CRYPTO, text, passphrase=PASS)) == '{"client": "Anna Geheim"}'
    with pytest.raises(ValidationError, match="past niet"):
        run(service.decrypt_file(CRYPTO, text, passphrase=NEW))
    with pytest.raises(ValidationError, match="beschadigd"):
        run(service.decrypt_file(CRYPTO, text[:-20], passphrase=PASS))
