"""Issue 8: reminders without a server (calendar export) and paper/PDF (print views).

Trajectories are made with the domain package under CPython and put into localStorage, so
every print view has realistic data. Calendar files are downloaded through the UI and parsed
with the real ``icalendar`` package; every print view is printed to PDF by Chromium
(``page.pdf``), checked with poppler's ``pdfinfo``/``pdftotext``, and its first page is
rendered to PNG in ``test-artifacts/print-*.png`` for looking at.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from conftest import AMSTERDAM, ARTIFACTS, INSTANTS, local_day, open_app, screenshot, today, wait_for_app
from traject.calendar_ics import client_initials, trajectory_code
from traject.forms import set_form_answers
from traject.goals import add_goal, record_score
from traject.model import SessionNotes, Settings
from traject.repository import DictStore, KeyValueRepository
from traject.situations import pause
from traject.templates import default_template, short_template
from traject.trajectory import new_trajectory, record_session

# `make test` installs poppler-utils (pdftotext, pdfinfo, pdftoppm); without it these tests fail.
assert shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils is missing: run the tests with 'make test'"

NOTE = "NOTITIEGEHEIM4412"
QUESTION_MARK = "VRAAGGEHEIM7731"
PDF_DIR = ARTIFACTS / "print"


# --- data ------------------------------------------------------------------------------------

def _trajectories(instant):
    """Four trajectories as they stand at ``instant`` (the page's clock in the tests)."""
    day = local_day(instant)
    now = instant.astimezone(AMSTERDAM).isoformat(timespec="seconds")
    anna = new_trajectory(default_template(), "Anna de Vries", f"Meer rust en richting in mijn werk {QUESTION_MARK}",
                          day + timedelta(days=7), "biweekly", now=now, email="anna@example.org")
    record_session(anna, anna.session_by_number(3).id, "cancelled", today=day)
    goal = add_goal(anna, "Elke dag een uur zonder mail werken", measurable="5 van 7 dagen")
    record_score(anna, goal.id, 3, day, "intake")
    set_form_answers(anna, "intake", {"coaching_question": "Ik wil meer rust, en minder haast; echt.",
                                      "background": "Sinds de reorganisatie\nwerk ik elke avond door.",
                                      "motivation": 8}, now=now)
    set_form_answers(anna, "contract", {"sessions": True, "payment": True, "cancellation": False,
                                        "confidentiality": True}, now=now)

    bram = new_trajectory(short_template(), "Bram Bakker", "Beter leidinggeven", day + timedelta(days=3),
                          "weekly", now=now)
    carla = new_trajectory(default_template(), "Carla Pauze", "Loopbaan", day - timedelta(days=20), "biweekly",
                           now=now)
    pause(carla, today=day)

    start = day - timedelta(days=7 * 10)
    dirk = new_trajectory(default_template(), "Dirk Afgerond", "Grenzen stellen zonder schuldgevoel", start,
                          "weekly", now=now)
    goals = [add_goal(dirk, "Nee zeggen tegen extra werk"), add_goal(dirk, "Twee avonden per week vrij")]
    for goal, (begin, middle, end) in zip(goals, ((3, 6, 8), (2, 5, 9))):
        record_score(dirk, goal.id, begin, start, "intake")
        record_score(dirk, goal.id, middle, start + timedelta(days=21), "midterm")
        record_score(dirk, goal.id, end, start + timedelta(days=49), "end")
    for session in sorted(dirk.sessions, key=lambda s: s.number):
        record_session(dirk, session.id, "held", today=session.planned_date,
                       notes=SessionNotes(NOTE, NOTE, NOTE, NOTE) if session.number else None)
    set_form_answers(dirk, "evaluation", {"goal_at_start": "Leren nee zeggen", "goal_reached": 8,
                                          "most_valuable": "De oefening met de agenda"}, now=now)
    set_form_answers(dirk, "borging", {"main_change": "Ik plan vrije avonden vooraf in",
                                       "accountability_person": "Mijn partner"}, now=now)
    assert dirk.status == "completed"
    return {"anna": anna, "bram": bram, "carla": carla, "dirk": dirk}


@lru_cache(maxsize=None)
def _seeded_at(instant):
    """The trajectories at ``instant`` and the localStorage entries that hold them."""
    trajs = _trajectories(instant)
    store = DictStore()
    repo = KeyValueRepository(store, prefix="traject:")
    for traj in trajs.values():
        repo.save(traj, now=instant.astimezone(AMSTERDAM).isoformat(timespec="seconds"))
    repo.save_settings(Settings(coach_name="Coach Carmen"))
    return trajs, dict(store.data)


@pytest.fixture
def seeded(instant):
    return _seeded_at(instant)


# The file names carry the date: the calendar exports run at every fixed instant.
at_every_instant = pytest.mark.parametrize("instant", list(INSTANTS.values()), ids=list(INSTANTS))


def load(page, base_url, seeded, route=""):
    trajs, data = seeded
    open_app(page, base_url)
    page.evaluate("(data) => { localStorage.clear(); for (const [k, v] of Object.entries(data)) localStorage.setItem(k, v); }",
                  data)
    page.goto(base_url + "app/" + route)
    page.reload()
    wait_for_app(page)
    return trajs


# --- calendar --------------------------------------------------------------------------------

def download_ics(page):
    with page.expect_download() as info:
        page.get_by_role("button", name="Agenda downloaden").click()
    download = info.value
    path = ARTIFACTS / "agenda" / download.suggested_filename
    path.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(path)
    raw = path.read_bytes()
    return download.suggested_filename, raw.decode("utf-8"), icalendar.Calendar.from_ical(raw)


def by_uid(cal):
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def check_private(text, *trajs):
    flat = text.replace("\r\n ", "")
    for traj in trajs:
        assert traj.client.name not in flat
        assert traj.client.name.split()[-1] not in flat
    for secret in (NOTE, QUESTION_MARK, "example.org", "Ik wil meer rust", "mail werken"):
        assert secret not in flat, secret
    for line in text.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75


@at_every_instant
def test_calendar_export_of_one_trajectory(page, base_url, seeded):
    trajs = load(page, base_url, seeded)
    anna = trajs["anna"]
    page.evaluate("(r) => { location.hash = r }", f"#/traject/{anna.id}")
    page.get_by_role("link", name="Agenda-export").click()
    page.wait_for_url(f"**/#/traject/{anna.id}/agenda")
    assert page.locator("#agenda-lead").input_value() == "settings"
    expect(page.locator("#agenda-lead option[value=settings]")).to_contain_text("1 dag van tevoren, 1 uur van tevoren")
    assert page.locator("input[name=title_mode][value=initials]").is_checked()
    expect(page.locator("#agenda-form .notice.warn")).to_contain_text("Volledige naam")
    screenshot(page, "agenda-one")

    filename, text, cal = download_ics(page)
    assert filename == f"traject-agenda-{trajectory_code(anna).lower()}-{today(page).isoformat()}.ics"
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert str(cal["X-WR-CALNAME"]).startswith("Traject")
    events = by_uid(cal)
    assert len(events) == 9 + 3  # intake + 8 sessions, evaluation form, follow-up mail + check-in
    for session in anna.sessions:
        event = events[f"{anna.id}-{session.id}@traject"]
        assert event.decoded("DTSTART").date() == session.planned_date
        assert event.decoded("DTSTART").strftime("%H:%M") == session.start_time == "10:00"
        assert str(event["SUMMARY"]).startswith(client_initials(anna.client.name) + " – ")
        assert "DESCRIPTION" not in event
    cancelled = events[f"{anna.id}-{anna.session_by_number(3).id}@traject"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and not cancelled.walk("VALARM")
    assert "(vervallen)" in str(cancelled["SUMMARY"])
    midterm = events[f"{anna.id}-{anna.session_by_number(4).id}@traject"]
    assert "tussentijdse evaluatie" in str(midterm["SUMMARY"])
    assert str(midterm["TRANSP"]) == "OPAQUE"
    assert [a.decoded("TRIGGER") for a in midterm.walk("VALARM")] == [timedelta(days=-1), timedelta(hours=-1)]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in midterm.walk("VALARM"))
    intake = events[f"{anna.id}-{anna.session_by_number(0).id}@traject"]
    assert intake.decoded("DTSTART").date() == anna.session_by_number(1).planned_date - timedelta(days=2)
    assert str(intake["TRANSP"]) == "TRANSPARENT"
    assert all(a.decoded("TRIGGER") < timedelta(0) for a in intake.walk("VALARM"))
    assert {f"{anna.id}-followup-mail@traject", f"{anna.id}-followup-checkin@traject"} <= set(events)
    check_private(text, anna)
    expect(page.locator(".flashes")).to_contain_text(filename)

    # Other choices: no reminders, the code instead of initials; they are remembered.
    page.select_option("#agenda-lead", "none")
    page.check("input[name=title_mode][value=code]")
    _, text2, cal2 = download_ics(page)
    events2 = by_uid(cal2)
    assert set(events2) == set(events)  # stable UIDs: a re-import updates instead of duplicating
    assert all(str(e["SUMMARY"]).startswith(trajectory_code(anna) + " – ") for e in events2.values())
    assert "VALARM" not in text2
    check_private(text2, anna)
    page.reload()
    wait_for_app(page)
    assert page.locator("#agenda-lead").input_value() == "none"
    assert page.locator("input[name=title_mode][value=code]").is_checked()
    settings = json.loads(page.evaluate("() => localStorage.getItem('traject:settings')"))
    assert settings["settings"]["ui"]["agenda_lead"] == "none"


@at_every_instant
def test_calendar_export_of_all_active_trajectories(page, base_url, seeded):
    trajs = load(page, base_url, seeded)
    anna, bram = trajs["anna"], trajs["bram"]
    page.locator(".mainnav a", has_text="Agenda").click()
    page.wait_for_url("**/#/agenda")
    listing = page.locator(".agenda-list")
    expect(listing).to_contain_text("Anna de Vries")
    expect(listing).to_contain_text("Bram Bakker")
    assert "Carla" not in listing.inner_text() and "Dirk" not in listing.inner_text()
    filename, text, cal = download_ics(page)
    assert filename == f"traject-agenda-{today(page).isoformat()}.ics"
    events = by_uid(cal)
    assert len(events) == 12 + 10  # Anna (8 sessions) and Bram (6 sessions), each with intake, form, follow-up
    assert {uid.split("-")[0] for uid in events} == {anna.id, bram.id}
    assert all(e.walk("VALARM") or str(e["STATUS"]) == "CANCELLED" for e in events.values())
    check_private(text, anna, bram)

    # The full name only when the coach chooses it.
    page.check("input[name=title_mode][value=name]")
    _, text_named, cal_named = download_ics(page)
    summaries = [str(e["SUMMARY"]) for e in cal_named.walk("VEVENT")]
    assert sum(s.startswith("Anna de Vries – ") for s in summaries) == 12
    assert sum(s.startswith("Bram Bakker – ") for s in summaries) == 10
    assert NOTE not in text_named and QUESTION_MARK not in text_named


# --- print views -----------------------------------------------------------------------------

def print_pdf(page, name):
    """Print the current view to A4 PDF; return (page count, text). PNG of page 1 too."""
    page.locator(".paper").wait_for()
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    pdf = PDF_DIR / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(ARTIFACTS / f"print-{name}")], check=True)
    for chrome in ("Overzicht", "Sjablonen", "Opslaan als PDF", "Terug naar"):
        assert chrome not in text, f"{chrome!r} (screen-only) is in the printed {name}"
    return pages, " ".join(text.split())


