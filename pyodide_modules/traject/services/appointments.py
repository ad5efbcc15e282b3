"""Services: the coach's practice settings, holidays, client message drafts.

Rules live in the domain: :mod:`traject.settings_form` (the settings form),
:mod:`traject.appointments` (public holidays), :mod:`traject.drafts` (message drafts).
"""

import hashlib

from .. import share
from ..appointments import move_to_next_working_day as move_rule
from ..drafts import FORM_OF_MESSAGE, Draft, draft_message, is_sent, message_sent as sent_rule, set_message_text
from ..drafts import undo_message_sent as unsent_rule
from ..errors import FieldError
from ..model import Session, Settings
from ..practice import MESSAGE_KINDS
from ..settings_form import read_settings_form
from .clock import Clock
from .settings import ensure_link_secret, link_secret
from .unit_of_work import UnitOfWork


def save_practice_settings(uow: UnitOfWork, clock: Clock, *, form: dict) -> Settings:
    """Store the settings form (practice, appointments, reminders, contract terms) and the
    message texts ``msg_<kind>_subject`` / ``msg_<kind>_body`` (empty: the standard text).
    Raises ValidationError keyed by form field (see settings_form); nothing changes then."""
    result = read_settings_form(uow.settings, form)
    for kind in MESSAGE_KINDS:
        set_message_text(result, kind, str(form.get(f"msg_{kind}_subject", "")), str(form.get(f"msg_{kind}_body", "")))
    with uow.transaction("ui.undo.settings", clock) as tx:
        settings = tx.settings()
        settings.coach_name, settings.practice = result.coach_name, result.practice
        settings.appointments, settings.contract = result.appointments, result.contract
        settings.message_texts = result.message_texts
        return settings


def move_to_next_working_day(uow: UnitOfWork, clock: Clock, trajectory_id: str, session_id: str) -> Session:
    """Move a session planned on a Dutch public holiday to the next working day (same time),
    with the coach's Liberation Day rule. Raises DomainError('not_a_holiday'/'not_pending')."""
    with uow.transaction("ui.undo.rescheduled", clock) as tx:
        return move_rule(tx.trajectory(trajectory_id), session_id, today=clock.today(),
                         liberation_day=uow.settings.appointments.liberation_day)


def _form_link(uow, clock, traj, kind, app_url):
    """The client form link of a message (all questions), or "". The nonce comes from the
    trajectory and form, so the link is the same on every visit."""
    form_id = FORM_OF_MESSAGE.get(kind)
    if form_id is None or not app_url:
        return ""
    secret = link_secret(uow) or ensure_link_secret(uow, clock)
    nonce = hashlib.sha256(f"{traj.id}|{form_id}|message".encode("utf-8")).hexdigest()[:16]
    payload = share.form_link_payload(traj.id, form_id, share.first_name(traj.client.name),
                                      [q.id for q in share.form_questions(form_id)], secret, nonce=nonce,
                                      coach=share.coach_line(uow.settings))
    return share.form_link(app_url, payload)


def message_draft(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, kind: str, app_url: str = "") -> Draft:
    """The draft of message ``kind`` (practice.MESSAGE_KINDS) for a trajectory, with the client
    form link where one belongs (the link-signing secret is made on first use). Raises
    FieldError('kind'), NotFoundError."""
    if kind not in MESSAGE_KINDS:
        raise FieldError("kind", "error.choice_field")
    traj = uow.get(trajectory_id)
    return draft_message(traj, kind, uow.settings, link=_form_link(uow, clock, traj, kind, app_url))


def message_sent(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, kind: str) -> str | None:
    """The coach opened or copied message ``kind``: its due action is marked done (undo with
    :func:`undo_message_sent`). Returns the key, or None when no due action was open."""
    draft = message_draft(uow, clock, trajectory_id, kind=kind)
    traj = uow.get(trajectory_id)
    if draft.due_key is None or is_sent(traj, draft.due_key):
        return None
    with uow.transaction("ui.undo.message_sent", clock) as tx:
        return sent_rule(tx.trajectory(trajectory_id), draft, today=clock.today())


def undo_message_sent(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, key: str) -> None:
    """Put the due action ``key`` that sending a message completed back on the list."""
    with uow.transaction("ui.undo.message_unsent", clock) as tx:
        unsent_rule(tx.trajectory(trajectory_id), key)
