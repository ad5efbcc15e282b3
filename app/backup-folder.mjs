// The backup target: a folder the coach chose, through the File System Access API
// (Chrome, Edge). A small adapter with no rules: Python (webapp/auto_backup.py, with the
// rules in traject/autobackup.py) decides what to write, when, and what to remove.
//
// Interface, as window.trajectBackupFolder:
//   supported            true where the browser can let the coach pick a folder
//   load()               the kept choice: {name, permission, meta} or undefined
//   choose()             the folder picker (needs a click); keeps and returns the name,
//                        or null when the coach cancels
//   use(handle)          keep this directory handle as the chosen folder (choose() ends
//                        here; the browser tests give the origin private file system's
//                        directory, which offers the same handle API)
//   permission(ask)      "granted" | "prompt" | "denied" | "none" (no folder); ask=true
//                        asks the browser (needs a click)
//   list()               names of the files in the folder
//   write(name, bytes)   replace a file as a whole (see below)
//   read(name)           a file's bytes (ArrayBuffer)
//   remove(name)         remove one file
//   saveMeta(meta)       keep a small JSON-ready object with the choice (last write, ...)
//   forget()             drop the choice (the folder and its files stay)
//   onchange             called after use()/forget(), so the app can show the new state
//
// The choice lives in IndexedDB (a directory handle can be stored there, not in
// localStorage), so a later visit needs at most one click to allow writing again.
//
// Writing a file: the bytes go to "<name>.tmp" first, through createWritable(). Chromium
// writes a writable stream to a separate swap file and puts it in place only on close(),
// so even the .tmp is never seen half written. The finished .tmp then replaces <name> by
// FileSystemFileHandle.move() (Chromium 110+; it replaces an existing file). Where move()
// is missing or refuses, <name> is written directly (again atomic on close) and the .tmp
// removed. Either way the old <name> stays intact until the new one is complete.
const DB_NAME = "traject-backup-folder";
const STORE = "choice";
const KEY = "folder";
const MODE = { mode: "readwrite" };

function request(operation) {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

async function database() {
  const opening = indexedDB.open(DB_NAME, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  return request(opening);
}

async function stored() {
  const db = await database();
  try {
    return (await request(db.transaction(STORE).objectStore(STORE).get(KEY))) || null;
  } finally {
    db.close();
  }
}

async function store(record) {
  const db = await database();
  try {
    const tx = db.transaction(STORE, "readwrite");
    if (record === null) tx.objectStore(STORE).delete(KEY);
    else tx.objectStore(STORE).put(record, KEY);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

async function folder() {
  const record = await stored();
  if (!record) throw new DOMException("no backup folder chosen", "NotFoundError");
  return record.handle;
}

async function permissionOf(handle, ask) {
  if (typeof handle.queryPermission !== "function") return "granted";
  const state = await handle.queryPermission(MODE);
  if (state === "granted" || !ask) return state;
  return handle.requestPermission(MODE);
}

async function writeWhole(fileHandle, bytes) {
  const writable = await fileHandle.createWritable();
  try {
    await writable.write(bytes);
  } catch (error) {
    await writable.abort().catch(() => {});
    throw error;
  }
  await writable.close();
}

/** Remove a file we made; an aborted writable may hold its lock a moment longer. */
async function removeSoon(dir, name) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await dir.removeEntry(name);
      return;
    } catch (error) {
      if (error && error.name === "NotFoundError") return;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
}

const adapter = {
  supported: typeof window.showDirectoryPicker === "function",
  onchange: null,

  async load() {
    const record = await stored();
    if (!record) return undefined;  // None in Python
    return { name: record.handle.name, permission: await permissionOf(record.handle, false), meta: record.meta || {} };
  },

  async choose() {
    let handle;
    try {
      handle = await window.showDirectoryPicker({ id: "traject-backup", mode: "readwrite", startIn: "documents" });
    } catch (error) {
      if (error && error.name === "AbortError") return null;  // the coach closed the picker
      throw error;
    }
    return adapter.use(handle);
  },

  async use(handle) {
    if (!handle || handle.kind !== "directory") throw new TypeError("a directory handle is needed");
    await store({ handle, meta: {} });
    if (adapter.onchange) adapter.onchange();
    return handle.name;
  },

  async permission(ask) {
    const record = await stored();
    return record ? permissionOf(record.handle, Boolean(ask)) : "none";
  },

  async list() {
    const names = [];
    for await (const [name, handle] of (await folder()).entries()) {
      if (handle.kind === "file") names.push(name);
    }
    return names;
  },

  async write(name, bytes) {
    const dir = await folder();
    const tmpName = name + ".tmp";
    const tmp = await dir.getFileHandle(tmpName, { create: true });
    try {
      await writeWhole(tmp, bytes);
    } catch (error) {
      await removeSoon(dir, tmpName);  // leave no empty .tmp behind
      throw error;
    }
    if (typeof tmp.move === "function") {
      try {
        await tmp.move(dir, name);
        return;
      } catch (error) {
        // not supported for this folder: write the file itself below
      }
    }
    await writeWhole(await dir.getFileHandle(name, { create: true }), bytes);
    await removeSoon(dir, tmpName);
  },

  async read(name) {
    const file = await (await (await folder()).getFileHandle(name)).getFile();
    return file.arrayBuffer();
  },

  async remove(name) {
    await (await folder()).removeEntry(name);
  },

  async saveMeta(meta) {
    const record = await stored();
    if (record) await store({ handle: record.handle, meta });
  },

  async forget() {
    await store(null);
    if (adapter.onchange) adapter.onchange();
  },
};

window.trajectBackupFolder = adapter;
