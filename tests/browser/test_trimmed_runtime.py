"""The trimmed runtime (tools/startup_files.py): the site ships only the standard library
modules the app and PyScript can reach, and only the PyScript files the page loads. Every
module the app can import at run time - every module of its packages, and every module named
in any import statement of their sources, also those inside functions (the lazily loaded
calendar, share and print code) - imports in the shipped runtime, started the normal way
(no snapshot, so nothing is already imported)."""

import json

from conftest import SITE

SCRIPT = r"""
import ast, importlib, json, os, pkgutil, sys
os.chdir("/home/pyodide")
sys.path.insert(0, "/home/pyodide")
names = set()
for package in ("traject", "webapp"):
    for folder, _dirs, files in os.walk(package):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            names.add(path[:-3].replace("/", ".").removesuffix(".__init__"))
            for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names.add(node.module)
# What PyScript's own Python modules import (tools/stdlib_needed.py, PYSCRIPT_IMPORTS).
names.update(["asyncio", "base64", "binascii", "collections", "functools", "html", "inspect", "io", "json",
              "pathlib", "pyodide.ffi", "pyodide.code", "pyodide.http", "pyodide.webloop", "traceback",
              "urllib.parse", "weakref", "ast", "textwrap", "types", "typing"])
failed = {}
for name in sorted(names):
    if name == "js" or name.startswith("js."):
        continue
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed[name] = f"{type(exc).__name__}: {exc}"
try:
    import unittest  # noqa: F401 - a module no part of the app uses: not shipped
    shipped_unused = True
except ImportError:
    shipped_unused = False
json.dumps({"imported": len(names), "failed": failed, "shipped_unused": shipped_unused,
            "webapp_share": "webapp.views.share" in sys.modules, "calendar": "traject.calendar_ics" in sys.modules})
"""


def test_every_module_the_app_can_reach_imports_in_the_trimmed_runtime(page, base_url):
    page.goto(base_url + "app/pyscript.json")  # same origin, without the app page's CSP
    result = page.evaluate("""async ([base, code]) => {
        const { loadPyodide } = await import(base + 'runtime/pyodide/pyodide.mjs');
        const py = await loadPyodide({ indexURL: base + 'runtime/pyodide/' });
        const zip = await (await fetch(base + 'app/python.zip')).arrayBuffer();
        py.unpackArchive(zip, 'zip', { extractDir: '/home/pyodide' });
        return py.runPython(code);
    }""", [base_url, SCRIPT])
    data = json.loads(result)
    assert data["failed"] == {}
    assert data["imported"] > 50 and data["webapp_share"] and data["calendar"]
    assert data["shipped_unused"] is False


def test_only_what_the_page_uses_is_shipped():
    import zipfile

    with zipfile.ZipFile(SITE / "runtime" / "pyodide" / "python_stdlib.zip") as archive:
        names = set(archive.namelist())
    assert "json/__init__.py" in names and "asyncio/__init__.py" in names and "encodings/cp1252.py" in names
    assert not any(name.startswith(("unittest/", "multiprocessing/", "_pyrepl/", "xmlrpc/")) for name in names)
    pyscript = {path.name for path in (SITE / "runtime" / "pyscript").iterdir()}
    assert "core.js" in pyscript
    assert not any(name.startswith(("codemirror", "xterm")) for name in pyscript)
