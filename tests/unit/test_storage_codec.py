"""Stored trajectories are compressed (storage_codec) without changing the export format."""

import json
import os
import sys

import pytest

import traject
from traject import CorruptEntryError, DictStore, KeyValueRepository, ValidationError
from traject import storage_codec as codec
from traject.backup import dumps, export_backup

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.parametrize("size", [0, 1, 2, 31, 32, 33, 34, 100, 255, 4095, 4096, 65_537])
def test_pack_round_trip_and_safe_characters(size):
    data = os.urandom(size)
    text = codec.pack_bytes(data)
    assert codec.unpack_bytes(text) == data
    body = text.partition(":")[2]
    assert all(0x0800 <= ord(ch) <= 0x87FF for ch in body)  # no controls, no surrogates
    assert len(body) <= size * 8 / 15 + 40


def test_encode_round_trip_and_marker():
    text = json.dumps({"app": "traject", "note": "Één cliënt – ’s ochtends ✓"}, ensure_ascii=False)
    stored = codec.encode(text)
    assert stored.startswith(codec.MARKER) and codec.decode(stored) == text
    assert codec.decode(text) == text  # plain JSON passes through


@pytest.mark.parametrize("damage", [lambda s: s[:-3], lambda s: s + "\u0900", lambda s: s[:10] + "\u0001" + s[11:],
                                    lambda s: s.replace(":", ":x", 2), lambda s: s[:-1] + chr(ord(s[-1]) ^ 1)])
def test_damaged_text_is_refused(damage):
    stored = codec.encode(json.dumps({"a": "b" * 500}))
    with pytest.raises(codec.CodecError):
        codec.decode(damage(stored))


def test_repository_stores_compressed_and_round_trips(make_traj):
    store = DictStore()
    repo = KeyValueRepository(store)
    traj = make_traj(trajectory_id="c1")
    repo.save(traj)
    raw = store.get("traject:t:c1")
    assert raw.startswith(codec.MARKER)
    assert repo.load("c1") == traj
    plain = json.loads(codec.decode(raw))
    assert plain["app"] == "traject" and plain["trajectory"]["revision"] == 1
    # the export format is unchanged: plain, indented JSON
    assert dumps(export_backup([repo.load("c1")], exported_at="2026-03-01T10:00:00+01:00")).startswith("{\n")


def test_old_plain_entries_still_load_and_are_saved_compressed(make_traj):
    store = DictStore()
    repo = KeyValueRepository(store, compress=False)
    traj = make_traj(trajectory_id="old")
    repo.save(traj)
    assert store.get("traject:t:old").startswith("{")
    repo = KeyValueRepository(store)
    loaded = repo.load("old")
    assert loaded == traj and repo.unreadable_entries() == []
    assert repo.save(loaded) == 2 and store.get("traject:t:old").startswith(codec.MARKER)


def test_corrupt_compressed_entry_is_reported_and_left_untouched(make_traj):
    store = DictStore()
    repo = KeyValueRepository(store)
    repo.save(make_traj(trajectory_id="good"))
    repo.save(make_traj(trajectory_id="bad"))
    raw = store.get("traject:t:bad")
    broken = raw[:-5] + "\u0800" * 5
    store.set("traject:t:bad", broken)
    with pytest.raises(CorruptEntryError):
        repo.load("bad")
    assert [t.id for t in repo.list_all()] == ["good"]
    entries = repo.unreadable_entries()
    assert [(e.key, e.raw) for e in entries] == [("traject:t:bad", broken)] and entries[0].reason
    with pytest.raises(CorruptEntryError):
        repo.save(make_traj(trajectory_id="bad"))
    assert store.get("traject:t:bad") == broken  # refused: untouched
    assert repo.save(make_traj(trajectory_id="bad"), force=True) == 1


def test_save_many_writes_the_index_once_and_hands_objects_over(make_traj):
    class CountingStore(DictStore):
        writes = []

        def set(self, key, value):
            self.writes.append(key)
            super().set(key, value)

    store = CountingStore()
    repo = KeyValueRepository(store)
    trajs = [make_traj(trajectory_id=f"t{i}") for i in range(5)]
    assert repo.save_many(trajs, validated=True, hand_over=True) == [1] * 5
    assert store.writes.count("traject:index") == 1 and json.loads(store.get("traject:index")) == [t.id for t in trajs]
    assert repo.load("t0") is trajs[0]  # handed over: no decode
    assert repo.load("t0") is not trajs[0] and repo.load("t0") == trajs[0]  # once only


def test_unreadable_entries_after_loading_decodes_nothing_again(make_traj, monkeypatch):
    repo = KeyValueRepository(DictStore())
    for i in range(3):
        repo.save(make_traj(trajectory_id=f"x{i}"))
    fresh = KeyValueRepository(repo.store)
    fresh.list_all()
    monkeypatch.setattr(codec, "decode", lambda *a: pytest.fail("decoded twice"))
    assert fresh.unreadable_entries() == []
    assert fresh.saved_revision("x1") == 1


@pytest.mark.slow
def test_quota_estimate_for_a_thousand_realistic_trajectories():
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    import generate

    data, ids = generate.generate(200)  # 1,000 take ~15 s; the size per trajectory is what counts
    chars = sum(len(k) + len(v) for k, v in data.items())
    per = chars / len(ids)
    plain = sum(len(codec.decode(v)) for v in data.values()) / len(ids)
    quota = 5_242_880  # Chromium: characters per origin
    print(f"\n1,000 realistic trajectories: {per * 1000:,.0f} characters stored = {per * 1000 / quota:.0%} of the "
          f"localStorage quota (plain JSON: {plain * 1000:,.0f} = {plain * 1000 / quota:.0%})")
    assert per * 1000 < 0.6 * quota


def test_save_many_of_validated_objects_still_refuses_a_revision_past_the_limit(make_traj):
    """An import may hold revision 10**9 (valid to read); +1 on writing is out of range. The
    write skips the full check for imported objects, but must not store an entry that can
    no longer be read: it refuses it with the message of the full check."""
    repo = KeyValueRepository(DictStore())
    ok, last = make_traj(trajectory_id="ok"), make_traj(trajectory_id="last")
    last.revision = 10 ** 9
    with pytest.raises(ValidationError) as info:
        repo.save_many([ok, last], force=True, validated=True)
    assert [p.path for p in info.value.problems] == ["trajectory.revision"]
    assert repo.store.get("traject:t:last") is None
    assert repo.list_ids() == []  # every entry is checked before any is written (issue 19, section 4)
