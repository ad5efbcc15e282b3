"""Adjusting a running trajectory per client ("per cliënt aanpassen", issue 14): client
details, coaching question, rhythm, closing variant, the plan of single sessions, the mid-term
evaluation, goals, homework links, reopening, the three options when a goal is reached early
and a follow-up trajectory for the same client.

Every function changes only the trajectory (never the template it came from: a trajectory
holds its own deep copy), is all-or-nothing (:func:`traject.trajectory.atomic`) and records
what changed in the trajectory's history (event ``edited`` or a specific kind). Dates are
``datetime.date``; ``today`` is passed in by the caller (no clock is read here).
"""

import re

from .closing_story import place_evaluation_form
from .dutch import day_text, plural
from .errors import DomainError, ValidationError, problem
from .goals import add_goal, get_goal
from .messages import t
from .model import CLOSING_VARIANTS, FREQUENCIES, Client, Event
from .planning import replan_from
from .trajectory import apply_closing_variant, atomic, ensure_open, get_session, new_trajectory
from .situations import change_frequency, close_early, extend

SMART_PARTS = ("specific", "measurable", "acceptable", "realistic", "time_bound")
#: average days between sessions, to compare rhythms ("monthly" as 30 days)
RHYTHM_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30}
_COUNT_SUFFIX = re.compile(r"\s*\(\d+ sessies?\)\s*$")


def record_edit(traj, today, key, **params):
    """Append an ``edited`` event with the text ``event.edit.<key>`` to the history."""
    traj.events.append(Event(today, "edited", t("event.edit." + key, **params)))


def _required(value, path):
    text = (value or "").strip() if isinstance(value, str) else value
    if not isinstance(text, str) or not text:
        raise ValidationError([problem(path, "empty")])
    return text


# --- the trajectory -------------------------------------------------------------------------

@atomic
def edit_client(traj, *, name, email="", phone="", today):
    """Change the client's name, e-mail and phone (also after closing: details stay
    correctable). Raises ValidationError for an empty name or text that is too long."""
    traj.client = Client(_required(name, "client.name"), (email or "").strip(), (phone or "").strip())
    record_edit(traj, today, "client")
    return traj.client


@atomic
def edit_coaching_question(traj, question, *, today):
    """The coaching question as sharpened after the intake (may be empty)."""
    traj.coaching_question = (question or "").strip()
    record_edit(traj, today, "question")
    return traj


def rhythm_days(frequency, frequency_days=None):
    """Average days between two sessions of a rhythm (monthly counts as 30)."""
    return frequency_days if frequency == "custom" else RHYTHM_DAYS[frequency]


@atomic
def change_rhythm(traj, frequency, *, today, frequency_days=None, replan=False):
    """Another frequency (``custom`` with ``frequency_days``). With ``replan`` the sessions
    that are still planned get new dates in the new rhythm, the first keeping its date;
    without it every date stays and only later planning (added sessions, extensions) follows
    the new rhythm. Raises ValidationError for an unknown frequency or a bad interval."""
    ensure_open(traj)
    if replan:
        change_frequency(traj, frequency, today=today, frequency_days=frequency_days)
    else:
        if frequency not in FREQUENCIES:
            raise ValidationError([problem("frequency", "choice", value=frequency, options=", ".join(FREQUENCIES))])
        traj.frequency = frequency
        traj.frequency_days = frequency_days if frequency == "custom" else None
        traj.events.append(Event(today, "frequency_changed", t("event.edit.rhythm_kept")))
    return traj


@atomic
def change_closing_variant(traj, variant, *, today):
    """One 90-minute closing session or two of 60 minutes, keeping the number of sessions;
    the evaluation form moves with the closing. Refused once a closing session was held."""
    ensure_open(traj)
    if variant not in CLOSING_VARIANTS:
        raise ValidationError([problem("closing_variant", "choice", value=variant, options=", ".join(CLOSING_VARIANTS))])
    if any(s.is_closing and not s.is_pending for s in traj.regular_sessions):
        raise DomainError("closing_already_held")
    apply_closing_variant(traj, variant)
    record_edit(traj, today, "closing", variant=t("ui.new.closing." + variant))
    return traj


def shown_template_name(traj):
    """The template name to show with the trajectory: the name it was created from, with the
    real number of sessions ("Standaardtraject (10 sessies)" after extending an 8-session
    trajectory by 2). ``traj.template_name`` itself never changes."""
    base = _COUNT_SUFFIX.sub("", traj.template_name or "").strip()
    if not base:
        return ""
    return t("template.shown_name", name=base, sessions=plural(traj.planned_sessions, "session"))


