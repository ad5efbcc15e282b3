"""One story of the closing, told the same way by the app, the calendar file and the printed
trajectory map.

Method (DOMAIN.md, "Closing: three pillars"): the closing takes one 90-minute session
(evaluation, borging and afsluiting together) or two 60-minute sessions: first the evaluation
(the client fills in the evaluation form *before* it; homework after it: the borging plan),
then borging + afsluiting. The role of each closing session (``closing_single``,
``closing_first``, ``closing_last``) decides its name; the evaluation form is filled in
between the session before the first closing session and that closing session.
"""

from dataclasses import dataclass

from .messages import t

#: role -> catalogue key of the short name of that closing session
CLOSING_NAME_KEYS = {
    "closing_single": "closing.name.single",
    "closing_first": "closing.name.evaluation",
    "closing_last": "closing.name.retention_goodbye",
}


@dataclass(frozen=True)
class ClosingStep:
    """One closing session: its number, role and Dutch short name."""
    number: int
    role: str
    name: str


def closing_name(role, *, sentence=False):
    """Dutch short name of a closing session by its role (e.g. "afronding: evaluatie";
    with ``sentence`` the first letter is a capital, for a label on its own), or None for a
    role that is not a closing role."""
    key = CLOSING_NAME_KEYS.get(role)
    if key is None:
        return None
    name = t(key)
    return name[:1].upper() + name[1:] if sentence else name


def closing_steps(sessions):
    """The closing sessions among ``sessions`` (Session or TemplateSession objects) in
    session order, each with its name. Empty when the plan has no closing session."""
    rows = sorted((s for s in sessions if s.role in CLOSING_NAME_KEYS), key=lambda s: s.number)
    return [ClosingStep(s.number, s.role, closing_name(s.role)) for s in rows]


def evaluation_form_before(sessions):
    """Number of the session before which the client fills in the evaluation form: the
    first closing session (None without a closing session)."""
    steps = closing_steps(sessions)
    return steps[0].number if steps else None


def evaluation_form_homework_number(sessions):
    """Number of the session after which the evaluation form is given as homework (the
    session right before the first closing session), or None when there is none (a plan
    whose closing starts at session 1)."""
    before = evaluation_form_before(sessions)
    if before is None or before - 1 < 1:
        return None
    return before - 1


def place_evaluation_form(sessions):
    """Keep the homework "fill in the evaluation form" on the session right before the first
    closing session, after a change of the plan (extension, added or removed session, other
    closing variant): a still-planned session elsewhere that carries it gets the standard
    practice assignment instead, and the right session gets it when it is a regular session
    from session 2 on that is still planned. Held sessions are history and never change.
    Works on Session and TemplateSession objects (the latter have no status)."""
    form_text = t("template.homework.evaluation_form")
    target = evaluation_form_homework_number(sessions)
    for session in sessions:
        if getattr(session, "status", "planned") not in ("planned", "moved"):
            continue
        if session.number == target and session.role == "regular" and session.number >= 2:
            session.homework = form_text
        elif session.homework == form_text and session.number >= 1:
            session.homework = t("template.homework.practice")


def evaluation_form_send(traj):
    """(first closing session, date to send the evaluation form) when that session has a
    date, else None (whatever its status: callers decide what a held or cancelled closing
    means). The form goes out a week before it (``planning.EVALUATION_FORM_LEAD_DAYS``) so
    the client can fill it in beforehand."""
    from datetime import timedelta

    from .planning import EVALUATION_FORM_LEAD_DAYS

    number = evaluation_form_before(traj.sessions)
    session = traj.session_by_number(number) if number is not None else None
    if session is None or session.planned_date is None:
        return None
    return session, session.planned_date - timedelta(days=EVALUATION_FORM_LEAD_DAYS)
