from datetime import date

import pytest

import traject
from traject import ValidationError
from traject.templates import build_template

# The default template of DOMAIN.md, row by row. English as in DOMAIN.md (comment), Dutch as
# stored. "—" (no homework) is an empty string.
DEFAULT_8 = [
    # session, phase, focus, homework
    (0, "voorbereiding", "Intakeformulier + contract", "Intake invullen"),  # intake form + contract | fill in intake
    (1, "start", "Kennismaking, doelen bepalen", "Reflectie op doelen"),  # introduction, set goals | reflect on goals
    (2, "start_werk", "Verdieping, eerste interventie", "Eerste oefening"),  # deepening, first intervention | first exercise
    (3, "werk", "Kernthema 1", "Praktijkopdracht"),  # core theme 1 | practice assignment
    (4, "werk", "Tussentijdse evaluatie", ""),  # mid-term evaluation | —
    (5, "werk", "Kernthema 2", "Praktijkopdracht"),  # core theme 2 | practice assignment
    # Sessions 6-8 follow the method's two-session closing (issue 14, "one story everywhere"):
    # the evaluation form is filled in before the evaluation session, which comes first;
    # borging + afsluiting close. (DOMAIN.md's table had borging first.)
    (6, "werk", "Kernthema 3", "Evaluatieformulier invullen"),  # core theme 3 | prepare closing: evaluation form
    (7, "afronding", "Evaluatie: terugkijken op doelen, resultaten en inzichten", "Borgingsplan opstellen"),
    (8, "afronding", "Borging en afsluiting", ""),  # borging + afsluiting | —
]


@pytest.mark.parametrize("row", DEFAULT_8, ids=lambda r: f"session{r[0]}")
def test_default_template_matches_domain_row_by_row(row):
    number, phase, focus, homework = row
    session = [s for s in traject.default_template().sessions if s.number == number]
    assert len(session) == 1
    assert (session[0].phase, session[0].focus, session[0].homework) == (phase, focus, homework)


def test_default_template_shape():
    template = traject.default_template()
    assert [s.number for s in template.sessions] == list(range(9))
    assert template.planned_sessions == 8
    assert template.closing_variant == "two_60"
    roles = {s.number: s.role for s in template.sessions}
    assert roles[0] == "intake" and roles[4] == "midterm"
    assert (roles[7], roles[8]) == ("closing_first", "closing_last")
    assert [n for n, r in roles.items() if r == "regular"] == [1, 2, 3, 5, 6]
    assert traject.t("phase." + template.sessions[2].phase) == "Start/Werk"


def roles_of(template):
    return {s.number: s.role for s in template.sessions}


def test_short_template_six_sessions_one_closing():
    template = traject.short_template()
    roles = roles_of(template)
    assert template.planned_sessions == 6 and template.closing_variant == "one_90"
    assert roles[3] == "midterm"
    assert roles[6] == "closing_single"
    last = template.sessions[-1]
    assert last.duration_minutes == 90 and last.phase == "afronding"
    assert template.sessions[-2].homework == "Evaluatieformulier invullen"
    assert [s.phase for s in template.sessions] == ["voorbereiding", "start", "start_werk", "werk", "werk", "werk",
                                                    "afronding"]


def test_extended_template_twelve_sessions_two_closings():
    template = traject.extended_template()
    roles = roles_of(template)
    assert template.planned_sessions == 12 and template.closing_variant == "two_60"
    assert roles[6] == "midterm"
    assert (roles[11], roles[12]) == ("closing_first", "closing_last")
    assert template.sessions[11].focus.startswith("Evaluatie")
    assert template.sessions[11].homework == "Borgingsplan opstellen"
    assert "afsluiting" in template.sessions[12].focus
    assert template.sessions[10].homework == "Evaluatieformulier invullen"
    assert [s.focus for s in template.sessions if s.focus.startswith("Kernthema")] == [
        f"Kernthema {i}" for i in range(1, 8)]


@pytest.mark.parametrize("n, variant, midterm, closing", [
    (4, "one_90", 2, (4,)), (6, "two_60", 3, (5, 6)), (10, "two_60", 5, (9, 10)), (3, "two_60", None, (2, 3)),
])
def test_build_template_places_midterm_and_closing(n, variant, midterm, closing):
    roles = roles_of(build_template("x", "X", n, variant))
    assert [k for k, r in roles.items() if r == "midterm"] == ([midterm] if midterm else [])
    assert tuple(k for k, r in roles.items() if r.startswith("closing")) == closing


def test_builtin_template_ids_and_lookup():
    assert [x.id for x in traject.builtin_templates()] == ["default8", "short6", "extended12"]
    own = traject.copy_template(traject.short_template(), "Mijn kort traject", template_id="mine")
    assert traject.find_template("mine", [own]) is own
    assert traject.find_template("default8").name == "Standaardtraject (8 sessies)"
    assert traject.find_template("nope") is None


def test_own_template_is_validated():
    template = traject.make_template("Loopbaan", [
        {"number": 0, "phase": "voorbereiding", "role": "intake", "focus": "Intake", "homework": ""},
        {"number": 1, "phase": "start", "role": "regular", "focus": "Start", "homework": "Doelen"},
        {"number": 2, "phase": "afronding", "role": "closing_single", "focus": "Afronding", "homework": "",
         "duration_minutes": 90},
    ], "one_90", template_id="loopbaan")
    assert template.id == "loopbaan" and template.planned_sessions == 2 and not template.builtin
    with pytest.raises(ValidationError) as info:
        traject.make_template("", [{"number": 1, "phase": "fout", "role": "regular"}], "one_90")
    paths = {p.path for p in info.value.problems}
    assert {"template.name", "template.sessions[0].phase"} <= paths


def test_trajectory_is_a_deep_copy_of_the_template(make_traj):
    template = traject.copy_template(traject.default_template(), "Eigen", template_id="eigen")
    traj = make_traj(template)
    traject.update_session(traj, traj.session_by_number(3).id, focus="Grenzen stellen")
    traject.add_session(traj, 5, today=date(2026, 3, 1), focus="Extra")
    traject.remove_session(traj, traj.session_by_number(2).id, today=date(2026, 3, 1))
    assert [s.focus for s in template.sessions] == [s.focus for s in traject.default_template().sessions]
    assert template.planned_sessions == 8
    assert traj.template_id == "eigen" and traj.template_name == "Eigen"
