// The wasm core inside Chromium (a page, not node), for scripts/bench: loads
// core.wasm with Go's wasm_exec.js in a page served on 127.0.0.1 and scans
// 1 MB of text with each signed list given. Each list gets a fresh page, so
// its load is a cold start, as in a service worker the browser just started.
// argv: DIR (core.wasm, wasm_exec.js, keys, text, list-*.rgl)
//   -> {startMs, rows: [{rumors, loadMs, indexMs, firstMs, scanMs, mbps, cpuScanMs, cpuMbps, memMB, altMs, altCpuMs}]}
import { openBench } from './benchpage.mjs';

const dir = process.argv[2];
const { base, browser, lists, close } = await openBench(dir);
const out = { rows: [] };
const open = [];
for (const list of lists) {
  const p = await browser.newPage();
  await p.goto(base);
  const r = await p.evaluate(bench, { lists: [list] });
  // The same scans by the page thread's CPU time (Chromium's ThreadTime
  // metric): on a shared machine the wall clock above also counts the time
  // other processes held the core, and this does not.
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
  const cpu = [];
  for (let i = 0; i < 5; i++) {
    const t0 = await threadTime();
    await p.evaluate(() => { for (let k = 0; k < 3; k++) globalThis.benchCore.scan(globalThis.benchText); });
    cpu.push((await threadTime() - t0) * 1000 / 3);
  }
  cpu.sort((a, b) => a - b);
  r.rows[0].cpuScanMs = cpu[2];
  r.rows[0].cpuMbps = r.rows[0].mbps * r.rows[0].scanMs / cpu[2];
  out.startMs ??= r.startMs;
  // What the text's way into wasm costs by itself: Blink's encodeInto of
  // the same megabyte, into an array kept between calls as the core's is,
  // as the page gives it (a two-byte string: it has characters past
  // U+00FF, as most pages do) and as a one-byte string (those replaced).
  out.encodeMs ??= await p.evaluate(() => {
    const enc = new TextEncoder();
    const buf = new Uint8Array(4 << 20);
    const median = (s) => {
      for (let k = 0; k < 10; k++) enc.encodeInto(s, buf);
      const ts = [];
      for (let k = 0; k < 15; k++) {
        const t = performance.now();
        enc.encodeInto(s, buf);
        ts.push(performance.now() - t);
      }
      return ts.sort((a, b) => a - b)[7];
    };
    const text = globalThis.benchText;
    // Through JSON, so the copy is one flat string, as a message delivers it.
    const oneByte = JSON.parse(JSON.stringify(text.replace(/[^\x00-\xff]/g, ' ')));
    return { twoByte: median(text), oneByte: median(oneByte), pastLatin1: (text.match(/[^\x00-\xff]/g) || []).length };
  });
  out.rows.push(...r.rows);
  open.push({ p, threadTime, row: r.rows[0] });
}
// The list sizes' scan times compared: each size's page scans in turn,
// round after round, so the machine's drift from second to second (tens of
// percent here) falls on every size alike; the rows above run one size
// after another. Each turn scans twice and times the second, so every page
// is timed with its own index in the caches.
const rounds = Number(process.env.RUMORGUARD_BENCH_ROUNDS || 15);
const wall = open.map(() => []);
const cpuAlt = open.map(() => []);
for (let k = 0; k < rounds; k++) {
  for (const [i, o] of open.entries()) {
    await o.p.evaluate(() => globalThis.benchCore.scan(globalThis.benchText));
    const t0 = await o.threadTime();
    wall[i].push(await o.p.evaluate(() => {
      const t = performance.now();
      globalThis.benchCore.scan(globalThis.benchText);
      return performance.now() - t;
    }));
    cpuAlt[i].push((await o.threadTime() - t0) * 1000);
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [i, o] of open.entries()) {
  o.row.altMs = med(wall[i]);
  o.row.altCpuMs = med(cpuAlt[i]);
  await o.p.close();
}
console.log(JSON.stringify(out));
await close();

async function bench({ lists }) {
  const go = new Go();
  const ready = new Promise((r) => { globalThis.rumorguardCoreReady = r; });
  const t0 = performance.now();
  const { instance } = await WebAssembly.instantiateStreaming(fetch('core.wasm'), go.importObject);
  go.run(instance);
  await ready;
  const startMs = performance.now() - t0;
  const core = globalThis.rumorguardCore;
  core.init(await (await fetch('keys')).text());
  const text = await (await fetch('text')).text();
  globalThis.benchCore = core;
  globalThis.benchText = text;
  const bytes = new TextEncoder().encode(text).length;
  const rows = [];
  for (const l of lists) {
    const raw = new Uint8Array(await (await fetch(l)).arrayBuffer());
    let t = performance.now();
    const info = core.load(raw, 0);
    const loadMs = performance.now() - t;
    if (!info.ok) throw new Error(info.error);
    // Wasm memory never shrinks: what the load peaked at is what the
    // extension's worker keeps for as long as it runs.
    const memMB = instance.exports.mem.buffer.byteLength / 1e6;
    // The first scan runs partly on V8's baseline code (the extension's
    // worker restarts often, so it is reported too); the throughput is
    // measured once V8 has had a second of scans to optimize.
    t = performance.now();
    core.scan(text);
    const firstMs = performance.now() - t;
    for (const warm = performance.now(); performance.now() - warm < 1000;) core.scan(text);
    const runs = [];
    for (let i = 0; i < 5; i++) { t = performance.now(); core.scan(text); runs.push(performance.now() - t); }
    runs.sort((a, b) => a - b);
    rows.push({ rumors: info.rumors, loadMs, indexMs: info.indexMs, firstMs, scanMs: runs[2], mbps: bytes / 1e6 / (runs[2] / 1000), memMB });
  }
  return { startMs, rows };
}
