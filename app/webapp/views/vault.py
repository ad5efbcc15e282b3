"""The vault's screens: unlock (the only screen while locked) and ``#/kluis`` (turn it on or
off, the recovery key shown once, change the passphrase, auto-lock time, lock now)."""

import js

from traject.errors import ValidationError
from traject.messages import t
from traject.vault import DEFAULT_IDLE_MINUTES, MAX_IDLE_MINUTES, check_idle_minutes

from .. import vault_session
from ..html import fragment, h
from .common import action_form, button, field, guide_link, notice, page_header, text_input


def _password(name, label, hint=None, autocomplete="current-password"):
    return field(label, text_input(name, input_type="password", field_id=f"vault-{name}", maxlength=500,
                                   autocomplete=autocomplete), hint)


def _submit(text, kind=""):
    return button(text, None, kind=kind, button_type="submit")


def render_unlock(app):
    """While locked: no client data at all, only the two ways in."""
    damaged = vault_session.SESSION.meta is None
    return fragment(
        h("h1", {}, t("ui.vault.locked_title")),
        notice(t("ui.vault.damaged"), "error") if damaged else None,
        h("p", {}, t("ui.vault.locked_explain")),
        action_form("vault-unlock", _password("passphrase", t("ui.vault.passphrase")),
                    _submit(t("ui.vault.unlock")), css="card narrow-form", form_id="vault-unlock-form"),
        h("details", {"class": "card"},
          h("summary", {}, t("ui.vault.recovery_title")),
          h("p", {"class": "small"}, t("ui.vault.recovery_explain")),
          action_form("vault-recover",
                      field(t("ui.vault.recovery_key"), text_input("recovery", field_id="vault-recovery",
                                                                   maxlength=100, autocomplete="off")),
                      _password("new", t("ui.vault.new_passphrase"), autocomplete="new-password"),
                      _password("repeat", t("ui.vault.repeat_passphrase"), autocomplete="new-password"),
                      _submit(t("ui.vault.recover_submit"), "secondary"))),
        h("p", {"class": "small muted"}, t("ui.vault.no_recovery"), " ", guide_link("privacy-en-backups", root=True)))


def _recovery_panel(code):
    return h("section", {"class": "card recovery-key", "aria-labelledby": "recovery-h"},
             h("h2", {"id": "recovery-h"}, t("ui.vault.recovery_show_title")),
             h("p", {}, t("ui.vault.recovery_show_explain")),
             h("p", {"class": "recovery-code"}, h("code", {"id": "recovery-code"}, code)),
             h("p", {"class": "small"}, t("ui.vault.no_recovery")),
             h("div", {"class": "row no-print"},
               button(t("ui.vault.print"), "vault-print", kind="secondary"),
               button(t("ui.vault.recovery_done"), "vault-recovery-done")))


def _off(app):
    return h("section", {"class": "card", "aria-labelledby": "vault-on-h"},
             h("h2", {"id": "vault-on-h"}, t("ui.vault.turn_on_title")),
             h("p", {}, t("ui.vault.turn_on_explain")),
             h("p", {"class": "small"}, t("ui.vault.no_recovery")),
             action_form("vault-on",
                         _password("passphrase", t("ui.vault.passphrase"), t("ui.vault.passphrase_hint"),
                                   autocomplete="new-password"),
                         _password("repeat", t("ui.vault.repeat_passphrase"), autocomplete="new-password"),
                         _idle_field(DEFAULT_IDLE_MINUTES),
                         _submit(t("ui.vault.turn_on"))))


def _idle_field(value):
    return field(t("ui.vault.idle_minutes"),
                 h("input", {"type": "number", "name": "idle", "id": "vault-idle", "min": "1",
                             "max": str(MAX_IDLE_MINUTES), "value": str(value), "class": "narrow"}))


