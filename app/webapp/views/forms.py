"""Forms inside a trajectory: intake, contract, mid-term evaluation, evaluation form,
borging plan, afsluiting checklist and the pick from the 25-question bank."""

from traject.adjust import midterm_asks_adjusting
from traject.forms import BANK_GROUPS, form, form_editable, question_bank
from traject.messages import t
from traject.services import forms as service_forms
from traject.services import inputs

from .. import fmt
from ..clock import offset_at
from ..html import fragment, h
from .common import action_form, button, field, guide_link, link_button, notice, page_header, select, textarea
from .trajectory import FORM_SLUGS, SLUG_FORMS

FORM_GUIDE = {"intake": ("voorbereiding-en-start", ""), "contract": ("voorbereiding-en-start", ""),
              "midterm": ("werkfase", "de-tussentijdse-evaluatie"), "evaluation": ("formulieren", ""),
              "borging": ("formulieren", "borgingsplan"), "afsluiting": ("afronding", ""),
              "evaluation_questions": ("evaluatievragen", "")}


def _control(question, value, readonly):
    fid = f"q-{question.id}"
    if question.kind == "checkbox":
        return h("label", {"class": "check"},
                 h("input", {"type": "checkbox", "name": question.id, "value": "1", "id": fid, "checked": bool(value),
                             "disabled": readonly}), question.label)
    if question.kind == "scale":
        control = select(question.id, [("", "-")] + [(str(i), str(i)) for i in range(1, 11)],
                         str(value) if value else "", field_id=fid)
        return field(question.label, control, t("ui.forms.scale_hint"), field_id=fid)
    return field(question.label, textarea(question.id, value or "", rows=3, field_id=fid), field_id=fid)


def _bank(traj, readonly):
    chosen = set(traj.evaluation_questions)
    bank = question_bank()
    groups = [h("fieldset", {}, h("legend", {}, t("bank.group." + group)),
                [h("label", {"class": "check"},
                   h("input", {"type": "checkbox", "name": "question", "value": q.id, "checked": q.id in chosen,
                               "disabled": readonly}), q.label) for q in bank[group]])
              for group in BANK_GROUPS]
    return fragment(h("p", {}, t("ui.forms.bank_intro")), groups)


def _midterm_links(traj):
    """The mid-term form links to its session and, when the answer to "moeten we het traject
    aanpassen?" is yes, to extending the trajectory."""
    session = next((s for s in traj.regular_sessions if s.is_midterm), None)
    extend = notice(fragment(t("ui.carry.midterm_adjust"), " ",
                             h("a", {"href": f"#/traject/{traj.id}/situatie/verlengen"}, t("ui.carry.extend_link"))),
                    "info", role="status") if midterm_asks_adjusting(traj) and not traj.is_closed else None
    back = h("p", {"class": "small"}, h("a", {"href": f"#/traject/{traj.id}/sessie/{session.id}"},
                                        t("ui.carry.midterm_session", number=session.number))) if session else None
    return fragment(back, extend)


def render(app, traj_id, slug):
    traj = app.trajectories.get(traj_id)
    form_id = SLUG_FORMS.get(slug)
    if traj is None or form_id is None:
        return app.not_found()
    spec = form(form_id)
    readonly = not form_editable(traj, form_id)
    record = traj.forms.get(form_id)
    answers = record.answers if record else {}
    guide_page, anchor = FORM_GUIDE[form_id]
    body = _bank(traj, readonly) if form_id == "evaluation_questions" else [
        _control(q, answers.get(q.id), readonly) for q in spec.questions]
    return fragment(
        page_header(spec.title, back=(f"#/traject/{traj.id}", traj.client.name)),
        h("p", {"class": "muted"}, t("ui.forms.intro." + form_id), " ", guide_link(guide_page, anchor)),
        h("p", {"class": "row no-print"},
          link_button(t("ui.contract.print_link"), f"#/traject/{traj.id}/afdrukken/overeenkomst", "secondary small"),
          link_button(t("ui.messages.kind.contract"), f"#/traject/{traj.id}/bericht/overeenkomst", "secondary small"))
        if form_id == "contract" else None,
        h("p", {"class": "small muted"}, t("ui.forms.last_saved", date=fmt.moment(record.updated_at, offset_at)))
        if record else None,
        _midterm_links(traj) if form_id == "midterm" else None,
        action_form("save-form", h("div", {"class": "card"}, body,
                                   None if readonly else button(t("ui.forms.save"), None, button_type="submit")),
                    data={"trajectory": traj.id, "form": form_id, "leave": "save"}))


def _answers(spec, values):
    answers = {}
    for question in spec.questions:
        raw = values.get(question.id)
        if question.kind == "checkbox":
            answers[question.id] = raw == "1"
        elif question.kind == "scale":
            if raw:
                answers[question.id] = int(raw) if raw.isdigit() else raw
        elif raw:
            answers[question.id] = raw
    return answers


def on_save(app, data, values):
    traj_id, form_id = data["trajectory"], data["form"]
    route = f"#/traject/{traj_id}"
    if form_id == "evaluation_questions":
        app.act(service_forms.choose_evaluation_questions, traj_id, inputs.choices(values, "question"), route=route)
    else:
        app.act(service_forms.save_form, traj_id, form_id, _answers(form(form_id), values), route=route)


def render_chooser(app, slug):
    """``#/formulier/<slug>`` from the guide: pick the trajectory to fill the form in."""
    form_id = SLUG_FORMS.get(slug)
    if form_id is None:
        return app.not_found()
    spec = form(form_id)
    open_trajs = sorted((tr for tr in app.trajectories.values()), key=lambda tr: tr.client.name.lower())
    items = [h("li", {}, h("a", {"href": f"#/traject/{tr.id}/formulier/{slug}"}, tr.client.name),
               h("span", {"class": "small muted"}, " · ", t("status." + tr.status))) for tr in open_trajs]
    guide_page, anchor = FORM_GUIDE[form_id]
    return fragment(
        page_header(spec.title, back=("#/", t("ui.nav.overview"))),
        h("p", {"class": "muted"}, t("ui.forms.intro." + form_id), " ", guide_link(guide_page, anchor)),
        h("p", {"class": "row no-print"},
          link_button(t("ui.contract.print_link"), f"#/traject/{traj.id}/afdrukken/overeenkomst", "secondary small"),
          link_button(t("ui.messages.kind.contract"), f"#/traject/{traj.id}/bericht/overeenkomst", "secondary small"))
        if form_id == "contract" else None,
        h("section", {"class": "card"}, h("h2", {}, t("ui.forms.choose")),
          h("ul", {"class": "form-links"}, items) if items else
          fragment(h("p", {}, t("ui.forms.no_trajectories")), h("a", {"class": "btn", "href": "#/nieuw"}, t("ui.nav.new")))))


ACTIONS = {"save-form": on_save}
