// The extension's core flows in Firefox (Debian's firefox-esr, driven
// headless by puppeteer-core over WebDriver BiDi), loaded as a temporary
// add-on. There the background is an event page, not a service worker.
// Firefox MV3 treats host permissions as opt-in; the test grants them the
// way a user's "allow" would, with the pref that grants requested origins
// at install (extensions.originControls.grantByDefault).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pages, root } from './fixtures.mjs';
import { startFirefox } from './firefox.mjs';

let browser; let server; let base;

before(async () => {
  ({ browser, server, base } = await startFirefox(pages()));
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Sizes of the extension's highlights, read from the page: the Custom Highlight registry is per document. */
async function marks(p, ms = 15000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await p.evaluate(() => ({
      host: !!document.querySelector('rumorguard-overlay'),
      warn: CSS.highlights?.get('rumorguard-warn')?.size ?? 0,
      quiet: CSS.highlights?.get('rumorguard-quiet')?.size ?? 0,
    }));
    if (last.warn + last.quiet > 0) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  return last;
}

test('Firefox: a viral post is marked with a warning', async () => {
  const p = await browser.newPage();
  await p.goto(`${base}/viral.html`);
  const m = await marks(p);
  assert.ok(m.host && m.warn === 1, JSON.stringify(m));
  await p.screenshot({ path: path.join(root, 'test-artifacts', 'firefox-viral.png') });
  await p.close();
});

test('Firefox: a debunk article is marked quietly', async () => {
  const p = await browser.newPage();
  await p.goto(`${base}/seed-en.html`);
  const m = await marks(p);
  assert.ok(m.quiet >= 1 && m.warn === 0, JSON.stringify(m));
  await p.close();
});

test('Firefox: an ordinary page gets no marks', async () => {
  const p = await browser.newPage();
  await p.goto(`${base}/ordinary.html`);
  const m = await marks(p, 3000);
  assert.equal(m.warn + m.quiet, 0, JSON.stringify(m));
  await p.close();
});
