"""One session: status, notes in the fixed structure and the short after-session check."""

from traject.messages import t
from traject.model import SESSION_STATUSES, SessionCheck, SessionNotes
from traject.adjust import completes_trajectory, future_held_warning
from traject.services import adjusting, inputs, sessions
from traject.session_structure import session_blocks

from .. import fmt
from ..html import fragment, h
from .common import action_form, button, field, guide_link, notice, page_header, select, text_input, textarea

NOTE_PARTS = ("opening", "kern", "afsluiting", "takeaway")
CHECK_PARTS = ("how_was_it", "take_away", "open_topics")


def _blocks(session):
    """The session's time blocks (session 1: the method's first-session blocks)."""
    blocks = session_blocks(session)
    if not blocks:
        return None
    first = session.number == 1
    return h("section", {"class": "card session-blocks", "aria-labelledby": "blocks-h", "data-part": "blocks"},
             h("h2", {"id": "blocks-h"}, t("session_block.title_first" if first else "session_block.title")),
             h("p", {"class": "small muted"}, t("session_block.first_hint")) if first else None,
             h("ol", {"class": "block-list"},
               [h("li", {"data-block": b.key}, h("span", {}, b.name), " ",
                  h("span", {"class": "muted"}, t("session_block.minutes", minutes=b.minutes_text))) for b in blocks]),
             h("p", {"class": "small"}, guide_link("werkfase", "sessiestructuur")))


def _plan(traj, session):
    """Focus, homework and duration of this session; mid-term, add after, remove."""
    if traj.is_closed or session.number < 1:
        return None
    data = {"trajectory": traj.id, "session": session.id}
    midterm = None
    if session.is_pending and not session.is_midterm and not session.is_closing and session.number >= 2:
        midterm = button(t("ui.carry.make_midterm"), "carry-midterm", kind="secondary small", data=data)
    held = not session.is_pending
    remove = action_form("carry-remove",
        h("label", {"class": "check"}, h("input", {"type": "checkbox", "name": "confirm", "value": "1"}),
          t("ui.carry.remove_confirm_held")) if held else None,
        button(t("ui.carry.remove"), None, kind="secondary small", button_type="submit"), data=data, css="row")
    return h("details", {"class": "card session-plan", "data-part": "plan"},
             h("summary", {}, t("ui.carry.plan")),
             action_form("carry-plan",
                 field(t("ui.carry.focus"), textarea("focus", session.focus, rows=2, field_id="plan-focus"),
                       field_id="plan-focus"),
                 field(t("ui.carry.homework"), textarea("homework", session.homework, rows=2, field_id="plan-homework"),
                       field_id="plan-homework"),
                 field(t("ui.carry.duration"), text_input("duration_minutes", str(session.duration_minutes),
                                                          input_type="number", min="10", max="240",
                                                          field_id="plan-duration"), field_id="plan-duration"),
                 button(t("ui.carry.save_plan"), None, button_type="submit"), data={**data, "leave": "save"}),
             h("div", {"class": "row"}, midterm,
               button(t("ui.carry.add_after"), "carry-add-after", kind="secondary small", data=data)),
             remove)


def _midterm_link(traj, session):
    if not session.is_midterm:
        return None
    return h("p", {}, h("a", {"href": f"#/traject/{traj.id}/formulier/tussentijdse-evaluatie"}, t("ui.carry.midterm_form")))


def render(app, traj_id, session_id):
    traj = app.trajectories.get(traj_id)
    session = traj.session(session_id) if traj else None
    if session is None:
        return app.not_found()
    title = t("ui.trajectory.preparation") if session.number == 0 else t("ui.trajectory.session_n", n=session.number)
    closed = traj.is_closed
    closes = completes_trajectory(traj, session.id, "held")
    status_field = None if closed else field(
        t("ui.session.status"), select("status", [(s, t("session_status." + s)) for s in SESSION_STATUSES],
                                       session.status, field_id="session-status"), field_id="session-status")
    confirm = h("label", {"class": "check confirm", "data-part": "closing-confirm"},
                h("input", {"type": "checkbox", "name": "closing_confirmed", "value": "1"}),
                t("ui.carry.closing_confirm")) if closes else None
    return fragment(
        page_header(f"{title} · {traj.client.name}", back=(f"#/traject/{traj.id}", t("ui.session.back"))),
        h("p", {}, h("strong", {}, fmt.appointment(session)), " · ", session.focus,
          fragment(" · ", t("ui.carry.minutes", minutes=session.duration_minutes))
          if session.number >= 1 and t("ui.carry.minutes", minutes=session.duration_minutes) not in session.focus else None),
        _midterm_link(traj, session),
        _blocks(session),
        notice(t("ui.carry.closed_notes"), "info") if closed else None,
        action_form("save-notes" if closed else "save-session",
            h("div", {"class": "card"},
              status_field,
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
              confirm,
              button(t("ui.carry.save_notes") if closed else t("ui.session.save"), None, button_type="submit")),
            data={"trajectory": traj.id, "session": session.id, "leave": "save"}),
        _plan(traj, session))


def _notes(values):
    return (SessionNotes(**{p: values.get(p, "") for p in NOTE_PARTS}),
            SessionCheck(**{p: values.get(p, "") for p in CHECK_PARTS}))


def on_save(app, data, values):
    notes, check = _notes(values)
    status = inputs.text(values, "status")
    traj = app.trajectories.get(data["trajectory"])
    warning = future_held_warning(traj, data["session"], status, app.today()) if traj else None
    app.act(adjusting.record_session_confirmed, data["trajectory"], data["session"], status=status,
            notes=notes, check=check, closing_confirmed=inputs.checked(values, "closing_confirmed"),
            message=warning, route=f"#/traject/{data['trajectory']}")


def on_save_notes(app, data, values):
    notes, check = _notes(values)
    app.act(adjusting.save_session_notes, data["trajectory"], data["session"], notes=notes, check=check)


def _plan_save(uow, clock, traj_id, session_id, values):
    return adjusting.edit_session_plan(uow, clock, traj_id, session_id, focus=inputs.text(values, "focus"),
                                       homework=inputs.text(values, "homework"),
                                       duration_minutes=inputs.whole_number(values, "duration_minutes"))


def on_plan(app, data, values):
    app.act(_plan_save, data["trajectory"], data["session"], values)


def on_midterm(app, data, values):
    app.act(adjusting.move_midterm, data["trajectory"], data["session"], message=t("ui.carry.midterm_moved"))


def on_add_after(app, data, values):
    traj = app.trajectories.get(data["trajectory"])
    session = traj.session(data["session"]) if traj else None
    if session is None:
        return
    outcome = app.run(sessions.add_session, traj.id, after_number=session.number)
    if outcome.ok:
        app.navigate(f"#/traject/{traj.id}/sessie/{outcome.value.id}")


def on_remove(app, data, values):
    app.act(sessions.remove_session, data["trajectory"], data["session"], confirmed=inputs.checked(values, "confirm"),
            message=t("ui.carry.removed"), route=f"#/traject/{data['trajectory']}")


ACTIONS = {"save-session": on_save, "save-notes": on_save_notes, "carry-plan": on_plan, "carry-midterm": on_midterm,
           "carry-add-after": on_add_after, "carry-remove": on_remove}
