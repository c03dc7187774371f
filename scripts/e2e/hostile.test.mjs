// The extension in a real Chromium against a hostile list server on
// 127.0.0.1: a crafted 16 MB delta that once took the core down, a manifest
// that fails its signature, a version JavaScript cannot compare exactly, and
// a core that runs out of memory. In each
// case a person sees the popup name the failure, the list stay at its last
// good version, and rumors still marked on pages. Run after scripts/build:
//   node --test scripts/e2e/hostile.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { pages, root, VIRAL } from './fixtures.mjs';

const ext = path.join(root, 'extension');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rumorguard-hostile-'));
const keyFile = path.join(root, '.rumorguard', 'keys', 'publisher.key');
const GIRAFFES = 'The purple giraffes of Lake Wobegon will demand voting rights starting next Thursday morning.';
const measured = {};

// What the hostile list server answers, per kind of request, and what it
// was asked for.
const serve = { manifest: null, delta: null, full: null };
const asked = [];
let fixtures; let fixtureURL; let ctx; let extId;

const rumorctl = (...args) => execFileSync('go', ['run', './scripts/rumorctl', ...args], { cwd: root, encoding: 'utf8' });

/** Builds and signs the bundled list's sources at version, plus extra rumor files. */
function buildList(version, extra = {}, dir = path.join(tmp, `list-${version}`)) {
  if (!fs.existsSync(dir)) fs.cpSync(path.join(root, 'scripts', 'lists', 'default'), dir, { recursive: true });
  for (const [name, yaml] of Object.entries(extra)) fs.writeFileSync(path.join(dir, 'rumors', name), yaml);
  const msgp = path.join(tmp, `v${version}.msgp`);
  const signed = path.join(tmp, `v${version}.rgl`);
  rumorctl('build', '-version', String(version), '-out', msgp, dir);
  rumorctl('sign', '-key', keyFile, '-in', msgp, '-out', signed);
  return { bytes: fs.readFileSync(signed), manifest: fs.readFileSync(`${signed}.manifest.json`, 'utf8') };
}

const rumorYAML = (id, phrases) => `id: ${id}
verdict: false
updated: 2025-12-06
claim:
  en: A test rumor that only an update carries.
summary:
  en: It exists to test updates.
sources:
  - url: https://example.org/${id}
    publisher: Rumorguard tests
    date: 2025-12-06
phrases:
  en:
${phrases.map((p) => `    - ${p}\n`).join('')}must_match:
  - lang: en
    text: ${phrases[0]}
must_not_match:
  - lang: en
    text: Giraffes are tall.
`;

/**
 * Signs a manifest with the publisher's key, as rumorctl sign does, for a
 * list that was never published: what a hostile server could replay if
 * the publisher had ever published a list that large.
 */
function signManifest(m) {
  const [, keyId, seed] = fs.readFileSync(keyFile, 'utf8').trim().split(/\s+/);
  const key = crypto.createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed, 'base64')]),
    format: 'der', type: 'pkcs8',
  });
  const out = { ...m, key_id: keyId };
  const text = `rumorguard-manifest/1\nlist=${out.list}\nversion=${out.version}\ncreated=${out.created}\nsize=${out.size}\nsha256=${out.sha256}\nsigned_size=${out.signed_size}\nkey_id=${out.key_id}\n`;
  out.signature = crypto.sign(null, Buffer.from(text), key).toString('base64');
  // A version given as a string is written as the number it spells, digit
  // for digit, as a server would (JSON.stringify would round it).
  return typeof m.version === 'string' ? JSON.stringify({ ...out, version: 0 }).replace('"version":0', `"version":${m.version}`) : JSON.stringify(out);
}

/**
 * A delta from version 1 to 2 of size bytes whose upserted rumors are
 * one-byte empty maps: each decodes into a whole zero rumor, so decoding
 * it naively allocates about 184 times its size.
 */
function craftedDelta(size) {
  const str = (s) => Buffer.concat([Buffer.from([0xa0 | s.length]), Buffer.from(s)]);
  const head = Buffer.concat([Buffer.from([0x88]),
    str('format'), str('rumorguard-delta/1'), str('list'), str('default'), str('from'), Buffer.from([1]), str('to'), Buffer.from([2]),
    str('created'), Buffer.from([0]), str('publisher'), str(''), str('removed'), Buffer.from([0x90]), str('upserted')]);
  const n = size - head.length - 5;
  const arr = Buffer.alloc(5);
  arr[0] = 0xdd;
  arr.writeUInt32BE(n, 1);
  return Buffer.concat([head, arr, Buffer.alloc(n, 0x80)]);
}

function listen(handler) {
  return new Promise((resolve) => {
    const s = http.createServer(handler).listen(0, '127.0.0.1', () => resolve(s));
  });
}

