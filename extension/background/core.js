// The Go core (wasm/corejs) in the extension's own context, never in the
// page: pages with a strict CSP cannot run it, and page text must not leave
// the extension. One instance per worker start; callers await core().
import '../core/wasm_exec.js';

let started;

/** Starts the core once and returns its API (see wasm/corejs/main.go). */
export function core() {
  if (!started) {
    started = start().catch((e) => {
      started = undefined; // let the next call try again
      throw e;
    });
  }
  return started;
}

async function start() {
  const t0 = performance.now();
  const go = new globalThis.Go();
  const ready = new Promise((resolve) => { globalThis.rumorguardCoreReady = resolve; });
  const url = chrome.runtime.getURL('core/core.wasm');
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
  } catch {
    // Firefox serves extension files without the wasm MIME type in some versions.
    const bytes = await (await fetch(url)).arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
  }
  go.run(instance);
  await ready;
  const api = globalThis.rumorguardCore;
  const keys = await (await fetch(chrome.runtime.getURL('lists/publishers.pub'))).text();
  const r = api.init(keys);
  if (!r.ok) throw new Error(`core init: ${r.error}`);
  api.startMs = performance.now() - t0;
  return api;
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
