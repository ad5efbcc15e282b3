"""`make bench`, part 3: the first visit on an emulated network (issue 18).

Each visit uses a fresh browser profile (empty caches, no service worker, empty storage: a
colleague opening the shared link for the first time). Chromium's own network emulation
(DevTools protocol ``Network.emulateNetworkConditions``, plus ``Emulation.setCPUThrottlingRate``
for the mobile profile) slows the page down; the server is ``tools/serve.py`` on loopback, with
its precompressed copies on (``compress``) or off (``plain``). The app page and the bare
PyScript page (``bench/baseline``) alternate in one run. Per visit: the time from the start of
the navigation until the page is ready (``data-app-ready`` / ``data-baseline-ready`` and its
first frame, as measured in the page), and the bytes that went over the wire until then
(DevTools ``encodedDataLength``, headers included, requests still running counted as far as
they got).
"""

from __future__ import annotations

import statistics
import tempfile
import time

PROFILES = {
    # name: (download bit/s, upload bit/s, round trip ms, CPU slowdown)
    "wifi": (20_000_000, 5_000_000, 40, 1),
    "mobiel": (1_600_000, 750_000, 150, 4),
}
PROFILE_LABELS = {"wifi": "20 Mbit/s, 40 ms", "mobiel": "1,6 Mbit/s, 150 ms, CPU 4× trager"}
# Figures from issue 18, measured the same way before this work (time until ready, bytes).
BEFORE = {("wifi", "app"): (14.5, 30.1), ("wifi", "baseline"): (11.1, 13.7)}
BEFORE_MOBILE_NOTE = "Lighthouse (mobiel profiel) gaf vooraf: app interactief na ± 105 s, 20 MB."
TARGETS = {"wifi": 0.8, "mobiel": 0.6}
WIFI_BYTES_TARGET = 6_000_000
READY_TIMEOUT_MS = 600_000
WHY_NOT = (
    "**Waarom de tijddoelen (nog) niet zeker gehaald worden.** De kale PyScript-pagina gebruikt dezelfde runtime "
    "en dezelfde server als de app, dus ook de ingekorte standaardbibliotheek en de compressie: wat de app aan "
    "bytes won, won de baseline ook (vooraf 13,7 MB, nu 4,3 MB). Bij een eerste bezoek haalt de app nu precies dat "
    "op plus `python.zip` (0,1 MB) en niets meer: geen snapshot, geen tweede keer het wasm-bestand, geen service "
    "worker die ondertussen de site ophaalt (vooraf 30,1 MB, 2,2 × de baseline; nu 1,0 ×). Wat overblijft: de app "
    "begint Pyodide eerder te laden (de loader staat bovenaan `<head>`), maar doet daarna meer werk dan één "
    "`print` (CPython importeert de modules van de app, de app leest de opslag en tekent het eerste scherm). "
    "Alleen de snapshot slaat dat werk over, en die kost bij een eerste bezoek 6,8 MB extra (bij 20 Mbit/s ± 2,7 s, "
    "bij 1,6 Mbit/s ± 34 s), meer dan hij bespaart. De verhouding per bezoek liep in deze meting ver uiteen (zie de "
    "tabel): de gedeelde machine had een belasting ver boven het aantal kernen, zodat ook bij 20 Mbit/s de CPU en "
    "niet het netwerk de tijd bepaalde. Op een rustige machine zal de app bij een eerste bezoek ongeveer even snel "
    "klaar zijn als de kale pagina; 0,8 × en 0,6 × vragen minder Python-werk vóór *klaar* (de modules van de "
    "schermen pas laden als ze nodig zijn), niet minder bytes.")



class WireBytes:
    """Bytes over the wire for one page (DevTools protocol), readable at any moment."""

    def __init__(self, cdp):
        self.finished = {}
        self.partial = {}
        self.cached = set()
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", lambda p: self.cached.add(p["requestId"]))

    def _data(self, p):
        self.partial[p["requestId"]] = self.partial.get(p["requestId"], 0) + int(p.get("encodedDataLength") or 0)

    def _finished(self, p):
        self.finished[p["requestId"]] = int(p.get("encodedDataLength") or 0)

    def total(self):
        ids = set(self.finished) | set(self.partial)
        return sum(self.finished.get(i, self.partial.get(i, 0)) for i in ids if i not in self.cached)


def first_visit(pw, launch, init_js, ready_js, url, profile):
    """One first visit of ``url`` in a fresh profile under ``profile``; {ready_ms, bytes}."""
    down, up, rtt, cpu = PROFILES[profile]
    with tempfile.TemporaryDirectory(prefix="traject-bench-net-") as folder:
        context = launch(pw, folder)
        try:
            context.add_init_script(init_js)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            wire = WireBytes(cdp)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": rtt,
                                                           "downloadThroughput": down / 8, "uploadThroughput": up / 8})
            if cpu > 1:
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
            began = time.monotonic()
            page.goto(url, wait_until="commit", timeout=READY_TIMEOUT_MS)
            page.wait_for_function(ready_js, timeout=READY_TIMEOUT_MS, polling=50)
            wire_bytes = wire.total()
            marks = page.evaluate("() => window.__bench.marks")
            if marks.get("error"):
                raise RuntimeError(f"{url}: start-up failed: {marks['error']}")
            start = page.evaluate("() => document.documentElement.dataset.pythonStart || null")
            return {"ready_ms": marks.get("readyFrame") or marks.get("ready"), "bytes": wire_bytes,
                    "python_start": start, "wall_s": time.monotonic() - began}
        finally:
            context.close()


