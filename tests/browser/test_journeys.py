"""The coach's journeys through the app, clicked through as a coach would (issue 4).

Every journey runs at each fixed instant of conftest.INSTANTS (a weekday morning, 23:30 UTC
when Amsterdam is already a day further, the night before summer time): the page's clock is
fixed there and every expected date and file name is derived from the same instant."""

import json
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import (CHROMIUM, CHROMIUM_ARGS, INSTANTS, TIME_ZONE, fix_clock, open_app, screenshot, today,
                      wait_for_app)
from journeys import create_trajectory, field_message, go, saved, stored_keys, stored_text, stored_trajectory


@pytest.fixture(params=list(INSTANTS.values()), ids=list(INSTANTS))
def instant(request):
    """Each journey at each instant (overrides conftest's single default instant)."""
    return request.param


def test_first_visit_shows_a_friendly_start(page, base_url):
    open_app(page, base_url)
    view = page.locator("#view")
    assert view.get_by_role("heading", name="Welkom bij Traject").is_visible()
    assert "deze browser" in view.inner_text()
    assert view.get_by_role("link", name="Nieuw traject").is_visible()
    view.get_by_role("link", name="Backup importeren").click()
    page.get_by_role("heading", name="Backup", exact=True).wait_for()
    screenshot(page, "first-visit")


def test_new_trajectory_is_planned_from_the_template(page, base_url):
    start = today(page) + timedelta(days=14)
    create_trajectory(page, base_url, "Anna de Vries", start=start)
    rows = page.locator(".session-row")
    assert rows.count() == 9  # session 0 (preparation) + 8 sessions
    assert page.locator(".session-row[data-role=midterm]").get_attribute("data-session") == "4"
    closing = page.locator(".session-row[data-role^=closing]")
    assert [closing.nth(i).get_attribute("data-session") for i in range(closing.count())] == ["7", "8"]
    intake_due = start - timedelta(days=2)
    assert "Intake versturen uiterlijk" in rows.nth(0).inner_text()
    assert f"{intake_due.day} " in rows.nth(0).inner_text()
    # Every session has a planned date, two weeks apart.
    texts = [rows.nth(i).inner_text() for i in range(1, 9)]
    assert all(str((start + timedelta(weeks=2 * i)).year) in text for i, text in enumerate(texts))
    assert page.locator(".phase-group h3").all_inner_texts()[0].startswith("Voorbereiding")
    screenshot(page, "trajectory")


def test_short_template_with_one_closing_session(page, base_url):
    create_trajectory(page, base_url, "Bram", template="short6", frequency="weekly")
    assert page.locator(".session-row").count() == 7
    assert page.locator(".session-row[data-role=closing_single]").count() == 1


def test_overview_filters_searches_and_lists_due_actions(page, base_url):
    past = today(page) - timedelta(days=10)
    late_id = create_trajectory(page, base_url, "Carla Laat", start=past)
    create_trajectory(page, base_url, "Daan Later", start=today(page) + timedelta(days=30), navigate=True)
    paused_id = create_trajectory(page, base_url, "Eva Pauze", navigate=True)
    go(page, f"#/traject/{paused_id}/situatie/pauzeren")
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Pauzeren").click()
    saved(page)
    go(page, "#/")
    cards = page.locator(".traj-card")
    cards.first.wait_for()
    assert cards.count() == 3
    assert "sessie 1 van 8" in cards.filter(has_text="Daan Later").inner_text()
    due = page.locator(".overview-side .due-item")
    assert "overdue" in due.first.get_attribute("class")
    assert "Carla Laat" in due.first.inner_text()
    page.select_option("#filter-status", "paused")
    page.wait_for_url("**status=paused")
    expect(page.locator(".traj-card")).to_have_count(1)
    assert page.locator(".traj-card").all_inner_texts()[0].startswith("Eva Pauze")
    page.select_option("#filter-status", "all")
    page.fill("#filter-q", "daan")
    page.press("#filter-q", "Enter")
    page.wait_for_url("**q=daan")
    expect(page.locator(".traj-card")).to_have_count(1)
    assert "Daan Later" in page.locator(".traj-card").inner_text()
    go(page, "#/")
    page.locator(".overview-side .due-item").first.wait_for()
    before = page.locator(".overview-side .due-item").count()
    page.locator(".overview-side .due-item").first.get_by_role("button", name="Gedaan").click()
    saved(page)
    expect(page.locator(".overview-side .due-item")).to_have_count(before - 1)
    assert "send_intake" in stored_trajectory(page, late_id)["done_actions"]
    screenshot(page, "overview")


