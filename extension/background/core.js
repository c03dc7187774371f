// The Go core (wasm/corejs) in the extension's own context, never in the
// page: pages with a strict CSP cannot run it, and page text must not leave
// the extension. Callers await core().
//
// The Go program can end (it runs out of memory, say, on a device with
// little of it); after that every call into it fails with "Go program has
// already exited". core() then starts a new instance, and the list module,
// seeing a new api.generation, loads its last good list into it.
import '../core/wasm_exec.js';

// In Chromium's service worker the core runs in an offscreen document
// (host/host.html), which outlives the worker: a worker Chromium stopped
// after 30 s idle then finds its list already loaded instead of reading
// and loading the stored index again. Firefox's event page, and the host
// itself, run the core here.
export const HOSTED = typeof chrome !== 'undefined' && !!chrome.offscreen && typeof document === 'undefined';

let hosted = false; // whether this worker uses the host's core (lists.js decides, once per start)
let starting; // the promise of the instance in use, or of its start
let running; // {go, memory} of the instance in use, once started
let generation = 0;

// What a cold start cost, part by part, in ms since the worker started
// (performance.now() counts from the worker's start): for the browser tests
// and benchmarks, and the service worker's console. lists.js adds its parts.
export const coldStart = { timeOrigin: performance.timeOrigin, moduleMs: performance.now() };
globalThis.rumorguardColdStart = coldStart;

// Calls whose normal result is not an {ok} object: a panic result from
// these is thrown, so no caller mistakes it for a scan or a verdict.
const THROWS = new Set(['scan', 'rumors']);

/** Starts the core once, and again after it stopped; returns its API (see wasm/corejs/main.go). */
export function core() {
  if (hosted) {
    return hostCore().catch((e) => {
      // The host is gone (it closed itself after idling, or crashed): the
      // core runs here again, and lists.js, seeing another generation,
      // loads the list into it.
      console.warn('rumorguard: the list engine\'s host is gone; running it here', e);
      hosted = false;
      return core();
    });
  }
  prestart();
  if (running?.go.exited) {
    running = undefined;
    starting = undefined;
  }
  if (!starting) {
    starting = start().catch((e) => {
      starting = undefined; // let the next call try again
      throw e;
    });
  }
  return starting;
}

function stopped(name, cause) {
  const e = new Error(`the list engine stopped during ${name}${cause ? ` (${cause.message || cause})` : ''}; it starts again with the last good list`);
  e.code = 'core-stopped';
  return e;
}

/** Wraps each call of the Go API so that a stopped Go program is reported as one, never as a result. */
function wrap(go, raw, gen) {
  const api = { fields: raw.fields, fieldNames: raw.fieldNames, generation: gen };
  for (const [name, fn] of Object.entries(raw)) {
    if (typeof fn !== 'function') continue;
    api[name] = (...args) => {
      if (go.exited) throw stopped(name);
      let r;
      const t0 = performance.now();
      try {
        r = fn(...args);
        if (name === 'scan' && coldStart.firstScanAtMs === undefined) {
          coldStart.firstScanAtMs = t0;
          coldStart.firstScanMs = performance.now() - t0;
        }
        // Each call's first run, [at, ms]: a cold worker compiles the
        // WebAssembly it runs on first call.
        if (gen === 1) (coldStart.firstCalls ||= {})[name] ??= [Math.round(t0), Math.round(performance.now() - t0)];
      } catch (e) {
        throw go.exited ? stopped(name, e) : e;
      }
      // A Go program that ends inside a call returns undefined from it.
      if (go.exited) throw stopped(name);
      if (THROWS.has(name) && r?.code === 'panic') throw new Error(r.error);
      return r;
    };
  }
  return api;
}

const WASM_URL = new URL('../core/core.wasm', import.meta.url).href; // also in the host's worker, which has no chrome.runtime

/** Compiles the core (once per worker: a restarted Go program reuses the module). */
function compile() {
  return WebAssembly.compileStreaming(fetch(WASM_URL)).catch(async () => {
    // Firefox serves extension files without the wasm MIME type in some versions.
    return WebAssembly.compile(await (await fetch(WASM_URL)).arrayBuffer());
  });
}

// Fetched and compiled as this module is evaluated, the first thing the
// worker does, not after every other module: the compile overlaps their
// evaluation and the storage reads lists.js starts. Not when a host is
// open, which likely holds the list (core() starts them if this worker runs
// the core itself after all).
let compiled;
let keysRead;
const publisherKeys = () => fetch(new URL('../lists/publishers.pub', import.meta.url)).then((r) => r.text());
function prestart() {
  if (!compiled) {
    compiled = compile();
    compiled.catch(() => { compiled = undefined; }); // start() compiles again
  }
  if (!keysRead) {
    keysRead = publisherKeys();
    keysRead.catch(() => { keysRead = undefined; });
  }
}
if (HOSTED) chrome.offscreen.hasDocument().then((open) => { if (!open) prestart(); }, prestart);
else prestart();

