"""Loading validates everything: one test per kind of bad input."""

import copy
import json
from datetime import date

import pytest

import traject
from traject import ValidationError
from conftest import NOW, hold_sessions

EXPORTED = "2026-06-01T12:00:00+02:00"


@pytest.fixture
def backup(make_traj):
    """A valid backup dict with two full trajectories and an own template."""
    first = make_traj(trajectory_id="t1")
    hold_sessions(first, 3)
    goal = traject.add_goal(first, "Rust", goal_id="g1")
    traject.record_score(first, goal.id, 4, date(2026, 3, 25), "intake")
    traject.add_homework(first, "Dagboek", "2026-04-10", first.session_by_number(2).id, homework_id="h1")
    traject.set_form_answers(first, "evaluation", {"goal_reached": 7}, now=NOW)
    second = make_traj(trajectory_id="t2")
    own = traject.copy_template(traject.default_template(), "Eigen", template_id="own")
    return traject.export_backup([first, second], [own], traject.Settings(coach_name="Coach"), exported_at=EXPORTED)


def problems_of(data):
    with pytest.raises(ValidationError) as info:
        traject.import_backup(data)
    return info.value.problems


def only(data, code):
    problems = problems_of(data)
    assert [p.code for p in problems] == [code], [p.message for p in problems]
    return problems[0]


def test_the_fixture_is_valid(backup):
    result = traject.import_backup(json.loads(json.dumps(backup)))
    assert [t.id for t in result.trajectories] == ["t1", "t2"]
    assert result.templates[0].id == "own" and result.settings.coach_name == "Coach"
    assert result.exported_at == EXPORTED


def test_not_an_object():
    problem = only([1, 2], "not_object")
    assert problem.path == "" and "(bestand)" in problem.message


def test_wrong_app(backup):
    backup["app"] = "other"
    problem = only(backup, "wrong_app")
    assert problem.path == "" and problem.message.startswith("Dit bestand komt niet uit Traject")
    del backup["app"]  # no field name or Python value reaches the coach
    assert "None" not in only(backup, "wrong_app").message


def test_wrong_type(backup):
    backup["trajectories"][1]["sessions"][3]["number"] = "3"
    problem = only(backup, "type_int")
    assert problem.path == "trajectories[1].sessions[3].number"
    assert problem.message.startswith("trajectories[1].sessions[3].number: ")


def test_wrong_type_of_a_list(backup):
    backup["trajectories"][0]["goals"] = {"g1": {}}
    assert only(backup, "type_list").path == "trajectories[0].goals"


def test_missing_field(backup):
    del backup["trajectories"][0]["client"]["email"]
    problem = only(backup, "missing")
    assert problem.path == "trajectories[0].client.email" and "ontbreekt" in problem.message


def test_unknown_field(backup):
    backup["trajectories"][0]["sessions"][2]["colour"] = "blue"
    assert only(backup, "unknown_field").path == "trajectories[0].sessions[2].colour"


def test_impossible_date(backup):
    backup["trajectories"][1]["sessions"][3]["planned_date"] = "2026-02-30"
    problem = only(backup, "date")
    assert problem.path == "trajectories[1].sessions[3].planned_date" and "2026-02-30" in problem.message


def test_badly_formatted_date(backup):
    backup["trajectories"][0]["start_date"] = "25-03-2026"
    assert only(backup, "date").path == "trajectories[0].start_date"


def test_bad_timestamp(backup):
    backup["trajectories"][0]["created_at"] = "gisteren"
    assert only(backup, "timestamp").path == "trajectories[0].created_at"


def test_duplicate_trajectory_ids(backup):
    backup["trajectories"][1]["id"] = "t1"
    assert only(backup, "duplicate_id").path == "trajectories[1].id"


def test_duplicate_session_ids(backup):
    sessions = backup["trajectories"][0]["sessions"]
    sessions[5]["id"] = sessions[4]["id"]
    assert only(backup, "duplicate_id").path == "trajectories[0].sessions[5].id"


def test_duplicate_template_ids(backup):
    backup["templates"].append(copy.deepcopy(backup["templates"][0]))
    assert only(backup, "duplicate_id").path == "templates[1].id"


def test_template_may_not_reuse_a_builtin_id(backup):
    backup["templates"][0]["id"] = "default8"
    assert only(backup, "builtin_id").path == "templates[0].id"


def test_bad_id_characters(backup):
    backup["trajectories"][0]["goals"][0]["id"] = "g 1/../"
    assert only(backup, "id_format").path == "trajectories[0].goals[0].id"


def test_score_outside_1_to_10(backup):
    backup["trajectories"][0]["goals"][0]["scores"][0]["value"] = 11
    problem = only(backup, "range")
    assert problem.path == "trajectories[0].goals[0].scores[0].value" and "11" in problem.message


def test_form_scale_answer_outside_1_to_10(backup):
    backup["trajectories"][0]["forms"]["evaluation"]["answers"]["goal_reached"] = 0
    assert only(backup, "range").path == "trajectories[0].forms.evaluation.answers.goal_reached"


