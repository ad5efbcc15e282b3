"""Issue 14 in the browser: every screen reads as Dutch with data that fills every part, and
the coach can adjust a trajectory, confirm its closing, keep writing notes after it, reopen
it, start a follow-up and choose what happens when a goal is reached early.

The page clock is fixed (Playwright clock API) and the data is made in CPython with dates
derived from that same instant; nothing reads the wall clock."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest

import traject
from traject.backup import dumps, export_backup
from traject.restore import SECRET_KEY

from conftest import ARTIFACTS, open_app, screenshot
from every_feature import every_feature_trajectories
from journeys import go, saved, stored_trajectory

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))
SECRET = "c" * 32
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
PLACEHOLDER = re.compile(r"\{[^{}\s]{1,40}\}")


def _backup_file(tmp_path):
    trajectories = every_feature_trajectories(SECRET)
    settings = traject.Settings(coach_name="Carla de Coach", ui={SECRET_KEY: SECRET})
    data = export_backup(trajectories, [], settings, exported_at="2026-03-01T10:00:00+01:00")
    path = tmp_path / "alles.json"
    path.write_text(dumps(data), encoding="utf-8")
    return path, trajectories


def _start(page, base_url, tmp_path):
    """Fixed clock, then import the data through the app's own import (merge)."""
    page.clock.install(time=NOW)
    open_app(page, base_url, "#/backup")
    path, trajectories = _backup_file(tmp_path)
    page.set_input_files("#import-file", str(path))
    page.get_by_role("button", name="Samenvoegen", exact=True).click()
    page.wait_for_function("() => location.hash === '#/'")
    page.locator(".notice", has_text="3 trajecten geïmporteerd").wait_for()
    return trajectories


def _show(page, route):
    go(page, route)
    page.wait_for_function("(r) => location.hash === r", arg=route)
    page.wait_for_timeout(120)


def _dutch_problems(text):
    problems = []
    for pattern, what in ((PLACEHOLDER, "placeholder"), (ISO_DATE, "ISO date")):
        problems += [f"{what}: {m.group(0)}" for m in pattern.finditer(text)]
    problems += [f"plural: {p}" for p in ("(s)", "(en)") if p in text]
    return problems


