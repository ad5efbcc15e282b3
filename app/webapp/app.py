"""The app's state and the glue between screens, the services and storage.

A screen's action handler converts the form's text (``traject.services.inputs``) and calls
``app.act(service, ...)``: the service runs with the unit of work and the coach's clock, all
of its changes are stored and read back or none are, and only then "Opgeslagen" is shown
(with "Ongedaan maken"). A refused action shows its Dutch message next to the field it is
about, keeps what the coach typed, and leaves storage as it was.
"""

import asyncio
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import js

from traject.dutch import plural
from traject.errors import ConflictError, StorageWriteError, TrajectError, UnexpectedError, ValidationError
from traject.messages import t
from traject.repository import KeyValueRepository
from traject.services import Clock, UnitOfWork
from traject.templates import builtin_templates

from .dom import by_id, download, focus_main, replace_parts, set_hash, set_html, show_field_errors
from .html import Page, fragment, h
from .local_store import LocalStorageStore
from .views.common import notice

PREFIX = "traject:"


@dataclass
class ViewState:
    """What screens keep between two renders (never stored): an import read but not yet
    written, a template or answer code read but not yet kept, the last form link made, how
    many trajectories the overview shows, and the form the coach submitted last."""
    pending_import: object = None  # traject.backup.Backup
    share_template: object = None  # traject.model.Template read from a file
    share_answers: object = None  # traject.share.ReceivedAnswers
    share_link: object = None  # (trajectory id, form id, url, first name, protected)
    overview_limit: int = 0  # 0: the first page
    form: object = None  # the <form> element of the last submit (for field messages)
    field_errors: dict = field(default_factory=dict)
    message_values: object = None  # (trajectory id, message kind, to, subject, body) as typed
    pending_encrypted: str = None  # an encrypted file's text, waiting for its passphrase
    vault_recovery: str = None  # the vault's recovery key, shown once right after turning it on


@dataclass
class Outcome:
    """What ``App.run`` gives back: ``ok`` and the service's result."""
    ok: bool
    value: object = None


def clock_from_js():
    """The coach's clock: JavaScript's local time and UTC offset (a fixed page clock in tests)."""
    now = js.Date.new()
    offset = timezone(timedelta(minutes=-int(now.getTimezoneOffset())))
    return Clock(datetime(int(now.getFullYear()), int(now.getMonth()) + 1, int(now.getDate()), int(now.getHours()),
                          int(now.getMinutes()), int(now.getSeconds()), tzinfo=offset))


