"""Every choice a form offers is accepted when chosen (issue 13: the kind of the 'Sessie' score bug).

For each screen with forms, every option of every <select> and every radio button is chosen in
turn, with the other controls at valid values (their defaults; an empty select gets its first
real option, an empty required text its example text), and the form is submitted through the
page. Each choice must be accepted (stored, no error) — or, where a choice needs more input,
refused with a message next to a field and nothing stored changed. Never a general failure.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import open_app, wait_for_app
from journeys import create_trajectory, go, stored_keys

INSTANT = datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))

CONTROLS_JS = """(formSelector) => {
  const form = document.querySelectorAll(formSelector)[0];
  if (!form) return [];
  const out = [];
  for (const el of form.querySelectorAll('select')) {
    if (el.name) out.push({kind: 'select', name: el.name, values: [...el.options].map(o => o.value)});
  }
  const radios = {};
  for (const el of form.querySelectorAll('input[type=radio]')) (radios[el.name] ||= []).push(el.value);
  for (const [name, values] of Object.entries(radios)) out.push({kind: 'radio', name, values});
  return out;
}"""

COMPANIONS_JS = """([formSelector, today]) => {
  const form = document.querySelectorAll(formSelector)[0];
  for (const el of form.querySelectorAll('select')) {
    if (!el.value) { const real = [...el.options].find(o => o.value); if (real) el.value = real.value; }
  }
  for (const el of form.querySelectorAll('input, textarea')) {
    if (el.type === 'checkbox' && el.name === 'confirm') el.checked = true;
    if (el.value || !['text', 'date', 'number', 'email', 'textarea', 'tel', ''].includes(el.type)) continue;
    if (!el.required && el.type !== 'number') continue;
    el.value = el.type === 'date' ? today : (el.type === 'number' ? (el.min || '2') : 'Voorbeeld');
  }
}"""

CHOOSE_JS = """([formSelector, kind, name, value]) => {
  const form = document.querySelectorAll(formSelector)[0];
  if (kind === 'select') {
    const el = form.querySelector(`select[name="${name}"]`);
    el.value = value;
    el.dispatchEvent(new Event('change', {bubbles: true}));
  } else {
    form.querySelector(`input[type=radio][name="${name}"][value="${value}"]`).checked = true;
  }
}"""

SUBMIT_JS = """(formSelector) => {
  const form = document.querySelectorAll(formSelector)[0];
  document.getElementById('save-status').textContent = '';
  form.requestSubmit(form.querySelector('button[type=submit]:not([name]), button[type=submit][value=save]') || undefined);
}"""


def _outcome(page):
    """'accepted', ('refused', field) or a failure text, once the app answered the submit."""
    page.wait_for_function("""() => {
        const s = document.getElementById('save-status').textContent;
        return s.includes('Opgeslagen') || s.includes('Niet opgeslagen') || !!document.querySelector('.notice');
    }""", timeout=15_000)
    status = page.locator("#save-status").inner_text()
    if "Niet opgeslagen" not in status and page.locator(".notice.error").count() == 0:  # saved, or a file made
        return "accepted"
    fields = page.evaluate("() => [...document.querySelectorAll('[aria-invalid=true]')].map(e => e.name)")
    if fields:
        return ("refused", tuple(fields))
    return "failed: " + page.locator(".notice.error").first.inner_text()


def _restore(page, base_url, keys, route):
    page.evaluate("""(entries) => { localStorage.clear();
        for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v); }""", keys)
    page.goto("about:blank")  # a real reload: the app reads storage again
    page.goto(base_url + "app/" + route)
    wait_for_app(page)


def _every_choice(page, base_url, route, form_selector, ready_selector, expected_refusals=(), only=None):
    """Choose every option of every choice in the form (of the controls named in ``only``, when
    given); returns {(name, value): outcome}."""
    keys = stored_keys(page)
    _restore(page, base_url, keys, route)
    page.locator(ready_selector).first.wait_for(state="attached")
    controls = [c for c in page.evaluate(CONTROLS_JS, form_selector) if only is None or c["name"] in only]
    assert controls, f"no choices found in {form_selector} on {route}"
    results, dirty = {}, False
    for control in controls:
        for value in control["values"]:
            if dirty:
                _restore(page, base_url, keys, route)
            else:
                go(page, "#/")
                go(page, route)
            page.locator(ready_selector).first.wait_for(state="attached")
            page.evaluate(COMPANIONS_JS, [form_selector, INSTANT.date().isoformat()])
            page.evaluate(CHOOSE_JS, [form_selector, control["kind"], control["name"], value])
            page.evaluate(SUBMIT_JS, form_selector)
            outcome = _outcome(page)
            results[(control["name"], value)] = outcome
            dirty = outcome == "accepted"
            if not dirty:  # a refusal changes nothing stored
                assert stored_keys(page) == keys, f"{control['name']}={value} was refused but changed storage"
    failures = {k: v for k, v in results.items() if v != "accepted" and k not in expected_refusals}
    assert failures == {}, f"{route}: choices not accepted: {failures}"
    for key in expected_refusals:
        assert results[key][0] == "refused", f"{key} should ask for more input: {results[key]}"
    return results


@pytest.fixture
def clocked(page):
    page.clock.set_fixed_time(INSTANT)
    return page


def test_every_choice_of_the_new_trajectory_form(clocked, base_url):
    open_app(clocked, base_url, "#/nieuw")
    # "anders" needs a number of days; its companion field has a valid example then
    _every_choice(clocked, base_url, "#/nieuw", "form[data-action=create-trajectory]", "#client_name")


def test_every_choice_of_the_score_goal_and_session_forms(clocked, base_url):
    traj_id = create_trajectory(clocked, base_url, "Keuze Score", start=INSTANT.date())
    clocked.locator("#goal-title").fill("Rust")
    clocked.get_by_role("button", name="Doel opslaan").click()
    clocked.locator("#score-value").wait_for()
    route = f"#/traject/{traj_id}"
    results = _every_choice(clocked, base_url, route, "form[data-action=record-score]", "#score-value")
    assert results[("moment", "session")] == "accepted"
    _every_choice(clocked, base_url, route, "form[data-action=add-goal]", "#goal-title")
    session = clocked.locator(".session-row[data-session='2'] a.session-title").get_attribute("href")
    _every_choice(clocked, base_url, session, "form[data-action=save-session]", "#session-status")


def test_every_choice_of_the_special_situations_and_calendar(clocked, base_url):
    traj_id = create_trajectory(clocked, base_url, "Keuze Situatie", start=INSTANT.date())
    _every_choice(clocked, base_url, f"#/traject/{traj_id}/situatie/uitval", "form[data-action=situation]",
                  "#sit-contact")
    _every_choice(clocked, base_url, f"#/traject/{traj_id}/agenda", "form[data-action=agenda-download]",
                  "#agenda-lead")


def test_every_choice_of_the_template_editor(clocked, base_url):
    open_app(clocked, base_url, "#/sjablonen/nieuw")
    clocked.locator("input[name=name]").fill("Eigen")
    # each row has the same two choices: the first session row stands for all of them
    _every_choice(clocked, base_url, "#/sjablonen/nieuw", "form[data-action=save-template]", "input[name=name]",
                  only=("row1_phase", "row1_role", "closing_variant"))
