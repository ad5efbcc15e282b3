"""Sharing without a server (issue 9): template links and files for colleagues, form links and
answer codes for clients. Each round trip uses a second, fresh browser profile (a new context:
no storage of the coach), and the client's form page must not load the Python runtime."""

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, RequestLog, _origin, new_context, open_app, screenshot, wait_for_app
from journeys import create_trajectory, go, saved, stored_keys, stored_text, stored_trajectory
from serve import start_in_thread
from traject import share
from traject.backup import dumps, export_backup
from traject.templates import make_template

PHONE = {"width": 390, "height": 844}
MADE = "2026-03-01T10:00:00+01:00"


@pytest.fixture(scope="module")
def sub_url(site_dir):
    server, url = start_in_thread(site_dir, base_path="/coaching/")
    yield url
    server.shutdown()


class Fresh:
    """A second browser profile (new context: empty storage), with its own request log."""

    def __init__(self, browser, base_url, viewport=None):
        self.context = new_context(browser, **({"viewport": viewport} if viewport else {}))
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=_origin(base_url))
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.log = RequestLog(_origin(base_url))
        self.log.attach(self.page)
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type == "error" and "Content Security Policy" in m.text else None)

    def close(self):
        self.context.close()
        assert self.errors == []
        assert self.log.foreign() == []


@pytest.fixture
def fresh(browser, base_url):
    made = []

    def make(url=base_url, viewport=None):
        made.append(Fresh(browser, url, viewport))
        return made[-1]
    yield make
    for item in made:
        item.close()


def make_form_link(page, traj_id, form_id="midterm", *, skip=(), protect=False):
    go(page, f"#/traject/{traj_id}/formulier-link?formulier={form_id}")
    page.locator("form[data-action=share-make-link]").wait_for()
    for question in skip:
        page.uncheck(f"input[name=question][value={question}]")
    if protect:
        page.check("#share-protect")
    page.get_by_role("button", name="Link maken").click()
    box = page.locator("#share-form-link")
    box.wait_for()
    return box.input_value()


def fill_client_form(client, link, answers, passphrase=None, screenshot_name=None):
    client.page.goto(link)
    client.page.wait_for_function("() => document.documentElement.dataset.formReady === 'true'")
    for question, value in answers.items():
        control = client.page.locator(f"#q-{question}")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(str(value))
        else:
            control.fill(value)
    if passphrase is not None:
        client.page.fill("#passphrase", passphrase)
        client.page.fill("#passphrase-repeat", passphrase)
    if screenshot_name:
        screenshot(client.page, screenshot_name)
    client.page.get_by_role("button", name="Klaar").click()
    client.page.locator("#result").wait_for()
    return client.page.locator("#code").input_value()


def import_code(page, traj_id, code, passphrase=None):
    go(page, f"#/traject/{traj_id}/antwoordcode")
    page.locator("#share-code").wait_for()
    page.fill("#share-code", code)
    if passphrase is not None:
        page.fill("#share-passphrase", passphrase)
    page.get_by_role("button", name="Code controleren").click()


def data_keys(page):
    """The coach's stored data (not the overview snapshot, a display cache written shortly after changes)."""
    return {k: v for k, v in stored_keys(page).items() if k != "traject:snapshot"}


def no_runtime(log):
    assert [u for u in log.urls if "/runtime/" in u or "python.zip" in u or "pyodide" in u] == []


