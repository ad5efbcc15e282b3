"""Settings (``#/instellingen``): the coach's practice, appointment defaults, reminders,
contract terms and the default text of every client message.

The form's rules are in :mod:`traject.settings_form` (field-keyed Dutch messages); this view
reads the fields, shows each problem next to its field and saves only a valid whole.
"""

from traject.drafts import PLACEHOLDERS, message_text, set_message_text
from traject.errors import ValidationError
from traject.messages import t
from traject.practice import LIBERATION_DAY_RULES, MAX_REMINDERS, MESSAGE_KINDS, PRICE_BASES, REMINDER_CHOICES
from traject.settings_form import read_settings_form, settings_form_values

from ..html import fragment, h
from .common import action_form, button, guide_link, notice, page_header, select, text_input, textarea


def _field(name, label, control, errors, hint=None):
    error = errors.get(name)
    return h("div", {"class": "field" + (" has-error" if error else "")},
             h("label", {"for": name}, label), control,
             h("p", {"class": "field-error", "id": f"{name}-error"}, error) if error else None,
             h("p", {"class": "hint"}, hint) if hint else None)


def _input(name, values, errors, **attrs):
    extra = {"aria-invalid": "true", "aria-describedby": f"{name}-error"} if name in errors else {}
    return text_input(name, values.get(name, ""), **attrs, **extra)


def _select(name, options, values):
    return select(name, options, values.get(name, ""))


def _text(name, label, values, errors, hint=None, **attrs):
    return _field(name, label, _input(name, values, errors, **attrs), errors, hint)


def _practice(values, errors):
    return h("section", {"class": "card", "aria-labelledby": "set-practice-h"},
             h("h2", {"id": "set-practice-h"}, t("ui.settings.practice")),
             h("p", {"class": "small muted"}, t("ui.settings.practice_intro")),
             h("div", {"class": "two-col"},
               _text("coach_name", t("ui.settings.coach_name"), values, errors, autocomplete="name"),
               _text("practice_name", t("ui.settings.practice_name"), values, errors, autocomplete="organization")),
             h("div", {"class": "two-col"},
               _text("practice_email", t("ui.settings.email"), values, errors, input_type="email", maxlength=254,
                     autocomplete="email"),
               _text("practice_phone", t("ui.settings.phone"), values, errors, input_type="tel", maxlength=50,
                     autocomplete="tel")),
             h("div", {"class": "two-col"},
               _text("practice_website", t("ui.settings.website"), values, errors, hint=t("ui.settings.optional")),
               _text("practice_kvk", t("ui.settings.kvk"), values, errors, hint=t("ui.settings.optional"),
                     maxlength=20, inputmode="numeric")))


def _appointments(values, errors):
    weekdays = [("", t("ui.settings.weekday_none"))] + [
        (str(i), name) for i, name in enumerate(t("draft.weekdays").split(","))]
    reminder_options = [("", t("ui.settings.reminder_none"))] + [
        (str(m), t(f"ui.settings.reminder.{m}")) for m in REMINDER_CHOICES]
    return h("section", {"class": "card", "aria-labelledby": "set-appointments-h"},
             h("h2", {"id": "set-appointments-h"}, t("ui.settings.appointments")),
             h("div", {"class": "two-col"},
               _text("start_time", t("ui.settings.start_time"), values, errors, input_type="time", required=True),
               _text("duration_minutes", t("ui.settings.duration"), values, errors, input_type="number", min="15",
                     max="240", hint=t("ui.settings.duration_hint"))),
             h("div", {"class": "two-col"},
               _field("weekday", t("ui.settings.weekday"), _select("weekday", weekdays, values), errors,
                      t("ui.settings.weekday_hint")),
               _field("liberation_day", t("ui.settings.liberation_day"),
                      _select("liberation_day", [(r, t("ui.settings.liberation." + r)) for r in LIBERATION_DAY_RULES],
                              values), errors)),
             h("fieldset", {}, h("legend", {}, t("ui.settings.reminders")),
               h("div", {"class": "row"},
                 [_field(f"reminder_{i}", t("ui.settings.reminder_n", n=i),
                         _select(f"reminder_{i}", reminder_options, values), errors)
                  for i in range(1, MAX_REMINDERS + 1)]),
               h("p", {"class": "hint"}, t("ui.settings.reminders_hint"))))


