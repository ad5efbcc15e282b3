"""Print views: paper (or PDF via the browser's print dialog) for the client and the coach.

Routes (all inside ``#view``, printed with the print CSS at the end of ``app.css``):

- ``#/traject/<id>/afdrukken``: what can be printed for this trajectory;
- ``#/traject/<id>/afdrukken/kaart``: the trajectory map for the client (one A4 page);
- ``#/traject/<id>/afdrukken/<form-slug>``: a form filled in, or blank with ``?leeg=1``;
- ``#/traject/<id>/afdrukken/samenvatting``: summary for the coach's records.

Everything on the paper comes from the trajectory (escaped by ``html.h``); the toolbar above
it (back link, "Afdrukken" button) is ``no-print``.
"""

from traject.closing_story import closing_name, closing_steps, evaluation_form_before
from traject.goals import goals_progress
from traject.instants import local_date
from traject.messages import t
from traject.model import MAIN_PHASES, main_phase

from .. import fmt
from ..clock import offset_at
from ..html import fragment, h
from .common import button
from .trajectory import FORM_SLUGS, SLUG_FORMS

PRINT_FORMS = ("intake", "contract", "midterm", "evaluation", "borging", "afsluiting")
BLANK_LINES = {"intake": 3, "midterm": 4, "evaluation": 3, "borging": 4}
SUMMARY_FORMS = ("evaluation", "borging")
CANCELLED = ("cancelled", "no_show")


# --- pieces --------------------------------------------------------------------------------

def _toolbar(back_href, back_text, *, printable=True):
    return h("div", {"class": "print-toolbar no-print"},
             h("p", {"class": "back"}, h("a", {"href": back_href}, "← " + back_text)),
             h("div", {"class": "row"},
               button(t("ui.print.print"), "print-page") if printable else None,
               h("span", {"class": "small muted"}, t("ui.print.pdf_hint")) if printable else None))


def _paper(kind, *children):
    return h("article", {"class": f"paper paper-{kind}", "data-print": kind}, *children)


def _coach_line(app):
    """'Coach: Carmen Koers · Praktijk Koers · carmen@koers.nl' on printed papers, when set."""
    settings = app.settings
    parts = [settings.coach_name, settings.practice.name, settings.practice.email, settings.practice.phone]
    parts = [part for part in parts if part]
    return h("p", {"class": "paper-meta coach-line"}, t("ui.print.map.coach", coach=" · ".join(parts))) if parts else None


def _footer(app):
    return h("p", {"class": "paper-footer"}, t("ui.print.footer", date=fmt.day(app.today(), False)))


def _sorted_sessions(traj):
    return sorted(traj.sessions, key=lambda s: s.number)


def _session_label(session):
    if session.number == 0:
        return t("ui.print.map.intake_row")
    return t("ui.trajectory.session_n", n=session.number)


def _role_note(session):
    """'tussentijdse evaluatie' (unless the focus already says so) or the closing session's
    name from :mod:`traject.closing_story` (always: the same words as app and calendar)."""
    if session.is_closing:
        return closing_name(session.role)
    note = t("ui.print.role.midterm") if session.is_midterm else None
    return None if note is None or note.lower() in (session.focus or "").lower() else note


def _months(n):
    return t("ui.print.month_one") if n == 1 else t("ui.print.months", n=n)


# --- the trajectory map --------------------------------------------------------------------

def _map_rows(traj):
    rows = []
    for session in _sorted_sessions(traj):
        if session.number == 0:
            when = t("ui.print.map.intake_when", date=fmt.day(session.planned_date, False)) if session.planned_date else ""
        else:
            when = fmt.appointment(session, with_end=False)
        note = _role_note(session)
        cancelled = session.status in CANCELLED
        rows.append(h("tr", {"class": "cancelled" if cancelled else ("marked" if note else None),
                             "data-session": str(session.number)},
                      h("td", {"class": "num"}, str(session.number)),
                      h("td", {"class": "nowrap"}, when),
                      h("td", {}, t("phase." + main_phase(session.phase))),
                      h("td", {}, h("strong", {}, _session_label(session)) if session.number == 0 else None,
                        " " if session.number == 0 else None,
                        session.focus,
                        fragment(" ", h("span", {"class": "tag"}, note)) if note else None,
                        fragment(" ", h("span", {"class": "tag"}, t("ui.print.cancelled"))) if cancelled else None),
                      h("td", {}, session.homework)))
    return rows


