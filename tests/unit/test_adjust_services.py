"""Issue 14 through the service layer: every new coach action with a fixed clock and the real
repository; refusals change nothing; every change can be undone."""

from datetime import date

import pytest

from traject.errors import DomainError, ValidationError
from traject.model import SessionCheck, SessionNotes
from traject.repository import DictStore, KeyValueRepository
from traject.services import Clock, UnitOfWork, adjusting, sessions, trajectories

CLOCK = Clock.at(2026, 3, 2, 9, 30)


@pytest.fixture
def uow():
    unit = UnitOfWork(KeyValueRepository(DictStore()))
    unit.load()
    return unit


def create(uow):
    return trajectories.create_trajectory(uow, CLOCK, template_id="default8", client_name="Anna de Vries",
                                          start_date=date(2026, 3, 9), frequency="biweekly", email="a@example.org")


def fresh(uow):
    unit = UnitOfWork(KeyValueRepository(uow.repo.store))
    unit.load()
    return unit


def test_last_session_held_needs_the_closing_confirmation(uow):
    traj = create(uow)
    for session in traj.sessions[:-1]:
        adjusting.record_session_confirmed(uow, CLOCK, traj.id, session.id, status="held", closing_confirmed=False)
    last = traj.sessions[-1]
    with pytest.raises(ValidationError) as refused:
        adjusting.record_session_confirmed(uow, CLOCK, traj.id, last.id, status="held", closing_confirmed=False)
    assert "closing_confirmed" in refused.value.fields
    assert fresh(uow).trajectories[traj.id].status == "active"
    adjusting.record_session_confirmed(uow, CLOCK, traj.id, last.id, status="held", closing_confirmed=True)
    assert fresh(uow).trajectories[traj.id].status == "completed"


def test_notes_stay_editable_after_closing_and_reopen_and_follow_up(uow):
    traj = create(uow)
    for session in traj.sessions:
        adjusting.record_session_confirmed(uow, CLOCK, traj.id, session.id, status="held", closing_confirmed=True)
    last = traj.sessions[-1]
    adjusting.save_session_notes(uow, CLOCK, traj.id, last.id, notes=SessionNotes(kern="Afscheid genomen"),
                                 check=SessionCheck(take_away="Rust"))
    stored = fresh(uow).trajectories[traj.id]
    assert stored.sessions[-1].notes.kern == "Afscheid genomen" and stored.status == "completed"
    new = adjusting.start_follow_up(uow, CLOCK, traj.id, template_id="short6", start_date=date(2026, 9, 1),
                                    coaching_question="Nieuwe vraag")
    again = fresh(uow)
    assert again.trajectories[new.id].client.email == "a@example.org"
    with pytest.raises(ValidationError):
        adjusting.reopen(uow, CLOCK, traj.id, reason="")
    adjusting.reopen(uow, CLOCK, traj.id, reason="Nog één sessie")
    assert fresh(uow).trajectories[traj.id].status == "active"
    uow.undo(CLOCK)
    assert fresh(uow).trajectories[traj.id].status == "completed"


def test_plan_rhythm_closing_midterm_and_remove_held(uow):
    traj = create(uow)
    third = traj.session_by_number(3)
    with pytest.raises(ValidationError):
        adjusting.edit_session_plan(uow, CLOCK, traj.id, third.id, focus="x", homework="y", duration_minutes=300)
    adjusting.edit_session_plan(uow, CLOCK, traj.id, third.id, focus="Grenzen", homework="Dagboek",
                                duration_minutes=75)
    adjusting.change_rhythm(uow, CLOCK, traj.id, frequency="weekly", replan=True)
    adjusting.change_closing_variant(uow, CLOCK, traj.id, variant="one_90")
    adjusting.move_midterm(uow, CLOCK, traj.id, traj.session_by_number(5).id)
    stored = fresh(uow).trajectories[traj.id]
    assert stored.session_by_number(3).duration_minutes == 75 and stored.frequency == "weekly"
    assert stored.closing_variant == "one_90" and stored.session_by_number(5).is_midterm
    first = traj.session_by_number(1)
    adjusting.record_session_confirmed(uow, CLOCK, traj.id, first.id, status="held", closing_confirmed=False)
    with pytest.raises(DomainError):
        sessions.remove_session(uow, CLOCK, traj.id, first.id)
    sessions.remove_session(uow, CLOCK, traj.id, first.id, confirmed=True)
    assert fresh(uow).trajectories[traj.id].planned_sessions == 7
    uow.undo(CLOCK)
    assert fresh(uow).trajectories[traj.id].planned_sessions == 8


@pytest.mark.parametrize("option", ["close", "new_goals", "maintenance"])
def test_goal_reached_early_every_option_is_accepted(uow, option):
    traj = create(uow)
    adjusting.goal_reached_early(uow, CLOCK, traj.id, option=option, goal_titles=["Leidinggeven"], extra_sessions=1,
                                 frequency="monthly", confirmed=True)
    stored = fresh(uow).trajectories[traj.id]
    if option == "close":
        assert stored.status == "completed"
    elif option == "new_goals":
        assert [g.title for g in stored.goals] == ["Leidinggeven"] and stored.planned_sessions == 9
    else:
        assert stored.frequency == "monthly" and stored.status == "active"
