"""One session: status, notes in the fixed structure and the short after-session check."""

from traject.messages import t
from traject.model import SESSION_STATUSES, SessionCheck, SessionNotes
from traject.services import inputs, sessions

from .. import fmt
from ..html import fragment, h
from .common import action_form, button, field, guide_link, notice, page_header, select, textarea

NOTE_PARTS = ("opening", "kern", "afsluiting", "takeaway")
CHECK_PARTS = ("how_was_it", "take_away", "open_topics")


def render(app, traj_id, session_id):
    traj = app.trajectories.get(traj_id)
    session = traj.session(session_id) if traj else None
    if session is None:
        return app.not_found()
    title = t("ui.trajectory.preparation") if session.number == 0 else t("ui.trajectory.session_n", n=session.number)
    readonly = traj.is_closed
    return fragment(
        page_header(f"{title} · {traj.client.name}", back=(f"#/traject/{traj.id}", t("ui.session.back"))),
        h("p", {}, h("strong", {}, fmt.day(session.planned_date)), " · ", session.focus),
        h("p", {"class": "small muted"}, t("ui.session.structure_hint"), " ", guide_link("werkfase", "sessiestructuur")),
        notice(t("ui.session.readonly"), "info") if readonly else None,
        action_form("save-session",
            h("div", {"class": "card"},
              field(t("ui.session.status"), select("status", [(s, t("session_status." + s)) for s in SESSION_STATUSES],
                                                   session.status, field_id="session-status"), field_id="session-status"),
              h("fieldset", {},
                h("legend", {}, t("ui.session.notes")),
                [field(t("ui.session.note." + part), textarea(part, getattr(session.notes, part), rows=4,
                                                              field_id=f"note-{part}"),
                       t("ui.session.note_hint." + part), field_id=f"note-{part}") for part in NOTE_PARTS]),
              h("fieldset", {},
                h("legend", {}, t("ui.session.check")),
                h("p", {"class": "hint"}, t("ui.session.check_hint")),
                [field(t("form.session_check." + part), textarea(part, getattr(session.check, part), rows=2,
                                                                 field_id=f"check-{part}"), field_id=f"check-{part}")
                 for part in CHECK_PARTS]),
              None if readonly else button(t("ui.session.save"), None, button_type="submit")),
            data={"trajectory": traj.id, "session": session.id}))


def on_save(app, data, values):
    notes = SessionNotes(**{p: values.get(p, "") for p in NOTE_PARTS})
    check = SessionCheck(**{p: values.get(p, "") for p in CHECK_PARTS})
    app.act(sessions.record_session, data["trajectory"], data["session"], status=inputs.text(values, "status"),
            notes=notes, check=check, route=f"#/traject/{data['trajectory']}")


ACTIONS = {"save-session": on_save}
