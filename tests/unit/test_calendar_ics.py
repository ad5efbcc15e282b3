"""Calendar export (traject.calendar_ics): the output is parsed back with the real
``icalendar`` package (a test-only dependency; the module itself must not use it)."""

import ast
import string
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from zoneinfo import ZoneInfo

import vobject

from traject import calendar_ics
from traject.calendar_ics import (client_initials, escape_text, export_ics, fold_line, format_trigger, ics_filename,
                                  trajectory_code)
from traject.followup import set_followup_status
from traject.forms import set_form_answers
from traject.goals import add_goal
from traject.homework import add_homework
from traject.messages import catalogue, t
from traject.model import SessionCheck, SessionNotes
from traject.repository import InMemoryRepository
from traject.situations import close_early, extend, no_click, pause
from traject.templates import default_template, short_template
from traject.trajectory import new_trajectory, record_session, reschedule_session, update_session

NOW = "2026-03-01T10:00:00+01:00"  # before every session of the default trajectory below
START = date(2026, 3, 15)  # a Sunday; weekly -> session 3 on 2026-03-29 (DST starts)
MARKERS = ("QMARKER7731", "NOTEMARKER4412", "MAILMARKER", "PHONE0612345678", "GOALMARKER5521",
           "HOMEWORKMARKER", "FORMMARKER8821", "CHECKMARKER3301", "FOCUSMARKER", "AGREEMARKER",
           "REFERRALMARKER")
DAY = timedelta(days=1)


def make(name="Jan Jansen", start=START, frequency="weekly", template=None, **kwargs):
    return new_trajectory(template or default_template(), name, "Coachingvraag QMARKER7731", start, frequency,
                          now=NOW, email="mailmarker@example.org", phone="PHONE0612345678", **kwargs)


def parse(text):
    return icalendar.Calendar.from_ical(text)


def events(text):
    return parse(text).walk("VEVENT")


def by_uid(text):
    return {str(e["UID"]): e for e in events(text)}


def uid(traj, key):
    return f"{traj.id}-{key}@traject"


def alarms(event):
    return event.walk("VALARM")


def trigger(event):
    (alarm,) = alarms(event)
    return alarm.decoded("TRIGGER")


def physical_lines(text):
    assert text.endswith("\r\n")
    return text.encode("utf-8").split(b"\r\n")[:-1]


def unfold(text):
    return text.replace("\r\n ", "")


def calendar_name(text):
    """X-WR-CALNAME as icalendar's TEXT parser reads it. icalendar keeps this non-standard
    property raw, so its folded lines are parsed as the SUMMARY of a minimal event."""
    parse(text)  # the whole file is valid
    start = text.index("\r\nX-WR-CALNAME:") + 2
    end = start
    while True:
        end = text.index("\r\n", end) + 2
        if not text.startswith(" ", end):
            break
    prop = "SUMMARY:" + text[start + len("X-WR-CALNAME:"):end]
    wrapped = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//NL\r\nBEGIN:VEVENT\r\nUID:x@test\r\n"
               "DTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260101\r\n" + prop
               + "END:VEVENT\r\nEND:VCALENDAR\r\n")
    (event,) = events(wrapped)
    return str(event["SUMMARY"])