def _closing_text(traj):
    steps = closing_steps(traj.sessions)
    if not steps:
        return None
    first = traj.session_by_number(evaluation_form_before(traj.sessions))
    if len(steps) == 1:
        return t("ui.print.map.closing_one", number=first.number, date=fmt.day(first.planned_date, False))
    return t("ui.print.map.closing_two", first=first.number, last=steps[-1].number,
             date=fmt.day(first.planned_date, False))


def render_map(app, traj):
    regular = traj.regular_sessions
    midterm = next((s for s in _sorted_sessions(traj) if s.is_midterm), None)
    coach = ", ".join(x for x in (app.settings.coach_name, app.settings.practice.name) if x) if app.settings else ""
    freq = (t("frequency." + traj.frequency) if traj.frequency != "custom"
            else t("ui.trajectory.every_days", days=traj.frequency_days)).lower()
    blocks = [
        h("div", {"class": "print-block"}, h("h3", {}, t("ui.print.map.between")), h("p", {}, t("ui.print.map.between_text"))),
        h("div", {"class": "print-block"}, h("h3", {}, t("ui.print.map.midterm")),
          h("p", {}, t("ui.print.map.midterm_text", number=midterm.number, date=fmt.day(midterm.planned_date, False))
            if midterm else t("ui.print.map.midterm_none"))),
        h("div", {"class": "print-block"}, h("h3", {}, t("ui.print.map.closing")),
          h("p", {}, _closing_text(traj) or "")),
        h("div", {"class": "print-block"}, h("h3", {}, t("ui.print.map.after")),
          h("p", {}, t("ui.print.map.after_text", days=traj.followup_mail_days,
                       months=_months(traj.followup_checkin_months)))),
    ]
    return _paper(
        "map",
        h("header", {"class": "paper-head"},
          h("h1", {}, t("ui.print.map.title")),
          h("p", {"class": "paper-meta"}, t("ui.print.map.for", name=traj.client.name),
            fragment(" · ", t("ui.print.map.coach", coach=coach)) if coach else None)),
        h("p", {}, t("ui.print.map.intro", count=len(regular), frequency=freq)),
        h("div", {"class": "print-block question-box"}, h("strong", {}, t("ui.print.map.question")), " ",
          traj.coaching_question) if traj.coaching_question else None,
        h("h2", {}, t("ui.print.map.phases")),
        h("ol", {"class": "phase-strip"},
          [h("li", {"data-phase": phase}, h("strong", {}, t("phase." + phase)),
             h("span", {}, t("ui.print.map.phase." + phase))) for phase in MAIN_PHASES]),
        h("h2", {}, t("ui.print.map.sessions")),
        h("table", {"class": "print-table sessions-table"},
          h("thead", {}, h("tr", {}, [h("th", {"scope": "col"}, t("ui.print.col." + col))
                                      for col in ("number", "date", "phase", "focus", "between")])),
          h("tbody", {}, _map_rows(traj))),
        h("div", {"class": "map-notes"}, blocks),
        _footer(app))


# --- forms ---------------------------------------------------------------------------------

def _lines(count):
    return h("div", {"class": "write-lines", "aria-hidden": "true"}, [h("span", {}) for _ in range(count)])


def _scale(value, blank):
    boxes = [h("span", {"class": "scale-box" + (" chosen" if not blank and value == i else "")}, str(i))
             for i in range(1, 11)]
    text = t("ui.print.form.scale_blank") if blank else (
        t("ui.print.form.scale_value", value=value) if value else t("ui.print.form.no_answer"))
    return h("div", {"class": "scale"}, h("span", {"class": "scale-boxes", "aria-hidden": "true"}, boxes),
             h("span", {"class": "small"}, text))


def _question(form_id, question, value, blank):
    if question.kind == "checkbox":
        checked = bool(value) and not blank
        return h("li", {"class": "q q-check"},
                 h("span", {"class": "tick" + (" on" if checked else ""), "aria-hidden": "true"}, "✓" if checked else ""),
                 h("span", {}, question.label,
                   None if blank else h("span", {"class": "sr-only"}, " ", t("ui.print.form.yes" if checked else "ui.print.form.no"))))
    if question.kind == "scale":
        body = _scale(value, blank)
    elif blank:
        body = _lines(BLANK_LINES.get(form_id, 3))
    elif value:
        body = h("div", {"class": "answer"}, value)
    else:
        body = h("div", {"class": "answer empty"}, t("ui.print.form.no_answer"))
    return h("li", {"class": "q"}, h("p", {"class": "q-label"}, question.label), body)


def _form_body(form_id, answers, blank):
    from traject.forms import form

    spec = form(form_id)
    return spec, h("ol", {"class": "questions" + (" checklist" if form_id in ("contract", "afsluiting") else "")},
                   [_question(form_id, q, answers.get(q.id), blank) for q in spec.questions])