def _contract(values, errors):
    return h("section", {"class": "card", "aria-labelledby": "set-contract-h"},
             h("h2", {"id": "set-contract-h"}, t("ui.settings.contract")),
             h("p", {"class": "small muted"}, t("ui.settings.contract_intro")),
             h("div", {"class": "two-col"},
               _text("price", t("ui.settings.price"), values, errors, inputmode="decimal", maxlength=20,
                     hint=t("ui.settings.price_hint")),
               _field("price_basis", t("ui.settings.price_basis"),
                      _select("price_basis", [(b, t("ui.settings.price_basis." + b)) for b in PRICE_BASES], values),
                      errors)),
             h("div", {"class": "two-col"},
               _text("payment_days", t("ui.settings.payment_days"), values, errors, input_type="number", min="0",
                     max="365"),
               _text("cancellation_hours", t("ui.settings.cancellation_hours"), values, errors, input_type="number",
                     min="0", max="336")),
             _field("confidentiality", t("ui.settings.confidentiality"),
                    textarea("confidentiality", values.get("confidentiality", ""), rows=3), errors,
                    t("ui.settings.standard_text_hint")),
             _field("unused_sessions", t("ui.settings.unused_sessions"),
                    textarea("unused_sessions", values.get("unused_sessions", ""), rows=2), errors,
                    t("ui.settings.standard_text_hint")))


def _messages(values):
    placeholders = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    rows = []
    for kind in MESSAGE_KINDS:
        rows.append(h("details", {"class": "message-text"},
                      h("summary", {}, t("ui.messages.kind." + kind)),
                      _field(f"msg_{kind}_subject", t("ui.messages.subject"),
                             text_input(f"msg_{kind}_subject", values.get(f"msg_{kind}_subject", ""), maxlength=300), {}),
                      _field(f"msg_{kind}_body", t("ui.messages.body"),
                             textarea(f"msg_{kind}_body", values.get(f"msg_{kind}_body", ""), rows=8), {})))
    return h("section", {"class": "card", "aria-labelledby": "set-messages-h"},
             h("h2", {"id": "set-messages-h"}, t("ui.settings.messages")),
             h("p", {"class": "small muted"}, t("ui.settings.messages_intro", placeholders=placeholders)), rows)


def _values(settings):
    values = settings_form_values(settings)
    for kind in MESSAGE_KINDS:
        values[f"msg_{kind}_subject"], values[f"msg_{kind}_body"] = message_text(settings, kind)
    return values


def render(app, errors=None, values=None):
    errors = errors or {}
    values = values if values is not None else _values(app.settings)
    return fragment(
        page_header(t("ui.settings.title"), back=("#/", t("ui.nav.overview"))),
        h("p", {"class": "muted"}, t("ui.settings.intro"), " ", guide_link("afspraken-en-berichten")),
        notice(t("ui.settings.has_errors", count=len(errors)), "error") if errors else None,
        action_form("settings-save", _practice(values, errors), _appointments(values, errors),
                    _contract(values, errors), _messages(values),
                    h("div", {"class": "row sticky-actions"}, button(t("ui.settings.save"), None, button_type="submit")),
                    form_id="settings-form"))


def on_save(app, data, values):
    """Validate the whole form; store it only when every field is right."""
    try:
        result = read_settings_form(app.settings, values)
        for kind in MESSAGE_KINDS:
            set_message_text(result, kind, str(values.get(f"msg_{kind}_subject", "")),
                             str(values.get(f"msg_{kind}_body", "")))
    except ValidationError as exc:
        app.show(render(app, errors={p.path: p.message for p in exc.problems}, values=values))
        return
    previous, app.settings = app.settings, result
    if not app.save_settings():
        app.settings = previous
        app.show(render(app, values=values))
        return
    app.flash(t("ui.settings.saved"), "info")
    app.refresh()


ACTIONS = {"settings-save": on_save}