def test_trajectory_page_sessions_homework_goals_reschedule(page, base_url):
    start = today(page) + timedelta(days=7)
    traj_id = create_trajectory(page, base_url, "Fenna")
    # record session 1 with notes in the fixed structure
    page.locator(".session-row[data-session='1'] a.session-title").click()
    page.select_option("#session-status", "held")
    page.fill("#note-opening", "Kennismaking, verwachtingen")
    page.fill("#note-kern", "Coachvraag verkend met GROW")
    page.fill("#note-afsluiting", "Huiswerk afgesproken")
    page.fill("#note-takeaway", "Ik mag nee zeggen")
    page.fill("#check-how_was_it", "Prettig")
    page.get_by_role("button", name="Sessie opslaan").click()
    saved(page)
    assert "Gehouden" in page.locator(".session-row[data-session='1']").inner_text()
    stored = stored_trajectory(page, traj_id)
    session1 = [s for s in stored["sessions"] if s["number"] == 1][0]
    assert json.dumps(session1).count("Ik mag nee zeggen") == 1
    assert "sessie 2 van 8" in page.locator(".progress-text").inner_text()
    # homework: the fourth open assignment brings the advice, not a block
    for i in range(4):
        page.fill("#hw-text", f"Opdracht {i + 1}")
        page.get_by_role("button", name="Opdracht toevoegen").click()
        saved(page)
    assert page.locator(".homework").count() == 4
    warning = page.locator(".notice.warn")
    assert "40%" in warning.inner_text()
    page.locator(".homework", has_text="Opdracht 1").get_by_role("button", name="Gedaan").click()
    saved(page)
    assert page.locator(".notice.warn").count() == 0
    # a SMART goal with a baseline, then a later score
    page.fill("#goal-title", "Vaker nee zeggen")
    page.fill("#goal-measurable", "3 keer per week")
    page.select_option("#goal-baseline", "3")
    page.get_by_role("button", name="Doel opslaan").click()
    saved(page)
    page.select_option("#score-value", "6")
    page.select_option("#score-moment", "midterm")
    page.get_by_role("button", name="Score opslaan").click()
    saved(page)
    assert "Begin: 3 · nu: 6 · verschil: +3" in page.locator(".goal").inner_text()
    # both scores are dated the coach's today: the baseline by the app, the later one by the form's default
    (goal,) = stored_trajectory(page, traj_id)["goals"]
    assert [score["date"] for score in goal["scores"]] == [today(page).isoformat()] * 2
    # reschedule session 3 by a week and shift the later ones
    row3 = page.locator(".session-row[data-session='3']")
    row3.locator("summary").click()
    old4 = [s for s in stored_trajectory(page, traj_id)["sessions"] if s["number"] == 4][0]["planned_date"]
    new3 = start + timedelta(weeks=4, days=7)
    row3.locator("input[type=date]").fill(new3.isoformat())
    row3.get_by_role("button", name="Verplaats").click()
    saved(page)
    sessions = {s["number"]: s for s in stored_trajectory(page, traj_id)["sessions"]}
    assert sessions[3]["planned_date"] == new3.isoformat()
    assert sessions[3]["status"] == "moved"
    assert date.fromisoformat(sessions[4]["planned_date"]) == date.fromisoformat(old4) + timedelta(days=7)
    screenshot(page, "trajectory-in-use")