def render_form(app, traj, form_id, blank):
    record = traj.forms.get(form_id)
    answers = {} if blank or record is None else record.answers
    spec, body = _form_body(form_id, answers, blank)
    if blank:
        meta = h("div", {"class": "fill-in"},
                 h("span", {}, t("ui.print.form.name"), h("span", {"class": "fill"}, traj.client.name)),
                 h("span", {}, t("ui.print.form.date"), h("span", {"class": "fill"}, "")))
    else:
        meta = h("p", {"class": "paper-meta"}, t("ui.print.map.for", name=traj.client.name), " · ",
                 t("ui.print.form.filled_on", date=fmt.day(local_date(record.updated_at, offset_at), False))
                 if record else t("ui.print.form.not_filled"))
    signatures = None
    if form_id == "contract":
        extra = h("div", {"class": "q print-block"}, h("p", {"class": "q-label"}, t("ui.print.form.extra_agreements")),
                  _lines(4)) if blank else None
        signatures = fragment(extra, h("div", {"class": "signatures print-block"},
                       [h("div", {}, h("span", {"class": "sign-line"}, ""), h("span", {"class": "small"}, t(key)))
                        for key in ("ui.print.form.sign_client", "ui.print.form.sign_coach", "ui.print.form.sign_date")]))
    return _paper(
        "form",
        h("header", {"class": "paper-head"}, h("h1", {}, spec.title), meta, _coach_line(app)),
        h("p", {"class": "form-intro"}, t("ui.print.form_intro." + form_id)),
        body, signatures, _footer(app))


# --- summary of a (closed) trajectory --------------------------------------------------------

def _goal_rows(traj):
    rows = []
    for goal, prog in zip(traj.goals, goals_progress(traj)):
        midterms = [s.value for s in prog.history if s.moment == "midterm"]
        end = prog.end if prog.end is not None else prog.latest
        rows.append(h("tr", {},
                      h("td", {}, goal.title,
                        h("div", {"class": "small"}, goal.measurable) if goal.measurable else None),
                      h("td", {"class": "num"}, str(prog.baseline) if prog.baseline is not None else "–"),
                      h("td", {"class": "num"}, str(midterms[-1]) if midterms else "–"),
                      h("td", {"class": "num"}, str(end) if end is not None else "–"),
                      h("td", {"class": "num"}, f"{prog.change:+d}" if prog.change is not None else "–")))
    return rows


def _answers_block(traj, form_id):
    from traject.forms import form

    spec = form(form_id)
    record = traj.forms.get(form_id)
    if record is None or not record.answers:
        return h("section", {"class": "print-block"}, h("h2", {}, spec.title),
                 h("p", {"class": "muted"}, t("ui.print.summary.form_empty")))
    items = []
    for question in spec.questions:
        value = record.answers.get(question.id)
        if value in (None, ""):
            continue
        shown = t("ui.print.form.scale_value", value=value) if question.kind == "scale" else (
            t("ui.print.form.yes" if value else "ui.print.form.no") if question.kind == "checkbox" else value)
        items.append(fragment(h("dt", {}, question.label), h("dd", {}, shown)))
    return h("section", {"class": "summary-form"}, h("h2", {}, spec.title), h("dl", {"class": "qa"}, items))


