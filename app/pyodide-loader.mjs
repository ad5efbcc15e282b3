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
const CACHE_PREFIX = "traject-";  // the service worker's caches: traject-<build id> (sw.js)

// Run once on the restored interpreter: the image was made at build time, so `random` (if
// it was imported) would give every visitor the same numbers; reseed it from the browser's
// crypto (os.urandom is always live). The app takes the date and time from JS (App.today,
// App.now), never from constants Python's `time` computed at import.
const AFTER_RESTORE = `
import sys
if "random" in sys.modules:
    sys.modules["random"].seed()
`;

// Sizes of the files Pyodide fetches on a normal start ({name: bytes}; the build writes them,
// tools/startup_files.py), for the "x van y MB" on the loading screen.
const DOWNLOAD_SIZES = {"__DOWNLOAD_SIZES__": 0};

/** Count the bytes of the runtime files Pyodide fetches while it starts and report them as
 *  `traject:download` events ({loaded, total} in bytes) for the loading screen (boot.js).
 *  Returns a function that puts the browser's own fetch back. */
function countDownloads() {
  const total = Object.entries(DOWNLOAD_SIZES).reduce((sum, [name, size]) => sum + (name.startsWith("__") ? 0 : size), 0);
  const original = globalThis.fetch;
  if (!total || typeof original !== "function" || typeof TransformStream !== "function") return () => {};
  let loaded = 0;
  const report = () => dispatchEvent(new CustomEvent("traject:download", { detail: { loaded, total } }));
  globalThis.fetch = async (...args) => {
    const response = await original(...args);
    const name = new URL(response.url || String(args[0]), location.href).pathname.split("/").pop();
    if (!(name in DOWNLOAD_SIZES) || !response.body || !response.ok) return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        report();
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter),
                        { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  report();
  return () => { if (globalThis.fetch !== original) globalThis.fetch = original; };
}

/** The image of this page's build from the offline cache (never another build's: the
 *  service worker keeps one cache per build, named after it). */
async function cachedSnapshot() {
  const build = document.documentElement.dataset.build;
  try {
    if (!globalThis.caches) return undefined;
    if (!build) return await caches.match(SNAPSHOT_URL);
    if (!(await caches.has(CACHE_PREFIX + build))) return undefined;
    return await (await caches.open(CACHE_PREFIX + build)).match(SNAPSHOT_URL);
  } catch (error) {
    return undefined;  // Cache Storage not available (some private modes): the normal start
  }
}

/** The image's bytes, from the offline cache, where the service worker stores it (unpacked)
 *  after a first visit: {bytes}, {missing} or {error} (a cached copy that cannot be read).
 *  A first visit starts without it: on a real network, downloading the 6.8 MB image costs
 *  more time than starting CPython and importing the app does. */
async function readSnapshot() {
  const response = await cachedSnapshot();
  if (!response) return { missing: "not in the offline cache yet (a first visit)" };
  try {
    return { bytes: await unpack(new Uint8Array(await response.arrayBuffer())) };
  } catch (error) {
    return { error };
  }
}

async function unpack(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A cached image that failed to load: drop it from every cache that holds it, fetch it again
 *  and store it (unpacked, as the service worker does), so the next start uses it again. */
async function replaceCachedSnapshot() {
  try {
    const holders = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      if (await cache.delete(SNAPSHOT_URL)) holders.push(cache);
    }
    if (!holders.length) return;
    const response = await fetch(SNAPSHOT_URL, { cache: "no-cache" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = await unpack(new Uint8Array(await response.arrayBuffer()));
    for (const cache of holders) {
      await cache.put(SNAPSHOT_URL, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
    }
  } catch (error) {
    console.warn("Traject: could not replace the damaged start-up snapshot:", error && error.message);
  }
}

// Started when this module is first imported (the page does that as it starts), so the
// image is read while PyScript itself loads.
const snapshot = readSnapshot().then((image) => {
  if (image.bytes) performance.mark("traject:snapshot-read");
  return image;
});

// With the image there, Pyodide instantiates its WebAssembly only once the image is read.
// Compiling the same module meanwhile lets the browser reuse that work (V8 keeps compiled
// modules by content; the file comes from the offline cache), and importing Pyodide's large
// JS module now makes loadPyodide's own import of it instant. Without an image (a first
// visit) Pyodide fetches the wasm file itself, once.
const early = snapshot.then((image) => !image.bytes ? null : Promise.all([
  WebAssembly.compileStreaming(fetch(new URL("pyodide.asm.wasm", INDEX_URL))).catch(() => null),
  import(new URL("pyodide.asm.mjs", INDEX_URL).href).catch(() => null),
]));

async function fromSnapshot(options) {
  const image = await snapshot;
  if (image.missing) {
    console.info("Traject: no start-up snapshot:", image.missing);
    return null;
  }
  if (image.error) {
    console.warn("Traject: the cached start-up snapshot cannot be read:", image.error && image.error.message);
    damaged = true;
    return null;
  }
  const bytes = image.bytes;
  image.bytes = null;  // 28 MB: not kept once Pyodide has it in its memory
  try {
    await early;
    const pyodide = await loadPlain({ ...options, _loadSnapshot: bytes });
    pyodide.runPython(AFTER_RESTORE);
    return pyodide;
  } catch (error) {
    console.warn("Traject: the cached start-up snapshot does not fit this Pyodide:", error && error.message);
    damaged = true;
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

let damaged = false;

export async function loadPyodide(options) {
  const settings = { ...options, indexURL: INDEX_URL };
  const restored = await fromSnapshot(settings);
  document.documentElement.dataset.pythonStart = restored ? "snapshot" : "plain";
  if (restored) return restored;
  const restore = countDownloads();
  try {
    return await plain(settings);
  } finally {
    restore();
    if (damaged) replaceCachedSnapshot();
  }
}
