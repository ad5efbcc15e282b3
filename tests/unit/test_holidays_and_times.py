"""Dutch public holidays (checked against the dates the government publishes for 2026-2030),
session times, planning with the coach's defaults and rescheduling with a time."""

from datetime import date, datetime

import pytest

from traject.appointments import (default_start_date, holiday_sessions, move_to_next_working_day,
                                  session_start)
from traject.errors import DomainError, ValidationError
from traject.holidays import easter_sunday, holiday_on, next_working_day, public_holidays
from traject.messages import t
from traject.templates import default_template, short_template
from traject.trajectory import add_session, new_trajectory, reschedule_session

NOW = "2026-03-01T10:00:00+01:00"

# Published on rijksoverheid.nl ("Welke dagen zijn officiële feestdagen?"), per year:
# Easter Sunday, Easter Monday, King's Day, Ascension, Whit Sunday, Whit Monday.
PUBLISHED = {
    2026: ("2026-04-05", "2026-04-06", "2026-04-27", "2026-05-14", "2026-05-24", "2026-05-25"),
    2027: ("2027-03-28", "2027-03-29", "2027-04-27", "2027-05-06", "2027-05-16", "2027-05-17"),
    2028: ("2028-04-16", "2028-04-17", "2028-04-27", "2028-05-25", "2028-06-04", "2028-06-05"),
    2029: ("2029-04-01", "2029-04-02", "2029-04-27", "2029-05-10", "2029-05-20", "2029-05-21"),
    2030: ("2030-04-21", "2030-04-22", "2030-04-27", "2030-05-30", "2030-06-09", "2030-06-10"),
}
KEYS = ("easter_sunday", "easter_monday", "kings_day", "ascension", "whit_sunday", "whit_monday")


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_published_holidays_2026_to_2030(year):
    expected = {date.fromisoformat(day): key for day, key in zip(PUBLISHED[year], KEYS)}
    expected.update({date(year, 1, 1): "new_year", date(year, 12, 25): "christmas", date(year, 12, 26): "boxing_day"})
    if year == 2030:
        expected[date(2030, 5, 5)] = "liberation_day"
    assert public_holidays(year) == expected
    assert public_holidays(year, "yearly") == {**expected, date(year, 5, 5): "liberation_day"}


@pytest.mark.parametrize("year, easter", [(2000, date(2000, 4, 23)), (2008, date(2008, 3, 23)),
                                          (2011, date(2011, 4, 24)), (2038, date(2038, 4, 25)),
                                          (2285, date(2285, 3, 22))])
def test_easter_extremes(year, easter):
    assert easter_sunday(year) == easter


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert holiday_on(date(2025, 4, 26)) == "kings_day" and holiday_on(date(2025, 4, 27)) is None
    assert holiday_on(date(2014, 4, 26)) == "kings_day"
    assert holiday_on(date(2032, 4, 26)) is None and holiday_on(date(2032, 4, 27)) == "kings_day"
    assert holiday_on(date(2031, 4, 26)) == "kings_day" and holiday_on(date(2036, 4, 26)) == "kings_day"


def test_liberation_day_rule_and_unknown_rule():
    assert holiday_on(date(2026, 5, 5)) is None and holiday_on(date(2026, 5, 5), "yearly") == "liberation_day"
    assert holiday_on(date(2025, 5, 5)) == "liberation_day"
    with pytest.raises(ValueError):
        public_holidays(2026, "sometimes")


def test_every_holiday_has_a_dutch_name():
    for key in set(public_holidays(2030, "yearly").values()):
        assert not t("holiday." + key).startswith("holiday.")


def test_next_working_day_skips_weekends_and_holidays():
    assert next_working_day(date(2026, 4, 3)) == date(2026, 4, 7)  # Good Friday -> past Easter Monday
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert next_working_day(date(2026, 5, 4)) == date(2026, 5, 5)
    assert next_working_day(date(2026, 5, 4), "yearly") == date(2026, 5, 6)


def make(start=date(2026, 3, 9), frequency="weekly", **kwargs):
    return new_trajectory(default_template(), "Anna de Vries", "Rust", start, frequency, now=NOW, **kwargs)


