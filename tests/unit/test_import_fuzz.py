"""Fuzzing the import path (hypothesis): malformed, truncated, oversized and hostile files.

The import under test mirrors the app (``app/webapp/views/backup.py``): read the text with
``traject.backup.read_import_text`` (backup or single-trajectory file), then merge it into a
``KeyValueRepository`` on a ``DictStore`` that already holds data, restoring every touched key
when a write is refused (as ``_write_all`` does).

For every input: either a clean refusal (``ValidationError`` whose problems all carry a short
Dutch message from the catalogue) and a store that is byte-identical to before, or a valid
import that survives export -> UTF-8 file -> import unchanged and is stored readable. Any
other exception fails the test with the input shown.

The figures (tried / refused cleanly / imported) are written to
``test-artifacts/fuzz-figures.json`` when this module's tests are done.
"""

import copy
import json
import platform
import re
import sys
import time
from pathlib import Path

import hypothesis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzz_corpus as corpus
import traject
from traject import backup as backup_module
from traject.backup import MAX_INPUT_CHARS, dumps, export_backup, import_backup, read_import_text
from traject.codec import trajectory_to_dict
from traject.errors import TrajectError, ValidationError
from traject.messages import catalogue
from traject.model import Settings
from traject.repository import DictStore, KeyValueRepository

ROOT = Path(__file__).resolve().parents[2]
FIGURES_PATH = ROOT / "test-artifacts" / "fuzz-figures.json"
MIN_TRIED = 1000
MAX_MESSAGE_CHARS = 1000

FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much, HealthCheck.large_base_example])

SEED_BACKUP, SEED_SINGLE = corpus.seed_export()
SEED_BACKUP_TEXT = dumps(SEED_BACKUP)
SEED_SINGLE_TEXT = dumps(SEED_SINGLE)
STORE_DATA = corpus.seed_store_data()

FIGURES = {"tried": 0, "refused_cleanly": 0, "imported": 0, "refused_on_write": 0, "per_test": {},
           "refusal_codes": {}}

# Every catalogue text of an error, as a regex: a message must be one of these, filled in.
_MESSAGE_PATTERNS = {
    key[len("error."):]: re.compile(re.sub(r"\\\{[a-z_]+\\\}", ".*", re.escape(text)), re.DOTALL)
    for key, text in catalogue().items() if key.startswith("error.")
}
_PYTHON_LEAKS = ("Traceback", "KeyError", "TypeError", "ValueError", "AttributeError", "RecursionError",
                 "Exception", "object at 0x", "<traject.", "NoneType")


def _shown(text):
    """The input as shown in a failure: short, with its length."""
    text = text if isinstance(text, str) else repr(text)
    return f"{len(text)} chars: {text[:300]!r}{' ...' if len(text) > 300 else ''}"


def _count(test_name, outcome):
    FIGURES["tried"] += 1
    FIGURES[outcome] += 1
    per = FIGURES["per_test"].setdefault(test_name, {"tried": 0, "refused_cleanly": 0, "imported": 0})
    per["tried"] += 1
    per["refused_cleanly" if outcome == "refused_on_write" else outcome] += 1


def assert_clean_problems(exc, text):
    assert exc.problems, f"ValidationError without problems for {_shown(text)}"
    assert str(exc), f"ValidationError without text for {_shown(text)}"
    for problem in exc.problems:
        message = problem.message
        assert isinstance(message, str) and message.strip(), f"empty message {problem} for {_shown(text)}"
        assert len(message) <= MAX_MESSAGE_CHARS, f"message of {len(message)} chars ({message[:120]!r}...)"
        assert not any(leak in message for leak in _PYTHON_LEAKS), f"Python leaks into {message!r}"
        pattern = _MESSAGE_PATTERNS.get(problem.code)
        assert pattern is not None, f"code {problem.code!r} has no catalogue text (input {_shown(text)})"
        assert pattern.fullmatch(message), f"{message!r} is not the catalogue text of {problem.code}"


