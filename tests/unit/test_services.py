"""Every coach action as a service, under CPython: a fixed clock, the real repository over an
in-memory store, and every rollback path (nothing stored or held in memory changes)."""

import copy
from datetime import date

import pytest

import traject
from traject.errors import (ConflictError, DomainError, NotFoundError, StorageWriteError, UndoError,
                            UnexpectedError, ValidationError)
from traject.model import SessionCheck, SessionNotes
from traject.repository import DictStore, KeyValueRepository
from traject.services import (Clock, UnitOfWork, calendar, care, forms, goals, homework, sessions, settings,
                              sharing, situations, templates, trajectories, transfer)

CLOCK = Clock.at(2026, 3, 2, 9, 30)


class FlakyStore(DictStore):
    """A store that refuses writes once ``full`` is set (like a full localStorage), or only
    writes of the keys in ``refused``."""

    def __init__(self):
        super().__init__()
        self.full = False
        self.refused = set()

    def set(self, key, value):
        if self.full or key in self.refused:
            raise StorageWriteError("quota")
        super().set(key, value)


@pytest.fixture
def store():
    return FlakyStore()


@pytest.fixture
def uow(store):
    unit = UnitOfWork(KeyValueRepository(store))
    unit.load()
    return unit


def create(uow, **overrides):
    args = dict(template_id="default8", client_name="Anna de Vries", start_date=date(2026, 3, 9),
                frequency="biweekly", coaching_question="Meer rust")
    args.update(overrides)
    return trajectories.create_trajectory(uow, CLOCK, **args)


def stored(store):
    return dict(store.data)


def fresh(store):
    """What a new visit reads."""
    unit = UnitOfWork(KeyValueRepository(store))
    unit.load()
    return unit


def assert_unchanged(uow, store, before_store, before_memory):
    assert stored(store) == before_store
    assert uow.trajectories == before_memory


@pytest.fixture
def traj(uow):
    return create(uow)


def snapshot(uow, store):
    return stored(store), copy.deepcopy(uow.trajectories)


# --- clock -------------------------------------------------------------------------------------

def test_clock_needs_an_offset_and_gives_local_day_and_stamp():
    from datetime import datetime

    with pytest.raises(ValueError):
        Clock(datetime(2026, 3, 2, 9, 30))
    late = Clock.at(2026, 11, 30, 23, 30, offset_minutes=60)  # 22:30 UTC
    assert late.today() == date(2026, 11, 30) and late.stamp() == "2026-11-30T23:30:00+01:00"


# --- create, details, delete -----------------------------------------------------------------------

def test_create_stores_and_reads_back(uow, store):
    traj = create(uow)
    assert traj.id in fresh(store).trajectories
    assert traj.created_at == CLOCK.stamp() and traj.revision == 1


@pytest.mark.parametrize("field,overrides", [
    ("client_name", {"client_name": ""}),
    ("start_date", {"start_date": None}),
    ("template_id", {"template_id": "nope"}),
    ("frequency", {"frequency": "daily"}),
    ("frequency_days", {"frequency": "custom", "frequency_days": 0}),
    ("frequency_days", {"frequency": "custom", "frequency_days": 366}),
    ("closing_variant", {"closing_variant": "three"}),
])
def test_create_refuses_with_a_message_for_the_field(uow, store, field, overrides):
    with pytest.raises(ValidationError) as caught:
        create(uow, **overrides)
    assert field in caught.value.fields and caught.value.fields[field]
    assert uow.trajectories == {} and stored(store) == {}


def test_create_reports_every_field_at_once(uow):
    with pytest.raises(ValidationError) as caught:
        create(uow, client_name="", start_date=None, template_id="nope")
    assert {"client_name", "start_date", "template_id"} <= set(caught.value.fields)


@pytest.mark.parametrize("frequency,days", [("weekly", None), ("biweekly", None), ("monthly", None),
                                            ("custom", 1), ("custom", 365)])
@pytest.mark.parametrize("variant", [None, "one_90", "two_60"])
@pytest.mark.parametrize("template_id", ["default8", "short6", "extended12"])
def test_create_accepts_every_choice_of_the_form(uow, frequency, days, variant, template_id):
    traj = create(uow, frequency=frequency, frequency_days=days, closing_variant=variant, template_id=template_id)
    assert traj.frequency == frequency and traj.frequency_days == days


