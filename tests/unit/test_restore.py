"""Issue 14, "nothing lost at restore": export -> delete all site data -> import gives back
everything, so the re-exported backup equals the first except its export timestamp; the
secret that signs client form links comes back too (merge keeps the existing one and also
accepts the imported one; replace takes the imported one); revision numbers stay."""

import json
from datetime import date

import pytest

import traject
from traject import share
from traject.adjust import edit_client, goal_reached_early, link_homework, reopen
from traject.backup import dumps, export_backup
from traject.due import mark_done
from traject.followup import set_followup_status
from traject.forms import choose_evaluation_questions, set_form_answers
from traject.goals import add_goal, record_score
from traject.homework import add_homework, set_homework_status
from traject.repository import DictStore, KeyValueRepository
from traject.restore import ACCEPTED_KEY, SECRET_KEY, accepted_secrets, import_settings
from traject.services import Clock, UnitOfWork, transfer
from traject.situations import close_early, extend, pause, resume
from traject.trajectory import record_session, reschedule_session
from traject.model import SessionCheck, SessionNotes

NOW = "2026-03-01T10:00:00+01:00"
CLOCK = Clock.at(2026, 6, 2, 9, 0, offset_minutes=120)
OLD_SECRET, NEW_SECRET = "a" * 32, "b" * 32


def _every_feature():
    """Two trajectories that together use every feature: all forms, scores at every moment,
    homework in every state, special situations, follow-up and a form link answered."""
    traj = traject.new_trajectory(traject.default_template(), "Anna de Vries", "Grenzen stellen", "2026-03-04",
                                  now=NOW, email="anna@example.org", phone="0612345678")
    edit_client(traj, name="Anna de Vries-Bakker", email="anna@example.org", phone="06", today=date(2026, 3, 1))
    goal = add_goal(traj, "Nee zeggen", "op het werk", "3x per week", "ja", "ja", "juni", today=date(2026, 3, 1))
    for moment, day, number in (("intake", date(2026, 3, 4), None), ("session", date(2026, 3, 18), 2),
                                ("midterm", date(2026, 4, 15), None), ("end", date(2026, 6, 10), None)):
        record_score(traj, goal.id, 6, day, moment, number, today=day)
    first = traj.session_by_number(1)
    record_session(traj, traj.session_by_number(0).id, "held", today=date(2026, 3, 2))
    record_session(traj, first.id, "held", today=date(2026, 3, 4),
                   notes=SessionNotes("open", "kern", "af", "mee"), check=SessionCheck("goed", "inzicht", "-"))
    for text, status in (("Dagboek", "open"), ("Gesprek", "done"), ("Te veel", "dropped")):
        item, _ = add_homework(traj, text, "2026-03-18", first.id, today=date(2026, 3, 4))
        set_homework_status(traj, item.id, status, today=date(2026, 3, 4))
    link_homework(traj, traj.homework[0].id, traj.session_by_number(2).id, today=date(2026, 3, 5))
    answers = {"intake": {"background": "x", "motivation": 8}, "contract": {"sessions": True, "payment": False},
               "midterm": {"on_track": "ja"}, "evaluation": {"goal_reached": 7, "insight": "y"},
               "borging": {"main_change": "z"}, "afsluiting": {"door_open": True}}
    for form_id, given in answers.items():
        set_form_answers(traj, form_id, given, now=NOW)
    choose_evaluation_questions(traj, ["terugkijkend_1", "terugkijkend_3"])
    payload = share.form_link_payload(traj.id, "borging", "Anna", ["relapse_strategy"], OLD_SECRET, nonce="n" * 16)
    received = share.read_answer_body(share.make_answer_body(payload, {"relapse_strategy": "bellen"}),
                                      {traj.id: traj}, OLD_SECRET)
    set_form_answers(traj, received.form_id, received.answers, now=NOW, from_client=True)
    reschedule_session(traj, traj.session_by_number(3).id, "2026-04-02", today=date(2026, 3, 20), shift_later=True)
    pause(traj, today=date(2026, 4, 3), note="vakantie")
    resume(traj, "2026-04-20", today=date(2026, 4, 10))
    extend(traj, 1, "Eén extra sessie", today=date(2026, 4, 20))
    mark_done(traj, "send_intake")

    done = traject.new_trajectory(traject.short_template(), "Bert", "", "2026-01-07", now=NOW)
    goal_reached_early(done, "close", today=date(2026, 2, 1), note="bereikt")
    set_followup_status(done, "mail", "done")
    set_followup_status(done, "checkin", "skipped")
    reopen(done, "Toch nog een sessie", today=date(2026, 2, 10))
    close_early(done, today=date(2026, 2, 20))
    return [traj, done]


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
    repo = _saved_repo(_every_feature(), _settings(OLD_SECRET), [own])
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
    traj = _every_feature()[0]
    repo = _saved_repo([traj], _settings(OLD_SECRET), [])
    text = _export(repo, "2026-06-01T09:00:00+02:00")
    payload = share.form_link_payload(traj.id, "midterm", "Anna", ["works_well"], OLD_SECRET, nonce="m" * 16)
    body = share.make_answer_body(payload, {"works_well": "de vragen"})

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
    trajectories = _every_feature()
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
