"""The published JSON Schema (schema/backup.schema.json) matches what the code writes.

Files are checked with the maintained ``jsonschema`` package (a test-only dependency, pinned in
requirements.txt), as anyone reading the published schema would check them."""

import json
import os

import jsonschema
import pytest
from jsonschema import Draft202012Validator

import traject
from traject import backup, codec
from traject.migrations import CURRENT_VERSION
from conftest import NOW, hold_sessions

SCHEMA_PATH = os.path.join(os.path.dirname(traject.__file__), "schema", "backup.schema.json")


@pytest.fixture(scope="module")
def schema():
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def errors(value, schema, definition=None):
    """Every error message of ``value`` against the published schema (or one of its ``$defs``)."""
    if definition:
        schema = {key: part for key, part in schema.items() if key != "oneOf"} | {"$ref": f"#/$defs/{definition}"}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(value)]


def test_schema_is_a_valid_draft_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert jsonschema.validators.validator_for(schema) is Draft202012Validator


@pytest.mark.parametrize("name, fields", [
    ("backup", backup.BACKUP_FIELDS), ("trajectory_file", backup.TRAJECTORY_FILE_FIELDS),
    ("trajectory", codec.TRAJECTORY_FIELDS), ("client", codec.CLIENT_FIELDS), ("session", codec.SESSION_FIELDS),
    ("notes", codec.NOTES_FIELDS), ("check", codec.CHECK_FIELDS), ("goal", codec.GOAL_FIELDS),
    ("score", codec.SCORE_FIELDS), ("homework", codec.HOMEWORK_FIELDS), ("form_record", codec.FORM_RECORD_FIELDS),
    ("followup", codec.FOLLOWUP_FIELDS), ("followup_item", codec.FOLLOWUP_ITEM_FIELDS),
    ("event", codec.EVENT_FIELDS), ("template", codec.TEMPLATE_FIELDS),
    ("template_session", codec.TEMPLATE_SESSION_FIELDS), ("settings", codec.SETTINGS_FIELDS),
])
def test_schema_objects_match_the_codec_fields(schema, name, fields):
    node = schema["$defs"][name]
    assert set(node["properties"]) == set(node["required"]) == set(fields)
    assert node["additionalProperties"] is False


def test_schema_version_is_current(schema):
    assert schema["$defs"]["backup"]["properties"]["format_version"]["const"] == CURRENT_VERSION


def full_example(make_traj):
    traj = make_traj(email="a@example.org")
    hold_sessions(traj, 3)
    goal = traject.add_goal(traj, "Rust", specific="s")
    traject.record_score(traj, goal.id, 4, "2026-03-25", "intake")
    traject.record_score(traj, goal.id, 6, "2026-04-22", "session", session_number=3)
    traject.add_homework(traj, "Dagboek", "2026-04-10", traj.session_by_number(2).id)
    traject.set_form_answers(traj, "evaluation", {"goal_reached": 7, "insight": "x"}, now=NOW)
    traject.set_form_answers(traj, "contract", {"payment": True}, now=NOW)
    traject.choose_evaluation_questions(traj, ["feedback_1", "borgend_2"])
    traject.mark_done(traj, "send_intake")
    other = make_traj(frequency="custom", frequency_days=10)
    traject.close_early(other, today=other.start_date)
    own = traject.copy_template(traject.short_template(), "Eigen")
    settings = traject.Settings(coach_name="Coach", ui={"theme": "dark", "zoom": 1.5, "tips": True, "x": None})
    settings.practice.name, settings.practice.kvk_number = "Praktijk Koers", "12345678"
    settings.appointments.weekday, settings.contract.price_cents = 2, 9500
    settings.message_texts = {"checkin": {"subject": "Hoe gaat het?", "body": "Beste {voornaam},"}}
    traj.sessions[2].start_time = "19:45"
    return traj, other, own, settings


def test_exported_files_validate_against_the_schema(schema, make_traj):
    traj, other, own, settings = full_example(make_traj)
    data = traject.export_backup([traj, other], [own], settings, exported_at=NOW)
    assert errors(json.loads(json.dumps(data)), schema) == []
    single = traject.to_json(traj, NOW)
    assert errors(single, schema) == []
    assert errors(single, schema, "trajectory_file") == []


MUTATIONS = {
    "score": lambda d: d["trajectories"][0]["goals"][0]["scores"][0].update(value=11),
    "unknown field": lambda d: d["trajectories"][0]["sessions"][0].update(colour="red"),
    "nested ui value": lambda d: d["settings"]["ui"].update(nested={}),
    "missing field": lambda d: d["trajectories"][0]["client"].pop("phone"),
    "bad enum": lambda d: d["trajectories"][0].update(status="finished"),
    "long name": lambda d: d["trajectories"][0]["client"].update(name="x" * 201),
    "bad id": lambda d: d["templates"][0].update(id="a b"),
    "newer version": lambda d: d.update(format_version=4),
    "session time": lambda d: d["trajectories"][0]["sessions"][1].update(start_time="7:30"),
    "reminders twice": lambda d: d["settings"]["appointments"].update(reminder_minutes=[60, 60]),
    "unknown message": lambda d: d["settings"]["message_texts"].update(other={"subject": "", "body": ""}),
    "negative price": lambda d: d["settings"]["contract"].update(price_cents=-5),
    "impossible date": lambda d: d["trajectories"][0]["sessions"][1].update(planned_date="2026-02-30"),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_the_schema_rejects_what_the_loader_rejects(schema, make_traj, name):
    traj, other, own, settings = full_example(make_traj)
    data = traject.export_backup([traj], [own], settings, exported_at=NOW)
    MUTATIONS[name](data)
    assert errors(data, schema, "backup")
    assert errors(data, schema)
    with pytest.raises(traject.ValidationError):
        traject.import_backup(data)
