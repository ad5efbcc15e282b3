"""Issue 14, "nothing lost at restore": export -> delete all site data -> import gives back
everything, so the re-exported backup equals the first except its export timestamp; the
secret that signs client form links comes back too (merge keeps the existing one and also
accepts the imported one; replace takes the imported one); revision numbers stay."""

import json

import pytest

import traject
from traject import share
from traject.backup import dumps, export_backup
from traject.repository import DictStore, KeyValueRepository
from traject.restore import ACCEPTED_KEY, SECRET_KEY, accepted_secrets, import_settings
from traject.services import Clock, UnitOfWork, transfer

from every_feature import every_feature_trajectories

NOW = "2026-03-01T10:00:00+01:00"
CLOCK = Clock.at(2026, 6, 2, 9, 0, offset_minutes=120)
OLD_SECRET, NEW_SECRET = "a" * 32, "b" * 32


def _settings(secret):
    return traject.Settings(coach_name="Coach Carla", default_frequency="weekly",
                            ui={SECRET_KEY: secret, "last_export": NOW, "backup_nudge_days": 14})


def _saved_repo(trajectories, settings, templates):
    repo = KeyValueRepository(DictStore())
    for _ in range(3):  # a few saves: revisions above 1
        for traj in trajectories:
            repo.save(traj, now=NOW)
    repo.save_templates(templates)
    repo.save_settings(settings)
    return repo


def _export(repo, exported_at):
    return dumps(export_backup(repo.list_all(), repo.load_templates(), repo.load_settings(), exported_at=exported_at))


def _import(repo, text, mode, overwrite=()):
    """What the app does: a unit of work over the repository, the import service."""
    uow = UnitOfWork(repo)
    uow.load()
    backup = transfer.read_import(text)
    if mode == "replace":
        transfer.import_replace(uow, CLOCK, backup, confirmed=True)
    else:
        transfer.import_merge(uow, CLOCK, backup, overwrite=set(overwrite))
    return uow


def _without_stamp(text):
    data = json.loads(text)
    data.pop("exported_at")
    return data


def test_export_wipe_import_gives_back_everything():
    own = traject.copy_template(traject.default_template(), "Mijn loopbaantraject", template_id="loopbaan")
    repo = _saved_repo(every_feature_trajectories(OLD_SECRET), _settings(OLD_SECRET), [own])
    first = _export(repo, "2026-06-01T09:00:00+02:00")
    revisions = {t["id"]: t["revision"] for t in json.loads(first)["trajectories"]}
    assert set(revisions.values()) == {3}

    empty = KeyValueRepository(DictStore())  # all site data deleted
    _import(empty, first, "replace")
    second = _export(KeyValueRepository(empty.store), "2026-06-02T09:00:00+02:00")  # a new visit reads it
    assert second != first
    assert _without_stamp(second) == _without_stamp(first)
    assert empty.load_settings().ui[SECRET_KEY] == OLD_SECRET


def test_answers_to_links_made_before_a_restore_are_accepted_after_it():
    traj = every_feature_trajectories(OLD_SECRET)[0]
    repo = _saved_repo([traj], _settings(OLD_SECRET), [])
    text = _export(repo, "2026-06-01T09:00:00+02:00")
    payload = share.form_link_payload(traj.id, "midterm", "Anna", ["works_well"], OLD_SECRET, nonce="m" * 16)
    body = share.make_answer_body(payload, {"works_well": "de vragen"}, "2026-03-01T10:00:00+01:00")

    for mode, current in (("replace", traject.Settings()), ("merge", _settings(NEW_SECRET))):
        target = KeyValueRepository(DictStore())
        target.save_settings(current)
        settings = _import(target, text, mode).settings
        assert KeyValueRepository(target.store).load_settings() == settings
        expected_current = OLD_SECRET if mode == "replace" else NEW_SECRET
        assert settings.ui[SECRET_KEY] == expected_current
        assert OLD_SECRET in accepted_secrets(settings)
        received = share.read_answer_body(body, {traj.id: traj}, accepted_secrets(settings))
        assert received.answers == {"works_well": "de vragen"}
    with pytest.raises(traject.ValidationError):  # a secret never seen is still refused
        share.read_answer_body(body, {traj.id: traj}, [NEW_SECRET])


def test_import_settings_rules():
    current, imported = _settings(NEW_SECRET), _settings(OLD_SECRET)
    imported.coach_name, imported.ui["extra"] = "Andere naam", "x"
    merged = import_settings(current, imported, "merge")
    assert merged.coach_name == "Coach Carla" and merged.ui["extra"] == "x"
    assert merged.ui[SECRET_KEY] == NEW_SECRET and merged.ui[ACCEPTED_KEY] == OLD_SECRET
    replaced = import_settings(current, imported, "replace")
    assert replaced.coach_name == "Andere naam" and replaced.ui[SECRET_KEY] == OLD_SECRET
    assert accepted_secrets(replaced) == [OLD_SECRET, NEW_SECRET]
    assert current == _settings(NEW_SECRET) and imported.ui[SECRET_KEY] == OLD_SECRET  # arguments unchanged
    assert import_settings(traject.Settings(), traject.Settings(), "merge") == traject.Settings()


def test_merge_keeps_revisions_and_bumps_an_overwritten_one():
    trajectories = every_feature_trajectories(OLD_SECRET)
    repo = _saved_repo(trajectories, _settings(OLD_SECRET), [])
    text = _export(repo, "2026-06-01T09:00:00+02:00")
    target = KeyValueRepository(DictStore())
    for _ in range(5):
        target.save(trajectories[0], force=True)
    stored = target.load(trajectories[0].id).revision
    _import(target, text, "merge", overwrite=[trajectories[0].id])
    again = KeyValueRepository(target.store)
    assert again.load(trajectories[1].id).revision == 3
    assert again.load(trajectories[0].id).revision == stored + 1
