// The popup's core flow in Firefox ESR (puppeteer-core over WebDriver
// BiDi): the page's match grouped with its count, "show me" opening the note,
// pausing removing the marks at once and resuming restoring them, and the
// not-available state on a browser page. The extension's moz-extension UUID
// is fixed by a pref so the test can open the popup page; like the browser
// does for its toolbar button, the popup is opened while the page is the
// active tab (a background tab), then brought to the front.
//   node --test scripts/e2e/popup-firefox.test.mjs   (after scripts/build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { pages, root } from './fixtures.mjs';
import { serve, artifacts, requireBuild } from './chromium.mjs';

const FIREFOX = '/usr/bin/firefox-esr';
const UUID = '6f1c1f6e-2b1a-4c39-9d7e-3d1f0e2a5b7c';
const GECKO_ID = JSON.parse(fs.readFileSync(path.join(root, 'extension', 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
let browser; let site;

before(async () => {
  requireBuild();
  assert.ok(fs.existsSync(FIREFOX), 'firefox-esr is not installed: run scripts/setup');
  site = await serve(pages());
  browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true,
    // Firefox 153 lets WebDriver open only http(s), file, blob and
    // about:blank unless started with system access: needed to open the
    // popup's moz-extension:// page.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.originControls.grantByDefault': true,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
    },
  });
  await browser.installExtension(path.join(root, 'extension'));
});

after(async () => {
  await browser?.close();
  site?.close();
});

const marks = (p) => p.evaluate(() => (CSS.highlights?.get('rumorguard-warn')?.size ?? 0) + (CSS.highlights?.get('rumorguard-quiet')?.size ?? 0));

async function until(fn, what, ms = 15000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

async function openPopup(page) {
  await page.bringToFront();
  const popup = await browser.newPage({ background: true });
  // The load switches the tab to the extension's process, which puppeteer
  // sees as its frame detaching: the goto never settles, the page loads.
  popup.goto(`moz-extension://${UUID}/popup/popup.html`).catch(() => {});
  await until(() => popup.evaluate(() => location.protocol === 'moz-extension:' && document.getElementById('list-version')?.textContent !== '').catch(() => false), 'the popup page');
  await popup.bringToFront();
  return popup;
}

/**
 * Opens the popup for page until ready(popup) holds within 5 s, at most three
 * times. The popup asks which tab is active when it starts; opened as a tab
 * of its own (the toolbar's popup is not one), it twice in seven runs of this
 * file (one of them the clean-clone run) did not show the page's match within
 * 15 s, though the page had its mark. A real popup opens over the page it
 * reports on, so a retry here tests the popup, not the tab emulation; what a
 * failed attempt showed is logged.
 */
async function openPopupUntil(page, ready, what) {
  for (let attempt = 1; ; attempt++) {
    const popup = await openPopup(page);
    const end = Date.now() + 5000;
    while (Date.now() < end) {
      if (await ready(popup)) return popup;
      await new Promise((r) => setTimeout(r, 150));
    }
    const shown = await popup.evaluate(() => document.body.innerText.slice(0, 300)).catch((e) => String(e));
    if (attempt === 3) assert.fail(`the popup never showed ${what}; it showed: ${JSON.stringify(shown)}`);
    console.log(`# popup attempt ${attempt} did not show ${what}; it showed: ${JSON.stringify(shown)}`);
    await popup.close();
  }
}

const text = (p, sel) => p.$eval(sel, (e) => e.textContent.trim());
const visible = (p, sel) => p.$eval(sel, (e) => !e.closest('[hidden]') && e.getClientRects().length > 0).catch(() => false);

test('Firefox popup: grouped match, "show me", pause removes the marks, resume restores them', async () => {
  const page = await browser.newPage();
  await page.goto(`${site.url}/viral.html`);
  await until(async () => (await marks(page)) === 1, 'the warning mark');
  const popup = await openPopupUntil(page, async (p) => (await p.$$('li.group')).length === 1, 'one group');
  assert.equal(await text(popup, 'li.group .count'), 'Found once on this page');
  assert.match(await text(popup, 'li.group .claim'), /^Claim: “.*Meta/);
  await popup.setViewport({ width: 380, height: 600 });
  await popup.screenshot({ path: path.join(artifacts, 'firefox-popup.png') });
  await popup.click('button#pause');
  await until(async () => visible(popup, '#paused-note'), '"Paused on this site."');
  assert.equal(await text(popup, '#paused-note'), 'Paused on this site.');
  await until(async () => (await marks(page)) === 0, 'the mark to go when paused');
  assert.equal(await text(popup, 'button#pause'), 'Resume on this site');
  await popup.click('button#pause');
  await until(async () => (await marks(page)) === 1, 'the mark back on resume');
  await until(async () => (await popup.$$('li.group button.show')).length === 1, 'the match back in the popup');
  await popup.click('li.group button.show'); // the popup closes itself, as it does over the toolbar
  // The note opens and takes focus; it lives in a closed shadow root, so
  // the page sees focus on Rumorguard's host element.
  await until(async () => page.evaluate(() => document.activeElement?.tagName === 'RUMORGUARD-OVERLAY'), 'the note to take focus');
  if (!popup.isClosed()) await popup.close();
  await page.close();
});

test('Firefox popup: on a browser page it says Rumorguard does not run there', async () => {
  const page = await browser.newPage();
  await page.goto('about:blank');
  const popup = await openPopup(page);
  await until(async () => visible(popup, '#unavailable'), 'the not-available message');
  assert.equal(await text(popup, '#unavailable h2'), 'Rumorguard does not run on this page.');
  assert.ok(!(await visible(popup, '#pause')));
  await popup.close();
  await page.close();
});

test('Firefox keeps the stored index and notes as files, as Chromium does', async () => {
  // The event page stores them a second after the list is ready (lists.js,
  // storeIndexSoon); the extension's pages share its origin and its files.
  const page = await browser.newPage();
  await page.goto(`${site.url}/viral.html`);
  await until(async () => (await marks(page)) === 1, 'the warning mark');
  const popup = await openPopup(page);
  const files = await until(() => popup.evaluate(async () => {
    const names = [];
    for await (const [name, h] of (await navigator.storage.getDirectory()).entries()) {
      names.push(`${name}:${(await h.getFile()).size > 8}`);
    }
    return names.includes('index.rgf:true') && names.includes('notes.rgf:true') && names.sort();
  }), 'index.rgf and notes.rgf in the origin private file system');
  assert.deepEqual(files, ['index.rgf:true', 'notes.rgf:true']);
  await popup.close();
  await page.close();
});
