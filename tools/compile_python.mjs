// usage: node tools/compile_python.mjs <pyodide dir> <in.zip> <out.zip> <path prefix>
// Writes <out.zip>: <in.zip> with every .py file replaced by its bytecode (.pyc, compiled by
// that Pyodide's own CPython, so the format matches the browser's), other files unchanged,
// nothing compressed inside (the server compresses the whole file). <path prefix> is where the
// archive's files live in the browser (the file names tracebacks show).
// See tools/compile_python.py for why.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, inZip, outZip, prefix] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/", stdout: (line) => console.log(line),
                               stderr: (line) => console.error(line) });
py.FS.writeFile("/in.zip", new Uint8Array(fs.readFileSync(inZip)));
const script = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "compile_python.py"), "utf8");
py.runPython(script);
py.globals.get("compile_archive")("/in.zip", "/out.zip", prefix);
fs.writeFileSync(outZip, py.FS.readFile("/out.zip"));
