// Two builds of the wasm core in one Chromium page, for `scripts/bench
// -against OLD.wasm`: each loads the same signed list, both scan the same text
// in turns (the order swapped every round), and the medians say what a change
// did on a machine whose speed moves within minutes, since both builds see
// the same moments. The scan's output must be byte for byte the same.
// argv: DIR (core.wasm, old.wasm, wasm_exec.js, keys, text, text-typographic,
// list-*.rgl) ROUNDS WARM_MS -> [{rumors, text, oldMs, newMs, same}]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [dir, roundsArg, warmArg] = process.argv.slice(2);
const rounds = Number(roundsArg) || 40;
const warmMs = Number(warmArg) || 1500;
const page = `<!doctype html><meta charset="utf-8"><script src="wasm_exec.js"></script><body>bench</body>`;
const srv = http.createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
  if (name === '') { res.setHeader('Content-Type', 'text/html'); res.end(page); return; }
  const file = path.join(dir, path.basename(name));
  if (!fs.existsSync(file)) { res.statusCode = 404; res.end(); return; }
  res.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : name.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
  res.end(fs.readFileSync(file));
}).listen(0, '127.0.0.1');
await new Promise((r) => srv.on('listening', r));
const base = `http://127.0.0.1:${srv.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
const lists = fs.readdirSync(dir).filter((f) => /^list-\d+\.rgl$/.test(f)).sort((a, b) => parseInt(a.slice(5)) - parseInt(b.slice(5)));
const out = [];
try {
  for (const list of lists) {
    // A page per list: the cores' memory never shrinks, so a larger list
    // would otherwise scan in a heap the smaller one left.
    const p = await browser.newPage();
    await p.goto(base);
    for (const text of ['text', 'text-typographic']) {
      const r = await p.evaluate(compare, { list, text, rounds, warmMs });
      out.push({ rumors: parseInt(list.slice(5)), text, ...r });
    }
    await p.close();
  }
} finally {
  await browser.close();
  srv.close();
}
console.log(JSON.stringify(out));

/** Runs in the page: loads both cores once per list, then alternates their scans. */
async function compare({ list, text, rounds, warmMs }) {
  if (!globalThis.cores || globalThis.coresList !== list) {
    const keys = await (await fetch('keys')).text();
    const raw = new Uint8Array(await (await fetch(list)).arrayBuffer());
    globalThis.cores = [];
    for (const w of ['old.wasm', 'core.wasm']) {
      const go = new Go();
      const ready = new Promise((r) => { globalThis.rumorguardCoreReady = r; });
      const { instance } = await WebAssembly.instantiateStreaming(fetch(w), go.importObject);
      go.run(instance);
      await ready;
      const core = globalThis.rumorguardCore;
      core.init(keys);
      const info = core.load(raw, 0);
      if (!info.ok) throw new Error(`${w}: ${info.error}`);
      globalThis.cores.push(core);
    }
    globalThis.coresList = list;
  }
  const cores = globalThis.cores;
  const t = await (await fetch(text)).text();
  const enc = (x) => JSON.stringify(ArrayBuffer.isView(x) ? Array.from(x) : x);
  const same = enc(cores[0].scan(t)) === enc(cores[1].scan(t));
  // Warm both up until the engine has optimized their code.
  for (const c of cores) for (const w = performance.now(); performance.now() - w < warmMs;) c.scan(t);
  const ms = [[], []];
  for (let i = 0; i < rounds; i++) {
    for (const k of (i % 2 ? [1, 0] : [0, 1])) {
      const s = performance.now();
      cores[k].scan(t);
      ms[k].push(performance.now() - s);
    }
  }
  const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  return { oldMs: med(ms[0]), newMs: med(ms[1]), same };
}
