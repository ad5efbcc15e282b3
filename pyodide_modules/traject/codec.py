"""Model <-> plain JSON-ready dicts, with full validation when reading.

Every ``*_from_dict`` function reads untrusted data: it collects all problems and raises one
ValidationError, or returns a complete model object (never something half-loaded).
Field names are readable English snake_case; dates are ``YYYY-MM-DD`` strings, timestamps
ISO 8601 strings. The field lists below are also checked against the JSON Schema in tests.
"""

from .checker import Checker, _short, index, is_id, join
from .dates import parse_date
from .errors import ValidationError
from .forms import BANK_QUESTION_IDS, STORED_FORM_IDS, check_answers, question_kinds
from .practice import (DEFAULT_START_TIME, SETTINGS_PART_FIELDS, appointments_to_dict, contract_to_dict, message_texts_to_dict,
                       parse_time, practice_to_dict, read_appointments, read_contract, read_message_texts,
                       read_practice)
from .model import (CLOSING_VARIANTS, END_REASONS, EVENT_KINDS, FOLLOWUP_KINDS, FOLLOWUP_STATUSES,
                    FREQUENCIES, HOMEWORK_STATUSES, PHASES, ROLES, SCORE_MOMENTS, SESSION_STATUSES,
                    TRAJECTORY_STATUSES, Client, Event, FollowUp, FormRecord, Goal, Homework, Score,
                    Session, SessionCheck, SessionNotes, Settings, Template, TemplateSession, Trajectory)

# Limits
MAX_NAME = 200  # client, template, goal title, coach name
MAX_EMAIL = 254
MAX_PHONE = 50
MAX_LINE = 2000  # focus, homework, SMART parts, event notes
MAX_TEXT = 20000  # notes, coaching question, agreements, answers
MAX_SESSIONS = 100
MAX_SESSION_NUMBER = 99
MAX_GOALS = 50
MAX_SCORES = 500
MAX_HOMEWORK = 500
MAX_EVENTS = 5000
MAX_DONE_ACTIONS = 2000
MAX_KEY = 200
MAX_UI_ENTRIES = 200
MAX_REVISION = 10 ** 9
MAX_SHOWN_KEY = 40  # longer unknown keys are shortened in messages

CLIENT_FIELDS = ("name", "email", "phone")
NOTES_FIELDS = ("opening", "kern", "afsluiting", "takeaway")
CHECK_FIELDS = ("how_was_it", "take_away", "open_topics")
SESSION_FIELDS = ("id", "number", "phase", "role", "focus", "homework", "duration_minutes",
                  "planned_date", "start_time", "status", "notes", "check")
SCORE_FIELDS = ("date", "moment", "value", "session_number")
GOAL_FIELDS = ("id", "title", "specific", "measurable", "acceptable", "realistic", "time_bound", "scores")
HOMEWORK_FIELDS = ("id", "text", "due_date", "status", "session_id")
FORM_RECORD_FIELDS = ("answers", "updated_at")
FOLLOWUP_FIELDS = ("mail_days", "checkin_months", "items")
FOLLOWUP_ITEM_FIELDS = ("kind", "due_date", "status")
EVENT_FIELDS = ("date", "kind", "note")
TRAJECTORY_FIELDS = (
    "id", "revision", "created_at", "updated_at", "client", "coaching_question", "start_date",
    "planned_sessions", "frequency", "frequency_days", "closing_variant", "status", "end_reason",
    "ended_on", "template_id", "template_name", "agreements", "referral_note", "sessions", "goals",
    "homework", "forms", "evaluation_questions", "followup", "done_actions", "events",
)
TEMPLATE_SESSION_FIELDS = ("number", "phase", "role", "focus", "homework", "duration_minutes")
TEMPLATE_FIELDS = ("id", "name", "closing_variant", "sessions")
SETTINGS_FIELDS = ("coach_name", "default_template_id", "default_frequency", "default_closing_variant",
                   "followup_mail_days", "followup_checkin_months", "ui") + SETTINGS_PART_FIELDS


def _iso(day):
    return day.isoformat() if day is not None else None


# ---------------------------------------------------------------- model -> dict

