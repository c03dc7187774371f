// Runs the core wasm under node for tests and benchmarks:
//   node run.mjs scan  WASM_EXEC WASM KEYRING SIGNED TEXTS.json   -> JSON results
//   node run.mjs bench WASM_EXEC WASM KEYRING TEXT SIGNED...       -> JSON timings
//   node run.mjs delta WASM_EXEC WASM KEYRING SIGNED TEXTS.json MANIFEST DELTA...
//        -> per delta: the applyDelta result, its time and the wasm memory
//           after it, and how many matches a scan of the texts finds then
//   node run.mjs misuse WASM_EXEC WASM KEYRING SIGNED TEXTS.json
//        -> calls with arguments of the wrong type, each result and the
//           matches a scan finds after it
//   node run.mjs storeindex WASM_EXEC WASM KEYRING SIGNED OUT
//        -> loads the list and writes its stored index to OUT (OUT.sha256
//           beside it), as the extension keeps it
//   node run.mjs loadindex WASM_EXEC WASM KEYRING OUT
//        -> a restarted worker's start in a fresh process: Go start, the
//           stored index's load and the first scans, wall clock and the
//           process's CPU time (which counts V8's compile threads too)
// It uses Go's own lib/wasm/wasm_exec.js, as the extension does.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [mode, wasmExec, wasmPath, keyringPath, ...rest] = process.argv.slice(2);

let memory; // the Go instance's linear memory: it only ever grows
let goStart; // the Go program's start: wall clock and CPU ms

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function start() {
  const t0 = performance.now();
  await import(wasmExec); // defines globalThis.Go
  const go = new globalThis.Go();
  const ready = new Promise((resolve) => { globalThis.rumorguardCoreReady = resolve; });
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), go.importObject);
  const goAt = performance.now();
  const goCPU = cpuMs();
  go.run(instance);
  memory = instance.exports.mem;
  await ready;
  goStart = { goStartMs: performance.now() - goAt, goStartCPUMs: cpuMs() - goCPU };
  const core = globalThis.rumorguardCore;
  const init = core.init(readFileSync(keyringPath, 'utf8'));
  if (!init.ok) throw new Error(init.error);
  return { core, startMs: performance.now() - t0 };
}

function decode(core, bytes) {
  const v = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const out = [];
  for (let i = 0; i < v.length; i += core.fields) out.push(Array.from(v.subarray(i, i + core.fields)));
  return out;
}

