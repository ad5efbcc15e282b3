"""Automatic backups to a folder the coach chose, restoring from it, and the installable app.

The folder in these tests is a directory in the origin private file system
(``navigator.storage.getDirectory()``): it offers the same handle API as a folder chosen with
``showDirectoryPicker`` (which needs a native dialog). It is handed to the app through the
backup target's own ``use(handle)``, where the folder picker ends too. The page clock is
fixed (Playwright's clock API); the expected dates derive from that same instant.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, open_app, wait_for_app
from journeys import create_trajectory, go

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 12, 1, 9, 0, tzinfo=AMSTERDAM)
FOLDER = "Traject-backups"
OTHER_FILES = {"notities.txt": "mijn eigen notities", "traject-backup-oud-archief.json": "{}",
               "traject-backup-2026-02-30.json": "geen echte datum"}


@pytest.fixture(autouse=True)
def _no_python_errors(request):
    """An exception in the app's background work (a write, the start-up read) fails the test."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and ("Traceback" in message.text or "Error" in message.text) else None)
    yield
    assert errors == []


def _folder(page, name=FOLDER, files=None):
    """Create a folder in the origin private file system with ``files`` (name -> text) and
    give it to the app as its backup folder."""
    page.evaluate("""async ([name, files]) => {
        const root = await navigator.storage.getDirectory();
        const dir = await root.getDirectoryHandle(name, {create: true});
        for (const [file, text] of Object.entries(files)) {
            const w = await (await dir.getFileHandle(file, {create: true})).createWritable();
            await w.write(text); await w.close();
        }
        await window.trajectBackupFolder.use(dir);
    }""", [name, files or {}])


def _files(page, name=FOLDER) -> dict:
    return page.evaluate("""async (name) => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
        const out = {};
        for await (const [file, handle] of dir.entries()) {
            try { out[file] = await (await handle.getFile()).text(); } catch (e) { out[file] = null; }  // moved meanwhile
        }
        return out;
    }""", name)


def _dated(files) -> list[str]:
    return sorted(name for name in files if name.startswith("traject-backup-20"))


def _wait_for_file(page, file, name=FOLDER, containing=""):
    """Wait (up to 15 s) until the folder holds ``file``, with ``containing`` in it."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        text = _files(page, name).get(file)
        if text is not None and containing in text:
            return
        time.sleep(0.1)
    raise AssertionError(f"{file} not written: {sorted(_files(page, name))}")


def _shot(page, name):
    """The page at 1280 and 390 px wide, for looking at."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"auto-backup-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _backup_screen(page):
    go(page, "#/backup")
    page.locator("#auto-backup h2").wait_for()


def _client_names(text) -> list[str]:
    return [tr["client"]["name"] for tr in json.loads(text)["trajectories"]]


def test_writes_after_changes_debounced_and_on_hide_leaving_other_files(page, base_url):
    page.clock.install(time=START)
    open_app(page, base_url)
    _backup_screen(page)
    expect(page.locator("#auto-backup")).to_contain_text("Kies één keer een map")
    _shot(page, "no-folder")
    _folder(page, files=OTHER_FILES)
    expect(page.locator("#auto-backup-status")).to_contain_text("nog geen automatische backup")
    create_trajectory(page, base_url, "Anna Automatisch", start=date(2026, 12, 8))
    page.clock.run_for(5_000)  # 10 s after the last change: not yet
    assert sorted(_files(page)) == sorted(OTHER_FILES)
    page.clock.run_for(6_000)
    _wait_for_file(page, "traject-backup-2026-12-01.json")
    files = _files(page)
    assert _client_names(files["traject-backup.json"]) == ["Anna Automatisch"]
    assert files["traject-backup-2026-12-01.json"] == files["traject-backup.json"]
    assert {k: files[k] for k in OTHER_FILES} == OTHER_FILES  # the coach's own files: untouched
    assert not [name for name in files if name.endswith(".tmp")]
    go(page, "#/")
    expect(page.locator("#auto-backup-line")).to_contain_text("Laatste automatische backup: 1 dec. 2026 om 09:0")
    expect(page.locator("#auto-backup-line")).to_contain_text(FOLDER)
    _shot(page, "overview-line")

    # A second client, then the coach switches away before the 10 s are over: written at once.
    create_trajectory(page, base_url, "Bram Buiten")
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    _wait_for_file(page, "traject-backup.json", containing="Bram Buiten")
    page.wait_for_function("() => window.trajectBackupFolder.load().then((r) => { window.__kept = r.meta; })"
                           " && window.__kept && window.__kept.pending === false", polling=100)

    # Ten days later nothing changed since that automatic backup: no reminder to export.
    page.clock.set_fixed_time(START + timedelta(days=10))
    page.reload()
    wait_for_app(page)
    go(page, "#/")
    expect(page.locator("#auto-backup-line")).to_contain_text("1 dec. 2026")
    expect(page.locator(".notice", has_text="Tijd voor een backup")).to_have_count(0)


