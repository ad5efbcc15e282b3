import json
from datetime import date

import pytest

import traject
from traject.storage_codec import decode
from traject import ConflictError, CorruptEntryError, DictStore, KeyValueRepository, NotFoundError, ValidationError

LATER = "2026-03-02T08:00:00+01:00"


@pytest.fixture(params=["memory", "keyvalue"])
def repo(request):
    return traject.InMemoryRepository() if request.param == "memory" else KeyValueRepository(DictStore())


def test_save_increments_revision_and_load_returns_a_copy(repo, make_traj):
    traj = make_traj()
    assert repo.save(traj) == 1 and traj.revision == 1
    assert repo.save(traj, now=LATER) == 2 and traj.updated_at == LATER
    loaded = repo.load(traj.id)
    assert loaded == traj and loaded is not traj
    loaded.client.name = "Changed"
    assert repo.load(traj.id).client.name == "Anna de Vries"


def test_conflicting_save_from_another_tab(repo, make_traj):
    traj = make_traj()
    repo.save(traj)
    tab_a, tab_b = repo.load(traj.id), repo.load(traj.id)
    repo.save(tab_a)
    with pytest.raises(ConflictError) as info:
        repo.save(tab_b)
    assert (info.value.stored_revision, info.value.given_revision) == (2, 1)
    assert repo.save(tab_b, force=True) == 3


def test_list_and_delete(repo, make_traj):
    first, second = make_traj(trajectory_id="b-first"), make_traj(trajectory_id="a-second")
    repo.save(first)
    repo.save(second)
    assert repo.list_ids() == ["b-first", "a-second"]
    assert [t.id for t in repo.list_all()] == ["b-first", "a-second"]
    repo.delete("b-first")
    assert repo.list_ids() == ["a-second"]
    with pytest.raises(NotFoundError):
        repo.load("b-first")
    with pytest.raises(NotFoundError):
        repo.delete("b-first")


def test_invalid_trajectory_is_not_stored(repo, make_traj):
    traj = make_traj()
    traj.client.name = ""
    with pytest.raises(ValidationError):
        repo.save(traj)
    assert repo.list_ids() == [] and traj.revision == 0


def test_templates_and_settings(repo):
    assert repo.load_templates() == [] and repo.load_settings() == traject.Settings()
    own = traject.copy_template(traject.default_template(), "Eigen", template_id="eigen")
    repo.save_templates(traject.builtin_templates() + [own])
    assert repo.load_templates() == [own]
    settings = traject.Settings(coach_name="Coach", default_frequency="monthly", ui={"theme": "dark"})
    repo.save_settings(settings)
    assert repo.load_settings() == settings


def test_key_layout(make_traj):
    store = DictStore()
    repo = KeyValueRepository(store)
    traj = make_traj(trajectory_id="abc")
    repo.save(traj)
    repo.save_templates([traject.copy_template(traject.short_template(), "X", template_id="x")])
    repo.save_settings(traject.Settings())
    assert sorted(store.keys()) == ["traject:index", "traject:settings", "traject:t:abc", "traject:templates"]
    assert json.loads(store.get("traject:index")) == ["abc"]
    stored = json.loads(decode(store.get("traject:t:abc")))
    assert stored["app"] == "traject" and stored["format_version"] == 3 and stored["trajectory"]["revision"] == 1


def test_other_namespaces_are_ignored(make_traj):
    store = DictStore({"other:t:zzz": "garbage", "unrelated": "x"})
    repo = KeyValueRepository(store)
    repo.save(make_traj(trajectory_id="mine"))
    assert repo.list_ids() == ["mine"] and repo.unreadable_entries() == []
    assert store.get("other:t:zzz") == "garbage"


