"""Client messages: ``#/traject/<id>/berichten`` lists the moments, ``#/traject/<id>/bericht/<slug>``
shows one draft to edit, open in the coach's own mail program (``mailto:``) or copy.

The drafts are made by :mod:`traject.drafts`; nothing is sent by the site. Opening or copying
marks the due action the message belongs to as done (undoable on the same screen).
"""

import js

from traject.drafts import MESSAGE_OF_DUE_KIND, is_sent, mailto_url
from traject.due import trajectory_due_actions
from traject.errors import TrajectError
from traject.messages import t
from traject.practice import MESSAGE_KINDS
from traject.services import appointments

from ..dom import by_id, open_link
from ..html import fragment, h
from .common import action_form, button, field, guide_link, link_button, notice, page_header, text_input, textarea
from .share import _app_url

SLUGS = {"intake": "intake", "contract": "overeenkomst", "midterm": "tussentijds", "evaluation": "evaluatie",
         "followup_mail": "follow-up", "checkin": "check-in", "dropout": "na-uitval"}
KINDS = {slug: kind for kind, slug in SLUGS.items()}


def message_href(traj_id, kind):
    return f"#/traject/{traj_id}/bericht/{SLUGS[kind]}"


def due_links(traj_id, due_kind):
    """Links next to a due action: write its message; for the intake also print the contract."""
    kind = MESSAGE_OF_DUE_KIND.get(due_kind)
    if kind is None:
        return None
    return fragment(
        link_button(t("ui.messages.write"), message_href(traj_id, kind), "small"),
        link_button(t("ui.contract.print_link"), f"#/traject/{traj_id}/afdrukken/overeenkomst", "secondary small")
        if due_kind == "send_intake" else None)


def render_list(app, traj_id):
    traj = app.trajectories.get(traj_id)
    if traj is None:
        return app.not_found()
    due = {MESSAGE_OF_DUE_KIND.get(a.kind) for a in trajectory_due_actions(traj, app.today())}
    rows = [h("li", {"class": "spread"},
              h("a", {"href": message_href(traj.id, kind)}, t("ui.messages.kind." + kind)),
              h("span", {"class": "badge accent"}, t("ui.messages.due_now")) if kind in due else None)
            for kind in MESSAGE_KINDS]
    return fragment(
        page_header(t("ui.messages.title", client=traj.client.name), back=(f"#/traject/{traj.id}", traj.client.name)),
        h("p", {"class": "muted"}, t("ui.messages.intro"), " ", guide_link("afspraken-en-berichten", "berichten-aan-je-client")),
        h("section", {"class": "card"}, h("ul", {"class": "plain-list form-links"}, rows)))


def render(app, traj_id, slug):
    traj = app.trajectories.get(traj_id)
    kind = KINDS.get(slug)
    if traj is None or kind is None:
        return app.not_found()
    try:  # reading; at most the link-signing secret is stored (not undoable, no "Opgeslagen")
        draft = appointments.message_draft(app.uow, app.clock(), traj.id, kind=kind, app_url=_app_url())
    except TrajectError:
        return app.not_found()
    kept = app.state.message_values  # what the coach typed before opening or copying
    if kept and kept[:2] == (traj.id, kind):
        draft.to, draft.subject, draft.body = kept[2:]
    status = None
    if is_sent(traj, draft.due_key):
        status = notice(fragment(t("ui.messages.marked_sent"), " ",
                                 button(t("ui.messages.undo"), "message-undo", kind="secondary small",
                                        data={"trajectory": traj.id, "key": draft.due_key})), "info", role="status")
    elif draft.due_key:
        status = h("p", {"class": "small muted"}, t("ui.messages.will_mark"))
    return fragment(
        page_header(t("ui.messages.kind." + kind), back=(f"#/traject/{traj.id}/berichten", t("ui.messages.all"))),
        h("p", {"class": "muted"}, t("ui.messages.draft_intro", client=traj.client.name)),
        notice(t("ui.messages.no_email"), "warn", role="status") if not traj.client.email else None,
        status,
        action_form("message-open", h("div", {"class": "card message-draft"},
            field(t("ui.messages.to"), text_input("to", draft.to, input_type="email", field_id="message-to",
                                                  maxlength=254, autocomplete="off")),
            field(t("ui.messages.subject"), text_input("subject", draft.subject, field_id="message-subject",
                                                       maxlength=300)),
            field(t("ui.messages.body"), textarea("body", draft.body, field_id="message-body", rows=16)),
            h("div", {"class": "row"},
              button(t("ui.messages.open_mail"), None, button_type="submit"),
              button(t("ui.messages.copy"), "message-copy", kind="secondary",
                     data={"trajectory": traj.id, "kind": kind}),
              link_button(t("ui.messages.contract_link"), f"#/traject/{traj.id}/afdrukken/overeenkomst", "secondary")
              if kind in ("contract", "intake") else None),
            h("p", {"class": "small", "id": "message-status", "role": "status", "aria-live": "polite"}),
            h("p", {"class": "small muted"}, t("ui.messages.privacy"))),
            data={"trajectory": traj.id, "kind": kind}, form_id="message-form"))


def _mark_sent(app, traj_id, kind, to, subject, body):
    app.state.message_values = (traj_id, kind, to, subject, body)
    app.act(appointments.message_sent, traj_id, kind=kind)


def on_open(app, data, values):
    if data.get("kind") not in MESSAGE_KINDS:
        return
    to, subject, body = (str(values.get(name, "")) for name in ("to", "subject", "body"))
    open_link(mailto_url(to, subject, body))
    app.dirty = False
    _mark_sent(app, data.get("trajectory"), data["kind"], to, subject, body)


async def on_copy(app, data, values, element=None):
    if data.get("kind") not in MESSAGE_KINDS or not by_id("message-form"):
        return
    subject, body = by_id("message-subject").value, by_id("message-body").value
    try:
        await js.navigator.clipboard.writeText(t("ui.messages.copied_text", subject=subject, body=body))
    except Exception:  # no clipboard permission: select the text, the coach copies by hand
        box = by_id("message-body")
        box.focus()
        box.select()
        by_id("message-status").textContent = t("ui.messages.copy_failed")
        return
    app.dirty = False
    app.flash(t("ui.messages.copied"), "info")
    _mark_sent(app, data.get("trajectory"), data["kind"], by_id("message-to").value, subject, body)


def on_undo(app, data, values):
    app.act(appointments.undo_message_sent, data.get("trajectory"), key=data.get("key", ""))


ACTIONS = {"message-open": on_open, "message-copy": on_copy, "message-undo": on_undo}
