"""The automatic backup to a folder on screen: its part of the backup screen, its line on
the overview, a warning with the one click that fixes it, and restoring from the folder."""

from pyodide.ffi import JsException

from traject.autobackup import newest_backup_name
from traject.dates import parse_date
from traject.messages import t

from .. import auto_backup, fmt
from ..dom import reveal
from ..html import fragment, h
from .common import button, guide_link, notice

STATE = auto_backup.STATE
FIX = {"permission": ("ui.autobackup.allow", "autobackup-allow"),
       "missing": ("ui.autobackup.choose_again", "autobackup-choose"),
       "full": ("ui.autobackup.retry", "autobackup-now"),
       "failed": ("ui.autobackup.retry", "autobackup-now")}


def _problem():
    """What stands in the way of the next backup: an ERROR kind, or None."""
    if STATE.name is None:
        return None
    if STATE.error in FIX and STATE.error != "permission":
        return STATE.error
    return "permission" if STATE.needs_permission else None


def warning():
    """The Dutch warning with its one fixing button, or None when all is well."""
    problem = _problem()
    if problem is None:
        return None
    label, action = FIX[problem]
    return notice(fragment(t("ui.autobackup.error." + problem, folder=STATE.name), " ",
                           button(t(label), action, kind="small")), "warn", role="alert")


def last_written_text():
    stamp = STATE.last_written
    if not stamp:
        return t("ui.autobackup.never", folder=STATE.name)
    return t("ui.autobackup.last", date=fmt.day(parse_date(stamp[:10]), False), time=stamp[11:16], folder=STATE.name)


def overview_line():
    """The overview's line about the automatic backup (None without a chosen folder)."""
    if STATE.name is None:
        return None
    return warning() or h("p", {"class": "small muted", "id": "auto-backup-line"}, last_written_text(), " · ",
                          h("a", {"href": "#/backup"}, t("ui.nav.backup")))


def restore_button(kind="secondary"):
    """"Herstel uit backupmap", where the browser can read a folder."""
    return button(t("ui.autobackup.restore"), "autobackup-restore", kind=kind) if STATE.supported else None


def section():
    """The backup screen's part about the automatic backup."""
    title = h("h2", {"id": "auto-h"}, t("ui.autobackup.title"))
    if not STATE.loaded:
        body = h("p", {"class": "muted"}, t("ui.autobackup.loading"))
    elif not STATE.supported:
        body = h("p", {"id": "auto-backup-unsupported"}, t("ui.autobackup.unsupported"), " ",
                 guide_link("privacy-en-backups", "automatische-backup", root=True))
    elif STATE.name is None:
        body = fragment(h("p", {}, t("ui.autobackup.explain")),
                        h("div", {"class": "row"}, button(t("ui.autobackup.choose"), "autobackup-choose"),
                          restore_button()))
    else:
        body = fragment(
            h("p", {}, t("ui.autobackup.folder"), " ", h("strong", {}, STATE.name)),
            warning(),
            h("p", {"class": "small muted", "id": "auto-backup-status"}, last_written_text()),
            h("div", {"class": "row"},
              button(t("ui.autobackup.write_now"), "autobackup-now", kind="secondary"),
              restore_button(),
              button(t("ui.autobackup.choose_other"), "autobackup-choose", kind="secondary"),
              button(t("ui.autobackup.stop"), "autobackup-forget", kind="secondary")))
    return h("section", {"class": "card", "id": "auto-backup", "aria-labelledby": "auto-h"}, title, body)


async def _guarded(app, work):
    """Run a folder action; a refusal by the browser becomes a Dutch message."""
    try:
        return await work()
    except JsException as exc:
        STATE.error = auto_backup.error_kind(exc)
        app.flash(t("ui.autobackup.error." + STATE.error, folder=STATE.name or ""), "error")
        app.refresh()
        return None


async def on_choose(app, data, values, element=None):
    async def work():
        name = await auto_backup.folder().choose()
        if name is None:
            return  # the coach closed the picker
        await auto_backup.load(app)
        if newest_backup_name(await auto_backup.names()) is not None:
            # A backup from earlier (another browser, a cleared one): first the coach's choice.
            app.flash(t("ui.autobackup.found", folder=STATE.name), "warn")
        elif app.trajectories and await auto_backup.write_now(app):
            app.flash(t("ui.autobackup.written", folder=STATE.name), "info")
        app.refresh()
    await _guarded(app, work)


async def on_write_now(app, data, values, element=None):
    async def work():
        if await auto_backup.write_now(app, ask=True):
            app.flash(t("ui.autobackup.written", folder=STATE.name), "info")
        app.refresh()
    await _guarded(app, work)


async def on_forget(app, data, values, element=None):
    async def work():
        await auto_backup.folder().forget()
        await auto_backup.load(app)
        app.flash(t("ui.autobackup.stopped"), "info")
        app.refresh()
    await _guarded(app, work)


async def on_restore(app, data, values, element=None):
    """Read the newest backup in the folder (choosing one first if none is chosen) and show
    the import preview; nothing changes before the coach chooses merge or replace."""
    from .backup import take_import

    async def work():
        if STATE.name is None:
            if await auto_backup.folder().choose() is None:
                return
            await auto_backup.load(app)
        raw = await auto_backup.read_newest(app)
        if raw is None:
            app.flash(t("ui.autobackup.error.permission" if STATE.error == "permission" else "ui.autobackup.none_found",
                        folder=STATE.name), "error")
        else:
            take_import(app, raw)
        app.navigate("#/backup")
        reveal(".import-preview")
    await _guarded(app, work)


ACTIONS = {"autobackup-choose": on_choose, "autobackup-allow": on_write_now, "autobackup-now": on_write_now,
           "autobackup-forget": on_forget, "autobackup-restore": on_restore}