def test_forms_are_filled_in_inside_the_trajectory(page, base_url):
    traj_id = create_trajectory(page, base_url, "Gijs")
    answers = {"intake": ("#q-background", "Teamleider sinds een jaar"),
               "tussentijdse-evaluatie": ("#q-on_track", "Ja, goed op weg"),
               "borgingsplan": ("#q-relapse_strategy", "Even pauze nemen en mijn lijstje lezen")}
    for slug, (selector, text) in answers.items():
        go(page, f"#/traject/{traj_id}/formulier/{slug}")
        page.locator(selector).fill(text)
        page.get_by_role("button", name="Opslaan").click()
        saved(page)
    go(page, f"#/traject/{traj_id}/formulier/evaluatieformulier")
    page.select_option("#q-goal_reached", "8")
    page.fill("#q-insight", "Grenzen stellen werkt")
    page.get_by_role("button", name="Opslaan").click()
    saved(page)
    for slug in ("contract", "afsluiting"):
        go(page, f"#/traject/{traj_id}/formulier/{slug}")
        boxes = page.locator("input[type=checkbox]")
        boxes.first.wait_for()
        for i in range(boxes.count()):
            boxes.nth(i).check()
        page.get_by_role("button", name="Opslaan").click()
        saved(page)
    go(page, f"#/traject/{traj_id}/formulier/evaluatievragen")
    bank = page.locator("input[name=question]")
    bank.first.wait_for()
    assert bank.count() == 25
    assert page.locator("fieldset legend").count() == 5
    for i in (0, 7, 21):
        bank.nth(i).check()
    page.get_by_role("button", name="Opslaan").click()
    saved(page)
    stored = stored_trajectory(page, traj_id)
    assert stored["forms"]["intake"]["answers"]["background"] == "Teamleider sinds een jaar"
    assert stored["forms"]["evaluation"]["answers"]["goal_reached"] == 8
    assert all(stored["forms"]["contract"]["answers"].values())
    assert len(stored["evaluation_questions"]) == 3
    page.reload()
    wait_for_app(page)
    go(page, f"#/traject/{traj_id}/formulier/borgingsplan")
    assert page.locator("#q-relapse_strategy").input_value() == "Even pauze nemen en mijn lijstje lezen"
    go(page, f"#/traject/{traj_id}")
    assert page.locator(".form-links li", has_text="nog leeg").count() == 0
    # the guide links to a form: the app asks which trajectory
    go(page, "#/formulier/tussentijdse-evaluatie")
    page.get_by_role("link", name="Gijs").click()
    page.wait_for_url("**/formulier/tussentijdse-evaluatie")
    assert page.locator("#q-on_track").input_value() == "Ja, goed op weg"
    screenshot(page, "form")


def _situation(page, traj_id, kind, button, fill=None):
    go(page, f"#/traject/{traj_id}/situatie/{kind}")
    page.locator("input[name=confirm]").wait_for()
    for selector, value in (fill or {}).items():
        if selector.startswith("radio:"):
            page.check(selector[6:])
        else:
            page.fill(selector, value)
    page.check("input[name=confirm]")
    page.get_by_role("button", name=button, exact=True).click()
    saved(page)
    page.wait_for_url(f"**/app/#/traject/{traj_id}")  # the app goes back to the trajectory page ...
    page.locator(".session-row").first.wait_for()  # ... and draws it after the hash change


def test_special_situations_change_plan_and_status(page, base_url):
    extend_id = create_trajectory(page, base_url, "Hanna Verlengd")
    go(page, f"#/traject/{extend_id}/situatie/verlengen")
    page.get_by_role("button", name="Verlengen", exact=True).click()  # no confirmation ticked
    assert "bevestigingsvakje" in page.locator(".notice.error").inner_text()
    assert "bevestigingsvakje" in field_message(page, "input[name=confirm]")  # next to the box it is about
    _situation(page, extend_id, "verlengen", "Verlengen", {"#sit-extra": "2", "#sit-agreements": "Twee extra sessies"})
    assert page.locator(".session-row").count() == 11
    assert "van 10" in page.locator(".progress-text").inner_text()
    assert stored_trajectory(page, extend_id)["agreements"].startswith("Twee extra")

    early_id = create_trajectory(page, base_url, "Ivo Vroeg")
    _situation(page, early_id, "vroeg-afronden", "Keuze vastleggen", {"#sit-note": "Doel bereikt"})
    assert page.locator(".badge", has_text="Afgerond").first.is_visible()
    assert stored_trajectory(page, early_id)["status"] == "completed"
    assert page.locator(".followup").count() == 2  # follow-up starts

    pause_id = create_trajectory(page, base_url, "Joke Pauze")
    _situation(page, pause_id, "pauzeren", "Pauzeren")
    assert stored_trajectory(page, pause_id)["status"] == "paused"
    go(page, f"#/traject/{pause_id}/situatie/hervatten")
    assert page.locator("#sit-date").input_value() == today(page).isoformat()  # proposed: today
    resume_on = today(page) + timedelta(days=21)
    _situation(page, pause_id, "hervatten", "Hervatten", {"#sit-date": resume_on.isoformat()})
    stored = stored_trajectory(page, pause_id)
    assert stored["status"] == "active"
    assert [s for s in stored["sessions"] if s["number"] == 1][0]["planned_date"] == resume_on.isoformat()

    click_id = create_trajectory(page, base_url, "Kees Geen Klik")
    _situation(page, click_id, "geen-klik", "Beëindigen", {"#sit-referral": "Doorverwezen naar collega P."})
    stored = stored_trajectory(page, click_id)
    assert stored["status"] == "stopped" and stored["referral_note"] == "Doorverwezen naar collega P."
    assert page.locator(".badge", has_text="Gestopt").first.is_visible()
    assert all(s["status"] == "cancelled" for s in stored["sessions"] if s["number"] >= 1)

    drop_id = create_trajectory(page, base_url, "Lot Afgehaakt")
    _situation(page, drop_id, "uitval", "Vastleggen", {"#sit-note": "Gebeld, voicemail", "radio:input[name=choice][value=close]": ""})
    stored = stored_trajectory(page, drop_id)
    assert stored["status"] == "stopped" and stored["end_reason"] == "dropped_out"
    page.locator(".history summary").click()
    assert "Gebeld, voicemail" in page.locator(".history").inner_text()
    screenshot(page, "situation-dropped")


