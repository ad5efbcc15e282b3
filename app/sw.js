// Traject's service worker: the whole site (guide, app, PyScript + Pyodide runtime) from a
// versioned cache, so it starts without the network after one visit.
//
// The build step (tools/mkdocs_hooks.py, write_service_worker) writes this file to the site
// root with BUILD = a hash of every precached file and PRECACHE = their URLs (relative to
// this file, so the site works under any sub-path). A new deploy changes BUILD, so the
// browser sees a new sw.js, installs it into a new cache and, once it is active, deletes the
// old one.
//
// Strategy: cache-first for precached files. Everything in the cache belongs to one build
// and is replaced as a whole, so a page never mixes two versions of the app and the runtime
// (python.zip must match the page); freshness comes from the browser re-checking sw.js on
// every navigation (registered with updateViaCache: "none"). After a deploy the new worker
// installs its build into a new cache and then waits: the old worker keeps serving the old
// build, whole, while the coach works. The page (app/update.js) offers "Er is een nieuwe
// versie"; its button saves what is typed and posts ACTIVATE, the new worker takes over
// (dropping the old cache) and every page reloads once, on the new build. With no page of the
// old build open any more, the browser activates the new worker by itself.
// Anything not precached goes to the network as usual.
const BUILD = "__BUILD__";
const PRECACHE = ["__PRECACHE__"];
const PREFIX = "traject-";
const CACHE = PREFIX + BUILD;
const SCOPE = new URL("./", self.location.href).href;
const URLS = new Set(PRECACHE.map((path) => new URL(path, SCOPE).href));

// The Pyodide start-up snapshot is stored gunzipped: the app reads it from here on every
// start, and unpacking 28 MB each time would cost more than reading it (the loader,
// app/pyodide-loader.mjs, accepts both forms).
const UNPACKED = /\.snapshot\.gz$/;
const ACTIVATE = "traject:activate";  // message from app/update.js: switch to this build now

async function unpacked(response) {
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream, { headers: { "Content-Type": "application/octet-stream" } });
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // no-cache: revalidate with the server (cheap 304s for what the page just loaded), so the
    // cache holds exactly the deployed files.
    const requests = PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: "no-cache" }));
    await cache.addAll(requests.filter((request) => !UNPACKED.test(request.url)));
    for (const request of requests.filter((request) => UNPACKED.test(request.url))) {
      const response = await fetch(request);
      if (!response.ok) throw new Error(`${request.url}: HTTP ${response.status}`);
      const bytes = response.headers.get("Content-Encoding") ? response : await unpacked(response);
      await cache.put(request.url, bytes);
    }
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === ACTIVATE) event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function cacheKey(request) {
  const url = new URL(request.url);
  url.hash = "";
  if (url.search) return null;
  if (URLS.has(url.href)) return url.href;
  if (url.pathname.endsWith("/index.html")) {
    const folder = url.href.slice(0, -"index.html".length);
    if (URLS.has(folder)) return folder;
  }
  return null;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const key = cacheKey(request);
  if (key === null) return;  // not part of the site: the network, as without a service worker
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    if (hit) return hit;
    return fetch(request);  // cache not (yet) filled: the network
  })());
});