# --- sessions -------------------------------------------------------------------------------

@atomic
def edit_session_plan(traj, session_id, *, today, focus=None, homework=None, duration_minutes=None):
    """Change the plan of one session: focus, homework text, duration in minutes (10..240).
    ``None`` keeps a part. Plans of held sessions are history and can still be corrected."""
    ensure_open(traj)
    session = get_session(traj, session_id)
    if duration_minutes is not None and (isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int)
                                         or not 10 <= duration_minutes <= 240):
        raise ValidationError([problem("duration_minutes", "range", value=duration_minutes, min=10, max=240)])
    if focus is not None:
        session.focus = focus.strip()
    if homework is not None:
        session.homework = homework.strip()
    if duration_minutes is not None:
        session.duration_minutes = duration_minutes
    record_edit(traj, today, "session", number=session.number)
    return session


@atomic
def move_midterm(traj, session_id, *, today):
    """Make another planned work session the mid-term evaluation. The old one (when still
    planned) becomes a work session with a theme to decide together; a held mid-term
    evaluation stays. Refused for session 0/1, closing sessions and sessions not planned."""
    ensure_open(traj)
    target = get_session(traj, session_id)
    if target.number < 2 or target.is_closing or not target.is_pending:
        raise DomainError("midterm_target")
    current = [s for s in traj.regular_sessions if s.is_midterm]
    if any(not s.is_pending for s in current):
        raise DomainError("midterm_already_held")
    for session in current:
        session.role, session.focus = "regular", t("template.focus.core_theme_free")
        session.homework = t("template.homework.practice")
    target.role, target.phase = "midterm", "werk"
    target.focus, target.homework = t("template.focus.midterm"), ""
    place_evaluation_form(traj.sessions)
    record_edit(traj, today, "midterm", number=target.number)
    return target


# --- goals and homework ---------------------------------------------------------------------

@atomic
def edit_goal(traj, goal_id, *, today, title, **smart):
    """New title and SMART parts (``specific`` … ``time_bound``; a part left out keeps
    its text). Scores stay. Raises ValidationError for an empty title."""
    goal = get_goal(traj, goal_id)
    unknown = [name for name in smart if name not in SMART_PARTS]
    if unknown:
        raise ValidationError([problem(name, "unknown_field") for name in unknown])
    goal.title = _required(title, "title")
    for name, value in smart.items():
        setattr(goal, name, (value or "").strip())
    record_edit(traj, today, "goal", title=goal.title)
    return goal


@atomic
def link_homework(traj, homework_id, session_id, *, today):
    """Link an assignment to the session in which it was given (``None``: no session)."""
    item = next((hw for hw in traj.homework if hw.id == homework_id), None)
    if item is None:
        raise ValidationError([problem("homework", "unknown_ref", value=homework_id)])
    number = get_session(traj, session_id).number if session_id is not None else None
    item.session_id = session_id
    record_edit(traj, today, "homework_link", text=item.text[:80],
            session=t("ui.trajectory.session_n", n=number) if number is not None else "-")
    return item


def homework_session_number(traj, item):
    """Number of the session an assignment was given in, or None."""
    session = traj.session(item.session_id) if item.session_id else None
    return session.number if session is not None else None


# --- closing, reopening, goal reached early ---------------------------------------------------

@atomic
def reopen(traj, reason, *, today):
    """Reopen a closed (completed or stopped) trajectory, with the reason in its history.
    Follow-up items still open are removed (they are planned again at the next closing); done
    or skipped ones stay as history. Planned sessions that were cancelled at closing stay
    cancelled: add sessions or set one back to planned. Raises ValidationError without a
    reason, DomainError("not_closed") for an open trajectory."""
    if not traj.is_closed:
        raise DomainError("not_closed")
    reason = _required(reason, "reason")
    traj.status, traj.end_reason, traj.ended_on = "active", "", None
    traj.followups = [item for item in traj.followups if item.status != "open"]
    traj.events.append(Event(today, "reopened", reason))
    return traj


EARLY_OPTIONS = ("close", "new_goals", "maintenance")


