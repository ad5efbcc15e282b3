"""Benchmark probe: the app's own modules, timed step by step (milliseconds, performance.now()).

Start-up mode (default): import the domain, import the browser layer, App() on localStorage
(read + decode every trajectory), render the overview, and publish the timings as JSON in
<html data-probe>. Scale mode (``?scale``): expose ``window.benchProbe(step, arg)`` so the
benchmark can time the app's code paths on a DictStore in memory (no localStorage quota).
"""

import json

import js

T = {"py_start": js.performance.now()}
import traject  # noqa: E402,F401

T["import_traject"] = js.performance.now()
import webapp.main  # noqa: E402,F401  (everything the app imports at start-up)

T["import_webapp"] = js.performance.now()

from pyodide.ffi import create_proxy  # noqa: E402
from traject.backup import dumps, export_backup  # noqa: E402
from traject.services import homework  # noqa: E402
from traject.repository import DictStore  # noqa: E402
from webapp import routes  # noqa: E402
from webapp.app import App  # noqa: E402
from webapp.views import backup as backup_view  # noqa: E402


def now():
    return js.performance.now()


def new_app(store=None):
    app = App(store)
    app.routes = routes
    return app


def startup():
    app = new_app()
    T["app_load"] = now()
    markup = routes.resolve(app, [], {})
    T["overview_markup"] = now()
    app.show(markup)
    T["overview_dom"] = now()
    # the parts of App() on their own (run again, after the fact)
    t0 = now()
    ids = app.repo.list_ids()
    for traj_id in ids:
        app.repo.load(traj_id)
    T["again_decode_all"] = now() - t0
    t0 = now()
    app.repo.unreadable_entries()
    T["again_unreadable_entries"] = now() - t0
    T["trajectories"] = len(ids)


STATE = {}


async def step(name, arg=None):
    """One timed operation on the in-memory app; returns JSON with the timings in ms."""
    out = {}
    t0 = now()
    if name == "load":
        data = json.loads(str(arg))
        t0 = now()
        STATE["app"] = new_app(DictStore(data))
        out["ms"] = now() - t0
        out["trajectories"] = len(STATE["app"].trajectories)
    elif name == "overview":
        app = STATE["app"]
        js.location.hash = "#/"
        t0 = now()
        markup = routes.resolve(app, [], {})
        out["markup_ms"] = now() - t0
        app.show(markup)
        out["ms"] = now() - t0
    elif name in ("open", "vault_open"):
        app = STATE["vault_app" if name == "vault_open" else "app"]
        js.location.hash = "#/traject/" + str(arg)
        t0 = now()
        app.show(routes.resolve(app, ["traject", str(arg)], {}))
        out["ms"] = now() - t0
    elif name in ("save", "vault_save"):
        app = STATE["vault_app" if name == "vault_save" else "app"]
        js.location.hash = "#/traject/" + str(arg)
        t0 = now()
        outcome = app.act(homework.add_homework, str(arg), text="Benchmark-opdracht")
        settled = getattr(app.repo.store, "settled", None)  # the vault: until the write is read back
        out["ok"] = bool(outcome.ok) and (settled is None or bool(await settled()))
        out["ms"] = now() - t0
    elif name == "save_parts":  # what "save" does (app.act), timed in its two parts
        app = STATE["app"]
        js.location.hash = "#/traject/" + str(arg)
        t0 = now()
        outcome = app.run(homework.add_homework, str(arg), text="Benchmark-opdracht")
        out["service_ms"] = now() - t0
        t1 = now()
        app._succeeded(None, None)
        out["render_ms"] = now() - t1
        out["ok"] = bool(outcome.ok)
        out["ms"] = now() - t0
    elif name == "export":
        app = STATE["app"]
        trajectories = list(app.trajectories.values())
        t0 = now()
        text = dumps(export_backup(trajectories, app.templates, app.settings, exported_at=app.now()))
        out["build_ms"] = now() - t0
        out["chars"] = len(text)
        STATE["export"] = text
        # what the button does: build the file, offer it as a download, remember the date
        t0 = now()
        backup_view.export_everything(app)
        out["ms"] = now() - t0
        # the download step on its own, in parts
        from pyodide.ffi import to_js
        t0 = now()
        parts = to_js([text])
        out["to_js_ms"] = now() - t0
        t0 = now()
        js.Blob.new(parts, to_js({"type": "application/json"}, dict_converter=js.Object.fromEntries))
        out["blob_ms"] = now() - t0
    elif name == "import":
        text = STATE["export"]
        # the app reads the chosen file with `await file.text()`: time that conversion too
        from pyodide.ffi import to_js
        blob = js.Blob.new(to_js([memoryview(text.encode("utf-8"))]))
        t0 = now()
        text = str(await blob.text())
        out["file_text_ms"] = now() - t0
        import traject.backup as domain_backup
        reader = (getattr(domain_backup, "read_import_text", None) or getattr(backup_view, "read_import", None)
                  or domain_backup.load_backup_text)
        try:
            reader(text)
            out["refused"] = ""
        except Exception as exc:  # noqa: BLE001 - the finding is the message
            out["refused"] = str(exc)[:200]
        # the same work without the size limit, to time reading + validating everything
        from traject.backup import import_backup, parse_json_text
        t0 = now()
        pending = import_backup(parse_json_text(text, max_chars=10**10))
        out["read_ms"] = now() - t0 + out["file_text_ms"]
        app = new_app(DictStore())
        app.state.pending_import = pending
        js.location.hash = "#/"
        t0 = now()
        backup_view.on_merge(app, {}, {})
        out["write_ms"] = now() - t0
        out["ms"] = out["read_ms"] + out["write_ms"]
        out["trajectories"] = len(app.trajectories)
    elif name.startswith("vault_"):
        await vault_step(name, arg, out)
    out["total_ms"] = now() - t0 if "ms" not in out else out["ms"]
    return json.dumps(out)


