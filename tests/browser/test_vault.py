"""The vault: stored data encrypted under a passphrase, the unlock screen, recovery key,
passphrase change, auto-lock, interrupted conversions, two tabs; and encrypted backups."""

import json
import zlib
from datetime import date, datetime

import pytest

from conftest import open_app, screenshot, wait_for_app
from journeys import create_trajectory, go, saved
from test_share import fill_client_form, fresh, import_code, make_form_link  # noqa: F401 (fixture)

from traject import storage_codec, vault

NOW = datetime(2026, 11, 20, 9, 30)
START = date(2026, 11, 27)
PASS = "groene appel boven de rivier"
NEW_PASS = "zeven blauwe vogels zingen"
PREFIX = "traject:"
CLIENT = "Zelda Vertrouwelijk-Naam"


def start_clock(page):
    page.clock.install(time=NOW)


def open_fresh(page, base_url, route=""):
    start_clock(page)
    open_app(page, base_url, route)


def texts_for(field):
    return f"Geheim-{field}-7Q"


FIELDS = ["question", "goal", "specific", "measurable", "acceptable", "realistic", "time_bound", "homework",
          "note-opening", "note-kern", "note-afsluiting", "note-takeaway", "check-how_was_it", "check-take_away",
          "check-open_topics", "form", "agreements"]


def fill_every_text_field(page, base_url):
    """A trajectory that uses every text field the coach types in; returns its id."""
    traj_id = create_trajectory(page, base_url, CLIENT, start=START, question=texts_for("question"))
    page.fill("#goal-title", texts_for("goal"))
    for part in ("specific", "measurable", "acceptable", "realistic", "time_bound"):
        page.fill(f"#goal-{part}", texts_for(part))
    page.get_by_role("button", name="Doel opslaan").click()
    saved(page)
    page.fill("#hw-text", texts_for("homework"))
    page.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page)
    href = page.locator("a[href*='/sessie/']").first.get_attribute("href")
    go(page, href)
    for field in ("note-opening", "note-kern", "note-afsluiting", "note-takeaway", "check-how_was_it",
                  "check-take_away", "check-open_topics"):
        page.fill(f"#{field}", texts_for(field))
    page.get_by_role("button", name="Sessie opslaan").click()
    saved(page)
    go(page, f"#/traject/{traj_id}/formulier/borgingsplan")
    for i, field in enumerate(page.locator("textarea").all()):
        field.fill(texts_for("form") + str(i))
    page.get_by_role("button", name="Opslaan").click()
    saved(page)
    go(page, f"#/traject/{traj_id}/situatie/verlengen")
    page.fill("#sit-agreements", texts_for("agreements"))
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Verlengen", exact=True).click()
    saved(page)
    return traj_id


SECRETS = [CLIENT, "Zelda"] + [texts_for(f) for f in FIELDS]


def all_stored(page):
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))")


def readable_forms(value):
    """The stored text and, where it is the app's compression, what it decompresses to."""
    forms = [value]
    try:
        forms.append(storage_codec.decode(value))
    except storage_codec.CodecError:
        pass
    if value.startswith(vault.STORED_MARKER):  # the ciphertext's bytes, in case it were compressed
        data = storage_codec.unpack_bytes(value[len(vault.STORED_MARKER):])
        forms.append(data.decode("utf-16-le", "replace"))
        try:
            forms.append(zlib.decompress(data).decode("utf-8", "replace"))
        except zlib.error:
            pass
    return forms


def leaks(page, secrets=SECRETS):
    found = []
    for key, value in all_stored(page).items():
        for form in readable_forms(value):
            found += [(key, s) for s in secrets if s in form]
    return found


def turn_on(page, passphrase=PASS, idle="15"):
    go(page, "#/kluis")
    page.fill("#vault-passphrase", passphrase)
    page.fill("#vault-repeat", passphrase)
    page.fill("#vault-idle", idle)
    page.get_by_role("button", name="Kluis aanzetten").click()
    code = page.locator("#recovery-code").inner_text(timeout=30_000)
    return code


def unlock(page, passphrase=PASS):
    page.locator("#vault-unlock-form").wait_for()
    page.fill("#vault-passphrase", passphrase)
    page.get_by_role("button", name="Ontgrendelen", exact=True).click()


