"""Trajectory page: timeline by phase, goals, homework, forms, follow-up, special situations."""

from traject.adjust import homework_session_number, shown_template_name
from traject.closing_story import closing_name
from traject.codec import goal_to_dict, session_to_dict
from traject.due import due_actions
from traject.goals import default_score_session, goals_progress, moment_label
from traject.homework import homework_warning
from traject.instants import local_date
from traject.messages import t
from traject.model import MAIN_PHASES, SCORE_MOMENTS, main_phase
from traject.progress import progress
from traject.appointments import holiday_sessions
from traject.services import appointments, care, goals, homework, inputs, sessions, transfer

from .. import fmt
from ..clock import offset_at
from ..html import fragment, h, page
from .common import (action_form, button, field, guide_link, link_button, notice, page_header, select,
                     status_badge, text_input, textarea)

PHASE_GUIDE = {"voorbereiding": "voorbereiding-en-start", "start": "voorbereiding-en-start",
               "werk": "werkfase", "afronding": "afronding"}
FORM_SLUGS = {"intake": "intake", "contract": "contract", "midterm": "tussentijdse-evaluatie",
              "evaluation": "evaluatieformulier", "borging": "borgingsplan", "afsluiting": "afsluiting",
              "evaluation_questions": "evaluatievragen"}
SLUG_FORMS = {slug: form_id for form_id, slug in FORM_SLUGS.items()}
SESSION_BADGE = {"held": "", "planned": "grey", "moved": "grey", "cancelled": "accent", "no_show": "accent"}


def _summary(app, traj):
    info = progress(traj)
    freq = t("frequency." + traj.frequency) if traj.frequency != "custom" else t(
        "ui.trajectory.every_days", days=traj.frequency_days)
    return h("div", {"class": "card summary", "data-part": "summary"},
             h("p", {"class": "progress-text big"}, info.text),
             h("p", {}, h("strong", {}, t("ui.trajectory.coaching_question"), " "),
               traj.coaching_question or h("span", {"class": "muted"}, t("ui.trajectory.no_question"))),
             h("p", {"class": "small muted"},
               t("ui.trajectory.meta", template=shown_template_name(traj) or "-", start=fmt.day(traj.start_date),
                 frequency=freq, closing=t("ui.new.closing." + traj.closing_variant))),
             h("div", {"class": "row no-print"},
               button(t("ui.trajectory.export_one"), "export-one", kind="secondary small", data={"id": traj.id}),
               link_button(t("ui.agenda.button"), f"#/traject/{traj.id}/agenda", "secondary small"),
               link_button(t("ui.print.button"), f"#/traject/{traj.id}/afdrukken", "secondary small"),
               link_button(t("ui.carry.button"), f"#/traject/{traj.id}/aanpassen", "secondary small"),
               link_button(t("ui.messages.button"), f"#/traject/{traj.id}/berichten", "secondary small"),
               link_button(t("ui.trajectory.situations"), f"#/traject/{traj.id}/situatie", "secondary small"),
               link_button(t("ui.trajectory.delete"), f"#/traject/{traj.id}/verwijderen", "secondary small")))


def _due(app, traj):
    from .client_messages import due_links  # (it imports this module)

    actions = due_actions(traj, app.today())
    if not actions:
        return None
    return h("section", {"class": "card", "aria-labelledby": "due-h", "data-part": "due"},
             h("h2", {"id": "due-h"}, t("ui.due.title")),
             h("ul", {"class": "due-list"},
               [h("li", {"class": "due-item" + (" overdue" if a.overdue else "")},
                  h("div", {}, h("strong", {}, a.label),
                    h("div", {"class": "small " + ("overdue-text" if a.overdue else "muted")},
                      fmt.day(a.due_date), " (", fmt.relative(a.due_date, app.today()), ")")),
                  h("div", {"class": "row due-buttons"}, due_links(traj.id, a.kind),
                    button(t("ui.due.done"), "traj-due-done", kind="secondary small",
                           data={"trajectory": traj.id, "key": a.key})))
                for a in actions]))


