"""Versioned files, raw text loading and migrations."""

import json

import pytest

import traject
from traject import ValidationError
from traject.backup import MAX_INPUT_CHARS, parse_json_text
from traject.migrations import CURRENT_VERSION, MIGRATIONS, migrate

EXPORTED = "2026-06-01T12:00:00+02:00"


def test_envelopes(make_traj):
    traj = make_traj()
    single = traject.to_json(traj, EXPORTED)
    assert (single["app"], single["format_version"], single["exported_at"]) == ("traject", 3, EXPORTED)
    assert CURRENT_VERSION == 3
    backup = traject.export_backup([traj], traject.builtin_templates(), exported_at=EXPORTED)
    assert set(backup) == {"app", "format_version", "exported_at", "trajectories", "templates", "settings"}
    assert backup["templates"] == []  # built-in templates are not exported
    assert traject.from_json(json.loads(traject.dumps(single))) == traj


def test_text_round_trip_keeps_dutch_characters(make_traj):
    traj = make_traj()
    traj.client.name = "Zoë Ürküt-Çelik"
    text = traject.dumps(traject.export_backup([traj], exported_at=EXPORTED))
    assert "Zoë" in text
    assert traject.load_backup_text(text).trajectories[0] == traj
    assert traject.load_trajectory_text(traject.dumps(traject.to_json(traj, EXPORTED))) == traj


def only_problem(text):
    with pytest.raises(ValidationError) as info:
        traject.load_backup_text(text)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def test_invalid_json_text():
    problem = only_problem('{"app": "traject",\n  "format_version": }')
    assert problem.code == "invalid_json" and "regel 2" in problem.message


def test_nan_is_refused():
    assert only_problem('{"app": "traject", "format_version": NaN}').code == "invalid_json_value"


def test_too_large_input():
    assert parse_json_text("[1]", max_chars=10) == [1]
    with pytest.raises(ValidationError) as info:
        parse_json_text(" " * 11, max_chars=10)
    assert info.value.problems[0].code == "too_large"
    assert MAX_INPUT_CHARS >= 5_000_000
    assert only_problem("x" * (MAX_INPUT_CHARS + 1)).code == "too_large"


def test_empty_text():
    assert only_problem("  \n").code == "empty_file"


def test_deeply_nested_text():
    assert only_problem("[" * 100000 + "]" * 100000).code == "too_deep"


def test_json_that_is_not_an_object():
    assert only_problem('"hello"').code == "not_object"


def test_newer_version_gives_a_clear_error(make_traj):
    data = traject.export_backup([make_traj()], exported_at=EXPORTED)
    data["format_version"] = 4
    with pytest.raises(ValidationError) as info:
        traject.import_backup(data)
    problem = info.value.problems[0]
    assert problem.code == "newer_version" and "nieuwere versie" in problem.message and "4" in problem.message


@pytest.mark.parametrize("version, code", [(0, "old_version"), ("2", "type_int"), (None, "type_int")])
def test_bad_versions(make_traj, version, code):
    data = traject.export_backup([make_traj()], exported_at=EXPORTED)
    data["format_version"] = version
    with pytest.raises(ValidationError) as info:
        traject.import_backup(data)
    assert info.value.problems[0].code == code


def test_missing_version():
    with pytest.raises(ValidationError) as info:
        traject.import_backup({"app": "traject"})
    assert info.value.problems[0].code == "missing" and info.value.problems[0].path == "format_version"


def v1_backup(traj):
    data = traject.export_backup([traj], exported_at=EXPORTED)
    data["format_version"] = 1
    for item in data["trajectories"]:
        item["client_name"] = item.pop("client")["name"]
    return data


def test_migration_registry_covers_every_old_version():
    assert sorted(MIGRATIONS) == list(range(1, CURRENT_VERSION))


def test_migration_v1_to_v2_backup(make_traj):
    traj = make_traj()
    traj.client.email = traj.client.phone = ""
    data = v1_backup(traj)
    original = json.dumps(data)
    result = traject.import_backup(data)
    assert result.trajectories[0] == traj
    assert result.trajectories[0].client == traject.Client("Anna de Vries", "", "")
    assert json.dumps(data) == original  # the input is not modified


