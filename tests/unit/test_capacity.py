"""Limits that agree (issue 19, section 4): what storage can hold can be exported and imported
again, and an import that would overflow the quota is refused before anything is written."""

import sys
from pathlib import Path

import pytest

from traject import capacity
from traject.backup import MAX_INPUT_CHARS, dumps, export_backup, read_import_text
from traject.capacity import STORAGE_QUOTA_CHARS, CapacityError
from traject.repository import DictStore, KeyValueRepository

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402


@pytest.fixture(scope="module")
def realistic():
    data, _ = generate.generate(200)
    repo = KeyValueRepository(DictStore(dict(data)))
    trajectories = [repo.load(i) for i in repo.list_ids()]
    stored = sum(len(k) + len(v) for k, v in data.items() if k.startswith("traject:t:"))
    return trajectories, stored


def test_the_import_limit_follows_from_the_quota(realistic):
    trajectories, stored = realistic
    text = dumps(export_backup(trajectories, exported_at="2026-12-01T10:00:00+01:00"))
    ratio = len(text) / stored  # export characters per stored character
    assert ratio < capacity.EXPORT_EXPANSION  # the margin holds for realistic data
    full_export = STORAGE_QUOTA_CHARS * ratio  # the export of a full storage
    assert full_export < MAX_INPUT_CHARS == STORAGE_QUOTA_CHARS * capacity.EXPORT_EXPANSION
    assert full_export > 40_000_000  # the old limit refused the app's own export (the example)


def test_an_import_that_overflows_the_quota_is_refused_before_anything_is_written(realistic):
    trajectories, stored = realistic
    text = dumps(export_backup(trajectories, exported_at="2026-12-01T10:00:00+01:00"))
    pending = read_import_text(text.encode("utf-8"))
    quota = stored // 2 + 1000
    store = DictStore({"traject:settings": "{}", "andere-app": "x" * 1000}, quota=quota)
    before = dict(store.data)
    repo = KeyValueRepository(store)
    with pytest.raises(CapacityError) as info:
        repo.save_many(pending.trajectories, force=True, validated=True, bodies=pending.bodies)
    assert store.data == before
    error = info.value
    assert error.needed > error.free and 0 < error.fits < error.count == len(trajectories)
    message = str(error)
    assert "past niet in de opslag" in message and f"passen er {error.fits}" in message
    assert "niets veranderd" in message


def test_an_import_that_fits_exactly_is_written(realistic):
    trajectories, stored = realistic
    pending = read_import_text(dumps(export_backup(trajectories, exported_at="2026-12-01T10:00:00+01:00")))
    repo = KeyValueRepository(DictStore(quota=10 ** 9))
    repo.save_many(pending.trajectories, force=True, validated=True, bodies=pending.bodies)
    needed = sum(len(k) + len(v) for k, v in repo.store.data.items() if k.startswith("traject:t:"))
    exact = KeyValueRepository(DictStore(quota=needed + 10_000))  # the index fits in the rest
    exact.save_many(pending.trajectories, force=True, validated=True, bodies=pending.bodies)
    assert len(exact.list_ids()) == len(trajectories)


def test_replacing_an_entry_only_counts_its_growth():
    capacity.check_fits([("k", "abcd")], {"k": "abc"}.get, 1)
    with pytest.raises(CapacityError):
        capacity.check_fits([("k", "abcde")], {"k": "abc"}.get, 1)
    capacity.check_fits([("k", "x" * 100)], {}.get, None)  # a store without a quota: no check
