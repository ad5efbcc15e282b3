// Start-up of the app page, before Python runs:
// * the coach's last overview, painted at once from the snapshot Python stored
//   (localStorage "traject:snapshot", see webapp/snapshot.py), read-only until Python is ready;
// * progress from PyScript's `py:progress` events, and a Dutch error message if loading fails;
// * after start-up, the service worker (../sw.js) that keeps the site available offline.
// Readiness contract: <html data-app-ready="true"> is set by Python when the app is
// interactive; <html data-app-error="..."> marks a fatal load error;
// <html data-overview-painted> marks that the stored overview is on screen;
// <html data-storage-blocked> that the browser refuses storage (the app does not start).
import { storageProblem } from "./storage-check.mjs";
import { watchForUpdates } from "./update.js";

const root = document.documentElement;
const messages = JSON.parse(document.getElementById("boot-messages").textContent);
const steps = Object.keys(messages.progress);
const SNAPSHOT_KEY = "traject:snapshot";
const SNAPSHOT_VERSION = 2;
const DATA_PREFIX = "traject:";
const VAULT_KEY = "traject:vault";  // see traject/vault.py
const view = document.getElementById("view");
const boot = document.getElementById("boot");
const status = document.getElementById("save-status");
let statusText = "";  // what boot.js put in the status line (cleared when Python is ready)

function setStatus(text) {
  statusText = text;
  status.textContent = text;
  status.className = "save-status";
}

/** A hash of everything the app keeps in localStorage (all traject:* entries but the
 *  snapshot itself). Python stores it with the snapshot (webapp/snapshot.py calls this same
 *  function), so a later visit can tell whether the painted overview still shows the data. */
function dataFingerprint() {
  const keys = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key.startsWith(DATA_PREFIX) && key !== SNAPSHOT_KEY) keys.push(key);
  }
  keys.sort();
  let hash = 0x811c9dc5;  // FNV-1a, 32 bits, over key, NUL, value, NUL ...
  for (const key of keys) {
    for (const text of [key, localStorage.getItem(key)]) {
      for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193);
      }
      hash = Math.imul(hash, 0x01000193);  // a NUL between the texts
    }
  }
  return `${keys.length}:${(hash >>> 0).toString(16)}`;
}
window.trajectDataFingerprint = dataFingerprint;

/** Today in the browser's time zone, as Python's App.today() gives it. */
function localDay() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function paintSnapshot() {
  const route = location.hash;
  if (route !== "" && route !== "#" && route !== "#/") return false;
  let snapshot = null;
  try {
    if (localStorage.getItem(VAULT_KEY) !== null) return false;  // the vault: nothing before unlocking
    snapshot = JSON.parse(localStorage.getItem(SNAPSHOT_KEY) || "null");
  } catch (error) {
    return false;  // storage disabled or an unreadable snapshot: the normal start
  }
  if (!snapshot || snapshot.v !== SNAPSHOT_VERSION || snapshot.build !== root.dataset.build
      || typeof snapshot.html !== "string" || !snapshot.html) return false;
  // The snapshot is markup the app's escaping HTML builder made (same origin, same storage
  // as the data). It is inert, so nothing in it can be used before Python takes over.
  view.inert = true;
  view.setAttribute("aria-busy", "true");
  view.innerHTML = snapshot.html;
  view.hidden = false;
  boot.hidden = true;
  setStatus(messages.snapshot || document.getElementById("boot-text").textContent);
  root.setAttribute("data-overview-painted", "");
  // Same data and same day: Python may keep this overview instead of drawing it again.
  try {
    if (snapshot.day === localDay() && snapshot.data === dataFingerprint()) {
      root.setAttribute("data-overview-current", "");
    }
  } catch (error) {
    // unreadable storage: Python draws the overview itself
  }
  return true;
}

/** The browser refuses this site its storage (site data blocked, some private modes and
 *  embedded browsers throw on the first access): explain it in Dutch and do not start Python,
 *  which could keep nothing. Returns true when blocked. */
function storageBlocked() {
  const problem = storageProblem();
  if (problem === null) return false;
  root.setAttribute("data-storage-blocked", "");
  const script = document.querySelector('script[type="py"]');
  if (script) script.remove();  // PyScript (loaded after this module) then has nothing to run
  boot.hidden = true;
  document.getElementById("storage-blocked").hidden = false;
  document.getElementById("storage-blocked-detail").textContent = problem;
  return true;
}