def _holiday(traj, session, holidays):
    """The public-holiday flag of a pending session, with the one-click move."""
    key = holidays.get(session.id)
    if key is None:
        return None
    return h("div", {"class": "holiday-flag"},
             h("span", {"class": "badge accent"}, t("ui.appointments.holiday", holiday=t("holiday." + key))), " ",
             button(t("ui.appointments.move_to_working_day"), "move-working-day", kind="secondary small no-print",
                    data={"trajectory": traj.id, "session": session.id}) if not traj.is_closed else None)


def _session_row(app, traj, session, holidays):
    badges = []
    if session.is_midterm:
        badges.append(h("span", {"class": "badge accent"}, t("ui.trajectory.midterm")))
    if session.is_closing:
        badges.append(h("span", {"class": "badge accent", "data-closing": session.role}, closing_name(session.role, sentence=True)))
    title = t("ui.trajectory.preparation") if session.number == 0 else t("ui.trajectory.session_n", n=session.number)
    date_label = (t("ui.trajectory.intake_due", date=fmt.day(session.planned_date)) if session.number == 0
                  else fmt.appointment(session))
    reschedule = None
    if session.is_pending and session.number >= 1 and not traj.is_closed:
        reschedule = h("details", {"class": "reschedule no-print"},
                       h("summary", {}, t("ui.trajectory.reschedule")),
                       action_form("reschedule",
                                   h("div", {"class": "row"},
                                     h("label", {"for": f"date-{session.id}", "class": "sr-only"}, t("ui.trajectory.new_date")),
                                     text_input("new_date", fmt.iso(session.planned_date), input_type="date",
                                                field_id=f"date-{session.id}"),
                                     h("label", {"for": f"time-{session.id}", "class": "sr-only"},
                                       t("ui.appointments.new_time")),
                                     text_input("new_time", session.start_time, field_id=f"time-{session.id}",
                                                inputmode="numeric", maxlength=5, placeholder="09:30",
                                                **{"class": "time-input"}),
                                     h("label", {"class": "check"}, h("input", {"type": "checkbox", "name": "shift_later", "value": "1", "checked": True}),
                                       t("ui.trajectory.shift_later")),
                                     button(t("ui.trajectory.move"), None, kind="small", button_type="submit")),
                                   data={"trajectory": traj.id, "session": session.id}))
    return h("li", {"class": "session-row", "data-session": str(session.number), "data-role": session.role},
             h("div", {"class": "session-num", "aria-hidden": "true"}, str(session.number)),
             h("div", {"class": "session-body"},
               h("div", {"class": "spread"},
                 h("a", {"href": f"#/traject/{traj.id}/sessie/{session.id}", "class": "session-title"}, title),
                 h("span", {"class": f"badge {SESSION_BADGE.get(session.status, '')}".strip()},
                   t("session_status." + session.status))),
               h("div", {"class": "small"}, date_label, " ", *badges),
               _holiday(traj, session, holidays),
               h("div", {}, session.focus),
               h("div", {"class": "small muted"}, t("ui.trajectory.homework_label", text=session.homework)) if session.homework else None,
               reschedule))


def _timeline(app, traj):
    holidays = holiday_sessions(traj, app.settings.appointments.liberation_day)
    groups = []
    for phase in MAIN_PHASES:
        sessions = [s for s in sorted(traj.sessions, key=lambda s: s.number) if main_phase(s.phase) == phase]
        if not sessions:
            continue
        groups.append(h("div", {"class": "phase-group", "data-phase": phase},
                        h("h3", {}, t("phase." + phase), " ",
                          h("span", {"class": "small"}, guide_link(PHASE_GUIDE[phase]))),
                        h("ol", {"class": "timeline"}, [_session_row(app, traj, s, holidays) for s in sessions])))
    return h("section", {"class": "card", "aria-labelledby": "timeline-h", "data-part": "timeline"},
             h("h2", {"id": "timeline-h"}, t("ui.trajectory.timeline")), groups)


