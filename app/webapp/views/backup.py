"""Backup: export everything or one trajectory; import with a preview, merge or replace;
and unreadable stored entries, kept untouched and offered for export."""

import json

from traject.autobackup import latest_stamp
from traject.backup import MAX_INPUT_CHARS
from traject.crypto_envelope import check_new_passphrase, looks_encrypted, read_envelope
from traject.dutch import plural
from traject.errors import FieldError, ValidationError, user_error
from traject.messages import t
from traject.reader import read_json, read_text
from traject.reminder import backup_due
from traject.services import inputs, settings, transfer

from .. import auto_backup, fmt, vault_session
from ..auto_backup import STATE
from ..clock import offset_at
from ..html import fragment, h
from . import backup_folder
from .common import action_form, button, field, guide_link, notice, page_header, select, text_input


DEFAULT_NUDGE_DAYS = 7


def nudge_days(app):
    value = app.settings.ui.get("backup_nudge_days") if app.settings else None
    return value if isinstance(value, int) and 1 <= value <= 365 else DEFAULT_NUDGE_DAYS


def needs_backup_nudge(app):
    """True when there are changes since the last backup, exported or written to the backup
    folder (or none was made), and that backup, or the oldest change not in a backup, is at
    least ``nudge_days`` old."""
    if not app.trajectories:
        return False
    last = latest_stamp(app.settings.ui.get("last_export") if app.settings else None, STATE.last_written)
    return backup_due([tr.updated_at for tr in app.trajectories.values()], last, app.today(), nudge_days(app),
                      offset_at)


def _persist_text(app):
    if app.persisted is None:
        return t("ui.storage.persist_unknown")
    return t("ui.storage.persisted" if app.persisted else "ui.storage.not_persisted")


def last_export_text(app):
    """``Laatste backup: 29 nov. 2026 om 00:30`` in the coach's local time (or "never")."""
    stamp = app.settings.ui.get("last_export") if app.settings else None
    if not stamp:
        return t("ui.backup.never_exported")
    return t("ui.backup.last_export", moment=fmt.moment(stamp, offset_at))


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
             h("p", {}, t("ui.backup.preview_counts", trajectories=plural(len(pending.trajectories), "trajectory"),
                          templates=plural(len(pending.templates), "template"),
                          conflicts=plural(len(conflicts), "conflict"))),
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
        backup_folder.section(),
        h("section", {"class": "card", "aria-labelledby": "export-h"},
          h("h2", {"id": "export-h"}, t("ui.backup.export_title")),
          h("p", {}, t("ui.backup.export_explain", count=len(app.trajectories))),
          h("p", {"class": "small muted", "id": "last-export"}, last_export_text(app)),
          button(t("ui.backup.export_all"), "export-all"),
          _encrypted_export(app)),
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
          h("input", {"type": "file", "id": "import-file", "accept": ".json,application/json", "data-action": "import-file"}),
          _decrypt_form() if app.state.pending_encrypted else None),
        _preview(app, pending) if pending else None)


def _password(name, label, field_id, hint=None, autocomplete="new-password"):
    return field(label, text_input(name, input_type="password", field_id=field_id, maxlength=500,
                                   autocomplete=autocomplete), hint)


def _encrypted_export(app):
    """With the vault on every export is encrypted with its passphrase; otherwise the coach
    may choose a passphrase for one file (everything, or one trajectory)."""
    if vault_session.SESSION.on:
        return h("p", {"class": "small", "id": "export-encrypted-note"}, t("ui.vault.export_note"), " ",
                 h("a", {"href": "#/kluis"}, t("ui.vault.title")))
    choices = [("all", t("ui.vault.export_what_all"))] + [
        (tr.id, tr.client.name) for tr in sorted(app.trajectories.values(), key=lambda tr: tr.client.name.lower())]
    return fragment(
        h("details", {"class": "encrypted-export"},
          h("summary", {}, t("ui.vault.export_encrypted_title")),
          h("p", {"class": "small"}, t("ui.vault.export_encrypted_explain")),
          action_form("export-encrypted",
                      field(t("ui.vault.export_what"), select("what", choices, "all", field_id="export-what")),
                      _password("passphrase", t("ui.vault.passphrase"), "export-passphrase", t("ui.vault.passphrase_hint")),
                      _password("repeat", t("ui.vault.repeat_passphrase"), "export-repeat"),
                      button(t("ui.vault.export_encrypted_submit"), None, kind="secondary", button_type="submit"))),
        h("p", {"class": "small"}, h("a", {"href": "#/kluis"}, t("ui.vault.link"))))


