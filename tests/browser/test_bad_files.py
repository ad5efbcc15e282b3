"""Bad files and odd paths (issue 19), in the real browser and the real Pyodide runtime:
encodings of chosen files, local times, nesting depth at every entry point, text direction,
names counted and inserted the same way on the client page, answer codes out of order."""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from playwright.sync_api import expect

from conftest import _origin, open_app, screenshot, wait_for_app
from journeys import create_trajectory, go, stored_keys, stored_trajectory
from test_share import fill_client_form, fresh, import_code, make_form_link, sub_url  # noqa: F401 - fixtures
from traject import share
from traject.bidi import FSI, PDI
from traject.templates import default_template

DATA = Path(__file__).resolve().parents[1] / "data" / "bad-files"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)  # 10:00 in Amsterdam
DEEP = ("[" * 6000 + "]" * 6000).encode()  # 12 KB: crashed Pyodide's stack inside json.loads
RLO = "\u202e"


def start(page, base_url, route=""):
    page.clock.set_fixed_time(NOW)
    open_app(page, base_url, route)


def choose(page, selector, name, data):
    page.set_input_files(selector, files=[{"name": name, "mimeType": "application/json", "buffer": data}])


def still_responds(page):
    """The app answers a click after the bad input: the new-trajectory screen opens."""
    go(page, "#/nieuw")
    page.locator("#client_name").wait_for()
    assert page.evaluate("() => document.documentElement.dataset.appError || ''") == ""


# --- section 1: encodings of a chosen file ------------------------------------------------

def test_utf16_backups_import_and_windows_1252_is_refused_in_dutch(page, base_url):
    start(page, base_url, "#/backup")
    for name in ("backup-utf16le-bom.json", "backup-utf16be-bom.json", "backup-utf16le-nobom.json"):
        go(page, "#/backup")
        choose(page, "#import-file", name, (DATA / name).read_bytes())
        expect(page.locator(".import-preview")).to_contain_text("Noëlle Çelik-de Wit")
        page.get_by_role("button", name="Annuleren").click()
    before = stored_keys(page)
    choose(page, "#import-file", "backup-windows1252.json", (DATA / "backup-windows1252.json").read_bytes())
    error = page.locator(".notice.error")
    expect(error).to_contain_text("niet als UTF-8 opgeslagen")
    expect(error).to_contain_text("Opslaan als")
    assert "\ufffd" not in error.inner_text()
    assert page.locator(".import-preview").count() == 0 and stored_keys(page) == before
    choose(page, "#import-file", "backup-utf16le-bom.json", (DATA / "backup-utf16le-bom.json").read_bytes())
    page.get_by_role("button", name="Samenvoegen").click()
    page.wait_for_url("**/app/#/")
    stored = [k for k in stored_keys(page) if k.startswith("traject:t:")]
    assert [stored_trajectory(page, k.split(":")[-1])["client"]["name"] for k in stored] == ["Noëlle Çelik-de Wit"]


# --- section 2: a time stored in UTC is shown in local time -------------------------------

def test_form_time_stored_in_utc_is_shown_in_amsterdam_time(page, base_url):
    start(page, base_url, "#/backup")
    name = "trajectory-form-time-utc.json"
    choose(page, "#import-file", name, (DATA / name).read_bytes())
    page.get_by_role("button", name="Samenvoegen").click()
    page.wait_for_url("**/app/#/")
    go(page, "#/traject/bh2tsA/formulier/intake")
    expect(page.locator("main")).to_contain_text("Laatst opgeslagen: 29 nov. 2026 om 00:30")
    go(page, "#/traject/bh2tsA")
    expect(page.locator(".form-links")).to_contain_text("ingevuld op 29 nov. 2026")


# --- section 8: nesting depth at every entry point, inside Pyodide --------------------------

def test_deep_nesting_is_refused_at_every_entry_point_and_the_app_keeps_working(page, base_url):
    start(page, base_url, "#/backup")
    before = stored_keys(page)
    choose(page, "#import-file", "diep.json", DEEP)
    expect(page.locator(".notice.error")).to_contain_text("te diep genest")
    assert stored_keys(page) == before
    still_responds(page)

    go(page, "#/gedeeld-sjabloon")
    choose(page, "#template-file", "sjabloon.json", DEEP)
    expect(page.locator(".notice.error")).to_contain_text("te diep genest")
    still_responds(page)

    traj_id = create_trajectory(page, base_url, "Diepte Test", navigate=True)
    before = stored_keys(page)
    code = share.PLAIN_PREFIX + share.b64url_encode(share.deflate(b"0" * 32 + b"\n" + DEEP))
    import_code(page, traj_id, code)
    expect(page.locator(".notice.error")).to_contain_text("te diep genest")
    assert stored_keys(page) == before
    still_responds(page)

    # A template link: refused, and its fragment is gone before it is read, so a reload is safe.
    payload = share.b64url_encode(share.deflate(DEEP))
    page.goto("about:blank")
    page.goto(base_url + "app/#/gedeeld-sjabloon/" + payload)  # opened from a mail: a new page load
    wait_for_app(page)
    expect(page.locator(".notice.error")).to_contain_text("te diep genest")
    assert page.evaluate("() => location.hash") == "#/gedeeld-sjabloon"
    page.reload()
    wait_for_app(page)
    assert page.locator(".notice.error").count() == 0
    still_responds(page)
    screenshot(page, "bad-files-after-deep-link")


