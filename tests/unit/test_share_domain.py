"""Sharing without a server (issue 9): template payloads, form links and answer codes."""

import json
import re
from pathlib import Path

import pytest

from traject import share
from traject.errors import ValidationError
from traject.forms import form
from traject.templates import default_template, make_template

ROOT = Path(__file__).resolve().parents[2]
SECRET = "0123456789abcdef0123456789abcdef"
MADE = "2026-03-01T10:00:00+01:00"


class Traj:
    def __init__(self, traj_id):
        self.id = traj_id


def own_template():
    template = default_template()
    rows = [dict(number=r.number, phase=r.phase, role=r.role, focus=r.focus, homework=r.homework,
                 duration_minutes=r.duration_minutes) for r in template.sessions]
    return make_template("Mijn opzet", rows, "two_60", "own1")


def test_pack_roundtrip_with_dutch_text():
    data = {"a": "vóór één ‘sessie’ 😀", "n": [1, 2]}
    text = share.pack(data)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", text)
    assert share.unpack(text) == data


@pytest.mark.parametrize("bad", ["", "!!!", "abcde", "A" * 9])
def test_unpack_damaged(bad):
    with pytest.raises(ValidationError):
        share.unpack(bad)


def test_truncated_payload_is_refused():
    text = share.pack({"x": "y" * 300 + "z"})
    with pytest.raises(ValidationError) as info:
        share.unpack(text[:-6])
    assert "beschadigd" in str(info.value)


def test_deflate_bomb_stops():
    bomb = share.b64url_encode(share.deflate(b"[" + b" " * (share.MAX_INFLATED + 10) + b"]"))
    with pytest.raises(ValidationError):
        share.unpack(bomb)


def test_template_roundtrip_gets_new_id_and_no_extra_data():
    template = own_template()
    payload = share.template_payload(template)
    assert set(payload) == {"app", "t", "v", "template"} and "id" not in payload["template"]
    url, length = share.template_link("https://x.example/traject/app/", template)
    assert url.startswith("https://x.example/traject/app/#/gedeeld-sjabloon/") and length is None
    copy = share.read_template_link(url.rsplit("/", 1)[1], "new1")
    assert copy.id == "new1" and copy.name == template.name
    assert [s.focus for s in copy.sessions] == [s.focus for s in template.sessions]
    again = share.read_template_file(share.template_file_text(template), "new2")
    assert again.id == "new2" and len(again.sessions) == len(template.sessions)


def test_template_with_extra_or_invalid_data_is_refused():
    payload = share.template_payload(own_template())
    with pytest.raises(ValidationError):
        share.read_template_data(dict(payload, client={"name": "Anna"}), "n")
    bad = json.loads(json.dumps(payload))
    bad["template"]["sessions"][0]["role"] = "x"
    with pytest.raises(ValidationError):
        share.read_template_data(bad, "n")
    bad = json.loads(json.dumps(payload))
    bad["template"]["notes"] = "cliënt"
    with pytest.raises(ValidationError):
        share.read_template_data(bad, "n")
    with pytest.raises(ValidationError):
        share.read_template_file('{"app": "traject", "format_version": 3}', "n")


def test_long_template_link_is_not_offered():
    import os
    rows = [dict(number=0, phase="voorbereiding", role="intake", focus="x", homework="", duration_minutes=60)]
    rows += [dict(number=i, phase="werk", role="regular", focus=os.urandom(200).hex(), homework="",
                  duration_minutes=60) for i in range(1, 8)]
    url, length = share.template_link("https://x.example/app/", make_template("Groot", rows, "one_90", "big"))
    assert url is None and length > share.MAX_URL


def payload(traj_id="t1", form_id="midterm", **kw):
    return share.form_link_payload(traj_id, form_id, "Anna", [q.id for q in form(form_id).questions], SECRET, **kw)


def test_form_link_payload():
    data = payload(protected=True)
    assert data["q"] == [q.id for q in form("midterm").questions] and data["p"] == 1
    assert re.fullmatch(r"[0-9a-f]{16}", data["n"]) and re.fullmatch(r"[0-9a-f]{32}", data["k"])
    assert data["k"] == share.link_key(SECRET, "t1", "midterm", data["n"], data["q"])
    link = share.form_link("https://x.example/coaching/app/", data)
    assert link.startswith("https://x.example/coaching/app/formulier.html#")
    assert share.unpack(link.split("#", 1)[1]) == data
    assert len(link) < share.MAX_URL
    with pytest.raises(ValidationError):
        share.form_link_payload("t1", "contract", "A", ["sessions"], SECRET)
    with pytest.raises(ValidationError):
        share.form_link_payload("t1", "intake", "A", ["nope"], SECRET)


def test_first_name():
    assert share.first_name("  Anna de Vries ") == "Anna"
    assert share.first_name("") == ""


