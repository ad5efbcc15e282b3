"""Hostile text in every field and in imported files is shown as text and never runs."""

import json

from conftest import ARTIFACTS, open_app, wait_for_app
from journeys import create_trajectory, go, saved, session_id

PAYLOADS = [
    "<script>window.__xss='script'</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "<svg onload=\"window.__xss='svg'\"><circle r=1></svg>",
    "javascript:window.__xss='js-url'",
    "\"><img src=x onerror=window.__xss='attr-break'>",
    "' onmouseover='window.__xss=\"quote\"' x='",
    "&lt;b&gt;entity&lt;/b&gt; &amp;amp;",
    "[klik hier](javascript:window.__xss='markdown')",
    "<a href=\"javascript:window.__xss='link'\">link</a>",
    "<iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
]


def _no_live_payload(page):
    """Nothing ran and nothing became markup."""
    page.mouse.move(10, 10)
    page.mouse.move(400, 300)
    assert page.evaluate("() => window.__xss") is None
    live = page.evaluate("""() => [...document.querySelectorAll('#view img, #view svg:not(.icon), #view iframe, #view script, #view [onerror], #view [onload], #view [onmouseover], #view a[href^="javascript"]')].map(e => e.outerHTML)""")
    assert live == []


def _fill_everything(page, base_url, payload):
    traj_id = create_trajectory(page, base_url, payload, question=payload)
    page.fill("#goal-title", payload[:200])
    for part in ("specific", "measurable", "acceptable", "realistic", "time_bound"):
        page.fill(f"#goal-{part}", payload)
    page.get_by_role("button", name="Doel opslaan").click()
    saved(page)
    page.fill("#hw-text", payload)
    page.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page)
    go(page, f"#/traject/{traj_id}/sessie/{session_id(page, traj_id, 1)}")
    for field in ("note-opening", "note-kern", "note-afsluiting", "note-takeaway", "check-how_was_it",
                  "check-take_away", "check-open_topics"):
        page.fill(f"#{field}", payload)
    page.get_by_role("button", name="Sessie opslaan").click()
    saved(page)
    go(page, f"#/traject/{traj_id}/formulier/borgingsplan")
    for field in page.locator("textarea").all():
        field.fill(payload)
    page.get_by_role("button", name="Opslaan").click()
    saved(page)
    go(page, f"#/traject/{traj_id}/situatie/verlengen")
    page.fill("#sit-agreements", payload)
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Verlengen", exact=True).click()
    saved(page)
    return traj_id


def test_payloads_in_every_text_field_stay_text(page, base_url):
    open_app(page, base_url)
    tried = 0
    for payload in PAYLOADS:
        traj_id = _fill_everything(page, base_url, payload)
        tried += 1
        for route in (f"#/traject/{traj_id}", "#/", f"#/traject/{traj_id}/sessie/{session_id(page, traj_id, 1)}",
                      f"#/traject/{traj_id}/formulier/borgingsplan", "#/backup", "#/formulier/intake"):
            go(page, route)
            page.wait_for_timeout(100)
            _no_live_payload(page)
        go(page, f"#/traject/{traj_id}")
        assert page.locator("#view h1").inner_text() == payload.strip()  # shown as text, exactly
    # A template with payloads in its name, focus and homework.
    go(page, "#/sjablonen/nieuw")
    page.fill("#tpl-name", PAYLOADS[1])
    page.fill("#row1-focus", PAYLOADS[0])
    page.fill("#row2-homework", PAYLOADS[2])
    page.get_by_role("button", name="Sjabloon opslaan").click()
    page.wait_for_url("**/#/sjablonen")
    _no_live_payload(page)
    fields = 7 + 6 + 2 + 5 + 1 + 1  # session notes/check, goal, client name+question, borging, homework, agreements
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "xss-figures.json").write_text(json.dumps(
        {"payloads": len(PAYLOADS), "fields_per_payload": fields, "tried": tried * fields + 3}, indent=2))


def test_payloads_in_an_imported_file_stay_text(page, base_url, tmp_path):
    traj_id = create_trajectory(page, base_url, "Bron")
    go(page, "#/backup")
    with page.expect_download() as info:
        page.get_by_role("button", name="Alles exporteren").click()
    data = json.loads(open(info.value.path(), encoding="utf-8").read())
    item = data["trajectories"][0]
    for i, payload in enumerate(PAYLOADS):
        copy = json.loads(json.dumps(item))
        copy["id"] = f"xss{i:02d}" + "0" * 27
        copy["client"]["name"] = payload
        copy["coaching_question"] = payload
        copy["sessions"][1]["notes"]["kern"] = payload
        copy["sessions"][1]["focus"] = payload
        data["trajectories"].append(copy)
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data), encoding="utf-8")
    page.set_input_files("#import-file", str(hostile))
    page.locator(".import-preview").wait_for()
    _no_live_payload(page)
    page.get_by_role("button", name="Samenvoegen").click()
    page.wait_for_url("**/app/#/")
    _no_live_payload(page)
    for i in range(len(PAYLOADS)):
        go(page, f"#/traject/xss{i:02d}" + "0" * 27)
        page.wait_for_timeout(50)
        _no_live_payload(page)
    page.reload()
    wait_for_app(page)
    _no_live_payload(page)
