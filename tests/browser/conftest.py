"""Browser test fixtures: the built site on a loopback port, Debian's Chromium via Playwright."""

from __future__ import annotations

import json
import os
import time
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import sync_playwright

from serve import start_in_thread

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
READY_TIMEOUT_MS = 90_000

# --- the clock ---------------------------------------------------------------------------
# No browser test reads the machine's clock. Every context the tests open has its clock
# installed (Playwright's clock API, before any page loads) at a fixed instant, and every
# expected date or file name is derived from that same instant with local_day(). The app's
# Python takes its date and time from JS `Date` (App.today, App.now), so this fixes both sides.
# The clock runs on from the instant (timers fire as usual, which Pyodide's start-up needs).
TIME_ZONE = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TIME_ZONE)
INSTANTS = {
    # A Tuesday morning in winter.
    "weekday-morning": datetime(2026, 12, 1, 9, 30, tzinfo=AMSTERDAM),
    # 23:30 UTC: still 1 December in UTC, already 2 December in Amsterdam.
    "utc-2330": datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("UTC")),
    # Saturday night before summer time starts (Sunday 28 March 2027, 02:00 CET -> 03:00 CEST).
    "before-summer-time": datetime(2027, 3, 27, 23, 30, tzinfo=AMSTERDAM),
}
DEFAULT_INSTANT = INSTANTS["weekday-morning"]


def local_day(instant: datetime) -> date:
    """The calendar day the coach sees at ``instant`` (an aware datetime) in Amsterdam."""
    return instant.astimezone(AMSTERDAM).date()


# Playwright's fake `performance` answers every getEntries* with [] and drops marks. The app
# marks its start-up (make bench, test_startup), so the real entry methods are put back on the
# fake: the first script keeps the real object before the clock's own script runs, the second
# (added after clock.install) lends its entry methods to the fake. performance.now() stays fake.
_KEEP_PERFORMANCE = "window.__trajectRealPerformance = window.performance;"
_LEND_PERFORMANCE_ENTRIES = """(() => {
  const real = window.__trajectRealPerformance, fake = window.performance;
  delete window.__trajectRealPerformance;
  if (!real || real === fake) return;
  for (const key of ["getEntries", "getEntriesByName", "getEntriesByType", "mark", "measure", "clearMarks",
                     "clearMeasures", "clearResourceTimings", "setResourceTimingBufferSize", "toJSON"]) {
    if (typeof real[key] === "function") fake[key] = real[key].bind(real);
  }
})();"""


def fix_clock(context, instant: datetime = DEFAULT_INSTANT):
    """Install the context's clock at ``instant`` (before any page loads) and remember the
    instant on the context, where tests and helpers read it (``page.context.instant``)."""
    context.add_init_script(_KEEP_PERFORMANCE)
    context.clock.install(time=instant)
    context.add_init_script(_LEND_PERFORMANCE_ENTRIES)
    context.instant = instant
    return context


def new_context(browser, instant: datetime = DEFAULT_INSTANT, **options):
    """A fresh browser profile as a Dutch coach in Amsterdam has it, its clock at ``instant``."""
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "nl-NL", "timezone_id": TIME_ZONE,
               **options}
    return fix_clock(browser.new_context(**options), instant)


def today(page) -> date:
    """The page's calendar day by its own fixed clock (the context's instant, or the instant a
    test installed on the page) in the page's zone: the day the app itself sees."""
    instant = getattr(page.context, "instant", None)
    assert instant is not None, "this page's clock is not fixed: open its context with new_context()"
    if not page.url.startswith("http"):  # no page of ours yet: the context's instant
        return local_day(instant)
    year, month, day = page.evaluate(
        "() => { const n = new Date(); return [n.getFullYear(), n.getMonth() + 1, n.getDate()]; }")
    return date(year, month, day)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "app" / "index.html").exists():
        pytest.fail("site/ is not built: run the tests with 'make test'")
    return SITE


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    server, url = start_in_thread(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class RequestLog:
    """Every request a page makes, to check that nothing leaves the loopback server."""

    def __init__(self, allowed_origin: str):
        self.allowed_origin = allowed_origin
        self.urls: list[str] = []
        self.failed: list[str] = []
        self.statuses: dict[str, int] = {}

    def attach(self, page) -> None:
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("requestfailed", lambda request: self.failed.append(request.url))
        page.on("response", lambda response: self.statuses.__setitem__(response.url, response.status))

    def foreign(self) -> list[str]:
        return [url for url in self.urls
                if not url.startswith(("data:", "blob:")) and _origin(url) != self.allowed_origin]

    def not_found(self) -> list[str]:
        return [url for url, status in self.statuses.items() if status >= 400]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def instant() -> datetime:
    """The instant the page's clock starts at. A test module runs at other instants by
    overriding this fixture (see test_journeys.py)."""
    return DEFAULT_INSTANT


@pytest.fixture
def context(browser, instant):
    context = new_context(browser, instant)
    yield context
    context.close()


@pytest.fixture
def page(context, base_url):
    page = context.new_page()
    page.request_log = RequestLog(_origin(base_url))
    page.request_log.attach(page)
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on("console", lambda message: page.console_errors.append("CSP: " + message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    page.set_default_timeout(15_000)
    yield page
    assert page.console_errors == [], "errors in the page:\n" + "\n".join(page.console_errors)
    # Nothing leaves the browser: no other origin, and no data in any URL sent to the server.
    assert page.request_log.foreign() == []
    assert [url for url in page.request_log.urls if "?" in url and not url.startswith(("data:", "blob:"))] == []


def wait_for_app(page, timeout_ms: int = READY_TIMEOUT_MS) -> float:
    """Wait until the app reports ready (or fails); return seconds taken."""
    start = time.monotonic()
    page.wait_for_function(
        "() => document.documentElement.dataset.appReady === 'true' || !!document.documentElement.dataset.appError",
        timeout=timeout_ms)
    error = page.evaluate("() => document.documentElement.dataset.appError || ''")
    assert not error, f"app failed to start: {error}"
    seconds = time.monotonic() - start
    _log_startup(page, seconds)
    return seconds


def _log_startup(page, seconds: float) -> None:
    """Record every start-up in test-artifacts/startup-times.json (test, seconds waited here,
    ms from navigation to ready in the page, snapshot painted), so regressions show."""
    try:
        facts = page.evaluate("""() => ({ready_ms: performance.now(), python: document.documentElement.dataset.pythonStart,
            painted: document.documentElement.hasAttribute('data-overview-painted'),
            controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller)})""")
    except Exception:  # noqa: BLE001 - a page that navigated away: the wait time is enough
        facts = {}
    test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" ", 1)[0]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "startup-times.json"
    try:
        log = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log = []
    log.append({"test": test, "seconds": round(seconds, 3), **facts})
    path.write_text(json.dumps(log[-500:], indent=1), encoding="utf-8")


def open_app(page, base_url: str, route: str = "") -> float:
    page.goto(base_url + "app/" + route)
    return wait_for_app(page)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
