"""Data that uses every feature of a trajectory (issue 14), shared by the restore round trip
(tests/unit/test_restore.py) and the browser test that visits every screen
(tests/browser/test_carry.py): all forms, scores at every moment, homework in every state,
special situations, a reopened and closed-early trajectory with follow-up, a form link
answered, and one trajectory whose last session is still to be held."""

from datetime import date

import traject
from traject import share
from traject.adjust import edit_client, goal_reached_early, link_homework, reopen
from traject.due import mark_done
from traject.followup import set_followup_status
from traject.forms import choose_evaluation_questions, set_form_answers
from traject.goals import add_goal, record_score
from traject.homework import add_homework, set_homework_status
from traject.model import SessionCheck, SessionNotes
from traject.situations import close_early, extend, pause, resume
from traject.trajectory import record_session, reschedule_session

NOW = "2026-03-01T10:00:00+01:00"


def every_feature_trajectories(secret):
    """Two trajectories that together use every feature: all forms, scores at every moment,
    homework in every state, special situations, follow-up and a form link answered."""
    traj = traject.new_trajectory(traject.default_template(), "Anna de Vries", "Grenzen stellen", "2026-03-04",
                                  now=NOW, email="anna@example.org", phone="0612345678")
    edit_client(traj, name="Anna de Vries-Bakker", email="anna@example.org", phone="06", today=date(2026, 3, 1))
    goal = add_goal(traj, "Nee zeggen", "op het werk", "3x per week", "ja", "ja", "juni", today=date(2026, 3, 1))
    for moment, day, number in (("intake", date(2026, 3, 4), None), ("session", date(2026, 3, 18), 2),
                                ("midterm", date(2026, 4, 15), None), ("end", date(2026, 6, 10), None)):
        record_score(traj, goal.id, 6, day, moment, number, today=day)
    first = traj.session_by_number(1)
    record_session(traj, traj.session_by_number(0).id, "held", today=date(2026, 3, 2))
    record_session(traj, first.id, "held", today=date(2026, 3, 4),
                   notes=SessionNotes("open", "kern", "af", "mee"), check=SessionCheck("goed", "inzicht", "-"))
    for text, status in (("Dagboek", "open"), ("Gesprek", "done"), ("Te veel", "dropped")):
        item, _ = add_homework(traj, text, "2026-03-18", first.id, today=date(2026, 3, 4))
        set_homework_status(traj, item.id, status, today=date(2026, 3, 4))
    link_homework(traj, traj.homework[0].id, traj.session_by_number(2).id, today=date(2026, 3, 5))
    answers = {"intake": {"background": "x", "motivation": 8}, "contract": {"sessions": True, "payment": False},
               "midterm": {"on_track": "ja"}, "evaluation": {"goal_reached": 7, "insight": "y"},
               "borging": {"main_change": "z"}, "afsluiting": {"door_open": True}}
    for form_id, given in answers.items():
        set_form_answers(traj, form_id, given, now=NOW)
    choose_evaluation_questions(traj, ["terugkijkend_1", "terugkijkend_3"])
    payload = share.form_link_payload(traj.id, "borging", "Anna", ["relapse_strategy"], secret, nonce="n" * 16)
    received = share.read_answer_body(share.make_answer_body(payload, {"relapse_strategy": "bellen"}, NOW),
                                      {traj.id: traj}, secret)
    set_form_answers(traj, received.form_id, received.answers, now=NOW, from_client=True)
    reschedule_session(traj, traj.session_by_number(3).id, "2026-04-02", today=date(2026, 3, 20), shift_later=True)
    pause(traj, today=date(2026, 4, 3), note="vakantie")
    resume(traj, "2026-04-20", today=date(2026, 4, 10))
    extend(traj, 1, "Eén extra sessie", today=date(2026, 4, 20))
    mark_done(traj, "send_intake")

    done = traject.new_trajectory(traject.short_template(), "Bert", "", "2026-01-07", now=NOW)
    goal_reached_early(done, "close", today=date(2026, 2, 1), note="bereikt")
    set_followup_status(done, "mail", "done")
    set_followup_status(done, "checkin", "skipped")
    reopen(done, "Toch nog een sessie", today=date(2026, 2, 10))
    close_early(done, today=date(2026, 2, 20))
    last = traject.new_trajectory(traject.short_template(), "Cor Visser", "Rust in mijn hoofd", "2026-01-05",
                                  frequency="weekly", now=NOW)
    for session in last.sessions[:-1]:
        record_session(last, session.id, "held", today=session.planned_date)
    return [traj, done, last]
