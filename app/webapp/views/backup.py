"""Backup: export everything or one trajectory; import with a preview, merge or replace;
and unreadable stored entries, kept untouched and offered for export."""

import json

from traject.backup import MAX_INPUT_CHARS
from traject.errors import FieldError, ValidationError
from traject.messages import t
from traject.services import inputs, settings, transfer

from .. import fmt
from ..html import fragment, h
from .common import action_form, button, guide_link, notice, page_header


DEFAULT_NUDGE_DAYS = 7


def nudge_days(app):
    value = app.settings.ui.get("backup_nudge_days") if app.settings else None
    return value if isinstance(value, int) and 1 <= value <= 365 else DEFAULT_NUDGE_DAYS


def needs_backup_nudge(app):
    """True when there are changes since the last export (or none was made) and that
    export, or the oldest unsaved-to-backup change, is at least ``nudge_days`` old."""
    if not app.trajectories:
        return False
    last = app.settings.ui.get("last_export") if app.settings else None
    changed = [tr.updated_at for tr in app.trajectories.values() if not last or tr.updated_at > last]
    if not changed:
        return False
    since = (last or min(changed))[:10]
    try:
        from datetime import date
        days = (app.today() - date.fromisoformat(since)).days
    except ValueError:
        return True
    return days >= nudge_days(app)


def _persist_text(app):
    if app.persisted is None:
        return t("ui.storage.persist_unknown")
    return t("ui.storage.persisted" if app.persisted else "ui.storage.not_persisted")


def _last_export(app):
    stamp = app.settings.ui.get("last_export") if app.settings else None
    if not stamp:
        return t("ui.backup.never_exported")
    return t("ui.backup.last_export", date=stamp[:10], time=stamp[11:16])


def _preview(app, pending):
    conflicts = [tr for tr in pending.trajectories if tr.id in app.trajectories]
    items = [h("li", {}, tr.client.name, h("span", {"class": "small muted"}, " · ", t("status." + tr.status),
                                            " · ", t("ui.backup.conflict") if tr.id in app.trajectories else t("ui.backup.new")))
             for tr in pending.trajectories[:50]]
    more = len(pending.trajectories) - 50
    conflict_boxes = [h("label", {"class": "check"},
                        h("input", {"type": "checkbox", "name": "overwrite", "value": tr.id}),
                        t("ui.backup.overwrite", client=tr.client.name)) for tr in conflicts]
    return h("section", {"class": "card import-preview", "aria-labelledby": "preview-h"},
             h("h2", {"id": "preview-h"}, t("ui.backup.preview_title")),
             h("p", {}, t("ui.backup.preview_counts", trajectories=len(pending.trajectories),
                          templates=len(pending.templates), conflicts=len(conflicts))),
             h("ul", {}, items, h("li", {}, t("ui.backup.more", count=more)) if more > 0 else None),
             action_form("import-merge", h("fieldset", {}, h("legend", {}, t("ui.backup.merge_title")),
                                           h("p", {"class": "small"}, t("ui.backup.merge_explain")),
                                           conflict_boxes,
                                           button(t("ui.backup.merge_submit"), None, button_type="submit"))),
             action_form("import-replace", h("fieldset", {}, h("legend", {}, t("ui.backup.replace_title")),
                                             h("p", {"class": "small"}, t("ui.backup.replace_explain")),
                                             h("label", {"class": "check confirm"},
                                               h("input", {"type": "checkbox", "name": "confirm", "value": "1"}),
                                               t("ui.backup.replace_confirm")),
                                             button(t("ui.backup.replace_submit"), None, kind="danger", button_type="submit"))),
             button(t("ui.backup.cancel"), "import-cancel", kind="secondary"))


def _unreadable(app):
    if not app.unreadable:
        return None
    return h("section", {"class": "card", "aria-labelledby": "unreadable-h"},
             h("h2", {"id": "unreadable-h"}, t("ui.storage.unreadable_title")),
             h("p", {}, t("ui.storage.unreadable_explain")),
             h("ul", {}, [h("li", {}, h("code", {}, entry.key), h("div", {"class": "small muted"}, entry.reason[:300]))
                          for entry in app.unreadable]),
             h("div", {"class": "row"},
               button(t("ui.storage.export_unreadable"), "export-unreadable", kind="secondary")),
             action_form("delete-unreadable", h("details", {},
                 h("summary", {}, t("ui.storage.delete_unreadable")),
                 h("p", {"class": "small"}, t("ui.storage.delete_unreadable_explain")),
                 h("label", {"class": "check confirm"}, h("input", {"type": "checkbox", "name": "confirm", "value": "1"}),
                   t("ui.storage.delete_unreadable_confirm")),
                 button(t("ui.storage.delete_unreadable"), None, kind="danger", button_type="submit"))))