def assert_round_trip(backup, text):
    """A valid import exports and re-imports unchanged, also through a UTF-8 file."""
    exported = export_backup(backup.trajectories, backup.templates, backup.settings, exported_at=backup.exported_at)
    file_bytes = dumps(exported).encode("utf-8")  # raises on text that cannot be saved as a file
    again = traject.load_backup_text(file_bytes.decode("utf-8"))
    assert again.trajectories == backup.trajectories, f"trajectories changed in a round trip of {_shown(text)}"
    assert again.templates == backup.templates, f"templates changed in a round trip of {_shown(text)}"
    assert again.settings == (backup.settings or Settings())
    assert import_backup(json.loads(json.dumps(exported))).trajectories == backup.trajectories


def write_import(repo, backup):
    """The app's merge (overwriting every conflict): ``save_many`` of the imported objects
    (skipping the full check, as the app does), merge own templates; on a refused write
    restore every key touched (like ``_write_all``) and re-raise. No hand-over: the test
    reads every entry back from its stored text."""
    store = repo.store
    keys = [repo.trajectory_key(tr.id) for tr in backup.trajectories] + [repo.index_key, repo.templates_key]
    before = {key: store.get(key) for key in keys}
    own = {tpl.id: tpl for tpl in repo.load_templates()}
    for tpl in backup.templates:
        own.setdefault(tpl.id, tpl)
    try:
        repo.save_many(backup.trajectories, now=None, force=True, validated=True, bodies=backup.bodies)
        repo.save_templates(list(own.values()))
    except TrajectError:
        for key, raw in before.items():
            if raw is None:
                store.remove(key)
            else:
                store.set(key, raw)
        raise


def _without_revision(traj):
    data = trajectory_to_dict(traj)
    data.pop("revision")
    return data


def check_import(text, test_name):
    """Run one import against a store with data; assert the contract; return the outcome:
    the Backup when imported, else the ValidationError."""
    store = DictStore(copy.deepcopy(STORE_DATA))
    repo = KeyValueRepository(store)
    snapshot = copy.deepcopy(store.data)
    try:
        backup = read_import_text(text)
    except ValidationError as exc:
        assert_clean_problems(exc, text)
        assert store.data == snapshot
        for problem in exc.problems[:1]:
            FIGURES["refusal_codes"][problem.code] = FIGURES["refusal_codes"].get(problem.code, 0) + 1
        _count(test_name, "refused_cleanly")
        return exc
    except Exception as exc:  # noqa: BLE001 - any other exception is a crash
        pytest.fail(f"import crashed with {type(exc).__name__}: {str(exc)[:300]} for input {_shown(text)}")
    assert_round_trip(backup, text)
    for traj in backup.trajectories:  # what the write dumps instead of building it again
        assert backup.bodies.get(traj.id, trajectory_to_dict(traj)) == trajectory_to_dict(traj), _shown(text)
    expected = [_without_revision(tr) for tr in backup.trajectories]
    try:
        write_import(repo, backup)
    except ValidationError as exc:  # refused while storing: everything restored
        assert_clean_problems(exc, text)
        assert store.data == snapshot, f"store changed by a refused write of {_shown(text)}"
        _count(test_name, "refused_on_write")
        return exc
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"storing an import crashed with {type(exc).__name__}: {str(exc)[:300]} for {_shown(text)}")
    for traj, data in zip(backup.trajectories, expected):
        assert _without_revision(repo.load(traj.id)) == data
    foreign = {k: v for k, v in snapshot.items() if not k.startswith("traject:")}
    assert {k: v for k, v in store.data.items() if not k.startswith("traject:")} == foreign
    untouched = set(snapshot) - {repo.trajectory_key(tr.id) for tr in backup.trajectories}
    untouched -= {repo.index_key, repo.templates_key}
    assert all(store.data[k] == snapshot[k] for k in untouched)
    _count(test_name, "imported")
    return backup


