// Start-up feedback while PyScript loads Python: progress from PyScript's
// `py:progress` events, and a Dutch error message if loading fails.
// Readiness contract: <html data-app-ready="true"> is set by Python when the
// app is interactive; <html data-app-error="..."> marks a fatal load error.
const root = document.documentElement;
const messages = JSON.parse(document.getElementById("boot-messages").textContent);
const steps = Object.keys(messages.progress);

function showProgress(detail) {
  const index = steps.indexOf(detail);
  if (index === -1) return;
  document.getElementById("boot-text").textContent = messages.progress[detail];
  document.getElementById("boot-progress").value = 20 + index * 20;
}

function fail(message) {
  if (root.dataset.appReady === "true" || root.dataset.appError) return;
  root.dataset.appError = String(message || "onbekende fout");
  document.getElementById("boot-progress").hidden = true;
  document.getElementById("boot-text").hidden = true;
  document.getElementById("boot-error").hidden = false;
  document.getElementById("boot-error-detail").textContent = root.dataset.appError;
}

addEventListener("py:progress", (event) => showProgress(event.detail));
addEventListener("error", (event) => fail(event.message || (event.error && event.error.message)));
addEventListener("unhandledrejection", (event) => fail(event.reason && (event.reason.message || event.reason)));

// Python calls this when its own start-up fails.
window.trajectBootFail = fail;