def _decrypt_form():
    return action_form("import-decrypt",
                       notice(t("ui.vault.import_encrypted"), "info", role="status"),
                       _password("passphrase", t("ui.vault.passphrase"), "import-passphrase", autocomplete="off"),
                       h("div", {"class": "row"},
                         button(t("ui.vault.import_decrypt"), None, button_type="submit"),
                         button(t("ui.backup.cancel"), "import-cancel", kind="secondary")),
                       form_id="import-decrypt-form")


def _read_pending(app, raw):
    """An import's bytes, decoded by the strict reader: a plain file becomes the pending import;
    an encrypted one waits for its passphrase (a damaged envelope is refused at once)."""
    app.state.pending_import = app.state.pending_encrypted = None
    text = read_text(raw, MAX_INPUT_CHARS)
    if looks_encrypted(text):
        try:
            read_envelope(read_json(text, MAX_INPUT_CHARS))
        except ValueError:
            raise user_error("crypto_damaged") from None
        app.state.pending_encrypted = text
        return
    app.state.pending_import = transfer.read_import(text)


async def on_import_decrypt(app, data, values, element=None):
    text = app.state.pending_encrypted
    if text is None:
        return
    try:
        plain = await vault_session.decrypt_file(text, values.get("passphrase", ""))
        pending = transfer.read_import(plain)
    except ValidationError as exc:
        app.flash(t("ui.backup.invalid", details=" · ".join(p.message for p in exc.problems[:8])), "error")
        app.refresh(keep_form=True)
        return
    app.state.pending_encrypted, app.state.pending_import = None, pending
    app.refresh()


def on_export_encrypted(app, data, values):
    try:
        passphrase = check_new_passphrase(values.get("passphrase", ""), values.get("repeat", ""))
    except ValidationError as exc:
        app.flash(exc.problems[0].message, "error")
        app.refresh(keep_form=True)
        return None
    what = values.get("what", "all")
    one = what != "all" and what in app.trajectories
    outcome = app.run(transfer.trajectory_file, what) if one else app.run(transfer.backup_file)
    if not outcome.ok:
        return None
    task = app.download_file(outcome.value, passphrase)
    if not one:
        app.run(settings.record_export)
    app.flash(t("ui.vault.export_encrypted_done"), "info")
    app.refresh()
    return task


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
    take_import(app, (await file.arrayBuffer()).to_bytes())  # bytes: the domain's strict reader decodes them
    app.refresh()


def take_import(app, raw):
    """Read an import's bytes into the preview (``app.state.pending_import``), or flash why not."""
    try:
        _read_pending(app, raw)
    except ValidationError as exc:
        app.state.pending_import = app.state.pending_encrypted = None
        details = [f"{p.message}" for p in exc.problems[:8]]
        app.flash(t("ui.backup.invalid", details=" · ".join(details)), "error")


def on_merge(app, data, values):
    pending = app.state.pending_import
    if pending is None:
        return
    outcome = app.run(transfer.import_merge, pending, overwrite=set(inputs.choices(values, "overwrite")))
    if outcome.ok:
        app.state.pending_import = None
        app.flash(t("ui.backup.imported", trajectories=plural(outcome.value, "trajectory")), "info")
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
        app.flash(t("ui.backup.replaced", trajectories=plural(outcome.value, "trajectory")), "info")
        app.navigate("#/")


def on_cancel(app, data, values):
    app.state.pending_import = app.state.pending_encrypted = None
    app.refresh()


def export_everything(app):
    """Download the backup of everything and remember when; True when it was offered."""
    outcome = app.run(auto_backup.produce)  # services.transfer.backup_file, or what wraps it
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
    payload = {"app": "traject", "unreadable_entries": [
        {"key": e.key, "raw": e.raw, "text": _readable_text(e.raw), "reason": e.reason} for e in app.unreadable]}
    app.download_file(transfer.ExportFile(f"traject-onleesbaar-{app.today().isoformat()}.json",
                                          json.dumps(payload, ensure_ascii=False, indent=2)))


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
           "import-cancel": on_cancel, "export-all": on_export_all, "export-unreadable": on_export_unreadable,
           "export-encrypted": on_export_encrypted, "import-decrypt": on_import_decrypt}
