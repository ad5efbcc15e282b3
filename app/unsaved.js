// Notes the coach typed and did not save yet are not dropped without a try to save them: before
// the page moves to another screen (a menu link, a card, the back button) and before the vault
// locks itself after the idle time. That holds for the forms that edit what is already there
// and are marked data-leave="save" (session notes and plan, questionnaires, settings); other
// forms (a new trajectory, an import, a passphrase, a filter) are only sent on purpose. Saving
// is what the form's own save button does (the app validates and stores it, with undo); when
// the app refuses (its message is then next to the field), the coach stays on the form. A new
// version (update.js) saves whatever form was typed in before it takes over.
const root = document.documentElement;
let lastForm = null;  // the form the coach typed in since it was shown

document.addEventListener("input", (event) => {
  const form = event.target && event.target.form;
  if (form && event.target.type !== "search") lastForm = form;
}, true);

const savable = (form) => form.dataset.leave === "save";
const unsaved = () => typeof window.trajectHasUnsaved === "function" && window.trajectHasUnsaved();
const refusal = () => document.querySelector("#view [role=alert], #view [aria-invalid=true]");
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Save what is typed: true when nothing was typed or it was saved (the app then shows the
 *  next screen, which has nothing unsaved), false when the app refused it (its message is
 *  then on screen) or did not finish within two seconds. */
export async function saveTyped({ onlyMarked = false } = {}) {
  if (!unsaved() || !lastForm || !lastForm.isConnected || root.dataset.appReady !== "true") return true;
  if (onlyMarked && !savable(lastForm)) return true;  // nothing of that kind to save
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

// the vault's auto-lock (webapp/vault_session.py) asks this
window.trajectSaveTyped = () => saveTyped({ onlyMarked: true });

// Another screen while something is unsaved: stay, save it, then go there. This listener is
// registered before the app's own (this module loads before Python starts), so the app never
// draws the next screen over an unsaved form.
addEventListener("hashchange", (event) => {
  if (!unsaved() || !lastForm || !lastForm.isConnected || !savable(lastForm)) return;
  event.stopImmediatePropagation();
  const target = location.hash;
  history.replaceState(history.state, "", new URL(event.oldURL).hash || "#/");  // back on the form
  saveTyped().then((saved) => {
    if (saved) location.hash = target;
  });
});