def _goals(app, traj):
    items = []
    for goal, prog in zip(traj.goals, goals_progress(traj)):
        history = ", ".join(f"{s.value} ({moment_label(s.moment, s.session_number)})" for s in prog.history)
        change = "" if prog.change is None else f"{prog.change:+d}"
        items.append(h("li", {"class": "goal"},
                       h("strong", {}, goal.title),
                       h("meter", {"class": "score-bar", "min": "0", "max": "10", "value": str(prog.latest),
                                   "aria-label": t("ui.goals.latest", score=prog.latest)}) if prog.latest else None,
                       h("div", {"class": "small"},
                         t("ui.goals.summary", baseline=prog.baseline or "-", latest=prog.latest or "-", change=change or "-")),
                       h("div", {"class": "small muted"}, history) if history else None,
                       _score_editor(traj, goal) if goal.scores else None,
                       h("details", {"class": "small"}, h("summary", {}, t("ui.goals.smart")),
                         h("dl", {"class": "smart"},
                           [fragment(h("dt", {}, t("ui.goals." + part)), h("dd", {}, getattr(goal, part) or "-"))
                            for part in ("specific", "measurable", "acceptable", "realistic", "time_bound")])),
                       _goal_editor(traj, goal)))
    score_form = None
    if traj.goals:
        score_form = action_form("record-score",
            h("h3", {}, t("ui.goals.record")),
            h("div", {"class": "two-col"},
              field(t("ui.goals.goal"), select("goal", [(g.id, g.title) for g in traj.goals], field_id="score-goal"), field_id="score-goal"),
              field(t("ui.goals.score"), select("score", [(str(i), str(i)) for i in range(1, 11)], "5", field_id="score-value"), field_id="score-value")),
            h("div", {"class": "two-col"},
              field(t("ui.goals.moment"), select("moment", [(m, moment_label(m)) for m in SCORE_MOMENTS], "session",
                                                 field_id="score-moment"), field_id="score-moment"),
              field(t("ui.goals.date"), text_input("date", app.today().isoformat(), input_type="date", field_id="score-date"), field_id="score-date")),
            h("div", {"class": "score-session"},
              field(t("ui.goals.session"), select("session_number", [
                  (str(s.number), t("ui.trajectory.session_n", n=s.number)) for s in traj.regular_sessions],
                  str(default_score_session(traj)), field_id="score-session"), field_id="score-session")),
            button(t("ui.goals.save_score"), None, button_type="submit"),
            data={"trajectory": traj.id})
    add_form = h("details", {"class": "add-goal", "open": not traj.goals},
                 h("summary", {}, t("ui.goals.add")),
                 action_form("add-goal",
                     field(t("ui.goals.title"), text_input("title", field_id="goal-title", required=True), field_id="goal-title"),
                     [field(t("ui.goals." + part), text_input(part, field_id=f"goal-{part}", maxlength=2000), field_id=f"goal-{part}")
                      for part in ("specific", "measurable", "acceptable", "realistic", "time_bound")],
                     field(t("ui.goals.baseline"), select("baseline", [("", "-")] + [(str(i), str(i)) for i in range(1, 11)],
                                                          field_id="goal-baseline"), field_id="goal-baseline"),
                     button(t("ui.goals.add_submit"), None, button_type="submit"),
                     data={"trajectory": traj.id}))
    return h("section", {"class": "card", "aria-labelledby": "goals-h", "data-part": "goals"},
             h("h2", {"id": "goals-h"}, t("ui.goals.title_section")),
             h("ul", {"class": "goal-list"}, items) if items else h("p", {"class": "muted"}, t("ui.goals.none")),
             score_form, add_form)


def _goal_editor(traj, goal):
    """Change a goal's title and SMART parts, or delete the goal with its scores."""
    fid = f"goal-{goal.id}"
    return h("details", {"class": "small goal-editor"}, h("summary", {}, t("ui.goals.edit")),
             action_form("edit-goal",
                 field(t("ui.goals.title"), text_input("title", goal.title, field_id=fid + "-title"), field_id=fid + "-title"),
                 [field(t("ui.goals." + part), text_input(part, getattr(goal, part), field_id=f"{fid}-{part}", maxlength=2000),
                        field_id=f"{fid}-{part}") for part in goals.SMART_PARTS],
                 _save_or_delete(t("ui.goals.delete"), "delete-goal", {"trajectory": traj.id, "goal": goal.id}),
                 data={"trajectory": traj.id, "goal": goal.id}))


def _save_or_delete(delete_label, delete_action, data):
    """An editor's buttons: save the form, or delete what it edits (undo brings it back)."""
    return h("div", {"class": "row"},
             button(t("ui.edit.save"), None, kind="small", button_type="submit"),
             button(delete_label, delete_action, kind="secondary small", data=data))


