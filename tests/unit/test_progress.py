from datetime import date

import traject
from conftest import hold_sessions


def test_before_the_first_session_the_phase_is_voorbereiding(make_traj):
    p = traject.progress(make_traj())
    assert (p.phase, p.held, p.total, p.current_number, p.next_session_number) == ("voorbereiding", 0, 8, 1, 1)
    assert p.text == "sessie 1 van 8, fase Voorbereiding"
    assert p.next_session_date == date(2026, 3, 25)


def test_progress_through_the_phases(make_traj):
    traj = make_traj()
    hold_sessions(traj, 1)
    assert traject.progress(traj).text == "sessie 2 van 8, fase Start"  # Start/Werk counts as Start
    hold_sessions(traj, 2)
    p = traject.progress(traj)
    assert p.text == "sessie 3 van 8, fase Werk" and p.held == 2 and p.phase == "werk"
    assert p.next_session_id == traj.session_by_number(3).id
    hold_sessions(traj, 6)
    assert traject.progress(traj).phase == "afronding"


def test_cancelled_sessions_are_skipped(make_traj):
    traj = make_traj()
    hold_sessions(traj, 2)
    traject.record_session(traj, traj.session_by_number(3).id, "cancelled", today=date(2026, 4, 22))
    p = traject.progress(traj)
    assert p.current_number == 4 and p.held == 2


def test_progress_of_paused_completed_and_stopped(make_traj):
    traj = make_traj()
    hold_sessions(traj, 3)
    traject.pause(traj, today=date(2026, 5, 1))
    assert traject.progress(traj).text == "gepauzeerd bij sessie 4 van 8, fase Werk"
    traject.resume(traj, "2026-06-01", today=date(2026, 5, 20))
    traject.close_early(traj, today=date(2026, 5, 21))
    p = traject.progress(traj)
    assert p.text == "afgerond: 3 van 8 sessies gehouden" and p.phase == "afronding" and p.next_session_id is None
    other = make_traj()
    hold_sessions(other, 1)
    traject.no_click(other, today=date(2026, 4, 1), referral_note="Doorverwezen naar collega")
    assert traject.progress(other).text == "gestopt na 1 van 8 sessies"