def test_form_answer_of_the_wrong_kind(backup):
    backup["trajectories"][0]["forms"]["evaluation"]["answers"]["insight"] = True
    assert only(backup, "type_string").path == "trajectories[0].forms.evaluation.answers.insight"


def test_unknown_form_and_question(backup):
    forms = backup["trajectories"][0]["forms"]
    forms["evaluation"]["answers"]["favourite_colour"] = "blue"
    forms["survey"] = {"answers": {}, "updated_at": NOW}
    assert sorted(p.code for p in problems_of(backup)) == ["unknown_form", "unknown_question"]


def test_too_long_name(backup):
    backup["trajectories"][0]["client"]["name"] = "x" * 201
    problem = only(backup, "too_long")
    assert problem.path == "trajectories[0].client.name" and "201" in problem.message and "200" in problem.message


def test_too_long_notes(backup):
    backup["trajectories"][0]["sessions"][1]["notes"]["kern"] = "x" * 20001
    assert only(backup, "too_long").path == "trajectories[0].sessions[1].notes.kern"


def test_notes_of_the_maximum_length_are_fine(backup):
    backup["trajectories"][0]["sessions"][1]["notes"]["kern"] = "x" * 20000
    assert traject.import_backup(backup).trajectories[0].sessions[1].notes.kern == "x" * 20000


def test_too_many_items(backup):
    backup["trajectories"][0]["goals"] = [backup["trajectories"][0]["goals"][0]] * 51
    problem = only(backup, "too_many")
    assert problem.path == "trajectories[0].goals" and "51" in problem.message


def test_empty_required_text(backup):
    backup["trajectories"][0]["client"]["name"] = "   "
    assert only(backup, "empty").path == "trajectories[0].client.name"


def test_unknown_enumerated_value(backup):
    backup["trajectories"][0]["status"] = "finished"
    problem = only(backup, "choice")
    assert problem.path == "trajectories[0].status" and "completed" in problem.message


def test_boolean_is_not_a_number(backup):
    backup["trajectories"][0]["revision"] = True
    assert only(backup, "type_int").path == "trajectories[0].revision"


def test_sessions_out_of_order(backup):
    sessions = backup["trajectories"][0]["sessions"]
    sessions[3]["number"], sessions[4]["number"] = 4, 3
    assert {p.code for p in problems_of(backup)} == {"session_order"}


def test_planned_sessions_must_match_the_list(backup):
    backup["trajectories"][0]["planned_sessions"] = 9
    assert only(backup, "planned_count").path == "trajectories[0].planned_sessions"


def test_session_zero_is_the_intake(backup):
    backup["trajectories"][0]["sessions"][0]["role"] = "regular"
    assert only(backup, "intake_role").path == "trajectories[0].sessions[0].role"


def test_homework_refers_to_an_existing_session(backup):
    backup["trajectories"][0]["homework"][0]["session_id"] = "missing"
    assert only(backup, "unknown_ref").path == "trajectories[0].homework[0].session_id"


def test_custom_frequency_needs_days(backup):
    backup["trajectories"][0]["frequency"] = "custom"
    assert only(backup, "frequency_days").path == "trajectories[0].frequency_days"


def test_score_session_number_only_for_session_moment(backup):
    backup["trajectories"][0]["goals"][0]["scores"][0]["session_number"] = 2
    assert only(backup, "session_number").path == "trajectories[0].goals[0].scores[0].session_number"


def test_unknown_evaluation_question(backup):
    backup["trajectories"][0]["evaluation_questions"] = ["feedback_1", "feedback_9"]
    assert only(backup, "unknown_question").path == "trajectories[0].evaluation_questions[1]"


def test_bad_settings(backup):
    backup["settings"]["followup_mail_days"] = -1
    backup["settings"]["ui"]["theme"] = {"nested": True}
    assert sorted(p.path for p in problems_of(backup)) == ["settings.followup_mail_days", "settings.ui.theme"]


def test_many_problems_are_collected_at_once(backup):
    backup["trajectories"][0]["client"]["name"] = 5
    backup["trajectories"][1]["start_date"] = "2026-13-01"
    backup["templates"][0]["name"] = ""
    problems = problems_of(backup)
    assert [p.path for p in problems] == ["trajectories[0].client.name", "trajectories[1].start_date",
                                          "templates[0].name"]
    assert all(isinstance(p, traject.Problem) for p in problems)
    assert "trajectories[0].client.name" in str(ValidationError(problems))


def test_single_trajectory_file_errors_use_the_trajectory_path(make_traj):
    data = traject.to_json(make_traj(), EXPORTED)
    data["trajectory"]["sessions"][2]["status"] = "done"
    with pytest.raises(ValidationError) as info:
        traject.from_json(data)
    assert info.value.problems[0].path == "trajectory.sessions[2].status"
