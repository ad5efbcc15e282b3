"""Issue 14, "Dutch that reads as Dutch": dates, decimal comma, real plural forms."""

import re
from datetime import date, datetime, timedelta, timezone

import pytest

import traject
from traject.dutch import day_text, decimal, moment_text, plural
from traject.messages import catalogue
from traject.situations import close_early, extend, resume, pause
from traject.trajectory import reschedule_session

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_dates_read_as_dutch():
    assert day_text(date(2026, 12, 2)) == "2 dec. 2026"
    assert day_text(None) == ""
    assert moment_text(datetime(2026, 12, 2, 10, 4)) == "2 dec. 2026 om 10:04"
    local = datetime(2026, 12, 2, 9, 4, tzinfo=timezone.utc).astimezone(timezone(timedelta(hours=1)))
    assert moment_text(local) == "2 dec. 2026 om 10:04"
    assert moment_text("2026-12-02T10:04:00+01:00") == "2 dec. 2026 om 10:04"
    assert moment_text("nonsense") == ""


def test_decimal_comma():
    assert decimal(4, signed=True) == "+4,0"
    assert decimal(-1.25, 2) == "-1,25"
    assert decimal(7.5) == "7,5"


@pytest.mark.parametrize("word", sorted({k.split(".")[1] for k in catalogue() if k.startswith("plural.")}))
def test_every_plural_word_has_both_forms(word):
    one, other = plural(1, word), plural(3, word)
    assert one.startswith("1 ") and other.startswith("3 ") and one[2:] != other[2:]
    assert plural(0, word).startswith("0 ") and plural(0, word)[2:] == other[2:]


def test_no_bracket_plurals_or_iso_placeholders_in_the_catalogue():
    for key, text in catalogue().items():
        assert "(s)" not in text and "(en)" not in text and "/sjablonen" not in text and "(den)" not in text, key


def test_history_notes_have_dutch_dates_and_real_plurals(make_traj):
    traj = make_traj()
    session = traj.session_by_number(3)
    reschedule_session(traj, session.id, "2026-05-06", today=date(2026, 3, 1))
    extend(traj, 1, "Eén extra", today=date(2026, 3, 2))
    pause(traj, today=date(2026, 3, 3))
    resume(traj, "2026-04-01", today=date(2026, 3, 4))
    close_early(traj, today=date(2026, 3, 5))
    notes = " | ".join(e.note for e in traj.events)
    assert not ISO_DATE.search(notes), notes
    assert "6 mei 2026" in notes and "1 extra sessie " in notes
    assert "(s)" not in notes
    assert "9 geplande sessies vervallen" in notes