def test_closing_leads_to_follow_up_actions(page, base_url):
    start = today(page) - timedelta(days=40)
    traj_id = create_trajectory(page, base_url, "Mila Klaar", start=start, template="short6", frequency="weekly")
    for number in range(1, 7):
        page.locator(f".session-row[data-session='{number}'] a.session-title").click()
        page.select_option("#session-status", "held")
        if number == 6:  # the last one asks first: "Dit rondt het traject af"
            page.check("input[name=closing_confirmed]")
        page.get_by_role("button", name="Sessie opslaan").click()
        saved(page)
    assert stored_trajectory(page, traj_id)["status"] == "completed"
    due = page.locator(".due-item")
    labels = due.all_inner_texts()
    assert any("Follow-up" in text or "follow-up" in text for text in labels)
    assert any("check-in" in text.lower() for text in labels)
    followups = page.locator(".followup")
    assert followups.count() == 2
    followups.first.get_by_role("button", name="Gedaan").click()
    saved(page)
    stored = stored_trajectory(page, traj_id)
    assert [f["status"] for f in stored["followup"]["items"]].count("done") == 1
    screenshot(page, "follow-up")


def test_own_template_create_edit_use_and_delete(page, base_url):
    open_app(page, base_url, "#/sjablonen")
    page.get_by_role("link", name="Nieuw sjabloon").click()
    page.fill("#tpl-name", "Kort loopbaantraject")
    page.get_by_role("button", name="Sessie toevoegen").click()
    page.locator("#row4-focus").wait_for()
    page.select_option("#row4-phase", "afronding")
    page.select_option("#row4-role", "closing_single")
    page.select_option("#row3-role", "regular")
    page.select_option("#row3-phase", "werk")
    page.fill("#row1-focus", "Kennismaking en loopbaanvraag")
    page.fill("#row2-focus", "Waarden en drijfveren")
    page.fill("#row3-focus", "Netwerkgesprekken")
    page.fill("#row3-homework", "Drie gesprekken voeren")
    page.select_option("#row2-role", "midterm")
    page.fill("#row4-focus", "Afronding en borging")
    page.get_by_role("button", name="Sjabloon opslaan").click()
    page.wait_for_url("**/#/sjablonen")
    assert page.locator(".card", has_text="Kort loopbaantraject").count() == 1
    # edit it: rename
    page.locator(".card", has_text="Kort loopbaantraject").get_by_role("link", name="Bewerken").click()
    page.fill("#tpl-name", "Loopbaan kort")
    page.get_by_role("button", name="Sjabloon opslaan").click()
    page.wait_for_url("**/#/sjablonen")
    card = page.locator(".card", has_text="Loopbaan kort")
    template_id = card.get_by_role("link", name="Bewerken").get_attribute("href").rsplit("/", 1)[1]
    stored_template = json.loads(stored_text(page, "traject:templates"))
    assert stored_template["templates"][0]["name"] == "Loopbaan kort"
    # use it, then adjust the trajectory: the template stays as it was
    card.get_by_role("link", name="Gebruiken").click()
    traj_id = create_trajectory(page, base_url, "Nora", template=template_id, navigate=False)
    assert page.locator(".session-row").count() == 5
    assert "Netwerkgesprekken" in page.locator(".session-row[data-session='3']").inner_text()
    go(page, f"#/traject/{traj_id}/situatie/verlengen")
    page.fill("#sit-extra", "1")
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Verlengen", exact=True).click()
    saved(page)
    assert page.locator(".session-row").count() == 6
    assert json.loads(stored_text(page, "traject:templates")) == stored_template
    # delete the template
    go(page, f"#/sjablonen/{template_id}")
    page.locator("summary", has_text="Sjabloon verwijderen").click()
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Sjabloon verwijderen").click()
    page.wait_for_url("**/#/sjablonen")
    assert json.loads(stored_text(page, "traject:templates"))["templates"] == []
    assert stored_trajectory(page, traj_id) is not None  # the trajectory made from it stays
    screenshot(page, "templates")


