// Where the list module keeps bytes. The list in use is kept in IndexedDB
// (a downloaded list can be 16 MB, beyond chrome.storage.local's 10 MB, and
// IndexedDB keeps bytes as bytes); it is read only when the core needs the
// list itself. What every worker start reads, the stored index and notes
// made from that list, are files in the origin private file system: in a
// stopped worker's first moments a file answered sooner than IndexedDB did
// (README "Cold start", round 5), and a file comes back as one ArrayBuffer
// with no structured-clone decoding of a record around it.
//
// A file starts with "RGF1", a little-endian uint32 length and that many
// bytes of JSON saying what the rest is of ({sha256, ...}); readers check
// it, so a file of another list is never taken for this one. A file is
// written with createWritable, which writes beside it and swaps it in on
// close: a worker stopped mid-write leaves the previous file whole. A
// browser without that file system keeps the same records in IndexedDB.

const DB = 'rumorguard';
const STORE = 'blobs';
let dbOpen;

function db() {
  dbOpen ||= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }).catch((e) => {
    dbOpen = undefined;
    throw e;
  });
  return dbOpen;
}

async function idb(mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req?.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted'));
  });
}
export const idbGet = (key) => idb('readonly', (st) => st.get(key));
export const idbPut = (key, value) => idb('readwrite', (st) => st.put(value, key));
export const idbDelete = (...keys) => idb('readwrite', (st) => { keys.forEach((k) => st.delete(k)); });

const MAGIC = 'RGF1';
const MAX_HEAD = 4096; // the JSON says which list: a few hundred bytes

const hasFiles = () => typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
const fileName = (name) => `${name}.rgf`;

/** Parses a file written by writeFile: its head's fields and its bytes, or undefined if it is not one. */
export function parseFile(u8) {
  if (u8.length < 8 || String.fromCharCode(...u8.subarray(0, 4)) !== MAGIC) return undefined;
  const n = new DataView(u8.buffer, u8.byteOffset, u8.byteLength).getUint32(4, true);
  if (n > MAX_HEAD || 8 + n > u8.length) return undefined;
  let head;
  try {
    head = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(u8.subarray(8, 8 + n)));
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || typeof head.sha256 !== 'string') return undefined;
  return { ...head, bytes: u8.subarray(8 + n) };
}

/**
 * Reads what writeFile kept under name: {sha256, ...head, bytes}, or
 * undefined when there is none (or it is damaged beyond its head: the core
 * checks the bytes themselves).
 */
export async function readFile(name) {
  if (!hasFiles()) {
    const rec = await idbGet(name);
    return rec?.bytes instanceof Uint8Array ? rec : undefined;
  }
  const dir = await navigator.storage.getDirectory();
  let h;
  try {
    h = await dir.getFileHandle(fileName(name));
  } catch (e) {
    if (e?.name === 'NotFoundError') return undefined;
    throw e;
  }
  return parseFile(new Uint8Array(await (await h.getFile()).arrayBuffer()));
}

/** Keeps bytes under name with a head ({sha256, ...}) that says what they are of. */
export async function writeFile(name, head, bytes) {
  if (!hasFiles()) {
    await idbPut(name, { ...head, bytes });
    return;
  }
  const h = await (await navigator.storage.getDirectory()).getFileHandle(fileName(name), { create: true });
  const json = new TextEncoder().encode(JSON.stringify(head));
  const pre = new Uint8Array(8);
  pre.set([...MAGIC].map((c) => c.charCodeAt(0)));
  new DataView(pre.buffer).setUint32(4, json.length, true);
  const w = await h.createWritable();
  try {
    await w.write(pre);
    await w.write(json);
    await w.write(bytes);
    await w.close(); // the new file replaces the old one only here
  } catch (e) {
    await w.abort().catch(() => {});
    throw e;
  }
  await idbDelete(name).catch(() => {}); // where versions before files kept it
}

/** Removes what writeFile kept under these names (and records an older version kept in IndexedDB). */
export async function removeFiles(...names) {
  await idbDelete(...names).catch(() => {});
  if (!hasFiles()) return;
  const dir = await navigator.storage.getDirectory();
  await Promise.all(names.map((n) => dir.removeEntry(fileName(n)).catch((e) => {
    if (e?.name !== 'NotFoundError') throw e;
  })));
}

/**
 * The notes at these indexes from stored notes (StoredNotes in
 * wasm/core/index_store.go: "RGCN", format, n, n+1 offsets, JSON) of a list
 * of n rumors, decoding only those.
 */
export function decodeNotes(u8, n, indexes) {
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  if (u8.length < 12 || String.fromCharCode(...u8.subarray(0, 4)) !== 'RGCN' || dv.getUint32(8, true) !== n) throw new Error('stored notes of another list');
  const start = 12 + 4 * (n + 1);
  const text = new TextDecoder('utf-8', { fatal: true });
  return indexes.map((i) => {
    if (!(i >= 0 && i < n)) return null;
    return JSON.parse(text.decode(u8.subarray(start + dv.getUint32(12 + 4 * i, true), start + dv.getUint32(16 + 4 * i, true))));
  });
}
