// Web Crypto adapter for Traject (window.trajectCrypto): encrypted backups and the vault.
// Only cryptography lives here; formats, checks and every decision are Python's
// (traject/crypto_envelope.py, traject/vault.py, webapp/vault_session.py).
//
// * A passphrase becomes a key-encryption key (KEK) with PBKDF2-SHA256 (AES-KW, 256 bits);
//   a recovery key (random bytes) becomes one with HKDF-SHA256. KEKs only wrap keys.
// * Content is encrypted with AES-256-GCM under a random key; every value gets a fresh
//   12-byte IV, returned in front of the ciphertext (iv || ciphertext+tag).
// * Keys in memory are non-extractable CryptoKey objects; only wrapped keys are stored.
//   Re-wrapping (a new passphrase) unwraps an extractable copy inside one call only.
// * Idle tracking for the vault's auto-lock: the time of the coach's last input.
const subtle = crypto.subtle;
const AES_GCM = { name: "AES-GCM", length: 256 };
const IV_BYTES = 12;

function bytes(data) {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

function randomBytes(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

async function deriveKek(passphrase, salt, iterations) {
  const material = await subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: bytes(salt), iterations },
    material, { name: "AES-KW", length: 256 }, false, ["wrapKey", "unwrapKey"]);
}

async function recoveryKek(secret, salt) {
  const material = await subtle.importKey("raw", bytes(secret), "HKDF", false, ["deriveKey"]);
  return subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: bytes(salt), info: new TextEncoder().encode("traject-recovery") },
    material, { name: "AES-KW", length: 256 }, false, ["wrapKey", "unwrapKey"]);
}

/** A new random content key, wrapped with each KEK; the key itself comes back non-extractable. */
async function newKey(keks) {
  const key = await subtle.generateKey(AES_GCM, true, ["encrypt", "decrypt"]);
  const wrapped = [];
  for (const kek of keks) wrapped.push(new Uint8Array(await subtle.wrapKey("raw", key, kek, "AES-KW")));
  const raw = await subtle.exportKey("raw", key);
  const fixed = await subtle.importKey("raw", raw, AES_GCM, false, ["encrypt", "decrypt"]);
  new Uint8Array(raw).fill(0);
  return { key: fixed, wrapped };
}

/** The wrapped key, unwrapped with ``kek`` (throws when the KEK is wrong). */
function unwrap(kek, wrapped, extractable = false) {
  return subtle.unwrapKey("raw", bytes(wrapped), kek, "AES-KW", AES_GCM, extractable, ["encrypt", "decrypt"]);
}

async function rewrap(oldKek, wrapped, newKek) {
  const key = await unwrap(oldKek, wrapped, true);
  return new Uint8Array(await subtle.wrapKey("raw", key, newKek, "AES-KW"));
}

async function encrypt(key, data) {
  const iv = randomBytes(IV_BYTES);
  const sealed = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv }, key, bytes(data)));
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return out;
}

async function decrypt(key, data) {
  const all = bytes(data);
  const plain = await subtle.decrypt({ name: "AES-GCM", iv: all.subarray(0, IV_BYTES) }, key, all.subarray(IV_BYTES));
  return new Uint8Array(plain);
}

/** A whole file for a backup: a fresh key wrapped with ``kek``, and iv || ciphertext. */
async function seal(kek, data) {
  const { key, wrapped } = await newKey([kek]);
  return { wrapped: wrapped[0], data: await encrypt(key, data) };
}

async function open(kek, wrapped, data) {
  return decrypt(await unwrap(kek, wrapped), data);
}

let lastActivity = Date.now();
for (const type of ["pointerdown", "keydown", "wheel", "touchstart"]) {
  addEventListener(type, () => { lastActivity = Date.now(); }, { capture: true, passive: true });
}

window.trajectCrypto = {
  randomBytes, deriveKek, recoveryKek, newKey, unwrap: (kek, wrapped) => unwrap(kek, wrapped), rewrap,
  encrypt, decrypt,
  encryptMany: (key, items) => Promise.all(Array.from(items, (item) => encrypt(key, item))),
  decryptMany: (key, items) => Promise.all(Array.from(items, (item) => decrypt(key, item))),
  seal, open,
  idleMs: () => Date.now() - lastActivity,
  touch: () => { lastActivity = Date.now(); },
};
