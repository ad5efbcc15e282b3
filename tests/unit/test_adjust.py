"""Issue 14, "adjust everything, per client, at any time": the domain functions of
traject.adjust and the history they write. Dates are fixed; no clock is read."""

import copy
from datetime import date, timedelta

import pytest

import traject
from traject import DomainError, ValidationError
from traject.adjust import (change_closing_variant, change_rhythm, edit_client, edit_coaching_question, edit_goal,
                            edit_session_plan, follow_up_trajectory, future_held_warning, future_score_warning,
                            goal_reached_early, homework_session_number, link_homework, move_midterm, reopen,
                            shown_template_name)
from traject.closing_story import evaluation_form_homework_number
from traject.due import due_actions
from traject.forms import set_form_answers
from traject.goals import add_goal, record_score
from traject.homework import add_homework, set_homework_status
from traject.situations import close_early, extend
from traject.trajectory import add_session, record_session, remove_session

TODAY = date(2026, 3, 1)
NOW = "2026-03-01T10:00:00+01:00"


def kinds(traj):
    return [e.kind for e in traj.events]


def test_edit_client_details_and_question(make_traj):
    traj = make_traj()
    edit_client(traj, name="  Anna de Vries ", email="anna@example.org", phone="0612345678", today=TODAY)
    assert (traj.client.name, traj.client.email, traj.client.phone) == ("Anna de Vries", "anna@example.org", "0612345678")
    edit_coaching_question(traj, "Hoe zet ik grenzen zonder schuldgevoel?", today=TODAY)
    assert traj.coaching_question == "Hoe zet ik grenzen zonder schuldgevoel?"
    assert kinds(traj)[-2:] == ["edited", "edited"]
    before = copy.deepcopy(traj)
    with pytest.raises(ValidationError):
        edit_client(traj, name="  ", today=TODAY)
    assert traj == before


def test_client_details_stay_editable_after_closing(make_traj):
    traj = make_traj()
    close_early(traj, today=TODAY)
    edit_client(traj, name="Anna", email="a@example.org", today=TODAY)
    assert traj.client.email == "a@example.org"


def test_rhythm_change_replans_only_when_asked(make_traj):
    traj = make_traj()  # biweekly from 2026-03-25
    dates = [s.planned_date for s in traj.regular_sessions]
    change_rhythm(traj, "weekly", today=TODAY, replan=False)
    assert traj.frequency == "weekly" and [s.planned_date for s in traj.regular_sessions] == dates
    record_session(traj, traj.session_by_number(1).id, "held", today=date(2026, 3, 25))
    change_rhythm(traj, "custom", frequency_days=10, today=TODAY, replan=True)
    regular = traj.regular_sessions
    assert regular[0].planned_date == dates[0]  # held: history keeps its date
    assert regular[1].planned_date == dates[1]  # the first still planned keeps its date
    assert regular[2].planned_date == dates[1] + timedelta(days=10)
    assert traj.frequency_days == 10
    with pytest.raises(ValidationError):
        change_rhythm(traj, "custom", frequency_days=0, today=TODAY, replan=True)


@pytest.mark.parametrize("variant", ["one_90", "two_60"])
def test_closing_variant_can_be_changed_and_the_form_follows(make_traj, variant):
    traj = make_traj(closing_variant="one_90" if variant == "two_60" else "two_60")
    change_closing_variant(traj, variant, today=TODAY)
    closing = [s for s in traj.regular_sessions if s.is_closing]
    assert len(closing) == (1 if variant == "one_90" else 2)
    number = evaluation_form_homework_number(traj.sessions)
    forms = [s.number for s in traj.sessions if s.homework == "Evaluatieformulier invullen"]
    assert forms == [number]
    assert traj.planned_sessions == 8