def session_to_dict(s):
    notes, check = s.notes, s.check
    return {
        "id": s.id, "number": s.number, "phase": s.phase, "role": s.role, "focus": s.focus,
        "homework": s.homework, "duration_minutes": s.duration_minutes,
        "planned_date": _iso(s.planned_date), "start_time": s.start_time, "status": s.status,
        "notes": {"opening": notes.opening, "kern": notes.kern, "afsluiting": notes.afsluiting,
                  "takeaway": notes.takeaway},
        "check": {"how_was_it": check.how_was_it, "take_away": check.take_away, "open_topics": check.open_topics},
    }


def goal_to_dict(g):
    return {
        "id": g.id, "title": g.title, "specific": g.specific, "measurable": g.measurable,
        "acceptable": g.acceptable, "realistic": g.realistic, "time_bound": g.time_bound,
        "scores": [{"date": _iso(s.date), "moment": s.moment, "value": s.value,
                    "session_number": s.session_number} for s in g.scores],
    }


def trajectory_to_dict(traj):
    """A plain dict (ready for json.dumps) of one trajectory, without the file envelope."""
    return {
        "id": traj.id,
        "revision": traj.revision,
        "created_at": traj.created_at,
        "updated_at": traj.updated_at,
        "client": {"name": traj.client.name, "email": traj.client.email, "phone": traj.client.phone},
        "coaching_question": traj.coaching_question,
        "start_date": _iso(traj.start_date),
        "planned_sessions": traj.planned_sessions,
        "frequency": traj.frequency,
        "frequency_days": traj.frequency_days,
        "closing_variant": traj.closing_variant,
        "status": traj.status,
        "end_reason": traj.end_reason,
        "ended_on": _iso(traj.ended_on),
        "template_id": traj.template_id,
        "template_name": traj.template_name,
        "agreements": traj.agreements,
        "referral_note": traj.referral_note,
        "sessions": [session_to_dict(s) for s in traj.sessions],
        "goals": [goal_to_dict(g) for g in traj.goals],
        "homework": [{"id": h.id, "text": h.text, "due_date": _iso(h.due_date), "status": h.status,
                      "session_id": h.session_id} for h in traj.homework],
        "forms": {form_id: {"answers": dict(rec.answers), "updated_at": rec.updated_at}
                  for form_id, rec in traj.forms.items()},
        "evaluation_questions": list(traj.evaluation_questions),
        "followup": {
            "mail_days": traj.followup_mail_days,
            "checkin_months": traj.followup_checkin_months,
            "items": [{"kind": f.kind, "due_date": _iso(f.due_date), "status": f.status} for f in traj.followups],
        },
        "done_actions": list(traj.done_actions),
        "events": [{"date": _iso(e.date), "kind": e.kind, "note": e.note} for e in traj.events],
    }


def template_to_dict(template):
    return {
        "id": template.id, "name": template.name, "closing_variant": template.closing_variant,
        "sessions": [{"number": r.number, "phase": r.phase, "role": r.role, "focus": r.focus,
                      "homework": r.homework, "duration_minutes": r.duration_minutes}
                     for r in template.sessions],
    }


def settings_to_dict(settings):
    return {
        "coach_name": settings.coach_name,
        "default_template_id": settings.default_template_id,
        "default_frequency": settings.default_frequency,
        "default_closing_variant": settings.default_closing_variant,
        "followup_mail_days": settings.followup_mail_days,
        "followup_checkin_months": settings.followup_checkin_months,
        "ui": dict(settings.ui),
        "practice": practice_to_dict(settings.practice),
        "appointments": appointments_to_dict(settings.appointments),
        "contract": contract_to_dict(settings.contract),
        "message_texts": message_texts_to_dict(settings.message_texts),
    }


# ---------------------------------------------------------------- dict -> model

def _numbers_ok(items):
    """True when every session has an integer number (so order checks do not cascade)."""
    return isinstance(items, list) and len(items) <= MAX_SESSIONS and all(
        isinstance(x, dict) and type(x.get("number")) is int for x in items)


def _check_order(c, sessions, path):
    for i in range(1, len(sessions)):
        if sessions[i].number <= sessions[i - 1].number:
            c.fail(join(index(path, i), "number"), "session_order")


