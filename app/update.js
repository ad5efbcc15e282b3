// A new version after a deploy: the service worker (../sw.js) installs the new build into its
// own cache and waits, so this page keeps running its own build, whole. Here the coach is told
// "Er is een nieuwe versie" (#update in index.html); the button first saves what is typed (by
// submitting the form the coach typed in, as the save button would), then asks the waiting
// worker to take over (ACTIVATE); when it controls the page, the page reloads once, on the new
// build. Any page of the old build reloads when another one switched, so none keeps running
// against the new build's cache (an unsaved form still gets the browser's leave warning).
import { saveTyped } from "./unsaved.js";

const ACTIVATE = "traject:activate";  // the message sw.js waits for

function offer(worker) {
  const banner = document.getElementById("update");
  const button = document.getElementById("update-button");
  if (!banner || !button) return;
  banner.hidden = false;
  button.onclick = async () => {
    button.disabled = true;
    const saved = await saveTyped();
    document.getElementById("update-unsaved").hidden = saved;
    if (!saved) {
      button.disabled = false;
      return;
    }
    worker.postMessage(ACTIVATE);
  };
}

function whenInstalled(worker) {
  if (worker.state === "installed") {
    offer(worker);
    return;
  }
  worker.addEventListener("statechange", () => {
    if (worker.state === "installed") offer(worker);
  });
}

/** Watch ``registration`` for a newer build (checked again whenever the page is shown). */
export function watchForUpdates(registration) {
  if (!navigator.serviceWorker.controller) return;  // the first visit: this build is the newest
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) return;
    reloading = true;
    location.reload();
  });
  if (registration.waiting) offer(registration.waiting);
  if (registration.installing) whenInstalled(registration.installing);
  registration.addEventListener("updatefound", () => {
    if (registration.installing) whenInstalled(registration.installing);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") registration.update().catch(() => {});
  });
}
