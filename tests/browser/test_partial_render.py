"""Saving on the trajectory page replaces only the parts of the page that changed (or that
the coach used), so a save stays quick with many trajectories. What the coach sees must be
exactly what a full render of the same route shows, and a failed save behaves as before."""

from playwright.sync_api import expect

from conftest import open_app, wait_for_app
from journeys import create_trajectory, saved, stored_keys, stored_text

VIEW_HTML = "() => document.getElementById('view').innerHTML"
# remember every part element on screen; afterwards list the ones still in the page
REMEMBER = """() => { window.__parts = Object.fromEntries(
    [...document.querySelectorAll('#view [data-part]')].map(e => [e.dataset.part, e])) }"""
KEPT = "() => Object.keys(window.__parts).filter(k => window.__parts[k].isConnected)"
QUOTA_FULL = """() => {
    window.__realSetItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
        if (key.startsWith('traject:')) throw new DOMException('quota', 'QuotaExceededError');
        return window.__realSetItem.call(this, key, value);
    };
}"""
SPACE_AGAIN = "() => { Storage.prototype.setItem = window.__realSetItem; }"


def fresh_render(page):
    """``#view`` as a freshly started app renders the same route (nothing kept or cached)."""
    page.reload()
    wait_for_app(page)
    page.locator("[data-part=homework]").wait_for()
    return page.evaluate(VIEW_HTML)


def add_homework(page, text):
    page.fill("#hw-text", text)
    page.get_by_role("button", name="Opdracht toevoegen").click()


def test_a_save_replaces_only_what_changed_and_equals_a_full_render(page, base_url):
    create_trajectory(page, base_url, "Deels Bijgewerkt")
    page.evaluate(REMEMBER)
    add_homework(page, "Logboek bijhouden")
    saved(page)
    expect(page.locator(".homework", has_text="Logboek bijhouden")).to_have_count(1)
    kept = set(page.evaluate(KEPT))
    assert "homework" not in kept
    assert {"summary", "due", "timeline", "goals", "forms"} <= kept  # unchanged and unused: left as they were
    assert page.evaluate(VIEW_HTML) == fresh_render(page)

    # What the coach used goes as with a full render: an opened reschedule closes, half-typed text is cleared.
    page.evaluate(REMEMBER)
    page.locator(".session-row[data-session='3'] summary").click()
    page.fill("#goal-title", "Half getypt doel")
    page.locator(".homework").get_by_role("button", name="Gedaan").click()
    saved(page)
    expect(page.locator(".hw-done")).to_have_count(1)
    kept = set(page.evaluate(KEPT))
    assert not kept & {"timeline", "goals", "homework"}
    assert "forms" in kept
    assert page.locator("#goal-title").input_value() == ""
    assert page.evaluate("() => document.activeElement === document.body")  # focus went with the button, as before
    assert page.evaluate(VIEW_HTML) == fresh_render(page)


def test_goals_scores_and_a_reschedule_update_the_page_like_a_full_render(page, base_url):
    create_trajectory(page, base_url, "Doelen Verplaatst")
    page.fill("#goal-title", "Vaker nee zeggen")
    page.select_option("#goal-baseline", "3")
    page.get_by_role("button", name="Doel opslaan").click()
    saved(page)
    page.select_option("#score-value", "7")
    page.get_by_role("button", name="Score opslaan").click()
    saved(page)
    expect(page.locator(".goal")).to_contain_text("Begin: 3 · nu: 7 · verschil: +4")
    row = page.locator(".session-row[data-session='4']")
    row.locator("summary").click()
    row.locator("input[type=date]").fill("2040-01-15")
    row.get_by_role("button", name="Verplaats").click()
    saved(page)
    expect(page.locator(".session-row[data-session='4']")).to_contain_text("2040")
    assert page.evaluate(VIEW_HTML) == fresh_render(page)


def test_a_failed_save_on_the_trajectory_page_reports_it_and_keeps_the_typed_text(page, base_url):
    traj_id = create_trajectory(page, base_url, "Quota Traject")
    before = stored_keys(page)
    page.evaluate(QUOTA_FULL)
    add_homework(page, "Opdracht die niet verloren mag gaan")
    error = page.locator(".notice.error")
    error.wait_for()
    assert "vol" in error.inner_text()
    assert page.locator("#save-status").inner_text() == "Niet opgeslagen"
    assert stored_keys(page) == before
    assert page.locator("#hw-text").input_value() == "Opdracht die niet verloren mag gaan"
    expect(page.locator(".homework")).to_have_count(0)
    # Space again: the same click saves it, and the message goes as with a full render.
    page.evaluate(SPACE_AGAIN)
    page.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page)
    expect(page.locator(".notice.error")).to_have_count(0)
    expect(page.locator(".homework", has_text="Opdracht die niet verloren mag gaan")).to_have_count(1)
    assert "Opdracht die niet verloren mag gaan" in stored_text(page, f"traject:t:{traj_id}")
    assert page.evaluate(VIEW_HTML) == fresh_render(page)


def test_a_conflict_on_the_trajectory_page_is_never_reported_as_saved(context, base_url):
    page_a = context.new_page()
    traj_id = create_trajectory(page_a, base_url, "Twee Tabs Traject")
    page_b = context.new_page()
    open_app(page_b, base_url, f"#/traject/{traj_id}")
    page_b.fill("#hw-text", "Opdracht uit tab B")  # B is typing when A saves
    add_homework(page_a, "Opdracht uit tab A")
    saved(page_a)
    add_homework(page_b, "Opdracht uit tab B")
    panel = page_b.locator(".conflict")
    panel.wait_for()
    assert page_b.locator("#save-status").inner_text() == "Niet opgeslagen"
    assert page_b.locator("#hw-text").input_value() == "Opdracht uit tab B"
    stored = stored_text(page_b, f"traject:t:{traj_id}")
    assert "Opdracht uit tab A" in stored and "Opdracht uit tab B" not in stored
    panel.get_by_role("button", name="Mijn wijziging opslaan (vervangt de andere versie)").click()
    expect(page_b.locator(".conflict")).to_have_count(0)
    assert "Opdracht uit tab B" in stored_text(page_b, f"traject:t:{traj_id}")
    # the next save on this page updates it in place, without the earlier messages
    add_homework(page_b, "Nog een opdracht")
    saved(page_b)
    expect(page_b.locator("#view .flashes")).to_have_count(0)
    assert page_b.evaluate(VIEW_HTML) == fresh_render(page_b)
