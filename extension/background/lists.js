// List lifecycle: the only module that fetches or stores lists. The bundled
// list works offline from the first second; updates come from the list
// server (manifest with ETag, then a delta or the version bytes), are
// verified by the core against the pinned publisher keys, must be newer than
// the list in use, and are kept in extension storage. Anything wrong leaves
// the last good list in use and records the error for the popup. Nothing the
// server sends is decoded before the core has checked the manifest's
// signature; a delta is adopted only if what it builds has the manifest's
// size and SHA-256. If the core stops, it is started again with the last
// good list.
import { core, coldStart, HOSTED, hostStatus, hostCall, useHost } from './core.js';
import { settings } from './settings.js';
import { idbGet, idbPut, idbDelete, readFile, writeFile, removeFiles, decodeNotes } from './storage.js';

const MAX_LIST_BYTES = 16 << 20;
const MAX_MANIFEST_BYTES = 64 << 10; // a manifest is about 400 bytes
const MAX_VERSION = Number.MAX_SAFE_INTEGER; // rumorlist.MaxVersion: 2^53−1
const PERIOD_MIN = 6 * 60; // check every six hours…
const JITTER = 0.1; // …give or take 10%, so clients do not arrive together
const BACKOFF_MIN = 1; // after a failure: 1, 2, 4 … minutes
const BACKOFF_MAX = 24 * 60;
export const ALARM = 'rumorguard-update';

let current; // {name, version, created, rumors, source}
let rumorsCache;
let loading;
let loadedInto; // the generation of the core the list was loaded into

function fromBase64(b64) {
  const s = atob(b64);
  const u8 = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) u8[i] = s.charCodeAt(i);
  return u8;
}

async function bundled() {
  return new Uint8Array(await (await fetch(chrome.runtime.getURL('lists/default.rgl'))).arrayBuffer());
}

/** Loads the list in use into the core (once per worker start, and again into a restarted core). */
export async function ready() {
  await decide();
  const api = await core();
  if (!loading || loadedInto !== api.generation) {
    loadedInto = api.generation;
    loading = init(api).catch((e) => {
      loading = undefined;
      throw e;
    });
  }
  return loading;
}

// Which list is in use is a small record in chrome.storage.local under
// 'list' ({version, sha256, manifest?, source, installedAt}); its bytes, the
// stored index and the stored notes are kept by storage.js, each with the
// list's SHA-256.

/** Keeps a verified list: its bytes in IndexedDB, which list is in use in chrome.storage.local. */
async function keepList(bytes, record) {
  await idbPut('list', { sha256: record.sha256, bytes });
  await chrome.storage.local.set({ list: record });
}

/** The bytes of the list in use, as keepList kept them (or base64 in storage, as older versions did). */
async function listBytes(record) {
  if (record.bytes) return fromBase64(record.bytes);
  const kept = await idbGet('list');
  if (kept?.sha256 !== record.sha256) throw new Error('the stored list is missing from IndexedDB');
  return kept.bytes;
}

let storing;
/**
 * Stores the index of the list in use, once the first scans had their turn:
 * serializing tens of MB blocks the worker for a moment.
 */
function storeIndexSoon(sha256, bundledFile) {
  clearTimeout(storing);
  storing = setTimeout(async () => {
    try {
      const api = await core();
      if (current?.sha256 !== sha256) return;
      const t0 = performance.now();
      const r = await api.storedIndex();
      if (!r.ok) throw new Error(r.error);
      await writeFile('notes', { sha256 }, r.notes);
      // bundledFile: the SHA-256 of the bundled list's signed file this index
      // is of, so the next start knows it without verifying the file again.
      await writeFile('index', { sha256, ...(bundledFile ? { bundledFile } : {}) }, r.index);
      coldStart.indexStoredMs ??= performance.now() - t0;
      coldStart.indexStoredBytes ??= r.index.length;
      if (!api.hosted) prepareHost(0);
    } catch (e) {
      console.error('rumorguard: storing the index', e);
    }
  }, 1000);
}