def summary_round_trip(value):
    """``value`` as SUMMARY of a minimal event, escaped and folded by calendar_ics, then
    parsed by icalendar."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//NL", "BEGIN:VEVENT", "UID:x@test",
             "DTSTAMP:20260101T000000Z", "DTSTART;VALUE=DATE:20260101", "SUMMARY:" + escape_text(value),
             "END:VEVENT", "END:VCALENDAR"]
    text = "".join(fold_line(line) + "\r\n" for line in lines)
    for line in physical_lines(text):
        assert len(line) <= 75
        line.decode("utf-8")
    (event,) = events(text)
    return str(event["SUMMARY"])


# --- Structure ------------------------------------------------------------------------------

def test_calendar_header_and_crlf_line_endings():
    text = export_ics(make(), now=NOW)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    for line in physical_lines(text):
        assert b"\r" not in line and b"\n" not in line
    cal = parse(text)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == calendar_ics.PRODID
    assert str(cal["X-WR-CALNAME"]) == t("ical.calendar_name")


def test_events_of_the_default_trajectory():
    traj = make()
    found = by_uid(export_ics(traj, now=NOW))
    assert len(found) == 9 + 1 + 2  # session 0 (intake), sessions 1..8, evaluation form, follow-up mail + check-in
    who = "J.J."
    for event in found.values():
        assert {"UID", "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "STATUS"} <= set(event)
    for session in traj.sessions:
        event = found[uid(traj, session.id)]
        assert event.decoded("DTSTART").date() == session.planned_date
        assert str(event["STATUS"]) == "CONFIRMED"
    summary = {s.number: str(found[uid(traj, s.id)]["SUMMARY"]) for s in traj.sessions}
    assert summary[0] == f"{who} – Intake versturen"
    assert summary[1] == f"{who} – Sessie 1"
    assert summary[4] == f"{who} – Sessie 4 (tussentijdse evaluatie)"
    assert "afronding" in summary[7] and summary[7].startswith(f"{who} – Sessie 7")
    assert summary[8] == f"{who} – Sessie 8 (afronding: borging en afsluiting)"
    assert sum("tussentijdse evaluatie" in s for s in summary.values()) == 1


def test_intake_event_is_on_the_due_date_two_days_before_session_1():
    traj = make()
    intake = by_uid(export_ics(traj, now=NOW))[uid(traj, traj.session_by_number(0).id)]
    assert intake.decoded("DTSTART").date() == START - 2 * DAY


def test_single_closing_session_is_marked():
    traj = make(template=short_template())
    found = by_uid(export_ics(traj, now=NOW))
    last = traj.session_by_number(6)
    assert last.role == "closing_single"
    assert str(found[uid(traj, last.id)]["SUMMARY"]).endswith("Sessie 6 (afronding: evaluatie, borging en afsluiting)")


def test_followup_derived_from_last_session_before_the_end():
    traj = make()
    assert traj.followups == []
    found = by_uid(export_ics(traj, now=NOW))
    last = traj.session_by_number(8).planned_date  # 2026-05-03
    mail, checkin = found[uid(traj, "followup-mail")], found[uid(traj, "followup-checkin")]
    assert mail.decoded("DTSTART").date() == last + 7 * DAY
    assert checkin.decoded("DTSTART").date() == date(2026, 8, 3)
    assert str(mail["SUMMARY"]) == "J.J. – Follow-up-mail"
    assert str(checkin["SUMMARY"]) == "J.J. – Check-in na 3 maanden"


def test_followup_offsets_of_the_trajectory_are_used():
    traj = make(followup_mail_days=42, followup_checkin_months=1)
    found = by_uid(export_ics(traj, now=NOW))
    assert found[uid(traj, "followup-mail")].decoded("DTSTART").date() == date(2026, 5, 3) + 42 * DAY
    checkin = found[uid(traj, "followup-checkin")]
    assert checkin.decoded("DTSTART").date() == date(2026, 6, 3)
    assert str(checkin["SUMMARY"]).endswith("Check-in na 1 maand")


def test_dtstamp_is_now_in_utc():
    text = export_ics(make(), now=NOW)
    for event in events(text):
        assert event.decoded("DTSTAMP") == datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
    assert "DTSTAMP:20260301T090000Z\r\n" in text
    assert "DTSTAMP:20260301T090000Z\r\n" in export_ics(make(), now="2026-03-01T09:00:00.000Z")
    assert "DTSTAMP:20260301T090000Z\r\n" in export_ics(make(), now=datetime(2026, 3, 1, 9, 0))


AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DST_WEEKS = ["2026-03-28", "2026-03-29", "2026-03-30", "2026-10-24", "2026-10-25", "2026-10-26"]


def test_sessions_are_timed_busy_events_in_the_amsterdam_zone():
    traj = make(start_time="18:30")
    text = export_ics(traj, now=NOW)
    found = by_uid(text)
    for session in traj.regular_sessions:
        event = found[uid(traj, session.id)]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is datetime and start.tzinfo is not None
        assert start.replace(tzinfo=None) == datetime.combine(session.planned_date, time(18, 30))
        assert end - start == timedelta(minutes=session.duration_minutes)
        assert str(event["TRANSP"]) == "OPAQUE"
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n" in text
    assert "VALUE=DATE" not in text


@pytest.mark.parametrize("when", DST_WEEKS)
def test_sessions_in_dst_weeks_keep_their_wall_clock_time(when):
    day = date.fromisoformat(when)
    traj = make(start=day - 14 * DAY, start_time="09:30")  # weekly: session 3 on the day
    text = export_ics(traj, now="2026-01-05T12:00:00+01:00")
    event = by_uid(text)[uid(traj, traj.session_by_number(3).id)]
    start = event.decoded("DTSTART")
    expected = datetime.combine(day, time(9, 30), AMSTERDAM)
    assert start == expected and start.utcoffset() == expected.utcoffset()
    summer = date(2026, 3, 29) <= day < date(2026, 10, 25)
    assert start.astimezone(timezone.utc).hour == (7 if summer else 8)
    # the second parser agrees
    (vevent,) = [v for v in vobject.readOne(text).vevent_list if v.uid.value == uid(traj, traj.session_by_number(3).id)]
    assert vevent.dtstart.value == expected
    assert vevent.dtstart.value.astimezone(timezone.utc) == expected.astimezone(timezone.utc)


@pytest.mark.parametrize("when", DST_WEEKS)
@pytest.mark.parametrize("reminders", [(1440, 60), (2880,), (15,), (10080, 1440, 30)])
def test_reminders_fire_before_the_start_in_both_parsers(when, reminders):
    day = date.fromisoformat(when)
    traj = make(start=day - 14 * DAY, start_time="08:00")
    session = traj.session_by_number(3)
    text = export_ics(traj, now="2026-01-05T12:00:00+01:00", reminders=reminders)
    event = by_uid(text)[uid(traj, session.id)]
    start = event.decoded("DTSTART")
    triggers = [alarm.decoded("TRIGGER") for alarm in alarms(event)]
    assert sorted(triggers) == sorted(-timedelta(minutes=m) for m in reminders)
    for alarm in alarms(event):
        assert alarm.get("TRIGGER").params.get("RELATED", "START") == "START"
        assert start + alarm.decoded("TRIGGER") < start
    (vevent,) = [v for v in vobject.readOne(text).vevent_list if v.uid.value == uid(traj, session.id)]
    vtriggers = [alarm.trigger.value for alarm in vevent.valarm_list]
    assert sorted(vtriggers) == sorted(triggers)
    assert all(trigger_value < timedelta(0) for trigger_value in vtriggers)


def test_due_actions_are_short_free_events_at_the_coach_time():
    traj = make()
    found = by_uid(export_ics(traj, now=NOW, due_time="08:15"))
    keys = [traj.session_by_number(0).id, "evaluation-form", "followup-mail", "followup-checkin"]
    for key in keys:
        event = found[uid(traj, key)]
        start = event.decoded("DTSTART")
        assert (start.hour, start.minute) == (8, 15)
        assert event.decoded("DTEND") - start == timedelta(minutes=15)
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert all(alarm.decoded("TRIGGER") < timedelta(0) for alarm in alarms(event)) and alarms(event)
    form = found[uid(traj, "evaluation-form")]
    first_closing = min(s.planned_date for s in traj.regular_sessions if s.is_closing)
    assert form.decoded("DTSTART").date() == first_closing - 7 * DAY
    assert str(form["SUMMARY"]) == "J.J. – Evaluatieformulier sturen"


def test_evaluation_form_event_goes_once_the_form_has_answers():
    from traject.forms import set_form_answers

    traj = make()
    set_form_answers(traj, "evaluation", {"goal_reached": 7}, now=NOW)
    assert uid(traj, "evaluation-form") not in by_uid(export_ics(traj, now=NOW))


def test_intake_due_on_dst_day_stays_on_its_date():
    traj = make(start=date(2026, 3, 31))
    intake = by_uid(export_ics(traj, now=NOW))[uid(traj, traj.session_by_number(0).id)]
    assert intake.decoded("DTSTART").date() == date(2026, 3, 29)


def test_empty_export_is_a_calendar_without_events():
    text = export_ics([], now=NOW)
    assert events(text) == []
    assert str(parse(text)["VERSION"]) == "2.0"


# --- UIDs and SEQUENCE ------------------------------------------------------------------------

def test_uids_are_stable_across_exports_and_unique():
    first, second = make(), make("Piet Pieters")
    uids_a = [str(e["UID"]) for e in events(export_ics([first, second], now=NOW))]
    uids_b = [str(e["UID"]) for e in events(export_ics([first, second], now="2026-03-10T08:00:00+01:00"))]
    assert len(uids_a) == 24 and len(set(uids_a)) == 24
    assert uids_a == uids_b
    for session in first.sessions:
        assert uid(first, session.id) in uids_a


def test_same_trajectory_twice_is_exported_once():
    traj = make()
    assert len(events(export_ics([traj, traj], now=NOW))) == 12


def test_rescheduled_session_keeps_its_uid_with_the_new_date():
    traj = make()
    session = traj.session_by_number(3)
    before = set(by_uid(export_ics(traj, now=NOW)))
    reschedule_session(traj, session.id, date(2026, 4, 1), today=date(2026, 3, 2))
    found = by_uid(export_ics(traj, now=NOW))
    assert set(found) == before
    assert found[uid(traj, session.id)].decoded("DTSTART").date() == date(2026, 4, 1)


def test_reschedule_of_session_1_moves_the_intake_event():
    traj = make()
    reschedule_session(traj, traj.session_by_number(1).id, date(2026, 3, 20), today=date(2026, 3, 2))
    found = by_uid(export_ics(traj, now=NOW))
    assert found[uid(traj, traj.session_by_number(0).id)].decoded("DTSTART").date() == date(2026, 3, 18)


def test_sequence_increases_with_the_revision():
    repo = InMemoryRepository()
    traj = make()
    repo.save(traj, now=NOW)
    first = [int(e["SEQUENCE"]) for e in events(export_ics(traj, now=NOW))]
    reschedule_session(traj, traj.session_by_number(5).id, date(2026, 4, 14), today=date(2026, 3, 2))
    repo.save(traj, now="2026-03-02T10:00:00+01:00")
    second = [int(e["SEQUENCE"]) for e in events(export_ics(traj, now="2026-03-02T10:00:00+01:00"))]
    assert set(first) == {traj.revision - 1} and set(second) == {traj.revision}
    assert min(second) > max(first)


def test_extended_trajectory_keeps_the_closing_uids_and_adds_sessions():
    traj = make()
    closing_ids = [s.id for s in traj.regular_sessions if s.is_closing]
    extend(traj, 2, "Twee extra sessies", today=date(2026, 3, 2))
    found = by_uid(export_ics(traj, now=NOW))
    assert len(found) == 14
    for session_id in closing_ids:
        session = traj.session(session_id)
        event = found[uid(traj, session_id)]
        assert event.decoded("DTSTART").date() == session.planned_date
        assert f"Sessie {session.number} " in str(event["SUMMARY"])
    assert "Twee extra" not in export_ics(traj, now=NOW)


# --- Reminders -------------------------------------------------------------------------------

def test_default_reminders_are_one_day_and_one_hour_before():
    traj = make()
    found = by_uid(export_ics(traj, now=NOW))
    for session in traj.regular_sessions:
        event = found[uid(traj, session.id)]
        assert [a.decoded("TRIGGER") for a in alarms(event)] == [timedelta(days=-1), timedelta(hours=-1)]
        for alarm in alarms(event):
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert str(alarm["DESCRIPTION"]) == "Herinnering: " + str(event["SUMMARY"])


@pytest.mark.parametrize("minutes, raw", [
    (1440, "TRIGGER;RELATED=START:-P1D"), (2880, "TRIGGER;RELATED=START:-P2D"), (60, "TRIGGER;RELATED=START:-PT1H"),
    (30, "TRIGGER;RELATED=START:-PT30M"), (10080 + 90, "TRIGGER;RELATED=START:-P7DT1H30M"),
])
def test_reminder_offsets_set_the_trigger(minutes, raw):
    traj = make()
    text = export_ics(traj, now=NOW, reminders=[minutes])
    assert raw + "\r\n" in text
    assert trigger(by_uid(text)[uid(traj, traj.session_by_number(2).id)]) == -timedelta(minutes=minutes)


def test_no_reminders_when_switched_off():
    for off in (None, (), []):
        text = export_ics(make(), now=NOW, reminders=off)
        assert "VALARM" not in text
        assert len(events(text)) == 12


def test_no_reminders_for_items_that_already_started():
    traj = make()
    found = by_uid(export_ics(traj, now="2026-03-29T10:30:00+02:00"))
    for session in traj.regular_sessions:
        has_alarm = bool(alarms(found[uid(traj, session.id)]))
        assert has_alarm == (session.planned_date > date(2026, 3, 29)), session.number
    found = by_uid(export_ics(traj, now="2026-03-29T09:59:00+02:00"))
    assert alarms(found[uid(traj, traj.session_by_number(3).id)])


@pytest.mark.parametrize("kwargs", [
    {"title_mode": "full"}, {"reminders": [-1]}, {"reminders": [True]}, {"reminders": [1.5]},
    {"reminders": [10 ** 6]}, {"reminders": [60, 60]}, {"reminders": [1, 2, 3, 4]}, {"due_time": "9:00"},
    {"now": "gisteren"}, {"now": None},
])
def test_invalid_arguments_raise_value_error(kwargs):
    arguments = {"now": NOW, **kwargs}
    with pytest.raises(ValueError):
        export_ics(make(), **arguments)


def test_format_trigger():
    assert format_trigger(0) == "PT0S"
    assert format_trigger(-900) == "-PT15H"
    assert format_trigger(-2340) == "-P1DT15H"
    assert format_trigger(-2880) == "-P2D"
    assert format_trigger(61) == "PT1H1M"


# --- Status ----------------------------------------------------------------------------------

def test_cancelled_no_show_and_held_sessions():
    traj = make()
    today = date(2026, 3, 2)
    s1, s2, s3 = (traj.session_by_number(n) for n in (1, 2, 3))
    record_session(traj, s1.id, "held", today=today)
    record_session(traj, s2.id, "cancelled", today=today)
    record_session(traj, s3.id, "no_show", today=today)
    found = by_uid(export_ics(traj, now=NOW))
    assert str(found[uid(traj, s1.id)]["STATUS"]) == "CONFIRMED" and not alarms(found[uid(traj, s1.id)])
    for session in (s2, s3):
        event = found[uid(traj, session.id)]
        assert str(event["STATUS"]) == "CANCELLED"
        assert not alarms(event)
        assert str(event["SUMMARY"]) == f"J.J. – Sessie {session.number} (vervallen)"
    assert alarms(found[uid(traj, traj.session_by_number(4).id)])


def test_intake_marked_sent_has_no_reminder():
    traj = make()
    record_session(traj, traj.session_by_number(0).id, "held", today=date(2026, 3, 2))
    intake = by_uid(export_ics(traj, now=NOW))[uid(traj, traj.session_by_number(0).id)]
    assert str(intake["STATUS"]) == "CONFIRMED" and not alarms(intake)


def test_completed_trajectory_exports_the_real_followup_with_reminders():
    traj = make()
    for session in traj.sessions:
        record_session(traj, session.id, "held", today=session.planned_date)
    assert traj.status == "completed" and len(traj.followups) == 2
    found = by_uid(export_ics(traj, now="2026-05-04T10:00:00+02:00"))
    assert len(found) == 11  # the evaluation form's event is gone once the closing was held
    mail = found[uid(traj, "followup-mail")]
    assert mail.decoded("DTSTART").date() == date(2026, 5, 10)
    assert [a.decoded("TRIGGER") for a in alarms(mail)] == [timedelta(days=-1), timedelta(hours=-1)]
    assert all(not alarms(found[uid(traj, s.id)]) for s in traj.sessions)


def test_followup_done_and_skipped():
    traj = make()
    for session in traj.sessions:
        record_session(traj, session.id, "held", today=session.planned_date)
    set_followup_status(traj, "mail", "done")
    set_followup_status(traj, "checkin", "skipped")
    found = by_uid(export_ics(traj, now="2026-05-04T10:00:00+02:00"))
    mail, checkin = found[uid(traj, "followup-mail")], found[uid(traj, "followup-checkin")]
    assert str(mail["STATUS"]) == "CONFIRMED" and not alarms(mail)
    assert str(checkin["STATUS"]) == "CANCELLED" and not alarms(checkin)


def test_closed_early_cancels_the_rest_and_moves_the_followup():
    traj = make()
    before = by_uid(export_ics(traj, now=NOW))
    for number in (0, 1, 2, 3):
        record_session(traj, traj.session_by_number(number).id, "held", today=date(2026, 3, 29))
    close_early(traj, today=date(2026, 3, 30))
    found = by_uid(export_ics(traj, now="2026-03-30T10:00:00+02:00"))
    assert set(found) == set(before) - {uid(traj, "evaluation-form")}  # follow-up updated, not duplicated
    for number in range(4, 9):
        assert str(found[uid(traj, traj.session_by_number(number).id)]["STATUS"]) == "CANCELLED"
    assert found[uid(traj, "followup-mail")].decoded("DTSTART").date() == date(2026, 4, 6)
    assert alarms(found[uid(traj, "followup-mail")])


def test_stopped_trajectory_has_no_followup_and_no_reminders():
    traj = make()
    no_click(traj, today=date(2026, 3, 2), referral_note="REFERRALMARKER")
    text = export_ics(traj, now=NOW)
    found = by_uid(text)
    assert uid(traj, "followup-mail") not in found and uid(traj, "followup-checkin") not in found
    assert "VALARM" not in text
    assert {str(e["STATUS"]) for e in found.values()} == {"CANCELLED"}


def test_paused_trajectory_is_tentative_without_reminders():
    traj = make()
    pause(traj, today=date(2026, 3, 2))
    text = export_ics(traj, now=NOW)
    assert "VALARM" not in text
    assert {str(e["STATUS"]) for e in events(text)} == {"TENTATIVE"}


def test_sessions_without_a_date_are_left_out():
    traj = make()
    traj.session_by_number(5).planned_date = None
    assert uid(traj, traj.session_by_number(5).id) not in by_uid(export_ics(traj, now=NOW))


# --- Privacy ---------------------------------------------------------------------------------

def private_trajectory(name="Jan Jansen"):
    traj = make(name)
    traj.agreements = "AGREEMARKER"
    s1 = traj.session_by_number(1)
    update_session(traj, traj.session_by_number(3).id, focus="FOCUSMARKER")
    record_session(traj, s1.id, "held", today=date(2026, 3, 15),
                   notes=SessionNotes("NOTEMARKER4412", "NOTEMARKER4412", "NOTEMARKER4412", "NOTEMARKER4412"),
                   check=SessionCheck("CHECKMARKER3301", "CHECKMARKER3301", "CHECKMARKER3301"))
    add_goal(traj, "GOALMARKER5521", specific="GOALMARKER5521")
    add_homework(traj, "HOMEWORKMARKER", due_date=date(2026, 3, 22), session_id=s1.id)
    set_form_answers(traj, "intake", {"coaching_question": "FORMMARKER8821"}, now=NOW)
    return traj


@pytest.mark.parametrize("mode", ["initials", "code", "name"])
def test_private_fields_never_appear(mode):
    traj = private_trajectory()
    text = export_ics([traj, make("Piet Pieters")], now=NOW, title_mode=mode)
    flat = unfold(text).lower()
    for marker in MARKERS:
        assert marker.lower() not in flat, marker
    assert "example.org" not in flat
    for event in events(text):
        assert "DESCRIPTION" not in event and "LOCATION" not in event and "ATTENDEE" not in event


def test_default_title_uses_initials_not_the_name():
    text = export_ics(private_trajectory("Jan van der Berg"), now=NOW)
    flat = unfold(text)
    assert "Jan" not in flat and "Berg" not in flat
    assert all(str(e["SUMMARY"]).startswith("J.B. – ") for e in events(text))


def test_code_mode_shows_only_the_code():
    traj = make("Jan Jansen", trajectory_id="3f9a0c1d2e3f40516273849506a7b8c9")
    text = export_ics(traj, now=NOW, title_mode="code")
    assert trajectory_code(traj) == "T-3F9A"
    assert all(str(e["SUMMARY"]).startswith("T-3F9A – ") for e in events(text))
    assert "J.J." not in text and "Jansen" not in text


def test_trajectory_code_of_a_non_hex_id_is_a_checksum():
    traj = make(trajectory_id="client-xyz")
    code = trajectory_code(traj)
    assert code.startswith("T-") and len(code) == 6 and int(code[2:], 16) >= 0
    assert trajectory_code(traj) == code


def test_name_mode_is_an_explicit_opt_in():
    traj = make("Jan Jansen")
    assert "Jan Jansen" not in export_ics(traj, now=NOW)
    text = export_ics(traj, now=NOW, title_mode="name")
    assert all(str(e["SUMMARY"]).startswith("Jan Jansen – ") for e in events(text))


def test_name_without_letters_falls_back_to_the_code():
    traj = make("  ---  ")
    summaries = {str(e["SUMMARY"]) for e in events(export_ics(traj, now=NOW))}
    assert all(s.startswith(trajectory_code(traj) + " – ") for s in summaries)


@pytest.mark.parametrize("name, expected", [
    ("Jan Jansen", "J.J."), ("Jan van der Berg", "J.B."), ("Émile de Vries-Öztürk", "É.V.Ö."),
    ("Le Van Anh", "L.V.A."), ("Madonna", "M."), ("", ""), ("ëlla ijsselmeer", "Ë.I."),
])
def test_client_initials(name, expected):
    assert client_initials(name) == expected


# --- Escaping and folding --------------------------------------------------------------------

LONG_NAME = "Zoë Bénédicte Ëlsa-Marïe van den Brœck 😀🎉 Ĳsbrand Ørsted Ñúñez " * 3


def test_long_utf8_names_fold_at_75_octets_and_unfold_to_the_original():
    traj = make(LONG_NAME)
    text = export_ics(traj, now=NOW, title_mode="name", calendar_name="Agenda 😀 " * 20)
    lines = physical_lines(text)
    assert any(len(line) > 70 for line in lines)
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # strict: no multi-byte character was split
    assert sum(line.startswith(b" ") for line in lines) > 10
    expected_name = " ".join(LONG_NAME.split())
    for event in events(text):
        assert str(event["SUMMARY"]).startswith(expected_name + " – ")
    assert calendar_name(text) == "Agenda 😀 " * 20


def test_commas_semicolons_and_backslashes_in_the_name_round_trip():
    name = r'Jansen, J.; "Jo" \ de Wit\n'
    traj = make(name)
    text = export_ics(traj, now=NOW, title_mode="name")
    assert "\\, J.\\; " in text and "\\\\ de Wit\\\\n" in text
    for event in events(text):
        assert str(event["SUMMARY"]).startswith(name + " – ")


def test_newlines_in_text_are_escaped():
    text = export_ics(make(), now=NOW, calendar_name="Regel 1\nRegel 2\r\nRegel 3, ;\\")
    assert "X-WR-CALNAME:Regel 1\\nRegel 2\\nRegel 3\\, \\;\\\\\r\n" in text
    assert calendar_name(text) == "Regel 1\nRegel 2\nRegel 3, ;\\"


def test_newlines_in_a_name_become_spaces_in_the_title():
    text = export_ics(make("Jan\nJansen"), now=NOW, title_mode="name")
    assert all(str(e["SUMMARY"]).startswith("Jan Jansen – ") for e in events(text))


def test_escape_text_drops_control_characters():
    assert escape_text("a\x00b\x1bc\td\x7f") == "abc\td"


def test_fold_line_boundaries():
    assert fold_line("x" * 75) == "x" * 75
    assert fold_line("x" * 76) == "x" * 75 + "\r\n x"
    folded = fold_line("é" * 100)  # 2 octets each: 37 on the first line (74 octets), then 37 per line
    assert [len(p.encode()) for p in folded.split("\r\n")] == [74, 75, 53]


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=200)


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_any_text_round_trips_through_icalendar(value):
    value = "".join(c for c in value if c in "\n\t" or not (ord(c) < 0x20 or ord(c) == 0x7F))
    assert summary_round_trip(value) == value
    text = export_ics([], now=NOW, calendar_name=value)
    for line in physical_lines(text):
        assert len(line) <= 75
        line.decode("utf-8")
    assert calendar_name(text) == value


def test_escaped_text_round_trips_as_summary():
    value = "Regel 1\nRegel 2, met komma; puntkomma \\ backslash \\n geen newline 😀 é ë " * 3
    assert summary_round_trip(value) == value


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_fold_line_unfolds_to_the_original(value):
    value = value.replace("\r", "").replace("\n", "")
    folded = fold_line(value)
    assert folded.replace("\r\n ", "") == value
    for piece in folded.split("\r\n"):
        assert len(piece.encode("utf-8", "surrogatepass")) <= 75


# --- File name and module hygiene ------------------------------------------------------------

def test_ics_filename():
    first = make(trajectory_id="3f9a0c1d2e3f40516273849506a7b8c9")
    second = make("Piet Pieters")
    assert ics_filename([first, second], date(2026, 11, 23)) == "traject-agenda-2026-11-23.ics"
    assert ics_filename([], "2026-11-23") == "traject-agenda-2026-11-23.ics"
    assert ics_filename(first, date(2026, 11, 23)) == "traject-agenda-t-3f9a-2026-11-23.ics"
    assert ics_filename([first], "2026-11-23T10:00:00+01:00") == "traject-agenda-t-3f9a-2026-11-23.ics"
    with pytest.raises(ValueError):
        ics_filename([first], "23-11-2026")


def test_module_imports_only_the_standard_library_and_its_package():
    tree = ast.parse(Path(calendar_ics.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert imported <= {"datetime", "zlib"}


ICAL_KEYS = ("ical.calendar_name", "ical.summary", "ical.cancelled", "ical.session", "ical.intake", "ical.midterm",
             "ical.closing_step", "ical.evaluation_form", "ical.followup_mail", "ical.followup_checkin",
             "ical.followup_checkin_one", "ical.reminder")


def test_texts_come_from_the_catalogue():
    assert not hasattr(calendar_ics, "MESSAGES")
    source = Path(calendar_ics.__file__).read_text(encoding="utf-8")
    used = {node.args[0].value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "t"
            and node.args and isinstance(node.args[0], ast.Constant)}
    assert used == set(ICAL_KEYS)
    for key in ICAL_KEYS:  # same rule as the rest of the catalogue: plain {name} placeholders
        text = catalogue()[key]
        assert isinstance(text, str) and text
        for _, name, spec, conv in string.Formatter().parse(text):
            if name is not None:
                assert name.isidentifier() and not spec and not conv, key


# --- issue 14: the evaluation form and the calendar of all trajectories ------------------------

def test_evaluation_form_due_action_is_in_the_calendar():
    from traject.due import due_actions

    traj = make()
    found = by_uid(export_ics(traj, now=NOW))
    event = found[uid(traj, "evaluation-form")]
    action = [a for a in due_actions(traj, date(2026, 3, 1)) if a.kind == "send_evaluation_form"][0]
    assert event.decoded("DTSTART").date() == action.due_date == traj.session_by_number(7).planned_date - timedelta(days=7)
    assert str(event["SUMMARY"]) == "J.J. – Evaluatieformulier sturen"
    assert alarms(event)
    traj.done_actions.append(action.key)
    event = by_uid(export_ics(traj, now=NOW))[uid(traj, "evaluation-form")]
    assert str(event["STATUS"]) == "CONFIRMED" and not alarms(event)


def test_calendar_of_all_trajectories_holds_the_followup_of_closed_ones():
    from traject.calendar_ics import calendar_selection

    running, closed, stopped, followed = make("A B"), make("C D"), make("E F"), make("G H")
    close_early(closed, today=date(2026, 3, 30))
    no_click(stopped, today=date(2026, 3, 2), referral_note="x")
    close_early(followed, today=date(2026, 3, 30))
    for item in followed.followups:
        item.status = "done"
    chosen = calendar_selection([running, closed, stopped, followed])
    assert chosen == [running, closed]
    found = by_uid(export_ics(chosen, now="2026-03-30T10:00:00+02:00"))
    assert uid(closed, "followup-mail") in found and uid(closed, "followup-checkin") in found
