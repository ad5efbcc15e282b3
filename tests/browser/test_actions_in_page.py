"""Coach actions in the page: a failure nobody planned for, and taking a change back (issue 13)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from journeys import create_trajectory, saved, stored_keys, stored_trajectory

INSTANT = datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))

# The next read of a trajectory entry throws once (a browser fault in the save path, after the
# write itself succeeded): nothing the app expects, so it is a bug as far as the coach can tell.
FAULT_JS = """() => {
  const original = Storage.prototype.getItem;
  window.__faults = 1;
  Storage.prototype.getItem = function (key) {
    if (window.__faults > 0 && String(key).startsWith('traject:t:')) { window.__faults--; throw new TypeError('boom in getItem'); }
    return original.call(this, key);
  };
}"""


def test_an_unexpected_failure_while_saving_is_told_in_dutch_and_changes_nothing(page, base_url):
    page.clock.set_fixed_time(INSTANT)
    traj_id = create_trajectory(page, base_url, "Fout Tijdens Opslaan", start=INSTANT.date())
    before = stored_keys(page)
    page.locator("#hw-text").fill("Dagboek bijhouden")
    page.evaluate(FAULT_JS)
    page.get_by_role("button", name="Opdracht toevoegen").click()
    error = page.locator(".notice.error")
    error.wait_for()
    assert "Er ging iets mis" in error.inner_text() and "niets gewijzigd" in error.inner_text()
    assert "boom" not in error.inner_text()  # the English detail only behind the toggle
    error.locator("summary").click()
    assert "boom in getItem" in error.locator("pre").inner_text()
    assert "Niet opgeslagen" in page.locator("#save-status").inner_text()
    assert page.locator("#hw-text").input_value() == "Dagboek bijhouden"  # what was typed stays
    assert stored_keys(page) == before
    assert stored_trajectory(page, traj_id)["homework"] == []


def test_undo_button_and_ctrl_z_take_changes_back(page, base_url):
    page.clock.set_fixed_time(INSTANT)
    traj_id = create_trajectory(page, base_url, "Terug Nemen", start=INSTANT.date())
    page.get_by_role("button", name="Gedaan", exact=True).first.click()
    saved_status = page.locator("#save-status")
    saved_status.get_by_role("button", name="Ongedaan maken").click()
    page.locator(".notice", has_text="Ongedaan gemaakt").wait_for()
    assert stored_trajectory(page, traj_id)["done_actions"] == []
    page.locator("#hw-text").fill("Logboek")
    page.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page)
    assert [h["text"] for h in stored_trajectory(page, traj_id)["homework"]] == ["Logboek"]
    page.locator("#hw-text").fill("niet weg")
    page.locator("#hw-text").press("Control+z")  # inside a text field: the browser's own undo, not ours
    assert [h["text"] for h in stored_trajectory(page, traj_id)["homework"]] == ["Logboek"]
    page.locator("#view h1").click()
    page.keyboard.press("Control+z")
    page.locator(".notice", has_text="Ongedaan gemaakt").wait_for()
    assert stored_trajectory(page, traj_id)["homework"] == []
