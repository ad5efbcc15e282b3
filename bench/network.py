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
DONE = """**Wat er gedaan is** (issue 18), en wat elk opleverde:

1. **Bytecode in plaats van broncode** (`tools/compile_python.py`): Pyodide levert zijn
   standaardbibliotheek als broncode, dus bij elke start zonder snapshot compileerde CPython eerst
   zo'n 190 modules (Pyodide en PyScript importeren ze bij het starten), daarna die van de app.
   De build laat de meegeleverde Pyodide alles vooraf compileren. Van het wasm-bestand tot een
   werkende interpreter: ruim 1,5 s → 0,5 s op deze machine (zie *Waar de opstarttijd heen gaat*);
   gecomprimeerd even groot als de broncode.
   De regel *kale pagina op de runtime van de app* laat zien wat dat (met het inkorten) elke
   PyScript-pagina oplevert.
2. **Compressie**: `.br`/`.gz` naast elk groot bestand; `tools/serve.py` stuurt ze zoals een
   echte host (het wasm-bestand 9,6 → 2,7 MB).
3. **Eén keer het wasm-bestand, geen snapshot bij een eerste bezoek** (die kost 6,8 MB en wordt
   pas na *klaar* voor het volgende bezoek opgehaald), **service worker pas na klaar**.
4. **Alleen wat gebruikt wordt**: de standaardbibliotheek ingekort tot wat de app en PyScript
   kunnen bereiken (2,5 → 1,3 MB broncode), alleen de PyScript-bestanden die de pagina laadt.
5. **Vroeg beginnen**: de loader staat bovenaan `<head>` en vraagt de bestanden van een gewone
   start meteen op, terwijl PyScript zelf nog laadt; Pyodide en PyScript krijgen die antwoorden.
6. **Voortgang**: het laadscherm toont *x van y MB binnen* terwijl de bytes binnenkomen.

De **kale PyScript-pagina** is PyScript met Pyodide zoals npm ze levert, op dezelfde server (dus
ook gecomprimeerd): dezelfde versies en hetzelfde wasm-bestand als de app, met Pyodides eigen
standaardbibliotheek. Dat is wat een PyScript-pagina kost zonder het werk hierboven."""


def explain_gaps(f):
    """Dutch sentences on every time target that was not met: how far off, and the floor the
    bytes alone set (the time the line needs for them at zero CPU time)."""
    lines = []
    for profile in ("wifi", "mobiel"):
        row = f.get(profile, {}).get("compress")
        if not row or row["ratio"] <= TARGETS[profile]:
            continue
        down = PROFILES[profile][0]
        target_s = TARGETS[profile] * row["baseline"]["ready_s"]
        floor_s = row["app"]["bytes"] * 8 / down
        runtime_floor_s = row["runtime"]["bytes"] * 8 / down if "runtime" in row else None
        text = (f"**{PROFILE_LABELS[profile]}: {_n(row['ratio'], 2)} × in plaats van ≤ {_n(TARGETS[profile], 1)} ×.** "
                f"Het doel is klaar in {_n(target_s)} s; de app was klaar in {_n(row['app']['ready_s'])} s. "
                f"Alleen al de {_n(row['app']['bytes'] / 1e6, 2)} MB die de app tot klaar nodig heeft, duren op deze "
                f"lijn {_n(floor_s)} s, ook als de processor niets te doen had")
        if runtime_floor_s is not None:
            text += (f"; de kale pagina op dezelfde runtime heeft {_n(row['runtime']['bytes'] / 1e6, 2)} MB nodig "
                     f"({_n(runtime_floor_s)} s) en was klaar in {_n(row['runtime']['ready_s'])} s")
        text += (". Het wasm-bestand en de JavaScript van Pyodide (samen 2,95 MB gecomprimeerd) zijn daarvan het "
                 "grootste deel, en die zijn voor beide pagina's gelijk. ")
        tail_s = max(row["app"]["ready_s"] - floor_s, 0)
        allowed = max(target_s - tail_s, 0) * down / 8
        text += (f"Na die {_n(floor_s)} s bleef {_n(tail_s)} s rekenwerk over dat niet tegelijk met het downloaden "
                 "kan (het wasm-bestand afmaken, Python starten, de modules van de app laden, het eerste scherm "
                 f"tekenen). Met evenveel rekenwerk vraagt het doel hoogstens {_n(allowed / 1e6, 2)} MB, "
                 f"{_n((row['app']['bytes'] - allowed) / 1e6, 2)} MB minder dan nu")
        if "runtime" in row:
            text += f"; de runtime alleen (wat de kale pagina erop ophaalt) is al {_n(row['runtime']['bytes'] / 1e6, 2)} MB"
        text += ". "
        if floor_s > target_s or ("runtime" in row and row["runtime"]["bytes"] > allowed):
            text += ("Wat er nog te winnen valt (de standaardbibliotheek splitsen in wat vóór *klaar* nodig is en de "
                     "rest later, de schermen van de app pas laden als ze nodig zijn) is enkele honderden kB en wat "
                     "rekentijd (onder Node gemeten: 69% van de standaardbibliotheek wordt al vóór *klaar* "
                     "geïmporteerd, dus splitsen scheelt hoogstens ± 0,36 MB): niet genoeg voor dit doel. Het zou pas haalbaar zijn als de app al werkte voordat "
                     "Python draait.")
        lines.append(text)
    return lines


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
                try:
                    visit = first_visit(pw, launch, init_js, ready_js, bases[server] + path, profile)
                except Exception as exc:  # a renderer crash (seen once in many runs): measure again, say so
                    if "crashed" not in str(exc):
                        raise
                    log(f"  {profile:6s} {server:8s} run {run + 1}/{runs} {page:8s} the page crashed; measured again")
                    visit = first_visit(pw, launch, init_js, ready_js, bases[server] + path, profile)
                    visit["after_crash"] = True
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
             f"**Gemeten op {when}** — {machine_line}. Systeembelasting bij de start: {load} (vergelijk "
             "verhoudingen binnen één meting, niet absolute tijden).", "",
             "Elk bezoek met een nieuw browserprofiel (niets in een cache, geen service worker, lege opslag), "
             "netwerk en CPU vertraagd door Chromium zelf (DevTools-protocol), de drie pagina's "
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
    crashes = sum(v.get("after_crash", False) for servers in network.values() for pages in servers.values()
                  for visits in pages.values() for v in visits)
    if crashes:
        lines += ["", f"Bij {crashes} bezoek(en) liep het tabblad van Chromium vast („Target crashed”); dat bezoek "
                      "is opnieuw gemeten (in losse herhalingen kwam het niet terug)."]
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
    lines += ["", DONE, ""]
    gaps = explain_gaps(f)
    if gaps:
        lines += ["**Wat niet gehaald is, en waarom.**", ""] + gaps
    return "\n".join(lines) + "\n"
