// Two builds of the wasm core in one Chromium page, for `scripts/bench
// -against OLD.wasm`: each loads the same signed list, both scan the same text
// in turns (the order swapped every round), and the medians say what a change
// did on a machine whose speed moves within minutes, since both builds see
// the same moments. The scan's output must be byte for byte the same.
// argv: DIR (core.wasm, old.wasm, wasm_exec.js, keys, text, text-typographic,
// list-*.rgl) ROUNDS WARM_MS -> [{rumors, text, oldMs, newMs, same}]
import { openBench } from './benchpage.mjs';

const [dir, roundsArg, warmArg] = process.argv.slice(2);
const rounds = Number(roundsArg) || 40;
const warmMs = Number(warmArg) || 1500;
const { base, browser, lists, close } = await openBench(dir);
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
  await close();
}
console.log(JSON.stringify(out));

/** Runs in the page: loads both cores once per list, then alternates their scans. */
async function compare({ list, text, rounds, warmMs }) {
  if (!globalThis.cores) { // once per page, and a page per list
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