def test_answer_code_roundtrip():
    data = payload()
    code = share.make_plain_code(data, {"on_track": "Ja, goed", "works_well": "De vragen"}, MADE)
    received = share.read_answer_body(share.split_code(code), {"t1": Traj("t1")}, SECRET)
    assert received.traj_id == "t1" and received.form_id == "midterm"
    assert received.answers == {"on_track": "Ja, goed", "works_well": "De vragen"}
    # wrapped by a mail program: still fine
    wrapped = "\n".join(code[i:i + 60] for i in range(0, len(code), 60))
    assert share.read_answer_body(share.split_code(wrapped), {"t1": Traj("t1")}, SECRET).answers == received.answers


def _message(fn):
    with pytest.raises(ValidationError) as info:
        fn()
    return str(info.value)


def test_tampered_truncated_and_foreign_codes():
    trajs = {"t1": Traj("t1"), "t2": Traj("t2")}
    data = payload()
    code = share.make_plain_code(data, {"on_track": "Ja"}, MADE)
    raw = share.inflate(share.split_code(code)).decode()
    # tamper with the answers and with the trajectory id, keep the old mac
    for old, new in (('"Ja"', '"Nee"'), ('"t1"', '"t2"')):
        forged = share.PLAIN_PREFIX + share.b64url_encode(share.deflate(raw.replace(old, new).encode()))
        assert "past niet" in _message(lambda: share.read_answer_body(share.split_code(forged), trajs, SECRET))
    # another coach's secret
    assert "past niet" in _message(lambda: share.read_answer_body(share.split_code(code), trajs, "f" * 32))
    # truncated
    assert "beschadigd" in _message(lambda: share.read_answer_body(share.split_code(code[:-5]), trajs, SECRET))
    # a trajectory that is not in this app
    assert "niet in deze app" in _message(lambda: share.read_answer_body(share.split_code(code), {}, SECRET))
    # another app's JSON, random text, empty
    assert "ander bestand" in _message(lambda: share.split_code('{"app": "traject", "trajectories": []}'))
    assert "TA1." in _message(lambda: share.split_code("hallo"))
    assert "Plak" in _message(lambda: share.split_code("  "))
    # invalid answer values are refused like on the form itself
    bad = share.make_plain_code(data, {"on_track": 5}, MADE)
    with pytest.raises(ValidationError):
        share.read_answer_body(share.split_code(bad), trajs, SECRET)


def test_sealed_code_is_split():
    sealed = share.split_code(share.SEALED_PREFIX + share.b64url_encode(bytes(range(60))))
    assert isinstance(sealed, share.SealedCode) and len(sealed.salt) == 16 and len(sealed.iv) == 12
    with pytest.raises(ValidationError):
        share.split_code(share.SEALED_PREFIX + share.b64url_encode(bytes(20)))


def test_client_page_embeds_the_forms_and_its_texts_exist():
    catalogue = json.loads((ROOT / "pyodide_modules/traject/messages_nl.json").read_text(encoding="utf-8"))
    html = (ROOT / "app" / "formulier.html").read_text(encoding="utf-8")
    keys = re.findall(r"\{\{msg:([a-z0-9_.]+)\}\}", html)
    assert keys and [k for k in keys if k not in catalogue] == []
    filled = re.sub(r"\{\{msg:([a-z0-9_.]+)\}\}", lambda m: catalogue[m.group(1)], html)
    forms = json.loads(re.search(r'<script type="application/json" id="forms">(.*?)</script>', filled, re.S).group(1))
    messages = json.loads(re.search(r'<script type="application/json" id="messages">(.*?)</script>', filled, re.S).group(1))
    assert set(forms) == set(share.SHAREABLE_FORMS)
    for form_id, spec in forms.items():
        definition = form(form_id)
        assert spec["title"] == definition.title
        assert [tuple(q) for q in spec["q"]] == [(q.id, q.kind, q.label) for q in definition.questions]
    assert all(messages.values())
    assert "<script>" not in html and "style=" not in html


def test_form_link_carries_the_coach_line_only_when_set():
    from traject.model import Settings

    settings = Settings(coach_name="Carmen Koers")
    settings.practice.name = "Praktijk  Koers"
    line = share.coach_line(settings)
    assert line == "Carmen Koers, Praktijk  Koers"
    payload = share.form_link_payload("t1", "intake", "Anna", ["background"], "s" * 32, nonce="0" * 16, coach=line)
    assert payload["c"] == "Carmen Koers, Praktijk Koers"
    assert "c" not in share.form_link_payload("t1", "intake", "Anna", ["background"], "s" * 32, nonce="0" * 16)
    long = share.form_link_payload("t1", "intake", "", ["background"], "s" * 32, coach="x" * 500)
    assert len(long["c"]) == share.MAX_COACH
    assert share.coach_line(Settings()) == ""