def test_shown_template_name_follows_the_real_count_and_the_template_never_changes(make_traj):
    template = traject.default_template()
    pristine = copy.deepcopy(template)
    traj = traject.new_trajectory(template, "Anna", "", "2026-03-25", now=NOW)
    assert shown_template_name(traj) == "Standaardtraject (8 sessies)"
    extend(traj, 2, "Twee extra", today=TODAY)
    assert shown_template_name(traj) == "Standaardtraject (10 sessies)"
    assert "8 sessies" not in shown_template_name(traj)
    edit_session_plan(traj, traj.session_by_number(3).id, focus="Grenzen", homework="Dagboek", duration_minutes=75,
                      today=TODAY)
    move_midterm(traj, traj.session_by_number(5).id, today=TODAY)
    add_session(traj, 2, today=TODAY)
    remove_session(traj, traj.session_by_number(4).id, today=TODAY)
    change_closing_variant(traj, "one_90", today=TODAY)
    assert traj.template_name == "Standaardtraject (8 sessies)"  # where it came from
    assert template == pristine and traject.default_template() == pristine
    assert shown_template_name(traj) == f"Standaardtraject ({traj.planned_sessions} sessies)"


def test_session_plan_edit(make_traj):
    traj = make_traj()
    session = traj.session_by_number(3)
    edit_session_plan(traj, session.id, focus="Grenzen stellen", homework="Nee zeggen oefenen", duration_minutes=45,
                      today=TODAY)
    assert (session.focus, session.homework, session.duration_minutes) == ("Grenzen stellen", "Nee zeggen oefenen", 45)
    with pytest.raises(ValidationError):
        edit_session_plan(traj, session.id, duration_minutes=5, today=TODAY)
    assert session.duration_minutes == 45


def test_add_between_and_remove_planned_and_held_only_with_confirmation(make_traj):
    traj = make_traj()
    new = add_session(traj, 3, today=TODAY, focus="Extra")
    assert new.number == 4 and traj.session_by_number(5).is_midterm
    remove_session(traj, new.id, today=TODAY)
    assert traj.planned_sessions == 8
    held = traj.session_by_number(1)
    record_session(traj, held.id, "held", today=date(2026, 3, 25))
    with pytest.raises(DomainError) as refused:
        remove_session(traj, held.id, today=TODAY)
    assert refused.value.code == "remove_needs_confirmation"
    assert traj.session(held.id) is not None
    remove_session(traj, held.id, today=TODAY, confirmed=True)
    assert traj.session(held.id) is None and traj.planned_sessions == 7


def test_move_midterm(make_traj):
    traj = make_traj()
    old = traj.session_by_number(4)
    target = traj.session_by_number(5)
    move_midterm(traj, target.id, today=TODAY)
    assert target.is_midterm and not old.is_midterm and old.focus == "Kernthema (samen te bepalen)"
    keys = [a.key for a in due_actions(traj, TODAY)]
    assert f"midterm:{target.id}" in keys and f"midterm:{old.id}" not in keys
    for bad in (traj.session_by_number(1), traj.session_by_number(8)):
        with pytest.raises(DomainError):
            move_midterm(traj, bad.id, today=TODAY)


def test_goal_edit_and_homework_link(make_traj):
    traj = make_traj()
    goal = add_goal(traj, "Grenzen", today=TODAY)
    record_score(traj, goal.id, 4, TODAY, "intake", today=TODAY)
    edit_goal(traj, goal.id, title="Grenzen stellen op het werk", measurable="3x per week nee", today=TODAY)
    assert goal.title == "Grenzen stellen op het werk" and goal.measurable == "3x per week nee" and len(goal.scores) == 1
    with pytest.raises(ValidationError):
        edit_goal(traj, goal.id, title="", today=TODAY)
    item, _ = add_homework(traj, "Dagboek", today=TODAY)
    session = traj.session_by_number(2)
    link_homework(traj, item.id, session.id, today=TODAY)
    assert homework_session_number(traj, item) == 2
    link_homework(traj, item.id, None, today=TODAY)
    assert homework_session_number(traj, item) is None


def test_reopen_with_reason_and_followup_again(make_traj):
    traj = make_traj()
    close_early(traj, today=TODAY)
    traj.followups[0].status = "done"
    with pytest.raises(ValidationError):
        reopen(traj, " ", today=TODAY)
    reopen(traj, "Cliënt wil toch nog twee sessies", today=date(2026, 3, 2))
    assert traj.status == "active" and traj.ended_on is None
    assert traj.events[-1].kind == "reopened" and traj.events[-1].note == "Cliënt wil toch nog twee sessies"
    assert [f.kind for f in traj.followups] == ["mail"]
    with pytest.raises(DomainError):
        reopen(traj, "nog eens", today=TODAY)
    close_early(traj, today=date(2026, 4, 1))
    assert [(f.kind, f.status) for f in traj.followups] == [("mail", "done"), ("checkin", "open")]


