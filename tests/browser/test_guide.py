"""The guide (issue 5): every internal link in the built site resolves, the app and the guide
link to each other, the pages fit a phone, and the handbook features work (dark mode, print,
Dutch search) without a single request to another origin."""

from __future__ import annotations

import ast
import itertools
import json
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

import pytest

from conftest import ROOT, SITE, open_app, screenshot, wait_for_app

WEBAPP = ROOT / "app" / "webapp"
CATALOGUE = ROOT / "pyodide_modules" / "traject" / "messages_nl.json"
PHASE_PAGES = ("overzicht", "voorbereiding-en-start", "werkfase", "afronding", "formulieren",
               "evaluatievragen", "follow-up", "bijzondere-situaties")
# Links are resolved as a browser would, against the page's URL with the site under a
# sub-path: a link with one "../" too many works at a domain root but escapes a sub-path.
BASE = "http://site.invalid/sub/path/"
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")
# 404.html is served for any missing URL, at any depth; MkDocs therefore writes its links
# root-absolute ("/assets/…") when no site_url is set. They are checked from the site root.
ROOT_ABSOLUTE_OK = {"404.html"}


def _messages() -> dict:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


# --- the built site as files -----------------------------------------------------------------

class Link(NamedTuple):
    tag: str
    attr: str
    value: str
    in_content: bool  # inside the page's <article> (the guide text, not the navigation)


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[Link] = []
        self._article = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "article":
            self._article += 1
        for attr in ("href", "src"):
            if attrs.get(attr) is not None:
                self.links.append(Link(tag, attr, attrs[attr].strip(), self._article > 0))

    def handle_endtag(self, tag):
        if tag == "article":
            self._article = max(0, self._article - 1)


@lru_cache(maxsize=None)
def parsed(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def html_files() -> list[Path]:
    return sorted(p for p in SITE.rglob("*.html") if "runtime" not in p.relative_to(SITE).parts)


def served_path(path: Path) -> str:
    """The URL path (relative to the site root) a file is served at: directory URLs."""
    rel = path.relative_to(SITE).as_posix()
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def file_for(url_path: str) -> Path | None:
    """The file a URL path (relative to the site root) is answered with, or None (404)."""
    url_path = unquote(url_path)
    candidate = SITE / url_path
    if url_path == "" or url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


# --- what the app knows: routes, form slugs, guide links (read from its source) ---------------

def _module_literals(path: Path) -> dict:
    """Module-level NAME = <literal> assignments (dicts, tuples, strings) of a source file."""
    values = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return values


@lru_cache(maxsize=None)
def capture_values() -> dict[str, tuple]:
    """Values a static page may put in a route's captured parts. Trajectory, session and
    situation ids belong to one coach's data, so no page of the site can link to them."""
    slugs = tuple(_module_literals(WEBAPP / "views" / "trajectory.py")["FORM_SLUGS"].values())
    templates = tuple(_module_literals(ROOT / "pyodide_modules" / "traject" / "templates.py")["BUILTIN_IDS"])
    return {"slug": slugs, "template_id": templates + ("nieuw",)}


@lru_cache(maxsize=None)
def param_values() -> dict[str, tuple]:
    templates = tuple(_module_literals(ROOT / "pyodide_modules" / "traject" / "templates.py")["BUILTIN_IDS"])
    filters = tuple(_module_literals(WEBAPP / "views" / "overview.py")["FILTERS"])
    return {"sjabloon": templates, "status": filters}


@lru_cache(maxsize=None)
def app_routes() -> list[tuple[tuple, frozenset]]:
    """The ``case [...]`` patterns of ``routes.resolve`` with the query parameters each reads."""
    tree = ast.parse((WEBAPP / "routes.py").read_text(encoding="utf-8"))
    resolve = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "resolve")
    match = next(n for n in ast.walk(resolve) if isinstance(n, ast.Match))
    routes = []
    for case in match.cases:
        assert isinstance(case.pattern, ast.MatchSequence), f"unexpected route pattern: {ast.unparse(case.pattern)}"
        parts = []
        for part in case.pattern.patterns:
            if isinstance(part, ast.MatchValue) and isinstance(part.value, ast.Constant):
                parts.append(("literal", part.value.value))
            elif isinstance(part, ast.MatchAs) and part.name:
                parts.append(("capture", part.name))
            else:
                raise AssertionError(f"unexpected route part: {ast.unparse(part)}")
        params = frozenset(
            call.args[0].value for call in ast.walk(case)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "get"
            and isinstance(call.func.value, ast.Name) and call.func.value.id == "params"
            and call.args and isinstance(call.args[0], ast.Constant))
        routes.append((tuple(parts), params))
    assert len(routes) >= 5, "could not read the app's routes from routes.resolve()"
    return routes