const { core, startMs } = await start();
if (mode === 'scan') {
  const [signed, textsPath] = rest;
  const t0 = performance.now();
  const load = core.load(new Uint8Array(readFileSync(signed)), 0);
  const loadMs = performance.now() - t0;
  const texts = JSON.parse(readFileSync(textsPath, 'utf8'));
  const results = decode(core, core.scan(texts.join('\u0000')));
  // A second load of the same version must be refused as a downgrade, and
  // the list in use must stay.
  const again = core.load(new Uint8Array(readFileSync(signed)), load.version);
  const after = decode(core, core.scan(texts.join('\u0000')));
  console.log(JSON.stringify({ load, again, results, resultsAfter: after, rumors: JSON.parse(core.rumors()), startMs, loadMs }));
} else if (mode === 'bench') {
  const [textPath, ...lists] = rest;
  const text = readFileSync(textPath, 'utf8');
  const bytes = Buffer.byteLength(text);
  const rows = [];
  for (const l of lists) {
    const raw = new Uint8Array(readFileSync(l));
    let t0 = performance.now();
    const info = core.load(raw, 0);
    const loadMs = performance.now() - t0;
    if (!info.ok) throw new Error(info.error);
    // Throughput once V8 has optimized the code: a second of scans first.
    for (const warm = performance.now(); performance.now() - warm < 1000;) core.scan(text);
    const runs = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      core.scan(text);
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    const ms = runs[2];
    rows.push({ rumors: info.rumors, loadMs, indexMs: info.indexMs, scanMs: ms, mbps: bytes / 1e6 / (ms / 1000) });
  }
  console.log(JSON.stringify({ startMs, bytes, rows }));
} else if (mode === 'delta') {
  // A hostile server's deltas: each must be refused (or applied) without
  // taking the core down, and the core must scan as before after each.
  const [signed, textsPath, manifestPath, ...deltas] = rest;
  const load = core.load(new Uint8Array(readFileSync(signed)), 0);
  const batch = JSON.parse(readFileSync(textsPath, 'utf8')).join('\u0000');
  const manifest = readFileSync(manifestPath, 'utf8');
  const count = () => {
    try {
      return decode(core, core.scan(batch)).length;
    } catch (e) {
      return String(e.message || e);
    }
  };
  const rows = [];
  const before = { matches: count(), memoryBytes: memory.buffer.byteLength };
  for (const d of deltas) {
    const bytes = new Uint8Array(readFileSync(d));
    const t0 = performance.now();
    let result;
    try {
      result = core.applyDelta(bytes, manifest);
      if (result) delete result.list;
    } catch (e) {
      result = { thrown: String(e.message || e) };
    }
    const ms = performance.now() - t0;
    rows.push({ bytes: bytes.length, result: result ?? null, ms, memoryBytes: memory.buffer.byteLength, matchesAfter: count() });
  }
  console.log(JSON.stringify({ load, before, rows }));
} else if (mode === 'misuse') {
  const [signed, textsPath] = rest;
  const bytes = new Uint8Array(readFileSync(signed));
  const load = core.load(bytes, 0);
  const batch = JSON.parse(readFileSync(textsPath, 'utf8')).join('\u0000');
  const count = () => {
    try {
      return decode(core, core.scan(batch)).length;
    } catch (e) {
      return String(e.message || e);
    }
  };
  const calls = {
    'load(123)': () => core.load(123, 0),
    'applyDelta({})': () => core.applyDelta({}, '{}'),
    'loadManifested("x")': () => core.loadManifested('x', '{}', 0),
    'load(bytes, 2 ** 60)': () => core.load(bytes, 2 ** 60),
    'verifyManifest("{}")': () => core.verifyManifest('{}', 0),
  };
  const rows = [];
  const before = count();
  for (const [call, f] of Object.entries(calls)) {
    let result;
    try {
      result = f() ?? null;
    } catch (e) {
      result = { thrown: String(e.message || e) };
    }
    rows.push({ call, result, matchesAfter: count() });
  }
  console.log(JSON.stringify({ load, before, rows }));
} else if (mode === 'storeindex') {
  const [signed, out] = rest;
  const info = core.load(new Uint8Array(readFileSync(signed)), 0);
  if (!info.ok) throw new Error(info.error);
  const r = core.storedIndex();
  if (!r.ok) throw new Error(r.error);
  writeFileSync(out, r.index);
  writeFileSync(`${out}.sha256`, info.sha256);
  console.log(JSON.stringify({ rumors: info.rumors, indexBytes: r.index.length, notesBytes: r.notes.length }));
} else if (mode === 'loadindex') {
  const [stored] = rest;
  const bytes = new Uint8Array(readFileSync(stored));
  const sha = readFileSync(`${stored}.sha256`, 'utf8');
  const t = { startMs, ...goStart };
  let t0 = performance.now();
  let c0 = cpuMs();
  const info = core.loadStoredIndex(bytes, sha, 0);
  t.loadMs = performance.now() - t0;
  t.loadCPUMs = cpuMs() - c0;
  if (!info.ok) throw new Error(info.error);
  const text = 'Do not accept the friend request from Jayden K. Smith, he is a hacker. '
    + 'Ordinary words about the weather and a match yesterday. '.repeat(1500);
  t0 = performance.now();
  const found = decode(core, core.scan(text)).length;
  t.firstScanMs = performance.now() - t0;
  t0 = performance.now();
  core.scan(text);
  t.secondScanMs = performance.now() - t0;
  console.log(JSON.stringify({ rumors: info.rumors, found, ...Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v * 10) / 10])) }));
} else {
  throw new Error('usage: node run.mjs scan|bench|delta|misuse|storeindex|loadindex ...');
}
// Exit once stdout is flushed: a large result piped to the test would be cut.
process.stdout.write('', () => process.exit(0));
