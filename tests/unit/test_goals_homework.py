from datetime import date

import pytest

import traject
from traject import ValidationError


def test_smart_goal_with_scores_over_time(make_traj):
    traj = make_traj()
    goal = traject.add_goal(traj, "Grenzen stellen", specific="Nee zeggen tegen extra werk",
                            measurable="3 keer per week", acceptable="Minder stress", realistic="Met steun",
                            time_bound="Voor de zomer")
    traject.record_score(traj, goal.id, 3, "2026-03-25", "intake")
    traject.record_score(traj, goal.id, 5, date(2026, 5, 6), "midterm")
    traject.record_score(traj, goal.id, 6, date(2026, 5, 20), "session", session_number=5)
    traject.record_score(traj, goal.id, 8, date(2026, 7, 1), "end")
    result = traject.goal_progress(goal)
    assert (result.baseline, result.latest, result.end, result.change) == (3, 8, 8, 5)
    assert [s.value for s in result.history] == [3, 5, 6, 8]
    assert traject.goals_progress(traj)[0].goal_id == goal.id


def test_baseline_is_the_intake_score_even_if_recorded_later(make_traj):
    traj = make_traj()
    goal = traject.add_goal(traj, "Rust")
    traject.record_score(traj, goal.id, 4, date(2026, 4, 1), "session", session_number=2)
    traject.record_score(traj, goal.id, 2, date(2026, 3, 25), "intake")
    assert traject.goal_progress(goal).baseline == 2
    assert traject.goal_progress(goal).latest == 4


def test_goal_without_scores():
    goal = traject.Goal("g1", "Leeg")
    assert traject.goal_progress(goal).change is None


@pytest.mark.parametrize("value, moment, number", [
    (0, "intake", None), (11, "end", None), (5.5, "end", None), (True, "end", None),
    (5, "later", None), (5, "session", None), (5, "end", 3),
])
def test_invalid_scores_are_refused(make_traj, value, moment, number):
    traj = make_traj()
    goal = traject.add_goal(traj, "Rust")
    with pytest.raises(ValidationError):
        traject.record_score(traj, goal.id, value, date(2026, 4, 1), moment, session_number=number)
    assert goal.scores == []


def test_goal_needs_a_title(make_traj):
    traj = make_traj()
    with pytest.raises(ValidationError):
        traject.add_goal(traj, "  ")  # nothing stored then: see test_services (the unit of work undoes it)


def test_homework_warning_above_three_open(make_traj):
    traj = make_traj()
    session = traj.session_by_number(1)
    warnings = [traject.add_homework(traj, f"Opdracht {i}", "2026-04-01", session.id)[1] for i in range(1, 5)]
    assert warnings[:3] == [None, None, None]
    assert warnings[3] is not None and "40%" in warnings[3] and "4" in warnings[3]
    assert traject.homework_warning(traj) == warnings[3]
    traject.set_homework_status(traj, traj.homework[0].id, "done")
    assert traject.homework_warning(traj) is None  # back to 3 open
    assert len(traject.open_homework(traj)) == 3
    assert len(traj.homework) == 4  # advice only: nothing was blocked


def test_homework_fields_and_validation(make_traj):
    traj = make_traj()
    item, _ = traject.add_homework(traj, "Dagboek bijhouden", date(2026, 4, 8), traj.session_by_number(2).id)
    assert (item.status, item.due_date) == ("open", date(2026, 4, 8))
    with pytest.raises(ValidationError):
        traject.add_homework(traj, "Iets", "2026-13-01")
    with pytest.raises(ValidationError):
        traject.add_homework(traj, "Iets", session_id="bestaat-niet")
    with pytest.raises(ValidationError):
        traject.set_homework_status(traj, item.id, "klaar")
