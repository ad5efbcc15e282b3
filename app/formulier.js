// The client's form page (formulier.html#<payload>): plain JavaScript, no Python runtime, so it
// opens fast on a phone. Nothing is stored and nothing is sent: the questions come from the
// link's fragment, the answers leave only as the answer code the client sends the coach.
//
// Formats (the coach's side reads them in pyodide_modules/traject/share.py):
// * payload: base64url(deflate-raw(JSON {t:"form", v:2, traj, form, name, q:[ids], n, k, p, c?})),
//   c = the coach's name and practice (optional)
// * answer body: <mac>\n<json>, json = {t:"answer", v:2, traj, form, n, q:[ids], at, a:{id: answer}},
//   at = when the code was made (ISO instant), mac = first 32 hex of HMAC-SHA256(key = k, json).
//   A version 1 link (made before the questions and the time were added) gets a version 1
//   answer without q and at.
// * limits are counted in code points, as Python counts them (share.MAX_NAME, codec.MAX_TEXT).
// * code: "TA1." + base64url(deflate-raw(body)), or with a passphrase
//   "TE1." + base64url(salt16 | iv12 | AES-GCM-256(deflate-raw(body))), key = PBKDF2-SHA256
const PLAIN_PREFIX = "TA1.";
const SEALED_PREFIX = "TE1.";
const PBKDF2_ITERATIONS = 600000;
const MAX_ANSWER = 20000;  // = traject.codec.MAX_TEXT
const MAX_NAME = 60;  // = traject.share.MAX_NAME
const codePoints = (text) => Array.from(text);
const $ = (id) => document.getElementById(id);
const messages = JSON.parse($("messages").textContent);
const forms = JSON.parse($("forms").textContent);
const encoder = new TextEncoder();
let link = null;  // the validated payload
let code = "";

function b64urlEncode(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function b64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) throw new Error("base64");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

