"""`make bench`: start-up and scale benchmark of Traject (stdlib + Playwright only).

Serves the built site (``site/``) on loopback and drives headless Chromium (Debian's
``/usr/bin/chromium``, launched like the browser tests do).

1. Start-up, in one run, alternating baseline and app (B, A, B, A ...), ``--runs`` times each:
   a fresh browser profile per run gives the *cold* visit (empty HTTP cache, code cache and
   storage); a second visit in the same profile (new tab, same URL) gives the *warm* one.
   The baseline is a bare PyScript page (``bench/baseline/``) on the same PyScript and Pyodide
   release as npm ships it (see ``bench_site``) that runs one ``print``. Times are ``performance.now()`` in the page, i.e. from the start
   of the navigation: *interactive* is when ``data-app-ready`` / ``data-baseline-ready``
   appears on <html>; *overview visible* is the first frame after the coach's overview is in
   the page (``#view`` shown with content, or a ``data-overview-painted`` marker on <html>,
   whichever comes first). Bytes are what went over the wire (CDP ``encodedDataLength``;
   answers from the browser's cache count as 0, a 304 counts its headers).
2. Scale: 1,000 generated trajectories (``bench/generate.py``) - as many as fit are put in
   localStorage and the real app is timed on them (overview, open, save, export, import);
   all 1,000 are timed on the app's own code in the browser with an in-memory store (the
   probe page ``bench/probe/``); the localStorage quota is measured.

Writes ``bench/results.json`` and regenerates ``docs/ontwikkelaars/prestaties.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SITE = ROOT / "site"
DOC = ROOT / "docs" / "ontwikkelaars" / "prestaties.md"
RESULTS = BENCH / "results.json"
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(BENCH))

from serve import start_in_thread  # noqa: E402

import generate  # noqa: E402
import network  # noqa: E402
import vault_bench  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The same flags as tests/browser/conftest.py.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
READY_TIMEOUT_MS = 180_000
HEADROOM_CHARS = 100_000  # free localStorage left for the measured edits (UTF-16: 200 KB)
SHOWN_CARDS = 50  # the overview shows this many cards at first ("Toon meer" for the rest)

# Recorded in every page before its own scripts run.
INIT_JS = r"""
(() => {
  if (window.__bench) return;
  const marks = {};
  const progress = [];
  window.__bench = {marks, progress};
  addEventListener('py:progress', (e) => progress.push([String(e.detail), performance.now()]));
  // when the wasm module is compiled and instantiated (from V8's code cache on a warm visit, if it is used)
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) WebAssembly.instantiateStreaming = function (...args) {
    const t0 = performance.now();
    return streaming.apply(this, args).then((result) => {
      if (!('wasmStart' in marks)) { marks.wasmStart = t0; marks.wasmDone = performance.now(); }
      return result; });
  };
  const afterFrame = (key) => requestAnimationFrame(() => setTimeout(() => {
    if (!(key in marks)) marks[key] = performance.now();
  }, 0));
  let observer = null;
  const check = () => {
    const html = document.documentElement;
    if (!html) return;
    const t = performance.now();
    const d = html.dataset;
    if (!('ready' in marks) && (d.appReady === 'true' || d.baselineReady === 'true')) { marks.ready = t; afterFrame('readyFrame'); }
    if (!('error' in marks) && d.appError) marks.error = d.appError;
    if (!('marker' in marks) && html.hasAttribute('data-overview-painted')) { marks.marker = t; afterFrame('markerFrame'); }
    const view = document.getElementById('view');
    if (!('view' in marks) && view && !view.hidden && view.childElementCount > 0) { marks.view = t; afterFrame('viewFrame'); }
    if ('ready' in marks && ('view' in marks || d.baselineReady === 'true' || d.probe)) observer.disconnect();
  };
  observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-app-ready', 'data-baseline-ready', 'data-overview-painted', 'data-app-error', 'hidden']});
})();
"""

FRAME_JS = "() => new Promise(r => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))"

READY_JS = """() => { const m = window.__bench && window.__bench.marks;
  return !!m && (m.error !== undefined || (m.readyFrame !== undefined &&
    (document.documentElement.dataset.baselineReady === 'true' || m.viewFrame !== undefined || m.markerFrame !== undefined))); }"""

PAGE_FACTS_JS = """() => ({
  marks: window.__bench.marks,
  perf_marks: Object.fromEntries(performance.getEntriesByType('mark')
    .filter(m => m.name.startsWith('traject:')).map(m => [m.name, m.startTime])),
  python_start: document.documentElement.dataset.pythonStart || null,
  progress: window.__bench.progress,
  fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null,
  nav: (() => { const n = performance.getEntriesByType('navigation')[0];
                return n ? {responseEnd: n.responseEnd, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd} : null })(),
  resources: performance.getEntriesByType('resource').map(e => ({
    name: e.name, start: e.startTime, end: e.responseEnd, transfer: e.transferSize, body: e.encodedBodySize})),
})"""


# --- helpers ---------------------------------------------------------------------------------

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "values": values}


def launch(pw, profile):
    return pw.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900}, locale="nl-NL", timezone_id="Europe/Amsterdam",
        accept_downloads=True)


def log(message):
    print(message, file=sys.stderr, flush=True)


class NetLog:
    """Bytes over the wire for one page, from the DevTools protocol."""

    def __init__(self, context, page):
        self.requests = {}
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.responseReceivedExtraInfo", self._extra)
        cdp.on("Network.requestServedFromCache", self._cached)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")
        self.cdp = cdp

    def _entry(self, params):
        return self.requests.setdefault(params["requestId"], {"url": "", "status": None, "bytes": 0, "cache": False})

    def _request(self, p):
        self._entry(p)["url"] = p["request"]["url"]

    def _response(self, p):
        entry = self._entry(p)
        entry["status"] = p["response"]["status"]
        if p["response"].get("fromDiskCache") or p["response"].get("fromPrefetchCache"):
            entry["cache"] = True

    def _extra(self, p):
        self._entry(p)["wire_status"] = p.get("statusCode")

    def _cached(self, p):
        self._entry(p)["cache"] = True

    def _finished(self, p):
        self._entry(p)["bytes"] = int(p.get("encodedDataLength") or 0)

    def totals(self):
        items = [r for r in self.requests.values() if r["url"].startswith("http")]
        wire = sum(0 if r["cache"] else r["bytes"] for r in items)
        return {"bytes": wire, "requests": len(items),
                "not_modified": sum(1 for r in items if r.get("wire_status") == 304 or r["status"] == 304),
                "from_cache": sum(1 for r in items if r["cache"]),
                "files": sorted(((r["url"].rsplit("/", 1)[-1] or r["url"], r["status"], 0 if r["cache"] else r["bytes"])
                                 for r in items), key=lambda x: -x[2])}


def visit(context, url, settle_ms):
    """Open ``url`` in a new tab, wait until it is ready (and its first frame), collect facts."""
    page = context.new_page()
    net = NetLog(context, page)
    page.goto(url, wait_until="commit")
    page.wait_for_function(READY_JS, timeout=READY_TIMEOUT_MS, polling=50)
    page.wait_for_timeout(settle_ms)  # let caches settle (code cache, wasm tier-up) as a real visit would
    facts = page.evaluate(PAGE_FACTS_JS)
    facts["net"] = net.totals()
    if facts["marks"].get("error"):
        raise RuntimeError(f"{url}: start-up failed: {facts['marks']['error']}")
    page.close()
    return facts


def startup_figures(facts):
    marks = facts["marks"]
    painted = [marks.get(k) for k in ("viewFrame", "markerFrame") if marks.get(k) is not None]
    return {"ready": marks.get("ready"), "ready_frame": marks.get("readyFrame"),
            "wasm_start": marks.get("wasmStart"), "wasm_done": marks.get("wasmDone"),
            "overview": min(painted) if painted else None, "fcp": facts.get("fcp"),
            "bytes": facts["net"]["bytes"], "requests": facts["net"]["requests"],
            "not_modified": facts["net"]["not_modified"], "progress": facts["progress"],
            "resources": facts["resources"], "files": facts["net"]["files"],
            "perf_marks": facts.get("perf_marks") or {}, "python_start": facts.get("python_start")}


def fill_storage(page, items, chunk=20):
    """setItem every (key, value) until the quota refuses one; returns how many were stored."""
    stored = 0
    for start in range(0, len(items), chunk):
        result = page.evaluate("""(items) => { let n = 0;
            for (const [k, v] of items) { try { localStorage.setItem(k, v); n++; } catch (e) { return [n, e.name]; } }
            return [n, null]; }""", items[start:start + chunk])
        stored += result[0]
        if result[1]:
            return stored, result[1]
    return stored, None


def seed(page, data, ids, headroom_chars=0):
    """Put trajectories (in creation order) and the index in localStorage, as many as fit
    while leaving ``headroom_chars`` UTF-16 characters free. Returns the ids stored."""
    page.evaluate("() => localStorage.clear()")
    items = [(generate.PREFIX + "t:" + i, data[generate.PREFIX + "t:" + i]) for i in ids]
    stored, error = fill_storage(page, items)
    kept = ids[:stored]
    while True:
        index = json.dumps(kept)
        ok = page.evaluate("""([index, room]) => {
            try { localStorage.setItem('traject:index', index); } catch (e) { return false; }
            if (!room) return true;
            try { localStorage.setItem('bench:room', '\\u20ac'.repeat(room)); localStorage.removeItem('bench:room'); return true; }
            catch (e) { return false; } }""", [index, headroom_chars])
        if ok or not kept:
            break
        page.evaluate("(k) => localStorage.removeItem(k)", generate.PREFIX + "t:" + kept.pop())
    return kept, error


def storage_use(page):
    return page.evaluate("""() => { let chars = 0, wide = 0, n = 0;
        for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i), v = localStorage.getItem(k);
          chars += k.length + v.length; n++; }
        return {chars, keys: n}; }""")


# --- parts -----------------------------------------------------------------------------------

def measure_quota(pw, base):
    """Fill localStorage of a throwaway profile until QuotaExceededError; chars that fit."""
    result = {}
    with tempfile.TemporaryDirectory(prefix="traject-bench-quota-") as profile:
        context = launch(pw, profile)
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(base + "bench-baseline/blank.html")
        for label, fill in (("ascii", "x"), ("utf16", "\u20ac")):
            result[label + "_chars"] = page.evaluate("""(fill) => { localStorage.clear(); let total = 0, i = 0;
                for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1 << 4, 1]) {
                  const s = fill.repeat(size);
                  for (;;) { const k = 'q' + (i++);
                    try { localStorage.setItem(k, s); total += k.length + s.length; } catch (e) { break; } } }
                localStorage.clear(); return total; }""", fill)
        context.close()
    # Chromium counts UTF-16 code units twice as heavy as Latin-1 ones: the quota in bytes is
    # what the UTF-16 fill shows, times two.
    result["bytes"] = result["utf16_chars"] * 2
    return result


def startup_runs(pw, base, runs, start_data, start_ids, settle_ms):
    results = {"baseline": {"cold": [], "warm": []}, "app": {"cold": [], "warm": []}}
    items = [(k, start_data[k]) for k in [generate.PREFIX + "t:" + i for i in start_ids]]
    items.append((generate.PREFIX + "index", json.dumps(start_ids)))
    for run in range(runs):
        for kind in ("baseline", "app"):
            path = "bench-baseline/" if kind == "baseline" else "app/"
            with tempfile.TemporaryDirectory(prefix="traject-bench-profile-") as profile:
                context = launch(pw, profile)
                context.add_init_script(INIT_JS)
                prep = context.pages[0] if context.pages else context.new_page()
                prep.goto(base + "bench-baseline/blank.html")  # same for both: nothing the pages load
                if kind == "app":
                    fill_storage(prep, items)
                prep.goto("about:blank")
                cold = startup_figures(visit(context, base + path, settle_ms))
                warm = startup_figures(visit(context, base + path, settle_ms))
                context.close()
            results[kind]["cold"].append(cold)
            results[kind]["warm"].append(warm)
            log(f"  run {run + 1}/{runs} {kind:8s} cold ready {cold['ready']:7.0f} ms  warm ready {warm['ready']:7.0f} ms"
                + (f"  python {cold['python_start']}/{warm['python_start']}" if kind == "app" else "")
                + (f"  (overview {cold['overview']:.0f} / {warm['overview']:.0f} ms)" if kind == "app" else ""))
    return results


def probe_startup(pw, base, runs, start_data, start_ids, settle_ms):
    """The app's own Python, timed step by step (warm visits, the coach's trajectories stored)."""
    items = [(k, start_data[k]) for k in [generate.PREFIX + "t:" + i for i in start_ids]]
    items.append((generate.PREFIX + "index", json.dumps(start_ids)))
    out = []
    with tempfile.TemporaryDirectory(prefix="traject-bench-probe-") as profile:
        context = launch(pw, profile)
        context.add_init_script(INIT_JS)
        prep = context.pages[0] if context.pages else context.new_page()
        prep.goto(base + "bench-baseline/blank.html")
        fill_storage(prep, items)
        prep.goto("about:blank")
        for run in range(runs + 1):  # the first one warms the cache and is not counted
            page = context.new_page()
            messages = []
            page.on("console", lambda m: messages.append(m.text))
            page.on("pageerror", lambda e: messages.append(str(e)))
            page.goto(base + "bench-probe/", wait_until="commit")
            try:
                page.wait_for_function("() => !!document.documentElement.dataset.probe", timeout=READY_TIMEOUT_MS, polling=100)
            except Exception:
                log("probe page did not finish; its console:\n" + "\n".join(messages[-20:]))
                raise
            page.wait_for_timeout(settle_ms)
            probe = json.loads(page.evaluate("() => document.documentElement.dataset.probe"))
            probe["progress"] = page.evaluate("() => window.__bench.progress")
            page.close()
            if run:
                out.append(probe)
        context.close()
    return out


def time_step(page, js_body, arg=None):
    return page.evaluate(js_body, arg)


OVERVIEW_JS = """async (n) => {
  const view = document.getElementById('view');
  const cards = () => view.querySelectorAll('.traj-card').length;
  const done = new Promise(resolve => { const obs = new MutationObserver(() => {
    if (cards() >= n) { obs.disconnect(); resolve(performance.now()); } }); obs.observe(view, {childList: true}); });
  const t0 = performance.now();
  location.hash = '#/';
  const dom = await done;
  const frame = await (""" + FRAME_JS + """)();
  return {dom: dom - t0, ms: frame - t0, cards: cards()};
}"""

OPEN_JS = """async (id) => {
  const view = document.getElementById('view');
  const done = new Promise(resolve => { const obs = new MutationObserver(() => {
    if (view.querySelector('.session-row')) { obs.disconnect(); resolve(performance.now()); } });
    obs.observe(view, {childList: true}); });
  const t0 = performance.now();
  location.hash = '#/traject/' + id;
  const dom = await done;
  const frame = await (""" + FRAME_JS + """)();
  return {dom: dom - t0, ms: frame - t0};
}"""

SAVE_JS = """async (text) => {
  const status = document.getElementById('save-status');
  status.textContent = '';
  const form = document.querySelector('form[data-action="add-homework"]');
  form.querySelector('#hw-text').value = text;
  const button = form.querySelector('button[type="submit"]');
  const t0 = performance.now();
  button.click();   // the app's submit handler runs synchronously: save, read back, re-render
  const t1 = performance.now();
  const frame = await (""" + FRAME_JS + """)();
  return {handler: t1 - t0, ms: frame - t0, status: status.textContent};
}"""

EXPORT_JS = """async () => {
  let offered = null;
  const grab = (e) => { if (e.target.closest && e.target.closest('a[download]') && offered === null) offered = performance.now(); };
  document.addEventListener('click', grab, true);
  const button = document.querySelector('button[data-action="export-all"]');
  const t0 = performance.now();
  button.click();
  const t1 = performance.now();
  document.removeEventListener('click', grab, true);
  const frame = await (""" + FRAME_JS + """)();
  return {ms: offered === null ? null : offered - t0, handler: t1 - t0, frame: frame - t0};
}"""

IMPORT_ARM_JS = """() => {
  const b = window.__import = {change: null, preview: null};
  document.getElementById('import-file').addEventListener('change', () => { b.change = performance.now(); }, {capture: true, once: true});
  const view = document.getElementById('view');
  const obs = new MutationObserver(() => { if (view.querySelector('.import-preview, .notice.error')) {
    b.preview = performance.now(); b.error = view.querySelector('.notice.error') ? view.querySelector('.notice.error').textContent : ''; obs.disconnect(); } });
  obs.observe(view, {childList: true, subtree: true});
}"""

IMPORT_MERGE_JS = """async (n) => {
  const view = document.getElementById('view');
  const cards = () => view.querySelectorAll('.traj-card').length;
  const done = new Promise(resolve => { const obs = new MutationObserver(() => {
    if (cards() >= n) { obs.disconnect(); resolve(performance.now()); } }); obs.observe(view, {childList: true}); });
  const button = document.querySelector('form[data-action="import-merge"] button[type="submit"]');
  const t0 = performance.now();
  button.click();
  const dom = await done;
  const frame = await (""" + FRAME_JS + """)();
  const b = window.__import;
  return {read: b.preview - b.change, write: frame - t0, ms: (b.preview - b.change) + (frame - t0), cards: cards()};
}"""


def go(page, route, selector):
    page.evaluate("(r) => { location.hash = r }", route)
    page.locator(selector).first.wait_for(timeout=READY_TIMEOUT_MS)


def wait_ready(page):
    page.wait_for_function("() => document.documentElement.dataset.appReady === 'true' || !!document.documentElement.dataset.appError",
                           timeout=READY_TIMEOUT_MS, polling=100)
    error = page.evaluate("() => document.documentElement.dataset.appError || ''")
    if error:
        raise RuntimeError("app failed to start: " + error)


def scale_app(pw, base, data, ids, repeats, heavy_repeats, settle_ms, workdir):
    """The real app on as many of the generated trajectories as fit in localStorage."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="traject-bench-scale-") as profile:
        context = launch(pw, profile)
        context.add_init_script(INIT_JS)
        prep = context.pages[0] if context.pages else context.new_page()
        prep.goto(base + "bench-baseline/blank.html")
        stored_all, error = fill_storage(prep, [(generate.PREFIX + "t:" + i, data[generate.PREFIX + "t:" + i]) for i in ids])
        out["fit_without_index"] = stored_all
        out["fill_error"] = error
        kept, _ = seed(prep, data, ids, HEADROOM_CHARS)
        n = len(kept)
        out["trajectories"] = n
        out["storage"] = storage_use(prep)
        prep.goto("about:blank")
        log(f"  {stored_all} of {len(ids)} trajectories fit in localStorage ({error}); measuring the app with {n}")
        out["start_cold"] = startup_figures(visit(context, base + "app/", settle_ms))
        out["start_warm"] = startup_figures(visit(context, base + "app/", settle_ms))
        for key in ("start_cold", "start_warm"):
            for drop in ("resources", "files", "progress"):
                out[key].pop(drop, None)
        page = context.new_page()
        page.set_default_timeout(READY_TIMEOUT_MS)
        page.goto(base + "app/#/backup")
        wait_ready(page)
        samples = {"overview": [], "open": [], "save": [], "export": [], "import": []}
        for _ in range(repeats):
            go(page, "#/backup", "#import-file")
            samples["overview"].append(time_step(page, OVERVIEW_JS, min(n, SHOWN_CARDS)))
        picks = [kept[(i * 7919) % n] for i in range(repeats)]
        for traj_id in picks:
            go(page, "#/backup", "#import-file")
            samples["open"].append(time_step(page, OPEN_JS, traj_id))
        for i, traj_id in enumerate(picks):
            go(page, "#/traject/" + traj_id, "#hw-text")
            samples["save"].append(time_step(page, SAVE_JS, f"Benchmark-opdracht {i + 1}"))
        backup_file = Path(workdir) / "backup.json"
        for _ in range(heavy_repeats):
            go(page, "#/backup", "button[data-action='export-all']")
            with page.expect_download(timeout=READY_TIMEOUT_MS) as info:
                samples["export"].append(time_step(page, EXPORT_JS))
            info.value.save_as(backup_file)
        out["export_bytes"] = backup_file.stat().st_size
        for _ in range(heavy_repeats):
            page.evaluate("() => localStorage.clear()")
            page.reload()
            wait_ready(page)
            go(page, "#/backup", "#import-file")
            page.evaluate(IMPORT_ARM_JS)
            page.set_input_files("#import-file", str(backup_file))
            page.locator(".import-preview, .notice.error").first.wait_for()
            if page.locator(".import-preview").count() == 0:
                samples["import"].append({"ms": None, "error": page.locator(".notice.error").first.inner_text()})
                continue
            samples["import"].append(time_step(page, IMPORT_MERGE_JS, min(n, SHOWN_CARDS)))
        out["storage_after_import"] = storage_use(page)
        page.close()
        context.close()
    out["samples"] = samples
    out["figures"] = {name: summary([s.get("ms") for s in values]) for name, values in samples.items()}
    return out