def expect_unlocked(page):
    page.locator("#vault-lock").wait_for(state="visible", timeout=30_000)


def assert_locked_page_shows_nothing(page):
    page.locator("#vault-unlock-form").wait_for()
    html = page.content()
    for secret in SECRETS:
        assert secret not in html
    assert not page.evaluate("() => document.documentElement.hasAttribute('data-overview-painted')")


def test_vault_keeps_every_text_out_of_storage_and_backups(page, base_url):
    open_fresh(page, base_url)
    traj_id = fill_every_text_field(page, base_url)
    go(page, "#/")
    page.wait_for_timeout(600)  # the overview snapshot (with the client's name) is stored
    assert leaks(page), "the test must see the texts in plain storage"
    code = turn_on(page)
    assert len(code.replace("-", "")) == 32
    screenshot(page, "vault-recovery-key-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "vault-recovery-key-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Ik heb de herstelsleutel bewaard").click()
    assert leaks(page) == []
    assert not [k for k in all_stored(page) if k.startswith(PREFIX + "t:")]

    # an edit in the vault: saved (encrypted, read back), and still nothing readable
    go(page, f"#/traject/{traj_id}")
    page.fill("#hw-text", "Geheim-nieuw-huiswerk-7Q")
    page.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page)
    assert leaks(page, SECRETS + ["Geheim-nieuw-huiswerk-7Q"]) == []

    # every export is encrypted while the vault is on
    go(page, "#/backup")
    page.locator("#export-encrypted-note").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Alles exporteren").click()
    text = open(info.value.path(), encoding="utf-8").read()
    assert json.loads(text)["format"] == "traject-encrypted"
    assert [s for s in SECRETS if s in text] == []
    go(page, f"#/traject/{traj_id}")
    with page.expect_download() as info:
        page.locator("[data-action=export-one]").first.click()
    one = open(info.value.path(), encoding="utf-8").read()
    assert json.loads(one)["format"] == "traject-encrypted" and CLIENT not in one

    # reopening: the unlock screen and nothing else; a wrong passphrase changes nothing
    before = all_stored(page)
    page.reload()
    wait_for_app(page)
    assert_locked_page_shows_nothing(page)
    screenshot(page, "vault-unlock-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "vault-unlock-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    unlock(page, "verkeerde wachtwoordzin")
    page.locator(".notice.error", has_text="wachtwoordzin klopt niet").wait_for(timeout=30_000)
    assert_locked_page_shows_nothing(page)
    assert all_stored(page) == before
    unlock(page)
    expect_unlocked(page)
    page.locator("#view", has_text=CLIENT).wait_for()
    go(page, f"#/traject/{traj_id}")
    page.locator("#view", has_text="Geheim-nieuw-huiswerk-7Q").wait_for()
    assert leaks(page, SECRETS + ["Geheim-nieuw-huiswerk-7Q"]) == []

    # the encrypted backup opens in a fresh profile with the vault's passphrase
    fresh = page.context.browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL",
                                             timezone_id="Europe/Amsterdam")
    try:
        other = fresh.new_page()
        open_fresh(other, base_url, "#/backup")
        other.set_input_files("#import-file", _write(text))
        other.locator("#import-decrypt-form").wait_for()
        other.fill("#import-passphrase", PASS)
        other.get_by_role("button", name="Openen").click()
        other.get_by_role("button", name="Samenvoegen").click()
        other.locator("#view", has_text=CLIENT).wait_for()
    finally:
        fresh.close()


