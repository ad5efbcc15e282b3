"""Issue 14, "one story everywhere": the app timeline, the calendar file and the printed
trajectory map name the closing sessions the same way and agree on when the evaluation
form is filled in; session 1 shows the method's first-session blocks."""

import os
import re
import sys
from datetime import date
from types import SimpleNamespace

import pytest

import traject
from traject.calendar_ics import export_ics
from traject.closing_story import (closing_name, closing_steps, evaluation_form_before,
                                   evaluation_form_homework_number)
from traject.messages import t
from traject.session_structure import session_blocks
from traject.situations import extend

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "app"))

from webapp.views import printing, trajectory as trajectory_view  # noqa: E402

NOW = "2026-03-01T10:00:00+01:00"
TODAY = date(2026, 3, 1)


def _app():
    return SimpleNamespace(today=lambda: TODAY, settings=traject.Settings(coach_name="Coach"))


def _text(markup):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(markup))).strip()


def _calendar_titles(traj):
    text = export_ics(traj, now=NOW, title_mode="code").replace("\r\n ", "")
    return [line.split(" – ", 1)[1].replace("\\,", ",") for line in text.split("\r\n") if line.startswith("SUMMARY:")]


def _cases(make_traj):
    eight = make_traj()
    extended = make_traj()
    extend(extended, 2, "Twee extra sessies", today=TODAY)
    return {"default8": eight, "short6": make_traj(traject.short_template()),
            "extended12": make_traj(traject.extended_template()), "default8+2": extended}


def test_default_template_closes_with_evaluation_first_then_borging_and_goodbye():
    template = traject.default_template()
    steps = closing_steps(template.sessions)
    assert [(s.number, s.role) for s in steps] == [(7, "closing_first"), (8, "closing_last")]
    assert [s.name for s in steps] == ["afronding: evaluatie", "afronding: borging en afsluiting"]
    assert evaluation_form_before(template.sessions) == 7
    assert evaluation_form_homework_number(template.sessions) == 6
    rows = {s.number: s for s in template.sessions}
    assert rows[6].homework == "Evaluatieformulier invullen"  # the form is filled in before session 7
    assert rows[7].focus.startswith("Evaluatie") and rows[7].homework == "Borgingsplan opstellen"
    assert "Borging" in rows[8].focus and "afsluiting" in rows[8].focus


@pytest.mark.parametrize("case", ["default8", "short6", "extended12", "default8+2"])
def test_app_calendar_and_map_tell_the_same_closing(make_traj, case):
    traj = _cases(make_traj)[case]
    steps = closing_steps(traj.sessions)
    assert steps
    app = _app()
    calendar = _calendar_titles(traj)
    paper = printing.render_map(app, traj)
    for step in steps:
        session = traj.session_by_number(step.number)
        # the app's timeline row
        row = _text(trajectory_view._session_row(app, traj, session, {}))
        assert closing_name(step.role, sentence=True) in row
        # the calendar
        assert t("ical.closing_step", number=step.number, name=step.name) in calendar
        # the printed map's table row
        found = re.search(r'<tr[^>]*data-session="%d".*?</tr>' % step.number, str(paper), re.S)
        assert step.name in _text(found.group(0))
    # the evaluation form: before the first closing session, i.e. homework after the one before it
    before = evaluation_form_before(traj.sessions)
    assert f"ssie {before} " in _text(paper) or f"Sessie {before} (" in _text(paper)
    given_after = evaluation_form_homework_number(traj.sessions)
    form_rows = [s.number for s in traj.sessions if s.homework == t("template.homework.evaluation_form")]
    assert form_rows == [given_after] == [before - 1]
    if len(steps) == 2:
        assert t("ui.print.map.closing_two", first=before, last=steps[-1].number,
                 date=printing.fmt.day(traj.session_by_number(before).planned_date, False)) in _text(paper)


def test_every_closing_calendar_title_uses_the_domain_name(make_traj):
    traj = make_traj()
    titles = _calendar_titles(traj)
    assert "Sessie 7 (afronding: evaluatie)" in titles
    assert "Sessie 8 (afronding: borging en afsluiting)" in titles
    assert not any("afsluitende sessie" in title for title in titles)


def test_first_session_has_the_method_blocks_and_later_sessions_the_standard(make_traj):
    traj = make_traj()
    first = session_blocks(traj.session_by_number(1))
    assert [(b.key, b.min_minutes) for b in first] == [("kennismaken", 10), ("intake", 20), ("doelen", 15),
                                                        ("werkwijze", 10), ("afspraken", 5)]
    assert sum(b.max_minutes for b in first) == 60
    later = session_blocks(traj.session_by_number(3))
    assert [(b.key, b.minutes_text) for b in later] == [("opening", "5–10"), ("kern", "40–45"), ("afsluiting", "5–10")]
    assert session_blocks(traj.session_by_number(0)) == []
    single = traject.new_trajectory(traject.short_template(), "A", "", "2026-03-25", now=NOW)
    assert sum(b.max_minutes for b in session_blocks(single.session_by_number(6))) == 90