def test_corrupt_entry_raises_and_is_left_untouched(make_traj):
    store = DictStore()
    repo = KeyValueRepository(store)
    good, bad = make_traj(trajectory_id="good"), make_traj(trajectory_id="bad")
    repo.save(good)
    repo.save(bad)
    store.set("traject:t:bad", '{"app": "traject", "format_version": 2, "trajectory": {oops')
    raw = store.get("traject:t:bad")
    with pytest.raises(CorruptEntryError) as info:
        repo.load("bad")
    assert info.value.key == "traject:t:bad" and "JSON" in str(info.value)
    assert store.get("traject:t:bad") == raw
    assert [t.id for t in repo.list_all()] == ["good"]
    entries = repo.unreadable_entries()
    assert [(e.key, e.raw) for e in entries] == [("traject:t:bad", raw)] and entries[0].reason
    assert store.get("traject:t:bad") == raw
    with pytest.raises(CorruptEntryError):
        repo.save(bad)
    assert store.get("traject:t:bad") == raw
    assert repo.save(bad, force=True) == 2 and repo.load("bad") == bad


def test_invalid_content_is_reported_with_its_path(make_traj):
    store = DictStore()
    repo = KeyValueRepository(store)
    repo.save(make_traj(trajectory_id="x"))
    data = json.loads(decode(store.get("traject:t:x")))
    data["trajectory"]["sessions"][1]["planned_date"] = "2026-02-30"
    store.set("traject:t:x", json.dumps(data))
    with pytest.raises(CorruptEntryError) as info:
        repo.load("x")
    assert "trajectory.sessions[1].planned_date" in info.value.reason


def test_corrupt_templates_and_settings_are_listed(make_traj):
    store = DictStore({"traject:templates": "[", "traject:settings": '{"app": "elsewhere"}'})
    repo = KeyValueRepository(store)
    with pytest.raises(CorruptEntryError):
        repo.load_templates()
    with pytest.raises(CorruptEntryError):
        repo.load_settings()
    assert [e.key for e in repo.unreadable_entries()] == ["traject:settings", "traject:templates"]


def test_entries_missing_from_the_index_are_still_found(make_traj):
    store = DictStore()
    repo = KeyValueRepository(store)
    repo.save(make_traj(trajectory_id="one"))
    repo.save(make_traj(trajectory_id="two"))
    store.set("traject:index", "not json")
    assert repo.list_ids() == ["one", "two"]


def test_old_version_entries_are_migrated_on_load(make_traj):
    store = DictStore()
    repo = KeyValueRepository(store)
    traj = make_traj(trajectory_id="old")
    traj.client.email = traj.client.phone = ""
    repo.save(traj)
    data = json.loads(decode(store.get("traject:t:old")))
    data["format_version"] = 1
    data["trajectory"]["client_name"] = data["trajectory"].pop("client")["name"]
    store.set("traject:t:old", json.dumps(data))
    assert repo.load("old") == traj
    assert repo.save(traj) == 2


def test_custom_prefix_and_store_contract(make_traj):
    store = DictStore()
    repo = KeyValueRepository(store, prefix="test:")
    repo.save(make_traj(trajectory_id="p"))
    assert "test:t:p" in store.keys() and "test:index" in store.keys()
    with pytest.raises(TypeError):
        store.set("k", 5)
    store.remove("missing-key")  # removing a missing key is not an error


def test_saved_history_survives_closing(make_traj):
    repo = KeyValueRepository(DictStore())
    traj = make_traj()
    traject.close_early(traj, today=date(2026, 4, 1))
    repo.save(traj)
    loaded = repo.load(traj.id)
    assert loaded.status == "completed" and [e.kind for e in loaded.events] == [e.kind for e in traj.events]


class AuthenticatedStore(DictStore):
    authenticated = True


def test_an_authenticated_store_skips_only_the_depth_and_surrogate_scans(make_traj, monkeypatch):
    import traject.reader as reader

    scans = []
    real_too_deep = reader.too_deep
    monkeypatch.setattr(reader, "too_deep", lambda *args: scans.append("depth") or real_too_deep(*args))
    traj = make_traj()
    for store_class, expected in ((DictStore, ["depth"]), (AuthenticatedStore, [])):
        scans.clear()
        writer = KeyValueRepository(store_class())
        writer.save(traj, now="2026-12-01T10:00:00+01:00")
        scans.clear()
        assert KeyValueRepository(writer.store).load(traj.id).client.name == traj.client.name
        assert scans == expected, store_class
    # every other check stays: an entry that is not this app's is still refused
    store = AuthenticatedStore()
    store.set("traject:t:x", json.dumps({"app": "iets anders"}))
    with pytest.raises(CorruptEntryError):
        KeyValueRepository(store).load("x")