const blocked = storageBlocked();
const painted = !blocked && paintSnapshot();

// While the runtime is still coming in (a first visit), the bar follows the bytes and the text
// stays at the download step; the step PyScript reported meanwhile is shown once it is all in.
let downloading = false;
let heldStep = null;

function showProgress(detail) {
  const index = steps.indexOf(detail);
  if (index === -1) return;
  if (downloading && index > 0) {
    heldStep = detail;
    return;
  }
  document.getElementById("boot-text").textContent = messages.progress[detail];
  const bar = document.getElementById("boot-progress");
  bar.value = Math.max(bar.value, 20 + index * 20);
  if (painted && root.dataset.appReady !== "true" && status.textContent === statusText) {
    setStatus(`${messages.snapshot || ""} ${index + 1}/${steps.length}: ${messages.progress[detail]}`.trim());
  }
}

function fail(message) {
  if (root.dataset.appReady === "true" || root.dataset.appError || blocked) return;
  root.dataset.appError = String(message || "onbekende fout");
  if (painted) {  // show the error, not a snapshot that will never work
    view.hidden = true;
    boot.hidden = false;
    if (status.textContent === statusText) status.textContent = "";
  }
  document.getElementById("boot-progress").hidden = true;
  document.getElementById("boot-text").hidden = true;
  document.getElementById("boot-error").hidden = false;
  document.getElementById("boot-error-detail").textContent = root.dataset.appError;
}

function registerServiceWorker() {
  if (!location.protocol.startsWith("http")) return;
  const unavailable = (error) => {
    console.warn("Traject: offline cache not available:", error && error.message);
    document.getElementById("offline-unavailable").hidden = false;
  };
  let cacheStorage = false;
  try {
    cacheStorage = !!globalThis.caches;
  } catch (error) {
    // some private modes throw on the first access
  }
  if (!("serviceWorker" in navigator) || !navigator.serviceWorker || !cacheStorage) {
    unavailable(new Error("no service worker or Cache Storage in this browser"));
    return;
  }
  navigator.serviceWorker.register(new URL("../sw.js", import.meta.url), { updateViaCache: "none" })
    .then(watchForUpdates, unavailable);
}

function whenReady() {
  if (painted) {
    view.inert = false;
    view.removeAttribute("aria-busy");
    if (status.textContent === statusText) status.textContent = "";
  }
  // After start-up, so filling the offline cache never competes with the first visit.
  setTimeout(registerServiceWorker, 0);
}

if (root.dataset.appReady === "true") {
  whenReady();
} else {
  const observer = new MutationObserver(() => {
    if (root.dataset.appReady === "true") {
      observer.disconnect();
      whenReady();
    }
  });
  observer.observe(root, { attributes: true, attributeFilter: ["data-app-ready"] });
}

/** Bytes of the runtime that came in so far (pyodide-loader.mjs counts them), as "x van y MB". */
function showDownload({ loaded, total }) {
  if (!total || root.dataset.appReady === "true") return;
  const mb = (bytes) => (bytes / 1e6).toLocaleString("nl-NL", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const line = document.getElementById("boot-download");
  line.hidden = false;
  line.textContent = messages.download.replace("{loaded}", mb(Math.min(loaded, total))).replace("{total}", mb(total));
  const bar = document.getElementById("boot-progress");
  bar.value = Math.max(bar.value, 5 + Math.round(55 * Math.min(loaded / total, 1)));
  downloading = loaded < total;
  if (downloading) {
    document.getElementById("boot-text").textContent = messages.progress[steps[0]];
  } else if (heldStep) {
    const step = heldStep;
    heldStep = null;
    showProgress(step);
  }
}

addEventListener("py:progress", (event) => showProgress(event.detail));
addEventListener("traject:download", (event) => showDownload(event.detail));
addEventListener("error", (event) => fail(event.message || (event.error && event.error.message)));
addEventListener("unhandledrejection", (event) => fail(event.reason && (event.reason.message || event.reason)));

// Python calls this when its own start-up fails.
window.trajectBootFail = fail;