def _check_intake_role(c, d, number, role, p):
    """Session 0 (and only session 0) is the preparation, with role 'intake'."""
    if type(d.get("number")) is int and isinstance(d.get("role"), str) and (number == 0) != (role == "intake"):
        c.fail(join(p, "role"), "intake_role")


_SESSION_KEYS, _NOTES_KEYS, _CHECK_KEYS = frozenset(SESSION_FIELDS), frozenset(NOTES_FIELDS), frozenset(CHECK_FIELDS)


def _plain_session(d):
    """The Session of ``d`` when it passes every rule of ``_checked_session`` below, else None.

    A backup holds thousands of sessions and nearly all are fine; checking them here without
    a Checker call per field takes half the time. Anything unusual (also a subclass instead
    of a plain str or int) gets None, and ``_checked_session`` then finds and reports the
    problems. tests/unit/test_fast_paths.py checks that this never accepts what
    ``_checked_session`` refuses, and builds the same Session when it accepts."""
    if type(d) is not dict or d.keys() != _SESSION_KEYS:
        return None
    notes, check = d["notes"], d["check"]
    if type(notes) is not dict or notes.keys() != _NOTES_KEYS or type(check) is not dict or check.keys() != _CHECK_KEYS:
        return None
    number, role, phase, status, duration = d["number"], d["role"], d["phase"], d["status"], d["duration_minutes"]
    if not (type(number) is int and 0 <= number <= MAX_SESSION_NUMBER and type(role) is str and role in ROLES
            and (number == 0) == (role == "intake") and type(phase) is str and phase in PHASES
            and type(status) is str and status in SESSION_STATUSES and type(duration) is int and 15 <= duration <= 240
            and is_id(d["id"])):
        return None
    focus, homework = d["focus"], d["homework"]
    if not (type(focus) is str and len(focus) <= MAX_LINE and type(homework) is str and len(homework) <= MAX_LINE):
        return None
    texts = [notes[n] for n in NOTES_FIELDS] + [check[n] for n in CHECK_FIELDS]
    for text in texts:
        if type(text) is not str or len(text) > MAX_TEXT:
            return None
    planned = d["planned_date"]
    if planned is not None:
        planned = parse_date(planned)
        if planned is None:
            return None
    start = d["start_time"]
    if type(start) is not str or parse_time(start) is None:
        return None
    return Session(d["id"], number, phase, role, focus, homework, duration, planned, status,
                   SessionNotes(*texts[:len(NOTES_FIELDS)]), SessionCheck(*texts[len(NOTES_FIELDS):]), start)


def _read_session(c, d, p):
    plain = _plain_session(d)
    return plain if plain is not None else _checked_session(c, d, p)


def _checked_session(c, d, p):
    c.fields(d, p, SESSION_FIELDS)
    if not isinstance(d, dict):
        return None
    number = c.integer(d, "number", p, 0, MAX_SESSION_NUMBER)
    role = c.choice(d, "role", p, ROLES)
    _check_intake_role(c, d, number, role, p)
    notes_path, check_path = join(p, "notes"), join(p, "check")
    notes, check = d.get("notes", {}), d.get("check", {})
    notes_ok = "notes" in d and c.fields(notes, notes_path, NOTES_FIELDS)
    check_ok = "check" in d and c.fields(check, check_path, CHECK_FIELDS)
    return Session(
        id=c.ident(d, "id", p),
        number=number,
        phase=c.choice(d, "phase", p, PHASES),
        role=role,
        focus=c.text(d, "focus", p, MAX_LINE),
        homework=c.text(d, "homework", p, MAX_LINE),
        duration_minutes=c.integer(d, "duration_minutes", p, 15, 240),
        planned_date=c.date(d, "planned_date", p, nullable=True),
        status=c.choice(d, "status", p, SESSION_STATUSES),
        notes=SessionNotes(*(c.text(notes, n, notes_path, MAX_TEXT) for n in NOTES_FIELDS) if notes_ok else ()),
        check=SessionCheck(*(c.text(check, n, check_path, MAX_TEXT) for n in CHECK_FIELDS) if check_ok else ()),
        start_time=_start_time(c, d, p),
    )


