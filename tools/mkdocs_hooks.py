"""MkDocs hook: turn the guide build into the whole static site.

After MkDocs has written the guide, this hook adds

* ``app/``            the app page, its CSS/JS, the web app manifest (names from the
                      catalogue; icons in ``docs/img``, made by ``tools/make_icons.py``)
                      and the PyScript config;
* ``app/python.zip``  the domain package (``pyodide_modules/traject``) and the
                      browser layer (``app/webapp``);
* ``app/python.snapshot.gz``  a Pyodide memory snapshot with those packages already
                      imported (``tools/make_snapshot.mjs``, run with Node on the very
                      Pyodide the site ships). ``app/pyodide-loader.mjs`` starts Pyodide from
                      it, or, if it cannot be used, starts Pyodide the normal way and unpacks
                      ``python.zip`` into the interpreter's working directory;
* ``runtime/``        PyScript and Pyodide, copied from ``node_modules`` (pinned
                      by ``package-lock.json``; never committed);
* ``schema/``         the JSON Schema of the backup format;
* ``X.br``, ``X.gz``  compressed copies beside every large file, for hosts that serve them
                      (``tools/precompress.py``; never precached);
* ``sw.js``           the service worker (from ``app/sw.js``): it precaches every file of
                      the site under a cache named after the build hash (a hash of all
                      precached files), so the site works offline after one visit and a new
                      deploy replaces the old cache. The same hash is the app's build id
                      (``<html data-build>``), which the stored overview snapshot carries.

Every path the app uses is relative, so the folder works from any static host
and under any sub-path.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from precompress import is_compressed_copy, write_compressed  # noqa: E402
from startup_files import (check_snapshot_size, compile_archive, prune_pyscript, trim_stdlib,  # noqa: E402
                           write_download_sizes)

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
PYSCRIPT_DIST = NODE / "@pyscript" / "core" / "dist"
PYODIDE_DIR = NODE / "pyodide"
# Pyodide core files needed to start the interpreter (no packages are used).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                 "python_stdlib.zip", "pyodide-lock.json")
CATALOGUE = ROOT / "pyodide_modules" / "traject" / "messages_nl.json"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed timestamps: identical input gives an identical zip

# Content-Security-Policy, as a <meta> tag on every page (a static host may not let us set
# headers). Scripts only from the site itself; inline scripts only by their hash (the guide
# theme has three small ones). Guide pages: no eval of any kind. The app page also needs
# 'wasm-unsafe-eval' (Pyodide compiles its WebAssembly) and 'unsafe-eval': PyScript 0.7.31
# composes its hook functions with Function() while it starts (core hooks.js,
# createFunction), and refuses to start without it. Injected markup still cannot run:
# inline scripts and event-handler attributes stay forbidden, and the app never evaluates
# data. Workers: the guide's search runs in a same-origin worker. No plugins, no <base>
# tricks, forms only to the site itself.
CSP = ("default-src 'self'; script-src 'self'{hashes}{wasm}; style-src 'self'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'")
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def add_csp(html: str, wasm: bool = False) -> str:
    """Insert the CSP meta tag as the first element of <head>, with the hashes of the
    page's inline scripts."""
    hashes = "".join(
        " 'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html))
    policy = CSP.format(hashes=hashes, wasm=" 'wasm-unsafe-eval' 'unsafe-eval'" if wasm else "")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace("<head>", "<head>\n  " + tag, 1)


GUIDE_STORAGE_FALLBACK = Path(__file__).resolve().parent / "guide_storage_fallback.js"


def on_post_page(output: str, page, config) -> str:
    fallback = GUIDE_STORAGE_FALLBACK.read_text(encoding="utf-8").strip()
    return add_csp(output.replace("<head>", f"<head>\n  <script>{fallback}</script>", 1))


def on_post_template(output: str, template_name: str, config) -> str:
    """The Dutch 404 page (theme/404.html): catalogue texts filled in, its script allowed by hash."""
    if template_name == "404.html":
        return add_csp(_fill_messages(output))
    return output


def _copy_tree(src: Path, dst: Path, skip_suffixes=(".map",)) -> None:
    for path in sorted(src.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts or path.suffix in skip_suffixes:
            continue
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def _python_files(package_dir: Path, arc_prefix: str):
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".json"):
            yield path, f"{arc_prefix}/{path.relative_to(package_dir).as_posix()}"


def build_python_zip(target: Path) -> list[str]:
    """Zip the domain package and the browser layer; return the archive names."""
    names = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for package_dir, prefix in ((ROOT / "pyodide_modules" / "traject", "traject"),
                                    (ROOT / "app" / "webapp", "webapp")):
            for path, name in _python_files(package_dir, prefix):
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
                names.append(name)
    return names


def _fill_messages(html: str) -> str:
    """Replace ``{{msg:key}}`` in a page with the catalogue's Dutch text."""
    messages = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    out, pos = [], 0
    while (start := html.find("{{msg:", pos)) != -1:
        end = html.index("}}", start)
        key = html[start + 6:end]
        if key not in messages:
            raise PluginError(f"app page uses unknown message key {key!r}")
        out.append(html[pos:start])
        out.append(messages[key])
        pos = end + 2
    out.append(html[pos:])
    return "".join(out)


def on_post_build(config, **kwargs) -> None:
    site = Path(config["site_dir"])
    if not PYSCRIPT_DIST.is_dir() or not PYODIDE_DIR.is_dir():
        raise PluginError("node_modules ontbreekt: run 'npm ci' (of 'make serve') eerst")

    runtime = site / "runtime"
    shutil.rmtree(runtime, ignore_errors=True)
    _copy_tree(PYSCRIPT_DIST, runtime / "pyscript")
    prune_pyscript(runtime / "pyscript")
    (runtime / "pyodide").mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE_DIR / name, runtime / "pyodide" / name)

    app = site / "app"
    shutil.rmtree(app, ignore_errors=True)
    app.mkdir(parents=True)
    for path in sorted((ROOT / "app").iterdir()):
        if path.name == SW_SOURCE.name:
            continue  # the service worker goes to the site root (see write_service_worker)
        if path.is_file() and path.suffix in (".html", ".css", ".js", ".mjs", ".py", ".svg", ".webmanifest"):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".webmanifest":  # the installable app's name, from the catalogue
                text = _fill_messages(text)
                json.loads(text)
            if path.suffix == ".html":
                # Only the app page runs Pyodide; the client's form page (formulier.html) needs no eval.
                text = add_csp(_fill_messages(text), wasm=path.name == "index.html")
            (app / path.name).write_text(text, encoding="utf-8")
    build_python_zip(app / "python.zip")
    # Only the standard library modules the app can reach; the snapshot is made on that same
    # archive (zipimport keeps its table of contents in the image).
    trim_stdlib(PYODIDE_DIR, app / "python.zip", runtime / "pyodide" / "python_stdlib.zip")
    # Bytecode instead of source in both archives: a start without the snapshot (a first visit)
    # then skips compiling every module it imports.
    compile_archive(PYODIDE_DIR, runtime / "pyodide" / "python_stdlib.zip", "stdlib")
    compile_archive(PYODIDE_DIR, app / "python.zip", "/home/pyodide")
    build_snapshot(app / "python.zip", app / SNAPSHOT_NAME, runtime / "pyodide")
    check_snapshot_size(app / SNAPSHOT_NAME)
    write_download_sizes(site)
    pyscript_config = {
        # Resolved against the page URL by PyScript, so it works under any sub-path. The
        # loader provides the app's Python files itself (from the snapshot or python.zip).
        "interpreter": "./pyodide-loader.mjs",
    }
    (app / "pyscript.json").write_text(json.dumps(pyscript_config, indent=2), encoding="utf-8")

    schema_src = ROOT / "pyodide_modules" / "traject" / "schema"
    if schema_src.is_dir():
        _copy_tree(schema_src, site / "schema")
    write_service_worker(site)
    write_compressed(site)