def test_without_a_backup_folder_the_reminder_still_comes(page, base_url):
    """The counterpart of the last step above: the same ten days without a folder nudge."""
    page.clock.install(time=START)
    create_trajectory(page, base_url, "Nina Nudge", start=date(2026, 12, 8))
    page.clock.set_fixed_time(START + timedelta(days=10))
    page.reload()
    wait_for_app(page)
    go(page, "#/")
    expect(page.locator(".notice", has_text="Tijd voor een backup")).to_have_count(1)


def test_one_dated_copy_per_day_and_only_30_kept(page, base_url):
    old_copies = {f"traject-backup-{(date(2026, 10, 1) + timedelta(days=i)).isoformat()}.json": f"kopie {i}"
                  for i in range(33)}  # 1 Oct .. 2 Nov: copies it made earlier
    page.clock.set_fixed_time(START)
    create_trajectory(page, base_url, "Daan Dagelijks", start=date(2026, 12, 8))
    _backup_screen(page)
    _folder(page, files={**old_copies, **OTHER_FILES})
    page.get_by_role("button", name="Nu een backup maken").click()
    expect(page.locator(".notice", has_text="De backup staat in de map")).to_be_visible()
    files = _files(page)
    dated = _dated(name for name in files if name not in OTHER_FILES)
    assert len(dated) == 30
    assert dated[0] == "traject-backup-2026-10-05.json" and dated[-1] == "traject-backup-2026-12-01.json"
    assert {k: files[k] for k in OTHER_FILES} == OTHER_FILES
    first_day = files["traject-backup-2026-12-01.json"]

    page.clock.set_fixed_time(START + timedelta(days=1, hours=2))
    page.reload()
    wait_for_app(page)
    page.get_by_role("button", name="Nu een backup maken").click()
    _wait_for_file(page, "traject-backup-2026-12-02.json")
    files = _files(page)
    dated = _dated(name for name in files if name not in OTHER_FILES)
    assert len(dated) == 30 and dated[0] == "traject-backup-2026-10-06.json"
    assert files["traject-backup-2026-12-01.json"] == first_day  # yesterday's copy stays as it was
    assert json.loads(files["traject-backup.json"])["exported_at"].startswith("2026-12-02T11:00")
    assert {k: files[k] for k in OTHER_FILES} == OTHER_FILES
    expect(page.locator("#auto-backup-status")).to_contain_text("2 dec. 2026 om 11:00")
    _shot(page, "written")