def _session_choice(traj, selected, field_id):
    """The 'given in session' choice of an assignment: none, or one of sessions 1..n."""
    return field(t("ui.homework.session"), select("session_id", [("", "–")] + [
        (s.id, t("ui.trajectory.session_n", n=s.number)) for s in traj.regular_sessions],
        selected, field_id=field_id), field_id=field_id)


def _score_editor(traj, goal):
    """Correct or delete each recorded score of ``goal`` (in the order they were recorded)."""
    rows = []
    for index, score in enumerate(goal.scores):
        fid = f"score-{goal.id}-{index}"
        rows.append(h("li", {},
                      action_form("edit-score",
                          h("span", {"class": "small"}, moment_label(score.moment, score.session_number)),
                          h("label", {"for": fid + "-value", "class": "sr-only"}, t("ui.goals.score")),
                          select("score", [(str(i), str(i)) for i in range(1, 11)], str(score.value), field_id=fid + "-value"),
                          h("label", {"for": fid + "-date", "class": "sr-only"}, t("ui.goals.date")),
                          text_input("date", fmt.iso(score.date), input_type="date", field_id=fid + "-date"),
                          button(t("ui.edit.save"), None, kind="secondary small", button_type="submit"),
                          button(t("ui.edit.delete"), "delete-score", kind="secondary small",
                                 data={"trajectory": traj.id, "goal": goal.id, "index": str(index)}),
                          data={"trajectory": traj.id, "goal": goal.id, "index": str(index)}, css="row inline-edit")))
    return h("details", {"class": "small score-editor"}, h("summary", {}, t("ui.goals.edit_scores")),
             h("ul", {"class": "plain-list"}, rows))


def _homework_editor(traj, item):
    """Change an assignment's text, due date and session, or delete it."""
    fid = f"hw-{item.id}"
    return h("details", {"class": "small homework-editor"}, h("summary", {}, t("ui.edit.change")),
             action_form("edit-homework",
                 field(t("ui.homework.text_edit"), text_input("text", item.text, field_id=fid + "-text", maxlength=2000),
                       field_id=fid + "-text"),
                 h("div", {"class": "two-col"},
                   field(t("ui.homework.due_date"), text_input("due_date", fmt.iso(item.due_date), input_type="date",
                                                               field_id=fid + "-due"), field_id=fid + "-due"),
                   _session_choice(traj, item.session_id or "", fid + "-session")),
                 _save_or_delete(t("ui.edit.delete"), "delete-homework", {"trajectory": traj.id, "homework": item.id}),
                 data={"trajectory": traj.id, "homework": item.id}))


def _homework_session(traj, item):
    number = homework_session_number(traj, item)
    if number is None:
        return None
    return h("span", {"class": "small muted hw-session"}, " · ", t("ui.homework.given_in", number=number))


def _homework(app, traj):
    warning = homework_warning(traj)
    items = [h("li", {"class": f"homework hw-{hw.status}"},
               h("span", {}, hw.text),
               _homework_session(traj, hw),
               h("span", {"class": "small muted"}, " · ", t("ui.homework.due", date=fmt.day(hw.due_date, False))) if hw.due_date else None,
               " ",
               h("span", {"class": "badge grey"}, t("homework_status." + hw.status)),
               button(t("ui.homework.complete"), "homework-done", kind="secondary small",
                      data={"trajectory": traj.id, "homework": hw.id}) if hw.status == "open" else None,
               _homework_editor(traj, hw))
             for hw in traj.homework]
    return h("section", {"class": "card", "aria-labelledby": "hw-h", "data-part": "homework"},
             h("h2", {"id": "hw-h"}, t("ui.homework.title"), " ", h("span", {"class": "small"}, guide_link("werkfase"))),
             notice(warning, "warn", role="status") if warning else None,
             h("ul", {"class": "homework-list"}, items) if items else h("p", {"class": "muted"}, t("ui.homework.none")),
             action_form("add-homework",
                 h("div", {"class": "two-col"},
                   field(t("ui.homework.text"), text_input("text", field_id="hw-text", required=True, maxlength=2000), field_id="hw-text"),
                   field(t("ui.homework.due_date"), text_input("due_date", input_type="date", field_id="hw-due"), field_id="hw-due")),
                 _session_choice(traj, "", "hw-session"),
                 button(t("ui.homework.add"), None, button_type="submit"),
                 data={"trajectory": traj.id}))


