"""Start-up from the Pyodide memory snapshot (app/pyodide-loader.mjs, tools/make_snapshot.mjs).

The app page starts Pyodide from the image the build made, with the app's modules already
imported; if the image is missing, damaged or does not fit, it starts the normal way and
unpacks python.zip. Either way the coach gets the same working app.
"""

import gzip
import json

import pytest
from playwright.sync_api import expect

from conftest import CHROMIUM, CHROMIUM_ARGS, TIME_ZONE, fix_clock, wait_for_app
from journeys import create_trajectory, stored_keys

START_JS = "() => document.documentElement.dataset.pythonStart"


def test_app_starts_from_the_snapshot_without_its_files(page, base_url):
    page.goto(base_url + "app/")
    wait_for_app(page)
    assert page.evaluate(START_JS) == "snapshot"
    urls = page.request_log.urls
    assert any(url.endswith("/app/python.snapshot.gz") for url in urls)
    # the modules are in the image: the app's own files are not fetched at all
    assert not any(url.endswith("/python.zip") for url in urls)
    create_trajectory(page, base_url, "Snapshot Start")
    assert any(key.startswith("traject:t:") for key in stored_keys(page))


def _damaged_gzip(route):
    route.fulfill(status=200, body=b"\x1f\x8b\x08\x00" + b"not really gzip" * 100,
                  headers={"Content-Type": "application/octet-stream"})


def _foreign_image(route):
    # a well-formed gzip file whose content is not a Pyodide memory image
    route.fulfill(status=200, body=gzip.compress(b"\x00" * 4096 + b"something else" * 1000),
                  headers={"Content-Type": "application/octet-stream"})


def _missing(route):
    route.fulfill(status=404, body="not found")


@pytest.mark.parametrize("serve_image", [_missing, _damaged_gzip, _foreign_image],
                         ids=["missing", "damaged", "not-an-image"])
def test_unusable_snapshot_falls_back_to_a_normal_start(page, base_url, serve_image):
    page.route("**/python.snapshot.gz", serve_image)
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.goto(base_url + "app/")
    wait_for_app(page)
    assert page.evaluate(START_JS) == "plain"
    assert any("Traject:" in text and "snapshot" in text for text in warnings)
    assert any(url.endswith("/app/python.zip") for url in page.request_log.urls)
    # the whole app works: a new trajectory is planned and stored
    create_trajectory(page, base_url, "Gewone Start")
    assert any(key.startswith("traject:t:") for key in stored_keys(page))


RESTORED_JS = """async ([base, code]) => {
    const { loadPyodide } = await import(base + 'app/pyodide-loader.mjs');
    const py = await loadPyodide({});
    return [document.documentElement.dataset.pythonStart, py.runPython(code)];
}"""

RESTORED_FACTS = """
import json, os, random, sys
json.dumps({
    "random": random.random(),
    "urandom": os.urandom(8).hex(),
    "modules": [m for m in ("traject.backup", "traject.calendar_ics", "webapp.main", "webapp.views.share")
                if m in sys.modules],
    "catalogue": sys.modules["traject.messages"]._catalogue is not None,
    "env_underscore": "_" in os.environ,
    "cwd": os.getcwd(),
})
"""


