"""A new version after a deploy (issue 19, section 6).

Build A is served and visited (its service worker stores it); then the host serves build B.
The open app keeps running A, whole (its guide page too), until the coach chooses: "Er is een
nieuwe versie" appears, and its button saves what is typed and switches; within one reload
the page runs B, and only B's cache is left.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from playwright.sync_api import expect

from conftest import ROOT, screenshot, wait_for_app
from journeys import stored_keys
from serve import start_in_thread
from test_offline import _precached, _wait_for_cache, _wait_for_caches

import mkdocs_hooks  # noqa: E402  (tests/browser/test_offline.py puts tools/ on the path)

MESSAGES = json.loads((ROOT / "pyodide_modules" / "traject" / "messages_nl.json").read_text(encoding="utf-8"))
BUILD_JS = "() => document.documentElement.dataset.build"


@pytest.fixture
def two_builds(site_dir, tmp_path):
    """(served folder, build A, build B): ``served`` is a symlink to A; B differs in one guide page."""
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(site_dir, a, ignore=shutil.ignore_patterns(".built"))
    shutil.copytree(a, b)
    guide = b / "gids" / "overzicht" / "index.html"
    guide.write_text(guide.read_text(encoding="utf-8").replace("</body>", "<p id=new-deploy>nieuw</p></body>"),
                     encoding="utf-8")
    mkdocs_hooks.write_service_worker(b)
    served = tmp_path / "served"
    served.symlink_to(a, target_is_directory=True)
    return served, a, b


def _deploy(served, build_dir):
    swap = served.with_name("served.new")
    swap.symlink_to(build_dir, target_is_directory=True)
    os.replace(swap, served)


def test_a_new_build_is_offered_and_switched_to_after_saving_what_is_typed(context, two_builds):
    served, a, b = two_builds
    server, base = start_in_thread(served)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "app/")
        wait_for_app(page)
        old = page.evaluate(BUILD_JS)
        _wait_for_cache(page, old, _precached(a))
        banner = page.locator("#update")
        expect(banner).to_be_hidden()

        _deploy(served, b)
        page.reload()  # the browser checks sw.js and installs build B next to A
        wait_for_app(page)
        assert page.evaluate(BUILD_JS) == old  # still A, whole
        expect(banner).to_be_visible(timeout=60_000)
        expect(banner).to_contain_text(MESSAGES["ui.net.update_text"])
        new = json.loads((b / "sw.js").read_text(encoding="utf-8").split("const BUILD = ", 1)[1].split(";", 1)[0])
        assert new != old
        screenshot(page, "update-banner-1280")
        page.set_viewport_size({"width": 390, "height": 800})
        screenshot(page, "update-banner-390")
        page.set_viewport_size({"width": 1280, "height": 900})

        # The coach is typing a new trajectory when they click the button.
        page.evaluate("() => { location.hash = '#/nieuw' }")
        page.locator("#client_name").wait_for()
        page.fill("#client_name", "Nieuwe Versie")
        page.fill("#coaching_question", "Wat typ ik net")
        page.fill("#start_date", "2026-12-07")
        loads = []
        page.on("load", lambda _page: loads.append(True))
        page.locator("#update-button").click()
        page.wait_for_function(f"() => document.documentElement.dataset.build === {json.dumps(new)}", timeout=60_000)
        wait_for_app(page)
        assert len(loads) == 1  # one reload, straight onto build B
        expect(page.locator("#update")).to_be_hidden()
        _wait_for_caches(page, {"traject-" + new: _precached(b)})
        stored = [key for key in stored_keys(page) if key.startswith("traject:t:")]
        assert len(stored) == 1  # what was typed was saved before the switch
        page.goto(base + "gids/overzicht/")
        assert page.locator("#new-deploy").count() == 1
        assert errors == []
    finally:
        server.shutdown()
        server.server_close()


def test_the_old_build_stays_whole_until_the_switch(context, two_builds):
    served, a, b = two_builds
    server, base = start_in_thread(served)
    try:
        page = context.new_page()
        page.goto(base + "app/")
        wait_for_app(page)
        old = page.evaluate(BUILD_JS)
        _wait_for_cache(page, old, _precached(a))
        _deploy(served, b)
        page.reload()
        wait_for_app(page)
        expect(page.locator("#update")).to_be_visible(timeout=60_000)
        # Everything this page reaches comes from build A until the coach switches, even after
        # build B is installed: the changed guide page is A's, the app page is A's.
        page.goto(base + "gids/overzicht/")
        assert page.locator("#new-deploy").count() == 0
        page.goto(base + "app/")
        wait_for_app(page)
        assert page.evaluate(BUILD_JS) == old
        expect(page.locator("#update")).to_be_visible(timeout=60_000)
        # What is typed cannot be saved (the name is missing): no switch, the coach is told.
        page.evaluate("() => { location.hash = '#/nieuw' }")
        page.locator("#client_name").wait_for()
        page.fill("#coaching_question", "Half ingevuld")
        page.locator("#update-button").click()
        expect(page.locator("#update-unsaved")).to_be_visible()
        expect(page.locator("#update-unsaved")).to_have_text(MESSAGES["ui.net.update_unsaved"])
        assert page.evaluate(BUILD_JS) == old
        assert page.input_value("#coaching_question") == "Half ingevuld"
    finally:
        server.shutdown()
        server.server_close()
