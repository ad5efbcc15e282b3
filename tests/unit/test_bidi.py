"""Text direction (issue 19, section 10): outside text is isolated wherever it is shown, and
unmatched bidi controls are removed from calendar titles and file names."""

import importlib.util
from pathlib import Path

import pytest

from traject import bidi, share
from traject.calendar_ics import export_ics
from traject.messages import t
from traject.templates import default_template, make_template

ROOT = Path(__file__).resolve().parents[2]
RLO = "\u202e"
NAME = "Noor" + RLO  # the example: a name ending in a right-to-left override


def load_html():
    spec = importlib.util.spec_from_file_location("webapp_html", ROOT / "app" / "webapp" / "html.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("text, kept", [
    ("Noor" + RLO, "Noor"),
    ("a\u202ebc\u202c d", "a\u202ebc\u202c d"),  # a matched override stays
    ("\u202c x", " x"),  # a closing control without opener
    ("\u2067שלום\u2069 \u2067", "\u2067שלום\u2069 "),
    ("\u202e\u2067x\u202c", "x"),  # crossed pairs: neither matches
    ("Anna de Vries", "Anna de Vries"),
])
def test_unmatched_controls_are_removed(text, kept):
    assert bidi.strip_unmatched(text) == kept


def test_only_text_that_can_turn_direction_is_isolated():
    assert not bidi.needs_isolation("Noëlle Çelik-de Wit 😀")
    assert bidi.needs_isolation(NAME) and bidi.needs_isolation("שרה") and bidi.needs_isolation("مريم")
    assert bidi.isolate("Anna") == "Anna"
    assert bidi.isolate(NAME) == bidi.FSI + NAME + bidi.PDI


def test_message_parameters_are_isolated():
    text = t("ui.backup.overwrite", client=NAME)
    assert bidi.FSI + NAME + bidi.PDI in text
    assert t("ui.backup.overwrite", client="Anna") == t("ui.backup.overwrite", client="Anna")  # Latin unchanged
    assert bidi.FSI not in t("ui.backup.overwrite", client="Anna")


def test_page_text_is_isolated_in_bdi_but_not_inside_a_textarea():
    html = load_html()
    item = html.h("li", {}, NAME, html.h("span", {}, " · Actief · bestaat al"))
    assert item == "<li><bdi>" + NAME + "</bdi><span> · Actief · bestaat al</span></li>"
    assert html.h("li", {}, "שרה") == "<li><bdi>שרה</bdi></li>"
    assert html.h("textarea", {}, NAME) == "<textarea>" + NAME + "</textarea>"  # the value stays exact
    assert html.h("p", {}, "Anna") == "<p>Anna</p>"


def test_calendar_titles_have_no_unmatched_controls(make_traj):
    traj = make_traj()
    traj.client.name = "Sara " + RLO
    text = export_ics(traj, now="2026-03-01T10:00:00+01:00", title_mode="name")
    summaries = [line for line in text.split("\r\n") if line.startswith("SUMMARY:")]
    assert summaries and all(RLO not in line for line in summaries)
    assert any("Sara" in line for line in summaries)


def test_file_names_have_no_bidi_controls():
    rows = [dict(number=r.number, phase=r.phase, role=r.role, focus=r.focus, homework=r.homework,
                 duration_minutes=r.duration_minutes) for r in default_template().sessions]
    template = make_template("Opzet" + RLO + "nosj.exe", rows, "two_60", "own1")
    name = share.template_file_name(template)
    assert RLO not in name and name.endswith(".json")