def test_create_refused_by_a_full_store_keeps_nothing(uow, store):
    store.full = True
    with pytest.raises(StorageWriteError):
        create(uow)
    assert uow.trajectories == {} and stored(store) == {}


def test_change_client_and_question(uow, store, traj):
    trajectories.change_client(uow, CLOCK, traj.id, client_name="Anna Jansen", email="a@example.org",
                               coaching_question="Scherper")
    again = fresh(store).trajectories[traj.id]
    assert again.client.name == "Anna Jansen" and again.coaching_question == "Scherper"
    with pytest.raises(ValidationError) as caught:
        trajectories.change_client(uow, CLOCK, traj.id, client_name="")
    assert "client_name" in caught.value.fields


def test_delete_needs_confirmation_and_undo_brings_it_back(uow, store, traj):
    with pytest.raises(ValidationError) as caught:
        trajectories.delete_trajectory(uow, CLOCK, traj.id, confirmed=False)
    assert "confirm" in caught.value.fields and traj.id in uow.trajectories
    trajectories.delete_trajectory(uow, CLOCK, traj.id, confirmed=True)
    assert traj.id not in fresh(store).trajectories
    assert uow.undo(CLOCK) == "ui.undo.deleted"
    assert traj.id in fresh(store).trajectories and traj.id in uow.trajectories


# --- sessions ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", traject.model.SESSION_STATUSES)
def test_every_session_status_is_accepted(uow, store, traj, status):
    session = traj.session_by_number(2)
    sessions.record_session(uow, CLOCK, traj.id, session.id, status=status,
                            notes=SessionNotes(kern="GROW"), check=SessionCheck(how_was_it="Goed"))
    again = fresh(store).trajectories[traj.id].session(session.id)
    assert again.status == status and again.notes.kern == "GROW"


def test_record_session_refuses_an_unknown_status(uow, store, traj):
    before = snapshot(uow, store)
    with pytest.raises(ValidationError) as caught:
        sessions.record_session(uow, CLOCK, traj.id, traj.sessions[1].id, status="gehouden")
    assert "status" in caught.value.fields
    assert_unchanged(uow, store, *before)


def test_holding_the_last_session_completes_and_a_closed_one_refuses(uow, store, traj):
    for session in traj.sessions:
        sessions.record_session(uow, CLOCK, traj.id, session.id, status="held")
    assert fresh(store).trajectories[traj.id].status == "completed"
    before = snapshot(uow, store)
    with pytest.raises(DomainError):
        sessions.record_session(uow, CLOCK, traj.id, traj.sessions[2].id, status="planned")
    assert_unchanged(uow, store, *before)


def test_reschedule_add_remove_update(uow, store, traj):
    third = traj.session_by_number(3)
    sessions.reschedule_session(uow, CLOCK, traj.id, third.id, new_date=date(2026, 4, 20), shift_later=True)
    assert fresh(store).trajectories[traj.id].session(third.id).planned_date == date(2026, 4, 20)
    added = sessions.add_session(uow, CLOCK, traj.id, after_number=3)
    assert added.number == 4 and traj.planned_sessions == 9
    sessions.remove_session(uow, CLOCK, traj.id, added.id)
    assert traj.planned_sessions == 8
    sessions.update_session(uow, CLOCK, traj.id, third.id, focus="Grenzen")
    assert fresh(store).trajectories[traj.id].session(third.id).focus == "Grenzen"


def test_a_refused_session_edit_leaves_storage_and_memory_as_they_were(uow, store, traj):
    before = snapshot(uow, store)
    with pytest.raises(ValidationError):
        sessions.update_session(uow, CLOCK, traj.id, traj.sessions[3].id, focus="x" * 5000)
    assert_unchanged(uow, store, *before)
    with pytest.raises(NotFoundError):
        sessions.update_session(uow, CLOCK, traj.id, "nope", focus="x")
    assert_unchanged(uow, store, *before)


# --- goals and scores ------------------------------------------------------------------------------