def route_problem(route: str) -> str | None:
    """None when the app knows the hash route ``/formulier/x?y=z`` (without the '#')."""
    path, _, query = route.partition("?")
    parts = [p for p in path.split("/") if p]
    params = dict(parse_qsl(query, keep_blank_values=True))
    for pattern, known_params in app_routes():
        if len(pattern) != len(parts):
            continue
        if all(value == part if kind == "literal" else part in capture_values().get(value, ())
               for (kind, value), part in zip(pattern, parts)):
            unknown = sorted(set(params) - known_params)
            if unknown:
                return f"the app does not read parameter(s) {unknown} on this route"
            wrong = [f"{k}={v}" for k, v in params.items() if k in param_values() and v not in param_values()[k]]
            return f"unknown value(s) {wrong}" if wrong else None
    return "route not known to the app (see app/webapp/routes.py)"


def _bindings(func) -> dict[str, tuple]:
    """name -> (assignment value node, tuple index or None) for assignments inside a function."""
    out = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                out[target.id] = (node.value, None)
            elif isinstance(target, ast.Tuple):
                for index, element in enumerate(target.elts):
                    if isinstance(element, ast.Name):
                        out[element.id] = (node.value, index)
    return out


def _options(node, literals, where):
    """Every value an expression can take: a literal, or any value of a module-level dict."""
    if isinstance(node, ast.Constant):
        return [node.value]
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and isinstance(literals.get(node.value.id), dict)):
        return list(literals[node.value.id].values())
    raise AssertionError(f"{where}: cannot tell where guide_link({ast.unparse(node)}) points; "
                         "use a literal or a module-level dict")


def _call_targets(call, func, literals, where):
    """(page, anchor, root) for each value the arguments of one guide_link call can take."""
    names = ("page", "anchor", "root")
    exprs = dict(zip(names, call.args))
    exprs.update({kw.arg: kw.value for kw in call.keywords if kw.arg in names})
    bindings = _bindings(func)
    sources, plan = {}, {}
    for name, expr in exprs.items():
        index = None
        if isinstance(expr, ast.Name):
            assert expr.id in bindings, f"{where}: {expr.id} is not assigned in {func.name}()"
            expr, index = bindings[expr.id]
        sources[id(expr)] = expr
        plan[name] = (id(expr), index)  # arguments unpacked from one tuple stay paired
    keys = list(sources)
    for combo in itertools.product(*(_options(sources[k], literals, where) for k in keys)):
        chosen = dict(zip(keys, combo))
        values = {name: chosen[key] if index is None else chosen[key][index] for name, (key, index) in plan.items()}
        yield values["page"], values.get("anchor") or "", bool(values.get("root"))


@lru_cache(maxsize=None)
def guide_link_calls() -> list[tuple[str, str]]:
    """(where, href relative to app/) for every guide_link(...) call in the app's source."""
    common = _module_literals(WEBAPP / "views" / "common.py")
    found = set()
    for path in sorted(WEBAPP.rglob("*.py")):
        literals = _module_literals(path)
        for func in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or func.name == "guide_link":
                continue
            for call in ast.walk(func):
                callee = getattr(call, "func", None)
                name = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", None)
                if not isinstance(call, ast.Call) or name != "guide_link":
                    continue
                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                for page, anchor, root in _call_targets(call, func, literals, where):
                    href = ("../" if root else common["GUIDE"]) + f"{page}/" + (f"#{anchor}" if anchor else "")
                    found.add((where, href))
    return sorted(found)


# --- the link checker -------------------------------------------------------------------------

def link_problem(page_file: Path, link: Link) -> str | None:
    value = link.value
    if not value or value.lower().startswith(SKIP_SCHEMES):
        return None
    page_url = served_path(page_file)
    root_ok = page_url in ROOT_ABSOLUTE_OK
    if value.startswith("/") and not value.startswith("//"):
        if not root_ok:
            return "root-absolute link: breaks when the site is served under a sub-path"
        value = value.lstrip("/")
        page_url = ""
    target = urlsplit(urljoin(BASE + page_url, value))
    base = urlsplit(BASE)
    if (target.scheme, target.netloc) != (base.scheme, base.netloc):
        # A link to another site is fine; loading anything from another origin is not.
        if link.attr == "src" or link.tag == "link":
            return "loads a resource from another origin"
        return None
    if not target.path.startswith(base.path):
        return "climbs above the site root: breaks when the site is served under a sub-path"
    target_file = file_for(target.path[len(base.path):])
    if target_file is None:
        return "no such file in site/ (404)"
    fragment = unquote(target.fragment)
    if not fragment:
        return None
    if target_file == SITE / "app" / "index.html" and fragment.startswith("/"):
        return route_problem(fragment)
    if fragment not in parsed(target_file).ids:
        return f"no id {fragment!r} in {target_file.relative_to(SITE)}"
    return None