def render(app):
    pending = app.state.pending_import
    return fragment(
        page_header(t("ui.backup.title")),
        h("p", {"class": "muted"}, t("ui.backup.intro"), " ", guide_link("privacy-en-backups", root=True)),
        _unreadable(app),
        h("section", {"class": "card", "aria-labelledby": "export-h"},
          h("h2", {"id": "export-h"}, t("ui.backup.export_title")),
          h("p", {}, t("ui.backup.export_explain", count=len(app.trajectories))),
          h("p", {"class": "small muted", "id": "last-export"}, _last_export(app)),
          button(t("ui.backup.export_all"), "export-all")),
        h("section", {"class": "card", "aria-labelledby": "safety-h"},
          h("h2", {"id": "safety-h"}, t("ui.backup.safety_title")),
          h("p", {"id": "persist-status"}, _persist_text(app)),
          action_form("backup-settings",
                      h("div", {"class": "row"},
                        h("label", {"for": "nudge-days"}, t("ui.backup.nudge_days")),
                        h("input", {"type": "number", "id": "nudge-days", "name": "days", "min": "1", "max": "365",
                                    "value": str(nudge_days(app)), "class": "narrow"}),
                        button(t("ui.backup.nudge_save"), None, kind="secondary small", button_type="submit")))),
        h("section", {"class": "card", "aria-labelledby": "import-h"},
          h("h2", {"id": "import-h"}, t("ui.backup.import_title")),
          h("p", {}, t("ui.backup.import_explain")),
          h("label", {"for": "import-file"}, t("ui.backup.choose_file")),
          h("input", {"type": "file", "id": "import-file", "accept": ".json,application/json", "data-action": "import-file"})),
        _preview(app, pending) if pending else None)


async def on_import_file(app, data, values, element=None):
    files = element.files if element is not None else None
    if not files or files.length == 0:
        return
    file = files.item(0)
    if file.size > 4 * MAX_INPUT_CHARS:  # bytes; UTF-8 takes at most 4 per character
        app.state.pending_import = None
        app.flash(t("ui.backup.too_large"), "error")
        app.refresh()
        return
    text = (await file.arrayBuffer()).to_bytes().decode("utf-8-sig", "replace")  # as file.text(), faster
    try:
        app.state.pending_import = transfer.read_import(text)
    except ValidationError as exc:
        app.state.pending_import = None
        details = [f"{p.message}" for p in exc.problems[:8]]
        app.flash(t("ui.backup.invalid", details=" · ".join(details)), "error")
    app.refresh()


def on_merge(app, data, values):
    pending = app.state.pending_import
    if pending is None:
        return
    outcome = app.run(transfer.import_merge, pending, overwrite=set(inputs.choices(values, "overwrite")))
    if outcome.ok:
        app.state.pending_import = None
        app.flash(t("ui.backup.imported", count=outcome.value), "info")
        app.navigate("#/")


def on_replace(app, data, values):
    pending = app.state.pending_import
    if pending is None:
        return
    if not inputs.checked(values, "confirm"):  # asked before the safety copy is downloaded
        app.failed(FieldError("confirm", "ui.backup.replace_need_confirm"))
        return
    if not export_everything(app):  # a safety copy of the current data first
        return
    outcome = app.run(transfer.import_replace, pending, confirmed=True)
    if outcome.ok:
        app.state.pending_import = None
        app.flash(t("ui.backup.replaced", count=outcome.value), "info")
        app.navigate("#/")


def on_cancel(app, data, values):
    app.state.pending_import = None
    app.refresh()


def export_everything(app):
    """Download the backup of everything and remember when; True when it was offered."""
    outcome = app.run(transfer.backup_file)
    if outcome.ok:
        app.download_file(outcome.value)
        outcome = app.run(settings.record_export)
    return outcome.ok


def on_export_all(app, data, values):
    if export_everything(app):
        app.refresh()


def _readable_text(raw):
    """The stored text unpacked where that still works (a compressed entry may be damaged)."""
    from traject.storage_codec import CodecError, decode

    try:
        return decode(raw)
    except CodecError:
        return None


def on_export_unreadable(app, data, values):
    from ..dom import download

    payload = {"app": "traject", "unreadable_entries": [
        {"key": e.key, "raw": e.raw, "text": _readable_text(e.raw), "reason": e.reason} for e in app.unreadable]}
    download(f"traject-onleesbaar-{app.today().isoformat()}.json", json.dumps(payload, ensure_ascii=False, indent=2))


def _nudge(uow, clock, values):
    return settings.set_backup_nudge(uow, clock, days=inputs.whole_number(values, "days"))


def on_backup_settings(app, data, values):
    outcome = app.run(_nudge, values)
    if outcome.ok:
        app.flash(t("ui.backup.nudge_saved", days=outcome.value.ui["backup_nudge_days"]), "info")
        app.refresh()


def on_delete_unreadable(app, data, values):
    app.act(transfer.delete_unreadable, confirmed=inputs.checked(values, "confirm"),
            message=t("ui.storage.unreadable_deleted"))


ACTIONS = {"backup-settings": on_backup_settings, "delete-unreadable": on_delete_unreadable,
           "import-file": on_import_file, "import-merge": on_merge, "import-replace": on_replace,
           "import-cancel": on_cancel, "export-all": on_export_all, "export-unreadable": on_export_unreadable}