def test_goal_with_baseline_edit_and_delete(uow, store, traj):
    goal = goals.add_goal(uow, CLOCK, traj.id, title="Rust", smart={"specific": "Minder mail"}, baseline=4)
    again = fresh(store).trajectories[traj.id].goals[0]
    assert again.specific == "Minder mail" and again.scores[0].moment == "intake" and again.scores[0].value == 4
    goals.update_goal(uow, CLOCK, traj.id, goal.id, title="Meer rust", smart={"measurable": "3x per week"})
    assert fresh(store).trajectories[traj.id].goals[0].measurable == "3x per week"
    goals.delete_goal(uow, CLOCK, traj.id, goal.id)
    assert fresh(store).trajectories[traj.id].goals == []


def test_a_goal_without_title_changes_nothing(uow, store, traj):
    before = snapshot(uow, store)
    with pytest.raises(ValidationError) as caught:
        goals.add_goal(uow, CLOCK, traj.id, title="")
    assert "title" in caught.value.fields
    with pytest.raises(ValidationError) as caught:
        goals.add_goal(uow, CLOCK, traj.id, title="Rust", baseline=11)
    assert "baseline" in caught.value.fields
    assert_unchanged(uow, store, *before)


@pytest.mark.parametrize("moment", traject.model.SCORE_MOMENTS)
@pytest.mark.parametrize("value", range(1, 11))
def test_every_score_choice_is_accepted(uow, store, traj, moment, value):
    goal = goals.add_goal(uow, CLOCK, traj.id, title="Rust")
    number = 3 if moment == "session" else None
    goals.record_score(uow, CLOCK, traj.id, goal.id, value=value, moment=moment, day=date(2026, 3, 2),
                       session_number=number)
    score = fresh(store).trajectories[traj.id].goals[0].scores[-1]
    assert (score.moment, score.value, score.session_number) == (moment, value, number)


def test_score_at_session_needs_an_existing_session(uow, store, traj):
    goal = goals.add_goal(uow, CLOCK, traj.id, title="Rust")
    before = snapshot(uow, store)
    for number, message in ((None, "Kies bij het moment"), (42, "geen sessie 42")):
        with pytest.raises(ValidationError) as caught:
            goals.record_score(uow, CLOCK, traj.id, goal.id, value=5, moment="session", day=date(2026, 3, 2),
                               session_number=number)
        assert message in caught.value.fields["session_number"]
    assert_unchanged(uow, store, *before)


def test_session_number_is_ignored_for_other_moments(uow, traj):
    goal = goals.add_goal(uow, CLOCK, traj.id, title="Rust")
    score = goals.record_score(uow, CLOCK, traj.id, goal.id, value=5, moment="midterm", day=date(2026, 3, 2),
                               session_number=3)
    assert score.session_number is None


def test_a_new_baseline_replaces_the_earlier_one(uow, store, traj):
    goal = goals.add_goal(uow, CLOCK, traj.id, title="Rust", baseline=3)
    goals.record_score(uow, CLOCK, traj.id, goal.id, value=5, moment="intake", day=date(2026, 3, 3))
    scores = fresh(store).trajectories[traj.id].goals[0].scores
    assert [(s.moment, s.value) for s in scores] == [("intake", 5)]


def test_edit_and_delete_a_score(uow, store, traj):
    goal = goals.add_goal(uow, CLOCK, traj.id, title="Rust", baseline=3)
    goals.update_score(uow, CLOCK, traj.id, goal.id, 0, value=4, day=date(2026, 3, 4))
    assert fresh(store).trajectories[traj.id].goals[0].scores[0].value == 4
    with pytest.raises(NotFoundError):
        goals.delete_score(uow, CLOCK, traj.id, goal.id, 5)
    goals.delete_score(uow, CLOCK, traj.id, goal.id, 0)
    assert fresh(store).trajectories[traj.id].goals[0].scores == []


# --- homework ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", traject.model.HOMEWORK_STATUSES)
def test_homework_every_status_edit_delete(uow, store, traj, status):
    session = traj.session_by_number(1)
    item, warning = homework.add_homework(uow, CLOCK, traj.id, text="Logboek", due_date=date(2026, 3, 16),
                                          session_id=session.id)
    assert warning is None
    homework.set_homework_status(uow, CLOCK, traj.id, item.id, status=status)
    assert fresh(store).trajectories[traj.id].homework[0].status == status
    homework.update_homework(uow, CLOCK, traj.id, item.id, text="Dagboek", due_date=None, session_id=None)
    again = fresh(store).trajectories[traj.id].homework[0]
    assert (again.text, again.due_date, again.session_id) == ("Dagboek", None, None)
    homework.delete_homework(uow, CLOCK, traj.id, item.id)
    assert fresh(store).trajectories[traj.id].homework == []


