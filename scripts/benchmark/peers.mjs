// The node half of the peers' task (scripts/benchmark/peers.go): the
// Rumorguard wasm core and fuse.js 7, in one node process, on exactly the
// same list, text and planted documents, so their ratio compares like with
// like (same runtime, same inputs).
// argv: DIR (task.json, list.rgl, keys) WASM_EXEC CORE_WASM
//   -> {wasmKBps, fuseKBps, wasmRecall: {kind: r}, fuseRecall: {kind: r}, sentences}
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';

const [dir, wasmExec, wasmPath] = process.argv.slice(2);
const task = JSON.parse(readFileSync(join(dir, 'task.json'), 'utf8')); // {phrases: [{rumor, text}], text, docs: [{kind, rumor, text}]}

// About a second of calls, then the rate of the last half (V8 has optimized by then).
function kbPerSec(text, fn) {
  const bytes = Buffer.byteLength(text);
  for (const t = performance.now(); performance.now() - t < 500;) fn(text);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 500 || n === 0) { fn(text); n++; }
  return (bytes * n) / 1000 / ((performance.now() - t0) / 1000);
}

function recall(found) {
  const hit = {}, all = {};
  for (const d of task.docs) {
    all[d.kind] = (all[d.kind] || 0) + 1;
    if (found(d)) hit[d.kind] = (hit[d.kind] || 0) + 1;
  }
  return Object.fromEntries(Object.keys(all).map((k) => [k, (hit[k] || 0) / all[k]]));
}

// fuse.js as extension authors use it: an index of the phrases, each
// sentence of the text searched, the best hit under its default threshold.
const sentencesOf = (t) => t.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim());
const fuse = new Fuse(task.phrases, { keys: ['text'], includeScore: true, threshold: 0.4, ignoreLocation: true });
const fuseScan = (t) => sentencesOf(t).map((s) => fuse.search(s, { limit: 1 })[0]).filter(Boolean);

// The Rumorguard core, as the extension runs it (Go's wasm_exec.js).
await import(wasmExec);
const go = new globalThis.Go();
const ready = new Promise((resolve) => { globalThis.rumorguardCoreReady = resolve; });
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), go.importObject);
go.run(instance);
await ready;
const core = globalThis.rumorguardCore;
if (!core.init(readFileSync(join(dir, 'keys'), 'utf8')).ok) throw new Error('core init');
const info = core.load(new Uint8Array(readFileSync(join(dir, 'list.rgl'))), 0);
if (!info.ok) throw new Error(info.error);
const RUMOR = 1; // the rumor index in a result record (wasm/core: FieldRumor)
function wasmRumors(t) {
  const b = core.scan(t);
  const v = new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  const out = new Set();
  for (let i = 0; i < v.length; i += core.fields) out.add(v[i + RUMOR]);
  return out;
}

const out = {
  wasmKBps: kbPerSec(task.text, (t) => core.scan(t)),
  fuseKBps: kbPerSec(task.text, fuseScan),
  wasmRecall: recall((d) => wasmRumors(d.text).has(d.rumor)),
  fuseRecall: recall((d) => fuseScan(d.text).some((h) => h.item.rumor === d.rumor)),
  sentences: sentencesOf(task.text).length,
};
console.log(JSON.stringify(out));
// Exit once stdout is flushed: a large result piped to the test would be cut.
process.stdout.write('', () => process.exit(0));
