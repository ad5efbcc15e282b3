// Build-time Pyodide memory snapshot of the app's start-up state.
//
// usage: node tools/make_snapshot.mjs <pyodide dir> <python.zip> <out file>
//
// Loads the very Pyodide the site ships (same pyodide.asm.wasm, so the same build id),
// unpacks the app's python.zip where PyScript unpacks it in the browser (/home/pyodide),
// imports what the app and PyScript's own Python modules import at start-up, and writes
// the memory image, gzip-compressed with its trailing zero bytes dropped. In the browser,
// app/pyodide-loader.mjs hands it to loadPyodide (_loadSnapshot) so CPython's start and
// these imports are skipped. Only pure-Python modules are imported here; nothing touches
// the DOM, and `js` is Node's globalThis, which Pyodide records as a path and rebinds to
// the page's globalThis on restore.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";

const [pyodideDir, zipPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node make_snapshot.mjs <pyodide dir> <python.zip> <out file>");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + "/",
  _makeSnapshot: true,
  stdout: () => {},
  stderr: (line) => console.error(line),
});
py.unpackArchive(new Uint8Array(fs.readFileSync(zipPath)), "zip", { extractDir: "/home/pyodide" });
py.runPython(`
import os, sys
os.chdir("/home/pyodide")
os.environ.pop("_", None)  # Node's script path: not the browser's business
# What PyScript's own Python modules (pyscript/*.py in core.js) import at start-up.
import asyncio, base64, binascii, collections, functools, html, inspect, io, json, pathlib
import pyodide.ffi
# Standard modules the app imports only when needed.
import traceback, urllib.parse
# Every module of the app's two packages, and the message catalogue: in the browser the
# app then needs no files of its own (python.zip is only unpacked if the snapshot fails).
import pkgutil, importlib
for package in ("traject", "webapp"):
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(info.name)
import traject.messages
traject.messages.catalogue()
missing = []
for package in ("traject", "webapp"):
    for folder, _dirs, files in os.walk(package):
        for name in files:
            if name.endswith(".py"):
                module = os.path.join(folder, name[:-3]).replace("/", ".").removesuffix(".__init__")
                if module not in sys.modules:
                    missing.append(module)
if missing:
    raise SystemExit("not imported into the snapshot: " + ", ".join(missing))
`);
const image = py.makeMemorySnapshot();
// The heap's unused tail is zeros, as in a fresh heap: leave it out (restoreSnapshot copies
// what it gets to the start of the heap; its header is read as 32-bit words).
let end = image.length;
while (end > 0 && image[end - 1] === 0) end--;
end = Math.ceil(end / 4) * 4;
const packed = zlib.gzipSync(image.subarray(0, end), { level: 9 });
fs.writeFileSync(outPath, packed);
console.log(`snapshot: ${image.length} bytes of memory, ${end} kept, ${packed.length} gzip-compressed`);