VAULT_PASSPHRASE = "een wachtwoordzin voor de meting"


async def vault_step(name, arg, out):
    """The vault (``bench/vault_bench.py``): turn it on for the loaded data, unlock (the
    passphrase key, decrypting every entry, loading the app), with the app's own services.
    ``vault_open`` and ``vault_save`` are ``open`` and ``save`` on the unlocked app."""
    from traject.services import vault as service
    from webapp import crypto_adapter
    from webapp.vault_store import VaultStore

    if name == "vault_on":
        data = dict(STATE["app"].repo.store.data)
        out["plain_chars"] = sum(len(k) + len(v) for k, v in data.items())
        store = DictStore(data)
        t0 = now()
        keys, _ = await service.turn_on(store, crypto_adapter, passphrase=VAULT_PASSPHRASE, repeat=VAULT_PASSPHRASE,
                                        idle_minutes=15)
        out["ms"] = now() - t0
        out["chars"] = sum(len(k) + len(v) for k, v in store.data.items())
        STATE["vault"] = (store, keys.meta)
    elif name == "vault_unlock":
        store, meta = STATE["vault"]
        t0 = now()
        keys = await service.unlock(crypto_adapter, meta, passphrase=VAULT_PASSPHRASE)
        out["kdf_ms"] = now() - t0
        t1 = now()
        opened = await VaultStore.open(store, "traject:", keys.data_key)
        out["decrypt_ms"] = now() - t1
        t2 = now()
        STATE["vault_app"] = new_app(opened)
        out["load_ms"] = now() - t2
        out["ms"] = now() - t0
        out["trajectories"] = len(STATE["vault_app"].trajectories)


if "scale" in str(js.location.search):
    js.window.benchProbe = create_proxy(step)
else:
    startup()
js.document.documentElement.setAttribute("data-probe", json.dumps(T))
