"""Client message drafts and mailto: links (traject.drafts)."""

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from traject.drafts import (FORM_OF_MESSAGE, PLACEHOLDERS, default_text, draft_message, fill, long_date,
                            mailto_url, message_sent, message_text, set_message_text, signature,
                            undo_message_sent)
from traject.due import due_actions
from traject.model import Settings
from traject.practice import MESSAGE_KINDS
from traject.templates import default_template
from traject.trajectory import new_trajectory, record_session

NOW = "2026-03-01T10:00:00+01:00"


def make(**kwargs):
    return new_trajectory(default_template(), "Anna de Vries", "Rust", date(2026, 3, 17), "biweekly", now=NOW,
                          email="anna@example.org", start_time="14:30", **kwargs)


def coach():
    settings = Settings(coach_name="Carmen Koers")
    settings.practice.name, settings.practice.email = "Praktijk Koers", "carmen@koers.nl"
    settings.practice.phone, settings.practice.website = "06 12345678", "www.koers.nl"
    return settings


@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_every_kind_has_a_dutch_draft_with_name_and_signature(kind):
    traj = make()
    for session in traj.sessions[:3]:
        record_session(traj, session.id, "held", today=session.planned_date)
    link = f"https://coach.example/formulier.html#{kind}" if kind in FORM_OF_MESSAGE else ""
    draft = draft_message(traj, kind, coach(), link=link)
    assert draft.to == "anna@example.org" and draft.subject and draft.body.startswith("Beste Anna,")
    assert draft.body.endswith("Carmen Koers\nPraktijk Koers\ncarmen@koers.nl\n06 12345678\nwww.koers.nl")
    assert "{" not in draft.subject + draft.body
    assert not link or link in draft.body
    assert ("formulier.html" in draft.body) == (kind in FORM_OF_MESSAGE)


def test_intake_draft_has_session_1_date_time_and_link_and_completes_send_intake():
    traj = make()
    draft = draft_message(traj, "intake", coach(), link="https://x.example/formulier.html#abc")
    assert "dinsdag 17 maart 2026 om 14:30" in draft.body
    assert "https://x.example/formulier.html#abc" in draft.body
    assert draft.due_key == "send_intake"


def test_evaluation_draft_is_about_the_first_closing_session():
    traj = make()
    closing = min((s for s in traj.regular_sessions if s.is_closing), key=lambda s: s.number)
    draft = draft_message(traj, "evaluation", coach(), link="L")
    assert long_date(closing.planned_date) + " om 14:30" in draft.body
    assert draft.due_key == f"evaluation_form:{closing.id}"


def test_own_text_replaces_the_standard_and_standard_text_resets_it():
    settings = coach()
    set_message_text(settings, "checkin", "Hoi {voornaam}", "Hoe gaat het, {voornaam}? {onbekend}\n{handtekening}")
    draft = draft_message(make(), "checkin", settings)
    assert draft.subject == "Hoi Anna"
    assert draft.body.startswith("Hoe gaat het, Anna? {onbekend}\nCarmen Koers")
    set_message_text(settings, "checkin", *default_text("checkin"))
    assert settings.message_texts == {} and message_text(settings, "checkin") == default_text("checkin")
    set_message_text(settings, "checkin", "", "")
    assert settings.message_texts == {}
    with pytest.raises(KeyError):
        set_message_text(settings, "spam", "a", "b")


def test_fill_leaves_unknown_and_odd_braces():
    assert fill("{voornaam} {x} {} {{voornaam}}", {"voornaam": "Zoë"}) == "Zoë {x} {} {Zoë}"
    assert set(PLACEHOLDERS) >= {"voornaam", "datum", "tijd", "link", "handtekening"}


def test_signature_leaves_out_empty_lines():
    settings = Settings(coach_name="Carmen")
    settings.practice.phone = "06 1"
    assert signature(settings) == "Carmen\n06 1"
    assert signature(Settings()) == ""


@pytest.mark.parametrize("subject, body", [
    ("Intake & contract", "Beste Zoë,\n\nZie: https://x.example/f.html#a?b=c&d=e+f\n100% zeker; 50/50\r\nGroet"),
    ("Vraag?=ja#nee", "één regel"),
])
def test_mailto_url_decodes_to_the_same_address_subject_and_body(subject, body):
    url = mailto_url("anna.de.vries+coach@example.org", subject, body)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and unquote(parts.path) == "anna.de.vries+coach@example.org"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["subject"] == [subject]
    assert query["body"] == [body.replace("\r\n", "\n").replace("\n", "\r\n")]
    assert " " not in url and "\n" not in url and "+" not in url.split("?", 1)[1]


def test_mailto_without_an_address():
    assert mailto_url("", "a", "b") == "mailto:?subject=a&body=b"


def test_sending_marks_the_due_action_done_and_can_be_undone():
    traj = make()
    today = date(2026, 3, 10)
    assert "send_intake" in {a.key for a in due_actions(traj, today)}
    draft = draft_message(traj, "intake", coach())
    assert message_sent(traj, draft, today=today) == "send_intake"
    assert "send_intake" not in {a.key for a in due_actions(traj, today)}
    assert traj.session_by_number(0).status == "held"
    undo_message_sent(traj, "send_intake")
    assert "send_intake" in {a.key for a in due_actions(traj, today)}
    assert traj.session_by_number(0).status == "planned"


def test_sending_a_followup_before_it_exists_marks_nothing():
    traj = make()
    draft = draft_message(traj, "followup_mail", coach())
    assert message_sent(traj, draft, today=date(2026, 3, 10)) is None
    assert traj.done_actions == [] and traj.followups == []


def test_followup_sent_and_undone():
    traj = make()
    for session in traj.sessions:
        record_session(traj, session.id, "held", today=session.planned_date)
    draft = draft_message(traj, "followup_mail", coach(), link="L")
    assert message_sent(traj, draft, today=traj.ended_on) == "followup:mail"
    assert traj.followups[0].status == "done"
    undo_message_sent(traj, "followup:mail")
    assert traj.followups[0].status == "open"