# One timed step on the probe page (``window.benchProbe``), until the next frame after it.
SCALE_CALL = """async ([name, arg]) => {
  if (name === 'load') arg = await (await fetch('data.json')).text();
  const t0 = performance.now();
  const out = JSON.parse(await window.benchProbe(name, arg));
  const frame = await (""" + FRAME_JS + """)();
  out.frame_ms = frame - t0;
  return out; }"""


def open_scale_probe(pw, base, profile):
    """The probe page in scale mode in a new browser profile: (context, page)."""
    context = launch(pw, profile)
    context.add_init_script(INIT_JS)
    page = context.pages[0] if context.pages else context.new_page()
    page.set_default_timeout(READY_TIMEOUT_MS)
    page.goto(base + "bench-probe/?scale")
    page.wait_for_function("() => !!window.benchProbe", timeout=READY_TIMEOUT_MS, polling=100)
    return context, page


def scale_probe(pw, base, ids, repeats, heavy_repeats):
    """All generated trajectories on the app's own code in the browser, in memory (DictStore)."""
    samples = {"load": [], "overview": [], "open": [], "save": [], "save_parts": [], "export": [], "import": []}
    extra = {}
    with tempfile.TemporaryDirectory(prefix="traject-bench-probe-scale-") as profile:
        context, page = open_scale_probe(pw, base, profile)
        call = SCALE_CALL
        samples["load"].append(page.evaluate(call, ["load", None]))
        n = samples["load"][0]["trajectories"]
        picks = [ids[(i * 7919) % len(ids)] for i in range(repeats)]
        for _ in range(repeats):
            samples["overview"].append(page.evaluate(call, ["overview", None]))
        for traj_id in picks:
            samples["open"].append(page.evaluate(call, ["open", traj_id]))
        for traj_id in picks:
            # a coach saves on that trajectory's own page: show it first (not timed), as the real
            # app does before its save is timed (scale_app); otherwise the save would also have to
            # replace the previous trajectory's page
            page.evaluate(call, ["open", traj_id])
            samples["save"].append(page.evaluate(call, ["save", traj_id]))
            page.evaluate(call, ["open", traj_id])  # the same save again, timed in its parts
            samples["save_parts"].append(page.evaluate(call, ["save_parts", traj_id]))
        for _ in range(heavy_repeats):
            samples["export"].append(page.evaluate(call, ["export", None]))
        for _ in range(heavy_repeats):
            samples["import"].append(page.evaluate(call, ["import", None]))
        extra["export_chars"] = samples["export"][-1]["chars"]
        extra["import_refused"] = samples["import"][-1]["refused"]
        context.close()
    # what a coach waits for: until the next frame after the Python work (DOM included)
    figures = {name: summary([s.get("frame_ms") if name in ("overview", "open", "save", "save_parts") else s.get("ms")
                              for s in values]) for name, values in samples.items()}
    for part in ("service_ms", "render_ms"):
        figures["save_" + part[:-3]] = summary([s[part] for s in samples["save_parts"]])
    figures["save_frame_wait"] = summary([s["frame_ms"] - s["ms"] for s in samples["save"]])
    figures["import_read"] = summary([s["read_ms"] for s in samples["import"]])
    figures["import_write"] = summary([s["write_ms"] for s in samples["import"]])
    figures["overview_markup"] = summary([s["markup_ms"] for s in samples["overview"]])
    return {"trajectories": n, "samples": samples, "figures": figures, **extra}


