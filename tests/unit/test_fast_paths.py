"""The import's shortcuts agree exactly with the strict code they stand in for.

Reading a large backup takes a few shortcuts: ``codec._plain_session`` accepts a plainly
valid session without a Checker call per field (anything else goes to
``codec._checked_session``), ``reader.has_surrogate`` replaces a regular expression, and
``forms.question_kinds`` replaces building the Dutch form to look up a question's kind.
Each must give exactly what the strict code gives, so that a later change on one side
cannot silently make the import more lenient (or change what it builds).
"""

import copy
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fuzz_corpus as corpus
from traject import ValidationError, backup, codec, reader
from traject.checker import Checker
from traject.repository import DictStore, KeyValueRepository
from traject.storage_codec import decode
from traject.forms import STORED_FORM_IDS, form, question_kinds
from traject.model import PHASES, ROLES, SESSION_STATUSES

SEED_BACKUP, _ = corpus.seed_export()
SEED_SESSIONS = [s for t in SEED_BACKUP["trajectories"] for s in t["sessions"]]

# ------------------------------------------------------------------ sessions

ODD = ("", True, False, None, 1.0, "1", [], {})  # wrong types, including bool for int
TEXTS = ("", " ", "Kern", "x" * codec.MAX_LINE, "x" * (codec.MAX_LINE + 1), "é" * codec.MAX_TEXT,
         "é" * (codec.MAX_TEXT + 1)) + ODD
# For every field: fitting values, values just past a limit, and values of the wrong type.
FIELD_VALUES = {
    "id": ("s1", "a" * 64, "a" * 65, "bad id", "ünï", "a\n", 7) + ODD,
    "number": (0, 1, 5, 99, 100, -1) + ODD,
    "phase": PHASES + ("Werk",) + ODD,
    "role": ROLES + ("Intake",) + ODD,
    "focus": TEXTS,
    "homework": TEXTS,
    "duration_minutes": (14, 15, 60, 240, 241) + ODD,
    "planned_date": ("2026-03-01", "2024-02-29", "2026-02-29", "2026-3-1", "2026-03-01T10:00", "２０２６-０３-０１") + ODD,
    "status": SESSION_STATUSES + ("Planned",) + ODD,
    "notes": ODD,
    "check": ODD,
}
INNER_FIELDS = {"notes": codec.NOTES_FIELDS, "check": codec.CHECK_FIELDS}


def assert_agree(d):
    """The shortcut takes exactly the sessions the checked reader accepts, to the same Session."""
    c = Checker()
    checked = codec._checked_session(c, copy.deepcopy(d), "s")
    plain = codec._plain_session(d)
    if c.problems:
        assert plain is None, f"shortcut accepts a refused session {d!r}"[:500]
    else:
        assert plain == checked, f"shortcut differs on {d!r}"[:500]
    return plain is not None


def single_changes():
    """Every seed session with one change: each field set to each of its values, dropped, or
    an unknown field added; the same inside notes and check."""
    for seed in SEED_SESSIONS:
        for key, values in FIELD_VALUES.items():
            for value in values:
                yield dict(copy.deepcopy(seed), **{key: copy.deepcopy(value)})
            d = copy.deepcopy(seed)
            del d[key]
            yield d
        yield dict(copy.deepcopy(seed), extra="")
        for name, fields in INNER_FIELDS.items():
            for field in fields:
                for value in TEXTS:
                    d = copy.deepcopy(seed)
                    d[name][field] = copy.deepcopy(value)
                    yield d
                d = copy.deepcopy(seed)
                del d[name][field]
                yield d
            d = copy.deepcopy(seed)
            d[name]["extra"] = ""
            yield d


def test_plain_session_agrees_on_every_single_change():
    taken = [assert_agree(d) for d in single_changes()]
    assert any(taken) and not all(taken)


def test_plain_session_takes_the_sessions_of_a_real_backup():
    """The shortcut is not dead code: every seed session goes through it."""
    assert all(assert_agree(d) for d in SEED_SESSIONS)


