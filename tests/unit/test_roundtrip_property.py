"""Property-based tests: model -> JSON text -> model is lossless, and random sequences of
domain actions keep a trajectory valid."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

import traject
from traject import DomainError, ValidationError, model
from traject.checker import ID_CHARS
from traject.forms import STORED_FORM_IDS, bank_question_ids, form

EXPORTED = "2026-06-01T12:00:00+02:00"

ids = st.text(alphabet=sorted(ID_CHARS), min_size=1, max_size=12)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
optional_dates = st.none() | dates
short_text = st.text(max_size=30)
required_text = st.text(min_size=1, max_size=30).filter(lambda s: s.strip())
timestamps = st.builds(
    lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat(),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
    st.sampled_from([0, 60, 120, -300, 330]),
)


def answer_for(kind):
    return {"text": short_text, "scale": st.integers(1, 10), "checkbox": st.booleans()}[kind]


@st.composite
def form_records(draw):
    result = {}
    for form_id in draw(st.lists(st.sampled_from(STORED_FORM_IDS), unique=True, max_size=3)):
        questions = form(form_id).questions
        chosen = draw(st.lists(st.sampled_from(questions), unique=True, max_size=4))
        answers = {q.id: draw(answer_for(q.kind)) for q in chosen}
        result[form_id] = model.FormRecord(answers, draw(timestamps))
    return result


@st.composite
def sessions(draw):
    count = draw(st.integers(1, 10))
    session_ids = draw(st.lists(ids, unique=True, min_size=count + 1, max_size=count + 1))
    numbers = [0] + sorted(draw(st.lists(st.integers(1, 99), unique=True, min_size=count, max_size=count)))
    if draw(st.booleans()):
        numbers, session_ids = numbers[1:], session_ids[1:]  # no preparation session
    result = []
    for number, session_id in zip(numbers, session_ids):
        role = "intake" if number == 0 else draw(st.sampled_from([r for r in model.ROLES if r != "intake"]))
        result.append(model.Session(
            id=session_id, number=number, phase=draw(st.sampled_from(model.PHASES)), role=role,
            focus=draw(short_text), homework=draw(short_text), duration_minutes=draw(st.integers(15, 240)),
            planned_date=draw(optional_dates), status=draw(st.sampled_from(model.SESSION_STATUSES)),
            notes=model.SessionNotes(*draw(st.tuples(short_text, short_text, short_text, short_text))),
            check=model.SessionCheck(*draw(st.tuples(short_text, short_text, short_text))),
        ))
    return result


@st.composite
def scores(draw):
    moment = draw(st.sampled_from(model.SCORE_MOMENTS))
    number = draw(st.integers(1, 99)) if moment == "session" else None
    return model.Score(draw(dates), moment, draw(st.integers(1, 10)), number)


@st.composite
def trajectories(draw, trajectory_id=None):
    session_list = draw(sessions())
    session_ids = [s.id for s in session_list]
    goal_ids = draw(st.lists(ids, unique=True, max_size=3))
    goals = [model.Goal(goal_id, draw(required_text), *draw(st.tuples(*[short_text] * 5)),
                        scores=draw(st.lists(scores(), max_size=4))) for goal_id in goal_ids]
    homework_ids = draw(st.lists(ids, unique=True, max_size=5))
    homework = [model.Homework(hid, draw(required_text), draw(optional_dates),
                               draw(st.sampled_from(model.HOMEWORK_STATUSES)),
                               draw(st.none() | st.sampled_from(session_ids)))
                for hid in homework_ids]
    frequency = draw(st.sampled_from(model.FREQUENCIES))
    followups = [model.FollowUp(kind, draw(dates), draw(st.sampled_from(model.FOLLOWUP_STATUSES)))
                 for kind in draw(st.lists(st.sampled_from(model.FOLLOWUP_KINDS), unique=True))]
    return model.Trajectory(
        id=trajectory_id or draw(ids),
        client=model.Client(draw(required_text), draw(short_text), draw(st.text(max_size=15))),
        coaching_question=draw(st.text(max_size=200)),
        start_date=draw(dates),
        frequency=frequency,
        frequency_days=draw(st.integers(1, 365)) if frequency == "custom" else None,
        closing_variant=draw(st.sampled_from(model.CLOSING_VARIANTS)),
        created_at=draw(timestamps),
        updated_at=draw(timestamps),
        status=draw(st.sampled_from(model.TRAJECTORY_STATUSES)),
        revision=draw(st.integers(0, 10 ** 9)),
        planned_sessions=sum(1 for s in session_list if s.number >= 1),
        sessions=session_list,
        goals=goals,
        homework=homework,
        forms=draw(form_records()),
        evaluation_questions=draw(st.lists(st.sampled_from(bank_question_ids()), unique=True, max_size=6)),
        followup_mail_days=draw(st.integers(0, 365)),
        followup_checkin_months=draw(st.integers(1, 24)),
        followups=followups,
        ended_on=draw(optional_dates),
        end_reason=draw(st.sampled_from(model.END_REASONS)),
        agreements=draw(short_text),
        referral_note=draw(short_text),
        template_id=draw(short_text),
        template_name=draw(short_text),
        done_actions=draw(st.lists(short_text, max_size=3)),
        events=draw(st.lists(st.builds(model.Event, dates, st.sampled_from(model.EVENT_KINDS), short_text),
                             max_size=4)),
    )


@pytest.mark.slow
@given(trajectories())
def test_trajectory_round_trip_is_lossless(traj):
    text = traject.dumps(traject.to_json(traj, EXPORTED))
    assert traject.load_trajectory_text(text) == traj


@st.composite
def templates(draw, template_id):
    rows = draw(sessions())
    return model.Template(template_id, draw(required_text), draw(st.sampled_from(model.CLOSING_VARIANTS)),
                          [model.TemplateSession(s.number, s.phase, s.role, s.focus, s.homework, s.duration_minutes)
                           for s in rows])


settings_strategy = st.builds(
    model.Settings, short_text, ids, st.sampled_from(model.FREQUENCIES), st.sampled_from(model.CLOSING_VARIANTS),
    st.integers(0, 365), st.integers(1, 24),
    st.dictionaries(st.text(max_size=10), st.none() | st.booleans() | st.integers() | short_text
                    | st.floats(allow_nan=False, allow_infinity=False), max_size=4),
)


@st.composite
def backups(draw):
    trajectory_ids = draw(st.lists(ids, unique=True, max_size=3))
    template_ids = draw(st.lists(ids.filter(lambda x: x not in ("default8", "short6", "extended12")),
                                 unique=True, max_size=2))
    return ([draw(trajectories(i)) for i in trajectory_ids], [draw(templates(i)) for i in template_ids],
            draw(settings_strategy))


@pytest.mark.slow
@given(backups())
def test_backup_round_trip_is_lossless(content):
    trajs, own, settings = content
    text = traject.dumps(traject.export_backup(trajs, own, settings, exported_at=EXPORTED))
    result = traject.load_backup_text(text)
    assert (result.trajectories, result.templates, result.settings) == (trajs, own, settings)
    assert json.loads(text)["format_version"] == traject.CURRENT_VERSION


ACTIONS = st.lists(st.tuples(st.sampled_from([
    "hold", "cancel", "no_show", "reschedule", "reschedule_shift", "add", "remove", "extend", "pause", "resume",
    "close_early", "no_click", "drop_out", "homework", "goal", "frequency",
]), st.integers(0, 20), st.integers(-20, 40)), max_size=12)


def apply(traj, action, pick, days, today):
    regular = traj.regular_sessions
    session = regular[pick % len(regular)] if regular else None
    if action in ("hold", "cancel", "no_show"):
        status = {"hold": "held", "cancel": "cancelled", "no_show": "no_show"}[action]
        traject.record_session(traj, session.id, status, today=today)
    elif action in ("reschedule", "reschedule_shift"):
        traject.reschedule_session(traj, session.id, today + timedelta(days=days), today=today,
                                   shift_later=action == "reschedule_shift")
    elif action == "add":
        traject.add_session(traj, session.number, today=today, focus="Extra")
    elif action == "remove":
        traject.remove_session(traj, session.id, today=today)
    elif action == "extend":
        traject.extend(traj, 1 + pick % 3, "Nieuwe afspraken", today=today)
    elif action == "pause":
        traject.pause(traj, today=today)
    elif action == "resume":
        traject.resume(traj, today + timedelta(days=abs(days)), today=today)
    elif action == "close_early":
        traject.close_early(traj, today=today)
    elif action == "no_click":
        traject.no_click(traj, today=today, referral_note="Collega")
    elif action == "drop_out":
        traject.drop_out(traj, contact_date=today, note="Gebeld", today=today,
                         choice=[None, "pause", "close"][pick % 3])
    elif action == "homework":
        traject.add_homework(traj, "Opdracht", today + timedelta(days=days), session.id)
    elif action == "goal":
        goal = traject.add_goal(traj, "Doel")
        traject.record_score(traj, goal.id, 1 + pick % 10, today, "intake")
    elif action == "frequency":
        traject.change_frequency(traj, ["weekly", "biweekly", "monthly"][pick % 3], today=today)


@given(st.sampled_from(["default8", "short6", "extended12"]), st.sampled_from(model.CLOSING_VARIANTS),
       st.sampled_from(["weekly", "biweekly", "monthly"]), ACTIONS)
def test_random_action_sequences_keep_trajectories_valid(template_id, variant, frequency, actions):
    traj = traject.new_trajectory(traject.find_template(template_id), "Anna", "Vraag", "2026-01-31", frequency,
                                  variant, now="2026-01-01T09:00:00+01:00")
    today = date(2026, 1, 1)
    for action, pick, days in actions:
        today += timedelta(days=3)
        try:
            apply(traj, action, pick, days, today)
        except (DomainError, ValidationError):
            pass  # refused actions must leave a valid trajectory behind, checked below
        traject.trajectory.validate(traj)
        numbers = [s.number for s in traj.sessions]
        assert numbers == sorted(set(numbers)) and traj.planned_sessions == len(traj.regular_sessions)
        assert all(s.planned_date is not None for s in traj.sessions)
    text = traject.dumps(traject.to_json(traj, EXPORTED))
    assert traject.load_trajectory_text(text) == traj
    traject.due_actions([traj], today)
    traject.progress(traj)
