// What the coach typed and did not save yet is never dropped without a try to save it: before
// the page moves to another screen (a menu link, a card, the back button), before the vault
// locks itself after the idle time, and before a new version takes over (update.js). Saving is
// what the form's own save button does (the app validates and stores it, with undo); when the
// app refuses (its message is then next to the field), the coach stays on the form. A form
// marked data-leave="discard" (a new trajectory: only made on purpose) is left as it is.
const root = document.documentElement;
let lastForm = null;  // the form the coach typed in since it was shown

document.addEventListener("input", (event) => {
  const form = event.target && event.target.form;
  if (form && event.target.type !== "search") lastForm = form;
}, true);

const unsaved = () => typeof window.trajectHasUnsaved === "function" && window.trajectHasUnsaved();
const refusal = () => document.querySelector("#view [role=alert], #view [aria-invalid=true]");
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Save what is typed: true when nothing was typed or it was saved (the app then shows the
 *  next screen, which has nothing unsaved), false when the app refused it (its message is
 *  then on screen) or did not finish within two seconds. */
export async function saveTyped() {
  if (!unsaved() || !lastForm || !lastForm.isConnected || root.dataset.appReady !== "true") return true;
  const form = lastForm;
  const submitter = form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
  form.requestSubmit(submitter || undefined);
  for (let i = 0; i < 40; i++) {
    await tick();
    if (refusal()) return false;
    if (!unsaved()) return true;
  }
  return false;
}

window.trajectSaveTyped = saveTyped;  // the vault's auto-lock (webapp/vault_session.py) asks this

// Another screen while something is unsaved: stay, save it, then go there. This listener is
// registered before the app's own (this module loads before Python starts), so the app never
// draws the next screen over an unsaved form.
addEventListener("hashchange", (event) => {
  if (!unsaved() || !lastForm || !lastForm.isConnected || lastForm.dataset.leave === "discard") return;
  event.stopImmediatePropagation();
  const target = location.hash;
  history.replaceState(history.state, "", new URL(event.oldURL).hash || "#/");  // back on the form
  saveTyped().then((saved) => {
    if (saved) location.hash = target;
  });
});
