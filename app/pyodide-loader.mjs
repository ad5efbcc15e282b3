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
import { storageProblem } from "./storage-check.mjs";

export { version };

const INDEX_URL = new URL("../runtime/pyodide/", import.meta.url).href;
const SNAPSHOT_URL = new URL("python.snapshot.gz", import.meta.url).href;
const FILES_URL = new URL("python.zip", import.meta.url).href;
const MAIN_URL = new URL("main.py", import.meta.url).href;
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

// The files a start without the image needs, requested as soon as this module runs (at the
// top of the page) instead of when PyScript gets round to asking: PyScript's own files, its
// config and Pyodide's JS module come in meanwhile. Pyodide and PyScript fetch them with the
// global fetch(); the wrapper fetchEarly installs hands each the response already under way (once).
const EARLY_FILES = [new URL("pyodide.asm.wasm", INDEX_URL).href, new URL("python_stdlib.zip", INDEX_URL).href,
                     new URL("pyodide-lock.json", INDEX_URL).href, FILES_URL, MAIN_URL];
const underWay = new Map();  // href -> Promise<Response>, until fetch() asks for it

/** Request every file of EARLY_FILES now. Their bytes are counted as Pyodide and PyScript read
 *  them (a counting TransformStream, as the response is handed over) and reported as
 *  `traject:download` events ({loaded, total} in bytes) for the loading screen (boot.js),
 *  against the sizes the build wrote. (An earlier version tee'd each body to keep it flowing
 *  before anyone read it; start-up crashed the tab now and then, so it is a plain pipe again.) */
function fetchEarly() {
  const original = globalThis.fetch;
  if (typeof original !== "function" || typeof TransformStream !== "function") return;
  const total = Object.entries(DOWNLOAD_SIZES).reduce((sum, [name, size]) => sum + (name.startsWith("__") ? 0 : size), 0);
  let loaded = 0;
  const report = () => { if (total) dispatchEvent(new CustomEvent("traject:download", { detail: { loaded, total } })); };
  const counter = () => new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      report();
      controller.enqueue(chunk);
    },
  });
  for (const href of EARLY_FILES) {
    const counted = href.split("/").pop() in DOWNLOAD_SIZES;
    const request = href.endsWith(".zip") ? archive(original, href) : original(href);
    underWay.set(href, request.then((response) => {
      if (!response.ok || !response.body || !counted) return response;
      // only the type: the body is decoded already, so the encoding and length would be wrong
      const headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
      return new Response(response.body.pipeThrough(counter()),
                          { status: response.status, statusText: response.statusText, headers });
    }));
  }
  globalThis.fetch = function (input, init) {
    const href = new URL(input instanceof Request ? input.url : String(input), location.href).href;
    const early = underWay.get(href);
    if (!early || (init && init.method && init.method !== "GET")) return original.apply(this, arguments);
    underWay.delete(href);
    if (!underWay.size) globalThis.fetch = original;
    return early.catch(() => original.apply(this, [input, init]));
  };
  report();
}

/** A Python archive (stored, not compressed inside: the server compresses the whole file far
 *  better). A host that sends it as it is (no Content-Encoding: most hosts compress only text
 *  types, not application/zip) would move 3 to 4 times the bytes; then the gzip copy the build
 *  wrote beside it is fetched instead and unpacked here. */
async function archive(original, href) {
  const response = await original(href);
  if (!response.ok || !response.body || response.headers.get("Content-Encoding")) return response;
  try {
    const packed = await original(href + ".gz");
    if (!packed.ok || !packed.body) throw new Error(`HTTP ${packed.status}`);
    response.body.cancel().catch(() => {});
    const body = packed.headers.get("Content-Encoding") ? packed.body  // the host unpacked it already
      : packed.body.pipeThrough(new DecompressionStream("gzip"));
    return new Response(body, { status: 200, headers: { "Content-Type": "application/zip" } });
  } catch (error) {
    return response;  // no copy there: the archive as the host sends it
  }
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

// Importing Pyodide's large JS module now makes loadPyodide's own import of it instant. With
// the image there, Pyodide instantiates its WebAssembly only once the image is read; compiling
// the same module meanwhile lets the browser reuse that work (V8 keeps compiled modules by
// content; the file comes from the offline cache). Without an image (a first visit) the files
// of a normal start are requested right away (fetchEarly), and Pyodide takes the wasm file
// from there: one download.
const early = snapshot.then((image) => {
  if (storageProblem() !== null) return null;  // the app will not start (boot.js explains why)
  if (!image.bytes) fetchEarly();
  return Promise.all([
    image.bytes ? WebAssembly.compileStreaming(fetch(new URL("pyodide.asm.wasm", INDEX_URL))).catch(() => null) : null,
    import(new URL("pyodide.asm.mjs", INDEX_URL).href).catch(() => null),
  ]);
});

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
  performance.mark("traject:interpreter");
  pyodide.unpackArchive(files, "zip", { extractDir: HOME });
  performance.mark("traject:files");
  return pyodide;
}

let damaged = false;

export async function loadPyodide(options) {
  const settings = { ...options, indexURL: INDEX_URL };
  const restored = await fromSnapshot(settings);
  document.documentElement.dataset.pythonStart = restored ? "snapshot" : "plain";
  if (restored) return restored;
  try {
    return await plain(settings);
  } finally {
    if (damaged) replaceCachedSnapshot();
  }
}