async function through(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

const isHex = (value, length) => typeof value === "string" && new RegExp(`^[0-9a-f]{${length}}$`).test(value);

function validate(data) {
  const definition = data && forms[data.form];
  const known = definition ? definition.q.map((q) => q[0]) : [];
  const ok = data && data.t === "form" && (data.v === 1 || data.v === 2) && definition
    && typeof data.traj === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(data.traj)
    && typeof data.name === "string" && codePoints(data.name).length <= MAX_NAME
    && Array.isArray(data.q) && data.q.length > 0 && data.q.every((id) => known.includes(id))
    && isHex(data.n, 16) && isHex(data.k, 32) && (data.p === 0 || data.p === 1)
    && (data.c === undefined || (typeof data.c === "string" && data.c.length <= 120));
  if (!ok) throw new Error("payload");
  return data;
}

async function readLink() {
  const payload = location.hash.slice(1);
  const json = new TextDecoder("utf-8", { fatal: true }).decode(
    await through(b64urlDecode(payload), new DecompressionStream("deflate-raw")));
  return validate(JSON.parse(json));
}

function element(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

// A message's placeholder filled with outside text as a text node (inserted literally: no
// "$&"-style patterns) inside <bdi> (its direction cannot turn the text around it).
function withValue(message, placeholder, value) {
  const parts = message.split(placeholder);
  const nodes = [parts[0]];
  for (const rest of parts.slice(1)) nodes.push(element("bdi", {}, value), rest);
  return nodes;
}

function withName(message, name) {
  return withValue(message, "{name}", name);
}

function renderQuestions() {
  const definition = forms[link.form];
  const box = $("questions");
  box.replaceChildren();
  for (const [id, kind, label] of definition.q) {
    if (!link.q.includes(id)) continue;
    const field = element("div", { class: "field" });
    const fieldId = `q-${id}`;
    field.append(element("label", { for: fieldId }, label));
    if (kind === "scale") {
      const select = element("select", { id: fieldId, name: id });
      select.append(element("option", { value: "" }, messages.scale_empty));
      for (let i = 1; i <= 10; i += 1) select.append(element("option", { value: String(i) }, String(i)));
      field.append(select, element("p", { class: "hint" }, messages.scale_hint));
    } else {
      field.append(element("textarea", { id: fieldId, name: id, rows: "4", maxlength: String(MAX_ANSWER) }));
    }
    box.append(field);
  }
}

function answers() {
  const result = {};
  for (const [id, kind] of forms[link.form].q) {
    const control = $(`q-${id}`);
    if (!control || !link.q.includes(id)) continue;
    const value = control.value.trim();
    if (!value) continue;
    result[id] = kind === "scale" ? Number.parseInt(value, 10) : codePoints(value).slice(0, MAX_ANSWER).join("");
  }
  return result;
}

async function hmacHex(key, text) {
  const cryptoKey = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" },
    false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(text)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 32);
}

async function seal(bytes, passphrase) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const material = await crypto.subtle.importKey("raw", encoder.encode(passphrase.normalize("NFC")), "PBKDF2",
    false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey({ name: "PBKDF2", salt, iterations: PBKDF2_ITERATIONS, hash: "SHA-256" },
    material, { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, bytes));
  const out = new Uint8Array(salt.length + iv.length + sealed.length);
  out.set(salt, 0);
  out.set(iv, salt.length);
  out.set(sealed, salt.length + iv.length);
  return SEALED_PREFIX + b64urlEncode(out);
}

async function makeCode(passphrase) {
  const data = { t: "answer", v: link.v, traj: link.traj, form: link.form, n: link.n };
  if (link.v === 2) Object.assign(data, { q: link.q, at: new Date().toISOString() });
  const json = JSON.stringify({ ...data, a: answers() });
  const body = `${await hmacHex(link.k, json)}\n${json}`;
  const packed = await through(encoder.encode(body), new CompressionStream("deflate-raw"));
  return passphrase ? seal(packed, passphrase) : PLAIN_PREFIX + b64urlEncode(packed);
}

function showProblem(text) {
  const box = $("problem");
  box.textContent = text;
  box.hidden = !text;
}

async function onDone(event) {
  event.preventDefault();
  showProblem("");
  let passphrase = "";
  if (link.p === 1) {
    passphrase = $("passphrase").value;
    if (!passphrase) {
      showProblem(messages.passphrase_empty);
      $("passphrase").focus();
      return;
    }
    if (passphrase !== $("passphrase-repeat").value) {
      showProblem(messages.passphrase_mismatch);
      $("passphrase-repeat").focus();
      return;
    }
  }
  const button = $("done");
  button.disabled = true;
  button.textContent = messages.busy;
  try {
    code = await makeCode(passphrase);
  } catch (error) {
    showProblem(messages.failed);
    return;
  } finally {
    button.disabled = false;
    button.textContent = messages.done;
  }
  $("code").value = code;
  $("copy-status").textContent = "";
  $("client-form").hidden = true;
  $("result").hidden = false;
  $("result-h").focus();
}

async function onCopy() {
  const status = $("copy-status");
  try {
    await navigator.clipboard.writeText(code);
    status.textContent = messages.copied;
  } catch (error) {
    const area = $("code");
    area.focus();
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (ignored) {
      copied = false;
    }
    status.textContent = copied ? messages.copied : messages.copy_failed;
  }
}

function onDownload() {
  const url = URL.createObjectURL(new Blob([code + "\n"], { type: "text/plain" }));
  const anchor = element("a", { href: url, download: `antwoorden-${link.form}.txt` });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function onEdit() {
  $("result").hidden = true;
  $("client-form").hidden = false;
  $("main").focus();
}

async function start() {
  const status = $("status");
  if (!("DecompressionStream" in window) || !window.crypto || !crypto.subtle) {
    status.hidden = true;
    showProblem(messages.unsupported);
    return;
  }
  try {
    link = await readLink();
  } catch (error) {
    status.hidden = true;
    showProblem(messages.invalid_link);
    document.documentElement.dataset.formError = "link";
    return;
  }
  const title = forms[link.form].title;
  document.title = `${title} · Traject`;
  $("form-title").textContent = title;
  if (link.name) {
    $("greeting").replaceChildren(...withName(messages.greeting, link.name), ` ${messages.intro}`);
  } else {
    $("greeting").textContent = messages.intro_anonymous;
  }
  if (typeof link.c === "string" && link.c) {
    $("coach-line").replaceChildren(...withValue(messages.from_coach, "{coach}", link.c));
    $("coach-line").hidden = false;
  }
  renderQuestions();
  $("passphrase-box").hidden = link.p !== 1;
  status.hidden = true;
  $("client-form").hidden = false;
  $("client-form").addEventListener("submit", onDone);
  $("copy").addEventListener("click", onCopy);
  $("download").addEventListener("click", onDownload);
  $("edit").addEventListener("click", onEdit);
  document.documentElement.dataset.formReady = "true";
}

// A new link pasted into the same tab: start again with it.
addEventListener("hashchange", () => location.reload());
start();
