"""Issue 15 in the browser: the coach's settings, sessions with a time, rescheduling with a
time, public holidays, client message drafts (mailto: links decoded and checked), the printed
contract (PDF text) and the calendar file read by two parsers in both DST periods.

The page clock is fixed with Playwright's clock API at NOW; the data put into localStorage is
made under CPython from the same instant. Screenshots at 1280 and 390 px go to test-artifacts/.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from playwright.sync_api import expect

from conftest import screenshot, wait_for_app
from test_print_and_calendar import download_ics, print_pdf
from traject.model import Settings
from traject.repository import DictStore, KeyValueRepository
from traject.templates import default_template
from traject.trajectory import new_trajectory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=AMSTERDAM)  # a Monday
TODAY = NOW.date()
STAMP = NOW.isoformat()
CAPTURE_LINKS = """() => {
  window.__opened = [];
  HTMLAnchorElement.prototype.click = function () { window.__opened.push(this.href); };
}"""


def coach_settings():
    settings = Settings(coach_name="Carmen Koers")
    settings.practice.name, settings.practice.email = "Praktijk Koers", "carmen@koers.nl"
    settings.practice.phone = "06 12345678"
    settings.contract.price_cents, settings.contract.payment_days = 9500, None
    return settings


def anna(start=date(2026, 3, 30), **kwargs):
    return new_trajectory(default_template(), "Anna de Vries", "Meer rust in mijn werk", start, "weekly", now=STAMP,
                          email="anna@example.org", **kwargs)


def seed(*trajs, settings=None):
    store = DictStore()
    repo = KeyValueRepository(store, prefix="traject:")
    for traj in trajs:
        repo.save(traj, now=STAMP)
    repo.save_settings(settings or Settings())
    return dict(store.data)


def start(page, base_url, data=None, route=""):
    """Open the app at NOW with ``data`` in localStorage, on ``route``."""
    page.clock.install(time=NOW)
    page.goto(base_url + "app/")
    wait_for_app(page)
    if data is not None:
        page.evaluate("(d) => { localStorage.clear(); for (const [k, v] of Object.entries(d)) localStorage.setItem(k, v); }",
                      data)
        page.reload()
        wait_for_app(page)
    if route:
        go(page, route)


def go(page, route):
    page.evaluate("(r) => { location.hash = r }", route)
    page.locator("#view h1, .paper").first.wait_for()


def both_widths(page, name):
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def stored_settings(page):
    """The stored settings ({} before anything was stored)."""
    raw = page.evaluate("() => localStorage.getItem('traject:settings')")
    return json.loads(raw)["settings"] if raw else {}


# --- settings ----------------------------------------------------------------------------------

def test_settings_are_saved_validated_and_used_for_a_new_trajectory(page, base_url):
    start(page, base_url)
    page.locator(".mainnav a", has_text="Instellingen").click()
    page.wait_for_url("**/#/instellingen")
    expect(page.locator("#start_time")).to_have_value("10:00")
    expect(page.locator("#reminder_1")).to_have_value("1440")
    page.fill("#coach_name", "Carmen Koers")
    page.fill("#practice_name", "Praktijk Koers")
    page.fill("#practice_email", "carmen-koers.nl")  # wrong
    page.fill("#practice_phone", "06 12345678")
    page.fill("#practice_kvk", "1234")  # wrong
    page.fill("#start_time", "13:15")
    page.fill("#duration_minutes", "50")
    page.select_option("#weekday", "1")
    page.select_option("#reminder_1", "2880")
    page.select_option("#reminder_2", "30")
    page.select_option("#liberation_day", "yearly")
    page.fill("#price", "1.200")
    page.select_option("#price_basis", "trajectory")
    page.fill("#payment_days", "30")
    page.fill("#cancellation_hours", "48")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.locator("#error-practice_email")).to_contain_text("e-mailadres")
    expect(page.locator("#error-practice_kvk")).to_contain_text("8 cijfers")
    assert page.locator("#practice_email").get_attribute("aria-invalid") == "true"
    assert stored_settings(page).get("coach_name", "") == ""  # nothing stored
    expect(page.locator("#coach_name")).to_have_value("Carmen Koers")  # what was typed stays
    both_widths(page, "settings-errors")

    page.fill("#practice_email", "carmen@koers.nl")
    page.fill("#practice_kvk", "12345678")
    page.locator("details.message-text", has_text="Check-in").locator("summary").click()
    page.fill("#msg_checkin_subject", "Even bijpraten, {voornaam}?")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.locator(".flashes")).to_contain_text("Instellingen opgeslagen")
    saved = stored_settings(page)
    assert saved["practice"] == {"name": "Praktijk Koers", "email": "carmen@koers.nl", "phone": "06 12345678",
                                 "website": "", "kvk_number": "12345678"}
    assert saved["appointments"] == {"start_time": "13:15", "duration_minutes": 50, "weekday": 1,
                                     "reminder_minutes": [2880, 30], "liberation_day": "yearly"}
    assert saved["contract"]["price_cents"] == 120000 and saved["contract"]["price_basis"] == "trajectory"
    assert saved["message_texts"]["checkin"]["subject"] == "Even bijpraten, {voornaam}?"
    page.reload()
    wait_for_app(page)
    expect(page.locator("#price")).to_have_value("1200,00")
    both_widths(page, "settings")

    # A new trajectory starts on the coach's weekday (a Tuesday, a week or more from today) at 13:15.
    page.locator(".mainnav a", has_text="Nieuw traject").click()
    expect(page.locator("#start_date")).to_have_value((TODAY + timedelta(days=8)).isoformat())
    expect(page.locator("#start_time")).to_have_value("13:15")
    page.fill("#client_name", "Bas Tijd")
    page.get_by_role("button", name="Traject aanmaken").click()
    page.wait_for_url("**/#/traject/*")
    first = page.locator(".session-row[data-session='1']")
    expect(first).to_contain_text("di 10 mrt. 2026, 13:15–14:05")
    expect(page.locator(".session-row[data-session='8']")).to_contain_text("13:15–14:15")  # closing: 60 min


# --- rescheduling and holidays ------------------------------------------------------------------

def test_reschedule_with_a_time_and_move_off_a_holiday(page, base_url):
    traj = anna()  # Mondays from 30 March: session 2 on Easter Monday, session 5 on King's Day
    start(page, base_url, seed(traj), f"#/traject/{traj.id}")
    easter = page.locator(".session-row[data-session='2']")
    expect(easter).to_contain_text("Valt op Tweede paasdag")
    expect(page.locator(".session-row[data-session='5']")).to_contain_text("Valt op Koningsdag")
    both_widths(page, "holiday-flag")
    easter.get_by_role("button", name="Naar de eerstvolgende werkdag").click()
    expect(easter).to_contain_text("di 7 apr. 2026, 10:00–11:00")
    expect(easter).not_to_contain_text("Valt op")

    third = page.locator(".session-row[data-session='3']")
    third.locator("summary", has_text="Verplaatsen").click()
    third.locator("input[name=new_date]").fill("2026-04-16")
    third.locator("input[name=new_time]").fill("16:45")
    third.locator("input[name=shift_later]").uncheck()
    third.get_by_role("button", name="Verplaats").click()
    expect(third).to_contain_text("do 16 apr. 2026, 16:45–17:45")
    expect(page.locator(".session-row[data-session='4']")).to_contain_text("ma 20 apr. 2026, 10:00")
    screenshot(page, "rescheduled")


# --- message drafts -----------------------------------------------------------------------------

def test_intake_draft_opens_the_mail_program_and_marks_the_action_done(page, base_url):
    traj = anna()
    start(page, base_url, seed(traj, settings=coach_settings()), f"#/traject/{traj.id}")
    page.evaluate(CAPTURE_LINKS)
    due = page.locator(".due-item", has_text="Intake")
    due.get_by_role("link", name="Bericht opstellen").click()
    page.wait_for_url("**/bericht/intake")
    expect(page.locator("#message-to")).to_have_value("anna@example.org")
    body = page.locator("#message-body").input_value()
    assert body.startswith("Beste Anna,") and "maandag 30 maart 2026 om 10:00" in body
    assert "formulier.html#" in body and body.endswith("Carmen Koers\nPraktijk Koers\ncarmen@koers.nl\n06 12345678")
    both_widths(page, "message-draft")
    page.fill("#message-subject", "Intake & voorbereiding: 100% vrijblijvend?")
    page.fill("#message-body", body + "\nP.S. Zoë's agenda = vol; tot gauw!")
    page.get_by_role("button", name="Openen in mijn mailprogramma").click()
    expect(page.locator(".notice", has_text="Gemarkeerd als verstuurd")).to_be_visible()
    (url,) = page.evaluate("() => window.__opened")
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert parts.scheme == "mailto" and unquote(parts.path) == "anna@example.org"
    assert query["subject"] == ["Intake & voorbereiding: 100% vrijblijvend?"]
    sent_body = query["body"][0]
    assert sent_body == (body + "\nP.S. Zoë's agenda = vol; tot gauw!").replace("\n", "\r\n")
    link = next(line for line in sent_body.split("\r\n") if "formulier.html#" in line)
    expect(page.locator("#message-subject")).to_have_value("Intake & voorbereiding: 100% vrijblijvend?")

    go(page, f"#/traject/{traj.id}")
    expect(page.locator(".due-item", has_text="Intake")).to_have_count(0)
    go(page, f"#/traject/{traj.id}/bericht/intake")
    page.locator("#view").get_by_role("button", name="Ongedaan maken").click()
    expect(page.locator("#view")).to_contain_text("Als je het bericht opent of kopieert")
    go(page, f"#/traject/{traj.id}")
    expect(page.locator(".due-item", has_text="Intake")).to_have_count(1)

    # The link in the mail opens the client's form, which says who it comes from.
    page.goto(link)
    page.wait_for_function("() => document.documentElement.dataset.formReady === 'true'")
    expect(page.locator("#coach-line")).to_have_text("Van: Carmen Koers, Praktijk Koers")
    expect(page.locator("#greeting")).to_contain_text("Hallo Anna")
    screenshot(page, "client-form-coach")


def test_every_message_kind_has_a_draft(page, base_url):
    traj = anna()
    start(page, base_url, seed(traj, settings=coach_settings()), f"#/traject/{traj.id}/berichten")
    links = page.locator("#view .form-links a")
    expect(links).to_have_count(7)
    for i in range(7):
        go(page, f"#/traject/{traj.id}/berichten")
        links.nth(i).click()
        page.locator("#message-body").wait_for()
        body = page.locator("#message-body").input_value()
        assert body.startswith("Beste Anna,") and "{" not in body and "Carmen Koers" in body
    screenshot(page, "message-dropout")


# --- contract -----------------------------------------------------------------------------------

def test_contract_prints_on_one_or_two_a4_pages(page, base_url):
    traj = anna()
    start(page, base_url, seed(traj, settings=coach_settings()), f"#/traject/{traj.id}/formulier/contract")
    page.get_by_role("link", name="Coachingovereenkomst").first.click()
    page.wait_for_url("**/afdrukken/overeenkomst")
    pages, text = print_pdf(page, "overeenkomst")
    assert pages in (1, 2)
    for expected in ("Coachingovereenkomst", "1. Partijen", "Carmen Koers", "Praktijk Koers", "Anna de Vries",
                     "Meer rust in mijn werk", "Aantal sessies 8", "Elke week", "60 minuten",
                     "van maandag 30 maart 2026 tot en met maandag 18 mei 2026", "€ 95,00", "€ 760,00",
                     "24 uur voor de afspraak", "Vertrouwelijkheid", "Gegevens", "Tussentijds stoppen",
                     "Handtekening cliënt"):
        assert expected in text, expected
    assert "KvK-nummer Betalen" not in text  # blank fields print as lines, not as missing rows
    assert page.locator(".paper .blank-line").count() == 2  # KvK number and payment term
    both_widths(page, "contract")


# --- calendar -----------------------------------------------------------------------------------

def test_calendar_file_is_timed_busy_with_reminders_before_start_in_both_dst_periods(page, base_url):
    spring = anna(start=date(2026, 3, 16), start_time="09:30")  # session 3 on 30 March: the week after DST
    autumn = new_trajectory(default_template(), "Bram Bakker", "", date(2026, 10, 12), "weekly", now=STAMP,
                            start_time="18:00")  # session 3 on 26 October: the day after winter time
    settings = coach_settings()
    settings.appointments.reminder_minutes = [1440, 60]
    start(page, base_url, seed(spring, autumn, settings=settings), "#/agenda")
    _, text, cal = download_ics(page)
    readers = {"icalendar": {str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["TRANSP"]),
                                             [a.decoded("TRIGGER") for a in e.walk("VALARM")])
                             for e in cal.walk("VEVENT")},
               "vobject": {v.uid.value: (v.dtstart.value, v.dtend.value, v.transp.value,
                                         [a.trigger.value for a in getattr(v, "valarm_list", [])])
                           for v in vobject.readOne(text).vevent_list}}
    assert readers["icalendar"].keys() == readers["vobject"].keys()
    cases = [(spring, 2, "09:30", 8), (spring, 3, "09:30", 7), (autumn, 2, "18:00", 16), (autumn, 3, "18:00", 17)]
    for name, events in readers.items():
        for traj, number, hhmm, utc_hour in cases:
            session = traj.session_by_number(number)
            begin, end, transp, triggers = events[f"{traj.id}-{session.id}@traject"]
            assert isinstance(begin, datetime) and begin.tzinfo is not None, name
            assert begin.strftime("%H:%M") == hhmm and begin.date() == session.planned_date, name
            assert begin.astimezone(timezone.utc).hour == utc_hour, (name, number)
            assert end - begin == timedelta(minutes=60) and transp == "OPAQUE", name
            assert sorted(triggers) == [timedelta(days=-1), timedelta(hours=-1)], name
            assert all(begin + trigger < begin for trigger in triggers), name
        for uid, (begin, end, transp, triggers) in events.items():
            assert all(trigger < timedelta(0) for trigger in triggers), (name, uid)
    assert "Anna" not in text and "Meer rust" not in text
    assert isinstance(icalendar.Calendar.from_ical(text).walk("VTIMEZONE")[0], icalendar.Timezone)
