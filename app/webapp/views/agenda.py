"""Agenda-export: the coach's own calendar does the reminding (no server).

``#/agenda`` exports all active trajectories, ``#/traject/<id>/agenda`` one. The iCalendar
text is made by :mod:`traject.calendar_ics`, imported only when the coach exports (start-up
cost). The coach's choices (lead time, how the client is named) are kept in
``settings.ui`` (``agenda_lead``, ``agenda_title``).
"""

from traject.messages import t
from traject.services import calendar, inputs

from ..dom import download
from ..html import fragment, h
from .common import action_form, button, field, notice, page_header, select, status_badge


def _choices(app):
    return calendar.preferences(app.settings)


def active_trajectories(app):
    return calendar.active_trajectories(app.uow)


def _form(app, traj_id, count):
    lead, title = _choices(app)
    modes = [h("label", {"class": "check"},
               h("input", {"type": "radio", "name": "title_mode", "value": mode, "checked": mode == title}),
               t("ui.agenda.title." + mode)) for mode in calendar.TITLE_MODES]
    return action_form(
        "agenda-download",
        h("div", {"class": "card"},
          field(t("ui.agenda.lead"),
                select("lead", [(value, t("ui.agenda.lead." + value)) for value in calendar.LEADS], lead, field_id="agenda-lead"),
                t("ui.agenda.lead_hint"), field_id="agenda-lead"),
          h("fieldset", {}, h("legend", {}, t("ui.agenda.title_mode")), modes,
            notice(t("ui.agenda.name_warning"), "warn", role="note")),
          h("p", {"class": "small muted"}, t("ui.agenda.privacy")),
          button(t("ui.agenda.download"), None, button_type="submit", disabled=count == 0)),
        data={"trajectory": traj_id or ""}, form_id="agenda-form")


def render(app, traj_id=None):
    """The export form for one trajectory (``traj_id``) or for all active ones."""
    from traject.calendar_ics import trajectory_code  # only on this screen, never at start-up

    intro = fragment(h("p", {}, t("ui.agenda.intro")), h("p", {"class": "muted"}, t("ui.agenda.update_hint")))
    if traj_id is not None:
        traj = app.trajectories.get(traj_id)
        if traj is None:
            return app.not_found()
        return fragment(
            page_header(t("ui.agenda.title_one", name=traj.client.name), status_badge(traj.status),
                        back=(f"#/traject/{traj.id}", traj.client.name)),
            intro,
            None if traj.status == "active" else notice(t("ui.agenda.not_active"), "info", role="status"),
            h("p", {}, t("ui.agenda.code_of", code=trajectory_code(traj)), " ",
              h("a", {"href": "#/agenda"}, t("ui.agenda.all_link"))),
            _form(app, traj.id, 1))
    trajs = active_trajectories(app)
    listing = (h("ul", {"class": "plain-list agenda-list"},
                 [h("li", {}, h("a", {"href": f"#/traject/{tr.id}"}, tr.client.name),
                    h("span", {"class": "small muted"}, " · ", trajectory_code(tr))) for tr in trajs])
               if trajs else notice(t("ui.agenda.none"), "info", role="status"))
    return fragment(
        page_header(t("ui.agenda.title_all"), back=("#/", t("ui.nav.overview"))),
        intro,
        h("section", {"class": "card", "aria-labelledby": "agenda-list-h"},
          h("h2", {"id": "agenda-list-h"}, t("ui.agenda.in_file", count=len(trajs))), listing),
        _form(app, None, len(trajs)))


def on_download(app, data, values):
    outcome = app.run(calendar.calendar_file, trajectory_id=data.get("trajectory") or None,
                      lead=inputs.text(values, "lead"), title_mode=inputs.text(values, "title_mode"))
    if not outcome.ok:
        return
    download(outcome.value.name, outcome.value.text, "text/calendar")
    app.dirty = False  # the form's choices are used (and remembered), nothing is left unsaved
    app.flash(t("ui.agenda.downloaded", filename=outcome.value.name), "info")
    app.refresh(keep_form=True)


ACTIONS = {"agenda-download": on_download}
