"""New trajectory: template, client, coaching question, start date, frequency, closing."""


from traject.appointments import default_start_date
from traject.dutch import frequency_label
from traject.messages import t
from traject.model import CLOSING_VARIANTS, FREQUENCIES
from traject.services import inputs, trajectories
from traject.templates import builtin_templates

from ..html import fragment, h
from .common import action_form, button, field, guide_link, notice, page_header, select, text_input, textarea


def _template_options(app):
    options = [(tpl.id, f"{tpl.name}") for tpl in builtin_templates()]
    options += [(tpl.id, t("ui.new.own_template", name=tpl.name)) for tpl in app.templates]
    return options


def render(app, sjabloon="", values=None):
    values = values or {}
    settings = app.settings
    start_default = default_start_date(app.today(), settings.appointments.weekday).isoformat()
    return fragment(
        page_header(t("ui.new.title"), back=("#/", t("ui.nav.overview"))),
        h("p", {"class": "muted"}, t("ui.new.intro"), " ", guide_link("overzicht")),
        action_form("create-trajectory",
            h("div", {"class": "card"},
              field(t("ui.new.template"), select("template_id", _template_options(app),
                                                 values.get("template_id") or sjabloon or settings.default_template_id,
                                                 field_id="template")),
              field(t("ui.new.client_name"), text_input("client_name", values.get("client_name", ""), required=True,
                                                        autocomplete="off")),
              h("div", {"class": "two-col"},
                field(t("ui.new.email"), text_input("email", values.get("email", ""), input_type="email", autocomplete="off")),
                field(t("ui.new.phone"), text_input("phone", values.get("phone", ""), input_type="tel", autocomplete="off"))),
              field(t("ui.new.coaching_question"), textarea("coaching_question", values.get("coaching_question", "")),
                    t("ui.new.coaching_question_hint")),
              h("div", {"class": "two-col"},
                field(t("ui.new.start_date"), text_input("start_date", values.get("start_date") or start_default,
                                                         input_type="date", required=True),
                      t("ui.new.start_date_hint")),
                field(t("ui.new.frequency"), select("frequency", [(f, frequency_label(f)) for f in FREQUENCIES],
                                                    values.get("frequency") or settings.default_frequency),
                      t("ui.new.frequency_hint"))),
              field(t("ui.settings.start_time"), text_input("start_time", values.get("start_time")
                                                            or settings.appointments.start_time, required=True,
                                                            field_id="start_time", inputmode="numeric", maxlength=5,
                                                            placeholder="09:30"), t("ui.settings.time_hint")),
              field(t("ui.new.frequency_days"), text_input("frequency_days", values.get("frequency_days", ""),
                                                           input_type="number", min=str(trajectories.CUSTOM_DAYS[0]),
                                                           max=str(trajectories.CUSTOM_DAYS[1])),
                    t("ui.new.frequency_days_hint")),
              h("fieldset", {},
                h("legend", {}, t("ui.new.closing_variant")),
                [h("label", {"class": "check"},
                   h("input", {"type": "radio", "name": "closing_variant", "value": v,
                               "checked": v == (values.get("closing_variant") or "template")}),
                   t("ui.new.closing." + v)) for v in ("template",) + CLOSING_VARIANTS],
                h("p", {"class": "hint"}, t("ui.new.closing_hint"), " ", guide_link("afronding"))),
              button(t("ui.new.submit"), None, button_type="submit"))))


def _create(uow, clock, values):
    """Convert the form, then create (conversion problems are field messages too)."""
    frequency = inputs.text(values, "frequency")
    variant = inputs.text(values, "closing_variant")
    return trajectories.create_trajectory(
        uow, clock, template_id=inputs.text(values, "template_id"), client_name=inputs.text(values, "client_name"),
        start_date=inputs.day(values, "start_date", required=False), frequency=frequency,
        frequency_days=inputs.whole_number(values, "frequency_days", required=False) if frequency == "custom" else None,
        closing_variant=None if variant in ("", "template") else variant,
        coaching_question=inputs.text(values, "coaching_question"),
        email=inputs.text(values, "email"), phone=inputs.text(values, "phone"),
        start_time=inputs.text(values, "start_time"))


def on_create(app, data, values):
    outcome = app.run(_create, values)
    if outcome.ok:
        app.navigate(f"#/traject/{outcome.value.id}")


ACTIONS = {"create-trajectory": on_create}