def _forms(app, traj):
    from traject.forms import all_forms

    rows = []
    for form in all_forms():
        if form.id not in FORM_SLUGS:
            continue
        record = traj.forms.get(form.id)
        if form.id == "evaluation_questions":
            chosen = len(traj.evaluation_questions)
            state = t("ui.forms.chosen", count=chosen) if chosen else t("ui.forms.empty")
        else:
            state = t("ui.forms.filled", date=fmt.day(local_date(record.updated_at, offset_at), False)) if record and record.answers else t("ui.forms.empty")
        rows.append(h("li", {}, h("a", {"href": f"#/traject/{traj.id}/formulier/{FORM_SLUGS[form.id]}"}, form.title),
                      h("span", {"class": "small muted"}, " · ", state)))
    return h("section", {"class": "card", "aria-labelledby": "forms-h", "data-part": "forms"},
             h("h2", {"id": "forms-h"}, t("ui.forms.title")), h("ul", {"class": "form-links"}, rows),
             h("div", {"class": "row no-print"},
               link_button(t("ui.share.form_link_entry"), f"#/traject/{traj.id}/formulier-link", "secondary small"),
               link_button(t("ui.share.answer_entry"), f"#/traject/{traj.id}/antwoordcode", "secondary small")))


def _followups(app, traj):
    if not traj.followups:
        return None
    items = []
    for item in traj.followups:
        buttons = None
        if item.status == "open":
            buttons = h("span", {"class": "row"},
                        button(t("ui.followup.done"), "followup", kind="small",
                               data={"trajectory": traj.id, "kind": item.kind, "status": "done"}),
                        button(t("ui.followup.skip"), "followup", kind="secondary small",
                               data={"trajectory": traj.id, "kind": item.kind, "status": "skipped"}))
        items.append(h("li", {"class": "spread followup"},
                       h("span", {}, h("strong", {}, t("ui.followup." + item.kind)), " · ", fmt.day(item.due_date),
                         " ", h("span", {"class": "badge grey"}, t("followup_status." + item.status))), buttons))
    return h("section", {"class": "card", "aria-labelledby": "fu-h", "data-part": "followups"},
             h("h2", {"id": "fu-h"}, t("ui.followup.title"), " ", h("span", {"class": "small"}, guide_link("follow-up"))),
             h("ul", {"class": "plain-list"}, items))


def _history(traj):
    if not traj.events:
        return None
    return h("details", {"class": "card history", "data-part": "history"}, h("summary", {}, t("ui.trajectory.history")),
             h("ul", {}, [h("li", {}, h("span", {"class": "muted small"}, fmt.day(e.date, False)), " ",
                                 t("event_kind." + e.kind), (": " + e.note) if e.note else "")
                          for e in reversed(traj.events)]))


_last = {}  # part name -> (inputs, markup) of its last render


def _memo(name, inputs, build):
    """The markup of a part whose content follows from ``inputs`` alone (plain, freshly made
    data): ``build()`` runs again only when they changed. After an edit elsewhere on the page
    the two largest parts are then not built again."""
    last = _last.get(name)
    if last is None or last[0] != inputs:
        last = _last[name] = (inputs, build())
    return last[1]


def render(app, traj_id):
    """The trajectory page as a :class:`Page`: after a change only the parts that differ
    are replaced (the title and the notices change rarely and bring a full render)."""
    traj = app.trajectories.get(traj_id)
    if traj is None:
        return app.not_found()
    today = app.today()
    parts = {
        "title": page_header(traj.client.name, status_badge(traj.status), back=("#/", t("ui.nav.overview"))),
        "summary": _summary(app, traj),
        "closed": notice(t("ui.trajectory.closed_notice", reason=t("end_reason." + (traj.end_reason or "completed"))),
                         "info") if traj.is_closed else None,
        "paused": notice(t("ui.trajectory.paused_notice"), "warn") if traj.status == "paused" else None,
        "due": _due(app, traj),
        "timeline": _memo("timeline", (traj.id, traj.is_closed, today, app.settings.appointments.liberation_day,
                                       [session_to_dict(s) for s in traj.sessions]),
                          lambda: _timeline(app, traj)),
        "history": _history(traj),
        "goals": _memo("goals", (traj.id, today, [goal_to_dict(g) for g in traj.goals],
                                 [(s.number, s.status) for s in traj.regular_sessions]), lambda: _goals(app, traj)),
        "homework": _homework(app, traj), "forms": _forms(app, traj),
        "followups": _followups(app, traj),
    }
    p = parts
    return page(fragment(p["title"], p["summary"], p["closed"], p["paused"], p["due"],
                         h("div", {"class": "traj-grid"},
                           h("div", {}, p["timeline"], p["history"]),
                           h("div", {}, p["goals"], p["homework"], p["forms"], p["followups"]))), parts)


