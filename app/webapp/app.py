"""The app's state and the glue between screens, the domain and storage.

Screens call ``app.apply(traj, change)`` to run a domain change and save it: the
trajectory is saved to localStorage, read back, and only then reported "Opgeslagen".
A failed save restores the in-memory copy from storage, so screen and storage agree.
"""

import asyncio
import copy
import pickle
from datetime import date

import js

from traject.backup import dumps, export_backup, to_json
from traject.errors import ConflictError, CorruptEntryError, NotFoundError, TrajectError
from traject.messages import t
from traject.repository import KeyValueRepository
from traject.templates import builtin_templates

from .dom import by_id, download, focus_main, replace_parts, set_hash, set_html
from .html import Page, fragment, h
from .local_store import LocalStorageStore, StoreWriteError
from .views.common import notice

PREFIX = "traject:"


class App:
    def __init__(self, store=None, load=True):
        """``load=False``: read nothing yet (start-up keeps the painted overview and loads
        right after it is interactive); :meth:`ensure_loaded` loads before any use."""
        self.repo = KeyValueRepository(store or LocalStorageStore(), prefix=PREFIX)
        self.trajectories = {}
        self.templates = []
        self.settings = None
        self.unreadable = []
        self.flashes = []
        self.last_error = ""
        self.conflict = None  # the coach's unsaved version when another tab saved first
        self.dirty = False  # a form on screen has changes that are not saved yet
        self.persisted = None  # navigator.storage.persist() result, once known
        self.routes = None  # set by main
        self.shown = None  # (route, parts) of the screen on view, when it is an html.Page
        self.touched = set()  # parts of it the coach used (focus, typing, clicks) since it was shown
        self.loaded = False
        self.locked = False  # the vault is on and not unlocked: no data, only the unlock screen
        if load:
            self.reload()

    # --- clock -------------------------------------------------------------------------
    def today(self):
        now = js.Date.new()
        return date(now.getFullYear(), now.getMonth() + 1, now.getDate())

    def now(self):
        """Local time as an ISO timestamp with offset, e.g. 2026-11-23T14:05:00+01:00."""
        now = js.Date.new()
        offset = -int(now.getTimezoneOffset())
        sign = "+" if offset >= 0 else "-"
        return (f"{now.getFullYear():04d}-{now.getMonth() + 1:02d}-{now.getDate():02d}T"
                f"{now.getHours():02d}:{now.getMinutes():02d}:{now.getSeconds():02d}"
                f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}")

    # --- loading -----------------------------------------------------------------------
    def reload(self):
        """Read everything from storage. Unreadable entries are listed, never changed."""
        self.trajectories = {}
        for traj_id in self.repo.list_ids():
            try:
                traj = self.repo.load(traj_id)
            except CorruptEntryError:
                continue
            self.trajectories[traj.id] = traj
        try:
            self.templates = self.repo.load_templates()
        except CorruptEntryError:
            self.templates = []
        try:
            self.settings = self.repo.load_settings()
        except CorruptEntryError:
            from traject.model import Settings
            self.settings = Settings()
        self.unreadable = self.repo.unreadable_entries()
        self.loaded = True

    def ensure_loaded(self):
        """Read the stored data if start-up has not done so yet."""
        if not self.loaded and not self.locked:
            self.reload()
            js.performance.mark("traject:data-loaded")

    def find_template(self, template_id):
        for template in builtin_templates() + self.templates:
            if template.id == template_id:
                return template
        return None

    # --- saving ------------------------------------------------------------------------
    def _status(self, text, kind):
        status = by_id("save-status")
        if status:
            status.textContent = text
            status.className = f"save-status {kind}"

    def save(self, traj, created=False):
        """Save one trajectory; True only when it is stored and read back."""
        try:
            self.repo.save(traj, now=self.now())
            stored_revision = self.repo.saved_revision(traj.id)  # read back: a string comparison
        except ConflictError:
            self.conflict = copy.deepcopy(traj)
            self.last_error = t("ui.save.conflict")
        except StoreWriteError:
            self.last_error = t("ui.save.quota")
        except TrajectError as exc:
            self.last_error = t("ui.save.failed", reason=str(exc))
        else:
            if stored_revision == traj.revision:
                self.trajectories[traj.id] = traj
                self._report_saved()
                return True
            self.last_error = t("ui.save.failed", reason="revision")
        self._status(t("ui.save.error"), "error")
        self.flash(self.last_error, "error")
        return False

    def _report_saved(self):
        """"Opgeslagen" once the data is in storage: at once, or (in the vault, where the
        encrypted write follows) when that write is done and read back."""
        settled = getattr(self.repo.store, "settled", None)
        if settled is None:
            self._status(t("ui.save.saved"), "ok")
            return

        async def confirm():
            if await settled():
                self._status(t("ui.save.saved"), "ok")

        self._status(t("ui.vault.saving"), "")
        asyncio.ensure_future(confirm())

    def apply(self, traj, change, rerender=True):
        """Run a domain change on ``traj`` and save it. On a domain error or a failed save
        the in-memory trajectory goes back to its stored state. Returns success."""
        backup = pickle.dumps(traj)  # a deep copy, cheaper than copy.deepcopy; unpickled only on failure
        try:
            change()
        except TrajectError as exc:
            self._restore(backup)
            self.flash(str(exc), "error")
            self.refresh(keep_form=True)
            return False
        ok = self.save(traj)
        if not ok:
            # Storage keeps its previous state; the screen keeps what the coach typed.
            self._restore(backup)
            self.refresh(keep_form=True)
            return False
        if rerender:
            self.refresh()
        return ok

    def _restore(self, backup):
        traj = pickle.loads(backup)
        self.trajectories[traj.id] = traj

    def delete(self, traj_id):
        try:
            self.repo.delete(traj_id)
        except (NotFoundError, StoreWriteError) as exc:
            self.flash(t("ui.save.failed", reason=str(exc)), "error")
            self.refresh()
            return False
        self.trajectories.pop(traj_id, None)
        self._status(t("ui.delete.status"), "ok")
        return True

    def _unreadable_key(self, key):
        return any(entry.key == key for entry in self.unreadable)

    def save_templates(self, templates):
        if self._unreadable_key(self.repo.templates_key):
            self.flash(t("ui.storage.blocked"), "error")
            self._status(t("ui.save.error"), "error")
            return False
        try:
            self.repo.save_templates(templates)
        except (StoreWriteError, TrajectError) as exc:
            self.flash(t("ui.save.failed", reason=str(exc)), "error")
            self._status(t("ui.save.error"), "error")
            return False
        self.templates = list(templates)
        self._report_saved()
        return True

    def save_settings(self):
        if self._unreadable_key(self.repo.settings_key):
            return False  # never overwrite unreadable settings; they stay until the coach decides
        try:
            self.repo.save_settings(self.settings)
        except (StoreWriteError, TrajectError) as exc:
            self.flash(t("ui.save.failed", reason=str(exc)), "error")
            return False
        return True

    # --- export ------------------------------------------------------------------------
    def export_all(self, passphrase=None):
        """Download everything; encrypted with ``passphrase``, or with the vault's passphrase
        while the vault is on. Returns the task that writes the file."""
        data = export_backup(list(self.trajectories.values()), self.templates, self.settings, exported_at=self.now())
        self.settings.ui["last_export"] = self.now()
        self.save_settings()
        return self._download(f"traject-backup-{self.today().isoformat()}.json", dumps(data), passphrase)

    def export_trajectory(self, traj_id, passphrase=None):
        traj = self.trajectories[traj_id]
        slug = "".join(ch if ch.isalnum() else "-" for ch in traj.client.name.lower()).strip("-")[:40] or "traject"
        return self._download(f"traject-{slug}-{self.today().isoformat()}.json", dumps(to_json(traj, self.now())),
                              passphrase)

    def _download(self, name, text, passphrase):
        from . import vault_session

        if passphrase is None and not vault_session.SESSION.on:
            download(name, text)
            return None

        async def encrypted():
            sealed = (await vault_session.encrypt_with_passphrase(text, passphrase) if passphrase is not None
                      else await vault_session.backup_text(text))
            download(name.replace(".json", ".versleuteld.json"), sealed)

        return asyncio.ensure_future(encrypted())

    # --- rendering ---------------------------------------------------------------------
    def flash(self, text, kind="info"):
        self.flashes.append((text, kind))

    def conflict_panel(self):
        """The choice offered when another tab saved the same trajectory first."""
        if self.conflict is None:
            return None
        return h("div", {"class": "notice warn conflict", "role": "alert"},
                 h("p", {}, t("ui.conflict.explain", client=self.conflict.client.name)),
                 h("div", {"class": "row"},
                   h("button", {"type": "button", "class": "btn small", "data-action": "conflict-mine"},
                     t("ui.conflict.keep_mine")),
                   h("button", {"type": "button", "class": "btn secondary small", "data-action": "conflict-theirs"},
                     t("ui.conflict.load_theirs")),
                   h("button", {"type": "button", "class": "btn secondary small", "data-action": "conflict-download"},
                     t("ui.conflict.download_mine"))))

    def reload_trajectory(self, traj_id):
        """Take the stored version of one trajectory (after a change in another tab)."""
        try:
            self.trajectories[traj_id] = self.repo.load(traj_id)
        except NotFoundError:
            self.trajectories.pop(traj_id, None)
        except CorruptEntryError:
            self.trajectories.pop(traj_id, None)
            self.unreadable = self.repo.unreadable_entries()

    def storage_notices(self):
        if not self.unreadable:
            return None
        return notice(fragment(t("ui.storage.unreadable", count=len(self.unreadable)), " ",
                               h("a", {"href": "#/backup"}, t("ui.storage.unreadable_link"))), "warn", role="status")

    def not_found(self):
        return fragment(h("h1", {}, t("ui.not_found.title")), h("p", {}, t("ui.not_found.text")),
                        h("a", {"class": "btn", "href": "#/"}, t("ui.nav.overview")))

    def show(self, markup):
        """Put a screen in ``#view`` with the waiting messages. When the same route is shown
        again as an :class:`html.Page` without messages, only the parts that changed or that
        the coach used are replaced: the result is the same as rendering it all again."""
        flashes = [notice(text, kind, role="alert" if kind == "error" else "status") for text, kind in self.flashes]
        self.flashes = []
        self.dirty = False
        touched, self.touched = self.touched, set()
        panel = self.conflict_panel()
        view = by_id("view")
        route = str(js.location.hash)
        before = self.shown
        self.shown = (route, markup.parts) if isinstance(markup, Page) else None
        if (self.shown and before and before[0] == route and not flashes and panel is None
                and replace_parts(view, before[1], markup.parts, touched)):
            box = view.querySelector(":scope > .flashes")  # earlier messages go, as in a full render
            if box:
                box.remove()
            return
        set_html(view, fragment(h("div", {"class": "flashes"}, flashes, panel) if flashes or panel else None, markup))

    def refresh(self, keep_form=False):
        """Render the current route again. ``keep_form`` leaves the page (and what the coach
        typed) as it is and only shows the messages."""
        if keep_form:
            box = by_id("view").querySelector(".flashes")
            flashes = fragment(*[notice(text, kind, role="alert" if kind == "error" else "status")
                                 for text, kind in self.flashes])
            self.flashes = []
            if not box:  # querySelector gives JS null
                box = js.document.createElement("div")
                box.className = "flashes"
                by_id("view").prepend(box)
            set_html(box, fragment(flashes, self.conflict_panel()))
            box.scrollIntoView()
            return
        self.routes.render_current(self)

    def navigate(self, route):
        if js.location.hash == route:
            self.refresh()
        else:
            set_hash(route)
        focus_main()