# ------------------------------------------------------------------ strategies

def _deep(depth):
    """A placeholder for ``depth`` nested arrays: too deep for json.dumps / deepcopy here,
    so the text is put in after dumping (see ``_with_deep``)."""
    return f"@@DEEP{depth}@@"


def _with_deep(text):
    return re.sub(r'"@@DEEP(\d+)@@"', lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)


BAD_VALUES = st.one_of(
    st.sampled_from(corpus.BAD_SCALARS),
    st.sampled_from([float("nan"), float("inf"), float("-inf")]),  # written as NaN / Infinity tokens
    st.sampled_from(corpus.XSS + corpus.ODD_CHARACTERS),
    st.integers(10, 3000).map(_deep),  # deep nesting
    st.integers(min_value=-(10 ** 50), max_value=10 ** 50),
    st.text(max_size=30),
).map(copy.deepcopy)  # never hand out the shared [] / {} of the corpus: mutations would change it

INTERESTING = [  # (path in the seed backup) fields with rules of their own
    ("app",), ("format_version",), ("exported_at",),
    ("trajectories", 0, "id"), ("trajectories", 0, "revision"), ("trajectories", 0, "start_date"),
    ("trajectories", 0, "planned_sessions"), ("trajectories", 0, "frequency"),
    ("trajectories", 0, "frequency_days"), ("trajectories", 0, "status"), ("trajectories", 0, "ended_on"),
    ("trajectories", 0, "created_at"), ("trajectories", 0, "sessions", 1, "number"),
    ("trajectories", 0, "sessions", 0, "role"), ("trajectories", 0, "sessions", 2, "planned_date"),
    ("trajectories", 0, "sessions", 1, "duration_minutes"), ("trajectories", 0, "sessions", 1, "id"),
    ("trajectories", 0, "goals", 0, "scores", 0, "value"), ("trajectories", 0, "goals", 0, "scores", 1, "value"),
    ("trajectories", 0, "goals", 0, "scores", 0, "date"), ("trajectories", 0, "goals", 0, "scores", 1, "moment"),
    ("trajectories", 0, "goals", 0, "scores", 1, "session_number"), ("trajectories", 0, "homework", 0, "session_id"),
    ("trajectories", 0, "homework", 0, "due_date"), ("trajectories", 0, "forms", "intake", "answers", "motivation"),
    ("trajectories", 0, "forms", "contract", "answers", "payment"),
    ("trajectories", 0, "forms", "intake", "updated_at"),
    ("trajectories", 0, "evaluation_questions", 0), ("trajectories", 0, "followup", "mail_days"),
    ("trajectories", 0, "events", 0, "date"), ("trajectories", 0, "done_actions", 0),
    ("templates", 0, "id"), ("templates", 0, "sessions", 0, "number"), ("settings", "default_frequency"),
    ("settings", "followup_checkin_months"), ("settings", "ui", "n"),
]
ALL_PATHS = corpus.paths(SEED_BACKUP)
assert all(corpus.get_at(SEED_BACKUP, path) is not None or path[-1] in ("ended_on", "frequency_days")
           for path in INTERESTING)