def test_failed_write_and_lost_permission_are_shown_with_the_fix(page, base_url):
    # The browser's answer to "may Traject write here?", as after a restart without a kept
    # permission; the coach's click on the browser's question grants it.
    page.add_init_script("""(() => {
        const proto = FileSystemHandle.prototype, query = proto.queryPermission;
        proto.queryPermission = async function (options) {
            return window.localStorage.getItem('test:permission') || query.call(this, options);
        };
        proto.requestPermission = async function () {
            window.localStorage.removeItem('test:permission');
            return 'granted';
        };
    })()""")
    page.clock.set_fixed_time(START)
    create_trajectory(page, base_url, "Fien Fout", start=date(2026, 12, 8))
    _backup_screen(page)
    _folder(page, "Weg")
    page.get_by_role("button", name="Nu een backup maken").click()
    _wait_for_file(page, "traject-backup.json", "Weg")

    # The folder disappears (moved, deleted, a drive unplugged): the write fails, visibly.
    page.evaluate("async () => (await navigator.storage.getDirectory()).removeEntry('Weg', {recursive: true})")
    page.get_by_role("button", name="Nu een backup maken").click()
    warning = page.locator("#auto-backup .notice.warn")
    expect(warning).to_contain_text("De backupmap Weg is niet meer te vinden")
    expect(warning.get_by_role("button", name="Map opnieuw kiezen")).to_be_visible()
    _shot(page, "failed")
    go(page, "#/")
    expect(page.locator(".notice.warn", has_text="niet meer te vinden")).to_be_visible()

    # A new folder; on the next visit the browser asks again for permission.
    _folder(page)
    page.evaluate("() => localStorage.setItem('test:permission', 'prompt')")
    page.clock.set_fixed_time(START + timedelta(hours=3))
    page.reload()
    wait_for_app(page)
    warning = page.locator(".notice.warn", has_text="opnieuw je toestemming nodig")
    expect(warning).to_contain_text(FOLDER)
    _shot(page, "overview-permission")
    go(page, "#/backup")
    expect(page.locator("#auto-backup .notice.warn")).to_contain_text("toestemming")
    _shot(page, "permission")
    page.locator("#auto-backup").get_by_role("button", name="Toestemming geven").click()  # the one click
    expect(page.locator("#auto-backup-status")).to_contain_text("1 dec. 2026 om 12:00")
    expect(page.locator("#auto-backup .notice.warn")).to_have_count(0)
    assert _client_names(_files(page)["traject-backup.json"]) == ["Fien Fout"]


def test_choosing_a_folder_writes_at_once_and_a_failed_write_keeps_the_last_backup(page, base_url):
    # The browser's folder picker is a native dialog; here it answers with a folder in the
    # origin private file system (the first time: the coach closes the picker).
    page.add_init_script("""(() => {
        let calls = 0;
        window.showDirectoryPicker = async () => {
            calls += 1;
            if (calls === 1) throw new DOMException('closed', 'AbortError');
            const root = await navigator.storage.getDirectory();
            return root.getDirectoryHandle(calls === 2 ? 'Gekozen' : 'Oud', {create: true});
        };
    })()""")
    page.clock.set_fixed_time(START)
    create_trajectory(page, base_url, "Kees Kiezer", start=date(2026, 12, 8))
    _backup_screen(page)
    page.get_by_role("button", name="Backupmap kiezen").click()  # closed without choosing
    expect(page.get_by_role("button", name="Backupmap kiezen")).to_be_visible()
    page.get_by_role("button", name="Backupmap kiezen").click()
    expect(page.locator("#auto-backup-status")).to_contain_text("1 dec. 2026 om 09:00, in de map Gekozen")
    before = _files(page, "Gekozen")
    assert _client_names(before["traject-backup.json"]) == ["Kees Kiezer"]

    # The disk refuses the next write: the warning says so, the last backup stays whole.
    page.evaluate("""() => {
        window.__write = FileSystemWritableFileStream.prototype.write;
        FileSystemWritableFileStream.prototype.write = async () => {
            throw new DOMException('I/O error', 'InvalidModificationError');
        };
    }""")
    page.clock.set_fixed_time(START + timedelta(hours=1))
    page.get_by_role("button", name="Nu een backup maken").click()
    warning = page.locator("#auto-backup .notice.warn")
    expect(warning).to_contain_text("De automatische backup in de map Gekozen is mislukt")
    assert _files(page, "Gekozen") == before  # no half file, no .tmp left behind
    page.evaluate("() => { FileSystemWritableFileStream.prototype.write = window.__write; }")
    warning.get_by_role("button", name="Opnieuw proberen").click()
    expect(page.locator("#auto-backup-status")).to_contain_text("1 dec. 2026 om 10:00")
    expect(page.locator("#auto-backup .notice.warn")).to_have_count(0)

    # A folder that already holds a backup (from another browser): not overwritten at once.
    page.evaluate("""async () => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('Oud', {create: true});
        const w = await (await dir.getFileHandle('traject-backup.json', {create: true})).createWritable();
        await w.write('{"app": "traject"}'); await w.close();
    }""")
    page.get_by_role("button", name="Andere map kiezen").click()
    expect(page.locator(".notice", has_text="In de map Oud staat al een Traject-backup")).to_be_visible()
    assert _files(page, "Oud") == {"traject-backup.json": '{"app": "traject"}'}