# --- actions -------------------------------------------------------------------------------

def on_due_done(app, data, values):
    app.act(care.mark_due_done, data["trajectory"], data["key"])


def on_reschedule(app, data, values):
    app.act(sessions.reschedule_session, data["trajectory"], data["session"],
            new_date=inputs.day(values, "new_date"), shift_later=inputs.checked(values, "shift_later"),
            start_time=inputs.text(values, "new_time") or None)


def on_move_working_day(app, data, values):
    app.act(appointments.move_to_next_working_day, data["trajectory"], data["session"])


def on_add_goal(app, data, values):
    app.act(goals.add_goal, data["trajectory"], title=inputs.text(values, "title"),
            smart={part: inputs.text(values, part) for part in goals.SMART_PARTS},
            baseline=inputs.whole_number(values, "baseline", required=False))


def on_record_score(app, data, values):
    moment = inputs.text(values, "moment")
    app.act(goals.record_score, data["trajectory"], inputs.text(values, "goal"),
            value=inputs.whole_number(values, "score"), moment=moment, day=inputs.day(values, "date"),
            session_number=inputs.whole_number(values, "session_number", required=False) if moment == "session" else None)


def on_add_homework(app, data, values):
    app.act(homework.add_homework, data["trajectory"], text=inputs.text(values, "text"),
            due_date=inputs.day(values, "due_date", required=False), session_id=inputs.text(values, "session_id") or None)


def on_homework_done(app, data, values):
    app.act(homework.set_homework_status, data["trajectory"], data["homework"], status="done")


def on_edit_goal(app, data, values):
    app.act(goals.update_goal, data["trajectory"], data["goal"], title=inputs.text(values, "title"),
            smart={part: inputs.text(values, part) for part in goals.SMART_PARTS})


def on_delete_goal(app, data, values):
    app.act(goals.delete_goal, data["trajectory"], data["goal"])


def on_edit_score(app, data, values):
    app.act(goals.update_score, data["trajectory"], data["goal"], int(data["index"]),
            value=inputs.whole_number(values, "score"), day=inputs.day(values, "date"))


def on_delete_score(app, data, values):
    app.act(goals.delete_score, data["trajectory"], data["goal"], int(data["index"]))


def on_edit_homework(app, data, values):
    app.act(homework.update_homework, data["trajectory"], data["homework"], text=inputs.text(values, "text"),
            due_date=inputs.day(values, "due_date", required=False), session_id=inputs.text(values, "session_id") or None)


def on_delete_homework(app, data, values):
    app.act(homework.delete_homework, data["trajectory"], data["homework"])


def on_followup(app, data, values):
    app.act(care.set_followup_status, data["trajectory"], kind=data["kind"], status=data["status"])


def on_export_one(app, data, values):
    outcome = app.run(lambda uow, clock: transfer.trajectory_file(uow, clock, data["id"]))
    if outcome.ok:
        app.download_file(outcome.value)


ACTIONS = {"traj-due-done": on_due_done, "reschedule": on_reschedule, "add-goal": on_add_goal,
           "record-score": on_record_score, "add-homework": on_add_homework, "homework-done": on_homework_done,
           "followup": on_followup, "export-one": on_export_one, "move-working-day": on_move_working_day,
           "edit-goal": on_edit_goal, "delete-goal": on_delete_goal, "edit-score": on_edit_score, "delete-score": on_delete_score, "edit-homework": on_edit_homework,
           "delete-homework": on_delete_homework}
