// The stored index in Chromium, for scripts/bench: for each signed list, a
// fresh page loads it (verify + decode + index: what a cold worker paid on
// every start before), stores its index and notes with the extension's own
// storage module (extension/background/storage.js: files in the origin
// private file system), and a second fresh page reads the index back and
// loads it into a new core (what a cold worker pays now; the extension reads
// the notes beside it and does not wait for them), then checks both find
// the same in the benchmark text.
// argv: DIR (core.wasm, wasm_exec.js, keys, text, list-*.rgl)
//   -> {rows: [{rumors, rebuildMs, storeMs, storedMB, notesMB, idbWriteMs, idbReadMs, loadMs, memMB, sameResults}]}
import path from 'node:path';
import { openBench } from './benchpage.mjs';

const storageModule = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'extension', 'background', 'storage.js');

const dir = process.argv[2];
const { base, browser, lists, close } = await openBench(dir, { title: 'stored index', extra: { 'storage.js': storageModule } });
const ctx = await browser.newContext();
const out = { rows: [] };
for (const list of lists) {
  const p1 = await ctx.newPage();
  await p1.goto(base);
  const a = await p1.evaluate(inPage, { list, mode: 'rebuild' });
  await p1.close();
  const p2 = await ctx.newPage();
  await p2.goto(base);
  const b = await p2.evaluate(inPage, { list, mode: 'load', sha256: a.sha256 });
  await p2.close();
  out.rows.push({ rumors: a.rumors, rebuildMs: a.rebuildMs, storeMs: a.storeMs, storedMB: a.storedMB, notesMB: a.notesMB, idbWriteMs: a.idbWriteMs,
    idbReadMs: b.idbReadMs, loadMs: b.loadMs, memMB: b.memMB, rebuildMemMB: a.memMB, sameResults: a.results === b.results, matches: a.matches });
}
console.log(JSON.stringify(out));
await close();

async function inPage({ list, mode, sha256 }) {
  const go = new Go();
  const ready = new Promise((r) => { globalThis.rumorguardCoreReady = r; });
  const { instance } = await WebAssembly.instantiateStreaming(fetch('core.wasm'), go.importObject);
  go.run(instance);
  await ready;
  const core = globalThis.rumorguardCore;
  core.init(await (await fetch('keys')).text());
  const { readFile, writeFile } = await import('/storage.js');
  const r = {};
  let t;
  if (mode === 'rebuild') {
    const raw = new Uint8Array(await (await fetch(list)).arrayBuffer());
    t = performance.now();
    const info = core.load(raw, 0);
    r.rebuildMs = performance.now() - t;
    if (!info.ok) throw new Error(info.error);
    Object.assign(r, { rumors: info.rumors, sha256: info.sha256 });
    t = performance.now();
    const s = core.storedIndex();
    r.storeMs = performance.now() - t;
    r.storedMB = s.index.length / 1e6;
    r.notesMB = s.notes.length / 1e6;
    t = performance.now();
    await writeFile(`${list}.notes`, { sha256: info.sha256 }, s.notes);
    await writeFile(list, { sha256: info.sha256 }, s.index);
    r.idbWriteMs = performance.now() - t;
  } else {
    t = performance.now();
    const kept = await readFile(list);
    r.idbReadMs = performance.now() - t;
    t = performance.now();
    const info = core.loadStoredIndex(kept.bytes, sha256, 0);
    r.loadMs = performance.now() - t;
    if (!info.ok) throw new Error(info.error);
  }
  r.memMB = instance.exports.mem.buffer.byteLength / 1e6;
  const res = core.scan(await (await fetch('text')).text());
  r.results = Array.from(new Uint8Array(res.buffer, res.byteOffset, res.byteLength)).join(',');
  r.matches = res.byteLength / 4 / core.fields;
  return r;
}