def go(page, route):
    page.evaluate("(r) => { location.hash = r }", route)
    page.locator(".paper, #view h1").first.wait_for()


def test_trajectory_map_is_one_a4_page(page, base_url, seeded):
    trajs = load(page, base_url, seeded)
    anna = trajs["anna"]
    page.evaluate("(r) => { location.hash = r }", f"#/traject/{anna.id}")
    page.get_by_role("link", name="Afdrukken").click()
    page.wait_for_url(f"**/#/traject/{anna.id}/afdrukken")
    page.get_by_role("link", name="Trajectkaart voor de cliënt").click()
    page.wait_for_url("**/afdrukken/kaart")
    expect(page.locator(".sessions-table tbody tr")).to_have_count(9)  # waits for the hash route to render
    pages, text = print_pdf(page, "trajectkaart")
    assert pages == 1
    for expected in ("Jouw coachingtraject", "Voor Anna de Vries", "coach: Coach Carmen", "De vier fasen",
                     "Voorbereiding", "Start", "Werk", "Afronding", "De sessies", "Kennismaking, doelen bepalen",
                     "Reflectie op doelen", "Tussen de sessies", "Tussentijdse evaluatie", "evaluatieformulier",
                     "Na het traject", "3 maanden", "vervallen", "Meer rust en richting"):
        assert expected in text, expected
    first = anna.session_by_number(1).planned_date
    assert f"{first.day} " in text and str(first.year) in text
    assert "Ik wil meer rust" not in text  # form answers are not on the client's map

    # The button opens the browser's print dialog (replaced here: headless has none).
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1 } }")
    page.get_by_role("button", name="Afdrukken").click()
    assert page.evaluate("() => window.__printed") == 1


