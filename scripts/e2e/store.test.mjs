// What the stores need, produced and checked by a run: the two store zips
// (scripts/package) with the right manifest each, Firefox's declaration
// that nothing is collected, the privacy statement inside, and 1280×800
// screenshots for the Chrome Web Store listing in test-artifacts/store/.
//   node --test scripts/e2e/store.test.mjs   (after scripts/build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { pages, root } from './fixtures.mjs';
import { requireBuild, serve, launch, openPopup, badges, waitFor, setSettings, artifacts, pngSize } from './chromium.mjs';

const store = path.join(artifacts, 'store');
const W = 1280; const H = 800; // the Chrome Web Store's screenshot size
let site; let b;

/** The files of a zip (central directory; stored or deflated entries). */
function unzip(file) {
  const z = fs.readFileSync(file);
  let eocd = z.length - 22;
  while (eocd >= 0 && z.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, `${file}: not a zip`);
  const files = new Map();
  let p = z.readUInt32LE(eocd + 16);
  for (let i = 0; i < z.readUInt16LE(eocd + 10); i++) {
    assert.equal(z.readUInt32LE(p), 0x02014b50);
    const method = z.readUInt16LE(p + 10);
    const size = z.readUInt32LE(p + 20);
    const n = z.readUInt16LE(p + 28);
    const name = z.toString('utf8', p + 46, p + 46 + n);
    const local = z.readUInt32LE(p + 42);
    const start = local + 30 + z.readUInt16LE(local + 26) + z.readUInt16LE(local + 28);
    const raw = z.subarray(start, start + size);
    files.set(name, method === 8 ? zlib.inflateRawSync(raw) : raw);
    p += 46 + n + z.readUInt16LE(p + 30) + z.readUInt16LE(p + 32);
  }
  return files;
}

before(async () => {
  requireBuild();
  fs.mkdirSync(store, { recursive: true });
  site = await serve(pages());
  b = await launch({ viewport: { width: W, height: H } });
  await setSettings(b, { server: site.url });
});

after(async () => {
  await b?.close();
  site?.close();
});

test('store zips: one manifest per browser, data collection declared for Firefox, privacy statement inside', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rumorguard-dist-'));
  execFileSync('go', ['run', './scripts/package', '-out', out], { cwd: root, stdio: 'pipe' });
  const chrome = unzip(path.join(out, 'rumorguard-chrome.zip'));
  const firefox = unzip(path.join(out, 'rumorguard-firefox.zip'));
  const cm = JSON.parse(chrome.get('manifest.json'));
  const fm = JSON.parse(firefox.get('manifest.json'));
  assert.equal(cm.background.service_worker, 'background/main.js');
  assert.equal(cm.background.scripts, undefined, 'Chrome gets the service worker only');
  assert.equal(cm.browser_specific_settings, undefined);
  assert.deepEqual(fm.background.scripts, ['background/main.js']);
  assert.equal(fm.background.service_worker, undefined, 'Firefox gets the event page only');
  assert.deepEqual(fm.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
  for (const z of [chrome, firefox]) {
    assert.match(String(z.get('privacy/privacy.html')), /data-i18n="privacyIntro"/);
    assert.ok(z.get('core/core.wasm')?.length > 100000, 'the core is inside');
    assert.ok(!z.has('test-artifacts') && ![...z.keys()].some((k) => k.startsWith('.')));
  }
  fs.rmSync(out, { recursive: true });
});

test('store screenshots, 1280×800: the warning and its note, a fact-check page, the popup, the options', async () => {
  const shots = [];
  const shot = async (page, name) => {
    const file = path.join(store, name);
    await page.screenshot({ path: file });
    shots.push(file);
    return file;
  };
  // 1. A viral post with its note open.
  const viral = await b.ctx.newPage();
  await viral.goto(`${site.url}/viral.html`);
  const [badge] = await waitFor(async () => { const x = (await badges(b, viral)).filter((y) => /\bfalse\b/i.test(y.name)); return x.length ? x : null; }, 'the warning badge');
  await viral.mouse.click(badge.x, badge.y);
  await viral.waitForTimeout(300);
  await shot(viral, '1-warning-and-note.png');
  // 2. A fact-check article: the quoted rumor gets a quiet mark.
  const seed = await b.ctx.newPage();
  await seed.goto(`${site.url}/seed-en.html`);
  await waitFor(async () => (await badges(b, seed)).length || null, 'a quiet mark on the fact-check');
  await shot(seed, '2-fact-check-page.png');
  await seed.close();
  // 3. The popup over the page, as it opens from the toolbar: the real
  // popup's screenshot laid over the real page's.
  const popup = await openPopup(b, viral, { width: 360, height: 520 });
  const popupPng = await popup.screenshot();
  await popup.close();
  await viral.bringToFront();
  await viral.keyboard.press('Escape'); // the note closed, so the popup covers nothing
  const pagePng = await viral.screenshot();
  const frame = await b.ctx.newPage();
  await frame.setContent(`<body style="margin:0;width:${W}px;height:${H}px;overflow:hidden;background:#fff">
    <img src="data:image/png;base64,${pagePng.toString('base64')}" style="position:absolute;left:0;top:0;width:${W}px;height:${H}px;filter:brightness(.92)">
    <img src="data:image/png;base64,${popupPng.toString('base64')}" style="position:absolute;right:24px;top:12px;border:1px solid #d0d5dd;border-radius:8px;box-shadow:0 12px 32px rgba(16,24,40,.3)"></body>`);
  await frame.setViewportSize({ width: W, height: H });
  await shot(frame, '3-popup.png');
  await frame.close();
  await viral.close();
  // 4. The options, every setting explained.
  const options = await b.ctx.newPage();
  await options.goto(`chrome-extension://${b.id}/options/options.html`);
  await options.waitForFunction(() => document.getElementById('server').value !== '');
  await shot(options, '4-options.png');
  await options.close();
  for (const f of shots) assert.deepEqual(pngSize(f), { width: W, height: H }, f);
});