def test_refused_homework_changes_nothing(uow, store, traj):
    before = snapshot(uow, store)
    for kwargs, field in (({"text": ""}, "text"), ({"text": "Iets", "session_id": "nope"}, "session_id")):
        with pytest.raises(ValidationError) as caught:
            homework.add_homework(uow, CLOCK, traj.id, **kwargs)
        assert field in caught.value.fields
    with pytest.raises(ValidationError):  # refused by the check after the change: undone by the unit of work
        homework.add_homework(uow, CLOCK, traj.id, text="x" * 100_000)
    assert_unchanged(uow, store, *before)


# --- due actions and follow-up -----------------------------------------------------------------------

def test_due_done_and_undone(uow, store, traj):
    care.mark_due_done(uow, CLOCK, traj.id, "send_intake")
    assert "send_intake" in fresh(store).trajectories[traj.id].done_actions
    care.mark_due_undone(uow, CLOCK, traj.id, "send_intake")
    assert "send_intake" not in fresh(store).trajectories[traj.id].done_actions


@pytest.mark.parametrize("kind", traject.model.FOLLOWUP_KINDS)
@pytest.mark.parametrize("status", traject.model.FOLLOWUP_STATUSES)
def test_followup_every_choice(uow, store, traj, kind, status):
    situations.close_early(uow, CLOCK, traj.id, note="Doel bereikt", confirmed=True)
    care.set_followup_status(uow, CLOCK, traj.id, kind=kind, status=status)
    item = next(i for i in fresh(store).trajectories[traj.id].followups if i.kind == kind)
    assert item.status == status


def test_followup_refuses_unknown_and_before_closing(uow, store, traj):
    before = snapshot(uow, store)
    with pytest.raises(ValidationError):
        care.set_followup_status(uow, CLOCK, traj.id, kind="mail", status="klaar")
    with pytest.raises(DomainError):
        care.set_followup_status(uow, CLOCK, traj.id, kind="mail", status="done")
    assert_unchanged(uow, store, *before)


# --- forms -------------------------------------------------------------------------------------------

def test_forms_save_choose_and_client_answers(uow, store, traj):
    forms.save_form(uow, CLOCK, traj.id, "intake", {"background": "Stress"})
    assert fresh(store).trajectories[traj.id].forms["intake"].updated_at == CLOCK.stamp()
    chosen = [q.id for group in traject.question_bank().values() for q in group][:3]
    forms.choose_evaluation_questions(uow, CLOCK, traj.id, chosen)
    assert fresh(store).trajectories[traj.id].evaluation_questions == chosen
    forms.apply_client_answers(uow, CLOCK, traj.id, "intake", {"expectations": "Rust"})
    answers = fresh(store).trajectories[traj.id].forms["intake"].answers
    assert answers == {"background": "Stress", "expectations": "Rust"}


def test_after_closing_only_the_closing_forms_change(uow, store, traj):
    situations.close_early(uow, CLOCK, traj.id, note="", confirmed=True)
    forms.save_form(uow, CLOCK, traj.id, "borging", {})
    before = snapshot(uow, store)
    with pytest.raises(DomainError):
        forms.save_form(uow, CLOCK, traj.id, "intake", {"background": "x"})
    assert_unchanged(uow, store, *before)


def test_invalid_form_answers_change_nothing(uow, store, traj):
    before = snapshot(uow, store)
    with pytest.raises(ValidationError):
        forms.save_form(uow, CLOCK, traj.id, "intake", {"no_such_question": "x"})
    assert_unchanged(uow, store, *before)


# --- special situations --------------------------------------------------------------------------------

