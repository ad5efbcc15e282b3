from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import traject
from traject.dates import add_months, parse_date
from traject.planning import closing_numbers, intake_due, midterm_number, plan_dates


def dates_of(traj):
    return {s.number: s.planned_date for s in traj.sessions}


def test_weekly_biweekly_custom_steps():
    assert plan_dates(date(2026, 1, 5), 3, "weekly") == [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]
    assert plan_dates(date(2026, 1, 5), 3, "biweekly") == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2)]
    assert plan_dates(date(2026, 1, 5), 3, "custom", 10) == [date(2026, 1, 5), date(2026, 1, 15), date(2026, 1, 25)]


def test_monthly_clamps_at_month_end_but_keeps_the_original_day():
    assert plan_dates(date(2026, 1, 31), 4, "monthly") == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert plan_dates(date(2028, 1, 31), 2, "monthly")[1] == date(2028, 2, 29)  # leap year
    assert plan_dates(date(2026, 11, 30), 3, "monthly") == [date(2026, 11, 30), date(2026, 12, 30), date(2027, 1, 30)]


def test_weekly_across_the_spring_dst_change(make_traj):
    # Europe moves to summer time on Sunday 2026-03-29; Wednesdays stay Wednesdays.
    traj = make_traj(start="2026-03-25", frequency="weekly")
    planned = dates_of(traj)
    assert planned[1] == date(2026, 3, 25) and planned[2] == date(2026, 4, 1)
    assert all(planned[n].weekday() == 2 for n in range(1, 9))
    assert all((planned[n + 1] - planned[n]).days == 7 for n in range(1, 8))


def test_biweekly_across_the_autumn_dst_change(make_traj):
    # Winter time starts on Sunday 2026-10-25.
    traj = make_traj(start="2026-10-16", frequency="biweekly")
    planned = dates_of(traj)
    assert planned[2] == date(2026, 10, 30) and planned[3] == date(2026, 11, 13)
    assert all(planned[n].weekday() == 4 for n in range(1, 9))


def test_dst_does_not_shift_dates_even_with_local_clock_times():
    # Adding whole days to a date and then attaching a local clock time gives the same
    # wall-clock time on both sides of the change (this is how the app shows a session).
    import zoneinfo

    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    days = plan_dates(date(2026, 3, 25), 2, "weekly")
    times = [datetime(d.year, d.month, d.day, 9, 30, tzinfo=amsterdam) for d in days]
    assert [t.hour for t in times] == [9, 9]
    assert times[0].utcoffset() == timedelta(hours=1) and times[1].utcoffset() == timedelta(hours=2)


def test_intake_is_due_48_hours_before_session_1(make_traj):
    traj = make_traj(start="2026-03-02")
    assert intake_due(date(2026, 3, 2)) == date(2026, 2, 28)
    assert traj.session_by_number(0).planned_date == date(2026, 2, 28)
    assert make_traj(start="2028-03-01").session_by_number(0).planned_date == date(2028, 2, 28)


@pytest.mark.parametrize("n, expected", [(6, 3), (8, 4), (10, 5), (12, 6)])
def test_midterm_sits_halfway(n, expected):
    assert midterm_number(n, "two_60") == expected
    assert midterm_number(n, "one_90") == expected


def test_midterm_for_short_trajectories():
    assert midterm_number(4, "two_60") == 2
    assert midterm_number(3, "two_60") is None  # would collide with the closing
    assert midterm_number(2, "one_90") is None
    assert midterm_number(9, "one_90") == 5


def test_closing_numbers():
    assert closing_numbers(8, "two_60") == (7, 8)
    assert closing_numbers(8, "one_90") == (8,)
    assert closing_numbers(1, "two_60") == (1,)


def test_parse_date_is_strict():
    assert parse_date("2026-02-28") == date(2026, 2, 28)
    for bad in ("2026-02-30", "20260228", "2026-2-28", "2026-02-28T00:00", 20260228, None, "２０２６-02-28"):
        assert parse_date(bad) is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 48))
def test_add_months_properties(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == start.day or (result.day < start.day and (result + timedelta(days=1)).day == 1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 1, 1)),
       st.sampled_from(["weekly", "biweekly", "custom"]), st.integers(1, 60), st.integers(2, 20))
def test_fixed_steps_keep_equal_gaps(start, frequency, days, count):
    planned = plan_dates(start, count, frequency, days)
    gaps = {(b - a).days for a, b in zip(planned, planned[1:])}
    assert gaps == {{"weekly": 7, "biweekly": 14, "custom": days}[frequency]}


def test_reschedule_one_session_without_shifting(make_traj):
    traj = make_traj(start="2026-03-25", frequency="weekly")
    before = dates_of(traj)
    session = traj.session_by_number(3)
    traject.reschedule_session(traj, session.id, "2026-04-10", today=date(2026, 3, 30))
    after = dates_of(traj)
    assert after[3] == date(2026, 4, 10) and session.status == "moved"
    assert {n: d for n, d in after.items() if n != 3} == {n: d for n, d in before.items() if n != 3}
    assert traj.events[-1].kind == "rescheduled"


def test_reschedule_on_request_shifts_later_sessions_by_the_same_delta(make_traj):
    traj = make_traj(start="2026-03-25", frequency="weekly")
    before = dates_of(traj)
    traject.reschedule_session(traj, traj.session_by_number(3).id, "2026-04-10", today=date(2026, 3, 30),
                               shift_later=True)
    after = dates_of(traj)
    assert all(after[n] == before[n] for n in (0, 1, 2))
    assert all(after[n] == before[n] + timedelta(days=2) for n in range(3, 9))


def test_rescheduling_session_1_moves_the_intake_due_date(make_traj):
    traj = make_traj(start="2026-03-25")
    traject.reschedule_session(traj, traj.session_by_number(1).id, "2026-03-31", today=date(2026, 3, 1))
    assert traj.session_by_number(0).planned_date == date(2026, 3, 29)


def test_cannot_reschedule_a_held_session(make_traj):
    traj = make_traj()
    session = traj.session_by_number(1)
    traject.record_session(traj, session.id, "held", today=date(2026, 3, 25))
    with pytest.raises(traject.DomainError):
        traject.reschedule_session(traj, session.id, "2026-04-01", today=date(2026, 3, 26))