def _start_time(c, d, p):
    """The session's ``"HH:MM"`` start time (the default when missing or invalid, with a problem)."""
    value = d.get("start_time")
    if "start_time" in d and parse_time(value) is None:
        c.fail(join(p, "start_time"), "time", value=_short(value))
    return value if parse_time(value) is not None else DEFAULT_START_TIME


def _read_score(c, d, p):
    if not c.fields(d, p, SCORE_FIELDS):
        return None
    moment = c.choice(d, "moment", p, SCORE_MOMENTS)
    number = c.integer(d, "session_number", p, 1, MAX_SESSION_NUMBER, nullable=True)
    if isinstance(d.get("moment"), str) and (d.get("moment") == "session") != (d.get("session_number") is not None):
        c.fail(join(p, "session_number"), "session_number")
    return Score(c.date(d, "date", p), moment, c.integer(d, "value", p, 1, 10), number)


def _read_goal(c, d, p):
    if not c.fields(d, p, GOAL_FIELDS):
        return None
    scores_path = join(p, "scores")
    scores = [_read_score(c, item, index(scores_path, i))
              for i, item in enumerate(c.array(d, "scores", p, MAX_SCORES))]
    return Goal(
        id=c.ident(d, "id", p),
        title=c.text(d, "title", p, MAX_NAME, nonempty=True),
        specific=c.text(d, "specific", p, MAX_LINE),
        measurable=c.text(d, "measurable", p, MAX_LINE),
        acceptable=c.text(d, "acceptable", p, MAX_LINE),
        realistic=c.text(d, "realistic", p, MAX_LINE),
        time_bound=c.text(d, "time_bound", p, MAX_LINE),
        scores=scores,
    )


def _read_homework(c, d, p):
    if not c.fields(d, p, HOMEWORK_FIELDS):
        return None
    return Homework(c.ident(d, "id", p), c.text(d, "text", p, MAX_LINE, nonempty=True),
                    c.date(d, "due_date", p, nullable=True), c.choice(d, "status", p, HOMEWORK_STATUSES),
                    c.ident(d, "session_id", p, nullable=True))


def _read_forms(c, d, p):
    path = join(p, "forms")
    forms = {}
    for form_id, record in c.mapping(d, "forms", p, len(STORED_FORM_IDS)).items():
        rp = join(path, _short(form_id))
        if form_id not in STORED_FORM_IDS:
            c.fail(rp, "unknown_form", value=_short(form_id))
            continue
        if not c.fields(record, rp, FORM_RECORD_FIELDS):
            continue
        answers_path = join(rp, "answers")
        answers = c.mapping(record, "answers", rp, len(question_kinds(form_id)))
        long_keys = [key for key in answers if len(key) > MAX_SHOWN_KEY]
        for key in long_keys:  # no question id is this long; keep the message short
            c.fail(join(answers_path, _short(key)), "unknown_question", value=_short(key))
        c.extend(check_answers(form_id, {k: v for k, v in answers.items() if len(k) <= MAX_SHOWN_KEY}
                               if long_keys else answers, answers_path))
        forms[form_id] = FormRecord(dict(answers), c.timestamp(record, "updated_at", rp))
    return forms


def _read_followup(c, d, p):
    fp = join(p, "followup")
    f = d.get("followup", {})
    if "followup" not in d or not c.fields(f, fp, FOLLOWUP_FIELDS):
        return 7, 3, []
    items_path = join(fp, "items")
    items = []
    for i, item in enumerate(c.array(f, "items", fp, len(FOLLOWUP_KINDS))):
        ip = index(items_path, i)
        if c.fields(item, ip, FOLLOWUP_ITEM_FIELDS):
            items.append(FollowUp(c.choice(item, "kind", ip, FOLLOWUP_KINDS), c.date(item, "due_date", ip),
                                  c.choice(item, "status", ip, FOLLOWUP_STATUSES)))
    c.unique([(i, item.kind) for i, item in enumerate(items)], items_path, "kind")
    return c.integer(f, "mail_days", fp, 0, 365), c.integer(f, "checkin_months", fp, 1, 24), items


