import ast
import json
import os
import string

import pytest

import traject
from traject import forms, model
from traject.messages import catalogue, t

PACKAGE = os.path.dirname(traject.__file__)


def source_files():
    for name in sorted(os.listdir(PACKAGE)):
        if name.endswith(".py"):
            with open(os.path.join(PACKAGE, name), encoding="utf-8") as handle:
                yield name, handle.read()


def test_catalogue_is_flat_json_of_strings():
    with open(os.path.join(PACKAGE, "messages_nl.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())
    assert all("." in key for key in data)


def _call_name(node):
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _literal(node, i):
    if len(node.args) > i and isinstance(node.args[i], ast.Constant) and isinstance(node.args[i].value, str):
        return node.args[i].value
    return None


def used_keys():
    """Catalogue keys used with a literal: t("key"), problem(path, "code"), .fail(path, "code"),
    DomainError("code")."""
    used = set()
    for _, text in source_files():
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            if name == "t" and _literal(node, 0):
                used.add(_literal(node, 0))
            elif name in ("problem", "fail") and _literal(node, 1):
                used.add("error." + _literal(node, 1))
            elif name == "DomainError" and _literal(node, 0):
                used.add("error." + _literal(node, 0))
    return used


def test_every_literal_key_in_the_code_exists():
    used = used_keys()
    assert len(used) > 60
    assert sorted(key for key in used if key not in catalogue()) == []


@pytest.mark.parametrize("prefix, values", [
    ("phase.", model.PHASES),
    ("status.", model.TRAJECTORY_STATUSES),
    ("session_status.", model.SESSION_STATUSES),
    ("role.", model.ROLES),
    ("frequency.", model.FREQUENCIES),
    ("frequency_hint.", model.FREQUENCIES),
    ("closing.", model.CLOSING_VARIANTS),
    ("homework_status.", model.HOMEWORK_STATUSES),
    ("followup.", model.FOLLOWUP_KINDS),
    ("followup_status.", model.FOLLOWUP_STATUSES),
    ("moment.", model.SCORE_MOMENTS),
    ("end_reason.", model.END_REASONS),
    ("event_kind.", model.EVENT_KINDS),
    ("bank.group.", forms.BANK_GROUPS),
    ("question_kind.", forms.KINDS),
])
def test_every_enumerated_value_has_a_dutch_label(prefix, values):
    for value in values:
        assert prefix + value in catalogue()


def test_due_action_kinds_have_labels():
    for kind in ("send_intake", "plan_midterm", "hold_midterm", "send_evaluation_form", "homework_review",
                 "followup_mail", "followup_checkin"):
        assert "{client}" in t("due." + kind) or "{client}" in catalogue()["due." + kind]


def test_placeholders_are_simple_names():
    for key, text in catalogue().items():
        for _, name, spec, conv in string.Formatter().parse(text):
            if name is not None:
                assert name.isidentifier() and not spec and not conv, key


def test_t_fills_placeholders_and_rejects_unknown_keys():
    assert t("progress.active", number=3, total=8, phase="Werk") == "sessie 3 van 8, fase Werk"
    with pytest.raises(KeyError):
        t("no.such.key")


def validation_codes():
    codes = set()
    for _, text in source_files():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and _call_name(node) in ("problem", "fail") and _literal(node, 1):
                codes.add(_literal(node, 1))
    return codes


def test_validation_messages_start_with_the_path():
    codes = validation_codes()
    assert {"missing", "unknown_field", "date", "too_long", "range", "duplicate_id", "newer_version"} <= codes
    for code in codes:
        text = catalogue()["error." + code]
        assert text.startswith("{path}: "), code
        params = {name: 1 for _, name, _, _ in string.Formatter().parse(text) if name and name != "path"}
        assert t("error." + code, path="a.b[1]", **params).startswith("a.b[1]: ")