def test_form_round_trip_under_a_sub_path_on_a_phone(page, sub_url, fresh):
    page.request_log.allowed_origin = _origin(sub_url)
    open_app(page, sub_url)
    traj_id = create_trajectory(page, sub_url, "Anna de Vries", navigate=True)
    go(page, f"#/traject/{traj_id}")
    page.get_by_role("link", name="Formulier-link voor cliënt").click()
    expect(page.locator("#share-name")).to_have_value("Anna")
    link = make_form_link(page, traj_id, "intake", skip=("practical",))
    assert link.startswith(sub_url + "app/formulier.html#")
    assert "Anna de Vries" not in link and len(link) < 2000

    client = fresh(sub_url, PHONE)
    code = fill_client_form(client, link, {"coaching_question": "Meer rust in mijn werk", "motivation": 8,
                                           "background": "Sinds de reorganisatie ‘druk’ & onrustig."},
                            screenshot_name="share-client-form-390")
    assert client.page.locator("#q-practical").count() == 0
    assert client.page.locator("h1").inner_text() == "Intakeformulier"
    assert "Hallo Anna" in client.page.inner_text("#greeting")
    assert code.startswith("TA1.")
    no_runtime(client.log)
    assert client.page.evaluate("() => localStorage.length") == 0
    # phone: nothing wider than the screen
    assert client.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    client.page.get_by_role("button", name="Kopieer code").click()
    expect(client.page.locator("#copy-status")).to_contain_text("Gekopieerd")
    assert client.page.evaluate("() => navigator.clipboard.readText()") == code
    screenshot(client.page, "share-client-code-390")
    with client.page.expect_download() as info:
        client.page.get_by_role("button", name="Download als bestand").click()
    answer_file = ARTIFACTS / "share-answer.txt"
    info.value.save_as(answer_file)

    # the coach imports the file
    go(page, f"#/traject/{traj_id}/antwoordcode")
    page.set_input_files("#share-code-file", str(answer_file))
    expect(page.locator("#share-code")).to_have_value(code + "\n")
    page.get_by_role("button", name="Code controleren").click()
    preview = page.locator(".answer-preview")
    expect(preview).to_contain_text("Meer rust in mijn werk")
    expect(preview).to_contain_text("‘druk’ & onrustig")
    page.get_by_role("button", name="Antwoorden overnemen").click()
    saved(page)
    page.wait_for_url("**/formulier/intake")
    stored = stored_trajectory(page, traj_id)["forms"]["intake"]["answers"]
    assert stored == {"coaching_question": "Meer rust in mijn werk", "motivation": 8,
                      "background": "Sinds de reorganisatie ‘druk’ & onrustig."}
    expect(page.locator("#q-coaching_question")).to_have_value("Meer rust in mijn werk")


def test_protected_code_and_wrong_passphrase(page, base_url, fresh):
    traj_id = create_trajectory(page, base_url, "Bram Bakker")
    link = make_form_link(page, traj_id, "evaluation", protect=True)
    client = fresh()
    code = fill_client_form(client, link, {"insight": "Ik mag nee zeggen", "goal_reached": 7},
                            passphrase="zonnebloem 42")
    assert code.startswith("TE1.") and "nee zeggen" not in code
    no_runtime(client.log)

    before = data_keys(page)
    import_code(page, traj_id, code)  # no passphrase
    expect(page.locator(".notice.error")).to_contain_text("beveiligd met een wachtwoord")
    import_code(page, traj_id, code, "tulp")
    expect(page.locator(".notice.error")).to_contain_text("wachtwoord klopt niet")
    assert data_keys(page) == before
    import_code(page, traj_id, code, "zonnebloem 42")
    expect(page.locator(".answer-preview")).to_contain_text("Ik mag nee zeggen")
    page.get_by_role("button", name="Antwoorden overnemen").click()
    saved(page)
    answers = stored_trajectory(page, traj_id)["forms"]["evaluation"]["answers"]
    assert answers == {"goal_reached": 7, "insight": "Ik mag nee zeggen"}