def _read_trajectory(c, d, p):
    if not c.fields(d, p, TRAJECTORY_FIELDS):
        return None
    client_path = join(p, "client")
    client_data = d.get("client", {})
    client = Client("")
    if "client" in d and c.fields(client_data, client_path, CLIENT_FIELDS):
        client = Client(c.text(client_data, "name", client_path, MAX_NAME, nonempty=True),
                        c.text(client_data, "email", client_path, MAX_EMAIL),
                        c.text(client_data, "phone", client_path, MAX_PHONE))

    sessions_path = join(p, "sessions")
    sessions = [_read_session(c, item, index(sessions_path, i))
                for i, item in enumerate(c.array(d, "sessions", p, MAX_SESSIONS))]
    sessions = [s for s in sessions if s is not None]
    c.unique([(i, s.id) for i, s in enumerate(sessions) if s.id], sessions_path)
    numbers_ok = _numbers_ok(d.get("sessions"))
    if numbers_ok:
        _check_order(c, sessions, sessions_path)
    regular_count = sum(1 for s in sessions if s.number >= 1)
    planned = c.integer(d, "planned_sessions", p, 1, MAX_SESSION_NUMBER)
    if numbers_ok and type(d.get("planned_sessions")) is int and planned != regular_count:
        c.fail(join(p, "planned_sessions"), "planned_count", value=_short(planned), count=regular_count)

    goals_path = join(p, "goals")
    goals = [_read_goal(c, item, index(goals_path, i)) for i, item in enumerate(c.array(d, "goals", p, MAX_GOALS))]
    goals = [g for g in goals if g is not None]
    c.unique([(i, g.id) for i, g in enumerate(goals) if g.id], goals_path)

    homework_path = join(p, "homework")
    homework = [_read_homework(c, item, index(homework_path, i))
                for i, item in enumerate(c.array(d, "homework", p, MAX_HOMEWORK))]
    homework = [h for h in homework if h is not None]
    c.unique([(i, h.id) for i, h in enumerate(homework) if h.id], homework_path)
    session_ids = {s.id for s in sessions}
    for i, item in enumerate(homework):
        if item.session_id is not None and item.session_id and item.session_id not in session_ids:
            c.fail(join(index(homework_path, i), "session_id"), "unknown_ref", value=item.session_id)

    frequency = c.choice(d, "frequency", p, FREQUENCIES)
    frequency_days = c.integer(d, "frequency_days", p, 1, 365, nullable=True)
    is_custom = d.get("frequency") == "custom"
    if isinstance(d.get("frequency"), str) and is_custom != (d.get("frequency_days") is not None):
        c.fail(join(p, "frequency_days"), "frequency_days")

    questions_path = join(p, "evaluation_questions")
    valid_questions = BANK_QUESTION_IDS
    questions = c.array(d, "evaluation_questions", p, len(valid_questions))
    for i, q in enumerate(questions):
        if not isinstance(q, str) or q not in valid_questions:
            c.fail(index(questions_path, i), "unknown_question", value=_short(q))
    c.unique([(i, q) for i, q in enumerate(questions) if isinstance(q, str)], questions_path, "")

    done_path = join(p, "done_actions")
    done = c.array(d, "done_actions", p, MAX_DONE_ACTIONS)
    for i, key in enumerate(done):
        if not isinstance(key, str):
            c.fail(index(done_path, i), "type_string")
        elif len(key) > MAX_KEY:
            c.fail(index(done_path, i), "too_long", length=len(key), max=MAX_KEY)

    events_path = join(p, "events")
    events = []
    for i, item in enumerate(c.array(d, "events", p, MAX_EVENTS)):
        ep = index(events_path, i)
        if c.fields(item, ep, EVENT_FIELDS):
            events.append(Event(c.date(item, "date", ep), c.choice(item, "kind", ep, EVENT_KINDS),
                                c.text(item, "note", ep, MAX_TEXT)))

    mail_days, checkin_months, followups = _read_followup(c, d, p)
    return Trajectory(
        id=c.ident(d, "id", p),
        client=client,
        coaching_question=c.text(d, "coaching_question", p, MAX_TEXT),
        start_date=c.date(d, "start_date", p),
        frequency=frequency,
        closing_variant=c.choice(d, "closing_variant", p, CLOSING_VARIANTS),
        created_at=c.timestamp(d, "created_at", p),
        updated_at=c.timestamp(d, "updated_at", p),
        frequency_days=frequency_days,
        status=c.choice(d, "status", p, TRAJECTORY_STATUSES),
        revision=c.integer(d, "revision", p, 0, MAX_REVISION),
        planned_sessions=planned,
        sessions=sessions,
        goals=goals,
        homework=homework,
        forms=_read_forms(c, d, p),
        evaluation_questions=[q for q in questions if isinstance(q, str)],
        followup_mail_days=mail_days,
        followup_checkin_months=checkin_months,
        followups=followups,
        ended_on=c.date(d, "ended_on", p, nullable=True),
        end_reason=c.choice(d, "end_reason", p, END_REASONS),
        agreements=c.text(d, "agreements", p, MAX_TEXT),
        referral_note=c.text(d, "referral_note", p, MAX_TEXT),
        template_id=c.text(d, "template_id", p, MAX_NAME),
        template_name=c.text(d, "template_name", p, MAX_NAME),
        done_actions=[k for k in done if isinstance(k, str)],
        events=events,
    )


