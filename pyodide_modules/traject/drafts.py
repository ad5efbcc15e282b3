"""Drafts of the messages a coach sends a client at the method's moments, and ``mailto:`` links
that open them in the coach's own mail program. Nothing is sent by Traject.

Moments (``MESSAGE_KINDS``) and what fills the draft:
- ``intake``: the intake form, at least 48 hours before session 1 (date and time of session 1,
  the intake form link).
- ``contract``: the coaching contract, with the intake (session 1, number of sessions).
- ``midterm``: the mid-term evaluation questions before that session (its date and time, the
  mid-term form link).
- ``evaluation``: the evaluation form a week before the (first) closing session (its date and
  time, the evaluation form link).
- ``followup_mail``: the personal follow-up mail a week after the end (the borging plan link).
- ``checkin``: the check-in after some months.
- ``dropout``: contact after a client stops coming (date of the last session held).

The coach may replace the default text of each kind in the settings
(``Settings.message_texts``). Texts use placeholders in Dutch, written ``{voornaam}``: see
:data:`PLACEHOLDERS`; unknown placeholders are left as they are, so a typing error shows.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from .messages import t
from .practice import MESSAGE_KINDS, format_price

PLACEHOLDERS = ("voornaam", "datum", "tijd", "sessies", "link", "handtekening", "coach", "praktijk", "prijs")
MESSAGE_OF_DUE_KIND = {"send_intake": "intake", "send_evaluation_form": "evaluation", "followup_mail": "followup_mail",
                       "followup_checkin": "checkin", "hold_midterm": "midterm"}
FORM_OF_MESSAGE = {"intake": "intake", "midterm": "midterm", "evaluation": "evaluation", "followup_mail": "borging"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass
class Draft:
    """A filled message: ``to`` (the client's e-mail, may be empty), subject and body, and the
    key of the due action that sending it completes (None when there is none)."""
    kind: str
    to: str
    subject: str
    body: str
    due_key: object = None


def default_text(kind):
    """(subject, body) of the standard text of ``kind``, with placeholders. Raises KeyError for
    an unknown kind."""
    if kind not in MESSAGE_KINDS:
        raise KeyError(kind)
    return t(f"draft.{kind}.subject"), t(f"draft.{kind}.body")


def message_text(settings, kind):
    """(subject, body) the coach uses for ``kind``: the own text from the settings, or the standard."""
    own = settings.message_texts.get(kind)
    return (own["subject"], own["body"]) if own else default_text(kind)


def set_message_text(settings, kind, subject, body):
    """Store the coach's own text for ``kind``; the standard text (or empty fields) removes it.
    Raises KeyError for an unknown kind."""
    standard = default_text(kind)
    subject, body = subject.strip(), body.strip()
    if (subject, body) == standard or not (subject or body):
        settings.message_texts.pop(kind, None)
    else:
        settings.message_texts[kind] = {"subject": subject or standard[0], "body": body or standard[1]}


def fill(text, values):
    """Replace each ``{name}`` whose name is in ``values``; leave other braces alone."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def long_date(day):
    """``dinsdag 17 maart 2026``; empty for None."""
    if day is None:
        return ""
    weekdays, months = t("draft.weekdays").split(","), t("draft.months").split(",")
    return f"{weekdays[day.weekday()]} {day.day} {months[day.month - 1]} {day.year}"


def first_name(name):
    """The first word of the client's name ("Anna de Vries" -> "Anna")."""
    words = str(name).split()
    return words[0] if words else ""


def signature(settings):
    """The coach's signature: name, practice, e-mail, phone and website, one per line, the
    empty ones left out."""
    practice = settings.practice
    lines = [settings.coach_name, practice.name, practice.email, practice.phone, practice.website]
    return "\n".join(line.strip() for line in lines if line and line.strip())


def _first(sessions):
    return min(sessions, key=lambda s: s.number) if sessions else None


def _moment(traj, kind):
    """(the session the message is about, the due action key sending it completes)."""
    regular = traj.regular_sessions
    if kind in ("intake", "contract"):
        return traj.session_by_number(1), "send_intake" if kind == "intake" else None
    if kind == "midterm":
        return _first([s for s in regular if s.is_midterm]), None
    if kind == "evaluation":
        closing = _first([s for s in regular if s.is_closing])
        return closing, f"evaluation_form:{closing.id}" if closing else None
    if kind in ("followup_mail", "checkin"):
        held = [s for s in regular if s.status == "held"]
        last = max(held, key=lambda s: s.number) if held else None
        return last, "followup:" + ("mail" if kind == "followup_mail" else "checkin")
    held = [s for s in regular if s.status == "held"]
    return (max(held, key=lambda s: s.number) if held else None), None


def draft_message(traj, kind, settings, *, link=""):
    """The draft of message ``kind`` for trajectory ``traj``, filled from the trajectory and the
    coach's ``settings``. ``link`` is the client form link for kinds that have a form
    (:data:`FORM_OF_MESSAGE`), made by the caller (it needs the app's address and secret).
    Raises KeyError for an unknown kind."""
    subject, body = message_text(settings, kind)
    session, due_key = _moment(traj, kind)
    values = {
        "voornaam": first_name(traj.client.name),
        "datum": long_date(session.planned_date) if session else "",
        "tijd": session.start_time if session and session.planned_date else "",
        "sessies": traj.planned_sessions,
        "link": link or "",
        "handtekening": signature(settings),
        "coach": settings.coach_name,
        "praktijk": settings.practice.name,
        "prijs": format_price(settings.contract.price_cents),
    }
    return Draft(kind, traj.client.email, fill(subject, values).strip(), fill(body, values).strip(), due_key)


def mailto_url(to, subject, body):
    """A ``mailto:`` URL (RFC 6068) for the coach's mail program: address, subject and body
    percent-encoded as UTF-8 (spaces as ``%20``, line breaks as ``%0D%0A``)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    return "mailto:" + quote(to.strip(), safe="@") + "?subject=" + quote(subject, safe="") + "&body=" + \
        quote(body, safe="")


def message_sent(traj, draft, *, today):
    """Record that the coach sent ``draft``: its due action (when it is open now) is marked
    done. Returns the key marked, or None. Undo with :func:`undo_message_sent`."""
    from .due import mark_done, trajectory_due_actions

    open_keys = {action.key for action in trajectory_due_actions(traj, today)}
    if draft.due_key is None or draft.due_key not in open_keys:
        return None
    mark_done(traj, draft.due_key)
    return draft.due_key


def is_sent(traj, key):
    """True when the due action ``key`` a message completes is marked done."""
    if key is None:
        return False
    if key.startswith("followup:"):
        return any(item.kind == key.split(":", 1)[1] and item.status == "done" for item in traj.followups)
    return key in traj.done_actions


def undo_message_sent(traj, key):
    """Reopen the due action ``key`` that :func:`message_sent` marked done (a follow-up item is
    open again; the intake preparation is planned again)."""
    from .due import unmark_done
    from .followup import set_followup_status

    if key.startswith("followup:"):
        set_followup_status(traj, key.split(":", 1)[1], "open")
        return
    if key == "send_intake":
        prep = traj.session_by_number(0)
        if prep is not None and prep.status == "held":
            prep.status = "planned"
    unmark_done(traj, key)