def render_summary(app, traj):
    regular = sorted(traj.regular_sessions, key=lambda s: s.number)
    held = [s for s in regular if s.status == "held"]
    end = traj.ended_on or (held[-1].planned_date if held else None)
    status = t("status." + traj.status) + (f" – {t('end_reason.' + traj.end_reason)}" if traj.end_reason else "")
    facts = [
        (t("ui.print.summary.client"), traj.client.name),
        (t("ui.print.summary.question"), traj.coaching_question or "–"),
        (t("ui.print.summary.period"), t("ui.print.summary.period_value", start=fmt.day(traj.start_date, False),
                                         end=fmt.day(end, False) if end else "…")),
        (t("ui.print.summary.status"), status),
        (t("ui.print.summary.template"), traj.template_name or "–"),
        (t("ui.print.summary.sessions_held_label"), t("ui.print.summary.sessions_held", held=len(held),
                                                      total=traj.planned_sessions)),
    ]
    session_rows = [h("tr", {"class": "cancelled" if s.status in CANCELLED else None},
                      h("td", {"class": "num"}, str(s.number)),
                      h("td", {"class": "nowrap"}, fmt.appointment(s, False, False)),
                      h("td", {}, s.focus, fragment(" ", h("span", {"class": "tag"}, _role_note(s))) if _role_note(s) else None),
                      h("td", {}, t("session_status." + s.status)))
                    for s in regular]
    followups = [h("li", {}, t("ui.followup." + item.kind), " · ", fmt.day(item.due_date, False), " · ",
                   t("followup_status." + item.status)) for item in traj.followups]
    return _paper(
        "summary",
        h("header", {"class": "paper-head"},
          h("h1", {}, t("ui.print.summary.title")),
          h("p", {"class": "paper-meta"}, t("ui.print.summary.confidential"), " · ",
            t("ui.print.summary.made", date=fmt.day(app.today(), False)))),
        None if traj.is_closed else h("p", {"class": "print-note"}, t("ui.print.summary.not_closed")),
        h("dl", {"class": "facts"}, [fragment(h("dt", {}, k), h("dd", {}, v)) for k, v in facts]),
        h("section", {}, h("h2", {}, t("ui.print.summary.goals")),
          h("table", {"class": "print-table goals-table"},
            h("thead", {}, h("tr", {}, [h("th", {"scope": "col"}, t("ui.print.summary.col." + col))
                                        for col in ("goal", "baseline", "midterm", "end", "change")])),
            h("tbody", {}, _goal_rows(traj))) if traj.goals else h("p", {"class": "muted"}, t("ui.print.summary.no_goals"))),
        h("section", {}, h("h2", {}, t("ui.print.summary.sessions")),
          h("table", {"class": "print-table"},
            h("thead", {}, h("tr", {}, [h("th", {"scope": "col"}, t("ui.print.col." + col))
                                        for col in ("number", "date", "focus", "status")])),
            h("tbody", {}, session_rows))),
        [_answers_block(traj, form_id) for form_id in SUMMARY_FORMS],
        h("section", {"class": "print-block"}, h("h2", {}, t("ui.followup.title")),
          h("ul", {"class": "plain"}, followups) if followups else h("p", {"class": "muted"}, t("ui.print.summary.no_followup"))))


# --- the choice of what to print -----------------------------------------------------------

def render_index(app, traj):
    base = f"#/traject/{traj.id}/afdrukken"
    from traject.forms import form

    form_rows = []
    for form_id in PRINT_FORMS:
        record = traj.forms.get(form_id)
        slug = FORM_SLUGS[form_id]
        form_rows.append(h("li", {}, h("strong", {}, form(form_id).title), " ",
                           h("span", {"class": "row"},
                             h("a", {"href": f"{base}/{slug}?leeg=1"}, t("ui.print.blank")),
                             h("a", {"href": f"{base}/{slug}"}, t("ui.print.filled")) if record and record.answers
                             else h("span", {"class": "small muted"}, t("ui.forms.empty")))))
    return fragment(
        _toolbar(f"#/traject/{traj.id}", traj.client.name, printable=False),
        h("h1", {}, t("ui.print.title", name=traj.client.name)),
        h("p", {"class": "muted"}, t("ui.print.intro")),
        h("section", {"class": "card"}, h("h2", {}, h("a", {"href": f"{base}/kaart"}, t("ui.print.map_link"))),
          h("p", {}, t("ui.print.map_hint"))),
        h("section", {"class": "card"}, h("h2", {}, h("a", {"href": f"{base}/overeenkomst"}, t("ui.contract.print_link"))),
          h("p", {}, t("ui.contract.print_hint"))),
        h("section", {"class": "card"}, h("h2", {}, t("ui.print.forms")),
          h("ul", {"class": "form-links print-forms"}, form_rows)),
        h("section", {"class": "card"}, h("h2", {}, h("a", {"href": f"{base}/samenvatting"}, t("ui.print.summary_link"))),
          h("p", {}, t("ui.print.summary_hint"))))


def render(app, traj_id, what=None, params=None):
    traj = app.trajectories.get(traj_id)
    if traj is None:
        return app.not_found()
    if what is None:
        return render_index(app, traj)
    back = (f"#/traject/{traj.id}/afdrukken", t("ui.print.back"))
    if what == "kaart":
        paper = render_map(app, traj)
    elif what == "samenvatting":
        paper = render_summary(app, traj)
    elif SLUG_FORMS.get(what) in PRINT_FORMS:
        paper = render_form(app, traj, SLUG_FORMS[what], (params or {}).get("leeg") == "1")
    else:
        return app.not_found()
    return fragment(_toolbar(*back), paper)


# --- actions -------------------------------------------------------------------------------

def on_print(app, data, values):
    import js

    js.window.print()


ACTIONS = {"print-page": on_print}
