"""The package stays small, stdlib-only and browser-safe, and the facade is complete."""

import ast
import os
import sys

import pytest

import traject
from traject import DomainError, ValidationError

PACKAGE = os.path.dirname(traject.__file__)
OWN_MODULES = ("__init__", "backup", "checker", "codec", "dates", "due", "errors", "figures", "followup", "forms",
               "goals", "homework", "messages", "migrations", "model", "planning", "progress", "repository",
               "situations", "templates", "trajectory")


def parsed(name):
    with open(os.path.join(PACKAGE, name + ".py"), encoding="utf-8") as handle:
        return ast.parse(handle.read(), feature_version=(3, 11))  # no 3.12+ syntax


@pytest.mark.parametrize("name", OWN_MODULES)
def test_modules_use_only_the_standard_library(name):
    tree = parsed(name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots = [node.module.split(".")[0]]
        else:
            continue
        for root in roots:
            assert root in sys.stdlib_module_names, f"{name}: {root}"
            assert root not in ("js", "pyodide", "pyscript", "zoneinfo", "uuid", "asyncio")


@pytest.mark.parametrize("name", OWN_MODULES)
def test_no_deprecated_datetime_calls(name):
    for node in ast.walk(parsed(name)):
        if isinstance(node, ast.Attribute):
            assert node.attr not in ("utcnow", "utcfromtimestamp"), name


def test_facade_exports_the_api():
    expected = {
        "new_trajectory", "progress", "due_actions", "to_json", "from_json", "export_backup", "import_backup",
        "load_backup_text", "load_trajectory_text", "practice_figures", "default_template", "short_template",
        "extended_template", "make_template", "extend", "close_early", "pause", "resume", "no_click", "drop_out",
        "add_homework", "add_goal", "record_score", "set_form_answers", "question_bank", "mark_done",
        "InMemoryRepository", "KeyValueRepository", "DictStore", "KeyValueStore", "TrajectoryRepository",
        "ValidationError", "Problem", "t", "record_session", "reschedule_session", "validate_trajectory",
    }
    assert expected <= set(traject.__all__)
    for name in traject.__all__:
        assert getattr(traject, name) is not None
        assert name in traject.__doc__, name


def test_data_files_are_inside_the_package():
    assert os.path.isfile(os.path.join(PACKAGE, "messages_nl.json"))
    assert os.path.isfile(os.path.join(PACKAGE, "schema", "backup.schema.json"))


def test_a_refused_extension_is_refused(make_traj):
    traj = make_traj()
    with pytest.raises(ValidationError):  # session numbers stop at 99; undoing it is the unit of work's job
        for _ in range(10):
            traject.extend(traj, 20, "Meer", today=traj.start_date)


def test_the_last_session_cannot_be_removed(make_traj):
    traj = make_traj(traject.make_template("Eén", [
        {"number": 1, "phase": "afronding", "role": "closing_single", "focus": "", "homework": ""}], "one_90"))
    with pytest.raises(DomainError):
        traject.remove_session(traj, traj.sessions[0].id, today=traj.start_date)
    assert len(traj.sessions) == 1


def test_a_refused_action_keeps_the_callers_objects(make_traj):
    traj = make_traj()
    session = traj.session_by_number(3)
    with pytest.raises(ValidationError):
        traject.reschedule_session(traj, session.id, "2026-02-30", today=traj.start_date)
    assert traj.session_by_number(3) is session