def test_migration_v1_to_v2_single_file(make_traj):
    traj = make_traj()
    data = traject.to_json(traj, EXPORTED)
    data["format_version"] = 1
    data["trajectory"]["client_name"] = data["trajectory"].pop("client")["name"]
    migrated = migrate(data)
    assert migrated["format_version"] == CURRENT_VERSION
    assert migrated["trajectory"]["client"] == {"name": "Anna de Vries", "email": "", "phone": ""}
    assert "client_name" not in migrated["trajectory"]


def v2_backup(traj, settings):
    """A version-2 backup as the previous release wrote it: no session times, no practice."""
    data = traject.export_backup([traj], settings=settings, exported_at=EXPORTED)
    data["format_version"] = 2
    for session in data["trajectories"][0]["sessions"]:
        del session["start_time"]
    for name in ("practice", "appointments", "contract", "message_texts"):
        del data["settings"][name]
    return data


def test_migration_v2_to_v3_gives_default_times_and_practice(make_traj):
    traj = make_traj()
    for session in traj.sessions:
        session.start_time = "14:30"
    settings = traject.Settings(coach_name="Coach Carmen", default_frequency="weekly")
    data = v2_backup(traj, settings)
    original = json.dumps(data)
    result = traject.import_backup(data)
    assert json.dumps(data) == original
    assert {s.start_time for s in result.trajectories[0].sessions} == {"10:00"}
    assert result.settings.coach_name == "Coach Carmen" and result.settings.default_frequency == "weekly"
    assert result.settings.appointments.start_time == "10:00"
    assert result.settings.appointments.reminder_minutes == [1440, 60]
    assert result.settings.practice == traject.Settings().practice
    assert result.settings.contract.price_cents is None


def test_v3_keeps_session_times_and_practice(make_traj):
    traj = make_traj()
    traj.sessions[1].start_time = "08:15"
    settings = traject.Settings(coach_name="Coach Carmen")
    settings.practice.name, settings.contract.price_cents = "Praktijk Koers", 9550
    settings.message_texts = {"intake": {"subject": "Intake", "body": "Beste {voornaam}"}}
    result = traject.import_backup(json.loads(traject.dumps(
        traject.export_backup([traj], settings=settings, exported_at=EXPORTED))))
    assert result.trajectories[0].sessions[1].start_time == "08:15"
    assert result.settings == settings


@pytest.mark.parametrize("path, value, code", [
    (("trajectories", 0, "sessions", 1, "start_time"), "24:00", "time"),
    (("trajectories", 0, "sessions", 1, "start_time"), "9:30", "time"),
    (("trajectories", 0, "sessions", 1, "start_time"), None, "time"),
    (("settings", "appointments", "start_time"), "10.00", "time"),
    (("settings", "appointments", "weekday"), 7, "range"),
    (("settings", "appointments", "reminder_minutes"), [60, 60], "duplicate_id"),
    (("settings", "appointments", "reminder_minutes"), [0], "range"),
    (("settings", "appointments", "liberation_day"), "never", "choice"),
    (("settings", "contract", "price_cents"), -1, "range"),
    (("settings", "contract", "price_basis"), "hour", "choice"),
    (("settings", "message_texts"), {"spam": {"subject": "", "body": ""}}, "choice"),
    (("settings", "message_texts"), {"intake": {"subject": ""}}, "missing"),
    (("settings", "practice"), {}, "missing"),
])
def test_new_fields_are_validated(make_traj, path, value, code):
    data = json.loads(traject.dumps(traject.export_backup([make_traj()], exported_at=EXPORTED)))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError) as info:
        traject.import_backup(data)
    assert code in {p.code for p in info.value.problems}
    assert all(p.path.startswith(".".join(str(k) for k in path[:2] if not isinstance(k, int))[:8])
               for p in info.value.problems)


def test_migration_leaves_bad_data_to_validation():
    data = {"app": "traject", "format_version": 1, "exported_at": EXPORTED, "trajectories": [5],
            "templates": [], "settings": None}
    with pytest.raises(ValidationError) as info:
        traject.import_backup(data)
    assert {p.path for p in info.value.problems} == {"trajectories[0]", "settings"}


def test_v1_data_with_a_v2_field_is_invalid(make_traj):
    data = v1_backup(make_traj())
    data["trajectories"][0]["client"] = {"name": "x", "email": "", "phone": ""}
    with pytest.raises(ValidationError) as info:
        traject.import_backup(data)
    assert [p.path for p in info.value.problems] == ["trajectories[0].client_name"]