def test_warnings_for_future_dates_do_not_block(make_traj):
    traj = make_traj()
    session = traj.session_by_number(2)
    assert future_held_warning(traj, session.id, "held", TODAY).startswith("Sessie 2 staat op ")
    assert future_held_warning(traj, session.id, "cancelled", TODAY) is None
    assert future_held_warning(traj, session.id, "held", session.planned_date) is None
    assert "1 jun. 2026" in future_score_warning("end", date(2026, 6, 1), TODAY)
    assert future_score_warning("midterm", date(2026, 6, 1), TODAY) is None
    record_session(traj, session.id, "held", today=TODAY)  # still allowed
    assert session.status == "held"


def test_goal_reached_early_three_options(make_traj):
    closed = make_traj()
    goal_reached_early(closed, "close", today=TODAY, note="Doel bereikt")
    assert closed.status == "completed" and closed.end_reason == "closed_early"

    explore = make_traj()
    goal_reached_early(explore, "new_goals", today=TODAY, goal_titles=["Leidinggeven", " "], extra_sessions=2,
                       agreements="Twee sessies erbij")
    assert [g.title for g in explore.goals] == ["Leidinggeven"] and explore.planned_sessions == 10
    with pytest.raises(ValidationError):
        goal_reached_early(explore, "new_goals", today=TODAY, goal_titles=[])

    keep = make_traj()
    goal_reached_early(keep, "maintenance", today=TODAY, frequency="monthly")
    assert keep.frequency == "monthly"
    dates = [s.planned_date for s in keep.regular_sessions]
    assert dates[1].month == dates[0].month + 1
    with pytest.raises(ValidationError):
        goal_reached_early(keep, "maintenance", today=TODAY, frequency="weekly")
    assert kinds(keep).count("goal_reached_early") == 1


def test_follow_up_trajectory_copies_client_details_not_notes(make_traj):
    old = make_traj(email="anna@example.org", phone="06")
    old.sessions[1].notes.kern = "PRIVATE NOTE"
    add_goal(old, "Oud doel")
    with pytest.raises(DomainError):
        follow_up_trajectory(old, traject.default_template(), "2026-09-01", now=NOW, today=TODAY)
    close_early(old, today=TODAY)
    new = follow_up_trajectory(old, traject.short_template(), "2026-09-01", "Nieuwe vraag", now=NOW, today=TODAY)
    assert new.id != old.id and (new.client.name, new.client.email, new.client.phone) == (
        old.client.name, "anna@example.org", "06")
    assert new.client is not old.client
    assert not new.goals and all(not s.notes.kern for s in new.sessions) and new.coaching_question == "Nieuwe vraag"
    assert "eindigde" in new.events[-1].note and new.status == "active"


def test_midterm_form_save_marks_its_due_action_done(make_traj):
    traj = make_traj()
    midterm = traj.session_by_number(4)
    key = f"midterm:{midterm.id}"
    assert key in [a.key for a in due_actions(traj, TODAY)]
    set_form_answers(traj, "midterm", {"on_track": "Ja"}, now=NOW)
    assert key not in [a.key for a in due_actions(traj, TODAY)]


def test_history_records_every_change(make_traj):
    traj = make_traj()
    goal = add_goal(traj, "Grenzen", today=TODAY)
    record_score(traj, goal.id, 5, TODAY, "intake", today=TODAY)
    item, _ = add_homework(traj, "Dagboek", today=TODAY)
    set_homework_status(traj, item.id, "done", today=TODAY)
    set_form_answers(traj, "intake", {"background": "x"}, now=NOW)
    set_form_answers(traj, "evaluation", {"insight": "y"}, now=NOW, from_client=True)
    edit_goal(traj, goal.id, title="Grenzen stellen", today=TODAY)
    assert kinds(traj)[1:] == ["goal_added", "score_recorded", "homework_added", "homework_status", "form_saved",
                               "answers_imported", "edited"]
    assert "5" in traj.events[2].note and "1 mrt. 2026" in traj.events[2].note