async function launch(profile, args = []) {
  const c = await chromium.launchPersistentContext(path.join(tmp, profile), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-sandbox', '--disable-gpu',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args],
  });
  let [sw] = c.serviceWorkers();
  if (!sw) sw = await c.waitForEvent('serviceworker');
  extId = new URL(sw.url()).host;
  await sw.evaluate(async (url) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings || {}), server: url } });
  }, `${fixtureURL}/hostile`);
  return c;
}

async function worker(c = ctx) {
  return c.serviceWorkers().find((x) => x.url().includes(extId)) || c.waitForEvent('serviceworker');
}

before(async () => {
  for (const f of ['core/core.wasm', 'lists/default.rgl', 'lists/publishers.pub']) {
    assert.ok(fs.existsSync(path.join(ext, f)), `extension/${f} missing: run scripts/build`);
  }
  const all = { ...pages(), '/giraffes.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Feed</title></head><body><p>Seen today: ${GIRAFFES} Share it!</p></body></html>` };
  fixtures = await listen((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname.startsWith('/hostile/v1/lists/')) {
      const kind = u.pathname.endsWith('/latest') ? 'manifest' : u.pathname.includes('/deltas/') ? 'delta' : 'full';
      const body = serve[kind];
      const row = { kind, path: u.pathname, sent: 0, status: body == null ? 404 : 200 };
      asked.push(row);
      if (body == null) {
        res.statusCode = 404;
        res.end('{"error":"not found"}');
        return;
      }
      res.setHeader('Content-Type', kind === 'manifest' ? 'application/json' : 'application/vnd.rumorguard.list');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.on('finish', () => { row.sent = Buffer.byteLength(body); });
      res.end(body);
      return;
    }
    const html = all[u.pathname];
    if (!html) { res.statusCode = 404; res.end('not found'); return; }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(html);
  });
  fixtureURL = `http://127.0.0.1:${fixtures.address().port}`;
  ctx = await launch('profile');
});

after(async () => {
  await ctx?.close();
  fixtures?.close();
  console.log('hostile server, measured:', JSON.stringify(measured));
});

/** Waits until the page shows a Rumorguard badge named like namePart (what a person sees, via the accessibility tree). */
async function waitForBadge(c, p, namePart) {
  const page = await c.newPage();
  await page.goto(fixtureURL + p);
  const cdp = await c.newCDPSession(page);
  for (let i = 0; i < 150; i++) {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    if (nodes.some((n) => n.role?.value === 'button' && String(n.name?.value || '').includes(namePart))) {
      await page.close();
      return;
    }
    await page.waitForTimeout(100);
  }
  await page.screenshot({ path: path.join(tmp, 'no-badge.png') });
  assert.fail(`no "${namePart}" badge on ${p}`);
}

/** Opens the popup for a page, presses "check for updates now" and returns the error it then shows. */
async function checkNow(c, expectVersion) {
  const page = await c.newPage();
  await page.goto(`${fixtureURL}/viral.html`);
  const tabId = await (await worker(c)).evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, page.url());
  const popup = await c.newPage();
  await popup.goto(`chrome-extension://${extId}/popup/popup.html?tab=${tabId}`);
  await popup.waitForSelector('#list-version:not(:empty)');
  const prev = { error: await popup.textContent('#update-error'), version: await popup.textContent('#list-version') };
  const t0 = Date.now();
  await popup.click('#check');
  // Done when the popup shows a new error or a new version.
  await popup.waitForFunction((p) => {
    const e = document.getElementById('update-error');
    return (!e.hidden && e.textContent !== p.error) || document.getElementById('list-version').textContent !== p.version;
  }, prev, { timeout: 30000 });
  const ms = Date.now() - t0;
  const shown = { error: await popup.isHidden('#update-error') ? null : await popup.textContent('#update-error'), version: await popup.textContent('#list-version'), ms };
  if (expectVersion !== undefined) assert.equal(shown.version, String(expectVersion));
  await popup.close();
  await page.close();
  return shown;
}

test('a delta beside a manifest that fails its signature is never downloaded', async () => {
  await waitForBadge(ctx, '/viral.html', 'Rumorguard: known false rumor');
  const v2 = buildList(2, { 'e2e-giraffes.yaml': rumorYAML('e2e-giraffes', [GIRAFFES]) });
  const forged = { ...JSON.parse(v2.manifest), size: (16 << 20) - 1024 }; // changed after signing
  Object.assign(serve, { manifest: JSON.stringify(forged), delta: craftedDelta((16 << 20) - 2048), full: v2.bytes });
  asked.length = 0;
  const shown = await checkNow(ctx, 1);
  assert.equal(shown.error, 'The list from the server failed its signature check; still using version 1.');
  assert.deepEqual(asked.map((r) => r.kind), ['manifest'], 'nothing but the manifest was downloaded');
  await waitForBadge(ctx, '/viral.html', 'Rumorguard: known false rumor');
});