@st.composite
def mutated_exports(draw):
    """The seed backup (or single-trajectory file) with 1-4 mutations, as JSON text."""
    single = draw(st.integers(0, 4)) == 0
    data = copy.deepcopy(SEED_SINGLE if single else SEED_BACKUP)
    for _ in range(draw(st.integers(1, 4))):
        candidates = corpus.paths(data)
        if not candidates:
            break
        if not single and draw(st.booleans()):
            path = draw(st.sampled_from(INTERESTING))
            try:
                corpus.get_at(data, path[:-1])[path[-1]]
            except (KeyError, IndexError, TypeError):
                path = draw(st.sampled_from(candidates))
        else:
            path = draw(st.sampled_from(candidates))
        parent, key = corpus.get_at(data, path[:-1]), path[-1]
        op = draw(st.sampled_from(["drop", "unknown", "replace", "replace", "replace", "duplicate", "wrap",
                                   "as_list", "envelope", "huge", "swap_type"]))
        if op == "drop":
            del parent[key]
        elif op == "unknown":
            target = parent[key] if isinstance(parent[key], dict) else data
            target[draw(st.sampled_from(["extra", "__proto__", "<script>", "", "x" * 300]))] = draw(BAD_VALUES)
        elif op == "replace":
            parent[key] = draw(BAD_VALUES)
        elif op == "duplicate":  # duplicate ids: an item twice in its list
            lists = [p for p in candidates if isinstance(corpus.get_at(data, p), list) and corpus.get_at(data, p)]
            if lists:
                items = corpus.get_at(data, draw(st.sampled_from(lists)))
                items.append(copy.deepcopy(items[draw(st.integers(0, len(items) - 1))]))
        elif op == "wrap":
            parent[key] = [parent[key]]
        elif op == "as_list":  # a list where an object is expected (or the reverse)
            value = parent[key]
            parent[key] = list(value.values()) if isinstance(value, dict) else {"0": value}
        elif op == "envelope":
            field = draw(st.sampled_from(["app", "format_version"]))
            data[field] = copy.deepcopy(draw(st.sampled_from(
                corpus.ENVELOPE_APPS if field == "app" else corpus.FORMAT_VERSIONS)))
        elif op == "huge":
            size = draw(st.sampled_from([201, 2001, 20001, 300000]))  # just past each text limit, and far past
            parent[key] = draw(st.sampled_from(["x", "é", "<", "𝕋"])) * size
        elif op == "swap_type":
            value = parent[key]
            parent[key] = (str(value) if not isinstance(value, str)
                           else int(value) if value.isascii() and value.isdigit() and len(value) < 100 else len(value))
    indent = draw(st.sampled_from([None, 2]))
    return _with_deep(json.dumps(data, ensure_ascii=draw(st.booleans()), indent=indent))


JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                | st.text(max_size=20))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda children: st.lists(children, max_size=5)
                           | st.dictionaries(st.text(max_size=10), children, max_size=5), max_leaves=30)
ENVELOPE_KEYS = st.sampled_from(["app", "format_version", "exported_at", "trajectories", "templates",
                                 "settings", "trajectory"])


@st.composite
def json_documents(draw):
    """Random JSON: any root, or an envelope-like object whose fields are random values."""
    kind = draw(st.integers(0, 2))
    if kind == 0:
        value = draw(JSON_VALUES)
    else:
        value = {"app": "traject", "format_version": draw(st.sampled_from([1, 2]))} if kind == 2 else {}
        value.update(draw(st.dictionaries(ENVELOPE_KEYS, JSON_VALUES, max_size=6)))
        if draw(st.booleans()):
            value["trajectories"] = draw(st.lists(st.dictionaries(
                st.sampled_from(list(SEED_BACKUP["trajectories"][0])), JSON_VALUES, max_size=8), max_size=3))
    return json.dumps(value, ensure_ascii=draw(st.booleans()))


# ------------------------------------------------------------------ tests

@pytest.fixture(scope="module", autouse=True)
def fuzz_figures():
    """Write the figures when this module's tests are done."""
    started = time.monotonic()
    yield FIGURES
    FIGURES_PATH.parent.mkdir(parents=True, exist_ok=True)
    figures = dict(FIGURES, runtime_seconds=round(time.monotonic() - started, 1),
                   python=platform.python_version(), hypothesis=hypothesis.__version__,
                   description="Fuzzed imports tried; refused cleanly (clear Dutch error, stored data "
                               "byte-identical) or imported (valid, round-trips, stored readable).")
    FIGURES_PATH.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def test_seed_files_import_and_store():
    for text in (SEED_BACKUP_TEXT, SEED_SINGLE_TEXT):
        assert isinstance(check_import(text, "seed"), traject.Backup)