# --- section 10: text direction -------------------------------------------------------------

def test_a_name_with_a_right_to_left_override_does_not_turn_the_app_text_around(page, base_url, tmp_path):
    start(page, base_url)
    create_trajectory(page, base_url, "Noor" + RLO, navigate=True)
    go(page, "#/backup")
    with page.expect_download() as info:
        page.get_by_role("button", name="Alles exporteren").click()
    go(page, "#/backup")
    page.set_input_files("#import-file", info.value.path())
    item = page.locator(".import-preview li").first
    expect(item.locator("bdi")).to_have_text("Noor" + RLO)
    expect(item.locator("span")).to_contain_text("· Actief · bestaat al")
    label = page.locator(".import-preview label.check").first.inner_text()
    assert FSI + "Noor" + RLO + PDI in label
    screenshot(page, "bad-files-rtl-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "bad-files-rtl-preview-390")


# --- sections 10, 11 and 12: the client page ------------------------------------------------

def test_client_page_counts_code_points_and_inserts_the_name_literally(page, base_url, fresh):  # noqa: F811
    start(page, base_url)
    emoji = "😀" * 31  # 31 characters, 62 UTF-16 units, under the limit of 60
    for name in (emoji, "A$`B$'C$&D", "Noor" + RLO):
        traj_id = create_trajectory(page, base_url, name + " Visser", navigate=True)
        link = make_form_link(page, traj_id)
        client = fresh()
        client.page.goto(link)
        client.page.wait_for_function("() => document.documentElement.dataset.formReady === 'true'")
        greeting = client.page.locator("#greeting")
        expect(greeting.locator("bdi")).to_have_text(name)
        assert greeting.inner_text().startswith("Hallo " + name + ",")
        assert client.page.locator("#problem").is_hidden()
    screenshot(client.page, "bad-files-client-rtl")


def test_client_page_refuses_a_name_over_the_limit_in_code_points(page, base_url, fresh):  # noqa: F811
    start(page, base_url)
    payload = share.form_link_payload("t1", "midterm", "x", ["on_track"], "0" * 32)
    for name, ok in (("😀" * share.MAX_NAME, True), ("😀" * (share.MAX_NAME + 1), False)):
        client = fresh()
        client.page.goto(base_url + "app/" + share.FORM_PAGE + "#" + share.pack(dict(payload, name=name)))
        if ok:
            client.page.wait_for_function("() => document.documentElement.dataset.formReady === 'true'")
        else:
            client.page.wait_for_function("() => document.documentElement.dataset.formError === 'link'")


# --- section 13: answer codes out of order --------------------------------------------------

def test_an_older_answer_code_over_newer_answers_asks_first_with_both_dates(page, base_url, fresh):  # noqa: F811
    start(page, base_url)
    traj_id = create_trajectory(page, base_url, "Volgorde Test", navigate=True)
    link = make_form_link(page, traj_id, "midterm")
    codes = []
    for minutes, answer in ((0, "Eerste versie"), (30, "Tweede versie")):
        client = fresh()
        client.page.clock.set_fixed_time(NOW - timedelta(days=1) + timedelta(minutes=minutes))
        codes.append(fill_client_form(client, link, {"on_track": answer}))
    older, newer = codes
    import_code(page, traj_id, newer)
    page.get_by_role("button", name="Antwoorden overnemen").click()
    page.wait_for_url("**/formulier/tussentijdse-evaluatie")
    import_code(page, traj_id, older)
    warning = page.locator(".answer-preview .notice.warn")
    expect(warning).to_contain_text("gemaakt op 30 nov. 2026 om 10:00")
    expect(warning).to_contain_text("opgeslagen op 1 dec. 2026 om 10:00")
    screenshot(page, "bad-files-older-answers")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "bad-files-older-answers-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    before = stored_keys(page)
    page.get_by_role("button", name="Antwoorden overnemen").click()
    expect(page.locator(".answer-preview")).to_contain_text("Vink eerst aan")
    assert stored_keys(page) == before
    page.check("#share-confirm-older")
    page.get_by_role("button", name="Antwoorden overnemen").click()
    page.wait_for_url("**/formulier/tussentijdse-evaluatie")
    assert stored_trajectory(page, traj_id)["forms"]["midterm"]["answers"]["on_track"] == "Eerste versie"


# --- section 5: links whose '#' a mail program turned into '%23' -----------------------------

def test_a_form_link_with_its_hash_encoded_is_repaired_under_a_sub_path(page, sub_url, fresh):  # noqa: F811
    page.request_log.allowed_origin = _origin(sub_url)
    start(page, sub_url)
    traj_id = create_trajectory(page, sub_url, "Mail Filter", navigate=True)
    link = make_form_link(page, traj_id)
    client = fresh(sub_url)
    client.page.goto(link.replace("#", "%23", 1))
    client.page.wait_for_function("() => document.documentElement.dataset.formReady === 'true'")
    assert client.page.url == link
    # a template link in the app, encoded twice by two filters
    template_link, _ = share.template_link(sub_url + "app/", default_template())
    colleague = fresh(sub_url)
    colleague.page.goto(template_link.replace("#", "%2523", 1))
    wait_for_app(colleague.page)
    expect(colleague.page.locator(".shared-template")).to_be_visible()


def test_the_sites_own_404_page_is_dutch_and_explains_a_changed_link(page, base_url):
    response = page.goto(base_url + "gids/bestaat-niet/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Pagina niet gevonden")
    assert page.locator("#link-changed").is_hidden()
    assert "Not found" not in page.content()
    response = page.goto(base_url + "gids/formulieren/%23iets")  # not an app link: explained, not repaired
    assert response.status == 404
    expect(page.locator("#link-changed")).to_contain_text("%23")
    expect(page.locator("#link-changed")).to_contain_text("platte tekst")
    assert page.url.endswith("%23iets")
    screenshot(page, "bad-files-404-changed-link")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "bad-files-404-changed-link-390")


