"""The published JSON Schema (schema/backup.schema.json) matches what the code writes.

A small validator for the subset of draft 2020-12 the schema uses keeps this test free of
extra dependencies."""

import json
import os
import re

import pytest

import traject
from traject import backup, codec
from traject.migrations import CURRENT_VERSION
from conftest import NOW, hold_sessions

SCHEMA_PATH = os.path.join(os.path.dirname(traject.__file__), "schema", "backup.schema.json")
KNOWN_KEYWORDS = {"$schema", "$id", "$ref", "$defs", "title", "description", "type", "properties", "required",
                  "additionalProperties", "items", "maxItems", "uniqueItems", "enum", "const", "minimum", "maximum",
                  "minLength", "maxLength", "pattern", "format", "anyOf", "oneOf", "propertyNames", "maxProperties"}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


@pytest.fixture(scope="module")
def schema():
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def is_type(value, name):
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def errors(value, node, root, path="$"):
    """Yield error strings for ``value`` against schema ``node``."""
    if "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        yield from errors(value, target, root, path)
    if "type" in node and not is_type(value, node["type"]):
        yield f"{path}: not {node['type']}"
        return
    if "const" in node and value != node["const"]:
        yield f"{path}: not {node['const']!r}"
    if "enum" in node and value not in node["enum"]:
        yield f"{path}: {value!r} not in enum"
    if isinstance(value, str):
        if len(value) > node.get("maxLength", 10 ** 9) or len(value) < node.get("minLength", 0):
            yield f"{path}: length"
        if "pattern" in node and not re.search(node["pattern"], value):
            yield f"{path}: pattern"
    if is_type(value, "number"):
        if value < node.get("minimum", value) or value > node.get("maximum", value):
            yield f"{path}: range"
    if isinstance(value, list):
        if len(value) > node.get("maxItems", 10 ** 9):
            yield f"{path}: too many"
        if node.get("uniqueItems") and len({json.dumps(v) for v in value}) != len(value):
            yield f"{path}: not unique"
        for i, item in enumerate(value):
            yield from errors(item, node.get("items", {}), root, f"{path}[{i}]")
    if isinstance(value, dict):
        for name in node.get("required", []):
            if name not in value:
                yield f"{path}.{name}: missing"
        if len(value) > node.get("maxProperties", 10 ** 9):
            yield f"{path}: too many properties"
        for name, item in value.items():
            if "propertyNames" in node:
                yield from errors(name, node["propertyNames"], root, f"{path}.{name}(name)")
            if name in node.get("properties", {}):
                yield from errors(item, node["properties"][name], root, f"{path}.{name}")
            elif node.get("additionalProperties") is False:
                yield f"{path}.{name}: not allowed"
            elif isinstance(node.get("additionalProperties"), dict):
                yield from errors(item, node["additionalProperties"], root, f"{path}.{name}")
    for key in ("anyOf", "oneOf"):
        if key in node:
            matches = sum(1 for option in node[key] if not list(errors(value, option, root, path)))
            if matches == 0 or (key == "oneOf" and matches > 1):
                yield f"{path}: {key} matched {matches}"


def walk(node):
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in ("properties", "$defs"):
                yield from walk(value)
            else:
                for sub in value.values():
                    yield from walk(sub)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def test_schema_is_draft_2020_12_and_uses_known_keywords_only(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for node in walk(schema):
        assert set(node) <= KNOWN_KEYWORDS, set(node) - KNOWN_KEYWORDS


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
    assert list(errors(json.loads(json.dumps(data)), schema, schema)) == []
    single = traject.to_json(traj, NOW)
    assert list(errors(single, schema, schema)) == []


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
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_the_schema_rejects_what_the_loader_rejects(schema, make_traj, name):
    traj, other, own, settings = full_example(make_traj)
    data = traject.export_backup([traj], [own], settings, exported_at=NOW)
    MUTATIONS[name](data)
    assert list(errors(data, {"$ref": "#/$defs/backup"}, schema))
    assert list(errors(data, schema, schema))
    with pytest.raises(traject.ValidationError):
        traject.import_backup(data)
