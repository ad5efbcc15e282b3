"""Instants compared as moments and shown in local time (issue 19, section 2)."""

import importlib.util
import json
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from traject import instants
from traject.backup import read_import_text
from traject.dates import is_timestamp
from traject.reminder import backup_due

ROOT = Path(__file__).resolve().parents[2]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def amsterdam(utc):
    """What the browser answers in Europe/Amsterdam: minutes east of UTC at that instant."""
    return int(utc.astimezone(AMSTERDAM).utcoffset().total_seconds() // 60)


def load_fmt():
    """The page's formatting module (pure Python: only the domain's catalogue)."""
    spec = importlib.util.spec_from_file_location("webapp_fmt", ROOT / "app" / "webapp" / "fmt.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_case_files_form_time_is_shown_in_amsterdam_time():
    raw = (ROOT / "tests" / "data" / "bad-files" / "trajectory-form-time-utc.json").read_bytes()
    traj = read_import_text(raw).trajectories[0]
    stamp = next(record.updated_at for record in traj.forms.values())
    assert stamp == "2026-11-28T23:30:00Z"
    assert load_fmt().moment(stamp, amsterdam) == "29 nov. 2026 om 00:30"


@pytest.mark.parametrize("stamp, shown", [
    ("2026-03-29T00:30:00Z", "29 mrt. 2026 om 01:30"),  # just before the change to summer time (+01:00)
    ("2026-03-29T01:30:00Z", "29 mrt. 2026 om 03:30"),  # just after it (+02:00)
    ("2026-10-25T00:30:00+00:00", "25 okt. 2026 om 02:30"),  # before the change back (+02:00)
    ("2026-10-25T01:30:00+00:00", "25 okt. 2026 om 02:30"),  # after it (+01:00): the same wall time
    ("2026-07-01T12:00:00+02:00", "1 jul. 2026 om 12:00"),
    ("2026-12-31T23:30:00+01:00", "31 dec. 2026 om 23:30"),
    ("2026-12-31T23:30:00-05:00", "1 jan. 2027 om 05:30"),
])
def test_local_time_uses_the_offset_of_that_moment(stamp, shown):
    assert load_fmt().moment(stamp, amsterdam) == shown


def test_instants_are_compared_as_moments_not_as_text():
    # the same moment in four spellings
    same = ["2026-11-28T22:30:00Z", "2026-11-28T22:30:00+00:00", "2026-11-28T23:30:00+01:00",
            "2026-11-29T00:30:00+02:00"]
    for a in same:
        for b in same:
            assert not instants.is_after(a, b)
    # text order says the opposite of time order
    assert "2026-11-28T23:00:00+01:00" > "2026-11-28T22:30:00Z"
    assert not instants.is_after("2026-11-28T23:00:00+01:00", "2026-11-28T22:30:00Z")
    assert instants.is_after("2026-11-28T22:30:00Z", "2026-11-28T23:00:00+01:00")
    assert instants.earliest(["2026-11-28T23:00:00+01:00", "2026-11-28T22:30:00Z"]) == "2026-11-28T23:00:00+01:00"


def test_a_time_without_offset_is_not_an_instant():
    assert instants.parse("2026-11-28T22:30:00") is None
    assert not is_timestamp("2026-11-28T22:30")
    assert instants.parse("2026-11-28T22:30:00Z") == datetime(2026, 11, 28, 22, 30, tzinfo=timezone.utc)


def test_backup_reminder_compares_instants():
    last = "2026-11-20T10:00:00+01:00"  # = 09:00Z
    # written later in text but earlier in time: no change since the export
    assert "2026-11-20T10:30:00+02:00" > last
    assert not backup_due(["2026-11-20T10:30:00+02:00"], last, date(2026, 12, 1), 7, amsterdam)
    # written earlier in text but later in time: a change since the export
    assert "2026-11-20T09:30:00+00:00" < last
    assert backup_due(["2026-11-20T09:30:00+00:00"], last, date(2026, 12, 1), 7, amsterdam)
    assert not backup_due(["2026-11-20T09:30:00+00:00"], last, date(2026, 11, 26), 7, amsterdam)


def test_backup_reminder_counts_days_in_local_dates():
    # exported 23:30Z on 28 Nov = 00:30 on 29 Nov in Amsterdam: seven days later is 6 Dec
    last = "2026-11-28T23:30:00Z"
    changed = ["2026-11-30T10:00:00+01:00"]
    assert not backup_due(changed, last, date(2026, 12, 5), 7, amsterdam)
    assert backup_due(changed, last, date(2026, 12, 6), 7, amsterdam)
    # no export yet: counted from the oldest change, in any spelling
    first = ["2026-03-29T03:30:00+02:00", "2026-03-29T00:30:00Z"]  # 03:30 and 01:30 local, same day
    assert backup_due(first, None, date(2026, 4, 5), 7, amsterdam)
    assert not backup_due(first, None, date(2026, 4, 4), 7, amsterdam)
    assert not backup_due([], None, date(2026, 4, 4), 7, amsterdam)


def test_instants_survive_a_round_trip_through_json():
    stamp = "2026-10-25T02:30:00+01:00"
    assert instants.parse(json.loads(json.dumps(stamp))) == instants.parse("2026-10-25T01:30:00Z")