FORMS = [("intake", "Intakeformulier", "Wat is je coachvraag"),
         ("contract", "Coachcontract", "Vertrouwelijkheid besproken"),
         ("tussentijdse-evaluatie", "Tussentijdse evaluatie", "Zitten we goed op koers"),
         ("evaluatieformulier", "Evaluatieformulier", "Welk inzicht neem je mee"),
         ("borgingsplan", "Borgingsplan", "Wie mij erop aanspreekt")]


def test_blank_and_filled_forms_print(page, base_url, seeded):
    trajs = load(page, base_url, seeded)
    anna, dirk = trajs["anna"], trajs["dirk"]
    go(page, f"#/traject/{anna.id}/afdrukken")
    links = page.locator(".print-forms a")
    screenshot(page, "print-index")
    assert links.filter(has_text="Leeg formulier").count() == 6
    for slug, title, question in FORMS:
        go(page, f"#/traject/{anna.id}/afdrukken/{slug}?leeg=1")
        expect(page.locator(".paper h1")).to_contain_text(title)
        pages, text = print_pdf(page, f"leeg-{slug}")
        assert 1 <= pages <= 2, (slug, pages)
        assert title in text and question in text and "Naam" in text and "Datum" in text
        assert "Ik wil meer rust" not in text and "niet ingevuld" not in text
        if slug == "contract":
            assert "Aanvullende afspraken" in text and "Handtekening cliënt" in text
        assert page.locator(".write-lines, .tick, .scale-boxes").count() > 0
    # Filled in: Anna's intake and contract, Dirk's evaluation and borging plan.
    for traj, slug, expected in ((anna, "intake", ["Ik wil meer rust, en minder haast; echt.", "Sinds de reorganisatie",
                                                   "werk ik elke avond door.", "8 van 10"]),
                                 (anna, "contract", ["Tarief en betaling afgesproken"]),
                                 (dirk, "evaluatieformulier", ["Leren nee zeggen", "8 van 10", "De oefening met de agenda"]),
                                 (dirk, "borgingsplan", ["Ik plan vrije avonden vooraf in", "Mijn partner"])):
        go(page, f"#/traject/{traj.id}/afdrukken/{slug}")
        pages, text = print_pdf(page, f"ingevuld-{slug}")
        assert 1 <= pages <= 2
        assert traj.client.name in text and "ingevuld op" in text
        for snippet in expected:
            assert snippet in text, (slug, snippet)
    go(page, f"#/traject/{anna.id}/afdrukken/contract")
    assert page.locator(".paper .tick.on").count() == 3


def test_summary_of_a_closed_trajectory(page, base_url, seeded):
    trajs = load(page, base_url, seeded)
    dirk = trajs["dirk"]
    go(page, f"#/traject/{dirk.id}/afdrukken")
    page.get_by_role("link", name="Samenvatting voor je dossier").click()
    page.wait_for_url("**/afdrukken/samenvatting")
    rows = page.locator(".goals-table tbody tr")
    expect(rows).to_have_count(2)  # waits for the hash route to render
    assert [c.strip() for c in rows.nth(0).locator("td").all_inner_texts()[1:]] == ["3", "6", "8", "+5"]
    pages, text = print_pdf(page, "samenvatting")
    assert pages == 1
    for expected in ("Samenvatting coachingtraject", "Vertrouwelijk", "Dirk Afgerond",
                     "Grenzen stellen zonder schuldgevoel", "8 van 8 sessies gehouden", "Volgens plan afgerond",
                     "Nee zeggen tegen extra werk", "Twee avonden per week vrij", "Evaluatieformulier",
                     "Leren nee zeggen", "Borgingsplan", "Ik plan vrije avonden vooraf in", "Follow-up-mail",
                     "Gehouden"):
        assert expected in text, expected
    assert NOTE not in text
    assert "loopt nog" not in text