def test_every_situation(uow, store):
    traj = create(uow)
    situations.extend(uow, CLOCK, traj.id, extra_sessions=2, agreements="Meer", confirmed=True)
    assert fresh(store).trajectories[traj.id].planned_sessions == 10
    situations.change_frequency(uow, CLOCK, traj.id, frequency="custom", frequency_days=10,
                                next_date=date(2026, 4, 1), confirmed=True)
    situations.pause(uow, CLOCK, traj.id, note="Ziek", confirmed=True)
    assert fresh(store).trajectories[traj.id].status == "paused"
    situations.resume(uow, CLOCK, traj.id, next_date=date(2026, 5, 1), confirmed=True)
    situations.no_click(uow, CLOCK, traj.id, referral_note="Collega", confirmed=True)
    assert fresh(store).trajectories[traj.id].end_reason == "no_click"


@pytest.mark.parametrize("choice", situations.DROP_OUT_CHOICES)
@pytest.mark.parametrize("frequency", ["weekly", "biweekly", "monthly"])
def test_drop_out_every_choice(uow, store, choice, frequency):
    traj = create(uow)
    situations.drop_out(uow, CLOCK, traj.id, contact_date=date(2026, 3, 2), note="Gebeld", choice=choice,
                        next_date=date(2026, 3, 20), frequency=frequency, confirmed=True)
    again = fresh(store).trajectories[traj.id]
    assert {"contact": "active", "pause": "paused", "frequency": "active", "close": "stopped"}[choice] == again.status


def test_situations_need_confirmation_and_refuse_without_change(uow, store, traj):
    before = snapshot(uow, store)
    with pytest.raises(ValidationError) as caught:
        situations.pause(uow, CLOCK, traj.id, note="", confirmed=False)
    assert "confirm" in caught.value.fields
    with pytest.raises(ValidationError):  # session numbers stop at 99: refused after sessions were added
        situations.extend(uow, CLOCK, traj.id, extra_sessions=200, agreements="", confirmed=True)
    with pytest.raises(ValidationError) as caught:
        situations.drop_out(uow, CLOCK, traj.id, contact_date=date(2026, 3, 2), note="", choice="weg",
                            next_date=date(2026, 3, 2), confirmed=True)
    assert "choice" in caught.value.fields
    assert_unchanged(uow, store, *before)


# --- templates ---------------------------------------------------------------------------------------

ROWS = [{"phase": "voorbereiding", "role": "intake"}, {"phase": "start", "role": "regular", "focus": "Start"},
        {"phase": "afronding", "role": "closing_single"}]


def test_own_templates_save_copy_delete_add(uow, store):
    own = templates.save_template(uow, CLOCK, template_id=None, name="Kort", rows=ROWS, closing_variant="one_90")
    assert [tpl.name for tpl in fresh(store).templates] == ["Kort"]
    copied = templates.copy_template(uow, CLOCK, "default8")
    assert len(fresh(store).templates) == 2 and "kopie" in copied.name
    templates.delete_template(uow, CLOCK, own.id, confirmed=True)
    assert [tpl.id for tpl in fresh(store).templates] == [copied.id]
    received = traject.make_template("Gedeeld", [dict(row, number=i) for i, row in enumerate(ROWS)], "one_90")
    templates.add_template(uow, CLOCK, received)
    assert len(fresh(store).templates) == 2


def test_refused_templates_change_nothing(uow, store):
    before = stored(store)
    with pytest.raises(ValidationError) as caught:
        templates.save_template(uow, CLOCK, template_id=None, name="", rows=ROWS, closing_variant="one_90")
    assert "name" in caught.value.fields
    with pytest.raises(ValidationError):
        templates.save_template(uow, CLOCK, template_id=None, name="X", rows=[{"phase": "?", "role": "?"}],
                                closing_variant="one_90")
    with pytest.raises(ValidationError):
        templates.delete_template(uow, CLOCK, "nope", confirmed=False)
    with pytest.raises(NotFoundError):
        templates.delete_template(uow, CLOCK, "nope", confirmed=True)
    assert stored(store) == before and uow.templates == []


def test_a_failed_template_write_restores_the_list(uow, store):
    store.full = True
    with pytest.raises(StorageWriteError):
        templates.copy_template(uow, CLOCK, "default8")
    assert uow.templates == []


# --- settings, sharing, calendar ----------------------------------------------------------------------

def test_backup_nudge_and_last_export(uow, store):
    settings.set_backup_nudge(uow, CLOCK, days=14)
    assert fresh(store).settings.ui["backup_nudge_days"] == 14
    with pytest.raises(ValidationError) as caught:
        settings.set_backup_nudge(uow, CLOCK, days=0)
    assert "days" in caught.value.fields and fresh(store).settings.ui["backup_nudge_days"] == 14
    settings.record_export(uow, CLOCK)
    assert fresh(store).settings.ui["last_export"] == CLOCK.stamp()