def test_new_trajectory_uses_the_start_time_and_default_duration():
    traj = make(start_time="18:30", duration_minutes=75)
    assert {s.start_time for s in traj.sessions} == {"18:30"}
    regular = [s for s in traj.regular_sessions if not s.is_closing]
    assert {s.duration_minutes for s in regular} == {75}
    assert [s.duration_minutes for s in traj.regular_sessions if s.is_closing] == [60, 60]
    assert session_start(traj.session_by_number(2)) == datetime(2026, 3, 16, 18, 30)


def test_closing_follows_the_variant_whatever_the_default_duration():
    traj = new_trajectory(short_template(), "Anna", "", date(2026, 3, 9), "weekly", now=NOW, duration_minutes=45)
    assert [(s.role, s.duration_minutes) for s in traj.regular_sessions if s.is_closing] == [("closing_single", 90)]
    two = make(closing_variant="two_60", duration_minutes=50)
    assert [s.duration_minutes for s in two.regular_sessions if s.is_closing] == [60, 60]
    one = make(closing_variant="one_90", duration_minutes=50)
    assert [s.duration_minutes for s in one.regular_sessions if s.is_closing] == [90]


def test_bad_start_time_is_refused():
    with pytest.raises(ValidationError) as info:
        make(start_time="25:00")
    assert "start_time" in info.value.problems[0].path


@pytest.mark.parametrize("today, weekday, expected", [
    (date(2026, 3, 1), None, date(2026, 3, 8)),
    (date(2026, 3, 1), 6, date(2026, 3, 8)),  # 8 March 2026 is a Sunday
    (date(2026, 3, 1), 1, date(2026, 3, 10)),
    (date(2026, 3, 1), 5, date(2026, 3, 14)),
])
def test_default_start_date_uses_the_weekday(today, weekday, expected):
    assert default_start_date(today, weekday) == expected
    if weekday is not None:
        assert expected.weekday() == weekday


def test_reschedule_changes_date_and_time():
    traj = make(start_time="10:00")
    session = traj.session_by_number(3)
    reschedule_session(traj, session.id, "2026-03-26", today=date(2026, 3, 2), start_time="16:15")
    assert (session.planned_date, session.start_time, session.status) == (date(2026, 3, 26), "16:15", "moved")
    assert traj.session_by_number(4).start_time == "10:00"


def test_reschedule_with_a_bad_time_changes_nothing():
    traj = make()
    session = traj.session_by_number(3)
    before = (session.planned_date, session.start_time, session.status)
    with pytest.raises(ValidationError) as info:
        reschedule_session(traj, session.id, "2026-03-26", today=date(2026, 3, 2), start_time="9.30")
    assert info.value.problems[0].path == "start_time" and "UU:MM" in info.value.problems[0].message
    assert (session.planned_date, session.start_time, session.status) == before


def test_added_session_takes_the_time_of_the_one_before():
    traj = make(start_time="08:45")
    added = add_session(traj, 2, today=date(2026, 3, 2))
    assert added.start_time == "08:45"


def test_holiday_sessions_are_flagged_and_moved_to_the_next_working_day():
    traj = make(start=date(2026, 3, 30), start_time="11:00")  # weekly Mondays: 6 April is Easter Monday
    easter = traj.session_by_number(2)
    assert easter.planned_date == date(2026, 4, 6)
    flagged = holiday_sessions(traj)
    assert flagged[easter.id] == "easter_monday"
    assert traj.session_by_number(5).planned_date == date(2026, 4, 27) and flagged[traj.session_by_number(5).id] == "kings_day"
    assert len(flagged) == 2  # sessions 3, 4, 6, 7 and 8 fall on ordinary Mondays (4 May: not a lustrum year)
    move_to_next_working_day(traj, easter.id, today=date(2026, 3, 20))
    assert (easter.planned_date, easter.start_time, easter.status) == (date(2026, 4, 7), "11:00", "moved")
    assert easter.id not in holiday_sessions(traj)
    assert traj.session_by_number(3).planned_date == date(2026, 4, 13)  # later sessions stay
    with pytest.raises(DomainError):
        move_to_next_working_day(traj, easter.id, today=date(2026, 3, 20))
