"""Limits that agree (issue 19, section 4), in the real browser: a backup as large as the
localStorage quota allows is imported, exported and imported again; an import that would
overflow the quota is refused before anything changes, in Dutch, saying how much fits."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT, open_app
from journeys import stored_keys
from traject.backup import MAX_INPUT_CHARS, dumps, export_backup
from traject.capacity import STORAGE_QUOTA_CHARS
from traject.repository import DictStore, KeyValueRepository

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
PER_TRAJECTORY = 2_000  # stored characters of one generated trajectory, rounded down (about 2,211)
LONG_MS = 600_000  # a 70-million-character file on a loaded test machine


def _largest(count):
    """Generated data of ``count`` trajectories, trimmed to the most that fit in 99% of the quota."""
    data, ids = generate.generate(count, today=TODAY)
    used = sum(len(k) + len(v) for k, v in data.items() if not k.startswith("traject:t:"))
    kept = []
    for traj_id in ids:
        size = len("traject:t:" + traj_id) + len(data["traject:t:" + traj_id])
        if used + size > 0.99 * STORAGE_QUOTA_CHARS:
            break
        used += size
        kept.append(traj_id)
    repo = KeyValueRepository(DictStore(data))
    return [repo.load(traj_id) for traj_id in kept], used


def _file(tmp_path: Path, name, trajectories) -> Path:
    path = tmp_path / name
    path.write_text(dumps(export_backup(trajectories, exported_at="2026-12-01T10:00:00+01:00")), encoding="utf-8")
    return path


@pytest.mark.timeout(1800)
def test_the_largest_backup_storage_holds_round_trips_and_an_overflow_is_refused(page, base_url, tmp_path):
    trajectories, stored = _largest(STORAGE_QUOTA_CHARS // PER_TRAJECTORY)
    big = _file(tmp_path, "vol.json", trajectories)
    size = len(big.read_text(encoding="utf-8"))
    print(f"\n{len(trajectories)} trajectories: {stored:,} characters stored "
          f"({stored / STORAGE_QUOTA_CHARS:.1%} of the quota), backup file {size:,} characters "
          f"({size / stored:.1f}x; import limit {MAX_INPUT_CHARS:,})")
    assert size > 40_000_000 and size < MAX_INPUT_CHARS  # the old limit refused this file

    page.set_default_timeout(LONG_MS)
    page.clock.set_fixed_time(NOW)
    open_app(page, base_url, "#/backup")
    page.set_input_files("#import-file", str(big))
    page.get_by_role("button", name="Samenvoegen").click()
    page.wait_for_url("**/app/#/", timeout=LONG_MS)
    keys = stored_keys(page)
    assert len([k for k in keys if k.startswith("traject:t:")]) == len(trajectories)

    # Full: a file with more trajectories is refused before anything changes, saying what fits.
    more, _ = _largest(60)  # 60 more take about 2.5% of the quota; 1% is free
    for traj in more:
        traj.id = "extra" + traj.id
    page.goto(base_url + "app/#/backup")
    page.wait_for_function("() => document.documentElement.dataset.appReady === 'true'", timeout=LONG_MS)
    page.set_input_files("#import-file", str(_file(tmp_path, "meer.json", more)))
    page.get_by_role("button", name="Samenvoegen").click()
    error = page.locator(".notice.error", has_text="past niet in de opslag")
    expect(error).to_be_visible(timeout=LONG_MS)
    assert "Er is niets veranderd" in error.inner_text() and "QuotaExceeded" not in error.inner_text()
    page.get_by_role("button", name="Annuleren").click()
    assert stored_keys(page) == keys

    # Export everything and read that file back: the app's own full export imports again.
    with page.expect_download(timeout=LONG_MS) as info:
        page.get_by_role("button", name="Alles exporteren").click()
    exported = Path(info.value.path())
    page.set_input_files("#import-file", str(exported))
    page.check("input[name=confirm]")
    with page.expect_download(timeout=LONG_MS):  # the safety copy made before replacing
        page.get_by_role("button", name="Vervangen").click()
    page.wait_for_url("**/app/#/", timeout=LONG_MS)
    after = stored_keys(page)
    assert sorted(k for k in after if k.startswith("traject:t:")) == sorted(k for k in keys if k.startswith("traject:t:"))
