// The extension in a real Chromium (Debian's, driven by playwright-core,
// headless), loaded unpacked, against fixture pages and the real list
// server, both on 127.0.0.1. Run by scripts/test after scripts/build:
//   node --test scripts/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { pages, headers, root, SENTINEL, VIRAL } from './fixtures.mjs';
import { contentStats as isolatedStats, openPopup as openPopupFor, waitFor } from './chromium.mjs';

const ext = path.join(root, 'extension');
const artifacts = path.join(root, 'test-artifacts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rumorguard-e2e-'));
const META = 'meta-dm-ai-training-2025';
const requests = []; // every request any of our servers saw: {server, url, headers, body}
const timings = {};

let fixtures; let fixtureURL; let ctx; let sw; let server; let serverURL; let extId;
let fakeManifest = null; let fakeBytes = null; // what the fake list server serves

function record(name, req, body) {
  requests.push({ server: name, url: req.url, headers: JSON.stringify(req.headers), body });
}

function listen(handler) {
  return new Promise((resolve) => {
    const s = http.createServer(handler).listen(0, '127.0.0.1', () => resolve(s));
  });
}

async function startListServer() {
  const bin = path.join(tmp, 'server');
  execFileSync('go', ['build', '-o', bin, './server'], { cwd: root, stdio: 'inherit' });
  const tokens = path.join(tmp, 'tokens');
  const token = execFileSync('go', ['run', './scripts/rumorctl', 'token', '-hashes', tokens, '-out', path.join(tmp, 'token')], { cwd: root });
  const port = await new Promise((resolve) => { const s = http.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
  server = spawn(bin, ['-addr', `127.0.0.1:${port}`, '-data', path.join(tmp, 'data'), '-keys', path.join(root, '.rumorguard', 'lists', 'publishers.pub'),
    '-tokens', tokens, '-seed', path.join(root, '.rumorguard', 'lists')], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr.on('data', (d) => fs.appendFileSync(path.join(tmp, 'server.log'), d));
  // Every request the list server sees, from its structured log, is checked for page text too.
  serverURL = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${serverURL}/healthz`)).ok) return token;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('list server did not start');
}

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const f of ['core/core.wasm', 'lists/default.rgl', 'lists/publishers.pub']) {
    assert.ok(fs.existsSync(path.join(ext, f)), `extension/${f} missing: run scripts/build`);
  }
  const all = pages();
  fixtures = await listen((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      record('fixtures', req, body);
      const u = new URL(req.url, 'http://x');
      if (u.pathname.startsWith('/fake/')) { // a list server that serves what a test says
        if (u.pathname.endsWith('/latest')) {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(fakeManifest));
        } else {
          res.setHeader('Content-Type', 'application/vnd.rumorguard.list');
          res.end(fakeBytes);
        }
        return;
      }
      const html = all[u.pathname];
      if (!html) { res.statusCode = 404; res.end('not found'); return; }
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      for (const [k, v] of Object.entries(headers[u.pathname] || {})) res.setHeader(k, v);
      res.end(html);
    });
  });
  fixtureURL = `http://127.0.0.1:${fixtures.address().port}`;
  await startListServer();
  ctx = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-sandbox', '--disable-gpu',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  ctx.on('request', (r) => requests.push({ server: 'browser', url: r.url(), headers: JSON.stringify(r.headers()), body: r.postData() || '' }));
  [sw] = ctx.serviceWorkers();
  if (!sw) sw = await ctx.waitForEvent('serviceworker');
  extId = new URL(sw.url()).host;
  // Point the extension at the real list server for this run.
  await sw.evaluate(async (url) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings || {}), server: url } });
  }, serverURL);
});

after(async () => {
  await ctx?.close();
  fixtures?.close();
  server?.kill('SIGTERM');
  fs.writeFileSync(path.join(artifacts, 'timings.json'), JSON.stringify(timings, null, 2));
  console.log('browser timings (ms):', JSON.stringify(timings));
});

async function worker() {
  const w = ctx.serviceWorkers().find((x) => x.url().includes(extId));
  return w || ctx.waitForEvent('serviceworker');
}