def _write(text, name="backup.versleuteld.json"):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp(prefix="traject-vault-")) / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_recovery_key_and_passphrase_change(page, base_url):
    open_fresh(page, base_url)
    create_trajectory(page, base_url, CLIENT, start=START, question=texts_for("question"))
    code = turn_on(page)
    page.get_by_role("button", name="Ik heb de herstelsleutel bewaard").click()
    meta_before = all_stored(page)[PREFIX + "vault"]
    data_before = {k: v for k, v in all_stored(page).items() if k.startswith(PREFIX + "v:")}

    page.fill("#vault-current", "niet mijn wachtwoordzin")
    page.fill("#vault-new", NEW_PASS)
    page.fill("#vault-repeat", NEW_PASS)
    page.get_by_role("button", name="Wachtwoordzin wijzigen").click()
    page.locator(".notice.error", has_text="klopt niet").wait_for(timeout=30_000)
    assert all_stored(page)[PREFIX + "vault"] == meta_before
    page.fill("#vault-current", PASS)
    page.fill("#vault-new", NEW_PASS)
    page.fill("#vault-repeat", NEW_PASS)
    page.get_by_role("button", name="Wachtwoordzin wijzigen").click()
    page.locator(".notice", has_text="Je wachtwoordzin is gewijzigd").wait_for(timeout=30_000)
    after = all_stored(page)
    assert after[PREFIX + "vault"] != meta_before  # one small value re-wrapped ...
    assert {k: v for k, v in after.items() if k.startswith(PREFIX + "v:")} == data_before  # ... data untouched

    page.locator("#vault-lock").click()
    assert_locked_page_shows_nothing(page)
    unlock(page, PASS)  # the old passphrase no longer opens it
    page.locator(".notice.error", has_text="wachtwoordzin klopt niet").wait_for(timeout=30_000)
    unlock(page, NEW_PASS)
    expect_unlocked(page)
    page.locator("#vault-lock").click()

    # forgotten passphrase: the recovery key opens it and sets a new one
    page.locator("summary", has_text="herstelsleutel").click()
    page.fill("#vault-recovery", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    page.fill("#vault-new", PASS)
    page.fill("#vault-repeat", PASS)
    page.get_by_role("button", name="Ontgrendelen met herstelsleutel").click()
    page.locator(".notice.error", has_text="herstelsleutel past niet").wait_for(timeout=30_000)
    page.fill("#vault-recovery", code.lower().replace("-", " "))
    page.fill("#vault-new", PASS)
    page.fill("#vault-repeat", PASS)
    page.get_by_role("button", name="Ontgrendelen met herstelsleutel").click()
    expect_unlocked(page)
    page.locator(".notice", has_text="met je herstelsleutel").wait_for()
    go(page, "#/")
    page.locator("#view", has_text=CLIENT).wait_for()
    page.reload()
    wait_for_app(page)
    unlock(page, PASS)
    expect_unlocked(page)


def test_auto_lock_after_idle_time_clears_the_page(page, base_url):
    open_fresh(page, base_url)
    traj_id = create_trajectory(page, base_url, CLIENT, start=START, question=texts_for("question"))
    turn_on(page, idle="5")
    go(page, f"#/traject/{traj_id}")
    page.locator("h1", has_text=CLIENT).wait_for()
    page.clock.run_for(4 * 60_000)
    assert page.locator("h1", has_text=CLIENT).is_visible()  # not yet: 4 of 5 minutes
    page.keyboard.press("Shift")  # activity starts the idle time again
    page.clock.run_for(4 * 60_000)
    assert page.locator("h1", has_text=CLIENT).is_visible()
    page.clock.run_for(2 * 60_000)
    assert_locked_page_shows_nothing(page)
    assert not page.locator("#vault-lock").is_visible()
    unlock(page)
    expect_unlocked(page)
    page.locator("h1", has_text=CLIENT).wait_for()


def test_the_settings_page_leads_to_the_vault(page, base_url):
    open_fresh(page, base_url)
    go(page, "#/instellingen")
    page.get_by_role("link", name="Gegevens in deze browser versleutelen (kluis)").click()
    page.locator("#vault-passphrase").wait_for()


def test_auto_lock_saves_what_was_typed_first(page, base_url):
    open_fresh(page, base_url)
    traj_id = create_trajectory(page, base_url, CLIENT, start=START, question=texts_for("question"))
    turn_on(page, idle="5")
    go(page, f"#/traject/{traj_id}")
    page.locator(".session-row[data-session='2'] a.session-title").click()
    session_route = page.url.split("#", 1)[1]
    page.fill("#note-opening", "Bijna vergeten notitie")
    page.clock.run_for(6 * 60_000)  # the coach took a phone call
    assert_locked_page_shows_nothing(page)
    assert "Bijna vergeten notitie" not in page.content()
    unlock(page)
    expect_unlocked(page)
    go(page, "#" + session_route)
    assert page.locator("#note-opening").input_value() == "Bijna vergeten notitie"
    # what the app refuses cannot be saved: the vault locks all the same, and says so afterwards
    page.locator("details.session-plan > summary").click()
    page.fill("#plan-duration", "5")
    page.clock.run_for(6 * 60_000)
    assert_locked_page_shows_nothing(page)
    unlock(page)
    expect_unlocked(page)
    page.locator(".notice", has_text="nog niet was opgeslagen").wait_for()


def _restore(page, entries):
    page.evaluate("(e) => { localStorage.clear(); for (const [k, v] of Object.entries(e)) localStorage.setItem(k, v); }",
                  entries)


@pytest.mark.parametrize("step", ["marked", "copied", "switched", "removed"])
def test_interrupted_conversions_lose_nothing(page, base_url, step):
    open_fresh(page, base_url)
    create_trajectory(page, base_url, CLIENT, start=START, question=texts_for("question"))
    go(page, "#/")
    plain = {k: v for k, v in all_stored(page).items() if k != PREFIX + "snapshot"}

    # turning on, interrupted
    page.evaluate("(s) => { window.trajectVaultStopAt = s }", step)
    go(page, "#/kluis")
    page.fill("#vault-passphrase", PASS)
    page.fill("#vault-repeat", PASS)
    page.get_by_role("button", name="Kluis aanzetten").click()
    page.wait_for_function("() => !!localStorage.getItem('traject:vault')")
    page.wait_for_timeout(1500)
    go(page, "#/")
    page.reload()
    wait_for_app(page)
    if step in ("marked", "copied"):  # not switched yet: the plain data, as it was
        page.locator("#view", has_text=CLIENT).wait_for()
        stored = all_stored(page)
        assert {k: v for k, v in stored.items() if k != PREFIX + "snapshot"} == plain
    else:  # switched: the vault, complete, and no plain copy left
        unlock(page)
        expect_unlocked(page)
        page.locator("#view", has_text=CLIENT).wait_for()
        assert not [k for k in all_stored(page) if vault.is_plain_data_key(PREFIX, k)]
        assert leaks(page, [CLIENT, texts_for("question")]) == []

    # turning off, interrupted (from a complete vault)
    if step in ("marked", "copied"):
        turn_on(page)
        page.get_by_role("button", name="Ik heb de herstelsleutel bewaard").click()
    encrypted = all_stored(page)
    go(page, "#/kluis")
    page.evaluate("(s) => { window.trajectVaultStopAt = s }", step)
    page.fill("#vault-passphrase", PASS)
    page.get_by_role("button", name="Kluis uitzetten").click()
    page.wait_for_timeout(2500)
    go(page, "#/")
    page.reload()
    wait_for_app(page)
    if step in ("marked", "copied"):  # not switched: still the complete vault, no plain leftovers
        assert {k: v for k, v in all_stored(page).items() if k != PREFIX + "vault"} == \
            {k: v for k, v in encrypted.items() if k != PREFIX + "vault"}
        assert leaks(page, [CLIENT, texts_for("question")]) == []
        unlock(page)
        expect_unlocked(page)
        page.locator("#view", has_text=CLIENT).wait_for()
    else:  # switched: plain again, no encrypted copy left
        page.locator("#view", has_text=CLIENT).wait_for()
        assert not [k for k in all_stored(page) if k.startswith(PREFIX + "v")]


def test_two_tabs_each_unlock_and_the_conflict_check_holds(context, base_url):
    page_a = context.new_page()
    open_fresh(page_a, base_url)
    traj_id = create_trajectory(page_a, base_url, CLIENT, start=START, question=texts_for("question"))
    turn_on(page_a)
    page_b = context.new_page()
    page_b.clock.install(time=NOW)
    open_app(page_b, base_url, f"#/traject/{traj_id}")
    assert_locked_page_shows_nothing(page_b)
    unlock(page_b)
    expect_unlocked(page_b)
    page_b.locator("h1", has_text=CLIENT).wait_for()

    go(page_a, f"#/traject/{traj_id}")
    page_a.fill("#hw-text", "Opdracht uit tab A")
    page_a.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page_a)
    page_b.locator("#view", has_text="Opdracht uit tab A").wait_for()  # decrypted from storage

    # both edit; A saves first; B must not overwrite it
    page_b.fill("#hw-text", "Opdracht uit tab B")
    page_a.fill("#hw-text", "Tweede uit tab A")
    page_a.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page_a)
    page_b.wait_for_timeout(500)
    page_b.get_by_role("button", name="Opdracht toevoegen").click()
    page_b.locator(".conflict").wait_for(timeout=15_000)
    page_a.reload()
    wait_for_app(page_a)
    unlock(page_a)
    go(page_a, f"#/traject/{traj_id}")
    page_a.locator("#view", has_text="Tweede uit tab A").wait_for()
    assert page_a.locator("#view", has_text="Opdracht uit tab B").count() == 0


