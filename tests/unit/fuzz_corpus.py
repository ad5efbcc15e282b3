"""Seed data, hostile values and small JSON helpers for ``test_import_fuzz.py``.

Everything here is deterministic (fixed ids, fixed dates), so a fuzz run is repeatable.
"""

import json
from datetime import date

import traject
from traject.model import SessionCheck, SessionNotes
from traject.repository import DictStore, KeyValueRepository

NOW = "2026-03-01T10:00:00+01:00"
EXPORTED = "2026-06-01T12:00:00+02:00"


def rich_trajectory(trajectory_id, client_name, template=None, *, held=False):
    """A trajectory with goals, scores, homework, form answers, events and chosen questions."""
    traj = traject.new_trajectory(template or traject.default_template(), client_name, "Meer rust in mijn werk",
                                  "2026-03-25", "biweekly", None, now=NOW, trajectory_id=trajectory_id,
                                  email="client@example.nl", phone="06-12345678")
    for i, session in enumerate(traj.sessions):
        session.id = f"{trajectory_id}-s{i}"  # new_trajectory draws random ids
    goal = traject.add_goal(traj, "Rustiger werken", specific="minder overwerk", measurable="uren per week",
                            goal_id=f"{trajectory_id}-g1")
    traject.record_score(traj, goal.id, 4, "2026-03-25", "intake")
    traject.record_score(traj, goal.id, 6, "2026-04-08", "session", session_number=1)
    traject.add_homework(traj, "Dagboek bijhouden", due_date="2026-04-01", session_id=traj.sessions[1].id,
                         homework_id=f"{trajectory_id}-h1")
    traject.set_form_answers(traj, "intake", {"coaching_question": "Rust", "motivation": 8}, now=NOW)
    traject.set_form_answers(traj, "contract", {"payment": True, "sessions": False}, now=NOW)
    traject.choose_evaluation_questions(traj, ["terugkijkend_1", "terugkijkend_2", "feedback_5"])
    if held:
        traject.record_session(traj, traj.sessions[0].id, "held", today=date(2026, 3, 20),
                               notes=SessionNotes("Kennismaking", "Kern", "Afsluiting", "Rust nemen"),
                               check=SessionCheck("Goed", "Ademhaling", ""))
    traj.done_actions = ["send_intake"]
    return traj


def own_template(template_id="eigen4"):
    rows = [{"number": 0, "phase": "voorbereiding", "role": "intake", "focus": "Intake", "homework": ""},
            {"number": 1, "phase": "start", "role": "regular", "focus": "Start", "homework": "Lezen"},
            {"number": 2, "phase": "werk", "role": "midterm", "focus": "Tussenstand", "homework": ""},
            {"number": 3, "phase": "afronding", "role": "closing_single", "focus": "Afronding",
             "homework": "", "duration_minutes": 90}]
    return traject.make_template("Mijn kort traject", rows, "one_90", template_id)


def seed_export():
    """A realistic backup (dict) and a single-trajectory file (dict), both valid."""
    trajectories = [rich_trajectory("anna", "Anna de Vries", held=True),
                    rich_trajectory("bram", "Bram Çelik", traject.short_template())]
    settings = traject.Settings(coach_name="Coach Zoë", ui={"last_export": EXPORTED, "compact": True, "n": 3})
    backup = traject.export_backup(trajectories, [own_template()], settings, exported_at=EXPORTED)
    single = traject.to_json(rich_trajectory("carla", "Carla Jansen"), EXPORTED)
    return backup, single


def seed_store_data():
    """Contents of a browser store that already holds data: three trajectories, an own
    template, settings, plus keys of other apps and an unreadable Traject entry."""
    store = DictStore()
    repo = KeyValueRepository(store)
    for traj in (rich_trajectory("anna", "Anna (al opgeslagen)", held=True),
                 rich_trajectory("dirk", "Dirk Bakker"),
                 rich_trajectory("eva", "Eva Smit", traject.extended_template())):
        repo.save(traj, now=NOW)
    repo.save_templates([own_template("al-bestaand")])
    repo.save_settings(traject.Settings(coach_name="Coach"))
    store.set("other-app:state", json.dumps({"theme": "dark", "items": [1, 2, 3]}))
    store.set("theme", "dark")
    store.set("traject-old:x", "not ours")
    store.set("traject:t:kapot", '{"app": "traject", "format_version": 2, "trajectory": ')
    return dict(store.data)


