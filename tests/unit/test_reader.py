"""The one strict reader for outside text (issue 19, sections 1, 8 and 9): encodings, depth,
size and lone surrogates, the same at every entry point (backup, one trajectory, template file,
template link, answer code)."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from traject import reader, share
from traject.backup import read_import_text
from traject.errors import ValidationError
from traject.forms import form
from traject.templates import default_template

DATA = Path(__file__).resolve().parents[1] / "data" / "bad-files"
NAME = "Noëlle Çelik-de Wit"
SECRET = "0123456789abcdef0123456789abcdef"


def problem_of(call):
    with pytest.raises(ValidationError) as info:
        call()
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def utf8_backup_text():
    return (DATA / "backup-utf16le-bom.json").read_bytes().decode("utf-16")


# --- section 1: the case files -------------------------------------------------------------

@pytest.mark.parametrize("name", ["backup-utf16le-bom.json", "backup-utf16be-bom.json",
                                  "backup-utf16le-nobom.json"])
def test_utf16_backups_import_with_the_name_intact(name):
    backup = read_import_text((DATA / name).read_bytes())
    assert [tr.client.name for tr in backup.trajectories] == [NAME]


def test_windows_1252_backup_is_refused_as_not_utf8_and_says_how_to_save_it():
    raw = (DATA / "backup-windows1252.json").read_bytes()
    found = problem_of(lambda: read_import_text(raw))
    assert found.code == "not_utf8"
    assert "niet als UTF-8 opgeslagen" in found.message and "Opslaan als" in found.message
    assert "\ufffd" not in found.message


# --- section 1: the general rule -----------------------------------------------------------

@pytest.mark.parametrize("codec, mark", [
    ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b""),
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b""),
    ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff"), ("utf-32-le", b""), ("utf-32-be", b""),
])
def test_every_unicode_encoding_with_or_without_mark_imports(codec, mark):
    raw = mark + utf8_backup_text().encode(codec)
    assert read_import_text(raw).trajectories[0].client.name == NAME


def test_broken_utf16_names_the_encoding():
    raw = b"\xff\xfe" + '{"a": "'.encode("utf-16-le") + b"\x00\xd8" + '"}'.encode("utf-16-le")  # lone surrogate
    found = problem_of(lambda: reader.decode(raw))
    assert found.code == "bad_encoding" and "UTF-16" in found.message


def test_a_template_file_goes_through_the_same_decoder():
    text = share.template_file_text(default_template())
    assert share.read_template_file(b"\xfe\xff" + text.encode("utf-16-be"), "n1").name == default_template().name
    latin = text.replace('"name": "', '"name": "Noëlle ', 1).encode("cp1252")
    assert problem_of(lambda: share.read_template_file(latin, "n1")).code == "not_utf8"


@given(st.binary(min_size=1, max_size=200))
def test_decoding_never_invents_replacement_characters(raw):
    try:
        text = reader.decode(raw)
    except ValidationError as exc:
        assert exc.problems[0].code in ("not_utf8", "bad_encoding")
    else:
        assert text.count("\ufffd") * 2 <= raw.count(b"\xfd\xff") + raw.count(b"\xff\xfd") + raw.count(
            "\ufffd".encode("utf-8")) * 2 + raw.count("\ufffd".encode("utf-32-le")) * 2 + raw.count(
            "\ufffd".encode("utf-32-be")) * 2


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=50))
def test_any_text_saved_as_utf8_utf16_or_utf32_with_mark_reads_back(value):
    body = json.dumps({"v": value}, ensure_ascii=False)
    for codec, mark in (("utf-8", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                        ("utf-32-le", b"\xff\xfe\x00\x00")):
        assert reader.read_json(mark + body.encode(codec), 10_000) == {"v": value}


# --- section 8: depth before parsing, at every entry point --------------------------------

DEEP = "[" * 6000 + "]" * 6000  # 12 KB: crashed the browser's stack inside json.loads


def test_depth_is_checked_before_parsing_without_recursion():
    assert reader.too_deep(DEEP)
    assert not reader.too_deep("[" * reader.MAX_DEPTH + "]" * reader.MAX_DEPTH)
    assert reader.too_deep("[" * (reader.MAX_DEPTH + 1) + "]" * (reader.MAX_DEPTH + 1))
    assert not reader.too_deep(json.dumps({"a": "[" * 5000, "b": "{\\\"[[[[" * 100}))  # brackets in strings
    unclosed = '["' + '\\"[' * 300_000  # one string that never ends: the scan stays linear
    assert not reader.too_deep(unclosed)
    assert problem_of(lambda: reader.read_json(unclosed, 10 ** 7)).code == "invalid_json"
    assert reader.read_json("[" * 40 + "]" * 40, 1000) is not None


def _depth(value):
    stack, deepest = [(value, 1)], 0
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


_TRICKY = st.text(alphabet='[]{}"\\/nu0aé😀', max_size=8)
_NESTED = st.recursive(st.none() | _TRICKY, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_TRICKY, inner, max_size=3), max_leaves=30)


@given(_NESTED, st.integers(min_value=0, max_value=6))
def test_depth_check_agrees_with_the_parsed_value(value, limit):
    text = json.dumps(value, ensure_ascii=False)
    assert reader.too_deep(text, limit) == (_depth(value) > limit)
    assert reader.too_deep(text.encode("utf-8"), limit) == (_depth(value) > limit)


def test_deep_backup_is_refused_with_a_dutch_message():
    found = problem_of(lambda: read_import_text(DEEP.encode("utf-8")))
    assert found.code == "too_deep" and "te diep genest" in found.message


def test_deep_template_file_and_link_are_refused():
    assert problem_of(lambda: share.read_template_file(DEEP.encode(), "n1")).code == "too_deep"
    link = share.b64url_encode(share.deflate(DEEP.encode()))
    assert problem_of(lambda: share.read_template_link(link, "n1")).code == "too_deep"


def _answer_code(json_text):
    payload = share.form_link_payload("t1", "intake", "Anna", [q.id for q in form("intake").questions], SECRET,
                                      nonce="abcd")
    mac = share.answer_mac(payload["k"], json_text)
    return share.PLAIN_PREFIX + share.b64url_encode(share.deflate((mac + "\n" + json_text).encode("utf-8")))


class Traj:
    id = "t1"


def test_deep_answer_code_is_refused():
    body = '{"t":"answer","v":1,"traj":"t1","form":"intake","n":"abcd","a":{"x":' + DEEP + "}}"
    code = _answer_code(body)
    assert problem_of(lambda: share.read_answer_body(share.split_code(code), {"t1": Traj()}, SECRET)).code == "too_deep"


# --- section 9: lone surrogates at every entry point ---------------------------------------

def test_lone_surrogate_is_refused_by_template_link_file_and_answer_code():
    payload = share.template_payload(default_template())
    text = json.dumps(payload).replace(json.dumps(default_template().name), '"\\ud800"', 1)
    assert problem_of(lambda: share.read_template_file(text, "n1")).code == "invalid_text"
    assert problem_of(lambda: share.read_template_file(text.encode(), "n1")).code == "invalid_text"
    link = share.b64url_encode(share.deflate(text.encode()))
    assert problem_of(lambda: share.read_template_link(link, "n1")).code == "invalid_text"
    question = form("intake").questions[0].id
    body = '{"t":"answer","v":1,"traj":"t1","form":"intake","n":"abcd","a":{"%s":"\\ud800"}}' % question
    code = _answer_code(body)
    assert problem_of(lambda: share.read_answer_body(share.split_code(code), {"t1": Traj()}, SECRET)).code == "invalid_text"


def test_lone_surrogate_in_pasted_text_is_refused():
    assert problem_of(lambda: reader.read_json('{"a": "x\ud800"}', 100)).code == "invalid_text"
    assert problem_of(lambda: read_import_text('{"app": "traject", "x": "\\udc00"}')).code == "invalid_text"
