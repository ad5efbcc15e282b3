"""Settings (``#/instellingen``): the coach's practice, appointment defaults, reminders,
contract terms and the default text of every client message.

The form's rules are in :mod:`traject.settings_form` (field-keyed Dutch messages), stored by
:func:`traject.services.appointments.save_practice_settings`; a refused field gets its message
next to it (``App.failed``) and nothing is stored.
"""

from traject.drafts import PLACEHOLDERS, message_text
from traject.messages import t
from traject.practice import LIBERATION_DAY_RULES, MAX_REMINDERS, MESSAGE_KINDS, PRICE_BASES, REMINDER_CHOICES
from traject.services import appointments
from traject.settings_form import settings_form_values

from ..html import fragment, h
from .common import action_form, button, field, guide_link, page_header, select, text_input, textarea


def _field(name, label, control, hint=None):
    return field(label, control, hint, field_id=name)


def _select(name, options, values):
    return select(name, options, values.get(name, ""))


def _text(name, label, values, hint=None, **attrs):
    return _field(name, label, text_input(name, values.get(name, ""), **attrs), hint)


def _practice(values):
    return h("section", {"class": "card", "aria-labelledby": "set-practice-h"},
             h("h2", {"id": "set-practice-h"}, t("ui.settings.practice")),
             h("p", {"class": "small muted"}, t("ui.settings.practice_intro")),
             h("div", {"class": "two-col"},
               _text("coach_name", t("ui.settings.coach_name"), values, autocomplete="name"),
               _text("practice_name", t("ui.settings.practice_name"), values, autocomplete="organization")),
             h("div", {"class": "two-col"},
               _text("practice_email", t("ui.settings.email"), values, input_type="email", maxlength=254,
                     autocomplete="email"),
               _text("practice_phone", t("ui.settings.phone"), values, input_type="tel", maxlength=50,
                     autocomplete="tel")),
             h("div", {"class": "two-col"},
               _text("practice_website", t("ui.settings.website"), values, hint=t("ui.settings.optional")),
               _text("practice_kvk", t("ui.settings.kvk"), values, hint=t("ui.settings.optional"),
                     maxlength=20, inputmode="numeric")))


def _appointments(values):
    weekdays = [("", t("ui.settings.weekday_none"))] + [
        (str(i), name) for i, name in enumerate(t("draft.weekdays").split(","))]
    reminder_options = [("", t("ui.settings.reminder_none"))] + [
        (str(m), t(f"ui.settings.reminder.{m}")) for m in REMINDER_CHOICES]
    return h("section", {"class": "card", "aria-labelledby": "set-appointments-h"},
             h("h2", {"id": "set-appointments-h"}, t("ui.settings.appointments")),
             h("div", {"class": "two-col"},
               _text("start_time", t("ui.settings.start_time"), values, required=True, inputmode="numeric",
                     maxlength=5, placeholder="09:30", hint=t("ui.settings.time_hint")),
               _text("duration_minutes", t("ui.settings.duration"), values, input_type="number", min="15",
                     max="240", hint=t("ui.settings.duration_hint"))),
             h("div", {"class": "two-col"},
               _field("weekday", t("ui.settings.weekday"), _select("weekday", weekdays, values),
                      t("ui.settings.weekday_hint")),
               _field("liberation_day", t("ui.settings.liberation_day"),
                      _select("liberation_day", [(r, t("ui.settings.liberation." + r)) for r in LIBERATION_DAY_RULES],
                              values))),
             h("fieldset", {}, h("legend", {}, t("ui.settings.reminders")),
               h("div", {"class": "row"},
                 [_field(f"reminder_{i}", t("ui.settings.reminder_n", n=i),
                         _select(f"reminder_{i}", reminder_options, values))
                  for i in range(1, MAX_REMINDERS + 1)]),
               h("p", {"class": "hint"}, t("ui.settings.reminders_hint"))))


def _contract(values):
    return h("section", {"class": "card", "aria-labelledby": "set-contract-h"},
             h("h2", {"id": "set-contract-h"}, t("ui.settings.contract")),
             h("p", {"class": "small muted"}, t("ui.settings.contract_intro")),
             h("div", {"class": "two-col"},
               _text("price", t("ui.settings.price"), values, inputmode="decimal", maxlength=20,
                     hint=t("ui.settings.price_hint")),
               _field("price_basis", t("ui.settings.price_basis"),
                      _select("price_basis", [(b, t("ui.settings.price_basis." + b)) for b in PRICE_BASES], values))),
             h("div", {"class": "two-col"},
               _text("payment_days", t("ui.settings.payment_days"), values, input_type="number", min="0",
                     max="365"),
               _text("cancellation_hours", t("ui.settings.cancellation_hours"), values, input_type="number",
                     min="0", max="336")),
             _field("confidentiality", t("ui.settings.confidentiality"),
                    textarea("confidentiality", values.get("confidentiality", ""), rows=3),
                    t("ui.settings.standard_text_hint")),
             _field("unused_sessions", t("ui.settings.unused_sessions"),
                    textarea("unused_sessions", values.get("unused_sessions", ""), rows=2),
                    t("ui.settings.standard_text_hint")))


def _messages(values):
    placeholders = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    rows = []
    for kind in MESSAGE_KINDS:
        rows.append(h("details", {"class": "message-text"},
                      h("summary", {}, t("ui.messages.kind." + kind)),
                      _field(f"msg_{kind}_subject", t("ui.messages.subject"),
                             text_input(f"msg_{kind}_subject", values.get(f"msg_{kind}_subject", ""), maxlength=300)),
                      _field(f"msg_{kind}_body", t("ui.messages.body"),
                             textarea(f"msg_{kind}_body", values.get(f"msg_{kind}_body", ""), rows=8))))
    return h("section", {"class": "card", "aria-labelledby": "set-messages-h"},
             h("h2", {"id": "set-messages-h"}, t("ui.settings.messages")),
             h("p", {"class": "small muted"}, t("ui.settings.messages_intro", placeholders=placeholders)), rows)


def _values(settings):
    values = settings_form_values(settings)
    for kind in MESSAGE_KINDS:
        values[f"msg_{kind}_subject"], values[f"msg_{kind}_body"] = message_text(settings, kind)
    return values


def render(app):
    values = _values(app.settings)
    return fragment(
        page_header(t("ui.settings.title"), back=("#/", t("ui.nav.overview"))),
        h("p", {"class": "muted"}, t("ui.settings.intro"), " ", guide_link("afspraken-en-berichten")),
        h("p", {"class": "small"}, h("a", {"href": "#/kluis"}, t("ui.vault.link"))),
        action_form("settings-save", _practice(values), _appointments(values),
                    _contract(values), _messages(values),
                    h("div", {"class": "row"}, button(t("ui.settings.save"), None, button_type="submit")),
                    form_id="settings-form", data={"leave": "save"}))


def on_save(app, data, values):
    """Validate the whole form; the service stores it only when every field is right."""
    app.act(appointments.save_practice_settings, form=dict(values), message=t("ui.settings.saved"))


ACTIONS = {"settings-save": on_save}
