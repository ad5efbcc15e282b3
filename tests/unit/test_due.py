from datetime import date

import traject
from conftest import NOW, hold_sessions


def keyed(actions):
    return {a.key.split(":")[0]: a for a in actions}


def test_due_actions_of_a_fresh_trajectory(make_traj):
    traj = make_traj(frequency="weekly")  # session 1 on 2026-03-25
    actions = traject.due_actions(traj, date(2026, 3, 20))
    assert [a.kind for a in actions] == ["send_intake", "hold_midterm", "send_evaluation_form"]
    intake, midterm, evaluation = actions
    assert intake.due_date == date(2026, 3, 23) and not intake.overdue
    assert intake.label == ("Intakeformulier en contract sturen aan Anna de Vries "
                            "(minstens 48 uur vóór sessie 1)")
    assert intake.trajectory_id == traj.id and intake.key == "send_intake"
    assert midterm.due_date == date(2026, 4, 15) and midterm.key == "midterm:" + traj.session_by_number(4).id
    assert "sessie 4" in midterm.label
    assert evaluation.due_date == date(2026, 4, 29)  # a week before closing session 7 (2026-05-06)


def test_overdue_first_then_by_date(make_traj):
    traj = make_traj(frequency="weekly")
    traject.add_homework(traj, "Dagboek", "2026-04-10")
    actions = traject.due_actions([traj], date(2026, 4, 20))
    assert [(a.kind, a.overdue) for a in actions] == [
        ("send_intake", True), ("homework_review", True), ("hold_midterm", True), ("send_evaluation_form", False)]
    assert actions[1].label == "Huiswerk nabespreken met Anna de Vries: Dagboek"


def test_homework_review_only_after_the_due_date(make_traj):
    traj = make_traj()
    traject.add_homework(traj, "Dagboek", "2026-04-10")
    assert "homework" not in keyed(traject.due_actions(traj, date(2026, 4, 10)))
    assert "homework" in keyed(traject.due_actions(traj, date(2026, 4, 11)))
    traject.set_homework_status(traj, traj.homework[0].id, "done")
    assert "homework" not in keyed(traject.due_actions(traj, date(2026, 4, 11)))


def test_mark_done_removes_an_action(make_traj):
    traj = make_traj()
    traject.mark_done(traj, "send_intake")
    assert traj.session_by_number(0).status == "held"
    actions = keyed(traject.due_actions(traj, date(2026, 3, 24)))
    assert "send_intake" not in actions
    key = actions["evaluation_form"].key
    traject.mark_done(traj, key)
    assert "evaluation_form" not in keyed(traject.due_actions(traj, date(2026, 3, 24)))
    traject.unmark_done(traj, key)
    assert "evaluation_form" in keyed(traject.due_actions(traj, date(2026, 3, 24)))


def test_midterm_and_evaluation_form_disappear_when_done(make_traj):
    traj = make_traj()
    hold_sessions(traj, 4)
    traject.set_form_answers(traj, "evaluation", {"goal_reached": 7}, now=NOW)
    assert traject.due_actions(traj, date(2026, 5, 1)) == []


def test_plan_midterm_when_the_plan_has_none(make_traj):
    traj = make_traj()
    traject.update_session(traj, traj.session_by_number(4).id, role="regular")
    actions = keyed(traject.due_actions(traj, date(2026, 3, 1)))
    assert actions["plan_midterm"].due_date == traj.session_by_number(4).planned_date
    assert actions["plan_midterm"].label == "Tussentijdse evaluatie inplannen met Anna de Vries"


def test_followup_actions_after_completion(make_traj):
    traj = make_traj(frequency="weekly")
    hold_sessions(traj, 8)  # last session 2026-05-13
    actions = traject.due_actions(traj, date(2026, 5, 25))
    assert [(a.key, a.due_date, a.overdue) for a in actions] == [
        ("followup:mail", date(2026, 5, 20), True), ("followup:checkin", date(2026, 8, 13), False)]
    assert "3 maanden" in actions[1].label
    traject.mark_done(traj, "followup:mail")
    assert traj.followups[0].status == "done"
    traject.set_followup_status(traj, "checkin", "skipped")
    assert traject.due_actions(traj, date(2026, 5, 25)) == []


def test_followup_offsets_are_adjustable(make_traj):
    traj = make_traj(frequency="weekly", followup_mail_days=42, followup_checkin_months=1)
    hold_sessions(traj, 8)
    assert {f.kind: f.due_date for f in traj.followups} == {"mail": date(2026, 6, 24), "checkin": date(2026, 6, 13)}
    traject.set_followup_offsets(traj, 7, 3)
    assert {f.kind: f.due_date for f in traj.followups} == {"mail": date(2026, 5, 20), "checkin": date(2026, 8, 13)}


def test_paused_and_stopped_trajectories_have_no_actions(make_traj):
    paused, stopped = make_traj(), make_traj()
    traject.pause(paused, today=date(2026, 3, 10))
    traject.no_click(stopped, today=date(2026, 3, 10), referral_note="-")
    assert traject.due_actions([paused, stopped], date(2026, 12, 1)) == []


def test_across_trajectories_sorted_and_with_horizon(make_traj):
    early = make_traj(start="2026-03-10", frequency="weekly")
    late = make_traj(start="2026-04-10", frequency="weekly")
    actions = traject.due_actions([late, early], date(2026, 3, 20))
    assert actions[0].trajectory_id == early.id and actions[0].overdue
    assert [a.due_date for a in actions if not a.overdue] == sorted(a.due_date for a in actions if not a.overdue)
    soon = traject.due_actions([late, early], date(2026, 3, 20), horizon_days=20)
    assert {a.kind for a in soon} == {"send_intake", "hold_midterm"}
    assert all(a.due_date <= date(2026, 4, 9) for a in soon)