# ------------------------------------------------------------------ JSON tree helpers

def paths(value, prefix=()):
    """Every path (tuple of keys / indexes) inside a JSON value, the root excluded."""
    result = []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return result
    for key, child in items:
        result.append(prefix + (key,))
        result.extend(paths(child, prefix + (key,)))
    return result


def get_at(value, path):
    for key in path:
        value = value[key]
    return value


def close_json_prefix(text, cut):
    """A cut of ``text`` (valid JSON) just before a top-level-or-deeper comma, made valid
    again by closing every open array/object: a file that lost its tail but still parses."""
    stack, in_string, escape = [], False, False
    for ch in text[:cut]:
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            stack.append("]" if ch == "[" else "}")
        elif ch in "]}":
            stack.pop()
    return text[:cut] + "".join(reversed(stack))


def comma_positions(text):
    """Positions of commas outside strings."""
    result, in_string, escape = [], False, False
    for i, ch in enumerate(text):
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == ",":
            result.append(i)
    return result


# ------------------------------------------------------------------ hostile and bad values

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "[x](javascript:alert(1))",
    "\"><script>alert(document.cookie)</script>",
    "{{constructor.constructor('alert(1)')()}}",
    "{path} {0} {value!r} %s %(x)s",  # format-string lookalikes
    "</textarea><iframe src=javascript:alert(1)>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]
ODD_CHARACTERS = [
    "\x00", "a\x00b", "\u202egnp.exe", "\u202d\u202c", "\u200b\u200d\ufeff", "\r\n\t", "\x1b[31mrood\x1b[0m",
    "\u0000\u0001\u001f",
    "Zoë Ürküt-Çelik ﷽ 𝕋𝕣𝕒𝕛𝕖𝕔𝕥 👩‍👩‍👧‍👦", "\U0010ffff", "\ufffd", "\\u0000", "\\",
    "'; DROP TABLE clients; --", "../../etc/passwd", "__proto__", "constructor",
]
# Values that are wrong for (almost) every field: type errors, range errors, impossible dates.
BAD_SCALARS = [
    0, 11, -1, 1.5, "7", True, False, None, "", " ", 10 ** 30, -10 ** 30, 1e308, -0.0, 7.0,
    "2026-02-30", "2026-13-01", "2026-00-10", "yesterday", "26-03-2026", "2026-3-1", "２０２６-０３-０１",
    "2026-03-01T25:00:00+01:00", "2026-03-01T10:00:00+99:00", "0000-01-01", "9999-12-31T23:59:59-23:59",
    "not an id!", "x" * 65, "a" * 201, "b" * 2001, "c" * 20001, "intake", "custom", "session",
    "default8", "traject", [], {}, [1, 2], {"a": 1}, [[[[[]]]]],
]
ENVELOPE_APPS = [None, "", "Traject", "TRAJECT", "traject ", "other", 1, True, [], {}, ["traject"]]
FORMAT_VERSIONS = [0, -1, 3, 99, 10 ** 40, "2", "1", 2.0, 1.5, None, True, False, [], {}, [2]]

# A text field to plant a hostile string in: (path in a backup export, max length).
TEXT_FIELDS = [
    (("trajectories", 0, "client", "name"), 200),
    (("trajectories", 0, "client", "email"), 254),
    (("trajectories", 0, "coaching_question"), 20000),
    (("trajectories", 0, "agreements"), 20000),
    (("trajectories", 0, "sessions", 0, "focus"), 2000),
    (("trajectories", 0, "sessions", 0, "notes", "kern"), 20000),
    (("trajectories", 0, "sessions", 0, "check", "take_away"), 20000),
    (("trajectories", 0, "goals", 0, "title"), 200),
    (("trajectories", 0, "goals", 0, "measurable"), 2000),
    (("trajectories", 0, "homework", 0, "text"), 2000),
    (("trajectories", 0, "forms", "intake", "answers", "coaching_question"), 20000),
    (("trajectories", 0, "events", 0, "note"), 20000),
    (("trajectories", 0, "template_name"), 200),
    (("trajectories", 1, "referral_note"), 20000),
    (("templates", 0, "name"), 200),
    (("templates", 0, "sessions", 1, "focus"), 2000),
    (("settings", "coach_name"), 200),
    (("settings", "ui", "last_export"), 20000),
]