# --- start-up snapshot -------------------------------------------------------------------------

SNAPSHOT_NAME = "python.snapshot.gz"
SNAPSHOT_SCRIPT = ROOT / "tools" / "make_snapshot.mjs"
SNAPSHOT_CACHE = ROOT / ".cache" / "snapshot"


def build_snapshot(python_zip: Path, target: Path, pyodide_dir: Path = PYODIDE_DIR) -> None:
    """Write the Pyodide memory snapshot for this ``python.zip`` to ``target``.

    Making one takes a few seconds (Node starts the shipped Pyodide and imports the app), so
    it is kept in ``.cache/snapshot/`` under a hash of everything that goes into it.
    """
    node = shutil.which("node")
    if node is None:
        raise PluginError("node ontbreekt: nodig om de start-snapshot van Pyodide te maken")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    digest = hashlib.sha256(version.encode())
    for path in [python_zip, SNAPSHOT_SCRIPT] + [pyodide_dir / name for name in PYODIDE_FILES]:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    cached = SNAPSHOT_CACHE / f"{digest.hexdigest()[:24]}.gz"
    if not cached.exists():
        SNAPSHOT_CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        done = subprocess.run([node, str(SNAPSHOT_SCRIPT), str(pyodide_dir), str(python_zip), str(partial)],
                              capture_output=True, text=True)
        if done.returncode != 0 or not partial.exists():
            raise PluginError("start-snapshot maken mislukt:\n" + (done.stderr or done.stdout)[-3000:])
        partial.replace(cached)
    shutil.copy2(cached, target)