def test_form_link_makes_the_secret_once(uow, store, traj):
    link = sharing.make_form_link(uow, CLOCK, traj.id, "intake", app_url="https://example.org/app/", name="Anna",
                                  question_ids=[q.id for q in traject.form("intake").questions][:2], protected=False)
    secret = settings.link_secret(fresh(store))
    assert secret and link.url.startswith("https://example.org/app/") and link.name == "Anna"
    sharing.make_form_link(uow, CLOCK, traj.id, "intake", app_url="https://example.org/app/", name="Anna",
                           question_ids=[traject.form("intake").questions[0].id], protected=True)
    assert settings.link_secret(fresh(store)) == secret


@pytest.mark.parametrize("lead", calendar.LEADS)
@pytest.mark.parametrize("title", calendar.TITLE_MODES)
def test_calendar_every_choice(uow, store, traj, lead, title):
    made = calendar.calendar_file(uow, CLOCK, trajectory_id=traj.id, lead=lead, title_mode=title)
    assert made.name.endswith(".ics") and "BEGIN:VCALENDAR" in made.text
    assert calendar.preferences(fresh(store).settings) == (lead, title)


def test_calendar_refuses_unknown_choices_and_nothing_to_export(uow):
    with pytest.raises(ValidationError):
        calendar.calendar_file(uow, CLOCK, trajectory_id=None, lead="5", title_mode="initials")
    with pytest.raises(ValidationError):
        calendar.calendar_file(uow, CLOCK, trajectory_id=None, lead="60", title_mode="initials")


# --- files, import, conflicts ------------------------------------------------------------------------

def test_export_files_are_named_by_the_coachs_day(uow, traj):
    late = Clock.at(2026, 12, 1, 0, 30, offset_minutes=60)  # 23:30 UTC the day before
    assert transfer.backup_file(uow, late).name == "traject-backup-2026-12-01.json"
    assert transfer.trajectory_file(uow, late, traj.id).name == "traject-anna-de-vries-2026-12-01.json"


def test_import_merge_and_replace(uow, store, traj):
    text = transfer.backup_file(uow, CLOCK).text
    other = UnitOfWork(KeyValueRepository(DictStore()))
    other.load()
    mine = create(other, client_name="Bert")
    count = transfer.import_merge(other, CLOCK, transfer.read_import(text), overwrite=set())
    assert count == 1 and set(other.trajectories) == {mine.id, traj.id}
    with pytest.raises(ValidationError):
        transfer.import_replace(other, CLOCK, transfer.read_import(text), confirmed=False)
    transfer.import_replace(other, CLOCK, transfer.read_import(text), confirmed=True)
    assert set(other.trajectories) == {traj.id}


def test_import_merge_keeps_or_overwrites_per_id(uow, store, traj):
    text = transfer.backup_file(uow, CLOCK).text
    trajectories.change_client(uow, CLOCK, traj.id, client_name="Anna Nieuw")
    transfer.import_merge(uow, CLOCK, transfer.read_import(text), overwrite=set())
    assert fresh(store).trajectories[traj.id].client.name == "Anna Nieuw"
    transfer.import_merge(uow, CLOCK, transfer.read_import(text), overwrite={traj.id})
    assert fresh(store).trajectories[traj.id].client.name == "Anna de Vries"


def test_a_failed_import_writes_nothing(uow, store, traj):
    backup = transfer.read_import(transfer.backup_file(uow, CLOCK).text)
    other_store = FlakyStore()
    other = UnitOfWork(KeyValueRepository(other_store))
    other.load()
    create(other, client_name="Bert")
    before = stored(other_store)
    other_store.refused.add(other.repo.trajectory_key(traj.id))  # Bert is removed first, then this write fails
    with pytest.raises(StorageWriteError):
        transfer.import_replace(other, CLOCK, backup, confirmed=True)
    assert stored(other_store) == before and len(other.trajectories) == 1