@atomic
def goal_reached_early(traj, option, *, today, note="", goal_titles=(), extra_sessions=0, agreements="",
                       frequency="monthly", frequency_days=None):
    """The method's three options when the goal is reached early (DOMAIN.md, "Special
    situations"): ``close`` (close earlier: unused sessions lapse, follow-up starts),
    ``new_goals`` (explore new goals: add ``goal_titles`` and ``extra_sessions`` work sessions
    before the closing, with ``agreements``) or ``maintenance`` (maintenance mode: a lower
    ``frequency`` for the sessions still planned). Raises ValidationError for a missing or
    invalid part (no goal title, 0 extra sessions, a rhythm that is not lower)."""
    ensure_open(traj)
    if option not in EARLY_OPTIONS:
        raise ValidationError([problem("option", "choice", value=option, options=", ".join(EARLY_OPTIONS))])
    if option == "close":
        return close_early(traj, today=today, note=note)
    if option == "new_goals":
        titles = [title.strip() for title in goal_titles if title and title.strip()]
        if not titles:
            raise ValidationError([problem("goal_titles", "empty")])
        for title in titles:
            add_goal(traj, title, today=today)
        if extra_sessions:
            extend(traj, extra_sessions, agreements, today=today)
        traj.events.append(Event(today, "goal_reached_early", t("event.early.new_goals", goals=", ".join(titles))))
        return traj
    if frequency not in FREQUENCIES or (frequency == "custom" and not isinstance(frequency_days, int)):
        raise ValidationError([problem("frequency", "choice", value=frequency, options=", ".join(FREQUENCIES))])
    if rhythm_days(frequency, frequency_days) <= rhythm_days(traj.frequency, traj.frequency_days):
        raise ValidationError([problem("frequency", "lower_rhythm")])
    change_frequency(traj, frequency, today=today, frequency_days=frequency_days)
    traj.events.append(Event(today, "goal_reached_early", t("event.early.maintenance")))
    return traj


def follow_up_trajectory(previous, template, start_date, coaching_question="", *, now, today, frequency=None,
                         frequency_days=None, closing_variant=None):
    """A new trajectory for the client of the closed trajectory ``previous``: the client's
    details (name, e-mail, phone) and follow-up offsets are copied; notes, goals, homework and
    forms are not. The history of the new one says which trajectory it follows. Raises
    DomainError("not_closed") while ``previous`` is still running."""
    if not previous.is_closed:
        raise DomainError("not_closed")
    traj = new_trajectory(template, previous.client.name, coaching_question, start_date,
                          frequency or previous.frequency, closing_variant, now=now,
                          frequency_days=frequency_days if frequency else previous.frequency_days,
                          email=previous.client.email, phone=previous.client.phone,
                          followup_mail_days=previous.followup_mail_days,
                          followup_checkin_months=previous.followup_checkin_months)
    traj.events.append(Event(today, "note", t("event.follow_up_of", date=day_text(previous.ended_on),
                                                   question=previous.coaching_question or "-")))
    return traj


# --- warnings (not blocks) ------------------------------------------------------------------

def future_held_warning(traj, session_id, status, today):
    """Dutch warning when a session is marked held while its date is after ``today``."""
    session = traj.session(session_id)
    if status != "held" or session is None or session.planned_date is None or session.planned_date <= today:
        return None
    return t("warning.future_held", number=session.number, date=day_text(session.planned_date))


def future_score_warning(moment, day, today):
    """Dutch warning when an end score is recorded on a date after ``today``."""
    if moment != "end" or day is None or day <= today:
        return None
    return t("warning.future_end_score", date=day_text(day))


# --- notes after closing, the closing confirmation, the mid-term answer ------------------------

@atomic
def edit_session_notes(traj, session_id, *, notes, check, today):
    """Save the notes (SessionNotes) and after-session check (SessionCheck) of a session,
    also after the trajectory closed (notes of held sessions stay editable: typed text is
    never lost). The status does not change."""
    session = get_session(traj, session_id)
    session.notes, session.check = notes, check
    record_edit(traj, today, "notes", number=session.number)
    return session


def completes_trajectory(traj, session_id, status):
    """True when recording ``status`` for this session would complete the trajectory: it is
    'held' for the last still-planned session 1..n of an active trajectory (the app asks
    first: "Dit rondt het traject af")."""
    session = traj.session(session_id)
    if traj.status != "active" or status != "held" or session is None or session.number < 1:
        return False
    return not any(s.is_pending for s in traj.regular_sessions if s.id != session_id)


_YES = ("ja", "yes", "j")


def midterm_asks_adjusting(traj):
    """True when the mid-term evaluation's answer to "moeten we het traject aanpassen?"
    (question ``adjust_trajectory``) starts with "ja": the app then points to extending."""
    record = traj.forms.get("midterm")
    answer = str(record.answers.get("adjust_trajectory", "")) if record else ""
    words = answer.strip().lower().replace(",", " ").replace(".", " ").replace("!", " ").split()
    return bool(words) and words[0] in _YES
