"""Build checks and facts about the files the app page loads at start-up.

* ``check_snapshot_size``: the Pyodide memory snapshot must stay well under the size Pyodide
  can restore; the build stops with a clear message above ``SNAPSHOT_WARN_FRACTION`` of it.
* ``trim_stdlib``: Pyodide's standard library archive, cut down to the modules the app and
  PyScript can reach at run time (``tools/stdlib_needed.py``, run in Pyodide under Node by
  ``tools/stdlib_modules.mjs``): 2.5 MB less to download on a first visit.
* ``compile_archive``: replaces the ``.py`` files of an archive (the trimmed standard library,
  the app's ``python.zip``) by bytecode made by the shipped Pyodide (``tools/compile_python.py``):
  on a start without the snapshot CPython no longer compiles some 300 modules first.
* ``prune_pyscript``: drops the PyScript files the app page never loads (the code editor, the
  terminal, MicroPython, TOML and zip support): they would only fill the offline cache.
* ``write_download_sizes``: writes the sizes of the files Pyodide fetches on a normal start
  into the built ``app/pyodide-loader.mjs``, so the loading screen can show
  "x van y MB" while they come in.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError

# Pyodide 314 restores a memory image only up to 30 MiB (measured for issue 18; the snapshot
# options are not a public Pyodide API, so check this again after every Pyodide upgrade).
SNAPSHOT_LIMIT_BYTES = 30 * 2**20
SNAPSHOT_WARN_FRACTION = 0.9
# What the loader fetches (with fetch(), so it can count the bytes) on a start without the
# snapshot, relative to the site root.
DOWNLOADED = ("runtime/pyodide/pyodide.asm.wasm", "runtime/pyodide/python_stdlib.zip",
              "runtime/pyodide/pyodide-lock.json", "app/python.zip")
SIZES_PLACEHOLDER = '{"__DOWNLOAD_SIZES__": 0}'
LOADER = "app/pyodide-loader.mjs"


def check_snapshot_size(snapshot_gz: Path) -> int:
    """Return the snapshot's unpacked size in bytes; raise PluginError (stopping the build)
    when it is above 90% of what Pyodide can restore."""
    size = len(gzip.decompress(snapshot_gz.read_bytes()))
    limit = SNAPSHOT_LIMIT_BYTES * SNAPSHOT_WARN_FRACTION
    if size > limit:
        raise PluginError(
            f"De start-snapshot van Pyodide is {size / 2**20:.1f} MiB; boven {limit / 2**20:.1f} MiB "
            f"(90% van de {SNAPSHOT_LIMIT_BYTES / 2**20:.0f} MiB die Pyodide kan terugzetten) wordt hij "
            "te krap. Importeer minder in tools/make_snapshot.mjs of maak de app-modules kleiner.")
    return size


TOOLS = Path(__file__).resolve().parent
STDLIB_CACHE = TOOLS.parent / ".cache" / "stdlib"
STDLIB_NAME = "python_stdlib.zip"


def _digest(paths, salt: str = "") -> str:
    """A cache key: 24 hex digits of a hash over ``salt`` and the names and contents of ``paths``."""
    digest = hashlib.sha256(salt.encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def _node(script: str, args, needed_for: str, failure: str) -> str:
    """Run ``node tools/<script> <args>`` and return its standard output. Raises PluginError
    (Dutch: ``needed_for`` when Node is missing, ``failure`` with the output when it fails)."""
    node = shutil.which("node")
    if node is None:
        raise PluginError(f"node ontbreekt: nodig om {needed_for}")
    done = subprocess.run([node, str(TOOLS / script), *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        raise PluginError(f"{failure}:\n" + (done.stderr or done.stdout)[-3000:])
    return done.stdout


def _needed_stdlib(pyodide_dir: Path, python_zip: Path) -> dict:
    """{"files": [...], "whole": [...]} from tools/stdlib_modules.mjs, cached by its inputs."""
    key = _digest((python_zip, TOOLS / "stdlib_modules.mjs", TOOLS / "stdlib_needed.py",
                   pyodide_dir / STDLIB_NAME, pyodide_dir / "pyodide.asm.wasm"))
    cached = STDLIB_CACHE / f"{key}.json"
    if not cached.exists():
        out = _node("stdlib_modules.mjs", (pyodide_dir, python_zip), "de standaardbibliotheek van Pyodide in te korten",
                    "standaardbibliotheek inkorten mislukt")
        STDLIB_CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(out.strip().splitlines()[-1], encoding="utf-8")
    return json.loads(cached.read_text(encoding="utf-8"))


def trim_stdlib(pyodide_dir: Path, python_zip: Path, target: Path) -> tuple[int, int]:
    """Write to ``target`` the standard library archive of ``pyodide_dir`` with only the files
    the app can reach (same names, dates and order); returns (bytes before, bytes after)."""
    needed = _needed_stdlib(pyodide_dir, python_zip)
    keep = set(needed["files"])
    whole = tuple(package + "/" for package in needed["whole"])
    folders = {name.rsplit("/", 1)[0] + "/" for name in keep if "/" in name}
    source = pyodide_dir / STDLIB_NAME
    partial = target.with_suffix(".partial")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(partial, "w") as trimmed:
        for info in original.infolist():
            if info.filename in keep or info.filename.startswith(whole) or info.filename in folders:
                trimmed.writestr(info, original.read(info), compress_type=info.compress_type, compresslevel=9)
    partial.replace(target)
    return source.stat().st_size, target.stat().st_size


COMPILED_CACHE = TOOLS.parent / ".cache" / "compiled"


def compile_archive(pyodide_dir: Path, archive: Path, prefix: str) -> int:
    """Replace ``archive`` (a zip of Python source and data files) by the same archive with
    bytecode for every module (tools/compile_python.mjs, cached by its inputs); returns the new
    size in bytes. ``prefix`` is where the members live in the browser (traceback file names),
    or ``"stdlib"`` for the standard library archive.
    Raises PluginError when Node is missing or a module does not compile."""
    key = _digest((archive, TOOLS / "compile_python.mjs", TOOLS / "compile_python.py",
                   pyodide_dir / "pyodide.asm.wasm"), salt=prefix)
    cached = COMPILED_CACHE / f"{key}.zip"
    if not cached.exists():
        partial = cached.with_suffix(".partial")
        COMPILED_CACHE.mkdir(parents=True, exist_ok=True)
        _node("compile_python.mjs", (pyodide_dir, archive, partial, prefix), "de Python-bestanden vooraf te compileren",
              f"{archive.name} compileren mislukt")
        partial.replace(cached)
    shutil.copyfile(cached, archive)
    return archive.stat().st_size


# PyScript files (by name prefix) that only <script type="py-editor">, the terminal,
# MicroPython, a TOML config, a "files" zip or py-game load, which the app does not use.
PYSCRIPT_UNUSED = ("codemirror", "xterm", "mpy-", "py-Dl-", "toml-", "zip-", "index-", "pyodide_graph-",
                   "service-worker.js", "storage.js")


def prune_pyscript(folder: Path) -> list[str]:
    """Delete the unused PyScript files from the copied ``folder``; returns their names."""
    dropped = sorted(path.name for path in folder.iterdir() if path.name.startswith(PYSCRIPT_UNUSED))
    for name in dropped:
        (folder / name).unlink()
    return dropped


def write_download_sizes(site: Path) -> dict[str, int]:
    """Replace the size placeholder in the built loader with {file name: bytes}."""
    sizes = {Path(rel).name: (site / rel).stat().st_size for rel in DOWNLOADED}
    loader = site / LOADER
    text = loader.read_text(encoding="utf-8")
    if SIZES_PLACEHOLDER not in text:
        raise PluginError(f"{LOADER} mist {SIZES_PLACEHOLDER}")
    loader.write_text(text.replace(SIZES_PLACEHOLDER, json.dumps(sizes)), encoding="utf-8")
    return sizes