def test_every_internal_link_in_the_built_site_resolves(site_dir):
    files = html_files()
    assert len(files) >= 14, "the site looks incomplete"
    assert SITE / "app" / "index.html" in files
    broken, checked = [], 0
    for page_file in files:
        for link in parsed(page_file).links:
            checked += 1
            problem = link_problem(page_file, link)
            if problem:
                broken.append(f"{page_file.relative_to(SITE)}: <{link.tag} {link.attr}=\"{link.value}\">: {problem}")
    assert checked > 500
    assert broken == [], f"{len(broken)} broken link(s):\n" + "\n".join(broken)


def test_the_link_checker_catches_what_it_should(site_dir):
    page = SITE / "gids" / "werkfase" / "index.html"

    def check(value, tag="a", attr="href"):
        return link_problem(page, Link(tag, attr, value, True))

    assert check("../afronding/") is None
    assert check("../../app/#/formulier/tussentijdse-evaluatie") is None
    assert check("../../app/#/nieuw?sjabloon=default8") is None
    assert check("#de-tussentijdse-evaluatie") is None
    assert check("../bestaat-niet/") == "no such file in site/ (404)"
    assert "no id" in check("../afronding/#bestaat-niet")
    assert "route not known" in check("../../app/#/formulier/bestaat-niet")
    assert "route not known" in check("../../app/#/traject/abc123")
    assert "parameter" in check("../../app/#/nieuw?onbekend=1")
    assert "sub-path" in check("/gids/afronding/")
    assert "sub-path" in check("../../../gids/afronding/")
    assert check("https://example.org/") is None
    assert check("https://example.org/x.js", tag="script", attr="src") == "loads a resource from another origin"


# --- app -> guide -------------------------------------------------------------------------------

def test_every_guide_link_in_the_app_source_points_at_an_existing_page_and_anchor(site_dir):
    calls = guide_link_calls()
    hrefs = {href for _, href in calls}
    # Every form and phase of the app, and the backup screen, points into the guide.
    for expected in ("../gids/werkfase/#de-tussentijdse-evaluatie", "../gids/werkfase/#sessiestructuur",
                     "../gids/formulieren/#borgingsplan", "../gids/afronding/", "../gids/follow-up/",
                     "../gids/voorbereiding-en-start/", "../gids/bijzondere-situaties/",
                     "../gids/evaluatievragen/", "../privacy-en-backups/"):
        assert expected in hrefs, f"no guide_link to {expected} in the app"
    app_page = SITE / "app" / "index.html"
    broken = [f"{where}: {href}: {problem}" for where, href in calls
              if (problem := link_problem(app_page, Link("a", "href", href, True)))]
    assert broken == [], "guide links from the app that do not resolve:\n" + "\n".join(broken)


def test_app_form_page_links_to_its_guide_page(page, base_url):
    open_app(page, base_url, "#/formulier/tussentijdse-evaluatie")
    view = page.locator("#view")
    title = _messages()["form.midterm.title"]
    view.get_by_role("heading", name=title, exact=True).wait_for()
    assert _messages()["ui.forms.choose"] in view.inner_text()  # the chooser: "Voor welk traject?"
    link = view.locator("a.guide-ref")
    assert link.count() == 1
    assert link.inner_text() == _messages()["ui.guide.read_more"]
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200
    assert page.url == base_url + "gids/werkfase/#de-tussentijdse-evaluatie"
    assert page.locator("article h1").inner_text().rstrip("¶") == "De werkfase"
    assert page.locator("#de-tussentijdse-evaluatie").is_visible()
    assert page.request_log.not_found() == []


# --- guide -> app -------------------------------------------------------------------------------

def _app_links_in_content(page_file: Path) -> list[str]:
    links = []
    for link in parsed(page_file).links:
        if link.tag != "a" or not link.in_content or link.value.startswith(("#", "http")):
            continue
        target = urlsplit(urljoin(BASE + served_path(page_file), link.value))
        if target.path == urlsplit(BASE).path + "app/":
            links.append(link.value)
    return links


@pytest.mark.parametrize("name", PHASE_PAGES)
def test_phase_page_links_to_the_app(site_dir, name):
    page_file = SITE / "gids" / name / "index.html"
    assert page_file.is_file()
    links = _app_links_in_content(page_file)
    assert links, f"gids/{name}/ has no link into the app in its text"
    assert all(link_problem(page_file, Link("a", "href", href, True)) is None for href in links)


