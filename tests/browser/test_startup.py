"""Start-up from the Pyodide memory snapshot (app/pyodide-loader.mjs, tools/make_snapshot.mjs).

The app page starts Pyodide from the image the build made, with the app's modules already
imported; if the image is missing, damaged or does not fit, it starts the normal way and
unpacks python.zip. Either way the coach gets the same working app.
"""

import gzip
import json

import pytest
from playwright.sync_api import expect

from conftest import CHROMIUM, CHROMIUM_ARGS, SITE, TIME_ZONE, fix_clock, new_context, wait_for_app
from journeys import create_trajectory, stored_keys
from serve import start_in_thread

START_JS = "() => document.documentElement.dataset.pythonStart"


SNAPSHOT_CACHED_JS = """async () => {
    const build = document.documentElement.dataset.build;
    if (!(await caches.has('traject-' + build))) return false;
    const hit = await (await caches.open('traject-' + build)).match(new URL('python.snapshot.gz', location.href).href);
    return !!hit;
}"""


def wait_for_cached_snapshot(page, timeout_s: float = 60) -> None:
    """Poll until the service worker stored this build's start-up snapshot."""
    for _ in range(int(timeout_s * 5)):
        if page.evaluate(SNAPSHOT_CACHED_JS):
            return
        page.wait_for_timeout(200)
    raise AssertionError("the service worker did not store the start-up snapshot")


def test_first_visit_starts_plain_and_the_next_from_the_snapshot(page, base_url):
    page.goto(base_url + "app/")
    wait_for_app(page)
    # A first visit does not wait for (or download) the 6.8 MB image: CPython starts normally.
    assert page.evaluate(START_JS) == "plain"
    assert any(url.endswith("/app/python.zip") for url in page.request_log.urls)
    # the page never fetched it; the service worker (registered once the app is ready) stores
    # it for the next visit
    assert not any(url.endswith("python.snapshot.gz") for url in page.request_log.urls)
    wait_for_cached_snapshot(page)
    before = len(page.request_log.urls)
    page.reload()
    wait_for_app(page)
    assert page.evaluate(START_JS) == "snapshot"
    # the modules are in the image: the app's own files are not fetched at all
    assert not any(url.endswith("/python.zip") for url in page.request_log.urls[before:])
    create_trajectory(page, base_url, "Snapshot Start")
    assert any(key.startswith("traject:t:") for key in stored_keys(page))


def _damaged_gzip():
    return list(b"\x1f\x8b\x08\x00" + b"not really gzip" * 100)


def _foreign_image():
    # a well-formed gzip file whose content is not a Pyodide memory image
    return list(gzip.compress(b"\x00" * 4096 + b"something else" * 1000))


def _truncated_image():
    return list(b"\x00" * 64)


PUT_CACHED_JS = """async (bytes) => {
    const name = 'traject-' + document.documentElement.dataset.build;
    await (await caches.open(name)).put(new URL('python.snapshot.gz', location.href).href,
        new Response(new Uint8Array(bytes), {headers: {'Content-Type': 'application/octet-stream'}}));
}"""

CACHED_HEAD_JS = """async () => {
    const name = 'traject-' + document.documentElement.dataset.build;
    const hit = await (await caches.open(name)).match(new URL('python.snapshot.gz', location.href).href);
    if (!hit) return null;
    const bytes = new Uint8Array(await hit.arrayBuffer());
    return [bytes.length, Array.from(bytes.slice(0, 4))];
}"""


@pytest.mark.parametrize("damaged", [_damaged_gzip, _foreign_image, _truncated_image],
                         ids=["damaged-gzip", "not-an-image", "truncated"])
def test_a_damaged_cached_snapshot_is_replaced_and_the_app_starts(page, base_url, damaged):
    page.goto(base_url + "app/")
    wait_for_app(page)
    wait_for_cached_snapshot(page)
    good = page.evaluate(CACHED_HEAD_JS)
    page.evaluate(PUT_CACHED_JS, damaged())
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.reload()
    wait_for_app(page)
    assert page.evaluate(START_JS) == "plain"
    assert any("Traject:" in text and "snapshot" in text for text in warnings)
    # the damaged copy is dropped and the image fetched again (unpacked, as the service worker keeps it)
    for _ in range(150):
        if page.evaluate(CACHED_HEAD_JS) == good:
            break
        page.wait_for_timeout(200)
    assert page.evaluate(CACHED_HEAD_JS) == good
    create_trajectory(page, base_url, "Gewone Start")
    assert any(key.startswith("traject:t:") for key in stored_keys(page))
    page.reload()
    wait_for_app(page)
    assert page.evaluate(START_JS) == "snapshot"


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
        page.goto(base_url + "app/")  # a first visit: the service worker stores the image
        wait_for_app(page)
        wait_for_cached_snapshot(page)
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


