from datetime import date

import traject
from conftest import hold_sessions


def test_practice_figures(make_traj):
    running = make_traj()
    hold_sessions(running, 3)
    fresh = make_traj()
    paused = make_traj()
    traject.pause(paused, today=date(2026, 3, 10))
    done = make_traj()
    goal = traject.add_goal(done, "Rust")
    traject.record_score(done, goal.id, 3, date(2026, 3, 25), "intake")
    traject.record_score(done, goal.id, 8, date(2026, 7, 1), "end")
    other_goal = traject.add_goal(done, "Focus")
    traject.record_score(done, other_goal.id, 5, date(2026, 3, 25), "intake")
    traject.record_score(done, other_goal.id, 6, date(2026, 7, 1), "end")
    unmeasured = traject.add_goal(done, "Alleen nulmeting")
    traject.record_score(done, unmeasured.id, 5, date(2026, 3, 25), "intake")
    hold_sessions(done, 8)
    early = make_traj()
    traject.close_early(early, today=date(2026, 4, 1))
    stopped = make_traj()
    traject.drop_out(stopped, contact_date="2026-04-01", note="", today=date(2026, 4, 2), choice="close")

    figures = traject.practice_figures([running, fresh, paused, done, early, stopped])
    assert figures.total == 6
    assert figures.by_status == {"active": 2, "paused": 1, "completed": 2, "stopped": 1}
    assert figures.by_phase == {"voorbereiding": 2, "start": 0, "werk": 1, "afronding": 0}
    assert figures.completion_rate == 2 / 3 and figures.dropped_out == 1
    assert figures.goals_measured == 2 and figures.average_goal_change == 3.0


def test_practice_figures_of_nothing():
    figures = traject.practice_figures([])
    assert figures.total == 0 and figures.completion_rate is None and figures.average_goal_change is None