PAGES = {"baseline": "bench-baseline/", "runtime": "bench-baseline-app-runtime/", "app": "app/"}
PAGE_LABELS = {"baseline": "kale PyScript-pagina", "runtime": "kale pagina op de runtime van de app",
               "app": "Traject-app"}


def measure(pw, launch, init_js, ready_js, bases, runs, log):
    """All visits: {profile: {server: {page: [visit, ...]}}}; ``bases`` = {server: base URL}."""
    plan = [("wifi", "compress"), ("wifi", "plain"), ("mobiel", "compress")]
    out = {}
    for profile, server in plan:
        for run in range(runs):
            for page, path in PAGES.items():
                visit = first_visit(pw, launch, init_js, ready_js, bases[server] + path, profile)
                out.setdefault(profile, {}).setdefault(server, {}).setdefault(page, []).append(visit)
                log(f"  {profile:6s} {server:8s} run {run + 1}/{runs} {page:8s} ready {visit['ready_ms'] / 1000:6.1f} s"
                    f"  {visit['bytes'] / 1e6:5.1f} MB" + (f"  python {visit['python_start']}" if page == "app" else ""))
    return out


def _median(visits, key):
    return statistics.median(v[key] for v in visits)


def figures(network):
    """Medians and ratios per profile and server."""
    out = {}
    for profile, servers in network.items():
        for server, pages in servers.items():
            base = pages["baseline"]
            row = {page: {"ready_s": _median(v, "ready_ms") / 1000, "bytes": _median(v, "bytes"), "n": len(v),
                          "ready_all": [round(x["ready_ms"] / 1000, 1) for x in v],
                          "ratio": _median(v, "ready_ms") / _median(base, "ready_ms"),
                          "per_run": [a["ready_ms"] / b["ready_ms"] for a, b in zip(v, base)]}
                   for page, v in pages.items()}
            row["ratio"] = row["app"]["ratio"]
            row["per_run"] = row["app"]["per_run"]
            out.setdefault(profile, {})[server] = row
    return out


def _n(value, digits=1):
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def markdown(network, when, machine_line, load):
    """The section for docs/ontwikkelaars/prestaties.md (Dutch), with before and after."""
    f = figures(network)
    lines = ["## Eerste bezoek over een echt netwerk", "",
             f"**Gemeten op {when}** — {machine_line}. Systeembelasting bij de start: {load} (de machine "
             "werd gedeeld; vergelijk verhoudingen binnen één meting, niet absolute tijden).", "",
             "Elk bezoek met een nieuw browserprofiel (niets in een cache, geen service worker, lege opslag), "
             "netwerk en CPU vertraagd door Chromium zelf (DevTools-protocol), app en kale PyScript-pagina "
             "om en om in dezelfde meting; mediaan van "
             f"{f['wifi']['compress']['app']['n']} bezoeken per regel. *Klaar* = `data-app-ready` (app) of "
             "`data-baseline-ready` (baseline) plus het eerste frame; *bytes* = wat tot dan over de lijn ging, "
             "headers meegeteld. *Vooraf* = de meting uit issue 18 (zelfde opzet, zonder compressie).", "",
             "| Netwerk | Server | Pagina | Vooraf: bytes | Vooraf: klaar | Nu: bytes | Nu: klaar | app / baseline |",
             "|---|---|---|---|---|---|---|---|"]
    for profile in ("wifi", "mobiel"):
        for server in ("compress", "plain"):
            row = f.get(profile, {}).get(server)
            if not row:
                continue
            server_label = "gecomprimeerd (br)" if server == "compress" else "zonder compressie"
            for page in (p for p in PAGES if p in row):
                before = BEFORE.get((profile, page)) if server == "compress" else None
                old_bytes = f"{_n(before[1])} MB" if before else "–"
                old_time = f"{_n(before[0])} s" if before else "–"
                ratio = ""
                if page != "baseline":
                    ratio = (f"{_n(row[page]['ratio'], 2)} × (per bezoek "
                             f"{', '.join(_n(r, 2) for r in row[page]['per_run'])})")
                lines.append(f"| {PROFILE_LABELS[profile]} | {server_label} | "
                             f"{PAGE_LABELS[page]} | {old_bytes} | {old_time} | "
                             f"{_n(row[page]['bytes'] / 1e6)} MB | {_n(row[page]['ready_s'])} s | {ratio} |")
    lines += ["", BEFORE_MOBILE_NOTE, "", "Doelen (issue 18):", ""]
    wifi = f["wifi"]["compress"]
    lines.append(f"- 20 Mbit/s: app klaar in ≤ 0,8 × de tijd van de kale pagina: {_n(wifi['ratio'], 2)} × — "
                 f"{'gehaald' if wifi['ratio'] <= TARGETS['wifi'] else 'niet gehaald'}.")
    lines.append(f"- 20 Mbit/s: ≤ 6 MB tot klaar: {_n(wifi['app']['bytes'] / 1e6)} MB — "
                 f"{'gehaald' if wifi['app']['bytes'] <= WIFI_BYTES_TARGET else 'niet gehaald'}.")
    if "mobiel" in f:
        mob = f["mobiel"]["compress"]
        lines.append(f"- 1,6 Mbit/s: app klaar in ≤ 0,6 × de tijd van de kale pagina: {_n(mob['ratio'], 2)} × — "
                     f"{'gehaald' if mob['ratio'] <= TARGETS['mobiel'] else 'niet gehaald'}.")
    lines += ["", WHY_NOT]
    return "\n".join(lines) + "\n"
