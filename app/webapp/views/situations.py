"""Special situations from the trajectory page, each confirmed in its own form:
extend, close early, pause/resume, no click (with referral), drop-out; and delete."""

from traject.messages import t
from traject.model import FREQUENCIES
from traject.services import inputs, situations, trajectories

from ..html import fragment, h
from .common import action_form, button, field, guide_link, notice, page_header, select, text_input, textarea

KINDS = ("verlengen", "vroeg-afronden", "pauzeren", "hervatten", "geen-klik", "uitval")


def _confirm_box(kind):
    return h("label", {"class": "check confirm"},
             h("input", {"type": "checkbox", "name": "confirm", "value": "1", "required": True}),
             t("ui.situation.confirm." + kind))


def _situation_form(app, traj, kind):
    today = app.today().isoformat()
    fields = {
        "verlengen": [field(t("ui.situation.extra_sessions"), text_input("extra", "2", input_type="number", min="1", max="20",
                                                                          field_id="sit-extra"), field_id="sit-extra"),
                      field(t("ui.situation.agreements"), textarea("agreements", field_id="sit-agreements"),
                            t("ui.situation.agreements_hint"), field_id="sit-agreements")],
        "vroeg-afronden": [field(t("ui.situation.note"), textarea("note", field_id="sit-note"), field_id="sit-note")],
        "pauzeren": [field(t("ui.situation.note"), textarea("note", field_id="sit-note"), field_id="sit-note")],
        "hervatten": [field(t("ui.situation.next_date"), text_input("next_date", today, input_type="date", field_id="sit-date"),
                            field_id="sit-date")],
        "geen-klik": [field(t("ui.situation.referral"), textarea("referral", field_id="sit-referral"),
                            t("ui.situation.referral_hint"), field_id="sit-referral")],
        "uitval": [field(t("ui.situation.contact_date"), text_input("contact_date", today, input_type="date",
                                                                     field_id="sit-contact"), field_id="sit-contact"),
                   field(t("ui.situation.contact_note"), textarea("note", field_id="sit-note"), field_id="sit-note"),
                   h("fieldset", {}, h("legend", {}, t("ui.situation.choice")),
                     [h("label", {"class": "check"}, h("input", {"type": "radio", "name": "choice", "value": c,
                                                                  "checked": c == "contact"}),
                        t("ui.situation.choice." + c)) for c in ("contact", "pause", "frequency", "close")]),
                   h("div", {"class": "two-col"},
                     field(t("ui.new.frequency"), select("frequency", [(f, t("frequency." + f)) for f in FREQUENCIES if f != "custom"],
                                                         traj.frequency if traj.frequency != "custom" else "biweekly",
                                                         field_id="sit-frequency"), field_id="sit-frequency"),
                     field(t("ui.situation.next_date"), text_input("next_date", today, input_type="date", field_id="sit-date"),
                           field_id="sit-date"))],
    }[kind]
    return action_form("situation", h("div", {"class": "card"},
                                      h("h2", {}, t("ui.situation.title." + kind)),
                                      h("p", {}, t("ui.situation.explain." + kind)),
                                      fields, _confirm_box(kind),
                                      button(t("ui.situation.submit." + kind), None, button_type="submit",
                                             kind="danger" if kind in ("geen-klik",) else "")),
                       data={"trajectory": traj.id, "kind": kind})


def available(traj):
    if traj.is_closed:
        return []
    if traj.status == "paused":
        return ["hervatten", "vroeg-afronden", "geen-klik"]
    return ["verlengen", "vroeg-afronden", "pauzeren", "geen-klik", "uitval"]


def render(app, traj_id, kind=""):
    traj = app.trajectories.get(traj_id)
    if traj is None:
        return app.not_found()
    options = available(traj)
    head = page_header(t("ui.situation.page_title", client=traj.client.name), back=(f"#/traject/{traj.id}", traj.client.name))
    intro = h("p", {"class": "muted"}, t("ui.situation.intro"), " ", guide_link("bijzondere-situaties"))
    if not options:
        return fragment(head, notice(t("ui.situation.none_closed"), "info"))
    if kind in options:
        return fragment(head, intro, _situation_form(app, traj, kind))
    return fragment(head, intro, h("ul", {"class": "grid situation-list"},
                                   [h("li", {"class": "card"}, h("h2", {}, t("ui.situation.title." + k)),
                                      h("p", {"class": "small"}, t("ui.situation.explain." + k)),
                                      h("a", {"class": "btn secondary", "href": f"#/traject/{traj.id}/situatie/{k}"},
                                        t("ui.situation.choose")))
                                    for k in options]))


def _situation(uow, clock, traj_id, kind, values):
    """Convert the form of one situation and call its service."""
    confirmed, note = inputs.checked(values, "confirm"), inputs.text(values, "note")
    if kind == "verlengen":
        return situations.extend(uow, clock, traj_id, extra_sessions=inputs.whole_number(values, "extra"),
                                 agreements=inputs.text(values, "agreements"), confirmed=confirmed)
    if kind == "vroeg-afronden":
        return situations.close_early(uow, clock, traj_id, note=note, confirmed=confirmed)
    if kind == "pauzeren":
        return situations.pause(uow, clock, traj_id, note=note, confirmed=confirmed)
    if kind == "hervatten":
        return situations.resume(uow, clock, traj_id, next_date=inputs.day(values, "next_date"), confirmed=confirmed)
    if kind == "geen-klik":
        return situations.no_click(uow, clock, traj_id, referral_note=inputs.text(values, "referral"),
                                   confirmed=confirmed)
    choice = inputs.text(values, "choice")
    return situations.drop_out(uow, clock, traj_id, contact_date=inputs.day(values, "contact_date"), note=note,
                               choice=choice, next_date=inputs.day(values, "next_date"),
                               frequency=inputs.text(values, "frequency") if choice == "frequency" else None,
                               confirmed=confirmed)


def on_situation(app, data, values):
    kind = data["kind"]
    app.act(_situation, data["trajectory"], kind, values, message=t("ui.situation.done." + kind),
            route=f"#/traject/{data['trajectory']}")


def render_delete(app, traj_id):
    traj = app.trajectories.get(traj_id)
    if traj is None:
        return app.not_found()
    return fragment(
        page_header(t("ui.delete.title", client=traj.client.name), back=(f"#/traject/{traj.id}", traj.client.name)),
        action_form("delete-trajectory", h("div", {"class": "card"},
            h("p", {}, t("ui.delete.explain")),
            h("p", {}, t("ui.delete.backup_hint")),
            h("label", {"class": "check confirm"},
              h("input", {"type": "checkbox", "name": "confirm", "value": "1", "required": True}),
              t("ui.delete.confirm", client=traj.client.name)),
            button(t("ui.delete.submit"), None, kind="danger", button_type="submit")),
            data={"trajectory": traj.id}))


def on_delete(app, data, values):
    app.act(trajectories.delete_trajectory, data["trajectory"], confirmed=inputs.checked(values, "confirm"),
            message=t("ui.delete.done"), route="#/")


ACTIONS = {"situation": on_situation, "delete-trajectory": on_delete}