def test_first_visit_in_a_real_profile_downloads_the_runtime_once_compressed(playwright_instance, base_url,
                                                                           tmp_path):
    # A normal browser profile (with a disk cache), as a coach has.
    context = fix_clock(playwright_instance.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, locale="nl-NL",
        timezone_id=TIME_ZONE))
    try:
        page = context.new_page()
        page.add_init_script("""addEventListener('DOMContentLoaded', () => {
            window.__download = [];
            new MutationObserver(() => { const line = document.getElementById('boot-download');
                if (line && !line.hidden) window.__download.push(line.textContent);
                window.__steps = window.__steps || [];
                const step = document.getElementById('boot-text').textContent;
                if (line && !line.hidden && window.__steps.at(-1)?.[0] !== step) window.__steps.push([step, line.textContent]); })
              .observe(document.getElementById('boot'), {subtree: true, childList: true, characterData: true});
        });""")
        urls = []
        page.on("request", lambda request: urls.append(request.url))
        page.goto(base_url + "app/")
        wait_for_app(page)
        assert page.evaluate(START_JS) == "plain"
        # the 9.6 MB WebAssembly file goes over the network once, Brotli-compressed (2.7 MB)
        sizes = page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(e => e.name.endsWith('/pyodide.asm.wasm')).map(e => [e.transferSize, e.decodedBodySize])""")
        assert len(sizes) == 1, sizes
        assert sizes[0][1] > 9_000_000 and sizes[0][0] < 3_500_000, sizes
        # the loading screen counted the runtime coming in, in MB of MB, up to the whole of it
        seen = page.evaluate("() => window.__download")
        total = page.evaluate("""() => { const sizes = performance.getEntriesByType('resource')
            .filter(e => /(pyodide\\.asm\\.wasm|python_stdlib\\.zip|pyodide-lock\\.json|python\\.zip)$/.test(e.name));
            return sizes.reduce((sum, e) => sum + e.decodedBodySize, 0); }""")
        shown_total = f"{total / 1e6:.1f}".replace(".", ",")
        assert len(seen) > 3 and all(text.endswith(f"van {shown_total} MB binnen") for text in seen), seen
        assert seen[-1] == f"{shown_total} van {shown_total} MB binnen"
        # while the runtime comes in, the step says so (not "Python starten…" halfway through)
        steps = page.evaluate("() => window.__steps")
        downloading = [step for step, line in steps if not line.startswith(shown_total + " van")]
        assert downloading and set(downloading) == {"Python-omgeving ophalen…"}, steps
        assert not page.locator("#boot-download").is_visible()
        create_trajectory(page, base_url, "Trage Lijn")
        assert any(key.startswith("traject:t:") for key in stored_keys(page))
    finally:
        context.close()


EARLY = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "python.zip", "main.py")


def test_first_visit_fetches_the_runtime_while_pyscript_itself_still_loads(page, base_url):
    # PyScript's core is held back: without the loader's early requests nothing would ask for
    # the runtime files until PyScript ran. They are requested while it waits.
    held = []
    page.route("**/runtime/pyscript/core.js", lambda route: held.append(route))
    page.goto(base_url + "app/", wait_until="commit")
    for _ in range(300):  # every one is requested (under way) while PyScript is held back
        if all(any(url.endswith("/" + name) for url in page.request_log.urls) for name in EARLY):
            break
        page.wait_for_timeout(100)
    assert all(any(url.endswith("/" + name) for url in page.request_log.urls) for name in EARLY)
    assert len(held) == 1 and page.evaluate("() => !document.documentElement.dataset.appReady")
    held[0].continue_()
    wait_for_app(page)
    assert page.evaluate(START_JS) == "plain"
    # and Pyodide and PyScript took those responses: each file went over the wire once
    for name in EARLY:
        assert sum(url.endswith("/" + name) for url in page.request_log.urls) == 1, name
    create_trajectory(page, base_url, "Vroege Start")
    assert any(key.startswith("traject:t:") for key in stored_keys(page))


def test_a_host_that_does_not_compress_the_archives_gets_their_gzip_copies(browser):
    # Most hosts compress text types only, not application/zip: the loader then fetches the
    # gzip copy the build wrote beside each archive and unpacks it in the page.
    server, base = start_in_thread(SITE, compress=False)
    try:
        context = new_context(browser)
        page = context.new_page()
        urls = []
        page.on("request", lambda request: urls.append(request.url))
        page.goto(base + "app/")
        wait_for_app(page)
        assert page.evaluate(START_JS) == "plain"
        fetched = [url.rsplit("/", 1)[1] for url in urls]
        assert fetched.count("python_stdlib.zip.gz") == 1 and fetched.count("python.zip.gz") == 1
        sizes = page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('resource')
            .filter(e => e.name.endsWith('.zip.gz')).map(e => [e.name.split('/').pop(), e.encodedBodySize]))""")
        assert sizes["python_stdlib.zip.gz"] == (SITE / "runtime" / "pyodide" / "python_stdlib.zip.gz").stat().st_size
        create_trajectory(page, base, "Kale Host")
        assert any(key.startswith("traject:t:") for key in stored_keys(page))
        context.close()
    finally:
        server.shutdown()
