"""Answer codes applied out of order, answers to questions not asked (issue 19, section 13),
and limits counted the same way in Python and on the client page (section 11)."""

import re
from pathlib import Path

import pytest

from traject import codec, share
from traject.errors import ValidationError
from traject.model import FormRecord

ROOT = Path(__file__).resolve().parents[2]
SECRET = "0123456789abcdef0123456789abcdef"
OLDER = "2026-11-28T23:30:00Z"
NEWER = "2026-11-29T00:40:00+01:00"  # ten minutes later in time, "earlier" as text


class Traj:
    id = "t1"


def link(questions=("on_track", "works_well")):
    return share.form_link_payload("t1", "midterm", "Anna", list(questions), SECRET, nonce="0123456789abcdef")


def receive(code):
    return share.read_answer_body(share.split_code(code), {"t1": Traj()}, SECRET)


def message(call):
    with pytest.raises(ValidationError) as info:
        call()
    return str(info.value)


def test_a_code_carries_the_time_it_was_made():
    received = receive(share.make_plain_code(link(), {"on_track": "Ja"}, OLDER))
    assert received.made_at == OLDER and received.answers == {"on_track": "Ja"}


def test_a_code_without_a_valid_time_is_damaged():
    for made_at in ("", "2026-11-28T23:30:00", "gisteren"):
        assert "beschadigd" in message(lambda: receive(share.make_plain_code(link(), {"on_track": "Ja"}, made_at)))


def test_answers_to_questions_not_in_the_link_are_refused():
    payload = link(["on_track"])
    text = message(lambda: receive(share.make_plain_code(payload, {"on_track": "Ja", "could_improve": "x"}, OLDER)))
    assert "niet in de formulier-link" in text and "could_improve" in text


def test_adding_a_question_to_the_code_breaks_its_key():
    payload = link(["on_track"])
    widened = dict(payload, q=["on_track", "could_improve"])  # the client edits the question list
    assert "past niet bij de links" in message(lambda: receive(share.make_plain_code(widened, {"could_improve": "x"}, OLDER)))


def test_older_code_over_newer_answers_asks_first():
    older = receive(share.make_plain_code(link(), {"on_track": "Oud antwoord"}, OLDER))
    newer_record = FormRecord({"on_track": "Nieuw antwoord"}, NEWER)
    assert share.replaces_newer(older.answers, older.made_at, newer_record)
    # a newer code over older answers, the same answers, or an empty form: no question
    newer = receive(share.make_plain_code(link(), {"on_track": "Nieuw"}, "2026-11-29T00:00:00Z"))
    assert not share.replaces_newer(newer.answers, newer.made_at, newer_record)
    same = receive(share.make_plain_code(link(), {"on_track": "Nieuw antwoord"}, OLDER))
    assert not share.replaces_newer(same.answers, same.made_at, newer_record)
    assert not share.replaces_newer(older.answers, older.made_at, None)
    assert not share.replaces_newer(older.answers, older.made_at, FormRecord({}, NEWER))
    # answers to other questions are added, not replaced
    other = receive(share.make_plain_code(link(), {"works_well": "x"}, OLDER))
    assert not share.replaces_newer(other.answers, other.made_at, newer_record)


def test_codes_of_version_1_links_still_read_and_always_ask_before_replacing():
    old_link = {"t": "form", "v": 1, "traj": "t1", "form": "midterm", "name": "Anna", "q": ["on_track"],
                "n": "0123456789abcdef", "k": share.link_key(SECRET, "t1", "midterm", "0123456789abcdef"), "p": 0}
    received = receive(share.make_plain_code(old_link, {"on_track": "Ja"}))
    assert received.made_at is None and received.answers == {"on_track": "Ja"}
    assert share.replaces_newer(received.answers, received.made_at, FormRecord({"on_track": "Nee"}, OLDER))


def _js_constant(name):
    text = (ROOT / "app" / "formulier.js").read_text(encoding="utf-8")
    return int(re.search(rf"const {name} = (\d+);", text).group(1))


def test_the_client_page_uses_the_same_limits_counted_in_code_points():
    assert _js_constant("MAX_NAME") == share.MAX_NAME
    assert _js_constant("MAX_ANSWER") == codec.MAX_TEXT
    js = (ROOT / "app" / "formulier.js").read_text(encoding="utf-8")
    assert ".name.length" not in js and "codePoints(data.name).length <= MAX_NAME" in js


def test_names_outside_the_basic_plane_are_cut_in_code_points():
    emoji = "😀" * (share.MAX_NAME + 5)
    assert share.first_name(emoji + " Visser") == "😀" * share.MAX_NAME
    assert link().get("name") == "Anna"
    assert share.form_link_payload("t1", "midterm", emoji, ["on_track"], SECRET)["name"] == "😀" * share.MAX_NAME
