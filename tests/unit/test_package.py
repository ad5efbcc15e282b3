"""The package stays small, stdlib-only and browser-safe, and the facade is complete."""

import ast
import importlib.util
import os
import pkgutil
import sys

import pytest

import traject
from traject import DomainError, ValidationError

PACKAGE = os.path.dirname(traject.__file__)
# Standard-library modules that Pyodide does not ship or that do not work in a browser tab.
BROWSER_UNSAFE = {"zoneinfo", "uuid", "asyncio", "sqlite3", "ssl", "lzma", "tkinter", "multiprocessing",
                  "subprocess", "socket", "threading"}


def package_modules(name, path):
    """Every module of the package ``name`` at ``path`` (sub-packages included), found by
    walking it with pkgutil: dotted name -> source file."""
    modules = {name: os.path.join(path, "__init__.py")}
    for info in pkgutil.walk_packages([path], name + "."):
        modules[info.name] = importlib.util.find_spec(info.name).origin
    return modules


def parsed(filename):
    with open(filename, encoding="utf-8") as handle:
        return ast.parse(handle.read(), feature_version=(3, 11))  # no 3.12+ syntax


def imported_roots(tree):
    """The top-level names of every absolute import in ``tree``, with line numbers, plus every
    dynamic import (``__import__``/``import_module``), which the guard cannot follow."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0], node.lineno
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "__import__", "import_module"):
            yield "<dynamic import>", node.lineno


def foreign_imports(name, path):
    """Imports in the package that are neither the standard library (as CPython lists it in
    ``sys.stdlib_module_names``) nor the package itself, or that a browser cannot run."""
    found = []
    for module, filename in sorted(package_modules(name, path).items()):
        for root, line in imported_roots(parsed(filename)):
            if root != name and (root not in sys.stdlib_module_names or root in BROWSER_UNSAFE):
                found.append(f"{module}:{line}: {root}")
    return found


MODULES = package_modules("traject", PACKAGE)


def test_the_module_list_is_every_python_file_of_the_package():
    files = {os.path.join(folder, file) for folder, _, names in os.walk(PACKAGE) for file in names
             if file.endswith(".py")}
    assert set(MODULES.values()) == files
    assert {"traject.model", "traject.calendar_ics", "traject.storage_codec"} <= set(MODULES)


def test_the_package_uses_only_the_standard_library():
    assert foreign_imports("traject", PACKAGE) == []


def test_the_guard_catches_a_module_outside_the_standard_library(tmp_path, monkeypatch):
    package = tmp_path / "fakepkg"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("import json\nfrom . import ok\n")
    (package / "ok.py").write_text("import os.path\nfrom datetime import date\nfrom fakepkg import inner\n")
    (package / "inner" / "__init__.py").write_text("")
    (package / "inner" / "deep.py").write_text(
        "import re\n\ndef f():\n    import numpy as np\n    from js import document\n"
        "    import zoneinfo\n    return __import__('yaml')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert set(package_modules("fakepkg", str(package))) == {"fakepkg", "fakepkg.ok", "fakepkg.inner",
                                                               "fakepkg.inner.deep"}
    assert foreign_imports("fakepkg", str(package)) == [
        "fakepkg.inner.deep:4: numpy", "fakepkg.inner.deep:5: js", "fakepkg.inner.deep:6: zoneinfo",
        "fakepkg.inner.deep:7: <dynamic import>"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_deprecated_datetime_calls(module):
    for node in ast.walk(parsed(MODULES[module])):
        if isinstance(node, ast.Attribute):
            assert node.attr not in ("utcnow", "utcfromtimestamp"), module


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