async function start() {
  const t0 = performance.now();
  const go = new globalThis.Go();
  const ready = new Promise((resolve) => { globalThis.rumorguardCoreReady = resolve; });
  const module = await (compiled ||= compile());
  const instance = await WebAssembly.instantiate(module, go.importObject);
  const t1 = performance.now();
  go.run(instance);
  await ready;
  const t2 = performance.now();
  const api = wrap(go, globalThis.rumorguardCore, ++generation);
  const keys = await (keysRead ||= publisherKeys());
  const r = api.init(keys);
  if (!r.ok) throw new Error(`core init: ${r.error}`);
  api.startMs = performance.now() - t0;
  if (generation === 1) {
    // compileMs: what start() waited for the module (compiled since the
    // module was evaluated, at moduleMs) and to instantiate it.
    Object.assign(coldStart, { coreStartAtMs: t0, compileMs: t1 - t0, goStartMs: t2 - t1, initMs: performance.now() - t2 });
  }
  running = { go, memory: instance.exports.mem };
  return api;
}

// For the service worker's console and the browser tests: how many times
// the core started, whether it is running, and its memory (Go's wasm memory
// only grows, so this is its peak).
export const coreStats = () => ({
  starts: generation,
  running: !!running && !running.go.exited,
  memoryBytes: running ? running.memory.buffer.byteLength : 0,
});
globalThis.rumorguardCoreStats = () => (hosted ? hostCall('_stats', []) : coreStats());

// The service worker's side of the hosted core: every call is a message to
// the offscreen document, answered with its result (structured clone, so
// bytes stay bytes). The API object is the same as the local one, except
// that each call returns a promise; callers await either.
const HOST_URL = new URL('../host/host.html', import.meta.url).href;
let hostOpen; // the promise that the offscreen document exists
let nextCall = 0;
const pending = new Map();
if (HOSTED) {
  self.addEventListener('message', (e) => {
    const p = pending.get(e.data?.hostReply);
    if (!p) return;
    // Another core answered (the host's restarted, or a new host): the next
    // core() asks for its status, and lists.js loads the list into it.
    if (hostApi && e.data.gen && `host:${e.data.gen}` !== hostApi.generation) hostApi = undefined;
    pending.delete(e.data.hostReply);
    if (e.data.error !== undefined) {
      const err = new Error(e.data.error);
      if (e.data.code) err.code = e.data.code;
      p.reject(err);
    } else p.resolve(e.data.ok);
  });
}

function openHost() {
  hostOpen ||= (async () => {
    const t = performance.now();
    if (!(await chrome.offscreen.hasDocument())) {
      await chrome.offscreen.createDocument({
        url: 'host/host.html',
        reasons: ['WORKERS'],
        justification: 'Runs the rumor matcher (WebAssembly) in a worker that is not restarted with the service worker.',
      }).catch((e) => {
        if (!/single offscreen document/i.test(String(e?.message))) throw e; // opened meanwhile
      });
      coldStart.hostOpenedMs = performance.now() - t;
    }
  })().catch((e) => {
    hostOpen = undefined;
    throw e;
  });
  return hostOpen;
}

const findHost = async () => (await self.clients.matchAll({ includeUncontrolled: true, type: 'window' }))
  .find((x) => x.url.split(/[?#]/)[0] === HOST_URL);

async function hostClient() {
  await openHost();
  const c = await findHost();
  if (c) return c;
  hostOpen = undefined; // closed meanwhile: open it again
  await openHost();
  return findHost();
}

export async function hostCall(method, args) {
  const c = await hostClient();
  if (!c) throw new Error('the list engine could not be started');
  const id = ++nextCall;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    c.postMessage({ hostCall: id, method, args });
  });
}

/** Uses the host's core (true) or this worker's own (false) from now on. */
export function useHost(on) {
  hosted = !!on;
}

/** What the host says of its core (generation, held list), or undefined if there is no host. */
export async function hostStatus() {
  if (!HOSTED || !(await chrome.offscreen.hasDocument())) return undefined;
  return hostCall('_status', []);
}

let hostApi; // the host's core as this worker last saw it (dropped when another core answers)
async function hostCore() {
  // A host closed since (or crashed) is a new core to load the list into:
  // asking the browser is one call, not a round trip to the host.
  if (hostApi && await findHost()) return hostApi;
  hostApi = undefined;
  const st = await hostCall('_status', []);
  const gen = `host:${st.generation}`; // never equal to a generation of this worker's own core, nor of another host's
  if (!hostApi || hostApi.generation !== gen) {
    const api = { fields: st.fields, fieldNames: st.fieldNames, generation: gen, hosted: true };
    for (const name of [...st.methods, '_hold', '_holdNotes', '_notesAt']) api[name] = (...args) => hostCall(name, args);
    hostApi = api;
    coldStart.host = st.coldStart;
  }
  hostApi.held = st.held;
  return hostApi;
}

/**
 * Decodes core.scan's bytes into one object per match, keyed by the names
 * the core gives its result fields (core.fieldNames, from wasm/core's
 * Field* constants): never by position.
 */
export function decodeResults(api, bytes) {
  const v = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const names = api.fieldNames;
  const out = [];
  for (let i = 0; i < v.length; i += names.length) {
    const r = {};
    names.forEach((name, j) => { r[name] = v[i + j]; });
    out.push(r);
  }
  return out;
}