def test_a_cut_form_link_with_its_hash_encoded_still_says_damaged(page, base_url, fresh):  # noqa: F811
    start(page, base_url)
    traj_id = create_trajectory(page, base_url, "Kort Link", navigate=True)
    link = make_form_link(page, traj_id)
    client = fresh()
    client.page.goto(link[:-12].replace("#", "%23", 1))
    client.page.wait_for_function("() => document.documentElement.dataset.formError === 'link'")
    expect(client.page.locator("#problem")).to_contain_text("beschadigd")


# --- section 9: no silent failure after the reader ------------------------------------------

FAIL_TRAJECTORY_READS = """() => {
  const original = Storage.prototype.getItem;
  window.__restoreGetItem = () => { Storage.prototype.getItem = original; };
  Storage.prototype.getItem = function (key) {
    if (String(key).startsWith('traject:t:')) throw new TypeError('forced failure for the test');
    return original.call(this, key);
  };
}"""


def test_an_unexpected_failure_inside_the_save_path_is_told_in_dutch_and_keeps_the_text(page, base_url):
    start(page, base_url)
    traj_id = create_trajectory(page, base_url, "Fout Test", navigate=True)
    before = stored_keys(page)
    page.evaluate(FAIL_TRAJECTORY_READS)
    page.fill("#hw-text", "Drie keer per week wandelen")
    page.get_by_role("button", name="Opdracht toevoegen").click()
    error = page.locator(".notice.error")
    expect(error).to_contain_text("Er ging iets mis in Traject zelf")
    assert "TypeError" not in page.locator("main").inner_text()
    expect(page.locator("#save-status")).to_have_text("Niet opgeslagen")
    expect(page.locator("#hw-text")).to_have_value("Drie keer per week wandelen")
    page.evaluate("() => window.__restoreGetItem()")
    assert stored_keys(page) == before
    page.get_by_role("button", name="Opdracht toevoegen").click()
    page.locator("#save-status", has_text="Opgeslagen").wait_for()
    assert [h["text"] for h in stored_trajectory(page, traj_id)["homework"]] == ["Drie keer per week wandelen"]


def test_a_failed_export_download_is_told_in_dutch(page, base_url):
    start(page, base_url)
    create_trajectory(page, base_url, "Export Test", navigate=True)
    go(page, "#/backup")
    page.evaluate("() => { window.__url = URL.createObjectURL; URL.createObjectURL = () => { throw new TypeError('x'); }; }")
    page.get_by_role("button", name="Alles exporteren").click()
    expect(page.locator(".notice.error")).to_contain_text("Er ging iets mis in Traject zelf")
    expect(page.locator("#last-export")).to_contain_text("nog geen backup")
    page.evaluate("() => { URL.createObjectURL = window.__url; }")
    with page.expect_download():
        page.get_by_role("button", name="Alles exporteren").click()
    expect(page.locator("#last-export")).to_contain_text("Laatste backup: 1 dec. 2026 om 10:00")
