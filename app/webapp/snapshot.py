"""The coach's overview, stored so ``boot.js`` can paint it before Python is ready.

After the overview (route ``#/`` without a filter) is shown, its HTML is stored in
localStorage under ``traject:snapshot`` as ``{"v": 2, "build": <build id>, "day": <today>,
"data": <fingerprint of the stored data>, "html": ...}``. On the next visit ``boot.js`` puts
it in ``#view`` at once (read-only: ``inert``) when the route is the overview and the build
id matches the page (a new deploy may render differently). When the day and the data's
fingerprint (``boot.js``'s ``trajectDataFingerprint``) match too, it marks the overview
current and Python keeps it instead of drawing it again (see ``webapp.main.start``);
otherwise Python replaces it. The markup is the app's own, made by the escaping
HTML builder (``html.h``), and it lives in the same origin and storage as the data itself.

When the data changes (``LocalStorageStore`` reports every write to ``traject:*``), the
snapshot is brought up to date shortly after; when something is removed (a deleted
trajectory, an import that replaces everything) it is dropped at once first, so a removed
client's name is never painted again. With no trajectories there is no snapshot.
"""

import json

import js
from pyodide.ffi import create_once_callable

KEY = "traject:snapshot"
VERSION = 2
DELAY_MS = 300  # after the work that changed the data, outside the coach's wait

_state = {"app": None, "timer": None, "on_overview": False, "off": False}


def disable(off):
    """``off``: the vault is on, so no overview is stored (it holds client names)."""
    _state["off"] = bool(off)


def build_id():
    value = js.document.documentElement.getAttribute("data-build")
    return value if isinstance(value, str) else ""


def drop():
    try:
        js.localStorage.removeItem(KEY)
    except Exception:  # noqa: BLE001 - storage disabled: nothing stored either
        pass


def fingerprint():
    """The stored data's fingerprint, computed by boot.js (one implementation for both)."""
    compute = getattr(js.window, "trajectDataFingerprint", None)
    return str(compute()) if compute else ""


def stored_html():
    """The HTML of the stored snapshot, or None."""
    try:
        record = json.loads(js.localStorage.getItem(KEY) or "null")
    except Exception:  # noqa: BLE001 - storage disabled or an unreadable snapshot
        return None
    return record.get("html") if isinstance(record, dict) else None


def write(html, day):
    """Store ``html`` as the snapshot of ``day``; never at the expense of the data (a full
    quota simply means no snapshot)."""
    try:
        value = json.dumps({"v": VERSION, "build": build_id(), "day": day, "data": fingerprint(), "html": html},
                           ensure_ascii=False)
        if js.localStorage.getItem(KEY) != value:  # the same value: no write, no storage event
            js.localStorage.setItem(KEY, value)
    except Exception:  # noqa: BLE001 - QuotaExceededError and friends
        drop()


def refresh_now():
    _state["timer"] = None
    app = _state["app"]
    if app is None or not app.loaded:
        return
    if not app.trajectories or _state["off"]:
        drop()
        return
    # The markup as the app makes it (not the DOM's innerHTML): a later start compares the two.
    write(str(app.routes.resolve(app, [], {})), app.today().isoformat())


def schedule(app=None):
    if app is not None:
        _state["app"] = app
    if _state["timer"] is None and _state["app"] is not None:
        _state["timer"] = js.setTimeout(create_once_callable(refresh_now), DELAY_MS)


def after_render(app, parts, params):
    """Called after every route is shown; the plain overview is stored (shortly after)."""
    _state["app"] = app
    _state["on_overview"] = not parts and not params
    if _state["on_overview"]:
        schedule(app)


def data_changed(removed=False):
    """Stored data changed; ``removed``: something was deleted, drop the snapshot now."""
    if removed:
        drop()
    schedule()