test('a crafted 16 MB delta beside a correctly signed manifest is refused; the last good list keeps marking', async () => {
  // A signed manifest of a list just under the extension's 16 MiB cap, so
  // the delta is downloaded whole and reaches the core's decoder.
  const size = (16 << 20) - 1024;
  serve.manifest = signManifest({ list: 'default', version: 2, created: 1764979200, size, sha256: '0'.repeat(64), signed_size: size + 150 });
  serve.delta = craftedDelta(size - 1024);
  serve.full = fs.readFileSync(path.join(tmp, 'v2.rgl')); // shorter than the manifest says
  asked.length = 0;
  const shown = await checkNow(ctx, 1);
  assert.equal(shown.error, 'The list download was cut off; still using version 1.');
  const delta = asked.find((r) => r.kind === 'delta');
  assert.equal(delta?.sent, serve.delta.length, 'the crafted delta was downloaded whole');
  const stats = await (await worker()).evaluate(() => globalThis.rumorguardCoreStats());
  Object.assign(measured, { craftedDeltaBytes: serve.delta.length, checkToErrorMs: shown.ms, coreStarts: stats.starts, wasmMemoryMiB: Math.round(stats.memoryBytes / (1 << 20)) });
  await waitForBadge(ctx, '/viral.html', 'Rumorguard: known false rumor');
});

test('with the real signed manifest, a useless delta is skipped and the full list installs', async () => {
  serve.manifest = fs.readFileSync(path.join(tmp, 'v2.rgl.manifest.json'), 'utf8');
  serve.delta = craftedDelta(1 << 20); // larger than the list it claims to build
  serve.full = fs.readFileSync(path.join(tmp, 'v2.rgl'));
  asked.length = 0;
  const shown = await checkNow(ctx);
  assert.equal(shown.version, '2');
  assert.equal(shown.error, null);
  assert.ok(asked.some((r) => r.kind === 'full'), 'the full list was downloaded');
  await waitForBadge(ctx, '/giraffes.html', 'Rumorguard: known false rumor');
  await waitForBadge(ctx, '/viral.html', 'Rumorguard: known false rumor');
});

test('a correctly signed manifest with a version above 2^53−1 is refused with a clear reason', async () => {
  const v2 = JSON.parse(fs.readFileSync(path.join(tmp, 'v2.rgl.manifest.json'), 'utf8'));
  serve.manifest = signManifest({ ...v2, version: '9999999999999999999' });
  Object.assign(serve, { delta: null, full: fs.readFileSync(path.join(tmp, 'v2.rgl')) });
  asked.length = 0;
  const shown = await checkNow(ctx, 2);
  assert.equal(shown.error, 'The list update failed (manifest: version 9999999999999999999 is above 9007199254740991, the largest JavaScript can compare exactly; use a smaller version); still using version 2.');
  assert.deepEqual(asked.map((r) => r.kind), ['manifest'], 'nothing but the manifest was downloaded');
  await waitForBadge(ctx, '/giraffes.html', 'Rumorguard: known false rumor');
});

test('a core that runs out of memory is started again with the last good list, which keeps marking', async () => {
  // A browser whose WebAssembly memories may grow to 96 MiB: enough for the
  // bundled list, not for a real, signed 10 MB list of 1,200 more rumors.
  // (Loading the bundled list of 105 rumors, 14,657 phrases with their
  // translations through Spanish and Catalan, peaks at 77 MiB under node; it
  // was 54 MiB before the Catalan route, when this cap was 64 MiB. At a cap
  // just above its peak, the bundled list of 104 rumors, 10,000 phrases,
  // itself ran out now and then: the core was started 3 to 5 times and once
  // not in time.)
  const dir = path.join(tmp, 'list-big');
  fs.cpSync(path.join(root, 'scripts', 'lists', 'default'), dir, { recursive: true });
  const syl = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'si', 'pe', 'du', 'fa', 'gi', 'ho', 'ju', 'be', 'zo'];
  let seed = 1;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 2147483648 * n); };
  const word = () => Array.from({ length: 2 + rnd(3) }, () => syl[rnd(syl.length)]).join('');
  const big = {};
  for (let i = 0; i < 1200; i++) big[`big-${i}.yaml`] = rumorYAML(`big-${i}`, Array.from({ length: 10 }, () => Array.from({ length: 60 }, word).join(' ')));
  const v3 = buildList(3, big, dir);
  const small = await launch('profile-small', ['--js-flags=--wasm-max-mem-pages=1536']);
  try {
    await waitForBadge(small, '/viral.html', 'Rumorguard: known false rumor');
    Object.assign(serve, { manifest: v3.manifest, delta: null, full: v3.bytes });
    asked.length = 0;
    const shown = await checkNow(small, 1);
    assert.match(shown.error, /^The list update failed \(the list engine stopped during load.*; it starts again with the last good list\); still using version 1\.$/);
    await waitForBadge(small, '/viral.html', 'Rumorguard: known false rumor');
    const stats = await (await worker(small)).evaluate(() => globalThis.rumorguardCoreStats());
    Object.assign(measured, { bigListBytes: v3.bytes.length, startsAfterOutOfMemory: stats.starts, runningAfter: stats.running });
  } finally {
    await small.close();
  }
});