def test_conflict_keep_mine_and_take_theirs(store, uow, traj):
    tab_b = fresh(store)
    trajectories.change_client(tab_b, CLOCK, traj.id, client_name="Uit tab B")
    with pytest.raises(ConflictError) as caught:
        trajectories.change_client(uow, CLOCK, traj.id, client_name="Uit tab A")
    mine = caught.value.mine
    assert mine.client.name == "Uit tab A" and uow.trajectories[traj.id].client.name == "Anna de Vries"
    transfer.keep_mine(uow, CLOCK, mine)
    assert fresh(store).trajectories[traj.id].client.name == "Uit tab A"
    transfer.take_theirs(tab_b, traj.id)
    assert tab_b.trajectories[traj.id].client.name == "Uit tab A"


def test_unreadable_entries_are_kept_until_deleted(uow, store, traj):
    store.data["traject:t:kapot"] = "{niet leesbaar"
    uow.load()
    assert [e.key for e in uow.unreadable] == ["traject:t:kapot"]
    with pytest.raises(ValidationError):
        transfer.delete_unreadable(uow, CLOCK, confirmed=False)
    transfer.delete_unreadable(uow, CLOCK, confirmed=True)
    assert "traject:t:kapot" not in store.data and uow.unreadable == []


# --- the unit of work itself ----------------------------------------------------------------------------

def test_a_bug_inside_a_service_is_unexpected_and_undone(uow, store, traj):
    before = snapshot(uow, store)
    with pytest.raises(UnexpectedError) as caught:
        with uow.transaction("ui.undo.session", CLOCK) as tx:
            tx.trajectory(traj.id).client.name = "Half"
            raise KeyError("bug")
    assert "KeyError" in caught.value.detail and "Er ging iets mis" in str(caught.value)
    assert_unchanged(uow, store, *before)


def test_a_failure_while_saving_the_second_of_two_puts_back_the_first(uow, store):
    first, second = create(uow), create(uow, client_name="Bert")
    before = snapshot(uow, store)
    original_save = uow.repo.save

    def failing_save(traj, **kwargs):
        if traj.id == second.id:
            raise StorageWriteError("quota")
        return original_save(traj, **kwargs)

    uow.repo.save = failing_save
    with pytest.raises(StorageWriteError):
        with uow.transaction("ui.undo.details", CLOCK) as tx:
            tx.trajectory(first.id).client.name = "A2"
            tx.trajectory(second.id).client.name = "B2"
    assert_unchanged(uow, store, *before)


def test_undo_the_last_twenty_changes_in_order(uow, store, traj):
    for number in range(1, 23):
        trajectories.change_client(uow, CLOCK, traj.id, client_name=f"Naam {number}")
    assert len(uow.changes) == 20
    for number in range(21, 1, -1):
        uow.undo(CLOCK)
        assert fresh(store).trajectories[traj.id].client.name == f"Naam {number}"
    assert [e.kind for e in fresh(store).trajectories[traj.id].events].count("undone") == 20  # each undo kept
    with pytest.raises(UndoError):
        uow.undo(CLOCK)


def test_undo_keeps_the_revision_rising_and_refuses_after_another_tab(uow, store, traj):
    care.mark_due_done(uow, CLOCK, traj.id, "send_intake")
    revision = fresh(store).trajectories[traj.id].revision
    uow.undo(CLOCK)
    again = fresh(store).trajectories[traj.id]
    assert "send_intake" not in again.done_actions and again.revision == revision + 1
    assert (again.events[-1].kind, again.events[-1].note) == ("undone", "actie gedaan")  # the history says so
    assert uow.trajectories[traj.id].revision == revision + 1
    care.mark_due_done(uow, CLOCK, traj.id, "send_intake")
    other = fresh(store)
    trajectories.change_client(other, CLOCK, traj.id, client_name="Andere tab")
    with pytest.raises(UndoError) as caught:
        uow.undo(CLOCK)
    assert caught.value.code == "changed"
    assert fresh(store).trajectories[traj.id].client.name == "Andere tab"


def test_undo_of_creation_and_of_a_template(uow, store):
    traj = create(uow)
    uow.undo(CLOCK)
    assert traj.id not in uow.trajectories and fresh(store).trajectories == {}
    templates.copy_template(uow, CLOCK, "default8")
    uow.undo(CLOCK)
    assert uow.templates == [] and fresh(store).templates == []