def _on(app):
    meta = vault_session.SESSION.meta
    return fragment(
        h("section", {"class": "card", "aria-labelledby": "vault-status-h"},
          h("h2", {"id": "vault-status-h"}, t("ui.vault.on_title")),
          h("p", {}, t("ui.vault.on_explain", minutes=meta.idle_minutes)),
          button(t("ui.vault.lock"), "vault-lock", kind="secondary")),
        h("section", {"class": "card", "aria-labelledby": "vault-pass-h"},
          h("h2", {"id": "vault-pass-h"}, t("ui.vault.change_title")),
          action_form("vault-change",
                      _password("current", t("ui.vault.current_passphrase")),
                      _password("new", t("ui.vault.new_passphrase"), t("ui.vault.passphrase_hint"),
                                autocomplete="new-password"),
                      _password("repeat", t("ui.vault.repeat_passphrase"), autocomplete="new-password"),
                      _submit(t("ui.vault.change_submit"), "secondary"))),
        h("section", {"class": "card", "aria-labelledby": "vault-idle-h"},
          h("h2", {"id": "vault-idle-h"}, t("ui.vault.idle_title")),
          action_form("vault-idle", _idle_field(meta.idle_minutes), _submit(t("ui.backup.nudge_save"), "secondary"))),
        h("section", {"class": "card", "aria-labelledby": "vault-off-h"},
          h("h2", {"id": "vault-off-h"}, t("ui.vault.turn_off_title")),
          h("p", {}, t("ui.vault.turn_off_explain")),
          action_form("vault-off", _password("passphrase", t("ui.vault.passphrase")),
                      _submit(t("ui.vault.turn_off"), "danger"))))


def render(app):
    recovery = app.state.vault_recovery
    return fragment(
        page_header(t("ui.vault.title"), back=("#/backup", t("ui.backup.title"))),
        h("p", {"class": "muted"}, t("ui.vault.intro"), " ", guide_link("privacy-en-backups", root=True)),
        _recovery_panel(recovery) if recovery else None,
        _on(app) if vault_session.SESSION.on else _off(app))


def _fail(app, exc):
    app.flash(" ".join(p.message for p in exc.problems[:3]), "error")
    app.refresh(keep_form=True)


async def _attempt(app, work, done=None, status=""):
    """Run one vault action (a coroutine): "Bezig…" meanwhile; a refusal is shown with what
    the coach typed kept; on success ``done`` (Dutch) is shown and the screen drawn again."""
    app._status(t("ui.vault.working"), "")
    try:
        result = await work
    except ValidationError as exc:
        app._status("", "")
        _fail(app, exc)
        return False, None
    app._status(status, "ok" if status else "")
    if done:
        app.flash(done, "info")
    return True, result


async def on_unlock(app, data, values, element=None):
    ok, _ = await _attempt(app, vault_session.unlock(app, values.get("passphrase", "")))
    if ok:
        app.refresh()


async def on_recover(app, data, values, element=None):
    ok, _ = await _attempt(app, vault_session.unlock_with_recovery(
        app, values.get("recovery", ""), values.get("new", ""), values.get("repeat", "")), t("ui.vault.recovered"))
    if ok:
        app.refresh()


async def on_turn_on(app, data, values, element=None):
    try:
        idle = check_idle_minutes(values.get("idle", ""))
    except ValidationError as exc:
        return _fail(app, exc)
    ok, recovery = await _attempt(app, vault_session.turn_on(app, values.get("passphrase", ""),
                                                             values.get("repeat", ""), idle),
                                  status=t("ui.vault.turned_on"))
    if ok:
        app.state.vault_recovery = recovery
        app.refresh()
    return None


async def on_turn_off(app, data, values, element=None):
    ok, _ = await _attempt(app, vault_session.turn_off(app, values.get("passphrase", "")),
                           t("ui.vault.turned_off"), t("ui.vault.turned_off"))
    if ok:
        app.refresh()


async def on_change(app, data, values, element=None):
    ok, _ = await _attempt(app, vault_session.change_passphrase(values.get("current", ""), values.get("new", ""),
                                                                values.get("repeat", "")), t("ui.vault.changed"))
    if ok:
        app.refresh()


def on_idle(app, data, values):
    try:
        minutes = check_idle_minutes(values.get("idle", ""))
    except ValidationError as exc:
        return _fail(app, exc)
    vault_session.set_idle_minutes(minutes)
    app.flash(t("ui.vault.idle_saved", minutes=minutes), "info")
    app.refresh()


def on_lock(app, data, values):
    vault_session.lock(app)


def on_print(app, data, values):
    js.window.print()


def on_recovery_done(app, data, values):
    app.state.vault_recovery = None
    app.refresh()


ACTIONS = {"vault-unlock": on_unlock, "vault-recover": on_recover, "vault-on": on_turn_on, "vault-off": on_turn_off,
           "vault-change": on_change, "vault-idle": on_idle, "vault-lock": on_lock, "vault-print": on_print,
           "vault-recovery-done": on_recovery_done}