class App:
    def __init__(self, store=None, load=True):
        """``load=False``: read nothing yet (start-up keeps the painted overview and loads
        right after it is interactive); :meth:`ensure_loaded` loads before any use."""
        self.use_store(store or LocalStorageStore())
        self.flashes = []
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

    def use_store(self, store):
        """Work on ``store`` from now on (the vault switches between plain, encrypted and
        locked storage): a new unit of work, nothing read yet, no screen state, no undo
        history (it holds stored texts)."""
        self.uow = UnitOfWork(KeyValueRepository(store, prefix=PREFIX))
        self.repo = self.uow.repo
        self.state = ViewState()
        self.loaded = False

    # --- what the unit of work read -------------------------------------------------------
    @property
    def trajectories(self):
        return self.uow.trajectories

    @property
    def templates(self):
        return self.uow.templates

    @property
    def settings(self):
        return self.uow.settings

    @property
    def unreadable(self):
        return self.uow.unreadable

    # --- clock -------------------------------------------------------------------------
    def clock(self):
        return clock_from_js()

    def today(self):
        return self.clock().today()

    def now(self):
        """Local time as an ISO timestamp with offset, e.g. 2026-11-23T14:05:00+01:00."""
        return self.clock().stamp()

    # --- loading -----------------------------------------------------------------------
    def reload(self):
        """Read everything from storage. Unreadable entries are listed, never changed."""
        self.uow.load()
        self.loaded = True

    def ensure_loaded(self):
        """Read the stored data if start-up has not done so yet."""
        if not self.loaded and not self.locked:
            self.reload()
            js.performance.mark("traject:data-loaded")

    def reload_trajectory(self, traj_id):
        """Take the stored version of one trajectory (after a change in another tab)."""
        self.uow.reload_trajectory(traj_id)

    def find_template(self, template_id):
        for template in builtin_templates() + self.templates:
            if template.id == template_id:
                return template
        return None

    # --- running coach actions ------------------------------------------------------------
    def _status(self, text, kind, undo=False):
        status = by_id("save-status")
        if status:
            button = h("button", {"type": "button", "class": "btn secondary small", "data-action": "undo"},
                       t("ui.undo.button")) if undo else None
            set_html(status, fragment(text, " ", button))
            status.className = f"save-status {kind}"

    def run(self, service, *args, **kwargs):
        """Call ``service(uow, clock, *args, **kwargs)``. On success show "Opgeslagen" when it
        stored something; on a refusal or failure show the Dutch message (next to its field
        when it names one), keep the form as typed, and return ``Outcome(False)``."""
        commits = self.uow.commits
        try:
            value = service(self.uow, self.clock(), *args, **kwargs)
        except Exception as exc:  # every failure reaches the coach in Dutch; nothing stored changed
            self.failed(exc)
            return Outcome(False)
        if self.uow.commits != commits:
            self._report_saved()
        return Outcome(True, value)

    def _report_saved(self):
        """"Opgeslagen" once the data is in storage: at once, or (in the vault, where the
        encrypted write follows) when that write is done and read back."""
        settled = getattr(self.repo.store, "settled", None)
        if settled is None:
            self._status(t("ui.save.saved"), "ok", undo=bool(self.uow.changes))
            return

        async def confirm():
            if await settled():
                self._status(t("ui.save.saved"), "ok", undo=bool(self.uow.changes))

        self._status(t("ui.vault.saving"), "")
        asyncio.ensure_future(confirm())

    def act(self, service, *args, route=None, message=None, **kwargs):
        """:meth:`run`, then on success show ``message`` (Dutch text) and go to ``route`` (or
        draw the current screen again). In the vault the screen changes only once the
        encrypted write is stored: if it fails, the form stays as typed, with the message."""
        outcome = self.run(service, *args, **kwargs)
        if outcome.ok:
            settled = getattr(self.repo.store, "settled", None)
            if settled is None:
                self._succeeded(route, message)
            else:
                asyncio.ensure_future(self._succeeded_when(settled, route, message))
        return outcome

    async def _succeeded_when(self, settled, route, message):
        if await settled():
            self._succeeded(route, message)

    def _succeeded(self, route, message):
        self.dirty = False  # saved: moving on to the next screen leaves nothing unsaved behind
        if message:
            self.flash(message, "info")
        if route:
            self.navigate(route)
        else:
            self.refresh()

    def failed(self, exc):
        """Show why an action failed and keep the screen (with what was typed) as it is."""
        if not isinstance(exc, TrajectError):
            exc = UnexpectedError("".join(traceback.format_exception(exc)))
        self.state.field_errors = {}
        if isinstance(exc, ConflictError):
            self.conflict = getattr(exc, "mine", None)
            self.flash(t("ui.save.conflict"), "error")
        elif isinstance(exc, StorageWriteError):
            self.flash(t("ui.save.quota"), "error")
        elif isinstance(exc, UnexpectedError):
            js.console.error("Traject: " + exc.detail)
            self.flash(fragment(str(exc), h("details", {"class": "tech-details"},
                                             h("summary", {}, t("ui.error.details")),
                                             h("pre", {}, exc.detail[-2000:]))), "error")
        elif isinstance(exc, ValidationError):
            self.state.field_errors = exc.fields  # shown next to their fields, or above the form
            messages = list(exc.fields.values())
            self.flash(t("ui.save.check_field", message=messages[0]) if len(messages) == 1
                       else t("ui.save.check_fields"), "error")
        else:
            self.flash(str(exc), "error")
        self._status(t("ui.save.error"), "error")
        self.refresh(keep_form=True)

    def undo(self):
        """Take back the last change of this visit."""
        try:
            label = self.uow.undo(self.clock())
        except Exception as exc:  # noqa: BLE001 - shown in Dutch like any failure
            self.failed(exc)
            return
        self.flash(t("ui.undo.done", what=t(label)), "info")
        self._report_saved()
        self.refresh()

    # --- files -------------------------------------------------------------------------
    def download_file(self, export, passphrase=None):
        """Offer a ``services.transfer.ExportFile`` as a download: encrypted with
        ``passphrase``, or with the vault's passphrase while the vault is on (then the file is
        written a moment later; the task is returned)."""
        from . import vault_session

        if passphrase is None and not vault_session.SESSION.on:
            download(export.name, export.text)
            return None

        async def encrypted():
            sealed = (await vault_session.encrypt_with_passphrase(export.text, passphrase) if passphrase is not None
                      else await vault_session.backup_text(export.text))
            download(export.name.replace(".json", ".versleuteld.json"), sealed)

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

    def storage_notices(self):
        if not self.unreadable:
            return None
        return notice(fragment(t("ui.storage.unreadable", items=plural(len(self.unreadable), "unreadable")), " ",
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
        self.state.field_errors = {}
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
            form = self.state.form
            if form is not None and not form.isConnected:
                form = self.state.form = None
            errors = self.state.field_errors
            leftover = show_field_errors(form, errors) if form is not None else list(errors.values())
            if len(errors) > 1:  # a single message is in the flash already
                self.flashes += [(text, "error") for text in leftover]
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

    def redraw(self):
        """Draw the current screen again for a change the coach did not make (a background
        write finished), keeping the messages shown above it."""
        view = by_id("view")
        box = view.querySelector(":scope > .flashes")
        kept = str(box.outerHTML) if box else ""
        self.refresh()
        if kept and not view.querySelector(":scope > .flashes"):
            view.insertAdjacentHTML("afterbegin", kept)  # markup this app made (html.h) a moment ago

    def navigate(self, route):
        if js.location.hash == route:
            self.refresh()
        else:
            set_hash(route)
        focus_main()
