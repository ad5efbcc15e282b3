"""Agenda-export: the coach's own calendar does the reminding (no server).

``#/agenda`` exports all active trajectories, ``#/traject/<id>/agenda`` one. The iCalendar
text is made by :mod:`traject.calendar_ics`, imported only when the coach exports (start-up
cost). The coach's choices (reminders as set or none, how the client is named) are kept in
``settings.ui`` (``agenda_lead``, ``agenda_title``); the reminder offsets and the time of the
due-action events come from ``settings.appointments``.
"""

from traject.messages import t

from ..dom import download
from ..html import fragment, h
from .common import action_form, button, field, notice, page_header, select, status_badge

LEADS = ("settings", "none")  # the coach's reminders from the settings, or none
DEFAULT_LEAD = "settings"
TITLE_MODES = ("initials", "code", "name")  # same values as traject.calendar_ics.TITLE_MODES
DEFAULT_TITLE = "initials"


def _choices(app):
    ui = app.settings.ui if app.settings else {}
    lead = str(ui.get("agenda_lead", DEFAULT_LEAD))
    title = str(ui.get("agenda_title", DEFAULT_TITLE))
    return (lead if lead in LEADS else DEFAULT_LEAD), (title if title in TITLE_MODES else DEFAULT_TITLE)


def _reminder_text(app):
    minutes = app.settings.appointments.reminder_minutes
    if not minutes:
        return t("ui.agenda.reminders_none_set")
    return ", ".join(t(f"ui.settings.reminder.{m}") for m in minutes)


def active_trajectories(app):
    return sorted((tr for tr in app.trajectories.values() if tr.status == "active"),
                  key=lambda tr: tr.client.name.lower())


def _form(app, traj_id, count):
    lead, title = _choices(app)
    modes = [h("label", {"class": "check"},
               h("input", {"type": "radio", "name": "title_mode", "value": mode, "checked": mode == title}),
               t("ui.agenda.title." + mode)) for mode in TITLE_MODES]
    return action_form(
        "agenda-download",
        h("div", {"class": "card"},
          field(t("ui.agenda.lead"),
                select("lead", [(value, t("ui.agenda.lead." + value, reminders=_reminder_text(app))) for value in LEADS],
                       lead, field_id="agenda-lead"),
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
    from traject.calendar_ics import export_ics, ics_filename  # lazy: only when exporting

    lead = values.get("lead", DEFAULT_LEAD)
    lead = lead if lead in LEADS else DEFAULT_LEAD
    title = values.get("title_mode", DEFAULT_TITLE)
    title = title if title in TITLE_MODES else DEFAULT_TITLE
    traj_id = data.get("trajectory") or ""
    if traj_id:
        traj = app.trajectories.get(traj_id)
        trajs = [traj] if traj is not None else []
    else:
        trajs = active_trajectories(app)
    if not trajs:
        app.flash(t("ui.agenda.none"), "error")
        app.refresh(keep_form=True)
        return
    appointments = app.settings.appointments
    text = export_ics(trajs, now=app.now(), reminders=None if lead == "none" else appointments.reminder_minutes,
                      title_mode=title, due_time=appointments.start_time)
    filename = ics_filename(trajs, app.today())
    download(filename, text, "text/calendar")
    app.dirty = False  # the form's choices are used (and remembered), nothing is left unsaved
    if app.settings is not None and (app.settings.ui.get("agenda_lead") != lead
                                     or app.settings.ui.get("agenda_title") != title):
        app.settings.ui["agenda_lead"] = lead
        app.settings.ui["agenda_title"] = title
        app.save_settings()
    app.flash(t("ui.agenda.downloaded", filename=filename), "info")
    app.refresh(keep_form=True)


ACTIONS = {"agenda-download": on_download}