/** The matches the background recorded for the page's tab. */
async function tabMatches(page) {
  const w = await worker();
  return w.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    if (!tab) return null;
    return (await chrome.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`] || [];
  }, page.url());
}

// The content script's counters, from its isolated world (no test message in the extension).
const contentStats = (page) => isolatedStats(ctx, page);


async function open(p) {
  const page = await ctx.newPage();
  const t0 = Date.now();
  await page.goto(fixtureURL + p);
  return { page, t0 };
}

/** The accessibility tree of a page, closed shadow roots included (via CDP). */
async function axNodes(page) {
  const cdp = await ctx.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  return { cdp, nodes };
}

async function clickBadge(page, namePart) {
  const { cdp, nodes } = await axNodes(page);
  const badge = nodes.find((n) => n.role?.value === 'button' && String(n.name?.value || '').includes(namePart));
  assert.ok(badge, `no badge named like "${namePart}"`);
  const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: badge.backendDOMNodeId });
  const [x1, y1, , , x3, y3] = model.content;
  await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
}

const texts = (nodes) => nodes.map((n) => String(n.name?.value || '')).join('\n');

test('a debunk article: the quote is marked quietly, Meta\'s statement is not', async () => {
  const { page } = await open('/seed-en.html');
  // The page reports its marks as they are drawn, block by block: wait for
  // the quote itself, not for the first report with any match.
  const ms = await waitFor(async () => {
    const m = await tabMatches(page);
    return m?.some((x) => x.tier === 2 && x.text.startsWith('Every conversation')) && m;
  }, 'the viral post quoted in the English seed');
  const quote = ms.find((m) => m.text.startsWith('Every conversation'));
  assert.ok(quote, 'the viral post quoted in the article is found');
  assert.equal(quote.rumor, META);
  assert.ok(ms.every((m) => m.debunked), 'a fact-check is never presented as spreading the rumor');
  assert.ok(!ms.some((m) => /do not use the content of your private messages/.test(m.text)));
  await page.screenshot({ path: path.join(artifacts, 'seed-en.png') });
  await page.close();
});

async function scanned(page) {
  await waitFor(async () => (await contentStats(page).catch(() => null))?.doneMs, 'the scan to finish');
  return tabMatches(page);
}

test('a Dutch debunk article is marked quietly too', async () => {
  const { page } = await open('/seed-nl.html');
  const ms = await scanned(page);
  assert.ok(ms.some((m) => /conversatie/.test(m.text)), JSON.stringify(ms));
  assert.ok(ms.every((m) => m.debunked));
  await page.close();
});

test('a page with ClaimReview markup is treated as a fact-check', async () => {
  const { page } = await open('/claimreview.html');
  const ms = await waitFor(async () => (await tabMatches(page))?.length && tabMatches(page), 'a match');
  assert.equal(ms[0].tier, 2);
  assert.equal(ms[0].debunked, true, 'quiet mark, not a warning');
  await page.close();
});

test('a rating box after a long article makes its quote a fact-check\'s: the badge says so, and without the box it warns', async () => {
  for (const [url, label] of [['/rating.html', 'this page is a fact-check'], ['/rating-none.html', 'known false rumor']]) {
    const { page } = await open(url);
    await scanned(page);
    const badges = async () => (await axNodes(page)).nodes.filter((n) => n.role?.value === 'button' && /^Rumorguard:/.test(String(n.name?.value || '')));
    const [badge] = await waitFor(async () => (await badges()).length && badges(), `a badge on ${url}`);
    assert.match(String(badge.name.value), new RegExp(label), url);
    // A while later, after the article grows, the reader still sees the
    // same one mark, painted, with the same label.
    await page.evaluate(() => document.querySelector('.story').insertAdjacentHTML('beforeend', '<p>An update was added to this story later in the day.</p>'));
    await page.waitForTimeout(1500);
    const later = await badges();
    assert.equal(later.length, 1, `${url}: one badge after the page changed`);
    assert.match(String(later[0].name.value), new RegExp(label), url);
    assert.ok(await page.evaluate(() => [...CSS.highlights.values()].some((h) => h.size > 0)), `${url}: the mark is still painted`);
    await page.close();
  }
});

test('a negation before the quote, outside its clause: "Not true:" is a quiet mark, "I can\'t believe it," a warning', async () => {
  for (const [url, debunked] of [['/not-true.html', true], ['/cant-believe.html', false]]) {
    const { page } = await open(url);
    const ms = await waitFor(async () => (await tabMatches(page))?.length && tabMatches(page), `a match on ${url}`);
    assert.equal(ms[0].rumor, META);
    assert.equal(ms[0].tier, 2);
    assert.equal(ms[0].debunked, debunked, url);
    await page.close();
  }
});

test('a viral post gets the warning and a note a person understands', async () => {
  const { page, t0 } = await open('/viral.html');
  const ms = await waitFor(async () => (await tabMatches(page))?.length && tabMatches(page), 'a match');
  timings.smallPageToMatchMs = Date.now() - t0;
  assert.equal(ms.length, 1);
  assert.equal(ms[0].tier, 2);
  assert.equal(ms[0].debunked, false);
  assert.match(ms[0].text, /^Every conversation\. Every photo\. Every voice message\. Fed into AI/);
  await clickBadge(page, 'Rumorguard: known false rumor');
  const { nodes } = await axNodes(page);
  const all = texts(nodes);
  assert.match(all, /Known rumor/);
  assert.match(all, /From 16 December 2025 Meta will feed every private message/);
  assert.match(all, /Lifehacker/);
  assert.ok(nodes.some((n) => n.role?.value === 'dialog'), 'the note is a labelled dialog');
  await page.screenshot({ path: path.join(artifacts, 'note.png') });
  // Keyboard: Escape closes the note.
  await page.keyboard.press('Escape');
  assert.ok(!(await axNodes(page)).nodes.some((n) => n.role?.value === 'dialog'));
  await page.close();
});

test('a Martinelli warning gets one badge, and its note is about Martinelli alone', async () => {
  const { page } = await open('/martinelli.html');
  const named = (nodes) => nodes.filter((n) => n.role?.value === 'button' && String(n.name?.value || '').startsWith('Rumorguard:'));
  await waitFor(async () => named((await axNodes(page)).nodes).length, 'a badge on the Martinelli post');
  await page.waitForTimeout(1000); // a second note would have come by now
  assert.equal(named((await axNodes(page)).nodes).length, 1, 'one badge');
  await clickBadge(page, 'Rumorguard: known false rumor');
  const all = texts((await axNodes(page)).nodes);
  assert.match(all, /Martinelli/, 'the note names the Martinelli video');
  assert.doesNotMatch(all, /This text also matches/, `a second rumor is listed in the note:\n${all}`);
  assert.doesNotMatch(all, /Pope/, `the note names the Pope video:\n${all}`);
  // A while later, the note closed: the one badge is still there, and no
  // second one has come.
  await page.keyboard.press('Escape');
  await page.waitForTimeout(3000);
  assert.equal(named((await axNodes(page)).nodes).length, 1, 'one badge, 3 s after the note was closed');
  await page.close();
});

test('the Dutch viral post matches', async () => {
  const { page } = await open('/viral-nl.html');
  const ms = await waitFor(async () => (await tabMatches(page))?.length && tabMatches(page), 'a Dutch match');
  assert.equal(ms[0].rumor, META);
  assert.equal(ms[0].tier, 2);
  await page.close();
});

test('text split across inline elements is one match', async () => {
  const { page } = await open('/split.html');
  const ms = await waitFor(async () => (await tabMatches(page))?.length && tabMatches(page), 'a match across elements');
  assert.equal(ms[0].tier, 2);
  assert.match(ms[0].text, /Every conversation\. Every photo\. Every voice message\. Fed into AI/);
  await page.close();
});

test('a page with a strict Content-Security-Policy still gets its note', async () => {
  const { page } = await open('/csp.html');
  const ms = await waitFor(async () => (await tabMatches(page))?.length && tabMatches(page), 'a match on a strict-CSP page');
  assert.equal(ms[0].rumor, META);
  await page.close();
});

test('a rumor inside a same-origin iframe is found', async () => {
  const { page } = await open('/iframe.html');
  const ms = await waitFor(async () => (await tabMatches(page))?.length && tabMatches(page), 'a match in the frame');
  assert.ok(ms.some((m) => m.frameId !== 0 && m.rumor === META), JSON.stringify(ms));
  await page.close();
});

test('ordinary pages get no marks', async () => {
  const { page } = await open('/ordinary.html');
  assert.deepEqual(await scanned(page), []);
  await page.close();
});

test('an infinite feed: the rumor in post 30 is found, and new posts cost only themselves', async () => {
  const { page } = await open('/feed.html');
  await waitFor(async () => (await contentStats(page).catch(() => null))?.doneMs, 'the first scan');
  const first = await contentStats(page);
  let t0;
  for (let i = 0; i < 20 && !(await page.$('#post-30')); i++) {
    t0 = Date.now();
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(150);
  }
  assert.ok(await page.$('#post-30'), 'the feed loaded post 30');
  const ms = await waitFor(async () => (await tabMatches(page))?.some((m) => m.tier === 2) && tabMatches(page), 'the match in post 30');
  timings.feedPostToMatchMs = Date.now() - t0;
  assert.equal(ms.length, 1);
  const after = await contentStats(page);
  const perPost = (after.chars - first.chars) / 30;
  timings.feedCharsScannedPerNewPost = Math.round(perPost);
  assert.ok(perPost < 400, `each new post rescanned ${perPost} chars: the feed is being rescanned, not just the new posts`);
  await page.screenshot({ path: path.join(artifacts, 'feed.png') });
  await page.close();
});

test('100 KB and 1 MB pages: found, timed', async () => {
  for (const [p, key] of [['/mid.html', 'page100KBToMatchMs'], ['/big.html', 'page1MBToMatchMs']]) {
    const { page, t0 } = await open(p);
    const ms = await waitFor(async () => (await tabMatches(page))?.length && tabMatches(page), `a match on ${p}`, 60000);
    timings[key] = Date.now() - t0;
    assert.ok(ms.some((m) => m.rumor === META && m.tier === 2));
    const st = await contentStats(page);
    timings[`${key.replace('ToMatchMs', '')}ScanMs`] = Math.round(st.ms);
    await page.close();
  }
});

const openPopup = (page) => openPopupFor({ ctx, id: extId, worker }, page);

test('the popup lists the page\'s matches and the list version; "show me" opens the note', async () => {
  const { page } = await open('/viral.html');
  await waitFor(async () => (await tabMatches(page))?.length, 'a match');
  const popup = await openPopup(page);
  await popup.waitForSelector('li.group');
  assert.match(await popup.textContent('li.group .claim'), /Meta will feed every private message/);
  assert.equal(await popup.textContent('#list-version'), '1');
  assert.match(await popup.textContent('#list-updated'), /updated/);
  await popup.screenshot({ path: path.join(artifacts, 'popup.png') });
  await page.bringToFront();
  await popup.click('li.group button.show').catch(() => {}); // the popup closes itself
  await waitFor(async () => (await axNodes(page)).nodes.some((n) => n.role?.value === 'dialog'), 'the note opened by "show me"');
  await page.close();
  if (!popup.isClosed()) await popup.close();
});

function publish(version, extraRumor) {
  const dir = path.join(tmp, `list-${version}`);
  fs.cpSync(path.join(root, 'scripts', 'lists', 'default'), dir, { recursive: true });
  if (extraRumor) fs.writeFileSync(path.join(dir, 'rumors', `${extraRumor.id}.yaml`), extraRumor.yaml);
  const msgp = path.join(tmp, `v${version}.msgp`);
  const signed = path.join(tmp, `v${version}.rgl`);
  const run = (...args) => execFileSync('go', ['run', './scripts/rumorctl', ...args], { cwd: root, encoding: 'utf8' });
  run('build', '-version', String(version), '-out', msgp, dir);
  run('sign', '-key', path.join(root, '.rumorguard', 'keys', 'publisher.key'), '-in', msgp, '-out', signed);
  return run('publish', '-server', serverURL, '-token-file', path.join(tmp, 'token'), signed);
}

const EXTRA = {
  id: 'e2e-test-rumor',
  yaml: `id: e2e-test-rumor
verdict: false
updated: 2025-12-06
claim:
  en: A test rumor that only the update carries.
summary:
  en: It exists to test updates.
sources:
  - url: https://example.org/e2e
    publisher: Rumorguard tests
    date: 2025-12-06
phrases:
  en:
    - The purple giraffes of Lake Wobegon will demand voting rights starting next Thursday morning.
must_match:
  - lang: en
    text: The purple giraffes of Lake Wobegon will demand voting rights starting next Thursday morning.
must_not_match:
  - lang: en
    text: Giraffes are tall.
`,
};

test('an update published to the list server reaches the extension on "check now"', async () => {
  const out = publish(2, EXTRA);
  assert.match(out, /201 Created/);
  const { page } = await open('/viral.html');
  const popup = await openPopup(page);
  await popup.click('#check');
  await popup.waitForFunction(() => document.getElementById('list-version').textContent === '2');
  assert.ok(await popup.isHidden('#update-error'));
  await popup.close();
  await page.close();
  // The new rumor now matches, and the list survives a restart of the worker.
  const p2 = await ctx.newPage();
  await p2.setContent('<p>x</p>');
  await p2.goto(`${fixtureURL}/markup.html`);
  const w = await worker();
  const kept = await w.evaluate(async () => {
    const { list, update } = await chrome.storage.local.get(['list', 'update']);
    return { version: list?.version, via: update?.lastVia, transferred: update?.lastTransferred };
  });
  assert.equal(kept.version, 2, 'the good list is kept in storage');
  // The server made a delta from version 1, and the extension used it.
  assert.equal(kept.via, 'delta');
  assert.ok(requests.some((r) => r.server === 'browser' && r.url.endsWith('/deltas/1-2')));
  timings.deltaBytes = kept.transferred;
  timings.fullListBytes = fs.statSync(path.join(tmp, 'v2.rgl')).size;
  await p2.close();
});

test('a list with a bad signature is refused, the last good list stays, and the popup says so', async () => {
  // A fake server offers version 3 with one byte changed after signing.
  const signed = fs.readFileSync(path.join(tmp, 'v2.rgl'));
  const manifest = JSON.parse(fs.readFileSync(path.join(tmp, 'v2.rgl.manifest.json'), 'utf8'));
  execFileSync('go', ['run', './scripts/rumorctl', 'build', '-version', '3', '-out', path.join(tmp, 'v3.msgp'), path.join(tmp, 'list-2')], { cwd: root });
  execFileSync('go', ['run', './scripts/rumorctl', 'sign', '-key', path.join(root, '.rumorguard', 'keys', 'publisher.key'), '-in', path.join(tmp, 'v3.msgp'), '-out', path.join(tmp, 'v3.rgl')], { cwd: root });
  fakeBytes = Buffer.from(fs.readFileSync(path.join(tmp, 'v3.rgl')));
  fakeBytes[fakeBytes.length - 20] ^= 0x01;
  fakeManifest = JSON.parse(fs.readFileSync(path.join(tmp, 'v3.rgl.manifest.json'), 'utf8'));
  assert.ok(signed.length && manifest.version === 2);
  const w = await worker();
  await w.evaluate(async (url) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...settings, server: url } });
  }, `${fixtureURL}/fake`);
  const { page } = await open('/viral.html');
  const popup = await openPopup(page);
  await popup.click('#check');
  await popup.waitForSelector('#update-error:not([hidden])');
  assert.equal(await popup.textContent('#update-error'), 'The list from the server failed its signature check; still using version 2.');
  assert.equal(await popup.textContent('#list-version'), '2');
  await popup.screenshot({ path: path.join(artifacts, 'popup-bad-signature.png') });
  // A truncated download is refused too.
  fakeBytes = fs.readFileSync(path.join(tmp, 'v3.rgl')).subarray(0, 200);
  await popup.click('#check');
  await popup.waitForFunction(() => /cut off/.test(document.getElementById('update-error').textContent));
  // And an oversized one, before it is downloaded.
  fakeManifest = { ...fakeManifest, signed_size: 64 << 20 };
  await popup.click('#check');
  await popup.waitForFunction(() => /too large/.test(document.getElementById('update-error').textContent));
  assert.equal(await popup.textContent('#list-version'), '2');
  await popup.close();
  await page.close();
  await w.evaluate(async (url) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...settings, server: url } });
  }, serverURL);
});

test('pausing a site stops scanning it', async () => {
  const { page } = await open('/viral.html');
  await waitFor(async () => (await tabMatches(page))?.length, 'a match before pausing');
  const popup = await openPopup(page);
  await popup.click('#pause');
  await popup.waitForFunction(() => !document.getElementById('paused-note').hidden);
  await popup.close();
  await page.reload();
  await page.waitForTimeout(1500);
  assert.deepEqual(await tabMatches(page), []);
  const w = await worker();
  await w.evaluate(async () => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...settings, paused: [] } });
  });
  await page.close();
});

test('the good list survives a browser restart', async () => {
  // Close the browser and start it again on the same profile: the list
  // installed by the update (version 2) is still the one in use.
  await ctx.close();
  ctx = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1100, height: 800 },
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-sandbox', '--disable-gpu',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  ctx.on('request', (r) => requests.push({ server: 'browser', url: r.url(), headers: JSON.stringify(r.headers()), body: r.postData() || '' }));
  [sw] = ctx.serviceWorkers();
  if (!sw) sw = await ctx.waitForEvent('serviceworker');
  const { page } = await open('/viral.html');
  await waitFor(async () => (await tabMatches(page))?.length, 'a match after the restart');
  const popup = await openPopup(page);
  assert.equal(await popup.textContent('#list-version'), '2');
  await popup.close();
  await page.close();
});

test('a stopped service worker starts again quickly (timed)', async () => {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.waitForTimeout(300);
  const t0 = Date.now();
  await page.goto(fixtureURL + '/viral.html');
  await waitFor(async () => (await tabMatches(page))?.length, 'a match after a cold start');
  timings.coldWorkerToMatchMs = Date.now() - t0;
  await page.close();
});

test('the extension\'s added memory per tab (measured)', async () => {
  // The same 1 MB page in a browser without the extension and in ours; the
  // page's JS heap (its own and the content script's isolated world) after GC.
  const heap = async (context) => {
    const page = await context.newPage();
    await page.goto(fixtureURL + '/big.html');
    await page.waitForTimeout(2500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    await page.close();
    return metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  };
  const plain = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const without = await heap(await plain.newContext());
  await plain.close();
  const withExt = await heap(ctx);
  timings.extensionHeapPerTabKB = Math.round((withExt - without) / 1024);
  timings.pageHeapWithoutExtensionKB = Math.round(without / 1024);
  assert.ok(withExt > 0 && without > 0);
});

test('in a Dutch browser the note and its summary are in Dutch', async () => {
  const nl = await chromium.launchPersistentContext(path.join(tmp, 'profile-nl'), {
    executablePath: '/usr/bin/chromium', headless: true, locale: 'nl-NL', viewport: { width: 1100, height: 800 },
    env: { ...process.env, LANGUAGE: 'nl', LANG: 'nl_NL.UTF-8' },
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--lang=nl', '--no-sandbox', '--disable-gpu',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await nl.newPage();
    await page.goto(`${fixtureURL}/viral-nl.html`);
    let nodes = [];
    for (let i = 0; i < 100 && !nodes.some((n) => /Rumorguard: bekend onwaar gerucht/.test(String(n.name?.value))); i++) {
      await page.waitForTimeout(100);
      const cdp = await nl.newCDPSession(page);
      ({ nodes } = await cdp.send('Accessibility.getFullAXTree'));
    }
    const cdp = await nl.newCDPSession(page);
    const badge = nodes.find((n) => n.role?.value === 'button' && /Rumorguard: bekend onwaar gerucht/.test(String(n.name?.value)));
    assert.ok(badge, 'a badge labelled in Dutch');
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: badge.backendDOMNodeId });
    await page.mouse.click((model.content[0] + model.content[4]) / 2, (model.content[1] + model.content[5]) / 2);
    let all = '';
    // (The accessibility tree applies the heading's text-transform.)
    for (let i = 0; i < 50 && !/wat klopt er wel/i.test(all); i++) {
      await page.waitForTimeout(100);
      all = texts((await cdp.send('Accessibility.getFullAXTree')).nodes);
    }
    assert.match(all, /Bekend gerucht/);
    assert.match(all, /wat klopt er wel/i);
    assert.match(all, /Vanaf 16 december 2025 gebruikt Meta al je privéberichten/);
    await page.screenshot({ path: path.join(artifacts, 'note-nl.png') });
  } finally {
    await nl.close();
  }
});

test('no request made by the extension carries page text', () => {
  assert.ok(requests.length > 10);
  for (const r of requests) {
    const all = `${r.url}\n${r.headers}\n${r.body}`;
    assert.ok(!all.includes(SENTINEL), `page text in a request to ${r.server}: ${r.url}`);
    assert.ok(!/Every(%20|\+| )conversation/i.test(all) || r.server === 'fixtures' && r.url.endsWith('.html'), `rumor text in a request: ${r.url}`);
  }
  // What the extension itself sent: only list manifests and list versions.
  const ext = requests.filter((r) => r.server === 'browser' && /\/v1\/lists\//.test(r.url));
  assert.ok(ext.length >= 2, 'the extension fetched lists');
  for (const r of ext) assert.match(new URL(r.url).pathname, /^\/(fake\/)?v1\/lists\/[a-z0-9-]+\/(latest|\d+|deltas\/\d+-\d+)$/);
});