def test_tampered_truncated_and_foreign_codes_change_nothing(page, base_url, fresh):
    first = create_trajectory(page, base_url, "Carla")
    second = create_trajectory(page, base_url, "Daan", navigate=True)
    link = make_form_link(page, first, "midterm")
    payload = share.unpack(link.split("#", 1)[1])
    good = share.make_plain_code(payload, {"on_track": "Ja", "works_well": "Alles"}, MADE)
    raw = share.inflate(share.split_code(good)).decode()
    tampered_answer = share.PLAIN_PREFIX + share.b64url_encode(share.deflate(raw.replace('"Ja"', '"Nee"').encode()))
    flipped = good[:40] + ("A" if good[40] != "A" else "B") + good[41:]
    other_app = dict(payload, traj="someoneelse1", k=share.link_key("f" * 32, "someoneelse1", "midterm", payload["n"]))
    cases = [
        (flipped, "beschadigd|past niet"),
        (tampered_answer, "past niet"),
        (good[: len(good) // 2], "beschadigd"),
        (share.make_plain_code(other_app, {"on_track": "Ja"}, MADE), "niet in deze app"),
        ('{"app": "traject", "format_version": 3, "trajectories": []}', "ander bestand"),
        ("Hoi coach, hier mijn antwoorden!", "geen antwoordcode"),
    ]
    before = data_keys(page)
    for code, message in cases:
        import_code(page, first, code)
        expect(page.locator(".notice.error").last).to_have_text(re.compile(message))
        assert page.locator(".answer-preview").count() == 0
        after = data_keys(page)
        assert after == before, [k for k in set(after) | set(before) if after.get(k) != before.get(k)]
    # a genuine code, entered at another trajectory: refused with the right client's name
    import_code(page, second, good)
    expect(page.locator(".notice.error")).to_contain_text("ander traject (Carla)")
    assert data_keys(page) == before
    # the client page refuses a damaged link
    client = fresh()
    client.page.goto(link[:-8])
    expect(client.page.locator("#problem")).to_contain_text("niet compleet of beschadigd")
    no_runtime(client.log)


def _own_template(page, base_url, name, rows_focus):
    rows = [dict(number=0, phase="voorbereiding", role="intake", focus="Intake", homework="", duration_minutes=60)]
    rows += [dict(number=i, phase="werk", role="regular", focus=focus, homework="", duration_minutes=60)
             for i, focus in enumerate(rows_focus, 1)]
    template = make_template(name, rows, "one_90", "owntpl" + str(len(rows_focus)))
    backup = ARTIFACTS / f"share-backup-{len(rows_focus)}.json"
    ARTIFACTS.mkdir(exist_ok=True)
    backup.write_text(dumps(export_backup([], [template], exported_at="2026-11-23T10:00:00+01:00")), encoding="utf-8")
    open_app(page, base_url, "#/backup")
    page.set_input_files("#import-file", str(backup))
    page.get_by_role("button", name="Samenvoegen").click()
    page.wait_for_url("**/app/#/")
    return template


def test_template_link_round_trip_under_a_sub_path(page, sub_url, fresh):
    page.request_log.allowed_origin = _origin(sub_url)
    _own_template(page, sub_url, "Loopbaan kort", ["Waarden", "Talenten", "Netwerk"])
    go(page, "#/sjablonen")
    card = page.locator(".card", has_text="Loopbaan kort")
    card.get_by_role("link", name="Deel sjabloon").click()
    link = page.locator("#share-template-link").input_value()
    assert link.startswith(sub_url + "app/#/gedeeld-sjabloon/")
    colleague = fresh(sub_url)
    colleague.page.goto(link)
    wait_for_app(colleague.page)
    preview = colleague.page.locator(".shared-template")
    expect(preview).to_contain_text("Loopbaan kort")
    expect(preview).to_contain_text("Talenten")
    colleague.page.get_by_role("button", name="Sjabloon toevoegen").click()
    colleague.page.locator("#save-status", has_text="Opgeslagen").wait_for()
    stored = stored_text(colleague.page, "traject:templates")
    assert stored.count("Loopbaan kort") == 1 and "Talenten" in stored
    colleague.page.wait_for_url("**/app/#/sjablonen/*")
    expect(colleague.page.locator("#tpl-name")).to_have_value("Loopbaan kort")
    # no trajectories or client data came along
    assert [k for k in stored_keys(colleague.page) if k.startswith("traject:t:")] == []


def test_too_long_template_link_offers_the_file(page, base_url, fresh):
    focus = [os.urandom(300).hex() for _ in range(8)]  # random text: does not compress
    _own_template(page, base_url, "Groot sjabloon", focus)
    go(page, "#/sjablonen")
    page.locator(".card", has_text="Groot sjabloon").get_by_role("link", name="Deel sjabloon").click()
    expect(page.locator(".notice.warn")).to_contain_text("te groot voor een link")
    assert page.locator("#share-template-link").count() == 0
    with page.expect_download() as info:
        page.get_by_role("button", name="Download als bestand").click()
    path = ARTIFACTS / "share-template.json"
    info.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["t"] == "tpl" and "id" not in data["template"]

    colleague = fresh()
    open_app(colleague.page, base_url, "#/sjablonen")
    colleague.page.get_by_role("link", name="Sjabloon importeren").click()
    colleague.page.set_input_files("#template-file", str(path))
    expect(colleague.page.locator(".shared-template")).to_contain_text("Groot sjabloon")
    colleague.page.get_by_role("button", name="Sjabloon toevoegen").click()
    colleague.page.locator("#save-status", has_text="Opgeslagen").wait_for()
    assert focus[3] in stored_text(colleague.page, "traject:templates")
    # an invalid template file is refused and changes nothing
    before = data_keys(colleague.page)
    bad = ARTIFACTS / "share-template-bad.json"
    data["template"]["sessions"][1]["role"] = "onbekend"
    bad.write_text(json.dumps(data), encoding="utf-8")
    go(colleague.page, "#/gedeeld-sjabloon")
    colleague.page.set_input_files("#template-file", str(bad))
    expect(colleague.page.locator(".notice.error")).to_contain_text("kan niet worden ingelezen")
    assert data_keys(colleague.page) == before


def test_client_page_is_small_and_strict(page, base_url):
    html = Path(__file__).resolve().parents[2].joinpath("site", "app", "formulier.html").read_text(encoding="utf-8")
    assert "unsafe-eval" not in html and "pyscript" not in html.lower()
