"""Steps a coach takes in the app, shared by the journey tests."""

from __future__ import annotations

import json
from datetime import timedelta

from conftest import open_app, today

PREFIX = "traject:"


def saved(page):
    page.locator("#save-status", has_text="Opgeslagen").wait_for(timeout=10_000)
    page.evaluate("() => { document.getElementById('save-status').textContent = '' }")


def create_trajectory(page, base_url, name, *, start=None, template="default8", frequency="biweekly",
                      closing=None, question="Meer rust en richting in mijn werk", navigate=True) -> str:
    """Fill in 'Nieuw traject' and return the new trajectory's id."""
    if navigate:
        if "/app/" in page.url and page.evaluate("() => document.documentElement.dataset.appReady") == "true":
            page.evaluate("() => { location.hash = '#/nieuw' }")
        else:
            open_app(page, base_url, "#/nieuw")
    page.locator("#client_name").wait_for()
    page.select_option("#template", template)
    page.fill("#client_name", name)
    page.fill("#coaching_question", question)
    # The form proposes a start a week from the coach's today (Amsterdam, not UTC).
    proposed = (today(page) + timedelta(days=7)).isoformat()
    assert page.input_value("#start_date") == proposed
    page.fill("#start_date", start.isoformat() if start else proposed)
    page.select_option("#frequency", frequency)
    if closing:
        page.check(f"input[name=closing_variant][value={closing}]")
    page.get_by_role("button", name="Traject aanmaken").click()
    page.wait_for_url("**/app/#/traject/*")
    page.locator("h1", has_text=name).wait_for()
    return page.url.rsplit("/", 1)[1]


SNAPSHOT_KEY = PREFIX + "snapshot"


def stored_keys(page) -> dict:
    """Every localStorage entry as stored (raw, possibly compressed), except the overview
    snapshot: a display cache that is redrawn shortly after a screen changes, not data."""
    entries = page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))")
    entries.pop(SNAPSHOT_KEY, None)
    return entries


def stored_text(page, key):
    """One stored entry as JSON text, decompressed the way the app stores it."""
    from traject.storage_codec import decode

    raw = page.evaluate("(k) => localStorage.getItem(k)", key)
    return None if raw is None else decode(raw)


def stored_trajectory(page, traj_id) -> dict:
    text = stored_text(page, PREFIX + "t:" + traj_id)
    return json.loads(text)["trajectory"] if text else None


def session_id(page, traj_id, number):
    return next(s["id"] for s in stored_trajectory(page, traj_id)["sessions"] if s["number"] == number)


def field_message(page, selector) -> str:
    """The one message the app put next to the form control ``selector`` (the control is
    marked invalid and points at it with aria-describedby); the notice above the form says it
    was not saved and repeats that message."""
    control = page.locator(selector)
    assert control.get_attribute("aria-invalid") == "true"
    message = page.locator("#" + control.get_attribute("aria-describedby")).inner_text()
    notice = page.locator(".notice.error").inner_text()
    assert notice.startswith("Niet opgeslagen") and message in notice, (notice, message)
    return message


def go(page, route):
    page.evaluate("(r) => { location.hash = r }", route)