def test_every_screen_reads_as_dutch(page, base_url, tmp_path):
    anna, bert, cor = _start(page, base_url, tmp_path)
    routes = ["#/", "#/nieuw", "#/sjablonen", "#/sjablonen/default8", "#/backup", "#/agenda", "#/gedeeld-sjabloon"]
    for traj in (anna, bert, cor):
        base = f"#/traject/{traj.id}"
        routes += [base, base + "/aanpassen", base + "/situatie", base + "/agenda", base + "/afdrukken",
                   base + "/afdrukken/kaart", base + "/afdrukken/samenvatting", base + "/formulier-link",
                   base + "/antwoordcode"]
        routes += [f"{base}/sessie/{s.id}" for s in traj.sessions]
    base = f"#/traject/{anna.id}"
    routes += [f"{base}/formulier/{slug}" for slug in ("intake", "contract", "tussentijdse-evaluatie",
                                                       "evaluatieformulier", "borgingsplan", "afsluiting",
                                                       "evaluatievragen")]
    routes += [f"{base}/afdrukken/{slug}" for slug in ("intake", "evaluatieformulier", "borgingsplan")]
    routes += [f"{base}/situatie/{kind}" for kind in ("verlengen", "vroeg-afronden", "pauzeren", "geen-klik", "uitval")]
    found = {}
    for route in routes:
        _show(page, route)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        text = page.locator("body").inner_text()
        assert "Pagina niet gevonden" not in text, route
        problems = _dutch_problems(text)
        if problems:
            found[route] = problems
    assert found == {}
    # the data really fills the parts the checks are about
    _show(page, f"#/traject/{anna.id}")
    text = page.locator("body").inner_text()
    assert "gegeven in sessie 2" in text and "Standaardtraject (9 sessies)" in text
    assert re.search(r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\. 2026", text)


def _closing_names_agree(page, traj):
    """The timeline says what the calendar and the printed map say (one story)."""
    _show(page, f"#/traject/{traj.id}")
    badges = page.locator("[data-closing]").all_inner_texts()
    assert badges == ["Afronding: evaluatie", "Afronding: borging en afsluiting"]
    _show(page, f"#/traject/{traj.id}/afdrukken/kaart")
    paper = page.locator("body").inner_text()
    assert "afronding: evaluatie" in paper and "afronding: borging en afsluiting" in paper


def test_adjust_confirm_close_notes_reopen_follow_up(page, base_url, tmp_path):
    anna, bert, cor = _start(page, base_url, tmp_path)
    _closing_names_agree(page, anna)

    # session 1 shows the first-session blocks, later sessions the standard ones
    _show(page, f"#/traject/{anna.id}/sessie/{anna.session_by_number(1).id}")
    blocks = page.locator(".session-blocks li").all_inner_texts()
    assert blocks == ["Kennismaken 10 min.", "Intake bespreken 20 min.", "Belangrijkste doelen 15 min.",
                      "Werkwijze uitleggen 10 min.", "Praktische afspraken 5 min."]
    _show(page, f"#/traject/{anna.id}/sessie/{anna.session_by_number(3).id}")
    assert page.locator(".session-blocks li").all_inner_texts() == ["Opening 5–10 min.", "Kern 40–45 min.",
                                                                   "Afsluiting 5–10 min."]

    # adjust: client details, then undo
    _show(page, f"#/traject/{anna.id}/aanpassen")
    screenshot(page, "carry-adjust-1280")
    page.fill("#adj-name", "Anna Bakker")
    page.get_by_role("button", name="Gegevens opslaan").click()
    page.locator("h1", has_text="Anna Bakker").wait_for()
    assert stored_trajectory(page, anna.id)["client"]["name"] == "Anna Bakker"
    page.locator("#save-status button", has_text="Ongedaan maken").click()
    page.locator("h1", has_text="Anna de Vries-Bakker").wait_for()
    assert stored_trajectory(page, anna.id)["client"]["name"] == "Anna de Vries-Bakker"

    # rhythm: weekly, replanning the planned sessions
    _show(page, f"#/traject/{anna.id}/aanpassen")
    before = {s["number"]: s["planned_date"] for s in stored_trajectory(page, anna.id)["sessions"]}
    page.select_option("#adj-frequency", "weekly")
    page.check("input[name=replan]")
    page.get_by_role("button", name="Frequentie opslaan").click()
    saved(page)
    after = stored_trajectory(page, anna.id)
    assert after["frequency"] == "weekly" and after["sessions"][-1]["planned_date"] < before[after["sessions"][-1]["number"]]

    # session plan: duration, then a warning (not a block) for a future session marked held
    future = next(s for s in anna.sessions if s.number == 5)
    _show(page, f"#/traject/{anna.id}/sessie/{future.id}")
    page.evaluate("() => document.querySelector('.session-plan').open = true")
    page.fill("#plan-duration", "75")
    page.get_by_role("button", name="Plan opslaan").click()
    saved(page)
    assert [s for s in stored_trajectory(page, anna.id)["sessions"] if s["number"] == 5][0]["duration_minutes"] == 75
    page.select_option("#session-status", "held")
    page.get_by_role("button", name="Sessie opslaan").click()
    page.locator(".notice", has_text="een datum in de toekomst").wait_for()

    # mid-term form: saving marks its due action done, links to session 4 and to extending
    _show(page, f"#/traject/{anna.id}/formulier/tussentijdse-evaluatie")
    page.fill("#q-adjust_trajectory", "Ja, graag nog twee sessies")
    page.get_by_role("button", name="Opslaan").first.click()
    saved(page)
    _show(page, f"#/traject/{anna.id}/formulier/tussentijdse-evaluatie")
    page.get_by_role("link", name="Verlengen met nieuwe afspraken").wait_for()
    page.get_by_role("link", name=re.compile("Naar sessie 4")).wait_for()

    # the last session: "Dit rondt het traject af" first
    last = cor.sessions[-1]
    _show(page, f"#/traject/{cor.id}/sessie/{last.id}")
    page.select_option("#session-status", "held")
    screenshot(page, "carry-session-last-1280")
    page.get_by_role("button", name="Sessie opslaan").click()
    page.locator(".notice.error").wait_for()
    assert stored_trajectory(page, cor.id)["status"] == "active"
    page.check("input[name=closing_confirmed]")
    page.get_by_role("button", name="Sessie opslaan").click()
    page.wait_for_function("(r) => location.hash === r", arg=f"#/traject/{cor.id}")
    assert stored_trajectory(page, cor.id)["status"] == "completed"

    # notes of the held last session stay editable after closing, with a save button
    _show(page, f"#/traject/{cor.id}/sessie/{last.id}")
    page.fill("#note-kern", "Afscheid genomen, deur blijft open")
    page.get_by_role("button", name="Notities opslaan").click()
    saved(page)
    assert stored_trajectory(page, cor.id)["sessions"][-1]["notes"]["kern"] == "Afscheid genomen, deur blijft open"

    # reopen with a reason; the history shows it
    _show(page, f"#/traject/{cor.id}/aanpassen")
    screenshot(page, "carry-adjust-closed-1280")
    page.fill("#adj-reason", "Cliënt wil nog één sessie over terugval")
    page.get_by_role("button", name="Heropenen").click()
    page.wait_for_function("(r) => location.hash === r", arg=f"#/traject/{cor.id}")
    page.evaluate("() => document.querySelector('.history').open = true")
    assert "Cliënt wil nog één sessie over terugval" in page.locator(".history").inner_text()

    # a follow-up trajectory for the same client (details copied)
    _show(page, f"#/traject/{bert.id}/aanpassen")
    page.fill("#fu-start", "2026-04-06")
    page.get_by_role("button", name="Vervolgtraject starten").click()
    page.wait_for_function("(old) => location.hash.startsWith('#/traject/') && !location.hash.endsWith(old)",
                           arg=f"{bert.id}/aanpassen")
    page.locator("h1", has_text="Bert").wait_for()
    new_id = page.evaluate("() => location.hash").rsplit("/", 1)[1]
    assert new_id != bert.id and stored_trajectory(page, new_id)["client"]["name"] == "Bert"

    # goal reached early: maintenance mode
    _show(page, f"#/traject/{anna.id}/situatie/vroeg-afronden")
    screenshot(page, "carry-early-1280")
    page.check("input[name=option][value=maintenance]")
    page.select_option("#sit-frequency", "monthly")
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Keuze vastleggen", exact=True).click()
    page.locator(".notice", has_text="onderhoudsmodus").wait_for()
    stored = stored_trajectory(page, anna.id)
    assert stored["frequency"] == "monthly" and stored["status"] == "active"


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_changed_screens(page, base_url, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    anna, bert, cor = _start(page, base_url, tmp_path)
    shots = {"trajectory": f"#/traject/{anna.id}", "adjust": f"#/traject/{anna.id}/aanpassen",
             "adjust-closed": f"#/traject/{bert.id}/aanpassen",
             "session-1": f"#/traject/{anna.id}/sessie/{anna.session_by_number(1).id}",
             "session-last": f"#/traject/{cor.id}/sessie/{cor.sessions[-1].id}",
             "early": f"#/traject/{anna.id}/situatie/vroeg-afronden",
             "midterm-form": f"#/traject/{anna.id}/formulier/tussentijdse-evaluatie"}
    for name, route in shots.items():
        _show(page, route)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        screenshot(page, f"carry-{name}-{width}")
