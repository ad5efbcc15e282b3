"""Automatic backups to the folder the coach chose (File System Access API).

The folder I/O is the JavaScript adapter ``window.trajectBackupFolder``
(``app/backup-folder.mjs``); which files to write and which old copies to remove is decided
by :mod:`traject.autobackup`. Every backup file, automatic or exported, is made by one
function, :func:`produce` (by default ``services.transfer.backup_file``);
:func:`set_producer` lets another feature (the vault: encrypted backups) wrap it.

After every change to the stored data (``LocalStorageStore`` calls :func:`data_changed`)
a write is scheduled ``DEBOUNCE_MS`` after the last change, and done at once when the page
is hidden. The state (folder name, permission, last write, last error, changes not yet
written) is kept with the folder choice in IndexedDB, not in localStorage: writing it
is no change to the coach's data and so triggers no new backup.
"""

import asyncio

import js
from pyodide.ffi import JsException, create_proxy, to_js

from traject.autobackup import DEBOUNCE_MS, LATEST_NAME, dated_name, names_to_remove, newest_backup_name
from traject.errors import TrajectError
from traject.services import transfer

from .dom import by_id, set_html, to_bytes_array

ERROR_KINDS = {"NotAllowedError": "permission", "SecurityError": "permission", "NotFoundError": "missing",
               "QuotaExceededError": "full"}


class FolderState:
    """What the screens show about the automatic backup."""

    def __init__(self):
        self.supported = False  # the browser offers the folder API
        self.loaded = False  # the kept choice has been read
        self.name = None  # the chosen folder's name; None: no folder chosen
        self.permission = "none"  # "granted", "prompt", "denied" or "none"
        self.last_written = None  # ISO timestamp of the last complete automatic backup
        self.error = None  # None or "permission", "missing", "full", "failed"
        self.pending = False  # changes not yet in the folder
        self.busy = False

    @property
    def needs_permission(self):
        return self.name is not None and (self.permission != "granted" or self.error == "permission")

    def meta(self):
        return {"last_written": self.last_written, "error": self.error, "pending": self.pending}


STATE = FolderState()
_run = {"app": None, "timer": None, "again": False, "callback": None}


# --- the content: one producer, shared with the manual export -----------------------------

_producer = {"make": transfer.backup_file}


def set_producer(producer):
    """Make every backup file (automatic and exported) with ``producer(uow, clock) ->
    ExportFile`` (a service: ``services.transfer.ExportFile``, whose ``text`` may also be
    bytes). To wrap the current one: ``previous = current_producer()``, then
    ``set_producer(lambda uow, clock: encrypt(previous(uow, clock)))``."""
    _producer["make"] = producer


def current_producer():
    return _producer["make"]


def produce(uow, clock):
    """The backup file of everything now, as the current producer makes it (a service)."""
    return _producer["make"](uow, clock)


# --- the adapter ---------------------------------------------------------------------------

def folder():
    """The JS backup target, or None where the page has none."""
    return getattr(js.window, "trajectBackupFolder", None)


def error_kind(exc):
    name = getattr(exc, "name", "") or str(exc).split(":", 1)[0]
    return ERROR_KINDS.get(str(name), "failed")


async def _save_meta():
    target = folder()
    if target is not None and STATE.name is not None:
        try:
            await target.saveMeta(to_js(STATE.meta(), dict_converter=js.Object.fromEntries))
        except JsException:
            pass  # IndexedDB refused: the state is shown anyway, only not kept


async def load(app):
    """Read the kept folder choice and its state; show it where the screen is about backups."""
    target = folder()
    STATE.supported = bool(target is not None and target.supported)
    record = await target.load() if STATE.supported else None
    if not record:  # none kept (undefined)
        STATE.name, STATE.permission = None, "none"
    else:
        STATE.name, STATE.permission = str(record.name), str(record.permission)
        meta = record.meta.to_py() if hasattr(record.meta, "to_py") else {}
        STATE.last_written = meta.get("last_written") or None
        STATE.error = meta.get("error") or None
        STATE.pending = bool(meta.get("pending"))
        if STATE.permission == "granted" and STATE.error == "permission":
            STATE.error = None
    STATE.loaded = True