def test_encrypted_backup_with_its_own_passphrase_round_trip(page, base_url, browser):
    open_fresh(page, base_url)
    traj_id = create_trajectory(page, base_url, CLIENT, start=START, question=texts_for("question"))
    go(page, "#/backup")
    page.locator("summary", has_text="Versleuteld exporteren").click()
    page.fill("#export-passphrase", "kort")
    page.fill("#export-repeat", "kort")
    page.get_by_role("button", name="Versleuteld exporteren").click()
    page.locator(".notice.error", has_text="minstens 8").wait_for()
    page.locator("summary", has_text="Versleuteld exporteren").click() if not page.locator("#export-passphrase").is_visible() else None
    page.select_option("#export-what", traj_id)
    page.fill("#export-passphrase", NEW_PASS)
    page.fill("#export-repeat", NEW_PASS)
    with page.expect_download() as info:
        page.get_by_role("button", name="Versleuteld exporteren").click()
    text = open(info.value.path(), encoding="utf-8").read()
    envelope = json.loads(text)
    assert envelope["format"] == "traject-encrypted" and envelope["kdf"]["iterations"] >= 600_000
    assert CLIENT not in text and texts_for("question") not in text
    assert info.value.suggested_filename.endswith(".versleuteld.json")

    fresh = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", timezone_id="Europe/Amsterdam")
    try:
        other = fresh.new_page()
        open_fresh(other, base_url, "#/backup")
        before = all_stored(other)
        damaged = dict(envelope, ciphertext=("A" if envelope["ciphertext"][0] != "A" else "B") + envelope["ciphertext"][1:])
        for bad_text, passphrase, message in [(text, "verkeerde zin!", "past niet"),
                                              (json.dumps(damaged), NEW_PASS, "past niet"),
                                              (text.replace('"iterations": 600000', '"iterations": 5'), NEW_PASS,
                                               "herhalingen")]:
            other.set_input_files("#import-file", _write(bad_text))
            if message == "herhalingen":
                other.locator(".notice.error", has_text=message).wait_for()
                continue
            other.locator("#import-decrypt-form").wait_for()
            other.fill("#import-passphrase", passphrase)
            other.get_by_role("button", name="Openen").click()
            other.locator(".notice.error", has_text=message).wait_for(timeout=30_000)
            assert all_stored(other) == before
        other.set_input_files("#import-file", _write(text))
        other.fill("#import-passphrase", NEW_PASS)
        other.get_by_role("button", name="Openen").click()
        other.locator(".import-preview", has_text=CLIENT).wait_for(timeout=30_000)
        screenshot(other, "encrypted-import-1280")
        other.get_by_role("button", name="Samenvoegen").click()
        other.locator("#view", has_text=CLIENT).wait_for()
    finally:
        fresh.close()


