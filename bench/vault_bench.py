"""The vault's part of `make bench`: unlock with 1,000 trajectories, open one, save an edit,
as ratios against the same steps without the vault in the same run (probe page, in memory).

Run on its own (the site must be built): ``.venv/bin/python bench/vault_bench.py``. It then
writes its section into docs/ontwikkelaars/prestaties.md (between the vault markers) and its
figures into bench/vault-results.json; `make bench` (bench/run.py) runs it as part of the
whole and writes the same section.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DOC = ROOT / "docs" / "ontwikkelaars" / "prestaties.md"
RESULTS = BENCH / "vault-results.json"
BEGIN, END = "<!-- vault:begin -->", "<!-- vault:end -->"
UNLOCK_TARGET_MS = 1000
RATIO_TARGET = 1.5

def _median(samples, key):
    return statistics.median(s[key] for s in samples)


def measure(pw, base, ids, open_probe, call, repeats=11):
    """Timings (ms) of the plain and the vault steps, alternating, on one probe page.
    ``open_probe(pw, base, profile)`` -> (context, page) and ``call`` (one timed step) are
    bench/run.py's."""
    samples = {name: [] for name in ("load", "vault_on", "vault_unlock", "open", "vault_open", "save", "vault_save")}
    with tempfile.TemporaryDirectory(prefix="traject-bench-vault-") as profile:
        context, page = open_probe(pw, base, profile)
        samples["load"].append(page.evaluate(call, ["load", None]))
        samples["vault_on"].append(page.evaluate(call, ["vault_on", None]))
        for _ in range(3):
            samples["load"].append(page.evaluate(call, ["load", None]))
            samples["vault_unlock"].append(page.evaluate(call, ["vault_unlock", None]))
        picks = [ids[(i * 7919) % len(ids)] for i in range(repeats)]
        for traj_id in picks:
            samples["open"].append(page.evaluate(call, ["open", traj_id]))
            samples["vault_open"].append(page.evaluate(call, ["vault_open", traj_id]))
        for traj_id in picks:
            page.evaluate(call, ["open", traj_id])
            samples["save"].append(page.evaluate(call, ["save", traj_id]))
            page.evaluate(call, ["vault_open", traj_id])
            samples["vault_save"].append(page.evaluate(call, ["vault_save", traj_id]))
        context.close()
    assert all(s["ok"] for s in samples["vault_save"]), "a vault save was not confirmed"
    return samples


def figures(samples):
    load = [s["ms"] for s in samples["load"][1:]]  # the first load also warms up the page
    unlock = samples["vault_unlock"]
    on = samples["vault_on"][0]
    return {
        "trajectories": unlock[0]["trajectories"],
        "load_ms": statistics.median(load),
        "unlock_ms": _median(unlock, "ms"),
        "unlock_kdf_ms": _median(unlock, "kdf_ms"),
        "unlock_decrypt_ms": _median(unlock, "decrypt_ms"),
        "unlock_load_ms": _median(unlock, "load_ms"),
        "turn_on_ms": on["ms"],
        "stored_ratio": on["chars"] / on["plain_chars"],
        "open_ms": _median(samples["open"], "frame_ms"),
        "vault_open_ms": _median(samples["vault_open"], "frame_ms"),
        "save_ms": _median(samples["save"], "frame_ms"),
        "vault_save_ms": _median(samples["vault_save"], "frame_ms"),
    }


