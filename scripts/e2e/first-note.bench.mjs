// How soon a reader sees the first mark, in Chromium (headless, Debian's),
// measured in the page itself: a requestAnimationFrame loop installed before
// any page script records the first frame in which one of Rumorguard's
// highlights holds a range (rAF runs just before that frame is painted).
//   warm: the worker has scanned before; load event -> first mark, 100 KB page,
//         and whether that mark is still painted 3 s later.
//   cold: the worker stopped (CDP ServiceWorker.stopAllWorkers) just before
//         navigating; navigation start and load event -> first mark.
// Prints medians and all runs. Compare two builds (their runs alternate):
//   node scripts/e2e/first-note.bench.mjs [EXTENSION_DIR ...]
// (default: this tree's extension/). Not a test: it asserts nothing.
// FIRST_NOTE_JSON=FILE also writes the medians of the last build given
// there (scripts/bench reads them).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { pages, root } from './fixtures.mjs';
import { contentStats } from './chromium.mjs';

const RUNS = Number(process.env.RUNS || 7);
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(root, 'extension')];
const all = pages();
const server = http.createServer((req, res) => {
  const html = all[new URL(req.url, 'http://x').pathname];
  res.statusCode = html ? 200 : 404;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(html || 'not found');
}).listen(0, '127.0.0.1');
await new Promise((r) => server.on('listening', r));
const base = `http://127.0.0.1:${server.address().port}`;

const probe = () => {
  const h = { first: null };
  globalThis.__firstMark = h;
  const tick = () => {
    if (h.first === null && globalThis.CSS?.highlights && [...CSS.highlights.values()].some((x) => x.size > 0)) h.first = performance.now();
    if (h.first === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

async function measure(page, url) {
  await page.goto(url);
  return page.waitForFunction(() => {
    const h = globalThis.__firstMark;
    const nav = performance.getEntriesByType('navigation')[0];
    return h?.first !== null && nav.loadEventStart > 0 && { fromLoad: h.first - nav.loadEventStart, fromStart: h.first, load: nav.loadEventStart, dcl: nav.domContentLoadedEventStart };
  }, null, { timeout: 30000, polling: 50 }).then((r) => r.jsonValue());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms  (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;

// Every build is loaded in its own browser at once, and the runs alternate
// between them: this machine's speed drifts by 2x over minutes, so builds
// measured one after the other would compare phases, not builds.
const setups = [];
for (const dir of dirs) {
  const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-')), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1100, height: 800 },
    args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, '--no-sandbox', '--disable-gpu',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await ctx.addInitScript(probe);
  if (!ctx.serviceWorkers().length) await ctx.waitForEvent('serviceworker');
  const page = await ctx.newPage();
  await measure(page, `${base}/mid.html`); // warms the worker, the core and the caches
  setups.push({ dir, ctx, page, warm: [], kept: 0, parts: [], coldStart: [], coldLoad: [] });
}

for (let i = 0; i < RUNS; i++) {
  for (const s of setups) {
    const { ctx, page } = s;
    const r = await measure(page, `${base}/mid.html?${i}`);
    s.warm.push(r.fromLoad);
    const c = await contentStats(ctx, page).catch(() => null) || {};
    // The background's side of the marks' framing question (the page's last
    // message of that kind), moved to the page's clock: how much of the round
    // trip is the core's work and how much the messages' way.
    const sw = ctx.serviceWorkers()[0];
    const last = await sw?.evaluate(() => globalThis.rumorguardColdStart?.lastReply?.framing).catch(() => null);
    const origin = await page.evaluate(() => performance.timeOrigin);
    const [framingGot, framingAnswered] = last ? last.map((t) => t - origin - r.load) : [NaN, NaN];
    s.parts.push(Object.fromEntries(['t0', 'readAt', 'collectedAt', 'helloAt', 'scanSentAt', 'scanAnsweredAt', 'sectionsAskedAt', 'sectionsReadAt', 'sectionsAnsweredAt', 'firstMarkAt']
      .map((k) => [k, (c[k] ?? NaN) - r.load]).concat([['background got sections', framingGot], ['background answered them', framingAnswered]],
        [['DOMContentLoaded', r.dcl - r.load], ['painted', r.fromLoad]])));
  }
  // Is each build's mark still there 3 s later? (One wait for all builds.)
  await setups[0].page.waitForTimeout(3000);
  for (const s of setups) if (await s.page.evaluate(() => [...CSS.highlights.values()].some((x) => x.size > 0))) s.kept++;
}

for (const s of setups) {
  s.cdp = await s.ctx.newCDPSession(s.page);
  await s.cdp.send('ServiceWorker.enable');
}
for (let i = 0; i < RUNS; i++) {
  for (const s of setups) {
    await s.page.goto('about:blank');
    await s.cdp.send('ServiceWorker.stopAllWorkers');
    await s.page.waitForTimeout(300);
    const r = await measure(s.page, `${base}/mid.html?cold${i}`);
    s.coldStart.push(r.fromStart);
    s.coldLoad.push(r.fromLoad);
  }
}

for (const { dir, ctx, warm, kept, parts, coldStart, coldLoad } of setups) {
  console.log(`${dir}`);
  console.log(`  warm, 100 KB page, load event -> first mark painted: ${fmt(warm)}`);
  console.log(`  warm, 100 KB page, mark still painted 3 s later: ${kept} of ${RUNS} loads`);
  console.log('  warm, where the time goes (median ms after the load event): ' +
    Object.keys(parts[0]).map((k) => `${k} ${median(parts.map((p) => p[k])).toFixed(0)}`).join(', '));
  console.log(`  cold worker, 100 KB page, navigation start -> first mark painted: ${fmt(coldStart)}`);
  console.log(`  cold worker, 100 KB page, load event -> first mark painted: ${fmt(coldLoad)}`);
  if (process.env.FIRST_NOTE_JSON) {
    fs.writeFileSync(process.env.FIRST_NOTE_JSON, JSON.stringify({
      runs: RUNS, warmLoadToMarkMs: median(warm), warmKept: kept,
      warmParts: Object.fromEntries(Object.keys(parts[0]).map((k) => [k, median(parts.map((p) => p[k]))])),
      coldStartToMarkMs: median(coldStart), coldLoadToMarkMs: median(coldLoad),
    }));
  }
  await ctx.close();
}
server.close();