def test_restore_from_the_backup_folder_in_an_empty_home_screen_app(page, base_url):
    page.add_init_script("""(() => {
        const original = window.matchMedia.bind(window);
        window.matchMedia = (query) => query.includes('display-mode: standalone')
            ? original('(min-width: 0px)') : original(query);
    })()""")  # as when opened from the home screen or Dock
    page.clock.set_fixed_time(START)
    create_trajectory(page, base_url, "Roos Herstel", start=date(2026, 12, 8))
    _backup_screen(page)
    _folder(page, files={"traject-backup-2026-11-30.json": "oud", **OTHER_FILES})
    page.get_by_role("button", name="Nu een backup maken").click()
    _wait_for_file(page, "traject-backup.json")

    page.evaluate("() => localStorage.clear()")  # the browser forgot everything
    page.goto(base_url + "app/")
    wait_for_app(page)
    welcome = page.locator(".welcome")
    expect(welcome).to_contain_text("eigen opslag, los van Safari")
    expect(welcome.get_by_role("link", name="Backup importeren")).to_be_visible()
    _shot(page, "empty-standalone")
    welcome.get_by_role("button", name="Herstel uit backupmap").click()
    preview = page.locator(".import-preview")
    expect(preview).to_contain_text("1 traject, ")
    expect(preview).to_contain_text("Roos Herstel")
    _shot(page, "restore-preview")
    preview.get_by_role("button", name="Samenvoegen").click()
    expect(page.locator(".traj-card", has_text="Roos Herstel")).to_be_visible()
    assert {k: v for k, v in _files(page).items() if k in OTHER_FILES} == OTHER_FILES


def test_browsers_without_the_folder_api_say_so_and_keep_export(page, base_url):
    page.add_init_script("delete window.showDirectoryPicker")  # as in Safari and Firefox
    page.clock.set_fixed_time(START)
    open_app(page, base_url, "#/backup")
    line = page.locator("#auto-backup-unsupported")
    expect(line).to_contain_text("Chrome en Edge")
    expect(page.get_by_role("button", name="Backupmap kiezen")).to_have_count(0)
    expect(page.get_by_role("button", name="Herstel uit backupmap")).to_have_count(0)
    expect(page.get_by_role("button", name="Alles exporteren")).to_be_visible()
    _shot(page, "unsupported")


@pytest.fixture
def profile_page(playwright_instance, base_url, tmp_path):
    """A page in a real (not incognito) profile: Chromium installs apps only from one."""
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900}, locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.pages[0] if context.pages else context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_app_is_installable(profile_page, base_url):
    page = profile_page
    response = page.request.get(base_url + "app/manifest.webmanifest")
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["short_name"] == "Traject" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "./" and not manifest["scope"].startswith("/")
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    open_app(page, base_url)
    # The service worker controls the page from the next visit on.
    page.wait_for_function("async () => !!(await navigator.serviceWorker.ready).active", timeout=120_000)
    page.reload()
    wait_for_app(page)
    assert page.evaluate("() => !!navigator.serviceWorker.controller")
    cdp = page.context.new_cdp_session(page)
    manifest_info = cdp.send("Page.getAppManifest")
    assert manifest_info["errors"] == []
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
