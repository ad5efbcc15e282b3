"""Adjust a trajectory per client (``#/traject/<id>/aanpassen``): client details and coaching
question, rhythm (with the explicit choice to replan), closing variant; for a closed
trajectory: reopen (with the reason) and start a follow-up trajectory for the same client.
Handlers read the form, convert, call one service and render."""

from traject.adjust import shown_template_name
from traject.dutch import frequency_label
from traject.messages import t
from traject.model import CLOSING_VARIANTS, FREQUENCIES
from traject.services import adjusting, inputs, trajectories
from traject.templates import builtin_templates

from ..html import fragment, h
from .common import action_form, button, field, guide_link, page_header, select, text_input, textarea


def _card(title, *children, part):
    return h("section", {"class": "card", "aria-labelledby": f"{part}-h", "data-part": part},
             h("h2", {"id": f"{part}-h"}, title), *children)


def _details(traj):
    return _card(t("ui.carry.details"), action_form("carry-details",
        field(t("ui.new.client_name"), text_input("client_name", traj.client.name, required=True, field_id="adj-name",
                                                  autocomplete="off"), field_id="adj-name"),
        h("div", {"class": "two-col"},
          field(t("ui.new.email"), text_input("email", traj.client.email, input_type="email", field_id="adj-email",
                                              autocomplete="off"), field_id="adj-email"),
          field(t("ui.new.phone"), text_input("phone", traj.client.phone, input_type="tel", field_id="adj-phone",
                                              autocomplete="off"), field_id="adj-phone")),
        field(t("ui.new.coaching_question"), textarea("coaching_question", traj.coaching_question, field_id="adj-question"),
              t("ui.carry.question_hint"), field_id="adj-question"),
        button(t("ui.carry.save_details"), None, button_type="submit"),
        data={"trajectory": traj.id}), part="details")


def _rhythm(traj):
    return _card(t("ui.carry.rhythm"), action_form("carry-rhythm",
        h("div", {"class": "two-col"},
          field(t("ui.new.frequency"), select("frequency", [(f, frequency_label(f)) for f in FREQUENCIES],
                                              traj.frequency, field_id="adj-frequency"), field_id="adj-frequency"),
          field(t("ui.new.frequency_days"), text_input("frequency_days", str(traj.frequency_days or ""),
                                                       input_type="number", min="1", max="365", field_id="adj-days"),
                t("ui.new.frequency_days_hint"), field_id="adj-days")),
        h("label", {"class": "check"}, h("input", {"type": "checkbox", "name": "replan", "value": "1"}),
          t("ui.carry.replan")),
        h("p", {"class": "hint"}, t("ui.carry.replan_hint")),
        button(t("ui.carry.save_rhythm"), None, button_type="submit"),
        data={"trajectory": traj.id}), part="rhythm")


def _closing(traj):
    return _card(t("ui.new.closing_variant"), action_form("carry-closing",
        h("fieldset", {}, h("legend", {"class": "sr-only"}, t("ui.new.closing_variant")),
          [h("label", {"class": "check"},
             h("input", {"type": "radio", "name": "closing_variant", "value": v, "checked": v == traj.closing_variant}),
             t("ui.new.closing." + v)) for v in CLOSING_VARIANTS]),
        h("p", {"class": "hint"}, t("ui.new.closing_hint"), " ", guide_link("afronding")),
        button(t("ui.carry.save_closing"), None, button_type="submit"),
        data={"trajectory": traj.id}), part="closing")


def _reopen(traj):
    return _card(t("ui.carry.reopen"), h("p", {}, t("ui.carry.reopen_explain")), action_form("carry-reopen",
        field(t("ui.carry.reason"), textarea("reason", field_id="adj-reason"), field_id="adj-reason"),
        button(t("ui.carry.reopen_submit"), None, button_type="submit"),
        data={"trajectory": traj.id}), part="reopen")


def _follow_up(app, traj):
    options = [(tpl.id, tpl.name) for tpl in builtin_templates()] + [
        (tpl.id, t("ui.new.own_template", name=tpl.name)) for tpl in app.templates]
    return _card(t("ui.carry.follow_up"), h("p", {}, t("ui.carry.follow_up_explain", client=traj.client.name)),
                 action_form("carry-follow-up",
        h("div", {"class": "two-col"},
          field(t("ui.new.template"), select("template_id", options, traj.template_id or "default8",
                                             field_id="fu-template"), field_id="fu-template"),
          field(t("ui.new.start_date"), text_input("start_date", "", input_type="date", field_id="fu-start"),
                field_id="fu-start")),
        field(t("ui.new.coaching_question"), textarea("coaching_question", field_id="fu-question"), field_id="fu-question"),
        button(t("ui.carry.follow_up_submit"), None, button_type="submit"),
        data={"trajectory": traj.id}), part="follow-up")


def render(app, traj_id):
    traj = app.trajectories.get(traj_id)
    if traj is None:
        return app.not_found()
    head = page_header(t("ui.carry.title", client=traj.client.name), back=(f"#/traject/{traj.id}", traj.client.name))
    intro = h("p", {"class": "muted"}, t("ui.carry.intro", template=shown_template_name(traj) or "-"))
    if traj.is_closed:
        return fragment(head, intro, h("div", {"class": "traj-grid"},
                                       h("div", {}, _reopen(traj), _follow_up(app, traj)), h("div", {}, _details(traj))))
    return fragment(head, intro, h("div", {"class": "traj-grid"},
                                   h("div", {}, _details(traj)), h("div", {}, _rhythm(traj), _closing(traj))))


# --- actions -------------------------------------------------------------------------------

def _back(data):
    return f"#/traject/{data['trajectory']}"


def on_details(app, data, values):
    app.act(trajectories.change_client, data["trajectory"], client_name=inputs.text(values, "client_name"),
            email=inputs.text(values, "email"), phone=inputs.text(values, "phone"),
            coaching_question=inputs.text(values, "coaching_question"), route=_back(data))


def _rhythm_change(uow, clock, traj_id, values):
    frequency = inputs.text(values, "frequency")
    days = inputs.whole_number(values, "frequency_days", required=False) if frequency == "custom" else None
    return adjusting.change_rhythm(uow, clock, traj_id, frequency=frequency, frequency_days=days,
                                   replan=inputs.checked(values, "replan"))


def on_rhythm(app, data, values):
    app.act(_rhythm_change, data["trajectory"], values, route=_back(data))


def on_closing(app, data, values):
    app.act(adjusting.change_closing_variant, data["trajectory"], variant=inputs.text(values, "closing_variant"),
            route=_back(data))


def on_reopen(app, data, values):
    app.act(adjusting.reopen, data["trajectory"], reason=inputs.text(values, "reason"),
            message=t("ui.carry.reopened"), route=_back(data))


def _follow_up_start(uow, clock, traj_id, values):
    return adjusting.start_follow_up(uow, clock, traj_id, template_id=inputs.text(values, "template_id"),
                                     start_date=inputs.day(values, "start_date", required=False),
                                     coaching_question=inputs.text(values, "coaching_question"))


def on_follow_up(app, data, values):
    outcome = app.run(_follow_up_start, data["trajectory"], values)
    if outcome.ok:
        app.flash(t("ui.carry.follow_up_done"), "info")
        app.navigate(f"#/traject/{outcome.value.id}")


ACTIONS = {"carry-details": on_details, "carry-rhythm": on_rhythm, "carry-closing": on_closing,
           "carry-reopen": on_reopen, "carry-follow-up": on_follow_up}