# --- offline: service worker and build id ---------------------------------------------------

SW_SOURCE = ROOT / "app" / "sw.js"
SW_NAME = "sw.js"
BUILD_ATTR = "data-build"
# Not precached: source maps, sitemaps (their dates change with every build), the marker
# file of `make`, and the service worker itself.
NOT_PRECACHED = re.compile(r"(\.map|^sitemap\.xml(\.gz)?|^\.built|^" + re.escape(SW_NAME) + r")$")
APP_PAGE = "app/index.html"


def precache_files(site: Path) -> list[str]:
    """Every file of the site the service worker stores, relative to the site root."""
    names = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if (path.is_file() and not NOT_PRECACHED.search(rel) and not rel.startswith("bench-")
                and not is_compressed_copy(path)):
            names.append(rel)
    return names


def build_hash(site: Path, names: list[str]) -> str:
    """Hash of the names and contents of all precached files (the app page without its build
    id, so the id can be written into it afterwards)."""
    digest = hashlib.sha256()
    for rel in names:
        data = (site / rel).read_bytes()
        if rel == APP_PAGE:
            data = re.sub(rb' data-build="[^"]*"', b"", data)
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:16]


def write_service_worker(site: Path) -> str:
    """Write ``sw.js`` at the site root and the build id into the app page; returns the id.
    Run again after changing any file of a built site to give it a new cache version."""
    names = precache_files(site)
    build = build_hash(site, names)
    page = site / APP_PAGE
    if page.exists():
        html = re.sub(r' data-build="[^"]*"', "", page.read_text(encoding="utf-8"))
        page.write_text(html.replace("<html ", f'<html {BUILD_ATTR}="{build}" ', 1), encoding="utf-8")
    # URLs relative to the service worker (the site root); a page is cached under its folder URL.
    urls = [rel[:-len("index.html")] or "./" if rel.endswith("index.html") else rel for rel in names]
    source = SW_SOURCE.read_text(encoding="utf-8")
    if "__BUILD__" not in source or "__PRECACHE__" not in source:
        raise PluginError("app/sw.js mist __BUILD__ of __PRECACHE__")
    (site / SW_NAME).write_text(source.replace('"__BUILD__"', json.dumps(build))
                                .replace('["__PRECACHE__"]', json.dumps(urls, indent=0)), encoding="utf-8")
    return build
