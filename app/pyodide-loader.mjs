// PyScript's interpreter module for the app: Pyodide, started from a memory snapshot.
//
// PyScript imports the module named by "interpreter" in pyscript.json and calls its
// loadPyodide(). This one forwards to the self-hosted Pyodide with the memory image the
// build made (tools/make_snapshot.mjs): CPython is then already initialised, with the
// app's modules imported and its message catalogue loaded, which is most of a start-up.
// If the image is missing or does not fit this Pyodide, Pyodide starts the normal way and
// the app's files are unpacked from python.zip instead.
// <html data-python-start="snapshot|plain"> tells which way it went.
import { loadPyodide as loadPlain, version } from "../runtime/pyodide/pyodide.mjs";

export { version };

const INDEX_URL = new URL("../runtime/pyodide/", import.meta.url).href;
const SNAPSHOT_URL = new URL("python.snapshot.gz", import.meta.url).href;
const FILES_URL = new URL("python.zip", import.meta.url).href;
const HOME = "/home/pyodide";

// Run once on the restored interpreter: the image was made at build time, so `random` (if
// it was imported) would give every visitor the same numbers; reseed it from the browser's
// crypto (os.urandom is always live). The app takes the date and time from JS (App.today,
// App.now), never from constants Python's `time` computed at import.
const AFTER_RESTORE = `
import sys
if "random" in sys.modules:
    sys.modules["random"].seed()
`;

/** The image's bytes: straight from the offline cache if the service worker stored them
 *  there (unpacked), else fetched (gzip-compressed as built, unless the server unpacked them). */
async function fetchSnapshot() {
  let response = globalThis.caches ? await caches.match(SNAPSHOT_URL) : undefined;
  if (!response) {
    // Not stored yet (a first visit): downloading 6.6 MB beats starting CPython on a fast
    // connection, not on a slow or metered one, where the normal start needs 6.5 MB less.
    const connection = navigator.connection;
    if (connection && (connection.saveData || /(^|-)(2g|3g)$/.test(connection.effectiveType || ""))) {
      throw new Error("slow or metered connection: the normal start downloads less");
    }
    response = await fetch(SNAPSHOT_URL);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  }
  let bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return bytes;
}

// Pyodide instantiates its WebAssembly only once the image is there. Compiling the same
// module meanwhile lets the browser reuse that work (V8 keeps compiled modules by content),
// and importing Pyodide's large JS module now makes loadPyodide's own import of it instant.
const compiled = WebAssembly.compileStreaming(fetch(new URL("pyodide.asm.wasm", INDEX_URL)))
  .catch(() => null);
const glue = import(new URL("pyodide.asm.mjs", INDEX_URL).href).catch(() => null);

// Started when this module is first imported (the page does that as it starts), so the
// image is on its way while PyScript itself loads.
const snapshot = fetchSnapshot().then(
  (bytes) => { performance.mark("traject:snapshot-read"); return { bytes }; },
  (error) => ({ error }));

async function fromSnapshot(options) {
  const image = await snapshot;
  if (image.error) {
    console.warn("Traject: no start-up snapshot:", image.error && image.error.message);
    return null;
  }
  const bytes = image.bytes;
  image.bytes = null;  // 28 MB: not kept once Pyodide has it in its memory
  try {
    await Promise.all([compiled, glue]);
    const pyodide = await loadPlain({ ...options, _loadSnapshot: bytes });
    pyodide.runPython(AFTER_RESTORE);
    return pyodide;
  } catch (error) {
    console.warn("Traject: the start-up snapshot does not fit this Pyodide:", error && error.message);
    return null;
  }
}

async function plain(options) {
  const [pyodide, files] = await Promise.all([
    loadPlain(options),
    fetch(FILES_URL).then((response) => {
      if (!response.ok) throw new Error(`python.zip: HTTP ${response.status}`);
      return response.arrayBuffer();
    }),
  ]);
  pyodide.unpackArchive(files, "zip", { extractDir: HOME });
  return pyodide;
}

export async function loadPyodide(options) {
  const settings = { ...options, indexURL: INDEX_URL };
  const restored = await fromSnapshot(settings);
  document.documentElement.dataset.pythonStart = restored ? "snapshot" : "plain";
  return restored || plain(settings);
}
