"""Walking skeleton: the static site works offline, under a sub-path, with Python running."""

from conftest import new_context, open_app, screenshot, wait_for_app
from serve import start_in_thread


def test_no_request_leaves_the_loopback_server(page, base_url):
    for path in ("", "gids/werkfase/", "app/"):
        page.goto(base_url + path)
        if path == "app/":
            wait_for_app(page)
        else:
            page.wait_for_load_state("networkidle")
    assert page.request_log.urls, "no requests were recorded"
    assert page.request_log.foreign() == []
    assert page.request_log.not_found() == []


def test_site_works_under_a_sub_path(site_dir, browser):
    server, url = start_in_thread(site_dir, base_path="/coaching/")
    try:
        assert url.endswith("/coaching/")
        context = new_context(browser)
        page = context.new_page()
        statuses = {}
        page.on("response", lambda response: statuses.__setitem__(response.url, response.status))
        page.goto(url + "app/")
        wait_for_app(page)
        page.goto(url + "gids/afronding/")
        page.wait_for_load_state("networkidle")
        assert [u for u, status in statuses.items() if status >= 400] == []
        assert all("/coaching/" in u for u in statuses), "a request escaped the sub-path"
        context.close()
    finally:
        server.shutdown()


def test_guide_page_has_the_material_theme_and_offline_search(page, base_url):
    page.goto(base_url + "gids/werkfase/")
    page.wait_for_load_state("networkidle")
    assert page.locator("header.md-header").is_visible()
    assert page.locator("html").get_attribute("lang") == "nl"
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("borging", delay=30)
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="overeenkomende documenten").wait_for(timeout=15_000)
    assert int(meta.inner_text().split()[0]) >= 1
    assert page.locator(".md-search-result a", has_text="Afronding").count() >= 1
    assert page.request_log.foreign() == []
    screenshot(page, "guide-search")


def test_app_link_is_in_the_site_navigation(page, base_url):
    page.goto(base_url + "gids/overzicht/")
    link = page.locator("a.md-tabs__link", has_text="App")
    link.click()
    wait_for_app(page)
    assert page.url.endswith("/app/")


def test_app_is_ready_and_shows_the_default_template_computed_by_python(page, base_url):
    open_app(page, base_url, "#/sjablonen/default8")
    rows = page.locator("#view table tbody tr")
    assert rows.count() == 9  # session 0 (preparation) and sessions 1..8
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(9)]
    assert [c[0] for c in cells] == [str(n) for n in range(9)]
    assert [c[1] for c in cells] == ["Voorbereiding", "Start", "Start/Werk", "Werk", "Werk", "Werk", "Werk",
                                     "Afronding", "Afronding"]
    assert "Tussentijdse evaluatie" in cells[4][2]
    screenshot(page, "app-default-template")