def test_shared_origin_notice_once_when_the_vault_is_off(page, base_url):
    page.add_init_script("window.trajectLocationForTest = {hostname: 'coach.github.io', pathname: '/traject/app/'}")
    open_fresh(page, base_url)
    page.locator(".notice.warn", has_text="gedeeld github.io-adres").wait_for()
    screenshot(page, "shared-origin-notice-1280")
    page.reload()
    wait_for_app(page)
    page.wait_for_timeout(300)
    assert page.locator(".notice", has_text="gedeeld github.io-adres").count() == 0


def test_form_links_and_answer_codes_work_in_the_vault(page, base_url, fresh):
    open_fresh(page, base_url)
    traj_id = create_trajectory(page, base_url, CLIENT, start=START, question=texts_for("question"))
    turn_on(page)
    page.get_by_role("button", name="Ik heb de herstelsleutel bewaard").click()
    link = make_form_link(page, traj_id, "evaluation")
    assert CLIENT not in link
    client = fresh()
    code = fill_client_form(client, link, {"insight": "Geheim-antwoord-7Q", "goal_reached": 7})
    import_code(page, traj_id, code)
    page.locator(".answer-preview", has_text="Geheim-antwoord-7Q").wait_for()
    page.get_by_role("button", name="Antwoorden overnemen").click()
    saved(page)
    assert leaks(page, SECRETS + ["Geheim-antwoord-7Q"]) == []
    go(page, "#/")
    page.reload()
    wait_for_app(page)
    unlock(page)
    expect_unlocked(page)
    go(page, f"#/traject/{traj_id}/formulier/evaluatieformulier")
    page.locator("#view textarea").first.wait_for()
    assert "Geheim-antwoord-7Q" in page.locator("#view").evaluate(
        "v => [...v.querySelectorAll('textarea, input')].map(e => e.value).join(' ')")


