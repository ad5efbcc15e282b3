"""The vault's and the encrypted backup's pure logic: envelope checks, the record, the
recovery key, the shared-origin check, and the conversion steps interrupted at every write."""

import asyncio
import concurrent.futures
import base64
import json

import pytest

from traject import vault
from traject.crypto_envelope import (EncryptedFile, KdfParams, build_envelope, check_new_passphrase,
                                     dumps_envelope, is_envelope, looks_encrypted, read_envelope)
from traject.errors import ValidationError
from traject.hosting import shared_origin_risk
from traject.repository import DictStore

P = "traject:"
KDF = KdfParams(600_000, bytes(range(16)))


def run(coroutine):
    """Run a coroutine to its end in a thread of its own: when the browser tests run first in
    the same process, Playwright's event loop is running in this thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def envelope(**changes):
    data = build_envelope(KDF, b"w" * 40, b"i" * 12, b"c" * 40)
    data.update(changes)
    return data


def test_envelope_round_trip_and_recognition():
    text = dumps_envelope(envelope())
    assert looks_encrypted(text) and is_envelope(json.loads(text))
    assert read_envelope(json.loads(text)) == EncryptedFile(KDF, b"w" * 40, b"i" * 12, b"c" * 40)
    assert not looks_encrypted('{"app": "traject", "format_version": 2}')


@pytest.mark.parametrize("changes", [
    {"version": 2}, {"kdf": {"name": "scrypt"}}, {"wrapped_key": "!!"}, {"ciphertext": "YQ=="},
    {"cipher": {"name": "AES-GCM", "length": 256, "iv": base64.b64encode(b"short").decode()}},
    {"kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": 1000, "salt": base64.b64encode(b"s" * 16).decode()}},
    {"kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": 600_000, "salt": "c2FsdA=="}},
    {"key_wrap": "none"}, {"format": "other"},
])
def test_damaged_or_foreign_envelopes_are_refused_in_dutch(changes):
    with pytest.raises(ValidationError) as info:
        read_envelope(envelope(**changes))
    assert info.value.problems and all(p.message for p in info.value.problems)


def test_missing_fields_are_listed():
    data = envelope()
    del data["iv" if "iv" in data else "ciphertext"]
    with pytest.raises(ValidationError, match="ciphertext"):
        read_envelope(data)


def test_new_passphrase_must_be_long_enough_and_typed_twice():
    assert check_new_passphrase("lange zin hier", "lange zin hier") == "lange zin hier"
    with pytest.raises(ValidationError, match="minstens 8"):
        check_new_passphrase("kort", "kort")
    with pytest.raises(ValidationError, match="niet gelijk"):
        check_new_passphrase("lange zin hier", "lange zin daar")


def meta(state="on", idle=15):
    return vault.VaultMeta(state, KDF, b"k" * 40, b"r" * 16, b"q" * 40, idle)


def test_record_round_trip_and_damage():
    record = meta()
    assert vault.read_meta(record.to_json()) == record
    assert vault.read_meta(None) is None
    for text in ("{", '{"format": "traject-vault"}', record.to_json().replace('"on"', '"half"')):
        with pytest.raises(ValidationError):
            vault.read_meta(text)


def test_idle_minutes_from_a_form():
    assert vault.check_idle_minutes(" 15 ") == 15
    for bad in ("0", "241", "x", "", "-3"):
        with pytest.raises(ValidationError):
            vault.check_idle_minutes(bad)


def test_recovery_key_text_round_trip_forgiving_typing():
    secret = bytes(range(20))
    text = vault.format_recovery(secret)
    assert len(text.replace("-", "")) == 32 and text.count("-") == 7
    assert vault.parse_recovery(text) == secret
    assert vault.parse_recovery(" " + text.lower().replace("-", " ") + " ") == secret
    with pytest.raises(ValidationError):
        vault.parse_recovery(text[:-4])


@pytest.mark.parametrize("host, path, risky", [
    ("coach.github.io", "/traject/app/", True), ("coach.github.io", "/app/", False),
    ("COACH.GITHUB.IO", "/a/b/app/index.html", True), ("traject.example.nl", "/traject/app/", False),
    ("github.io.example.com", "/x/app/", False), ("coach.github.io", "/", False),
])
def test_shared_origin_risk(host, path, risky):
    assert shared_origin_risk(host, path) is risky


def test_key_names():
    assert vault.encrypted_key(P, "traject:t:abc") == "traject:v:t:abc"
    assert vault.plain_key(P, "traject:v:t:abc") == "traject:t:abc"
    data = ["traject:t:a", "traject:index", "traject:settings", "traject:templates"]
    other = ["traject:vault", "traject:v:t:a", "traject:snapshot", "traject:notice:shared-origin", "andere-app"]
    assert [k for k in data + other if vault.is_plain_data_key(P, k)] == data


# --- conversions, interrupted at every step -------------------------------------------

PLAIN = {"traject:index": '["a","b"]', "traject:t:a": "z1:AAA", "traject:t:b": '{"x": "Anna"}',
         "traject:settings": '{"s": 1}', "andere-app": "blijft"}


class Interrupted(Exception):
    pass


class Stop:
    def __init__(self, at):
        self.at, self.seen = at, 0

    def __call__(self, step):
        self.seen += 1
        if self.seen == self.at:
            raise Interrupted(step)


def fake_encrypt(text):
    return vault.STORED_MARKER + text[::-1]


async def encrypt_many(texts):
    return [fake_encrypt(t) for t in texts]


def reopen(store):
    """What start-up does; returns the data the app would then see (decrypted)."""
    record = vault.read_meta(store.get(vault.meta_key(P)))
    plan = vault.startup_plan(record.state if record else None, store.keys(), P)
    mode = vault.apply_plan(store, plan, P, record)
    if mode == "plain":
        assert not [k for k in store.keys() if vault.is_encrypted_key(P, k)]
        return mode, {k: v for k, v in store.data.items() if k != vault.meta_key(P)}
    assert vault.read_meta(store.get(vault.meta_key(P))).state == "on"
    assert not [k for k in store.keys() if vault.is_plain_data_key(P, k)]
    data = {vault.plain_key(P, k): v[len(vault.STORED_MARKER):][::-1] for k, v in store.data.items()
            if vault.is_encrypted_key(P, k)}
    data.update({k: v for k, v in store.data.items() if not k.startswith(P)})
    return mode, data


def steps_of(run):
    counter = Stop(0)
    run(DictStore(dict(PLAIN)), counter)
    return counter.seen


def run_on(store, checkpoint):
    run(vault.turn_on(store, P, meta(), encrypt_many, checkpoint))


def test_turning_on_interrupted_at_every_step_loses_nothing():
    total = steps_of(run_on)
    assert total == 1 + 4 + 1 + 4
    for at in range(1, total + 1):
        store = DictStore(dict(PLAIN))
        with pytest.raises(Interrupted):
            run_on(store, Stop(at))
        mode, data = reopen(store)
        assert data == PLAIN, at
        assert mode == ("plain" if at < 6 else "locked"), at
        assert reopen(store) == (mode, data)  # a second start changes nothing


def test_turning_on_then_off_round_trip_and_off_interrupted_at_every_step():
    encrypted = DictStore(dict(PLAIN))
    run_on(encrypted, None)
    assert reopen(DictStore(dict(encrypted.data))) == ("locked", PLAIN)
    assert not any("Anna" in v for v in encrypted.data.values())
    plain = {k: v for k, v in PLAIN.items() if k.startswith(P)}

    def run_off(store, checkpoint):
        vault.turn_off(store, P, meta(), plain, checkpoint)

    total = steps_of(lambda store, cp: (run_on(store, None), run_off(store, cp)))
    assert total == 1 + 4 + 1 + 4
    for at in range(1, total + 1):
        store = DictStore(dict(encrypted.data))
        with pytest.raises(Interrupted):
            run_off(store, Stop(at))
        mode, data = reopen(store)
        assert data == PLAIN, at
        assert mode == ("locked" if at < 6 else "plain"), at
    store = DictStore(dict(encrypted.data))
    run_off(store, None)
    assert store.data == PLAIN


def test_a_full_quota_during_turning_on_loses_nothing():
    class Full(DictStore):
        def __init__(self, data, room):
            super().__init__(data)
            self.room = room

        def set(self, key, value):
            if key not in self.data:
                if self.room == 0:
                    raise OSError("quota")
                self.room -= 1
            super().set(key, value)

    for room in range(5):  # the record and four copies are new keys
        store = Full(dict(PLAIN), room)
        with pytest.raises(OSError):
            run_on(store, None)
        assert reopen(store) == ("plain", PLAIN)


# --- the published schema of the envelope ---------------------------------------------

def encrypted_schema():
    import os

    import traject

    with open(os.path.join(os.path.dirname(traject.__file__), "schema", "encrypted-backup.schema.json"),
              encoding="utf-8") as handle:
        return json.load(handle)


def test_the_envelope_schema_matches_what_the_code_writes_and_refuses():
    from jsonschema import Draft202012Validator

    schema = encrypted_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    written = json.loads(dumps_envelope(envelope()))
    assert list(validator.iter_errors(written)) == []
    assert set(schema["required"]) == set(written)
    too_few = envelope(kdf=dict(written["kdf"], iterations=1000))
    assert list(validator.iter_errors(too_few))
    with pytest.raises(ValidationError):
        read_envelope(too_few)
