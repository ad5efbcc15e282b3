"""Storage that the browser refuses (issue 19, section 3).

With site data blocked, or storage throwing on the first access (some private modes and
embedded browsers), the app page shows a Dutch screen that says so and how to allow it,
without starting Python and without English exception text (that sits behind a closed
"Technische details" toggle). The guide and the client's form page keep working. Without a
service worker or Cache Storage, the app works online and says it cannot work offline.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from conftest import ROOT, screenshot, wait_for_app
from journeys import create_trajectory, stored_keys
from test_share import fill_client_form, make_form_link

MESSAGES = json.loads((ROOT / "pyodide_modules" / "traject" / "messages_nl.json").read_text(encoding="utf-8"))

BLOCKERS = {
    # Chromium with site data blocked: the getter itself throws
    "getter-throws": """Object.defineProperty(window, 'localStorage', {configurable: true,
        get() { throw new DOMException("Failed to read the 'localStorage' property from 'Window': "
                                       + "Access is denied for this document.", 'SecurityError'); }});""",
    # storage that throws on its first use (an embedded browser, an old private mode)
    "first-access-throws": """(() => { const error = () => { throw new DOMException(
        'An attempt was made to use an object that is not, or is no longer, usable', 'InvalidStateError'); };
        Storage.prototype.getItem = error; Storage.prototype.setItem = error; Storage.prototype.key = error; })();""",
    "missing": "Object.defineProperty(window, 'localStorage', {configurable: true, get() { return null; }});",
}


@pytest.mark.parametrize("blocker", list(BLOCKERS), ids=list(BLOCKERS))
def test_blocked_storage_gets_a_dutch_screen_and_python_does_not_start(page, base_url, blocker):
    page.add_init_script(BLOCKERS[blocker])
    page.goto(base_url + "app/")
    screen = page.locator("#storage-blocked")
    expect(screen).to_be_visible()
    assert page.evaluate("() => document.documentElement.hasAttribute('data-storage-blocked')")
    expect(screen.locator("h1")).to_have_text(MESSAGES["ui.net.storage_heading"])
    text = screen.inner_text()
    for key in ("ui.net.storage_nothing_kept", "ui.net.storage_chrome", "ui.net.storage_firefox",
                "ui.net.storage_safari", "ui.net.storage_embedded"):
        assert MESSAGES[key] in text
    # nothing English on screen: the browser's error is behind the closed toggle
    body = page.locator("body").inner_text()
    for english in ("Error", "localStorage", "denied", "usable", "available"):
        assert english not in body
    expect(page.locator("#boot")).to_be_hidden()
    page.wait_for_timeout(1500)  # PyScript has had its chance to start (it must not)
    assert not page.evaluate("() => document.documentElement.dataset.appError || ''")
    assert not any("pyodide.asm.wasm" in url or "python_stdlib" in url for url in page.request_log.urls)
    details = screen.locator("details.tech-details")
    details.locator("summary").click()
    expect(details.locator("code")).to_contain_text("Error" if blocker != "missing" else "not available")
    # the guide is one click away
    screen.get_by_role("link", name=MESSAGES["ui.nav.guide"]).click()
    expect(page.locator("h1").first).to_be_visible()


def test_blocked_storage_screen_looks_finished(page, base_url):
    page.add_init_script(BLOCKERS["getter-throws"])
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base_url + "app/")
        expect(page.locator("#storage-blocked")).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"storage-blocked-{width}")


def test_guide_and_client_form_page_work_with_storage_blocked(page, base_url, browser):
    page.goto(base_url + "app/")
    wait_for_app(page)
    traj_id = create_trajectory(page, base_url, "Anna Geblokkeerd")
    link = make_form_link(page, traj_id, "intake")
    context = browser.new_context()
    try:
        client = context.new_page()
        errors = []
        client.on("pageerror", lambda error: errors.append(str(error)))
        client.add_init_script(BLOCKERS["getter-throws"])
        code = fill_client_form(SimpleNamespace(page=client), link, {
            "coaching_question": "Meer rust in mijn werk", "motivation": 8, "background": "Sinds de reorganisatie"})
        assert client.locator("h1").inner_text() == "Intakeformulier"
        assert code.startswith("TA1.")
        client.goto(base_url + "gids/overzicht/")
        expect(client.locator("h1").first).to_be_visible()
        assert client.locator("article").inner_text().strip()
        assert errors == []
    finally:
        context.close()
    assert any(key.startswith("traject:t:") for key in stored_keys(page))


WITHOUT_OFFLINE = """
Object.defineProperty(Navigator.prototype, 'serviceWorker', {configurable: true, get() { return undefined; }});
Object.defineProperty(window, 'caches', {configurable: true,
    get() { throw new DOMException('The operation is insecure.', 'SecurityError'); }});
"""


def test_without_service_worker_or_cache_storage_the_app_works_online(page, base_url):
    page.add_init_script(WITHOUT_OFFLINE)
    page.goto(base_url + "app/")
    wait_for_app(page)
    note = page.locator("#offline-unavailable")
    expect(note).to_be_visible()
    expect(note).to_have_text(MESSAGES["ui.net.offline_unavailable"])
    create_trajectory(page, base_url, "Zonder Offline")
    assert any(key.startswith("traject:t:") for key in stored_keys(page))
    assert "Error" not in page.locator("body").inner_text()