def test_a_full_storage_in_the_vault_never_reports_saved_and_keeps_the_typing(page, base_url):
    open_fresh(page, base_url)
    traj_id = create_trajectory(page, base_url, CLIENT, start=START, question=texts_for("question"))
    turn_on(page)
    page.get_by_role("button", name="Ik heb de herstelsleutel bewaard").click()
    go(page, f"#/traject/{traj_id}")
    href = page.locator("a[href*='/sessie/']").first.get_attribute("href")
    go(page, href)
    page.locator("#note-kern").wait_for()
    before = all_stored(page)
    page.evaluate("""() => {
        window.__realSetItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (key.startsWith('traject:v:')) throw new DOMException('quota', 'QuotaExceededError');
            return window.__realSetItem.call(this, key, value);
        };
    }""")
    page.fill("#note-kern", "Geheime notitie die niet verloren mag gaan")
    page.get_by_role("button", name="Sessie opslaan").click()
    page.locator(".notice.error", has_text="vol").wait_for()
    assert page.locator("#save-status").inner_text() == "Niet opgeslagen"
    assert all_stored(page) == before
    assert page.locator("#note-kern").input_value() == "Geheime notitie die niet verloren mag gaan"
    page.evaluate("() => { Storage.prototype.setItem = window.__realSetItem; }")
    page.get_by_role("button", name="Sessie opslaan").click()
    saved(page)
    assert all_stored(page) != before
    assert leaks(page, SECRETS + ["Geheime notitie"]) == []
    page.reload()
    wait_for_app(page)
    unlock(page)
    expect_unlocked(page)
    go(page, href)
    page.locator("#note-kern").wait_for()
    assert page.locator("#note-kern").input_value() == "Geheime notitie die niet verloren mag gaan"


def test_automatic_backups_are_encrypted_while_the_vault_is_on(page, base_url):
    from test_auto_backup import _files, _folder, _wait_for_file

    open_fresh(page, base_url)
    traj_id = create_trajectory(page, base_url, CLIENT, start=START, question=texts_for("question"))
    turn_on(page)
    page.get_by_role("button", name="Ik heb de herstelsleutel bewaard").click()
    _folder(page, "Kluis-backups")
    go(page, f"#/traject/{traj_id}")
    page.fill("#hw-text", texts_for("homework"))
    page.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page)
    page.clock.run_for(11_000)  # the automatic backup follows 10 s after the last change
    _wait_for_file(page, "traject-backup.json", "Kluis-backups", containing='"traject-encrypted"')
    files = _files(page, "Kluis-backups")
    assert sorted(files) == ["traject-backup-2026-11-20.json", "traject-backup.json"]
    for text in files.values():
        assert json.loads(text)["format"] == "traject-encrypted"
        assert not [secret for secret in SECRETS + [texts_for("homework")] if secret in text]
