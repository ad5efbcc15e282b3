"""New trajectory: template, client, coaching question, start date, frequency, closing."""

from traject.appointments import default_start_date
from traject.dates import parse_date
from traject.practice import parse_time
from traject.errors import TrajectError
from traject.messages import t
from traject.model import CLOSING_VARIANTS, FREQUENCIES
from traject.templates import builtin_templates
from traject.trajectory import new_trajectory

from ..html import fragment, h
from .common import action_form, button, field, guide_link, notice, page_header, select, text_input, textarea


def _template_options(app):
    options = [(tpl.id, f"{tpl.name}") for tpl in builtin_templates()]
    options += [(tpl.id, t("ui.new.own_template", name=tpl.name)) for tpl in app.templates]
    return options


def render(app, sjabloon="", errors=None, values=None):
    values = values or {}
    settings = app.settings
    start_default = default_start_date(app.today(), settings.appointments.weekday).isoformat()
    errors = errors or []
    return fragment(
        page_header(t("ui.new.title"), back=("#/", t("ui.nav.overview"))),
        h("p", {"class": "muted"}, t("ui.new.intro"), " ", guide_link("overzicht")),
        h("div", {"role": "alert", "class": "form-errors"},
          [notice(message, "error", role="none") for message in errors]) if errors else None,
        action_form("create-trajectory",
            h("div", {"class": "card"},
              field(t("ui.new.template"), select("template", _template_options(app),
                                                 values.get("template") or sjabloon or settings.default_template_id)),
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
                field(t("ui.new.frequency"), select("frequency", [(f, t("frequency." + f)) for f in FREQUENCIES],
                                                    values.get("frequency") or settings.default_frequency),
                      t("ui.new.frequency_hint"))),
              field(t("ui.settings.start_time"), text_input("start_time", values.get("start_time")
                                                            or settings.appointments.start_time, input_type="time",
                                                            required=True, field_id="new-start-time")),
              field(t("ui.new.frequency_days"), text_input("frequency_days", values.get("frequency_days", ""),
                                                           input_type="number", min="1", max="90"),
                    t("ui.new.frequency_days_hint")),
              h("fieldset", {},
                h("legend", {}, t("ui.new.closing_variant")),
                [h("label", {"class": "check"},
                   h("input", {"type": "radio", "name": "closing_variant", "value": v,
                               "checked": v == (values.get("closing_variant") or "template")}),
                   t("ui.new.closing." + v)) for v in ("template",) + CLOSING_VARIANTS],
                h("p", {"class": "hint"}, t("ui.new.closing_hint"), " ", guide_link("afronding"))),
              button(t("ui.new.submit"), None, button_type="submit"))))


def on_create(app, data, values):
    errors = []
    name = values.get("client_name", "").strip()
    if not name:
        errors.append(t("ui.new.error_name"))
    start = parse_date(values.get("start_date", ""))
    if start is None:
        errors.append(t("ui.new.error_date"))
    template = app.find_template(values.get("template", ""))
    if template is None:
        errors.append(t("ui.new.error_template"))
    frequency = values.get("frequency", "biweekly")
    days = None
    if frequency == "custom":
        raw = values.get("frequency_days", "").strip()
        days = int(raw) if raw.isdigit() else 0
        if not 1 <= days <= 90:
            errors.append(t("ui.new.error_days"))
    variant = values.get("closing_variant", "template")
    start_time = values.get("start_time", "").strip()
    if parse_time(start_time) is None:
        errors.append(t("settings.error.time"))
    if errors:
        app.show(render(app, errors=errors, values=values))
        return
    try:
        traj = new_trajectory(template, name, values.get("coaching_question", "").strip(), start, frequency,
                              None if variant == "template" else variant, now=app.now(), frequency_days=days,
                              email=values.get("email", "").strip(), phone=values.get("phone", "").strip(),
                              followup_mail_days=app.settings.followup_mail_days,
                              followup_checkin_months=app.settings.followup_checkin_months,
                              start_time=start_time, duration_minutes=app.settings.appointments.duration_minutes)
    except TrajectError as exc:
        app.show(render(app, errors=str(exc).splitlines(), values=values))
        return
    if app.save(traj, created=True):
        app.navigate(f"#/traject/{traj.id}")
    else:
        app.trajectories.pop(traj.id, None)
        app.show(render(app, errors=[app.last_error], values=values))


ACTIONS = {"create-trajectory": on_create}
