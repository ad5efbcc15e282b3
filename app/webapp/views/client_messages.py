"""Client messages: ``#/traject/<id>/berichten`` lists the moments, ``#/traject/<id>/bericht/<slug>``
shows one draft to edit, open in the coach's own mail program (``mailto:``) or copy.

The drafts are made by :mod:`traject.drafts`; nothing is sent by the site. Opening or copying
marks the due action the message belongs to as done (undoable on the same screen).
"""

import hashlib

import js

from traject import share
from traject.drafts import FORM_OF_MESSAGE, MESSAGE_OF_DUE_KIND, draft_message, mailto_url, message_sent, undo_message_sent
from traject.due import trajectory_due_actions
from traject.messages import t
from traject.practice import MESSAGE_KINDS

from ..dom import by_id, open_link
from ..html import fragment, h
from .common import action_form, button, field, guide_link, link_button, notice, page_header, text_input, textarea
from .share import SECRET_KEY, _app_url, _secret

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


def _form_link(app, traj, kind):
    """The client form link for ``kind`` (all questions), or "" when the kind has no form.
    The nonce is derived from trajectory and form, so the link is the same on every visit."""
    form_id = FORM_OF_MESSAGE.get(kind)
    if form_id is None:
        return ""
    secret = _secret(app)
    if secret is None:
        app.settings.ui[SECRET_KEY] = share.new_secret()
        if not app.save_settings():
            app.settings.ui.pop(SECRET_KEY, None)
            return ""
        secret = app.settings.ui[SECRET_KEY]
    nonce = hashlib.sha256(f"{traj.id}|{form_id}|message".encode("utf-8")).hexdigest()[:16]
    payload = share.form_link_payload(traj.id, form_id, share.first_name(traj.client.name),
                                      [q.id for q in share.form_questions(form_id)], secret, nonce=nonce,
                                      coach=share.coach_line(app.settings))
    return share.form_link(_app_url(), payload)


def _draft(app, traj, kind):
    return draft_message(traj, kind, app.settings, link=_form_link(app, traj, kind))


def _is_done(traj, key):
    if key is None:
        return False
    if key.startswith("followup:"):
        return any(item.kind == key.split(":", 1)[1] and item.status == "done" for item in traj.followups)
    return key in traj.done_actions


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
    draft = _draft(app, traj, kind)
    kept = getattr(app, "message_values", None)  # what the coach typed before opening or copying
    if kept and kept[:2] == (traj.id, kind):
        draft.to, draft.subject, draft.body = kept[2:]
    status = None
    if _is_done(traj, draft.due_key):
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


def _mark_sent(app, traj, kind, to, subject, body):
    app.message_values = (traj.id, kind, to, subject, body)
    draft = _draft(app, traj, kind)
    if draft.due_key and not _is_done(traj, draft.due_key):
        app.apply(traj, lambda: message_sent(traj, draft, today=app.today()))


def on_open(app, data, values):
    traj = app.trajectories.get(data.get("trajectory"))
    if traj is None or data.get("kind") not in MESSAGE_KINDS:
        return
    to, subject, body = (str(values.get(name, "")) for name in ("to", "subject", "body"))
    open_link(mailto_url(to, subject, body))
    app.dirty = False
    _mark_sent(app, traj, data["kind"], to, subject, body)


async def on_copy(app, data, values, element=None):
    traj = app.trajectories.get(data.get("trajectory"))
    form = by_id("message-form")
    if traj is None or not form:
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
    by_id("message-status").textContent = t("ui.messages.copied")
    app.dirty = False
    _mark_sent(app, traj, data.get("kind"), by_id("message-to").value, subject, body)


def on_undo(app, data, values):
    traj = app.trajectories.get(data.get("trajectory"))
    if traj is not None:
        app.apply(traj, lambda: undo_message_sent(traj, data["key"]))


ACTIONS = {"message-open": on_open, "message-copy": on_copy, "message-undo": on_undo}
