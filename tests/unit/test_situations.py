from datetime import date

import pytest

import traject
from traject import DomainError, ValidationError
from conftest import hold_sessions


def by_number(traj):
    return {s.number: s for s in traj.sessions}


def test_extend_inserts_sessions_before_the_closing(make_traj):
    traj = make_traj(frequency="weekly")
    hold_sessions(traj, 4)
    closing_date = traj.session_by_number(7).planned_date
    traject.extend(traj, 2, "Twee extra sessies, zelfde tarief", today=date(2026, 4, 16))
    s = by_number(traj)
    assert traj.planned_sessions == 10 and sorted(s) == list(range(11))
    assert (s[7].role, s[8].role) == ("regular", "regular")
    assert (s[9].role, s[10].role) == ("closing_first", "closing_last")
    assert s[7].planned_date == closing_date == date(2026, 5, 6)
    assert [s[n].planned_date for n in (8, 9, 10)] == [date(2026, 5, 13), date(2026, 5, 20), date(2026, 5, 27)]
    assert s[4].status == "held" and s[4].planned_date == date(2026, 4, 15)  # history unchanged
    assert traj.agreements == "Twee extra sessies, zelfde tarief"
    assert traj.events[-1].kind == "extended" and "Twee extra" in traj.events[-1].note


def test_extend_is_refused_after_the_closing_started(make_traj):
    traj = make_traj()
    hold_sessions(traj, 7)
    with pytest.raises(DomainError):
        traject.extend(traj, 1, "x", today=date(2026, 7, 1))
    with pytest.raises(ValidationError):
        traject.extend(make_traj(), 0, "x", today=date(2026, 7, 1))


def test_close_early_when_the_goal_is_reached(make_traj):
    traj = make_traj()
    hold_sessions(traj, 5)
    traject.close_early(traj, today=date(2026, 6, 1), note="Doel bereikt")
    s = by_number(traj)
    assert traj.status == "completed" and traj.end_reason == "closed_early" and traj.ended_on == date(2026, 6, 1)
    assert [s[n].status for n in (6, 7, 8)] == ["cancelled"] * 3
    assert all(s[n].status == "held" for n in range(0, 6))
    assert {f.kind: f.due_date for f in traj.followups} == {"mail": date(2026, 6, 8), "checkin": date(2026, 9, 1)}
    assert "3" in traj.events[-2].note and traj.events[-2].kind == "closed_early"
    with pytest.raises(DomainError):
        traject.pause(traj, today=date(2026, 6, 2))
    assert len(traj.sessions) == 9  # closed trajectories keep their history


def test_pause_and_resume_replans_later_sessions(make_traj):
    traj = make_traj(frequency="biweekly")
    hold_sessions(traj, 3)
    traject.pause(traj, today=date(2026, 5, 1), note="Ziek")
    assert traj.status == "paused"
    with pytest.raises(DomainError):
        traject.pause(traj, today=date(2026, 5, 2))
    traject.resume(traj, "2026-06-03", today=date(2026, 5, 28))
    s = by_number(traj)
    assert traj.status == "active"
    assert [s[n].planned_date for n in range(4, 9)] == [date(2026, 6, 3), date(2026, 6, 17), date(2026, 7, 1),
                                                        date(2026, 7, 15), date(2026, 7, 29)]
    assert s[3].planned_date == date(2026, 4, 22)
    assert [e.kind for e in traj.events[-2:]] == ["paused", "resumed"]
    with pytest.raises(DomainError):
        traject.resume(traj, "2026-06-03", today=date(2026, 5, 28))


def test_no_click_stops_with_a_referral(make_traj):
    traj = make_traj()
    hold_sessions(traj, 2)
    traject.no_click(traj, today=date(2026, 4, 10), referral_note="Doorverwezen naar J. Jansen")
    s = by_number(traj)
    assert traj.status == "stopped" and traj.end_reason == "no_click"
    assert traj.referral_note == "Doorverwezen naar J. Jansen"
    assert all(s[n].status == "cancelled" for n in range(3, 9))
    assert traj.followups == []
    assert traj.events[-1].kind == "no_click"


def test_drop_out_contact_only(make_traj):
    traj = make_traj()
    traject.drop_out(traj, contact_date="2026-04-20", note="Gebeld, voicemail", today=date(2026, 4, 20))
    assert traj.status == "active" and traj.events[-1].kind == "contact_attempt"
    assert traj.events[-1].date == date(2026, 4, 20) and traj.events[-1].note == "Gebeld, voicemail"


def test_drop_out_choose_pause(make_traj):
    traj = make_traj()
    traject.drop_out(traj, contact_date="2026-04-20", note="Druk op werk", today=date(2026, 4, 21), choice="pause")
    assert traj.status == "paused"


def test_drop_out_choose_other_frequency(make_traj):
    traj = make_traj(frequency="weekly")
    hold_sessions(traj, 3)
    traject.drop_out(traj, contact_date="2026-04-20", note="Te snel", today=date(2026, 4, 21), choice="frequency",
                     frequency="monthly", next_date="2026-05-31")
    s = by_number(traj)
    assert traj.frequency == "monthly"
    assert [s[n].planned_date for n in range(4, 9)] == [date(2026, 5, 31), date(2026, 6, 30), date(2026, 7, 31),
                                                        date(2026, 8, 31), date(2026, 9, 30)]
    assert traj.events[-1].kind == "frequency_changed"


def test_drop_out_choose_close(make_traj):
    traj = make_traj()
    hold_sessions(traj, 2)
    traject.drop_out(traj, contact_date="2026-04-20", note="Wil stoppen", today=date(2026, 4, 22), choice="close")
    assert traj.status == "stopped" and traj.end_reason == "dropped_out" and traj.ended_on == date(2026, 4, 22)
    assert all(s.status == "cancelled" for s in traj.sessions if s.number > 2)


def test_drop_out_input_errors(make_traj):
    traj = make_traj()
    with pytest.raises(ValidationError):
        traject.drop_out(traj, contact_date="2026-04-31", note="", today=date(2026, 4, 22))
    with pytest.raises(ValidationError):
        traject.drop_out(traj, contact_date="2026-04-20", note="", today=date(2026, 4, 22), choice="ghost")
    with pytest.raises(ValidationError):
        traject.drop_out(traj, contact_date="2026-04-20", note="", today=date(2026, 4, 22), choice="frequency")
    assert traj.events[-1].kind == "created"


def test_change_frequency_custom(make_traj):
    traj = make_traj()
    traject.change_frequency(traj, "custom", today=date(2026, 3, 20), frequency_days=21)
    s = by_number(traj)
    assert s[1].planned_date == date(2026, 3, 25) and s[2].planned_date == date(2026, 4, 15)
    assert traj.frequency_days == 21
    with pytest.raises(ValidationError):
        traject.change_frequency(traj, "custom", today=date(2026, 3, 20))