def _n(value, digits=0):
    text = f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def section(res):
    """The performance page's section on the vault (Dutch), or "" without figures."""
    if not res:
        return ""
    f = res["figures"]
    unlock_ok = f["unlock_ms"] <= UNLOCK_TARGET_MS
    open_ratio, save_ratio = f["vault_open_ms"] / f["open_ms"], f["vault_save_ms"] / f["save_ms"]

    def verdict(ok):
        return "gehaald" if ok else "**niet gehaald**"

    m = res["machine"]
    where = f"{m['arch']}, {m['cores']} kernen ({m['cpu']}), {m['chromium'].split(' built')[0]}"
    first = float(str(res["load"]).split()[0].replace(",", "."))
    busy = (f"\n\n**Let op:** de machine was tijdens deze meting zwaar belast (belasting {_n(first, 1)} op "
            f"{m['cores']} kernen, gedeeld met andere processen). Absolute tijden zijn daardoor hoger dan op een "
            "rustige machine; de verhoudingen binnen de meting zijn betrouwbaarder."
            if m.get("cores") and first > m["cores"] else "")
    return f"""{BEGIN}
## De kluis

Gemeten op {res['date']} ({where}; systeembelasting bij de start: {res['load']}) op de
meetpagina (`bench/probe/`, `bench/vault_bench.py`), met alle {f['trajectories']} gegenereerde trajecten in
het geheugen, afwisselend zonder en met kluis in dezelfde pagina. Ontgrendelen is: de sleutel uit de
wachtwoordzin afleiden (PBKDF2-SHA-256, 600.000 herhalingen), de gegevenssleutel uitpakken, elk
opgeslagen item ontsleutelen en de app alles laten inlezen. Opslaan met kluis loopt tot het versleutelde
item is weggeschreven en teruggelezen (pas dan verschijnt „Opgeslagen”).

| Doel | Zonder kluis | Met kluis | Oordeel |
|---|---|---|---|
| Ontgrendelen met {f['trajectories']} trajecten ≤ 1 s | inlezen {_n(f['load_ms'])} ms | {_n(f['unlock_ms'])} ms ({_n(f['unlock_ms'] / f['load_ms'], 2)} × inlezen zonder kluis) | {verdict(unlock_ok)} |
| Eén traject openen ≤ 1,5 × zonder kluis | {_n(f['open_ms'], 1)} ms | {_n(f['vault_open_ms'], 1)} ms ({_n(open_ratio, 2)} ×) | {verdict(open_ratio <= RATIO_TARGET)} |
| Eén wijziging opslaan ≤ 1,5 × zonder kluis | {_n(f['save_ms'], 1)} ms | {_n(f['vault_save_ms'], 1)} ms ({_n(save_ratio, 2)} ×) | {verdict(save_ratio <= RATIO_TARGET)} |

Ontgrendelen in delen: sleutel afleiden en uitpakken {_n(f['unlock_kdf_ms'])} ms, alles ontsleutelen
{_n(f['unlock_decrypt_ms'])} ms, inlezen {_n(f['unlock_load_ms'])} ms. De kluis aanzetten (sleutels maken, alles versleutelen en
omzetten) kostte {_n(f['turn_on_ms'])} ms; versleuteld nemen de gegevens {_n(f['stored_ratio'], 2)} × zoveel
opslagruimte in (de al gecomprimeerde tekst wordt als UTF-16 versleuteld en 15 bits per teken opgeslagen).

Waarom zo: localStorage is synchroon, Web Crypto niet. Daarom ontsleutelt de app bij het ontgrendelen
alles in één keer naar het geheugen (één aanroep voor alle items), leest daarna uit het geheugen, en
versleutelt bij opslaan alleen het gewijzigde item (één AES-GCM-aanroep) voordat het wordt weggeschreven.
Het inlezen is goedkoper dan zonder kluis: AES-GCM weigert elk item dat na het versleutelen veranderde,
dus wat de kluis teruggeeft schreef de app zelf. De twee controles die alleen tegen vreemde tekst nodig
zijn (te diep geneste JSON, losse surrogaten; samen een achtste van het inlezen) slaat de lezer dan over;
alle andere blijven (`reader.read_json(authenticated=True)`). De afleiding van de sleutel is bewust
traag.{busy}
{END}
"""


def splice(page, text):
    """``page`` with the vault section replaced (or added at the end)."""
    if BEGIN in page and END in page:
        head, rest = page.split(BEGIN, 1)
        return head + text.strip("\n") + rest.split(END, 1)[1]
    return page.rstrip("\n") + "\n\n" + text


def write(res):
    RESULTS.write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
    text = section(res)
    DOC.write_text(splice(DOC.read_text(encoding="utf-8"), text), encoding="utf-8")
    print(text)


def main():
    if "--report-only" in sys.argv:  # the page's section again from bench/vault-results.json
        write(json.loads(RESULTS.read_text(encoding="utf-8")))
        return
    sys.path.insert(0, str(BENCH))
    import run  # the whole benchmark's helpers: site copy, server, browser

    data, ids = run.generate.generate(1000)
    with tempfile.TemporaryDirectory(prefix="traject-bench-") as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        for entry in run.SITE.iterdir():
            (root / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
        import shutil

        shutil.copytree(BENCH / "probe", root / "bench-probe")
        (root / "bench-probe" / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        server, base = run.start_in_thread(root)
        load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()).replace(".", ",")
        try:
            with run.sync_playwright() as pw:
                samples = measure(pw, base, ids, run.open_scale_probe, run.SCALE_CALL)
        finally:
            server.shutdown()
    res = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "machine": run.machine(),
           "load": load, "samples": samples, "figures": figures(samples)}
    write(res)


if __name__ == "__main__":
    main()
