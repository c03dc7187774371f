// Cold start of the extension's background in Firefox ESR, whose MV3
// background is an event page (no offscreen document): the page is left to
// go idle until Firefox suspends it, then a page that repeats a known rumor
// is opened and the time from navigation to its painted mark is measured on
// the page's own clock, every frame. Each start is checked to be a real one:
// the background's document began after the navigation. With the bundled
// list, then with lists of the bundled rumors plus N synthetic ones installed
// as coldstart.test.mjs installs them in Chromium.
//   scripts/build && node scripts/e2e/firefox-coldstart.bench.mjs
// RUMORGUARD_COLDSTART_SIZES (10000) and RUMORGUARD_COLDSTART_ROUNDS (3) as
// in coldstart.test.mjs. Firefox's idle timeout is shortened to 3 s by its
// pref (30 s by default) so a round takes seconds, not half a minute;
// RUMORGUARD_FIREFOX_IDLE_MS sets another.
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { pages, root, putList } from './fixtures.mjs';

const FIREFOX = '/usr/bin/firefox-esr';
const UUID = '0b7d5c55-9a0e-4a57-8f0b-6c2f7b1e9d41';
const GECKO_ID = JSON.parse(fs.readFileSync(path.join(root, 'extension', 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
const IDLE_MS = Number(process.env.RUMORGUARD_FIREFOX_IDLE_MS || 3000);
const SIZES = (process.env.RUMORGUARD_COLDSTART_SIZES ?? '10000').split(',').map(Number).filter((n) => n > 0);
const ROUNDS = Number(process.env.RUMORGUARD_COLDSTART_ROUNDS || 3);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rumorguard-ff-coldstart-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const n of SIZES) {
  execFileSync('go', ['run', './scripts/benchmark/synthlist', '-n', String(n), '-version', String(100 + n),
    '-out', path.join(tmp, `list-${n}.rgl`)], { cwd: root, stdio: 'inherit' });
}
const all = pages();
const server = await new Promise((resolve) => {
  const s = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    const m = /^\/lists\/(list-\d+\.rgl)$/.exec(u.pathname);
    if (m) { res.setHeader('Content-Type', 'application/octet-stream'); res.end(fs.readFileSync(path.join(tmp, m[1]))); return; }
    const html = all[u.pathname];
    res.statusCode = html ? 200 : 404;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(html || 'not found');
  }).listen(0, '127.0.0.1', () => resolve(s));
});
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await puppeteer.launch({
  browser: 'firefox', executablePath: FIREFOX, headless: true,
  args: ['--remote-allow-system-access'], // to open the extension's own page
  extraPrefsFirefox: {
    'extensions.originControls.grantByDefault': true,
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
    'extensions.background.idle.timeout': IDLE_MS,
  },
});
await browser.installExtension(path.join(root, 'extension'));

/** Runs fn in the extension's own page (its origin: storage, IndexedDB, the background page). */
async function inExtension(fn, arg) {
  const p = await browser.newPage();
  p.goto(`moz-extension://${UUID}/options/options.html`).catch(() => {}); // the tab changes process: the goto never settles
  for (let i = 0; ; i++) {
    if (await p.evaluate(() => location.protocol === 'moz-extension:' && document.readyState === 'complete').catch(() => false)) break;
    assert.ok(i < 100, 'the extension page opened');
    await sleep(100);
  }
  try {
    return await p.evaluate(fn, arg);
  } finally {
    await p.close();
  }
}

/** The background's record of its own start (background/core.js coldStart), once its list is ready. */
async function background() {
  for (let i = 0; i < 300; i++) {
    const cs = await inExtension(async () => {
      const bg = await browser.runtime.getBackgroundPage();
      return bg?.rumorguardColdStart ? JSON.parse(JSON.stringify(bg.rumorguardColdStart)) : null;
    });
    if (cs?.listReadyAtMs !== undefined) return cs;
    await sleep(100);
  }
  assert.fail('the background did not get its list ready');
}

async function install(n) {
  const sha256 = fs.readFileSync(path.join(tmp, `list-${n}.rgl.sha256`), 'utf8');
  await inExtension(putList, { url: `${base}/lists/list-${n}.rgl`, sha256 });
}

/** Lets the background go idle, opens the viral page and times its mark: ms after navigation start. */
async function coldStart() {
  // The tab is opened first: opening one wakes the background (it listens
  // to the tabs' events), which would give it a head start on the page.
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    const tick = () => {
      if ((CSS.highlights?.get('rumorguard-warn')?.size ?? 0) > 0) { window.rumorguardMarkAt = performance.now(); return; }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await sleep(IDLE_MS + Math.max(2500, IDLE_MS / 3));
  const before = Date.now();
  await page.goto(`${base}/viral.html`);
  let markMs;
  for (let i = 0; i < 300 && markMs === undefined; i++) {
    markMs = await page.evaluate(() => window.rumorguardMarkAt);
    if (markMs === undefined) await sleep(50);
  }
  assert.ok(markMs !== undefined, 'the viral page was marked');
  const navStart = await page.evaluate(() => performance.timeOrigin);
  await page.close();
  const cs = await background();
  // A real cold start: the background's document began after this round's
  // navigation was asked for, not before (it was suspended).
  const restarted = cs.timeOrigin >= before;
  return { markMs: Math.round(markMs), restarted, backgroundStartMs: Math.round(cs.timeOrigin - navStart),
    listReadyMs: Math.round(cs.listReadyAtMs), firstScanAtMs: Math.round(cs.firstScanAtMs ?? -1),
    core: [cs.compileMs, cs.goStartMs, cs.initMs].map((x) => Math.round(x ?? -1)),
    index: { readMs: Math.round(cs.indexReadMs ?? -1), loadMs: Math.round(cs.indexLoadMs ?? -1), refused: cs.indexRefused, bundledFromIndex: !!cs.bundledFromIndex } };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {};
async function measure(label) {
  await coldStart(); // the first start after an install indexes the list and stores its index
  // Firefox suspends an idle background on its own schedule, and now and
  // then had not after the wait: such a round is not a cold start, so it is
  // counted apart and another is run.
  const runs = [];
  let notSuspended = 0;
  while (runs.length < ROUNDS) {
    const r = await coldStart();
    if (r.restarted) runs.push(r);
    else assert.ok(++notSuspended <= ROUNDS, `the background was suspended in most rounds (${label})`);
  }
  out[label] = { medianMs: median(runs.map((r) => r.markMs)), notSuspended, runs };
  console.log(label, JSON.stringify(out[label]));
}

try {
  await background();
  await measure('bundled');
  for (const n of SIZES) {
    await install(n);
    await measure(`${n}`);
  }
  fs.mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test-artifacts', 'firefox-coldstart.json'), JSON.stringify(out, null, 2));
} finally {
  await browser.close();
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