def test_guide_link_opens_the_app_on_the_right_screen(page, base_url):
    page.goto(base_url + "gids/werkfase/")
    link = page.locator("article a[href$='app/#/formulier/tussentijdse-evaluatie']").first
    assert link.is_visible()
    with page.expect_navigation():
        link.click()
    wait_for_app(page)
    assert page.evaluate("location.hash") == "#/formulier/tussentijdse-evaluatie"
    assert page.url.startswith(base_url + "app/")
    view = page.locator("#view")
    view.get_by_role("heading", name=_messages()["form.midterm.title"], exact=True).wait_for()
    assert view.locator("a.guide-ref").get_attribute("href") == "../gids/werkfase/#de-tussentijdse-evaluatie"
    assert page.request_log.foreign() == []
    assert page.request_log.not_found() == []


# --- phone, desktop, dark mode, print, search, other origins ----------------------------------

LAYOUT_PROBLEMS = """() => {
  const width = window.innerWidth, problems = [];
  const scroller = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') return node;
    }
    return null;
  };
  const tables = [...document.querySelectorAll('article table')];
  tables.forEach((table, i) => {
    const box = scroller(table);
    if (!box) { if (table.getBoundingClientRect().right > width + 1) problems.push(`table ${i} overflows, no scroll box`); return; }
    const r = box.getBoundingClientRect();
    if (r.left < -1 || r.right > width + 1) problems.push(`table ${i}: scroll box ${r.left}..${r.right} wider than the screen`);
  });
  document.querySelectorAll('article .task-list-item, article .admonition, article details, article p, article li').forEach((el) => {
    if (scroller(el) && el.closest('table')) return;
    const r = el.getBoundingClientRect();
    if (r.width && (r.left < -1 || r.right > width + 1)) problems.push(`${el.tagName.toLowerCase()}.${el.className} sticks out: ${r.left}..${r.right}`);
  });
  return {problems, tables: tables.length, checklist: document.querySelectorAll('article .task-list-item').length};
}"""


@pytest.mark.parametrize("path,name", [("", "guide-home-390"), ("gids/werkfase/", "guide-werkfase-390"),
                                       ("gids/afronding/", None), ("gids/formulieren/", None),
                                       ("privacy-en-backups/", None)])
def test_guide_fits_a_phone(page, base_url, path, name):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    layout = page.evaluate(LAYOUT_PROBLEMS)
    assert layout["tables"] >= 1, "expected a table on this page"
    assert layout["problems"] == []
    if path in ("gids/werkfase/", "gids/afronding/", "privacy-en-backups/"):
        assert layout["checklist"] >= 3, "the checklist did not render as a task list"
    # The navigation folds into the drawer; the header still shows the title and search.
    assert page.locator("label.md-header__button[for='__drawer']").is_visible()
    if name:
        screenshot(page, name)


@pytest.mark.parametrize("path,name", [("", "guide-home-1280"), ("gids/afronding/", "guide-afronding-1280")])
def test_guide_on_a_desktop_has_tabs_and_a_table_of_contents(page, base_url, path, name):
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    tabs = page.locator("a.md-tabs__link")
    assert tabs.first.is_visible()
    assert {"Home", "Gids", "App", "Ontwikkelaars"} <= {t.strip() for t in tabs.all_inner_texts()}
    if path:
        toc = page.locator(".md-sidebar--secondary nav.md-nav--secondary")
        assert toc.is_visible()
        assert toc.locator("a.md-nav__link").count() >= 4
        assert page.locator("article .admonition").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, name)


def test_dark_mode_toggle(page, base_url):
    page.goto(base_url + "gids/afronding/")
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    assert scheme() == "default"
    page.locator("label.md-header__button[title='Donkere modus']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    # The choice is remembered on the next page.
    page.goto(base_url + "gids/werkfase/")
    assert scheme() == "slate"
    page.locator("label.md-header__button[title='Lichte modus']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")


def test_phase_page_prints_without_navigation(page, base_url):
    page.goto(base_url + "gids/werkfase/")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    assert page.locator("article h1").is_visible()
    assert page.locator("article table").first.is_visible()
    assert page.locator("#de-tussentijdse-evaluatie").is_visible()
    box = page.locator("article").bounding_box()
    assert box["width"] > 900, "the content does not use the page width when printed"
    screenshot(page, "guide-werkfase-print")


def test_search_is_in_dutch(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    lang = index["config"]["lang"]
    assert "nl" in (lang if isinstance(lang, list) else [lang])
    assert (site_dir / "assets" / "javascripts" / "lunr" / "min" / "lunr.nl.min.js").is_file()
    titles = {doc["title"] for doc in index["docs"]}
    assert {"De werkfase", "Afronding", "Privacy en backups"} <= titles


def test_no_guide_page_requests_anything_from_another_origin(page, base_url):
    pages = [served_path(p) for p in html_files() if p.relative_to(SITE).parts[0] != "app"]
    assert len(pages) >= 13
    for path in pages:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "nl", path
    assert page.request_log.foreign() == []
    assert page.request_log.not_found() == []
