"""Run inside Pyodide (tools/stdlib_modules.mjs): which standard library files the app can reach.

Starts from every module of the app's packages (``traject``, ``webapp``, unpacked in the
working directory), every module their sources import anywhere (also inside functions: the
lazily loaded ones), what PyScript's own Python modules import, and what the interpreter has
loaded by then; then follows every import statement of each standard library module found,
transitively (a static closure: an import that only runs on some path is kept too). Prints
the archive names in ``python314.zip`` that these modules live in, as JSON.
"""

import ast
import importlib
import importlib.util
import json
import os
import pkgutil
import sys

APP_PACKAGES = ("traject", "webapp")
# What PyScript's Python modules (embedded in core.js) import; see tools/make_snapshot.mjs.
PYSCRIPT_IMPORTS = ("asyncio", "base64", "binascii", "collections", "functools", "html", "inspect", "io",
                    "json", "pathlib", "pyodide.ffi", "pyodide.code", "pyodide.http", "pyodide.webloop",
                    "traceback", "urllib.parse", "weakref", "ast", "textwrap", "types", "typing")
# Kept whole: codecs are looked up by name at run time, Pyodide's own packages import lazily.
WHOLE_PACKAGES = ("encodings", "pyodide", "_pyodide")
# Never followed nor shipped: what cannot run in a browser tab, and developer tools. Some
# modules the app uses import these only inside functions it never calls (asyncio's
# subprocess support, inspect's help, email through urllib's request module ...).
NOT_IN_A_BROWSER = frozenset((
    "multiprocessing", "concurrent.futures.process", "subprocess", "unittest", "doctest", "pdb", "pydoc",
    "pydoc_data", "_pyrepl", "idlelib", "tkinter", "turtle", "turtledemo", "ensurepip", "venv", "lib2to3",
    "sqlite3", "dbm", "curses", "wsgiref", "http.server", "xmlrpc", "socketserver", "ssl", "smtplib",
    "imaplib", "poplib", "ftplib", "nntplib", "mailbox", "webbrowser", "profile", "cProfile", "pstats",
    "timeit", "trace", "tabnanny", "pyclbr", "zipapp", "compileall", "py_compile", "getpass", "pty", "tty",
    "urllib.request", "http.client", "http.cookiejar", "netrc", "asyncio.unix_events", "asyncio.windows_events",
    "selectors", "site", "sysconfig", "_sysconfig", "ctypes", "tracemalloc", "cmd", "code",
))
ZIP = next(path for path in sys.path if path.endswith(".zip"))


def imports_of(source, module, is_package):
    """Absolute names imported anywhere in ``source`` (relative imports resolved)."""
    names = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return names
    base = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = base.split(".")
                parent = ".".join(parts[:len(parts) - node.level + 1])
                target = f"{parent}.{node.module}" if node.module else parent
            else:
                target = node.module
            if not target:
                continue
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


def spec_of(name):
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError, AttributeError):
        return None


def main():
    loaded = set(sys.modules)  # what the interpreter itself needed to start
    todo = set(PYSCRIPT_IMPORTS) | loaded
    for package in APP_PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            todo.add(info.name)
        todo.add(package)
    for package in APP_PACKAGES:
        for folder, _dirs, files in os.walk(package):
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    module = path[:-3].replace("/", ".").removesuffix(".__init__")
                    with open(path, encoding="utf-8") as handle:
                        todo |= imports_of(handle.read(), module, name == "__init__.py")
    seen, files = set(), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in loaded and any(name == denied or name.startswith(denied + ".") for denied in NOT_IN_A_BROWSER):
            continue
        parent = name.rpartition(".")[0]
        if parent:
            todo.add(parent)
        spec = spec_of(name)
        if name in loaded and spec is not None and spec.origin and spec.origin.startswith(ZIP + "/"):
            files.add(spec.origin[len(ZIP) + 1:])  # loaded at start: kept whatever it is
        if spec is None or not spec.origin or not spec.origin.startswith(ZIP + "/"):
            continue
        files.add(spec.origin[len(ZIP) + 1:])
        source = spec.loader.get_source(name)
        if source:
            todo |= imports_of(source, name, spec.submodule_search_locations is not None)
    return sorted(files)


print(json.dumps({"zip": ZIP, "files": main(), "whole": WHOLE_PACKAGES}))