def _restored_facts(browser, base_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        # a same-origin document without the app page's CSP (this harness calls the loader itself)
        page.goto(base_url + "app/pyscript.json")
        start, facts = page.evaluate(RESTORED_JS, [base_url, RESTORED_FACTS])
        return start, json.loads(facts)
    finally:
        context.close()


def test_restored_interpreter_has_the_app_loaded_and_fresh_randomness(browser, base_url):
    first_start, first = _restored_facts(browser, base_url)
    second_start, second = _restored_facts(browser, base_url)
    assert first_start == second_start == "snapshot"
    assert first["modules"] == ["traject.backup", "traject.calendar_ics", "webapp.main", "webapp.views.share"]
    assert first["catalogue"] is True
    assert first["env_underscore"] is False  # nothing of the build machine's environment
    assert first["cwd"] == "/home/pyodide"
    # The image was made once, at build time: without reseeding, `random` would repeat the same
    # numbers for every visitor. os.urandom comes from the browser's crypto either way.
    assert first["random"] != second["random"]
    assert first["urandom"] != second["urandom"]


# --- the painted overview, kept when it is current ---------------------------------------------

REMEMBER_PAINTED = """document.addEventListener('DOMContentLoaded', () => {
    window.__painted = document.querySelector('#view .traj-card');
});"""


def _practice_with_snapshot(page, base_url):
    """Two trajectories, the overview shown, and its snapshot stored for the current data."""
    page.goto(base_url + "app/")
    wait_for_app(page)
    create_trajectory(page, base_url, "Anna Kept")
    create_trajectory(page, base_url, "Bram Kept")
    page.evaluate("() => { location.hash = '#/' }")
    page.locator(".traj-card", has_text="Bram Kept").wait_for()
    page.wait_for_function("""() => {
        const s = JSON.parse(localStorage.getItem('traject:snapshot') || 'null');
        return !!s && s.html.includes('Bram Kept') && s.data === window.trajectDataFingerprint(); }""")
    page.add_init_script(REMEMBER_PAINTED)


def _loaded(page):
    page.wait_for_function("() => performance.getEntriesByName('traject:data-loaded').length > 0")


def test_current_overview_is_kept_and_the_app_works_at_once(page, base_url):
    _practice_with_snapshot(page, base_url)
    page.reload()
    wait_for_app(page)
    assert page.evaluate("() => document.documentElement.hasAttribute('data-overview-current')")
    _loaded(page)
    page.wait_for_timeout(100)
    # Not drawn again: the cards on screen are the very elements boot.js painted.
    assert page.evaluate("() => !!window.__painted && document.querySelector('#view .traj-card') === window.__painted")
    assert page.locator(".mainnav a[data-nav=overview]").get_attribute("aria-current") == "page"
    page.locator(".traj-card a", has_text="Bram Kept").click()
    assert "Bram Kept" in page.locator("#view h1").inner_text()


def test_a_click_before_the_data_is_read_waits_for_it(page, base_url):
    _practice_with_snapshot(page, base_url)
    # Click the card the moment the app says it is ready, before the deferred read has run.
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
      new MutationObserver((changes, observer) => {
        if (document.documentElement.dataset.appReady !== 'true') return;
        observer.disconnect();
        window.__loadedAtClick = performance.getEntriesByName('traject:data-loaded').length > 0;
        const link = [...document.querySelectorAll('#view .traj-card a')].find(a => a.textContent.includes('Anna Kept'));
        link.click();
      }).observe(document.documentElement, {attributes: true, attributeFilter: ['data-app-ready']});
    });""")
    page.reload()
    wait_for_app(page)
    assert page.evaluate("() => window.__loadedAtClick") is False
    assert "Anna Kept" in page.locator("#view h1").inner_text()


@pytest.mark.parametrize("change", ["data", "day"])
def test_overview_of_other_data_or_another_day_is_drawn_again(page, base_url, change):
    _practice_with_snapshot(page, base_url)
    page.evaluate("""(field) => {
        const s = JSON.parse(localStorage.getItem('traject:snapshot'));
        s[field] = field === 'day' ? '2000-01-01' : '0:0';
        localStorage.setItem('traject:snapshot', JSON.stringify(s)); }""", change)
    page.reload()
    wait_for_app(page)
    assert page.evaluate("() => document.documentElement.hasAttribute('data-overview-painted')")
    assert not page.evaluate("() => document.documentElement.hasAttribute('data-overview-current')")
    # Python drew the overview itself at start-up: other elements than the painted ones.
    assert page.evaluate("() => !!window.__painted && document.querySelector('#view .traj-card') !== window.__painted")
    assert page.locator(".traj-card").count() == 2


def test_a_kept_overview_that_differs_is_corrected(page, base_url):
    _practice_with_snapshot(page, base_url)
    # A snapshot that claims the current data and day but shows something else.
    page.evaluate("""() => {
        const s = JSON.parse(localStorage.getItem('traject:snapshot'));
        s.html = s.html.replaceAll('Anna Kept', 'Oude Naam');
        localStorage.setItem('traject:snapshot', JSON.stringify(s)); }""")
    page.reload()
    wait_for_app(page)
    assert page.evaluate("() => document.documentElement.hasAttribute('data-overview-current')")
    _loaded(page)
    expect(page.locator(".traj-card", has_text="Anna Kept")).to_have_count(1)
    expect(page.locator("#view", has_text="Oude Naam")).to_have_count(0)


@pytest.mark.parametrize("connection", [{"saveData": True, "effectiveType": "4g"},
                                        {"saveData": False, "effectiveType": "3g"}], ids=["save-data", "3g"])
def test_first_visit_on_a_slow_or_metered_connection_skips_the_snapshot(playwright_instance, base_url, tmp_path,
                                                                        connection):
    # A normal browser profile (with a disk cache), as a coach has.
    context = fix_clock(playwright_instance.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, locale="nl-NL",
        timezone_id=TIME_ZONE))
    try:
        page = context.new_page()
        page.add_init_script(f"Object.defineProperty(navigator, 'connection', {{value: {json.dumps(connection)}}})")
        urls = []
        page.on("request", lambda request: urls.append(request.url))
        page.goto(base_url + "app/")
        wait_for_app(page)
        assert page.evaluate(START_JS) == "plain"
        assert not any(url.endswith("/python.snapshot.gz") for url in urls)
        # the 9.6 MB WebAssembly file goes over the network once (Pyodide's own fetch is a 304)
        sizes = page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(e => e.name.endsWith('/pyodide.asm.wasm')).map(e => e.transferSize)""")
        assert len([size for size in sizes if size > 1_000_000]) == 1, sizes
        create_trajectory(page, base_url, "Trage Lijn")
        assert any(key.startswith("traject:t:") for key in stored_keys(page))
    finally:
        context.close()
