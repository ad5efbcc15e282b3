"""Services of issue 15: practice settings, session times and holidays, message drafts, the
calendar file with times. A fixed clock, the real repository over an in-memory store."""

from datetime import date

import icalendar
import pytest

from test_services import fresh, store, uow  # noqa: F401 (fixtures: the real repository over a dict)
from traject.errors import DomainError, ValidationError
from traject.services import Clock, appointments, calendar, sessions, trajectories

CLOCK = Clock.at(2026, 3, 2, 9, 30)
FORM = {"coach_name": "Carmen Koers", "practice_name": "Praktijk Koers", "practice_email": "carmen@koers.nl",
        "practice_phone": "06 12345678", "practice_website": "", "practice_kvk": "", "start_time": "13:15",
        "duration_minutes": "50", "weekday": "0", "reminder_1": "2880", "reminder_2": "30", "reminder_3": "",
        "liberation_day": "yearly", "price": "90", "price_basis": "session", "payment_days": "14",
        "cancellation_hours": "24", "confidentiality": "", "unused_sessions": "",
        "msg_checkin_subject": "Even bijpraten, {voornaam}?", "msg_checkin_body": "Hoi {voornaam}"}


def create(uow, **overrides):
    args = dict(template_id="default8", client_name="Anna de Vries", start_date=date(2026, 3, 30),
                frequency="weekly", email="anna@example.org")
    args.update(overrides)
    return trajectories.create_trajectory(uow, CLOCK, **args)


def test_settings_are_stored_and_used_for_new_trajectories(uow, store):
    appointments.save_practice_settings(uow, CLOCK, form=FORM)
    again = fresh(store).settings
    assert again.practice.name == "Praktijk Koers" and again.appointments.start_time == "13:15"
    assert again.appointments.reminder_minutes == [2880, 30]
    assert again.message_texts == {"checkin": {"subject": "Even bijpraten, {voornaam}?", "body": "Hoi {voornaam}"}}
    traj = create(uow)
    assert {s.start_time for s in traj.sessions} == {"13:15"}
    assert {s.duration_minutes for s in traj.regular_sessions if not s.is_closing} == {50}
    assert create(uow, start_time="08:00").sessions[3].start_time == "08:00"


def test_bad_settings_change_nothing(uow, store):
    before = dict(store.data)
    with pytest.raises(ValidationError) as info:
        appointments.save_practice_settings(uow, CLOCK, form={**FORM, "practice_email": "geen", "start_time": "8"})
    assert info.value.fields.keys() == {"practice_email", "start_time"}
    assert dict(store.data) == before and uow.settings.coach_name == ""


def test_bad_start_time_of_a_new_trajectory_is_a_field_message(uow):
    with pytest.raises(ValidationError) as info:
        create(uow, start_time="25:00")
    assert "start_time" in info.value.fields and uow.trajectories == {}


def test_reschedule_with_a_time(uow, store):
    traj = create(uow)
    session = traj.session_by_number(3)
    sessions.reschedule_session(uow, CLOCK, traj.id, session.id, new_date=date(2026, 4, 15), shift_later=False,
                                start_time="16:45")
    stored = fresh(store).trajectories[traj.id].session(session.id)
    assert (stored.planned_date, stored.start_time) == (date(2026, 4, 15), "16:45")
    with pytest.raises(ValidationError) as info:
        sessions.reschedule_session(uow, CLOCK, traj.id, session.id, new_date=date(2026, 4, 16), shift_later=False,
                                    start_time="16.45")
    assert "new_time" in info.value.fields
    assert fresh(store).trajectories[traj.id].session(session.id).planned_date == date(2026, 4, 15)


def test_move_a_holiday_session(uow, store):
    traj = create(uow)  # weekly on Mondays from 30 March 2026: session 2 on Easter Monday
    easter = traj.session_by_number(2)
    appointments.move_to_next_working_day(uow, CLOCK, traj.id, easter.id)
    assert fresh(store).trajectories[traj.id].session(easter.id).planned_date == date(2026, 4, 7)
    with pytest.raises(DomainError):
        appointments.move_to_next_working_day(uow, CLOCK, traj.id, traj.session_by_number(3).id)


def test_liberation_day_follows_the_setting(uow):
    appointments.save_practice_settings(uow, CLOCK, form=FORM)  # yearly
    traj = create(uow, start_date=date(2026, 5, 5), frequency="biweekly")
    moved = appointments.move_to_next_working_day(uow, CLOCK, traj.id, traj.session_by_number(1).id)
    assert moved.planned_date == date(2026, 5, 6)


def test_draft_with_form_link_and_sending_marks_done_with_undo(uow, store):
    appointments.save_practice_settings(uow, CLOCK, form=FORM)
    traj = create(uow)
    draft = appointments.message_draft(uow, CLOCK, traj.id, kind="intake", app_url="https://c.example/app/")
    assert "https://c.example/app/formulier.html#" in draft.body and "maandag 30 maart 2026 om 13:15" in draft.body
    assert draft.body.endswith("Carmen Koers\nPraktijk Koers\ncarmen@koers.nl\n06 12345678")
    again = appointments.message_draft(uow, CLOCK, traj.id, kind="intake", app_url="https://c.example/app/")
    assert again.body == draft.body  # the same link on every visit
    assert appointments.message_sent(uow, CLOCK, traj.id, kind="intake") == "send_intake"
    assert "send_intake" in fresh(store).trajectories[traj.id].done_actions
    assert appointments.message_sent(uow, CLOCK, traj.id, kind="intake") is None
    appointments.undo_message_sent(uow, CLOCK, traj.id, key="send_intake")
    assert "send_intake" not in fresh(store).trajectories[traj.id].done_actions
    with pytest.raises(ValidationError):
        appointments.message_draft(uow, CLOCK, traj.id, kind="spam")


def test_own_message_text_is_used(uow):
    appointments.save_practice_settings(uow, CLOCK, form=FORM)
    traj = create(uow)
    draft = appointments.message_draft(uow, CLOCK, traj.id, kind="checkin")
    assert (draft.subject, draft.body) == ("Even bijpraten, Anna?", "Hoi Anna")


def test_calendar_file_has_timed_events_with_the_coach_reminders(uow):
    appointments.save_practice_settings(uow, CLOCK, form=FORM)
    traj = create(uow)
    export = calendar.calendar_file(uow, CLOCK, trajectory_id=traj.id, lead="settings", title_mode="initials")
    events = icalendar.Calendar.from_ical(export.text).walk("VEVENT")
    session = next(e for e in events if str(e["SUMMARY"]) == "A.V. – Sessie 1")
    assert session.decoded("DTSTART").hour == 13 and str(session["TRANSP"]) == "OPAQUE"
    assert sorted(a.decoded("TRIGGER").total_seconds() for a in session.walk("VALARM")) == [-2880 * 60, -30 * 60]
    task = next(e for e in events if "Intake versturen" in str(e["SUMMARY"]))
    assert (task.decoded("DTSTART").hour, task.decoded("DTSTART").minute) == (13, 15)
    quiet = calendar.calendar_file(uow, CLOCK, trajectory_id=traj.id, lead="none", title_mode="initials")
    assert "VALARM" not in quiet.text