def _read_template(c, d, p):
    if not c.fields(d, p, TEMPLATE_FIELDS):
        return None
    sessions_path = join(p, "sessions")
    rows = []
    for i, item in enumerate(c.array(d, "sessions", p, MAX_SESSIONS)):
        rp = index(sessions_path, i)
        if not c.fields(item, rp, TEMPLATE_SESSION_FIELDS):
            continue
        number = c.integer(item, "number", rp, 0, MAX_SESSION_NUMBER)
        role = c.choice(item, "role", rp, ROLES)
        _check_intake_role(c, item, number, role, rp)
        rows.append(TemplateSession(number, c.choice(item, "phase", rp, PHASES), role,
                                    c.text(item, "focus", rp, MAX_LINE), c.text(item, "homework", rp, MAX_LINE),
                                    c.integer(item, "duration_minutes", rp, 15, 240)))
    numbers_ok = _numbers_ok(d.get("sessions"))
    if numbers_ok:
        _check_order(c, rows, sessions_path)
    if numbers_ok and not any(r.number >= 1 for r in rows):
        c.fail(sessions_path, "no_sessions")
    return Template(c.ident(d, "id", p), c.text(d, "name", p, MAX_NAME, nonempty=True),
                    c.choice(d, "closing_variant", p, CLOSING_VARIANTS), rows)


def _read_settings(c, d, p):
    if not c.fields(d, p, SETTINGS_FIELDS):
        return Settings()
    ui_path = join(p, "ui")
    ui = c.mapping(d, "ui", p, MAX_UI_ENTRIES)
    for key, value in ui.items():
        if len(key) > MAX_KEY:
            c.fail(join(ui_path, key[:40]), "too_long", length=len(key), max=MAX_KEY)
        c.plain_value(value, join(ui_path, key[:40]), MAX_TEXT)
    return Settings(
        coach_name=c.text(d, "coach_name", p, MAX_NAME),
        default_template_id=c.ident(d, "default_template_id", p),
        default_frequency=c.choice(d, "default_frequency", p, FREQUENCIES),
        default_closing_variant=c.choice(d, "default_closing_variant", p, CLOSING_VARIANTS),
        followup_mail_days=c.integer(d, "followup_mail_days", p, 0, 365),
        followup_checkin_months=c.integer(d, "followup_checkin_months", p, 1, 24),
        ui=dict(ui),
        practice=read_practice(c, d, p, join),
        appointments=read_appointments(c, d, p, join, index),
        contract=read_contract(c, d, p, join),
        message_texts=read_message_texts(c, d, p, join),
    )


def _run(reader, data, path):
    c = Checker()
    result = reader(c, data, path)
    if c.problems:
        raise ValidationError(c.problems)
    return result


def trajectory_from_dict(data, path=""):
    """Validate and build a Trajectory from a plain dict (no envelope). Raises ValidationError."""
    return _run(_read_trajectory, data, path)


def template_from_dict(data, path=""):
    return _run(_read_template, data, path)


def settings_from_dict(data, path=""):
    return _run(_read_settings, data, path)
