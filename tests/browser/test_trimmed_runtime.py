"""The trimmed runtime (tools/startup_files.py): the site ships only the standard library
modules the app and PyScript can reach, and only the PyScript files the page loads. Every
module the app can import at run time - every module of its packages, and every module named
in any import statement of their sources, also those inside functions (the lazily loaded
calendar, share and print code) - imports in the shipped runtime, started the normal way
(no snapshot, so nothing is already imported).

Both archives hold bytecode, not source (tools/compile_python.py): the modules must load from
it, so a first visit does not compile them."""

import ast
import json
import zipfile

from conftest import ROOT, SITE

PACKAGES = {"traject": ROOT / "pyodide_modules" / "traject", "webapp": ROOT / "app" / "webapp"}


def reachable_modules():
    """Every module of the app's packages, and every module any import statement in their
    source names (also the ones inside functions)."""
    names = set()
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            dotted = ".".join((package, *path.relative_to(folder).with_suffix("").parts))
            names.add(dotted.removesuffix(".__init__"))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names.add(node.module)
    return sorted(names)


SCRIPT = r"""
import importlib, json, os, sys
os.chdir("/home/pyodide")
sys.path.insert(0, "/home/pyodide")
names = set(NAMES)
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
            "webapp_share": "webapp.views.share" in sys.modules, "calendar": "traject.calendar_ics" in sys.modules,
            "files": [sys.modules[name].__file__ for name in ("webapp.app", "traject.services", "json", "asyncio.events")]})
"""


def test_every_module_the_app_can_reach_imports_in_the_trimmed_runtime(page, base_url):
    page.goto(base_url + "app/pyscript.json")  # same origin, without the app page's CSP
    result = page.evaluate("""async ([base, code]) => {
        const { loadPyodide } = await import(base + 'runtime/pyodide/pyodide.mjs');
        const py = await loadPyodide({ indexURL: base + 'runtime/pyodide/' });
        const zip = await (await fetch(base + 'app/python.zip')).arrayBuffer();
        py.unpackArchive(zip, 'zip', { extractDir: '/home/pyodide' });
        return py.runPython(code);
    }""", [base_url, SCRIPT.replace("NAMES", json.dumps(reachable_modules()))])
    data = json.loads(result)
    assert data["failed"] == {}
    assert data["imported"] > 50 and data["webapp_share"] and data["calendar"]
    assert data["shipped_unused"] is False
    # loaded from the shipped bytecode (the app's own files and the standard library's)
    assert data["files"] == ["/home/pyodide/webapp/app.pyc", "/home/pyodide/traject/services/__init__.pyc",
                             "/lib/python314.zip/json/__init__.pyc", "/lib/python314.zip/asyncio/events.pyc"]


def test_the_archives_hold_bytecode_with_file_names_of_the_browser():
    for archive_path, prefix in ((SITE / "app" / "python.zip", "/home/pyodide/"),
                                 (SITE / "runtime" / "pyodide" / "python_stdlib.zip", "/lib/python314.zip/")):
        with zipfile.ZipFile(archive_path) as archive:
            names = archive.namelist()
            assert not [name for name in names if name.endswith(".py")], archive_path
            assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())  # the server compresses
            pyc = [name for name in names if name.endswith(".pyc")]
            assert len(pyc) > 80
            # unchecked hash-based pyc (PEP 552): flags 0b01 - used without looking for the source
            assert all(int.from_bytes(archive.read(name)[4:8], "little") == 1 for name in pyc)
    with zipfile.ZipFile(SITE / "app" / "python.zip") as archive:
        assert "traject/messages_nl.json" in archive.namelist()


def test_only_what_the_page_uses_is_shipped():
    import zipfile

    with zipfile.ZipFile(SITE / "runtime" / "pyodide" / "python_stdlib.zip") as archive:
        names = set(archive.namelist())
    assert "json/__init__.pyc" in names and "asyncio/__init__.pyc" in names and "encodings/cp1252.pyc" in names
    assert not any(name.startswith(("unittest/", "multiprocessing/", "_pyrepl/", "xmlrpc/")) for name in names)
    pyscript = {path.name for path in (SITE / "runtime" / "pyscript").iterdir()}
    assert "core.js" in pyscript
    assert not any(name.startswith(("codemirror", "xterm")) for name in pyscript)
