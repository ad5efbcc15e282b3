// usage: node tools/stdlib_modules.mjs <pyodide dir> <python.zip>
// Prints (JSON) the files of Pyodide's standard library archive the app can reach at run time
// (tools/stdlib_needed.py, run inside that Pyodide with the app's python.zip unpacked).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, zipPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/", stdout: (line) => console.log(line),
                               stderr: (line) => console.error(line) });
py.unpackArchive(new Uint8Array(fs.readFileSync(zipPath)), "zip", { extractDir: "/home/pyodide" });
py.runPython("import os; os.chdir('/home/pyodide')");
const script = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "stdlib_needed.py"), "utf8");
py.runPython(script);
