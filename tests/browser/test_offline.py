"""After one visit the site works without the network: the service worker (sw.js at the site
root, written by the build) precaches the guide, the app and the runtime under a cache named
after the build hash; a new deploy (another hash) replaces the old cache. Also the overview
snapshot that boot.js paints before Python is ready."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, wait_for_app
from serve import start_in_thread

sys.path.insert(0, str(ROOT / "tools"))
import mkdocs_hooks  # noqa: E402

CACHE_STATE_JS = """async () => {
  const names = (await caches.keys()).filter(n => n.startsWith('traject-'));
  const counts = {};
  for (const n of names) counts[n] = (await (await caches.open(n)).keys()).length;
  return counts;
}"""


@pytest.fixture
def site_copy(site_dir, tmp_path):
    """A copy of the built site this test may change and whose server it may stop."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns(".built"))
    return copy


def _precached(site: Path) -> int:
    return len(mkdocs_hooks.precache_files(site))


def _wait_for_caches(page, expected: dict, timeout_s: float = 60) -> None:
    """Poll until the traject-* caches are exactly ``expected`` ({name: entries})."""
    deadline = time.monotonic() + timeout_s
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(CACHE_STATE_JS)
        if state == expected:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"caches {state}, expected {expected}")


def _wait_for_cache(page, build: str, count: int) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    _wait_for_caches(page, {"traject-" + build: count})


def test_app_and_guide_load_with_the_server_stopped(context, site_copy):
    server, base = start_in_thread(site_copy, base_path="/coaching/")  # also: under a sub-path
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(base + "app/")
        wait_for_app(page)
        build = page.evaluate("() => document.documentElement.dataset.build")
        assert build and (site_copy / "sw.js").read_text().count(build) == 1
        _wait_for_cache(page, build, _precached(site_copy))
    finally:
        server.shutdown()
        server.server_close()  # nothing listens on the port any more
    page.reload()
    seconds = wait_for_app(page)
    assert page.locator("#view").is_visible()
    # Pyodide started from the memory snapshot, which the service worker stored unpacked
    # (a Pyodide image starts with its own magic number, not gzip's 1f 8b).
    assert page.evaluate("() => document.documentElement.dataset.pythonStart") == "snapshot"
    head = page.evaluate("""async () => {
        const hit = await caches.match(new URL('python.snapshot.gz', location.href).href);
        return Array.from(new Uint8Array(await hit.arrayBuffer()).slice(0, 2)); }""")
    assert head != [0x1F, 0x8B]
    page.goto(base + "gids/overzicht/")
    assert page.locator("h1").first.inner_text().strip()
    page.goto(base + "app/#/nieuw")
    wait_for_app(page)
    assert page.locator("#view form").count() >= 1
    assert errors == []
    print(f"offline start: {seconds:.2f} s")


def test_warm_visit_paints_the_stored_overview_before_python(page, base_url):
    from journeys import create_trajectory

    page.goto(base_url + "app/")
    wait_for_app(page)
    create_trajectory(page, base_url, "Snap Shot")
    page.evaluate("() => { location.hash = '#/' }")
    page.locator(".traj-card", has_text="Snap Shot").wait_for()
    page.wait_for_function("() => (localStorage.getItem('traject:snapshot') || '').includes('Snap Shot')")
    snapshot = page.evaluate("() => JSON.parse(localStorage.getItem('traject:snapshot'))")
    assert snapshot["v"] == 2 and snapshot["build"] == page.evaluate("() => document.documentElement.dataset.build")
    # Record what boot.js does before Python is ready.
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
        const v = document.getElementById('view');
        window.__early = {painted: document.documentElement.hasAttribute('data-overview-painted'),
                          ready: document.documentElement.dataset.appReady === 'true',
                          inert: v.inert, hidden: v.hidden, boot: document.getElementById('boot').hidden,
                          text: v.textContent, status: document.getElementById('save-status').textContent};
    });""")
    page.reload()
    wait_for_app(page)
    early = page.evaluate("() => window.__early")
    assert early["painted"] and not early["ready"] and early["inert"] and not early["hidden"] and early["boot"]
    assert "Snap Shot" in early["text"] and early["status"]
    assert page.evaluate("() => document.getElementById('view').inert") is False
    assert page.locator("#save-status").inner_text() == ""
    # Deleting the trajectory drops it from the snapshot; with no trajectories there is none.
    traj_id = page.evaluate("() => JSON.parse(localStorage.getItem('traject:index'))[0]")
    page.evaluate("(id) => { location.hash = '#/traject/' + id + '/verwijderen' }", traj_id)
    form = page.locator("form[data-action='delete-trajectory']")
    form.locator("input[name=confirm]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_function("() => localStorage.getItem('traject:snapshot') === null "
                           "|| !localStorage.getItem('traject:snapshot').includes('Snap Shot')")
    page.wait_for_timeout(600)
    assert "Snap Shot" not in (page.evaluate("() => localStorage.getItem('traject:snapshot')") or "")


def test_snapshot_of_another_build_is_not_painted(page, base_url):
    page.goto(base_url + "app/")
    wait_for_app(page)
    page.evaluate("""() => localStorage.setItem('traject:snapshot', JSON.stringify(
        {v: 2, build: 'other-build', day: '', data: '', html: '<p id=stale>oud</p>'}))""")
    page.reload()
    wait_for_app(page)
    assert page.locator("#stale").count() == 0
    assert page.evaluate("() => document.documentElement.hasAttribute('data-overview-painted')") is False