@pytest.mark.slow
@settings(FUZZ, max_examples=1200)
@given(mutated_exports())
def test_mutated_exports(text):
    check_import(text, "mutated_exports")


@pytest.mark.parametrize("seed_text", [SEED_BACKUP_TEXT, SEED_SINGLE_TEXT], ids=["backup", "single"])
def test_truncated_files(seed_text):
    """Cut at every k-th position (invalid JSON), and cut before every k-th comma with the
    open brackets closed again (valid JSON that lost its tail)."""
    step = max(1, len(seed_text) // 120)
    for cut in [0, 1, 2, len(seed_text) - 1] + list(range(3, len(seed_text), step)):
        outcome = check_import(seed_text[:cut], "truncated")
        assert isinstance(outcome, ValidationError)
    commas = corpus.comma_positions(seed_text)
    for position in commas[::max(1, len(commas) // 60)]:
        text = corpus.close_json_prefix(seed_text, position)
        json.loads(text)  # the repair works
        check_import(text, "truncated_closed")


@settings(FUZZ, max_examples=200)
@given(st.binary(max_size=3000))
def test_random_bytes(raw):
    check_import(raw.decode("utf-8", errors="replace"), "random_bytes")


@settings(FUZZ, max_examples=60)
@given(st.text(max_size=500))
def test_random_text(text):
    check_import(text, "random_text")


@pytest.mark.slow
@settings(FUZZ, max_examples=300)
@given(json_documents())
def test_random_json(text):
    check_import(text, "random_json")


HOSTILE = st.one_of(
    st.sampled_from(corpus.XSS + corpus.ODD_CHARACTERS),
    st.lists(st.sampled_from(corpus.XSS + corpus.ODD_CHARACTERS), min_size=2, max_size=5).map("".join),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
    st.builds(lambda part, n: part * n, st.sampled_from(["é", "𝕋", "\u202e", "<b>", "\x00", "👩‍👧"]),
              st.sampled_from([50, 199, 201, 1999, 2001, 19999, 20001])),
    st.sampled_from(["\\ud800", "\\udfff", "\\ud83d\\ude00", "a\\ud83d", "\\\\ud800"]).map(lambda e: ("ESC", e)),
)


@pytest.mark.slow
@settings(FUZZ, max_examples=400)
@given(st.sampled_from(corpus.TEXT_FIELDS), HOSTILE)
def test_hostile_strings(field, hostile):
    """Imported as plain text, exactly, or refused with a clear message (too long, empty,
    invalid character)."""
    (path, max_len) = field
    data = copy.deepcopy(SEED_BACKUP)
    parent = corpus.get_at(data, path[:-1])
    escaped = isinstance(hostile, tuple)  # a raw JSON escape written into the file text
    parent[path[-1]] = "@@HOSTILE@@" if escaped else hostile
    text = json.dumps(data, ensure_ascii=False)
    if escaped:
        text = text.replace("@@HOSTILE@@", hostile[1])
    outcome = check_import(text, "hostile_strings")
    expected = json.loads(f'"{hostile[1]}"') if escaped else hostile
    if isinstance(outcome, ValidationError):
        codes = {problem.code for problem in outcome.problems}
        assert codes <= {"too_long", "empty", "invalid_text"}, (codes, hostile)
        if "invalid_text" not in codes:
            assert len(expected) > max_len or not expected.strip()
        return
    assert len(expected) <= max_len
    stored = corpus.get_at(export_backup(outcome.trajectories, outcome.templates, outcome.settings,
                                         exported_at=outcome.exported_at), path)
    assert stored == expected  # plain text, not escaped, stripped or "sanitised"


@pytest.fixture(scope="module")
def fifty_megabytes():
    """A file 5 MB over the import limit (about 110 MB since the limit follows from the storage
    quota, issue 19) that looks like a valid backup (one very long name)."""
    head = SEED_BACKUP_TEXT.replace('"Anna de Vries"', '"@@NAME@@"', 1)
    assert head != SEED_BACKUP_TEXT
    before, after = head.split("@@NAME@@")
    return before + "A" * (MAX_INPUT_CHARS + 5_000_000) + after


def test_oversized_file_is_refused_before_parsing(fifty_megabytes, monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("json.loads called on an oversized file")

    monkeypatch.setattr(backup_module.json, "loads", no_parsing)
    started = time.monotonic()
    outcome = check_import(fifty_megabytes, "oversized")
    elapsed = time.monotonic() - started
    assert isinstance(outcome, ValidationError) and [p.code for p in outcome.problems] == ["too_large"]
    assert f"{len(fifty_megabytes)}" in outcome.problems[0].message and elapsed < 2, elapsed
    check_import(fifty_megabytes[: MAX_INPUT_CHARS + 1], "oversized")  # one character over the limit


@pytest.mark.slow
def test_large_hostile_files_are_refused_quickly():
    """Files under the size limit built to be expensive: a 19 MB string, a million unknown
    fields, 5000 trajectories with 100 empty sessions each (5.5 million problems before the
    cap), deep nesting in an old-format file."""
    huge_name = SEED_BACKUP_TEXT.replace('"Anna de Vries"', '"' + "é" * (MAX_INPUT_CHARS - 100_000) + '"', 1)
    many_fields = json.dumps(dict(SEED_BACKUP, **{f"{i:x}": 0 for i in range(1_000_000)}), separators=(",", ":"))
    many_sessions = json.dumps(dict(SEED_BACKUP, trajectories=[{"sessions": [{}] * 100}] * 5000),
                               separators=(",", ":"))
    old_deep = _with_deep(json.dumps(dict(SEED_BACKUP, format_version=1)).replace("Anna de Vries", _deep(900), 1))
    many_answers = copy.deepcopy(SEED_BACKUP)
    many_answers["trajectories"][0]["forms"]["intake"]["answers"] = {f"q{i}": i for i in range(500_000)}
    for text in (huge_name, many_fields, many_sessions, old_deep, json.dumps(many_answers)):
        assert len(text) <= MAX_INPUT_CHARS
        started = time.monotonic()
        outcome = check_import(text, "large_hostile")
        assert isinstance(outcome, ValidationError)
        assert len(outcome.problems) <= 1001
        assert time.monotonic() - started < 10


def test_revision_at_the_limit_is_refused_on_write_and_rolled_back():
    """A revision of 10**9 reads fine but cannot be saved (+1 is out of range): the write is
    refused and every touched key restored."""
    data = copy.deepcopy(SEED_BACKUP)
    data["trajectories"][1]["revision"] = 10 ** 9
    before = FIGURES["refused_on_write"]
    outcome = check_import(json.dumps(data), "revision_limit")
    assert isinstance(outcome, ValidationError)
    assert FIGURES["refused_on_write"] == before + 1


@pytest.mark.slow
def test_figures(fuzz_figures):
    """Runs last in this module: enough inputs were tried, and every one was accounted for."""
    figures = fuzz_figures
    # Meant for a run of the whole module (as `make test` does): every strategy contributed.
    assert {"mutated_exports", "truncated", "random_bytes", "random_json", "hostile_strings",
            "oversized"} <= figures["per_test"].keys(), "run the whole fuzz module"
    assert figures["tried"] >= MIN_TRIED, figures
    assert figures["tried"] == figures["refused_cleanly"] + figures["imported"] + figures["refused_on_write"]
    assert figures["imported"] > 0 and figures["refused_cleanly"] > 0
    print(f"\nfuzzed imports: {figures['tried']} tried, {figures['refused_cleanly']} refused cleanly, "
          f"{figures['refused_on_write']} refused on write, {figures['imported']} imported", file=sys.stderr)
