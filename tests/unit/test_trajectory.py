from datetime import date

import pytest

import traject
from traject import DomainError, NotFoundError, SessionCheck, SessionNotes, ValidationError
from conftest import NOW, hold_sessions


def test_new_trajectory_fields(make_traj):
    traj = make_traj(email="anna@example.org", phone="06-12345678", trajectory_id="anna-2026")
    assert traj.id == "anna-2026"
    assert traj.client == traject.Client("Anna de Vries", "anna@example.org", "06-12345678")
    assert traj.coaching_question == "Meer rust in mijn werk"
    assert traj.start_date == date(2026, 3, 25)
    assert traj.planned_sessions == 8 and len(traj.sessions) == 9
    assert (traj.status, traj.revision, traj.created_at, traj.updated_at) == ("active", 0, NOW, NOW)
    assert traj.closing_variant == "two_60" and traj.frequency == "biweekly"
    assert traj.events[0].kind == "created" and traj.events[0].date == date(2026, 3, 1)
    assert traj.session_by_number(1).planned_date == date(2026, 3, 25)


def test_generated_ids_are_unique_hex(make_traj):
    a, b = make_traj(), make_traj()
    assert a.id != b.id and len(a.id) == 32 and int(a.id, 16) >= 0
    assert len({s.id for s in a.sessions + b.sessions}) == 18


def test_new_trajectory_rejects_bad_input(make_traj):
    with pytest.raises(ValidationError) as info:
        make_traj(start="2026-02-30")
    assert info.value.problems[0].path == "start_date"
    with pytest.raises(ValidationError) as info:
        make_traj(frequency="custom")  # custom needs frequency_days
    assert "frequency_days" in info.value.problems[0].path
    with pytest.raises(ValidationError):
        traject.new_trajectory(traject.default_template(), "", "vraag", "2026-03-25", now=NOW)
    with pytest.raises(ValidationError):
        make_traj(frequency="daily")


def test_custom_frequency(make_traj):
    traj = make_traj(frequency="custom", frequency_days=10)
    assert traj.session_by_number(2).planned_date == date(2026, 4, 4)


def test_closing_variant_one_90_on_the_default_template(make_traj):
    traj = make_traj(closing_variant="one_90")
    roles = {s.number: s.role for s in traj.sessions}
    assert roles[8] == "closing_single" and roles[7] == "regular" and roles[4] == "midterm"
    assert traj.session_by_number(8).duration_minutes == 90
    assert traj.session_by_number(7).phase == "werk"
    assert traj.session_by_number(7).homework == "Evaluatieformulier invullen"
    assert traj.closing_variant == "one_90"


def test_closing_variant_two_60_on_the_short_template(make_traj):
    traj = make_traj(traject.short_template(), closing_variant="two_60")
    roles = {s.number: s.role for s in traj.sessions}
    assert (roles[5], roles[6]) == ("closing_first", "closing_last")
    assert roles[3] == "midterm"
    assert all(s.duration_minutes == 60 for s in traj.sessions)
    assert traj.session_by_number(4).homework == "Evaluatieformulier invullen"


def test_add_session_replans_later_sessions(make_traj):
    traj = make_traj(frequency="weekly")
    new = traject.add_session(traj, 5, today=date(2026, 3, 1), focus="Extra thema")
    assert new.number == 6 and traj.planned_sessions == 9
    assert [s.number for s in traj.sessions] == list(range(10))
    assert traj.session_by_number(6).planned_date == date(2026, 4, 29)
    assert traj.session_by_number(9).planned_date == date(2026, 5, 20)
    assert traj.session_by_number(9).role == "closing_last"


def test_remove_session_moves_later_sessions_up(make_traj):
    traj = make_traj(frequency="weekly")
    old_date = traj.session_by_number(3).planned_date
    traject.remove_session(traj, traj.session_by_number(3).id, today=date(2026, 3, 1))
    assert traj.planned_sessions == 7 and [s.number for s in traj.sessions] == list(range(8))
    assert traj.session_by_number(3).role == "midterm" and traj.session_by_number(3).planned_date == old_date
    with pytest.raises(DomainError):
        traject.remove_session(traj, traj.session_by_number(0).id, today=date(2026, 3, 1))


def test_update_session_edits_and_validates(make_traj):
    traj = make_traj()
    sid = traj.session_by_number(3).id
    notes = SessionNotes("Check-in", "GROW op thema", "Afspraken", "Meer nee zeggen")
    traject.update_session(traj, sid, focus="Grenzen", notes=notes, check=SessionCheck("Goed", "Nee zeggen", ""))
    assert traj.session(sid).notes.takeaway == "Meer nee zeggen" and traj.session(sid).focus == "Grenzen"
    with pytest.raises(ValidationError):
        traject.update_session(traj, sid, focus="x" * 5000)
    with pytest.raises(ValidationError):
        traject.update_session(traj, sid, number=1)
    with pytest.raises(NotFoundError):
        traject.update_session(traj, "nope", focus="x")


def test_record_session_and_completion_starts_followup(make_traj):
    traj = make_traj(frequency="weekly")
    hold_sessions(traj, 7)
    assert traj.status == "active" and traj.followups == []
    last = traj.session_by_number(8)
    traject.record_session(traj, last.id, "held", today=date(2026, 5, 14),
                           notes=SessionNotes(takeaway="Vertrouwen"))
    assert traj.status == "completed" and traj.end_reason == "completed"
    assert traj.ended_on == last.planned_date == date(2026, 5, 13)
    assert {f.kind: f.due_date for f in traj.followups} == {"mail": date(2026, 5, 20), "checkin": date(2026, 8, 13)}
    assert [e.kind for e in traj.events[-2:]] == ["completed", "followup_started"]
    with pytest.raises(DomainError):
        traject.record_session(traj, last.id, "cancelled", today=date(2026, 5, 15))


def test_record_session_rejects_unknown_status(make_traj):
    traj = make_traj()
    with pytest.raises(ValidationError):
        traject.record_session(traj, traj.sessions[1].id, "gone", today=date(2026, 3, 25))


def test_session_flags(make_traj):
    traj = make_traj()
    assert [s.number for s in traj.sessions if s.is_midterm] == [4]
    assert [s.number for s in traj.sessions if s.is_closing] == [7, 8]
    assert all(s.is_pending for s in traj.sessions)


def test_dates_may_be_given_as_iso_strings(make_traj):
    traj = make_traj()
    traject.pause(traj, today="2026-04-01")
    assert traj.events[-1].date == date(2026, 4, 1)
    with pytest.raises(ValidationError):
        traject.resume(traj, "2026-05-01", today="2026-04-31")
    assert traj.status == "paused"
    assert [a.kind for a in traject.due_actions(make_traj(), "2026-03-01")][0] == "send_intake"


@pytest.mark.parametrize("stamp", ["2026-03-01T09:00:00.000Z", "2026-03-01T09:00:00+01:00",
                                   "2026-03-01T09:00:00.123456+05:30", "2026-03-01T09:00"])
def test_browser_style_timestamps_are_accepted(stamp):
    traj = traject.new_trajectory(traject.default_template(), "Anna", "Vraag", "2026-03-25", now=stamp)
    assert traj.created_at == stamp


@pytest.mark.parametrize("stamp", ["2026-03-01", "2026-02-30T09:00:00Z", "now", "2026-03-01T25:00:00Z"])
def test_bad_timestamps_are_refused(stamp):
    with pytest.raises(ValidationError):
        traject.new_trajectory(traject.default_template(), "Anna", "Vraag", "2026-03-25", now=stamp)