@st.composite
def sessions(draw):
    """A seed session with several changes at once (or not a dict at all)."""
    d = copy.deepcopy(draw(st.sampled_from(SEED_SESSIONS)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["field", "field", "drop", "unknown", "inner", "inner", "not_dict"]))
        if op == "field":
            key = draw(st.sampled_from(sorted(FIELD_VALUES)))
            d[key] = copy.deepcopy(draw(st.sampled_from(FIELD_VALUES[key])))
        elif op == "drop" and d:
            del d[draw(st.sampled_from(sorted(d)))]
        elif op == "unknown":
            d[draw(st.sampled_from(["extra", "", "notes ", "Number"]))] = ""
        elif op == "inner" and isinstance(d.get("notes"), dict) and isinstance(d.get("check"), dict):
            name = draw(st.sampled_from(sorted(INNER_FIELDS)))
            d[name][draw(st.sampled_from(INNER_FIELDS[name] + ("extra",)))] = copy.deepcopy(draw(st.sampled_from(TEXTS)))
        elif op == "not_dict":
            return copy.deepcopy(draw(st.sampled_from(ODD + (corpus.BAD_SCALARS[0], "session"))))
    return d


@pytest.mark.slow
@settings(max_examples=1000, derandomize=True, database=None, deadline=None)
@given(sessions())
def test_plain_session_agrees_on_combined_changes(d):
    assert_agree(d)


def test_a_refused_session_still_gets_the_checked_messages():
    data = copy.deepcopy(SEED_BACKUP)
    data["trajectories"][0]["sessions"][1]["duration_minutes"] = 500
    data["trajectories"][0]["sessions"][2]["notes"]["kern"] = 3
    with pytest.raises(ValidationError) as info:
        backup.import_backup(data)
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("trajectories[0].sessions[1].duration_minutes", "range"),
        ("trajectories[0].sessions[2].notes.kern", "type_string")]


# ------------------------------------------------------------------ the file's objects, written again

def test_bodies_are_what_trajectory_to_dict_builds_and_are_stored_the_same():
    """An import keeps each trajectory's checked object from the file; writing dumps it
    instead of building it again. It must be equal to what trajectory_to_dict builds (also
    for an old-format file, which is migrated first), and the stored entries must be the same
    JSON as without it."""
    for data in (SEED_BACKUP, dict(copy.deepcopy(SEED_BACKUP), format_version=1)):
        if data["format_version"] == 1:
            for item in data["trajectories"]:
                item["client_name"] = item.pop("client")["name"]  # version 1: a flat name
        read = backup.import_backup(copy.deepcopy(data))
        assert [t.id for t in read.trajectories] == list(read.bodies)
        assert all(read.bodies[t.id] == codec.trajectory_to_dict(t) for t in read.trajectories)
        stored = []
        for bodies in (None, read.bodies):
            repo = KeyValueRepository(DictStore())
            repo.save_many(copy.deepcopy(read.trajectories), force=True, validated=True, bodies=bodies)
            stored.append({k: json.loads(decode(v)) for k, v in repo.store.data.items()})
        assert stored[0] == stored[1]


# ------------------------------------------------------------------ surrogates

SURROGATE = re.compile("[\ud800-\udfff]")
PIECES = ["a", "é", "€", "𝕋", "\ud7ff", "\ue000", "\ud800", "\udbff", "\udc00", "\udfff", "\\ud800"]


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.integers(1, 5))
def test_surrogate_check_matches_the_regular_expression(text, chunk):
    """Small slices put every surrogate at every position relative to a slice edge."""
    default = reader._CHUNK
    reader._CHUNK = chunk
    try:
        assert reader.has_surrogate(text) == (SURROGATE.search(text) is not None)
    finally:
        reader._CHUNK = default


def test_surrogate_check_looks_past_the_first_slice():
    long = "é" * (reader._CHUNK + 5)
    assert not reader.has_surrogate(long)
    assert reader.has_surrogate(long + "\udc00")
    assert not reader.has_surrogate(long + "𝕋")


@pytest.mark.parametrize("text", ["", " ", "\n\t\r ", "\u2003\u00a0", "\x1c\x1f"])
def test_blank_text_is_an_empty_file(text):
    """(``isspace`` instead of ``strip``, which copied a large file.)"""
    assert not text.strip()
    with pytest.raises(ValidationError) as info:
        backup.parse_json_text(text)
    assert [p.code for p in info.value.problems] == ["empty_file"]


# ------------------------------------------------------------------ forms

def test_question_kinds_are_those_of_the_forms():
    for form_id in STORED_FORM_IDS:
        assert dict(question_kinds(form_id)) == {q.id: q.kind for q in form(form_id).questions}