async def start(app):
    """At start-up: read the state, follow folder changes, write what is still pending."""
    _run["app"] = app
    target = folder()
    if target is not None:
        target.onchange = create_proxy(lambda *args: asyncio.ensure_future(_folder_changed(app)))
        js.document.addEventListener("visibilitychange", create_proxy(lambda event: _on_visibility(app)))
    await load(app)
    show(app)
    if STATE.name is not None and _run.pop("early", False):
        STATE.pending = True
    if STATE.pending and STATE.permission == "granted":
        schedule()


async def _folder_changed(app):
    """A folder was chosen (or forgotten): show it. The first backup follows the next change
    (or the click that chose it: ``views.backup_folder.on_choose``)."""
    STATE.error, STATE.last_written, STATE.pending = None, None, False
    await load(app)
    show(app)


def _on_visibility(app):
    if str(js.document.visibilityState) == "hidden" and STATE.pending and _run["timer"] is not None:
        js.clearTimeout(_run["timer"])
        _run["timer"] = None
        asyncio.ensure_future(write_now(app))


# --- writing -------------------------------------------------------------------------------

def data_changed():
    """The coach's stored data changed: write a backup ``DEBOUNCE_MS`` after the last change."""
    if not STATE.loaded:
        _run["early"] = True  # before the kept choice is read: decided in start()
        return
    if STATE.name is None:
        return
    if not STATE.pending:
        STATE.pending = True
        asyncio.ensure_future(_save_meta())  # a change made just before closing is not forgotten
    schedule()


def _timer_fired():
    _run["timer"] = None
    asyncio.ensure_future(write_now(_run["app"]))


def schedule():
    if _run["callback"] is None:
        _run["callback"] = create_proxy(_timer_fired)
    if _run["timer"] is not None:
        js.clearTimeout(_run["timer"])
    _run["timer"] = js.setTimeout(_run["callback"], DEBOUNCE_MS)


async def write_now(app, ask=False):
    """Write the full backup to the folder now: ``traject-backup.json``, today's dated copy,
    and remove dated copies beyond the newest 30. ``ask``: ask for permission if needed (only
    from a click). Returns True when the backup is complete."""
    if STATE.name is None:
        return False
    if STATE.busy:
        _run["again"] = True  # a change during the write: write once more afterwards
        return False
    STATE.busy = True
    try:
        ok = await _write(app, ask)
    finally:
        STATE.busy = False
    await _save_meta()
    show(app)
    if _run["again"]:
        _run["again"] = False
        if ok:
            schedule()
    return ok


async def _write(app, ask):
    target = folder()
    try:
        STATE.permission = str(await target.permission(ask))
        if STATE.permission != "granted":
            STATE.error = "permission"
            return False
        app.ensure_loaded()
        from .vault_session import backup_text  # encrypted while the vault is on

        content = to_bytes_array(await backup_text(produce(app.uow, app.clock()).text))
        STATE.pending = False
        await target.write(LATEST_NAME, content)
        await target.write(dated_name(app.today()), content)
        for name in names_to_remove(await names()):
            await target.remove(name)
    except JsException as exc:
        STATE.pending = True
        STATE.error = error_kind(exc)
        return False
    except TrajectError:  # the vault locked before the write: it waits for the next unlock
        STATE.pending = True
        return False
    STATE.error = None
    STATE.last_written = app.now()
    return True


async def read_newest(app, ask=True):
    """The bytes of the newest backup in the folder (decoded strictly by the import), or None
    when it holds none. Raises
    JsException when the folder cannot be read (the state then says why)."""
    target = folder()
    STATE.permission = str(await target.permission(ask))
    if STATE.permission != "granted":
        STATE.error = "permission"
        return None
    name = newest_backup_name(await names())
    if name is None:
        return None
    buffer = await target.read(name)
    return buffer.to_bytes()


async def names():
    """The names of the files in the chosen folder."""
    return [str(name) for name in await folder().list()]


def show(app):
    """Show the new state where the screen is about it: on the overview only its backup line
    is replaced (focus and scroll stay); the backup screen and an empty overview are drawn
    again, unless the coach is typing."""
    from . import routes, snapshot
    from .views.overview import backup_line

    route = routes.parse(str(js.location.hash))[0]
    if app.routes is None or not app.loaded or route not in ([], ["backup"]):
        return
    slot = by_id("backup-status") if route == [] else None
    if slot:
        set_html(slot, backup_line(app))
        snapshot.schedule(app)
    elif not app.dirty:
        app.redraw()
