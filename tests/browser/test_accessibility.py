"""axe-core on every main screen (light and dark), at desktop and phone width: no serious
or critical violations. Screenshots of each screen go to test-artifacts/ to be looked at."""

from pathlib import Path

import pytest

from conftest import ROOT, new_context, open_app, screenshot
from journeys import create_trajectory, go, saved, session_id

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _screens(page, base_url):
    """Visit every main screen once; yields (name, route) after each has rendered."""
    open_app(page, base_url)
    yield "overview-empty", "#/"
    traj_id = create_trajectory(page, base_url, "Toegankelijk Test")
    page.fill("#goal-title", "Rustiger plannen")
    page.select_option("#goal-baseline", "4")
    page.get_by_role("button", name="Doel opslaan").click()
    saved(page)
    page.fill("#hw-text", "Agenda bijhouden")
    page.get_by_role("button", name="Opdracht toevoegen").click()
    saved(page)
    routes = [("trajectory", f"#/traject/{traj_id}"), ("overview", "#/"), ("new", "#/nieuw"),
              ("form-evaluation", f"#/traject/{traj_id}/formulier/evaluatieformulier"),
              ("form-bank", f"#/traject/{traj_id}/formulier/evaluatievragen"),
              ("situations", f"#/traject/{traj_id}/situatie"),
              ("situation-dropout", f"#/traject/{traj_id}/situatie/uitval"),
              ("delete", f"#/traject/{traj_id}/verwijderen"),
              ("templates", "#/sjablonen"), ("template-builtin", "#/sjablonen/default8"),
              ("template-new", "#/sjablonen/nieuw"), ("backup", "#/backup"),
              ("agenda", "#/agenda"), ("agenda-one", f"#/traject/{traj_id}/agenda"),
              ("print-list", f"#/traject/{traj_id}/afdrukken"), ("print-map", f"#/traject/{traj_id}/afdrukken/kaart"),
              ("form-link", f"#/traject/{traj_id}/formulier-link"), ("answer-code", f"#/traject/{traj_id}/antwoordcode"),
              ("template-import", "#/gedeeld-sjabloon"), ("settings", "#/instellingen"),
              ("messages", f"#/traject/{traj_id}/berichten"), ("message", f"#/traject/{traj_id}/bericht/intake"),
              ("contract", f"#/traject/{traj_id}/afdrukken/overeenkomst")]
    for name, route in routes:
        go(page, route)
        page.wait_for_function("(r) => location.hash === r", arg=route)
        page.wait_for_timeout(150)
        yield name, route
    session = session_id(page, traj_id, 1)
    go(page, f"#/traject/{traj_id}/sessie/{session}")
    page.locator("#note-kern").wait_for()
    yield "session", "session"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_screens_have_no_serious_axe_violations(browser, base_url, scheme):
    context = new_context(browser, color_scheme=scheme)
    page = context.new_page()
    problems = {}
    for name, _ in _screens(page, base_url):
        found = axe_violations(page)
        if found:
            problems[name] = found
        if scheme == "light":
            screenshot(page, f"app-{name}-1280")
    context.close()
    assert problems == {}


def test_phone_width_has_no_horizontal_overflow(browser, base_url):
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    overflow = {}
    for name, _ in _screens(page, base_url):
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            overflow[name] = width
        screenshot(page, f"app-{name}-390")
    context.close()
    assert overflow == {}