def test_backup_export_import_merge_replace_and_bad_file(page, base_url, tmp_path):
    first = create_trajectory(page, base_url, "Olaf Export")
    go(page, "#/backup")
    with page.expect_download() as info:
        page.get_by_role("button", name="Alles exporteren").click()
    download = info.value
    day = today(page).isoformat()
    assert download.suggested_filename == f"traject-backup-{day}.json"
    backup_file = tmp_path / "backup.json"
    download.save_as(backup_file)
    data = json.loads(backup_file.read_text())
    assert data["app"] == "traject" and [t["client"]["name"] for t in data["trajectories"]] == ["Olaf Export"]
    assert "Laatste backup" in page.locator("#last-export").inner_text()
    # one trajectory as its own file
    go(page, f"#/traject/{first}")
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporteer dit traject").click()
    assert info.value.suggested_filename == f"traject-olaf-export-{day}.json"

    # a bad file: clear message, nothing changed
    before = stored_keys(page)
    bad = tmp_path / "kapot.json"
    bad.write_text('{"app": "traject", "format_version": 2, "trajectories": [{"id": 5}]')
    go(page, "#/backup")
    page.set_input_files("#import-file", str(bad))
    error = page.locator(".notice.error")
    error.wait_for()
    assert "niets veranderd" in error.inner_text()
    assert stored_keys(page) == before

    # merge into a browser with other data: new ones added, conflicts asked
    create_trajectory(page, base_url, "Petra Hier")
    data["trajectories"][0]["client"]["name"] = "Olaf Gewijzigd"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))
    go(page, "#/backup")
    page.set_input_files("#import-file", str(changed))
    preview = page.locator(".import-preview")
    preview.wait_for()
    assert "1 traject bestaat hier al" in preview.inner_text()
    page.get_by_role("button", name="Samenvoegen").click()
    page.wait_for_url("**/app/#/")
    assert stored_trajectory(page, first)["client"]["name"] == "Olaf Export"  # kept: not ticked
    go(page, "#/backup")
    page.set_input_files("#import-file", str(changed))
    page.check("input[name=overwrite]")
    page.get_by_role("button", name="Samenvoegen").click()
    page.wait_for_url("**/app/#/")
    assert stored_trajectory(page, first)["client"]["name"] == "Olaf Gewijzigd"

    # replace: only with confirmation, after an automatic export
    go(page, "#/backup")
    page.set_input_files("#import-file", str(backup_file))
    page.get_by_role("button", name="Vervangen").click()
    assert "Vink eerst aan" in field_message(page, "input[name=confirm]")
    page.check("input[name=confirm]")
    with page.expect_download() as info:
        page.get_by_role("button", name="Vervangen").click()
    assert info.value.suggested_filename == f"traject-backup-{day}.json"
    page.wait_for_url("**/app/#/")
    names = sorted(page.locator(".traj-card h3").all_inner_texts())
    assert names == ["Olaf Export"]
    screenshot(page, "backup")


def test_delete_removes_the_trajectory_from_storage(page, base_url):
    traj_id = create_trajectory(page, base_url, "Quinten Weg")
    keep_id = create_trajectory(page, base_url, "Rosa Blijft")
    go(page, f"#/traject/{traj_id}")
    page.get_by_role("link", name="Verwijderen…").click()
    page.get_by_role("button", name="Definitief verwijderen").click()
    assert "bevestigingsvakje" in field_message(page, "input[name=confirm]")
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Definitief verwijderen").click()
    page.wait_for_url("**/app/#/")
    keys = stored_keys(page)
    assert not any("Quinten" in stored_text(page, key) for key in keys if key.startswith("traject:"))
    assert f"traject:t:{traj_id}" not in keys and f"traject:t:{keep_id}" in keys
    assert traj_id not in keys["traject:index"]


def test_everything_survives_reload_and_browser_restart(playwright_instance, base_url, tmp_path, instant):
    profile = tmp_path / "profile"

    def launch():
        return fix_clock(playwright_instance.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, locale="nl-NL",
            timezone_id=TIME_ZONE), instant)

    context = launch()
    page = context.new_page()
    traj_id = create_trajectory(page, base_url, "Sanne Blijvend")
    page.fill("#hw-text", "Dagboek bijhouden")
    page.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page)
    page.reload()
    wait_for_app(page)
    assert "Dagboek bijhouden" in page.locator(".homework-list").inner_text()
    context.close()

    context = launch()
    page = context.new_page()
    open_app(page, base_url, f"#/traject/{traj_id}")
    assert page.locator("h1", has_text="Sanne Blijvend").is_visible()
    assert "Dagboek bijhouden" in page.locator(".homework-list").inner_text()
    context.close()
