import pytest

import traject
from traject import ValidationError
from traject.forms import BANK_GROUPS, STORED_FORM_IDS, bank_question_ids, form

NOW = "2026-04-01T09:00:00+02:00"


def kinds(form_id):
    return [(q.id, q.kind) for q in form(form_id).questions]


def test_intake_form():
    ids = [q.id for q in form("intake").questions]
    assert ids[:3] == ["coaching_question", "background", "expectations"]
    assert ("motivation", "scale") in kinds("intake")
    assert form("intake").title == "Intakeformulier"


def test_contract_checklist():
    assert kinds("contract") == [("sessions", "checkbox"), ("payment", "checkbox"), ("cancellation", "checkbox"),
                                 ("confidentiality", "checkbox")]


def test_midterm_has_the_five_questions():
    labels = [q.label for q in form("midterm").questions]
    assert len(labels) == 5 and all(q.kind == "text" for q in form("midterm").questions)
    assert "koers" in labels[0] and "doel" in labels[1] and "samenwerking" in labels[2]
    assert "beter" in labels[3] and "traject" in labels[4]


def test_evaluation_form_six_questions_with_a_scale_second():
    assert [k for _, k in kinds("evaluation")] == ["text", "scale", "text", "text", "text", "text"]


def test_borging_plan_five_fields():
    assert [q for q, _ in kinds("borging")] == ["main_change", "relapse_situations", "relapse_strategy",
                                                 "accountability_person", "self_check_in_3_months"]


def test_afsluiting_checklist():
    ids = [q for q, k in kinds("afsluiting") if k == "checkbox"]
    assert len(ids) == len(form("afsluiting").questions)
    assert {"acknowledge_relationship", "celebrate_successes", "door_open", "explicit_goodbye"} <= set(ids)


def test_session_check_labels():
    assert [q.label for q in form("session_check").questions] == [
        "Hoe was deze sessie voor je?", "Wat neem je mee?", "Is er nog iets wat je wilt bespreken?"]


def test_bank_of_25_questions_in_five_groups():
    bank = traject.question_bank()
    assert list(bank) == list(BANK_GROUPS) == ["terugkijkend", "reflecterend", "borgend", "afsluitend", "feedback"]
    assert all(len(questions) == 5 for questions in bank.values())
    labels = [q.label for group in bank.values() for q in group]
    assert len(set(labels)) == 25 and all(label.endswith("?") for label in labels)
    assert bank["terugkijkend"][1].kind == "scale"


def test_all_forms_have_titles_and_labels():
    for item in traject.all_forms():
        assert item.title and all(q.label for q in item.questions)
    with pytest.raises(traject.NotFoundError):
        form("unknown")


def test_set_form_answers_validates_by_kind(make_traj):
    traj = make_traj()
    traject.set_form_answers(traj, "evaluation", {"goal_at_start": "Rust", "goal_reached": 8}, now=NOW)
    traject.set_form_answers(traj, "evaluation", {"insight": "Ik mag nee zeggen"}, now=NOW)
    assert traj.forms["evaluation"].answers == {"goal_at_start": "Rust", "goal_reached": 8,
                                                "insight": "Ik mag nee zeggen"}
    assert traj.forms["evaluation"].updated_at == NOW
    traject.set_form_answers(traj, "contract", {"payment": True}, now=NOW)
    bad = [("evaluation", {"goal_reached": 11}), ("evaluation", {"goal_reached": "8"}),
           ("evaluation", {"goal_reached": True}), ("contract", {"payment": "ja"}),
           ("midterm", {"on_track": 5}), ("midterm", {"nope": "x"}), ("midterm", {"on_track": "x" * 20001}),
           ("session_check", {"how_was_it": "x"}), ("nope", {})]
    for form_id, answers in bad:
        with pytest.raises(ValidationError):
            traject.set_form_answers(traj, form_id, answers, now=NOW)
    assert set(traj.forms) == {"evaluation", "contract"}


def test_replace_instead_of_merge(make_traj):
    traj = make_traj()
    traject.set_form_answers(traj, "borging", {"main_change": "a", "relapse_strategy": "b"}, now=NOW)
    traject.set_form_answers(traj, "borging", {"main_change": "c"}, now=NOW, merge=False)
    assert traj.forms["borging"].answers == {"main_change": "c"}


def test_choose_evaluation_questions(make_traj):
    traj = make_traj()
    traject.choose_evaluation_questions(traj, ["feedback_1", "terugkijkend_2", "borgend_5"])
    assert traj.evaluation_questions == ["feedback_1", "terugkijkend_2", "borgend_5"]
    traject.set_form_answers(traj, "evaluation_questions", {"terugkijkend_2": 7, "feedback_1": "Rust"}, now=NOW)
    with pytest.raises(ValidationError):
        traject.choose_evaluation_questions(traj, ["feedback_1", "feedback_1"])
    with pytest.raises(ValidationError):
        traject.choose_evaluation_questions(traj, ["feedback_6"])
    assert traj.evaluation_questions == ["feedback_1", "terugkijkend_2", "borgend_5"]
    assert len(bank_question_ids()) == 25 and "evaluation_questions" in STORED_FORM_IDS