/** Makes sure the core has the list itself (after a stored index it has only the index). */
async function attached(api) {
  if (await api.hasList()) return;
  let r;
  if (current?.source === 'bundled') r = await api.attachList(await bundled());
  else {
    const { list } = await chrome.storage.local.get('list');
    r = list ? await api.attachList(await listBytes(list)) : { ok: false, error: 'no stored list' };
  }
  if (!r.ok) throw new UpdateError(r.code || 'error', `the list in use: ${r.error}`);
}

const hex = (buf) => Array.from(new Uint8Array(buf), (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * Reads what starting the list needs (which list is in use, its stored
 * index, the bundled list and its SHA-256) from storage: started with the
 * worker, so the reads overlap compiling the core instead of following it.
 */
async function readStored() {
  const t0 = performance.now();
  settings().catch(() => {}); // init's first await: read beside the rest
  // All at once: the first storage access in a fresh worker costs tens of
  // ms by itself, so the index is asked for before knowing whether a list
  // is stored (its head says which list it is of). The notes are needed
  // only once a page matched: read, not awaited here.
  const index = readFile('index').catch(() => undefined).then((v) => [v, performance.now() - t0]);
  const notesRead = readFile('notes').catch(() => undefined);
  const [{ list }, bundledBytes] = await Promise.all([chrome.storage.local.get('list'), bundled()]);
  const out = { list, bundledBytes, storageReadMs: performance.now() - t0 };
  const digest = crypto.subtle.digest('SHA-256', bundledBytes).then(hex);
  // With no list stored, the index may be the bundled list's; the bundled
  // list works without it, so a storage that does not answer within a
  // second does not hold its start.
  pendingNotes = { read: notesRead };
  const noIndex = new Promise((resolve) => { setTimeout(() => resolve([undefined, undefined]), 1000); });
  [out.kept, out.indexReadMs] = await (list?.sha256 ? index : Promise.race([index, noIndex]));
  out.bundledSHA256 = await digest;
  out.readyAtMs = performance.now();
  return out;
}
let pendingNotes; // {read: the IndexedDB read of the stored notes}
let notes; // the same, once the list in use was started from its stored index
// In Chromium the core that holds the list can outlive this worker: an
// offscreen document (host/) keeps it. A worker that finds the host holding
// the list in use (as a person's next page after 30 s finds it) uses it and
// reads and loads nothing. Otherwise (the browser's first page, or the host
// closed itself after idling) the worker runs the core itself as it always
// did, on the storage reads started here, and afterwards has the host load
// the stored index for the next start (prepareHost).
let deciding;
function decide() {
  deciding ||= (async () => {
    if (!HOSTED) return false;
    const t0 = performance.now();
    const st = await hostStatus().catch(() => undefined);
    const use = !!st?.held && await heldIsInUse(st.held);
    useHost(use);
    coldStart.hostDecidedMs = performance.now() - t0;
    return use;
  })();
  return deciding;
}

/** Whether what a host's core holds is the list in use, at the sensitivity in use. */
async function heldIsInUse(h) {
  const [{ list }, s] = await Promise.all([chrome.storage.local.get('list'), settings()]);
  if (h.sensitivity !== s.sensitivity) return false;
  // The host lives no longer than this version of the extension, so a held
  // bundled list is this version's; a downloaded one must be the one in use.
  return list ? list.sha256 === h.sha256 && h.source !== 'bundled' : h.source === 'bundled';
}

let early = decide().then((hosted) => (hosted ? undefined : readStored())).catch(() => undefined);
let earlyRead = false;
early.then(() => { earlyRead = true; });

// A page as the content script describes it (signals.js), in a few of the
// list's languages, with a quoted section: what warm() frames.
const WARM_PAGE = {
  url: 'https://example.invalid/fact-check/warm-up/', lang: 'en', title: 'Fact check: no, the message is false',
  kicker: 'Faktencheck', headline: 'Nee, dit bericht klopt niet', lead: 'Un message qui circule sur WhatsApp affirme que…',
  headings: 'Claim\nOur rating\nBewertung', body: 'A chain letter is going viral. It is a hoax, experts say. Circula en redes sociales.',
  meta: ['article:section Fact check'], types: ['ClaimReview'], rating: ['False'],
};
const WARM_SECTIONS = [{ prev: 'It reads:', before: 'The latest hoax warns', after: 'This is not true.', whole: false, quoteElement: true, rumor: 0, block: 0 }];

/**
 * While a fresh worker waits for its stored index, its thread is idle: one
 * framing of a made-up page then parses the cue tables and has V8 compile
 * the code a page's first framing runs, which would otherwise be paid
 * between the list being ready and the first mark (10-20 ms).
 */
async function warm(api) {
  const t = performance.now();
  try {
    await api.framing(WARM_PAGE, WARM_SECTIONS, []);
  } catch (e) {
    console.debug('rumorguard: warm-up', e);
  }
  if (api.generation === 1) coldStart.warmMs ??= performance.now() - t;
}

/** Tells a hosted core which list it holds, for the next worker start (and its notes, once read). */
async function hold(api) {
  if (!api.hosted) return;
  const s = await settings();
  await api._hold({ ...current, sensitivity: s.sensitivity });
  const sha = current.sha256;
  notes?.read?.then((rec) => rec?.sha256 === sha && api._holdNotes(sha, rec.bytes)).catch(() => {});
}

let preparing;
/**
 * Has the host load the stored index of the list in use, so that the next
 * worker start finds it there. Called when this worker runs the core itself,
 * once that index is stored, a few seconds after the page's first marks.
 */
function prepareHost(delayMs = 2000) {
  if (!HOSTED) return;
  clearTimeout(preparing);
  preparing = setTimeout(async () => {
    try {
      if ((await core()).hosted || !current) return;
      const s = await settings();
      const t0 = performance.now();
      const ok = await hostCall('_loadStored', [{ ...current, sensitivity: s.sensitivity }]);
      coldStart.hostPreparedMs ??= performance.now() - t0;
      coldStart.hostPrepared ??= ok;
    } catch (e) {
      console.debug('rumorguard: preparing the host', e);
    }
  }, delayMs);
}

async function init(api) {
  const t0 = performance.now();
  const s = await settings();
  const held = api.hosted && api.held;
  if (held) {
    current = held;
    notes = { hosted: true };
    const parts = { listAtMs: t0, heldByHost: true, listReadyAtMs: performance.now() };
    if (!coldStart.listReadyAtMs) Object.assign(coldStart, parts);
    rumorsCache = undefined;
    return current;
  }
  await api.setSensitivity(s.sensitivity);
  if (early && !earlyRead) {
    if (api.hosted) warm(api);
    else await warm(api);
  }
  const pre = (early && await early) || await readStored();
  early = undefined; // a restarted core reads storage again
  const { list, kept } = pre;
  const parts = { listAtMs: t0, storageReadMs: pre.storageReadMs, indexReadMs: pre.indexReadMs, readAtMs: pre.readyAtMs };
  let stored;
  if (list) {
    // A stored index of this very list: no verify, decode or index.
    if (list.sha256) {
      let t;
      if (kept?.sha256 === list.sha256) {
        t = performance.now();
        const r = await api.loadStoredIndex(kept.bytes, list.sha256, 0);
        parts.indexLoadMs = performance.now() - t;
        if (r.ok) stored = { ...r, source: list.source, installedAt: list.installedAt, fromIndex: true };
        else parts.indexRefused = r.code;
      } else {
        parts.indexRefused = kept ? 'another list' : 'none';
      }
    }
    if (!stored) {
      let t = performance.now();
      const bytes = await listBytes(list).catch(() => undefined);
      parts.listReadMs = performance.now() - t;
      t = performance.now();
      // A list rebuilt from a delta is kept with the signed manifest that vouches for it.
      const info = !bytes ? { ok: false }
        : list.manifest ? await api.loadManifested(bytes, JSON.stringify(list.manifest), 0) : await api.load(bytes, 0);
      parts.listLoadMs = performance.now() - t;
      parts.listIndexMs = info.indexMs;
      if (info.ok) {
        stored = { ...info, source: list.source, installedAt: list.installedAt };
        if (list.bytes || !list.sha256) { // kept by an older version: move it to IndexedDB
          const { bytes: _, ...rest } = list;
          await keepList(bytes, { ...rest, version: info.version, sha256: info.sha256 });
        }
      }
    }
  }
  // An extension update may ship a newer bundled list than the stored one;
  // the bundled list the core refused last time need not be verified again.
  let t = performance.now();
  let b;
  if (stored && list.bundledRefused === pre.bundledSHA256) b = { ok: false, code: 'downgrade' };
  else if (!stored && kept?.bundledFile === pre.bundledSHA256) {
    // The bundled list in use, started from the index the core made of it
    // after it verified (the same file: its SHA-256), as a downloaded list is.
    const r = await api.loadStoredIndex(kept.bytes, kept.sha256, 0);
    if (r.ok) b = { ...r, fromIndex: true };
    else parts.indexRefused = r.code;
  }
  b ||= await api.load(pre.bundledBytes, stored ? stored.version : 0);
  parts.bundledMs = performance.now() - t;
  if (b.fromIndex) parts.bundledFromIndex = true;
  if (b.ok) {
    current = { ...b, source: 'bundled', installedAt: Date.now() };
    if (stored) {
      await chrome.storage.local.remove('list');
      await Promise.all([idbDelete('list'), removeFiles('index', 'notes')]).catch(() => {});
    }
    if (!b.fromIndex) storeIndexSoon(b.sha256, pre.bundledSHA256);
  } else if (stored) {
    current = stored; // the core refused the older bundled list and kept the stored one
    if (!stored.fromIndex) storeIndexSoon(stored.sha256); // refused or missing: store it again
    if (b.code === 'downgrade' && list.bundledRefused !== pre.bundledSHA256) {
      const { list: now } = await chrome.storage.local.get('list');
      if (now?.sha256 === stored.sha256) await chrome.storage.local.set({ list: { ...now, bundledRefused: pre.bundledSHA256 } });
    }
  } else {
    throw new Error(`bundled list: ${b.error}`);
  }
  notes = current.fromIndex ? pendingNotes : undefined;
  await hold(api);
  if (!api.hosted && current.fromIndex) prepareHost();
  parts.listReadyAtMs = performance.now();
  if (api.generation === 1 || api.hosted) Object.assign(coldStart, parts);
  rumorsCache = undefined;
  return current;
}

export async function info() {
  await ready();
  return current;
}

/**
 * The stored notes of the rumors at these indexes (StoredNotes in
 * wasm/core/index_store.go: "RGCN", format, n, n+1 offsets, JSON), decoded
 * only for those: after a start from the stored index the core has the
 * index, not the notes.
 */
async function notesAt(indexes) {
  if (notes?.hosted) {
    const out = await (await core())._notesAt(current.sha256, current.rumors, indexes);
    if (out) return out;
    notes = { read: readFile('notes') }; // the host has none: read them here (and hand them over)
    notes.read.then((rec) => rec?.sha256 === current.sha256 && core().then((api) => api._holdNotes(rec.sha256, rec.bytes))).catch(() => {});
  }
  const rec = await notes?.read;
  if (!rec?.bytes || rec.sha256 !== current.sha256) throw new Error('no stored notes for the list in use');
  return decodeNotes(rec.bytes, current.rumors, indexes);
}

/** The rumors at these indexes of the list in use (what a note needs), without parsing the whole list. */
export async function rumorsAt(indexes) {
  await ready();
  if (rumorsCache) return indexes.map((i) => rumorsCache[i]);
  const api = await core();
  const t0 = performance.now();
  let out;
  if (!await api.hasList()) out = await notesAt(indexes).catch((e) => console.error('rumorguard: stored notes', e));
  coldStart.notesFrom ??= out ? 'stored notes' : 'list';
  if (!out) {
    await attached(api); // damaged or missing notes: the list itself has them
    out = JSON.parse(await api.rumorsAt(indexes));
  }
  coldStart.rumorsAtMs ??= performance.now() - t0;
  return out;
}

/** Whether url (without its fragment) is a source of a rumor of the list in use: such a page fact-checks. */
export async function isSource(url) {
  await ready();
  return (await core()).isSource(String(url || '').split('#')[0]);
}

/** The rumors of the list in use, parsed once per list. */
export async function rumors() {
  await ready();
  if (!rumorsCache) {
    const t0 = performance.now();
    const api = await core();
    if (!await api.hasList()) rumorsCache = await notesAt([...Array(current.rumors).keys()]).catch(() => undefined);
    if (!rumorsCache) {
      await attached(api);
      rumorsCache = JSON.parse(await api.rumors());
    }
    coldStart.rumorsJSONMs ??= performance.now() - t0;
  }
  return rumorsCache;
}

export async function updateState() {
  const { update } = await chrome.storage.local.get('update');
  return update || { failures: 0 };
}

export async function schedule(delayMin) {
  if (delayMin === undefined) {
    const u = await updateState();
    delayMin = u.failures
      ? Math.min(BACKOFF_MIN * 2 ** (u.failures - 1), BACKOFF_MAX)
      : PERIOD_MIN;
  }
  const jittered = Math.max(0.5, delayMin * (1 + JITTER * (2 * Math.random() - 1)));
  await chrome.alarms.create(ALARM, { delayInMinutes: jittered });
}

class UpdateError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Versions are whole numbers from 1 to 2^53−1, which JavaScript compares exactly. */
function checkVersion(v, what) {
  if (!Number.isSafeInteger(v) || v < 1 || v > MAX_VERSION) {
    throw new UpdateError('version', `${what}: version ${v} is not a whole number from 1 to ${MAX_VERSION}, the largest JavaScript can compare exactly`);
  }
  return v;
}

async function fetchBounded(url, limit) {
  const resp = await fetch(url, { cache: 'no-store', credentials: 'omit' });
  if (!resp.ok) throw new UpdateError('error', `${url}: HTTP ${resp.status}`);
  return readBounded(resp, limit);
}

async function readBounded(resp, limit) {
  const declared = Number(resp.headers.get('Content-Length') || 0);
  if (declared > limit) throw new UpdateError('too-large', `${declared} bytes`);
  const reader = resp.body.getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > limit) {
      reader.cancel();
      throw new UpdateError('too-large', `more than ${limit} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Checks the server for a newer list and installs it if it verifies.
 * Returns the update state. Never throws: errors are recorded.
 */
export async function checkForUpdates() {
  await ready();
  const s = await settings();
  const u = await updateState();
  const name = s.lists[0] || 'default';
  const now = Date.now();
  try {
    const base = s.server.replace(/\/+$/, '');
    const headers = {};
    if (u.etag && u.etagFor === current.version) headers['If-None-Match'] = u.etag;
    let resp;
    try {
      resp = await fetch(`${base}/v1/lists/${encodeURIComponent(name)}/latest`, { headers, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new UpdateError('network', String(e));
    }
    if (resp.status === 304) {
      Object.assign(u, { lastCheck: now, lastSuccess: now, failures: 0, lastError: null });
    } else if (!resp.ok) {
      throw new UpdateError(resp.status === 404 ? 'error' : 'network', `manifest: HTTP ${resp.status}`);
    } else {
      const text = new TextDecoder().decode(await readBounded(resp, MAX_MANIFEST_BYTES));
      const etag = resp.headers.get('ETag');
      let claimed;
      try {
        claimed = JSON.parse(text);
      } catch {
        throw new UpdateError('malformed', 'manifest: not JSON');
      }
      // Refusing a list too large to download needs no trust in the manifest.
      if (claimed?.signed_size > MAX_LIST_BYTES) throw new UpdateError('too-large', `${claimed.signed_size} bytes`);
      // Nothing else the server says counts before the core has checked the
      // manifest's signature against the pinned keys (and its version).
      const api = await core();
      const m = await api.verifyManifest(text, 0);
      if (!m.ok) throw new UpdateError(m.code, m.error);
      if (m.list !== name) throw new UpdateError('error', `the server sent the manifest of list "${m.list}", not "${name}"`);
      const version = checkVersion(m.version, 'manifest');
      checkVersion(current.version, 'list in use');
      if (version > current.version) {
        const listURL = `${base}/v1/lists/${encodeURIComponent(name)}`;
        let keep;
        // A delta first: kilobytes instead of the list. Never larger than
        // the list it builds; the core decodes it within a budget and
        // adopts the result only if the signed manifest vouches for it.
        try {
          const delta = await fetchBounded(`${listURL}/deltas/${current.version}-${version}`, Math.min(MAX_LIST_BYTES, m.size));
          await attached(api);
          const r = await api.applyDelta(delta, text);
          if (r.ok) keep = { bytes: r.list, manifest: JSON.parse(text), version: r.version, info: r, via: 'delta', transferred: delta.length };
        } catch (e) {
          if (e.code === 'core-stopped') throw e;
          // no delta for this step, or it did not apply: download the list
        }
        if (!keep) {
          if (m.signedSize > MAX_LIST_BYTES) throw new UpdateError('too-large', `${m.signedSize} bytes`);
          const bytes = await fetchBounded(`${listURL}/${version}`, m.signedSize);
          if (bytes.length < m.signedSize) throw new UpdateError('truncated', `${bytes.length} of ${m.signedSize} bytes`);
          const r = await api.load(bytes, current.version, text); // only the list the manifest describes
          if (!r.ok) throw new UpdateError(r.code, r.error);
          keep = { bytes, version: r.version, info: r, via: 'full', transferred: bytes.length };
        }
        current = { ...keep.info, source: 'server', installedAt: now };
        notes = undefined;
        await hold(api);
        rumorsCache = undefined;
        const { info, bytes, transferred, ...stored } = keep;
        await keepList(bytes, { ...stored, sha256: info.sha256, source: 'server', installedAt: now });
        storeIndexSoon(info.sha256);
        Object.assign(u, { lastVia: keep.via, lastTransferred: keep.transferred });
      } else if (version < current.version) {
        throw new UpdateError('downgrade', `server has ${version}, in use ${current.version}`);
      }
      Object.assign(u, { etag, etagFor: current.version, lastCheck: now, lastSuccess: now, failures: 0, lastError: null });
    }
  } catch (e) {
    Object.assign(u, { lastCheck: now, failures: (u.failures || 0) + 1, lastError: { code: e.code || 'error', message: String(e.message || e), at: now, version: current.version } });
    // The core stopped: start it again with the last good list now, not
    // when the next page asks.
    if (e.code === 'core-stopped') await ready().catch((err) => console.error('rumorguard: restarting the core', err));
  }
  await chrome.storage.local.set({ update: u });
  await schedule();
  return u;
}

/** Reloads the list into the core with new settings. */
export async function applySettings() {
  const api = await core();
  const s = await settings();
  await attached(api); // a new sensitivity recompiles the list
  const r = await api.setSensitivity(s.sensitivity);
  if (!r.ok) throw new Error(r.error);
  if (api.hosted) await hold(api);
  else prepareHost(); // the host's core, compiled at the old sensitivity, is no longer used
}