# --- report ----------------------------------------------------------------------------------

def chromium_version():
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout
        return out.strip().splitlines()[-1] if out.strip() else "onbekend"
    except OSError:
        return "onbekend"


def package_version(name):
    try:
        return json.loads((ROOT / "node_modules" / name / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def machine():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    except (OSError, ValueError, IndexError):
        mem = None
    return {"arch": platform.machine(), "cores": os.cpu_count(), "cpu": cpu, "memory_gib": mem,
            "os": platform.platform(), "chromium": chromium_version(), "pyscript": package_version("@pyscript/core"),
            "pyodide": package_version("pyodide"), "python": platform.python_version()}


def ms(value):
    if value is None:
        return "–"
    if value >= 10_000:
        return f"{value / 1000:.1f} s".replace(".", ",")
    if abs(value) < 100:
        return f"{value:.1f} ms".replace(".", ",")
    return f"{value:,.0f} ms".replace(",", ".")


def fmt_summary(s, unit=ms):
    if not s:
        return "–"
    return f"{unit(s['median'])} ({unit(s['min'])}–{unit(s['max'])})"


def mb(value):
    if value is None:
        return "–"
    if value < 100_000:
        return f"{value / 1000:.1f} kB".replace(".", ",")
    return f"{value / 1_000_000:.2f} MB".replace(".", ",")


def nl(n):
    return f"{n:,}".replace(",", ".")


def ratio(a, b):
    return a / b if a is not None and b else None


def fr(value, digits=2):
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


def pct(value):
    return "–" if value is None else f"{value * 100:.0f}%"


def verdict(ok, how):
    return ("gehaald" if ok else "**niet gehaald**") + (f" ({how})" if how else "")


def analyse(startup, probe, quota, app_scale, probe_scale, full_chars, full_export_chars, count):
    """Every figure the page and the table need, and each target with met/unmet and by how much."""
    def fig(kind, visit, key):
        return summary([r[key] for r in startup[kind][visit]])

    f = {k: {v: {key: fig(k, v, key) for key in ("ready", "overview", "fcp", "bytes", "requests", "not_modified")}
             for v in ("cold", "warm")} for k in ("baseline", "app")}
    # ratios per run pair (same run, alternating) and of the medians
    def pair_ratios(visit, key):
        return summary([ratio(a[key], b["ready"]) for a, b in zip(startup["app"][visit], startup["baseline"][visit])])

    ratios = {visit: {"ready": pair_ratios(visit, "ready"), "overview": pair_ratios(visit, "overview"),
                      "ready_of_medians": ratio(f["app"][visit]["ready"]["median"], f["baseline"][visit]["ready"]["median"])}
              for visit in ("cold", "warm")}
    targets = []
    warm_ratio = ratios["warm"]["ready_of_medians"]
    targets.append(("Warm bezoek: app interactief ≤ 0,5 × warme baseline", f"{fr(warm_ratio)} ×",
                    warm_ratio is not None and warm_ratio <= 0.5,
                    f"{fr(warm_ratio / 0.5)} × te traag; {ms(f['app']['warm']['ready']['median'] - 0.5 * f['baseline']['warm']['ready']['median'])} boven het doel"
                    if warm_ratio and warm_ratio > 0.5 else ""))
    warm_overview = f["app"]["warm"]["overview"]["median"]
    targets.append(("Warm bezoek: overzicht zichtbaar ≤ 300 ms", ms(warm_overview), warm_overview <= 300,
                    f"{ms(warm_overview - 300)} te laat, {fr(warm_overview / 300, 1)} × het doel" if warm_overview > 300 else ""))
    cold_ratio = ratios["cold"]["ready_of_medians"]
    targets.append(("Koud bezoek: app interactief ≤ 1,0 × koude baseline", f"{fr(cold_ratio)} ×",
                    cold_ratio is not None and cold_ratio <= 1.0,
                    f"{ms(f['app']['cold']['ready']['median'] - f['baseline']['cold']['ready']['median'])} trager dan de baseline"
                    if cold_ratio and cold_ratio > 1.0 else ""))
    pf = probe_scale["figures"]
    af = app_scale["figures"]
    n_app = app_scale["trajectories"]
    limits = (("overview", "Overzicht tonen", 100), ("open", "Eén traject openen", 50), ("save", "Eén wijziging opslaan", 20),
              ("export", "Alles exporteren", 1000), ("import", "Alles terugzetten (import)", 2000))
    for key, label, limit in limits:
        value = pf[key]["median"] if pf.get(key) else None
        targets.append((f"{nl(count)} trajecten: {label.lower()} ≤ {nl(limit)} ms", ms(value), value is not None and value <= limit,
                        f"{ms(value - limit)} te traag, {fr(value / limit, 1)} × het doel" if value and value > limit else ""))
    need = full_chars * 2 / quota["bytes"]
    fits = app_scale["fit_without_index"]
    targets.append((f"{nl(count)} trajecten passen ruim in het localStorage-quotum", f"{pct(need)} van het quotum nodig",
                    need <= 0.8, f"er passen er maar {fits}; {nl(count)} hebben {fr(need, 1)} × het quotum nodig" if need > 0.8 else ""))
    return {"startup": f, "ratios": ratios, "targets": targets, "quota_need": need}


def markdown(res):
    a = res["analysis"]
    f = a["startup"]
    m = res["machine"]
    count = res["scale_count"]
    app_scale = res["scale_app"]
    probe_scale = res["scale_probe"]
    n_app = app_scale["trajectories"]
    runs = res["runs"]
    lines = []
    add = lines.append

    add("| | Kale PyScript-pagina (baseline) | Traject-app | app / baseline |")
    add("|---|---|---|---|")
    for visit, label in (("cold", "Koud"), ("warm", "Warm")):
        r = a["ratios"][visit]
        add(f"| {label}: interactief | {fmt_summary(f['baseline'][visit]['ready'])} | {fmt_summary(f['app'][visit]['ready'])} | "
            f"{fr(r['ready_of_medians'])} × (per run {fr(r['ready']['median'])}, {fr(r['ready']['min'])}–{fr(r['ready']['max'])}) |")
        add(f"| {label}: overzicht van de coach zichtbaar | – | {fmt_summary(f['app'][visit]['overview'])} | "
            f"{fr(r['overview']['median'])} × (t.o.v. baseline interactief) |")
        add(f"| {label}: eerste inhoud op het scherm (FCP) | {fmt_summary(f['baseline'][visit]['fcp'])} | {fmt_summary(f['app'][visit]['fcp'])} | |")
        add(f"| {label}: bytes over het netwerk | {fmt_summary(f['baseline'][visit]['bytes'], mb)} | {fmt_summary(f['app'][visit]['bytes'], mb)} | "
            f"{fr(ratio(f['app'][visit]['bytes']['median'], f['baseline'][visit]['bytes']['median']))} × |")
        add(f"| {label}: verzoeken (waarvan 304) | {fr(f['baseline'][visit]['requests']['median'], 0)} ({fr(f['baseline'][visit]['not_modified']['median'], 0)}) | "
            f"{fr(f['app'][visit]['requests']['median'], 0)} ({fr(f['app'][visit]['not_modified']['median'], 0)}) | |")
    startup_table = "\n".join(lines)

    lines = []
    add = lines.append
    add(f"| Handeling | Doel | {nl(count)} trajecten, app-code in het geheugen | {n_app} trajecten in de echte app (localStorage) |")
    add("|---|---|---|---|")
    pf, af = probe_scale["figures"], app_scale["figures"]
    rows = (("Starten met alle trajecten opgeslagen (warm)", None, None, "start"),
            ("Alle trajecten inlezen (App laden)", None, "load", None),
            ("Overzicht tonen", 100, "overview", "overview"), ("Eén traject openen", 50, "open", "open"),
            ("Eén wijziging opslaan (opdracht toevoegen)", 20, "save", "save"),
            ("Alles exporteren", 1000, "export", "export"), ("Alles terugzetten (import, samenvoegen)", 2000, "import", "import"))
    for label, limit, pkey, akey in rows:
        app_value = (ms(app_scale["start_warm"]["ready"]) + " (koud " + ms(app_scale["start_cold"]["ready"]) + ")"
                     if akey == "start" else fmt_summary(af.get(akey)) if akey else "–")
        add(f"| {label} | {nl(limit) + ' ms' if limit else '–'} | {fmt_summary(pf.get(pkey)) if pkey else '–'} | {app_value} |")
    if "save_service" in pf:
        add(f"| waarvan opslaan: de service (valideren, comprimeren, schrijven, teruglezen) | | "
            f"{fmt_summary(pf['save_service'])} | |")
        add(f"| waarvan opslaan: de gewijzigde delen van de pagina opnieuw tekenen | | {fmt_summary(pf['save_render'])} | |")
        add(f"| waarvan opslaan: tot het volgende frame (layout, schilderen, wachten op het beeldritme) | | "
            f"{fmt_summary(pf['save_frame_wait'])} | |")
    add(f"| waarvan import: bestand lezen en controleren | | {fmt_summary(pf['import_read'])} | "
        f"{fmt_summary(summary([s.get('read') for s in app_scale['samples']['import']]))} |")
    add(f"| waarvan import: wegschrijven, opnieuw inlezen, overzicht | | {fmt_summary(pf['import_write'])} | "
        f"{fmt_summary(summary([s.get('write') for s in app_scale['samples']['import']]))} |")
    scale_table = "\n".join(lines)

    lines = []
    add = lines.append
    add("| Doel | Gemeten | Oordeel |")
    add("|---|---|---|")
    for label, value, ok, how in a["targets"]:
        add(f"| {label} | {value} | {verdict(ok, how)} |")
    target_table = "\n".join(lines)

    q = res["quota"]
    same = q["ascii_chars"] == q["utf16_chars"]
    quota_lines = [
        f"- Gemeten quotum (schrijven tot `QuotaExceededError`): {nl(q['utf16_chars'])} tekens voor sleutels en waarden "
        f"samen, gerekend als UTF-16: {mb(q['bytes'])}"
        + ("; met alleen ASCII-tekst passen er evenveel tekens." if same else f"; met alleen ASCII-tekst {nl(q['ascii_chars'])} tekens."),
        f"- Eén gegenereerd traject is gemiddeld {nl(res['per_trajectory_chars'])} tekens; {nl(count)} trajecten samen "
        f"{nl(res['full_chars'])} tekens = {pct(a['quota_need'])} van het quotum.",
        (f"- Let op: de gegenereerde notities zijn zinnen uit een kleine voorraad en comprimeren veel beter dan echte "
         f"notities. Met notities die comprimeren zoals gewoon Nederlands proza (de tekst van deze gids: "
         f"{fr(res['prose_estimate']['prose_ratio'], 1)} ×) wordt het ongeveer {nl(res['prose_estimate']['per_trajectory'])} "
         f"tekens per traject, {nl(count)} samen {pct(res['prose_estimate']['chars'] / q['utf16_chars'])} van het quotum."
         if res.get("prose_estimate") else "- (geen schatting met echte tekst)"),
        f"- Er passen {app_scale['fit_without_index']} trajecten; de app is gemeten met {n_app} "
        f"(zoveel als passen met {nl(HEADROOM_CHARS)} tekens ruimte voor de gemeten wijzigingen). Dat gebruikt "
        f"{pct(app_scale['storage']['chars'] * 2 / q['bytes'])} van het quotum.",
        f"- Een export van alle {nl(count)} trajecten is {nl(res['full_export_chars'])} tekens"
        + (f"; de app weigert dat bestand bij het importeren: „{probe_scale['import_refused']}”."
           if probe_scale.get("import_refused") else "; de app kan het importeren."),
    ]

    pr = res["probe_startup"]
    breakdown = []
    if pr:
        def step(a_key, b_key):
            return med([p[b_key] - p[a_key] for p in pr])
        breakdown = [
            ("PyScript en Pyodide laden tot Python start", med([p["py_start"] for p in pr])),
            ("`import traject` (domeinpakket)", step("py_start", "import_traject")),
            ("`import webapp.main` (browserlaag, alle schermen)", step("import_traject", "import_webapp")),
            (f"`App()`: localStorage lezen en {pr[0]['trajectories']} trajecten controleren", step("import_webapp", "app_load")),
            ("overzicht opbouwen (HTML)", step("app_load", "overview_markup")),
            ("overzicht in de pagina zetten", step("overview_markup", "overview_dom")),
            ("waarvan in `App()`: alle trajecten decoderen", med([p["again_decode_all"] for p in pr])),
            ("waarvan in `App()`: `unreadable_entries()` (decodeert alles nog eens)", med([p["again_unreadable_entries"] for p in pr])),
        ]
    stages = res["stages"]
    stage_lines = []
    for visit in ("cold", "warm"):
        for kind in ("baseline", "app"):
            st = stages[kind][visit]
            stage_lines.append(f"| {('Koud' if visit == 'cold' else 'Warm')}, {kind} | "
                               + " | ".join(ms(st.get(key)) for key, _ in STAGES) + " |")
    files = res["waterfall"]

    waterfall_lines = ["| Bestand | koud: bytes | koud: klaar na | warm: bytes | warm: klaar na |", "|---|---|---|---|---|"]
    for name, w in files.items():
        waterfall_lines.append(f"| `{name}` | {mb(w['cold_bytes'])} | {ms(w['cold_end'])} | {mb(w['warm_bytes'])} | {ms(w['warm_end'])} |")

    notes = res["notes"]
    return TEMPLATE.format(
        date=res["date"], arch=m["arch"], cores=m["cores"], cpu=m["cpu"] or "?", mem=m["memory_gib"], chromium=m["chromium"],
        pyscript=m["pyscript"], pyodide=m["pyodide"], runs=runs, start_count=res["start_count"], count=count, count_nl=nl(count),
        load=res["load"], settle=res["settle_ms"],
        startup_table=startup_table, target_table=target_table, scale_table=scale_table,
        quota="\n".join(quota_lines),
        breakdown="\n".join(f"| {label} | {ms(value)} |" for label, value in breakdown) or "| – | – |",
        stage_head=" | ".join(label for _, label in STAGES), stage_sep="|".join(["---"] * (len(STAGES) + 1)),
        stages="\n".join(stage_lines), waterfall="\n".join(waterfall_lines),
        notes="\n".join(f"- {n}" for n in notes) or "- Alle doelen gehaald.",
        duration=fr(res["duration_s"] / 60, 1), wasm_note=wasm_note(res),
        snapshot_size=mb(res.get("snapshot_bytes")), snapshot_runs=snapshot_runs(res),
    ).replace(" ,", ",")


STAGES = (("Loading interpreter", "PyScript begint Pyodide te laden"),
          ("traject:snapshot-read", "snapshot gelezen"),
          ("wasm_done", "wasm geïnstantieerd"),
          ("Loaded interpreter", "Python-interpreter klaar"),
          ("Loaded Pyodide", "PyScript begint zijn eigen Python"),
          ("traject:app-start", "`main.py` van de app begint"),
          ("ready", "interactief"),
          ("traject:data-loaded", "alle gegevens gelezen"))

TEMPLATE = """# Prestaties

Deze pagina wordt door `make bench` gemaakt (`bench/run.py`): elke keer helemaal opnieuw, met de
cijfers van die ene meting. Met de hand bijwerken heeft dus geen zin; de tekst staat in
`bench/run.py`.

**Gemeten op {date}** — {arch}, {cores} kernen ({cpu}), {mem} GiB geheugen, {chromium}
(headless), PyScript {pyscript} met Pyodide {pyodide} uit de eigen site. Systeembelasting bij de
start van de meting: {load}. De meting duurde {duration} minuten.

## Hoe er gemeten wordt

- `make bench` bouwt de site en zet hem op een vrije poort op 127.0.0.1 (`tools/serve.py`), met
  een kale PyScript-pagina ernaast (`bench/baseline/`): dezelfde PyScript- en Pyodide-versie
  als de app, zoals npm ze levert en zonder enige optimalisatie (de hele standaardbibliotheek
  van Pyodide, als broncode), die één `print` uitvoert. Dat is de **baseline**. Alleen de
  standaardbibliotheek verschilt van wat de app krijgt: de app laadt een ingekorte, vooraf
  gecompileerde versie (zie *Eerste bezoek over een echt netwerk*).
- Headless Chromium bezoekt afwisselend de baseline en de app ({runs} keer elk, in dezelfde
  meting). Elk bezoekpaar begint met een **nieuw browserprofiel** (lege HTTP-cache, lege
  code-cache): dat is het **koude** bezoek. Daarna opent een nieuw tabblad in hetzelfde profiel
  dezelfde pagina: het **warme** bezoek. Tussen de bezoeken blijft de pagina {settle} ms open,
  zodat de browser zijn caches kan vullen zoals bij echt gebruik.
- Bij de app staan {start_count} gegenereerde trajecten in localStorage (een lopende praktijk),
  zodat het *eigen overzicht* van de coach wordt getoond en niet het welkomstscherm.
- Tijden zijn gemeten in de pagina (`performance.now()`, vanaf het begin van de navigatie):
  **interactief** = het moment dat `data-app-ready="true"` (app) of `data-baseline-ready`
  (baseline) op `<html>` verschijnt; **overzicht zichtbaar** = het eerste frame nadat het
  overzicht in de pagina staat (`#view` zichtbaar met inhoud, of de markering
  `data-overview-painted`, wat het eerst komt).
- **Bytes** zijn wat over het netwerk ging (inclusief headers); antwoorden uit de cache van de
  browser of van de service worker tellen als 0, een `304 Not Modified` telt alleen zijn headers.
  De server stuurt `Cache-Control: no-cache`. De app registreert na het koude bezoek haar
  service worker; die vult zijn cache in de {settle} ms dat de pagina openblijft, dus het warme
  bezoek komt uit die cache (de baseline heeft geen service worker en controleert elk bestand
  opnieuw). Het warme bezoek toont ook de momentopname van het overzicht die het koude bezoek
  bewaarde.
- Doelen zijn verhoudingen binnen één meting; absolute tijden zijn alleen een indicatie (de
  machine deed tijdens de meting mogelijk ook andere dingen).
- **Schaal**: `bench/generate.py` maakt met het domeinpakket zelf {count} realistische
  trajecten (10 sessies, notities van 1–2 kB per gehouden sessie, sessiecheck, twee SMART-doelen
  met scores, huiswerk, ingevulde formulieren; 65% afgerond, 25% lopend, de rest gepauzeerd of
  vroeg afgesloten) en slaat ze op met dezelfde `KeyValueRepository` als de app. Zoveel als
  er passen gaan in localStorage en daarop wordt de echte app gemeten via de knoppen en
  formulieren. Omdat ze niet alle {count} passen, meet een meetpagina (`bench/probe/`) dezelfde
  code van de app in de browser met alle {count} in het geheugen (een `DictStore` in plaats van
  localStorage). Elke tijd loopt tot het eerste frame na het werk (dus inclusief het zetten van
  de HTML), behalve exporteren (tot de download wordt aangeboden).

## Doelen

{target_table}

### Wat niet gehaald is, en waarom

{notes}

### Wat er gedaan is

1. **Geheugen-snapshot van Pyodide** (`tools/make_snapshot.mjs`, `app/pyodide-loader.mjs`): bij
   het bouwen start Node de Pyodide die de site meelevert, importeert alle modules van de app
   (en wat de Python-modules van PyScript importeren), laadt de berichtencatalogus en schrijft
   het geheugen weg ({snapshot_size} gzip). De app-pagina start Pyodide daaruit
   (`loadPyodide({{_loadSnapshot}})`): het opstarten van CPython en alle imports van de app
   vallen weg, en `python.zip` hoeft niet meer opgehaald en uitgepakt te worden. Alleen uit de
   cache van de service worker (die hem uitgepakt bewaart): een eerste bezoek start gewoon en
   haalt hem niet op (zie *Eerste bezoek over een echt netwerk*). De pagina laadt de loader als
   `async` module bovenaan `<head>`, zodat de snapshot gelezen wordt, het wasm-bestand
   compileert en Pyodides JS-module laadt terwijl PyScript zelf nog laadt. In deze meting
   startte de app {snapshot_runs} uit de snapshot (de koude bezoeken zijn eerste bezoeken).
2. **Overzicht vóór Python**: na elke weergave van het overzicht (`#/`, zonder filter) bewaart
   Python de HTML in localStorage (`traject:snapshot`, met versie, build-id, datum en een
   vingerafdruk van alle opgeslagen gegevens). `boot.js` zet die bij het volgende bezoek meteen
   in `#view`, alleen-lezen (`inert`, met „App wordt geladen…”), en markeert
   `<html data-overview-painted>`. Een wijziging van de gegevens werkt de momentopname kort
   daarna bij; verwijderen haalt hem meteen weg. Een andere build wordt niet getoond.
3. **Het getoonde overzicht houden**: kloppen datum en vingerafdruk, dan tekent Python het
   overzicht niet opnieuw en leest het de gegevens pas direct nadat de app interactief is
   (*alle gegevens gelezen* in de tabel met momenten hieronder); elke handler leest ze eerst als
   dat nog niet gebeurd is. Bij {start_count} trajecten scheelt dat het lezen en controleren van
   alles en het tekenen van het overzicht vóór *interactief*; bij 1.000 trajecten veel meer.
4. **Service worker** (`sw.js` in de root van de site): zet na het eerste bezoek de hele site
   (gids, app, PyScript en Pyodide) in een cache met de build-hash in de naam (een hash van alle
   bestanden, berekend door de bouwhook). Cache-first: alles in de cache hoort bij één build en
   wordt als geheel vervangen, zodat een pagina nooit twee versies van app en runtime mengt
   (de snapshot moet bij zijn Pyodide passen); of er een nieuwe build is, ziet de browser aan
   `sw.js` zelf, die hij bij elke navigatie opnieuw ophaalt (`updateViaCache: "none"`). Na een
   deploy draait het eerste bezoek nog de oude build en installeert de nieuwe; het volgende
   bezoek draait de nieuwe, en de oude cache is dan weg. Network-first zou bij elk bezoek weer op
   het netwerk wachten (op een trage verbinding juist het probleem) en offline pas na een
   time-out werken. De service worker wordt pas geregistreerd als de app klaar is, zodat het
   vullen van de cache het eerste bezoek niet vertraagt.
5. **Opslag gecomprimeerd** (`traject/storage_codec.py`): elk traject wordt als zlib-gecomprimeerde
   JSON opgeslagen, 15 bits per teken (U+0800–U+87FF: geen stuurtekens, geen surrogaten), met
   het voorvoegsel `z1:`. Dat is 2,5 × zo compact als base64. Gewone JSON (oudere gegevens) laadt
   nog steeds; het exportformaat is ongewijzigd.
6. **`App()` leest alles één keer**: de repository onthoudt per sleutel de tekst die hij net
   decodeerde of schreef, dus `unreadable_entries()` en de revisiecontrole bij opslaan hoeven
   niets opnieuw te decoderen.
7. **Opslaan**: geen `deepcopy` en geen terug-decoderen meer; de teruggelezen tekst wordt
   vergeleken met de geschreven tekst. Daarna vervangt de trajectpagina alleen de delen
   (`data-part`) waarvan de HTML veranderde of die de coach net gebruikte; tijdlijn en doelen
   worden alleen opnieuw opgebouwd als hun gegevens veranderden. De meetpagina opent het
   traject eerst (niet gemeten), zoals de coach het ook op het scherm heeft als hij opslaat.
8. **Export** als bytes (`Uint8Array`) naar de `Blob`; **import** schrijft alles met één
   indexupdate (`save_many`), valideert niet opnieuw wat de import net controleerde, en
   `reload()` neemt de geïmporteerde objecten over zonder te decoderen. Het bestand wordt als
   bytes gelezen (`arrayBuffer`) in plaats van `file.text()`. De importgrens is 40 miljoen
   tekens: een volledige backup van 1.000 trajecten past.
9. **Overzicht bij veel trajecten**: de eerste 50 kaarten en 50 acties, de rest achter
   „Toon meer”.

### Gemeten en niet gedaan

1. **Voorgecompileerde bytecode bij een warme start**: met de snapshot zijn alle modules van de
   app al geïmporteerd, dus er valt niets meer te compileren. Alleen de veertien Python-modules
   van PyScript zelf worden bij elke start gecompileerd; dat kost onder Node 15 ms in totaal, te
   weinig voor een bouwstap die de bronnen uit PyScripts JavaScript moet halen. (Bij een start
   zonder snapshot, elk eerste bezoek, scheelt bytecode wél veel; die staat dus in beide
   Python-archieven, zie *Eerste bezoek over een echt netwerk*.)
2. **De snapshot gzip-gecomprimeerd in de cache laten**: uitpakken kostte bij elke warme start
   130–290 ms, de uitgepakte 28 MB lezen 50–90 ms.
3. **IndexedDB** in plaats van localStorage (quotum in gigabytes in plaats van 5 miljoen tekens):
   met echte notities is 1.000 trajecten krap (zie localStorage hieronder).
4. **De snapshot ook bij een eerste bezoek** ophalen: 6,8 MB extra vóór de app klaar is; zelfs
   bij 20 Mbit/s kost dat meer (± 2,7 s) dan het starten van CPython en de imports van de app.

## Opstarten: baseline en app

Mediaan (min–max) over {runs} runs.

{startup_table}

### Waar de opstarttijd heen gaat

Momenten (mediaan, ms vanaf de navigatie) waarop PyScript zijn voortgang meldt:

| | {stage_head} |
|{stage_sep}|
{stages}

{wasm_note}

De grootste bestanden van de app (mediaan; *klaar na* = ms vanaf de navigatie tot het laatste
byte binnen was):

{waterfall}

De eigen Python-code van de app, stap voor stap, op een gewone start zonder snapshot (meetpagina
`bench/probe/`, warm, {start_count} trajecten opgeslagen, mediaan). Met de snapshot vallen de twee
imports weg; `App()` en het overzicht blijven:

| Stap | Tijd |
|---|---|
{breakdown}

## Schaal: {count_nl} trajecten

Mediaan (min–max).

{scale_table}

### localStorage

{quota}
"""


def snapshot_runs(res):
    """How many of the app's start-ups in this run used the memory snapshot, in words."""
    visits = [v for visit in ("cold", "warm") for v in res["startup"]["app"][visit]]
    used = sum(1 for v in visits if v.get("python_start") == "snapshot")
    return "bij alle " + str(used) + " bezoeken" if used == len(visits) else f"bij {used} van de {len(visits)} bezoeken"


def wasm_note(res):
    st = res["stages"]
    parts = [f"{'koud' if visit == 'cold' else 'warm'} {ms(st[kind][visit]['wasm_compile'])} ({kind})"
             for visit in ("cold", "warm") for kind in ("baseline", "app")]
    return ("`WebAssembly.instantiateStreaming` van `pyodide.asm.wasm` (mediaan; bij de app is de module dan al "
            "gecompileerd, want de loader compileert hem terwijl de snapshot binnenkomt): " + ", ".join(parts) + ". "
            "Na het instantiëren start Pyodide in de baseline de Python-interpreter (de standaardbibliotheek uit "
            "`python_stdlib.zip`, de modules van Pyodide); de app zet in plaats daarvan het geheugen uit de snapshot "
            "terug. Daarna laden beide de Python-modules van PyScript zelf.")


def stage_medians(visits):
    out = {}
    for key, _ in STAGES:
        if key in ("wasm_done", "ready"):
            out[key] = med([v[key] for v in visits])
        elif key.startswith("traject:"):
            out[key] = med([v.get("perf_marks", {}).get(key) for v in visits])
        else:
            out[key] = med([next((t for d, t in v["progress"] if d == key), None) for v in visits])
    out["wasm_compile"] = med([v["wasm_done"] - v["wasm_start"] for v in visits if v.get("wasm_done")])
    return out


def waterfall(startup):
    files = {}
    for visit in ("cold", "warm"):
        for run in startup["app"][visit]:
            for r in run["resources"]:
                name = r["name"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
                entry = files.setdefault(name, {"cold_bytes": [], "cold_end": [], "warm_bytes": [], "warm_end": []})
                entry[visit + "_bytes"].append(r["transfer"])
                entry[visit + "_end"].append(r["end"])
    out = {name: {k: med(v) for k, v in e.items()} for name, e in files.items()}
    top = sorted(out.items(), key=lambda kv: -(kv[1]["cold_bytes"] or 0))[:8]
    return dict(top)


def notes_for(res):
    """Why each unmet target is unmet, from the measured figures."""
    a = res["analysis"]
    f = a["startup"]
    st = res["stages"]
    pf = res["scale_probe"]["figures"]
    count = nl(res["scale_count"])
    notes = []
    for label, value, ok, how in a["targets"]:
        if ok:
            continue
        if label.startswith("Warm bezoek: app"):
            b, w = st["baseline"]["warm"], st["app"]["warm"]
            notes.append(f"**{label}** — {how}. De app start uit de geheugen-snapshot: de snapshot is gelezen na "
                         f"{ms(w.get('traject:snapshot-read'))}, het wasm-bestand geïnstantieerd na {ms(w['wasm_done'])}, "
                         f"de interpreter klaar na {ms(w['Loaded interpreter'])} (baseline {ms(b['Loaded interpreter'])}), "
                         f"de eigen `main.py` begint na {ms(w.get('traject:app-start'))} en de app is interactief na "
                         f"{ms(w['ready'])}. Het doel is {ms(0.5 * f['baseline']['warm']['ready']['median'])}.")
        elif label.startswith("Warm bezoek: overzicht"):
            notes.append(f"**{label}** — {how}. `boot.js` zet de momentopname van het overzicht neer vóór Python "
                         f"(`data-overview-painted`); de eerste inhoud staat er na {ms(f['app']['warm']['fcp']['median'])}. "
                         "Kwam de momentopname niet in beeld, dan ontbrak hij (nog) in localStorage.")
        elif label.startswith("Koud"):
            extra = f["app"]["cold"]["ready"]["median"] - f["baseline"]["cold"]["ready"]["median"]
            extra_bytes = f["app"]["cold"]["bytes"]["median"] - f["baseline"]["cold"]["bytes"]["median"]
            c = st["app"]["cold"]
            notes.append(f"**{label}** — {how}. De app haalt {mb(extra_bytes)} meer op dan de baseline (vooral de "
                         f"snapshot); die is gelezen en uitgepakt na {ms(c.get('traject:snapshot-read'))}, de eigen "
                         f"`main.py` begint na {ms(c.get('traject:app-start'))}. Het verschil tussen de runs is groot "
                         "(zie min–max).")
        elif label.endswith("overzicht tonen ≤ 100 ms"):
            notes.append(f"**{label}** — {how}. Python maakt de HTML in {ms(pf['overview_markup']['median'])} "
                         "(de eerste 50 kaarten en acties, de rest achter „Toon meer”); de rest is de browser.")
        elif label.endswith("wijziging opslaan ≤ 20 ms"):
            notes.append(f"**{label}** — {how}. Gemeten op de trajectpagina van dat traject: het opslaan "
                         "(valideren, comprimeren, schrijven, de teruggelezen tekst vergelijken) en daarna alleen de "
                         "gewijzigde delen van de pagina vervangen"
                         + (f": de service kost {ms(pf['save_service']['median'])}, opnieuw tekenen "
                            f"{ms(pf['save_render']['median'])}; de rest ({ms(pf['save_frame_wait']['median'])}) is de "
                            "browser tot het volgende frame, waarin ook het wachten op het beeldritme (60 Hz: 0 tot "
                            "16,7 ms) zit" if "save_service" in pf else "") + ".")
        elif label.endswith("alles exporteren ≤ 1.000 ms"):
            ex = res["scale_probe"]["samples"]["export"][-1]
            notes.append(f"**{label}** — {how}. Het exportbestand maken (`export_backup` + `dumps`, "
                         f"{nl(ex['chars'])} tekens) kost {ms(ex['build_ms'])}; `download()` geeft de bytes als "
                         "`Uint8Array` aan de `Blob`.")
        elif "import" in label:
            fin = res["scale_probe"]["samples"]["import"][-1]
            notes.append(f"**{label}** — {how}. Lezen en controleren (JSON lezen en elk traject valideren) kost "
                         f"{ms(pf['import_read']['median'])}; wegschrijven {ms(pf['import_write']['median'])} "
                         "(`save_many`: elk traject naar JSON, comprimeren en schrijven, de index één keer; daarna "
                         "neemt `reload()` de geïmporteerde objecten over zonder te decoderen, en volgt het overzicht). "
                         "Wat overblijft is vooral het valideren en (de)serialiseren van 30 miljoen tekens JSON in Python.")
        elif "localStorage" in label:
            notes.append(f"**{label}** — {how}. Eén traject met tien sessies notities is gecomprimeerd gemiddeld "
                         f"{nl(res['per_trajectory_chars'])} tekens; localStorage van Chromium houdt "
                         f"{nl(res['quota']['utf16_chars'])} tekens per site.")
        else:
            notes.append(f"**{label}** — {how}. Gemeten met de code van de app in de browser met alle trajecten in het "
                         "geheugen.")
    refused = res["scale_probe"].get("import_refused")
    if refused:
        notes.append(f"**Een volledige backup terugzetten** — een export van {count} trajecten is "
                     f"{nl(res['full_export_chars'])} tekens en de app weigert dat bestand bij het importeren („{refused}”). "
                     "De importtijd in de tabel is gemeten met dezelfde code zonder die grens.")
    return notes


def prose_estimate(data, count):
    """The generated notes are sentences from a small pool and compress far better than real
    notes. Estimate the stored size with real Dutch prose instead: every note field is
    replaced by a piece of the same length of the guide's own text (docs/), and the entry is
    stored with the same codec."""
    import zlib
    from traject import storage_codec
    prose = " ".join(f.read_text(encoding="utf-8") for f in sorted((ROOT / "docs").rglob("*.md")))
    chunk = 15_000
    raw = prose.encode()
    ratios = [len(raw[i:i + chunk]) / len(zlib.compress(raw[i:i + chunk])) for i in range(0, len(raw) - chunk, chunk)]
    offset, total = 0, 0
    for key, value in data.items():
        if not key.startswith(generate.PREFIX + "t:"):
            total += len(key) + len(value)
            continue
        entry = json.loads(storage_codec.decode(value))
        for session in entry["trajectory"]["sessions"]:
            for field, text in (session.get("notes") or {}).items():
                if isinstance(text, str) and text:
                    offset = (offset + 7919) % (len(prose) - len(text))
                    session["notes"][field] = prose[offset:offset + len(text)]
        total += len(key) + len(storage_codec.encode_json(entry))
    return {"prose_ratio": statistics.mean(ratios), "chars": total, "per_trajectory": total // count}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up runs per page (default 5)")
    parser.add_argument("--count", type=int, default=1000, help="generated trajectories for the scale part")
    parser.add_argument("--start-count", type=int, default=20, help="trajectories in storage during the start-up runs")
    parser.add_argument("--settle-ms", type=int, default=2000, help="time a page stays open after it is ready")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the documentation page")
    parser.add_argument("--report-only", action="store_true",
                        help="only rewrite the page (and table) from the raw figures in bench/results.json")
    parser.add_argument("--network-runs", type=int, default=3, help="first visits per page and network profile")
    parser.add_argument("--network-only", action="store_true",
                        help="only measure the first visit on an emulated network (other figures from results.json)")
    args = parser.parse_args()
    if args.report_only or args.network_only:
        res = json.loads(RESULTS.read_text(encoding="utf-8"))
        if args.network_only:
            res["network"] = network_part(args.network_runs)
        finish(res, args.no_docs)
        return
    if not (SITE / "app" / "index.html").exists():
        sys.exit("site/ is not built: run 'make bench' (or 'make build' first)")
    began = time.monotonic()
    load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()).replace(".", ",")
    log(f"generating {args.count} trajectories ...")
    data, ids = generate.generate(args.count)
    full_chars = sum(len(k) + len(v) for k, v in data.items())
    prose = prose_estimate(data, args.count)
    from traject.backup import dumps, export_backup
    repo = generate.KeyValueRepository(generate.DictStore(data), prefix=generate.PREFIX)
    full_export_chars = len(dumps(export_backup(repo.list_all(), [], None, exported_at="2026-01-01T10:00:00+01:00")))
    start_data, start_ids = generate.generate(args.start_count, seed=7)

    with tempfile.TemporaryDirectory(prefix="traject-bench-") as tmp:
        root = bench_site(tmp)
        shutil.copytree(BENCH / "probe", root / "bench-probe")
        (root / "bench-probe" / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        server, base = start_in_thread(root)
        try:
            with sync_playwright() as pw:
                log("measuring the localStorage quota ...")
                quota = measure_quota(pw, base)
                log(f"start-up: {args.runs} runs each, alternating baseline and app ...")
                startup = startup_runs(pw, base, args.runs, start_data, start_ids, args.settle_ms)
                log("start-up breakdown of the app's own Python (probe page) ...")
                probe = probe_startup(pw, base, 3, start_data, start_ids, args.settle_ms)
                log(f"scale: the real app on as many of {args.count} trajectories as fit ...")
                app_scale = scale_app(pw, base, data, ids, repeats=args.runs, heavy_repeats=3,
                                      settle_ms=args.settle_ms, workdir=tmp)
                log(f"scale: all {args.count} trajectories in memory (probe page) ...")
                probe_scale = scale_probe(pw, base, ids, repeats=args.runs, heavy_repeats=3)
                log("the vault: unlock, open, save with and without it (probe page) ...")
                vault_samples = vault_bench.measure(pw, base, ids, open_scale_probe, SCALE_CALL)
        finally:
            server.shutdown()

    res = {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(), "load": load, "runs": args.runs, "settle_ms": args.settle_ms,
        "start_count": args.start_count, "scale_count": args.count,
        "snapshot_bytes": (SITE / "app" / "python.snapshot.gz").stat().st_size,
        "full_chars": full_chars, "per_trajectory_chars": full_chars // args.count,
        "full_export_chars": full_export_chars, "prose_estimate": prose,
        "quota": quota, "startup": startup, "probe_startup": probe,
        "scale_app": app_scale, "scale_probe": probe_scale,
        "vault": {"samples": vault_samples, "figures": vault_bench.figures(vault_samples)},
    }
    res["duration_s"] = time.monotonic() - began
    res["network"] = network_part(args.network_runs)
    finish(res, args.no_docs)


def bench_site(tmp):
    """The built site (linked, not copied) with the reference pages beside it, in ``tmp``:

    * ``bench-baseline/``: the bare PyScript page on Pyodide exactly as npm ships it
      (``bench-runtime/pyodide/``: the same files as the app's runtime except the standard
      library, which is Pyodide's own: whole, and as source). That is what a PyScript page
      gets without the work of issue 18, so it is the baseline of every ratio.
    * ``bench-baseline-app-runtime/``: the same page on the app's own runtime (trimmed,
      precompiled standard library), for the network part: it shows what the runtime work
      gives any page, apart from what the app does on top of it.
    """
    from precompress import is_compressed_copy, write_compressed

    root = Path(tmp) / "site"
    root.mkdir()
    for entry in SITE.iterdir():
        (root / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
    stock = root / "bench-runtime" / "pyodide"
    stock.mkdir(parents=True)
    for path in (SITE / "runtime" / "pyodide").iterdir():
        if not path.name.startswith("python_stdlib.zip") and not is_compressed_copy(path):
            (stock / path.name).symlink_to(path.resolve())
    shutil.copyfile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip", stock / "python_stdlib.zip")
    write_compressed(stock)  # as the build does for the app (from its cache: the same files)
    shutil.copytree(BENCH / "baseline", root / "bench-baseline")
    variant = root / "bench-baseline-app-runtime"
    shutil.copytree(BENCH / "baseline", variant)
    (variant / "pyscript.json").write_text(json.dumps({"interpreter": "../runtime/pyodide/pyodide.mjs"}), encoding="utf-8")
    return root


def network_part(runs):
    """First visits on an emulated network (bench/network.py), app and baseline, with and
    without the precompressed copies; returns the raw visits with date, machine and load."""
    load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()).replace(".", ",")
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="traject-bench-net-") as tmp:
        root = bench_site(tmp)
        packed, packed_base = start_in_thread(root)
        plain, plain_base = start_in_thread(root, compress=False)
        try:
            with sync_playwright() as pw:
                log(f"first visit on an emulated network: {runs} visits per page and profile ...")
                visits = network.measure(pw, launch, INIT_JS, READY_JS,
                                         {"compress": packed_base, "plain": plain_base}, runs, log)
        finally:
            packed.shutdown()
            plain.shutdown()
    return {"visits": visits, "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "machine": machine(), "load": load, "duration_s": time.monotonic() - began}


def finish(res, no_docs=False):
    """Derive every figure from the raw measurements, write results.json and the page, print it."""
    startup = res["startup"]
    res["analysis"] = analyse(startup, res["probe_startup"], res["quota"], res["scale_app"], res["scale_probe"],
                              res["full_chars"], res["full_export_chars"], res["scale_count"])
    res["stages"] = {kind: {visit: stage_medians(startup[kind][visit]) for visit in ("cold", "warm")}
                     for kind in ("baseline", "app")}
    res["waterfall"] = waterfall(startup)
    res["notes"] = notes_for(res)
    page = markdown(res)
    if res.get("network"):
        net = res["network"]
        m = net["machine"]
        line = (f"{m['arch']}, {m['cores']} kernen ({m['cpu']}), {m['memory_gib']} GiB geheugen, {m['chromium']} "
                f"(headless), PyScript {m['pyscript']} met Pyodide {m['pyodide']}")
        section = network.markdown(net["visits"], net["date"], line, net["load"])
        marker = "## Opstarten: baseline en app"
        page = page.replace(marker, section + "\n" + marker, 1) if marker in page else page + "\n" + section
    if res.get("vault"):
        page = vault_bench.splice(page, vault_bench.section({**res["vault"], "date": res["date"],
                                                             "machine": res["machine"], "load": res["load"]}))
    RESULTS.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    if not no_docs:
        DOC.write_text(page, encoding="utf-8")
    print(page)


if __name__ == "__main__":
    main()
