"""Rules of the automatic backup folder: names, which dated copies go, what to restore."""

from datetime import date, timedelta

from traject.autobackup import (KEEP_DAILY, LATEST_NAME, dated_day, dated_name, latest_stamp, names_to_remove,
                                newest_backup_name)

OWN = ["notities.txt", "traject-backup-oud.json", "traject-backup-2026-02-30.json", "traject-backup.json.tmp",
       "traject-backup-2026-12-01.json.tmp", "Traject-Backup-2026-01-01.json", "traject-backup-2026-1-01.json"]


def _days(first, count):
    return [dated_name(first + timedelta(days=i)) for i in range(count)]


def test_dated_name_is_the_local_day():
    assert dated_name(date(2026, 12, 1)) == "traject-backup-2026-12-01.json"
    assert dated_day("traject-backup-2026-12-01.json") == date(2026, 12, 1)


def test_only_exact_dated_copies_are_its_own():
    assert [dated_day(name) for name in OWN + [LATEST_NAME]] == [None] * (len(OWN) + 1)


def test_keeps_the_newest_30_dated_copies_and_never_other_files():
    names = _days(date(2026, 10, 1), 33) + OWN + [LATEST_NAME]
    assert names_to_remove(names) == _days(date(2026, 10, 1), 3)
    assert names_to_remove(_days(date(2026, 10, 1), KEEP_DAILY) + OWN) == []
    assert names_to_remove(OWN + [LATEST_NAME]) == []


def test_pruning_goes_by_date_not_by_listing_order():
    names = list(reversed(_days(date(2025, 12, 20), 32)))  # across a year boundary
    assert names_to_remove(names) == ["traject-backup-2025-12-20.json", "traject-backup-2025-12-21.json"]


def test_restores_the_latest_file_or_else_the_newest_dated_copy():
    assert newest_backup_name(OWN + _days(date(2026, 11, 1), 3) + [LATEST_NAME]) == LATEST_NAME
    assert newest_backup_name(OWN + _days(date(2026, 11, 1), 3)) == "traject-backup-2026-11-03.json"
    assert newest_backup_name(OWN) is None


def test_latest_stamp_ignores_missing_values():
    assert latest_stamp(None, "2026-12-01T09:00:00+01:00", "") == "2026-12-01T09:00:00+01:00"
    assert latest_stamp("2026-12-02T08:00:00+01:00", "2026-12-01T09:00:00+01:00") == "2026-12-02T08:00:00+01:00"
    assert latest_stamp(None, None) is None
