// The popup in a real Chromium, as a person uses it: matches grouped by
// rumor with "show me" per occurrence, the page where Rumorguard cannot run,
// pausing (marks go at once and come back), "not a match" with thanks and
// undo, and update errors beside the time of the last good update.
//   node --test scripts/e2e/popup.test.mjs   (after scripts/build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pages, root, VIRAL } from './fixtures.mjs';
import {
  requireBuild, serve, launch, openPopup, axNodes, axText, badges, highlighted, waitFor, setSettings, storage,
  toolbarBadge, closedPort, artifacts,
} from './chromium.mjs';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const filler = (n) => Array.from({ length: n }, (_, i) => `<p>Ordinary paragraph ${i} about the weather, the town council and the new library opening hours.</p>`).join('');
// The same rumor three times, far apart: one group in the popup, three "show me".
const THREE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Feed</title></head><body>
<div class="post"><b>Ann</b><p>${esc(VIRAL)} Share this now!</p></div>${filler(30)}
<div class="post"><b>Bob</b><p>Copy and paste: ${esc(VIRAL)} Do not let them.</p></div>${filler(30)}
<div class="post" id="third"><b>Cy</b><p>My aunt sent this. ${esc(VIRAL)} Is it real?</p></div>${filler(10)}</body></html>`;

const manifest = JSON.parse(fs.readFileSync(path.join(root, '.rumorguard', 'lists', 'default.rgl.manifest.json'), 'utf8'));
let site; let b;

before(async () => {
  requireBuild();
  // A list server that has nothing newer than the bundled list: the real
  // signed manifest of that list, so a check succeeds without a download.
  site = await serve({ ...pages(), '/three.html': THREE }, {
    '/v1/lists/': (req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(manifest));
    },
  });
  b = await launch();
  await setSettings(b, { server: site.url });
});

after(async () => {
  await b?.close();
  site?.close();
});

async function openPage(p) {
  const page = await b.ctx.newPage();
  await page.goto(site.url + p);
  return page;
}

const warnBadges = async (page) => (await badges(b, page)).filter((x) => /\bfalse\b/i.test(x.name));

test('popup: one group per rumor with its count, "show me" scrolls to and opens each occurrence', async () => {
  const page = await openPage('/three.html');
  await waitFor(async () => (await warnBadges(page)).length === 3 || null, 'three warning badges on the page');
  const popup = await openPopup(b, page);
  await popup.getByText('Found 3 times on this page').waitFor();
  assert.equal(await popup.locator('li.group').count(), 1, 'the three occurrences are one group');
  assert.match(await popup.locator('li.group .claim').innerText(), /^Claim: “.*Meta/);
  const shows = popup.getByRole('button', { name: /^Show me occurrence \d of 3$/ });
  assert.equal(await shows.count(), 3);
  assert.ok(await popup.getByRole('button', { name: 'Not a match' }).isVisible());
  const height = await popup.evaluate(() => Math.round(document.body.getBoundingClientRect().height));
  assert.ok(height < 700, `the popup is ${height} px tall for one rumor found three times`);
  await popup.screenshot({ path: path.join(artifacts, 'popup.png') });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.screenshot({ path: path.join(artifacts, 'popup-dark.png') });
  await popup.emulateMedia({ colorScheme: 'light' });
  // The third occurrence is below the fold; "show me" brings it into view with its note open.
  assert.ok(await page.evaluate(() => document.getElementById('third').getBoundingClientRect().top > innerHeight));
  await popup.getByRole('button', { name: 'Show me occurrence 3 of 3' }).click();
  await page.bringToFront();
  await waitFor(async () => (await axNodes(b, page)).some((n) => n.role?.value === 'dialog'), 'the note opened by "show me"');
  const third = await page.evaluate(() => { const r = document.getElementById('third').getBoundingClientRect(); return { top: r.top, bottom: r.bottom, h: innerHeight }; });
  assert.ok(third.top >= 0 && third.bottom <= third.h, `the third post is in view: ${JSON.stringify(third)}`);
  await page.close();
  if (!popup.isClosed()) await popup.close();
});

test('popup: "the full fact-check" shows the shared note renderer\'s note', async (t) => {
  if (!fs.existsSync(path.join(root, 'extension', 'note', 'note.js'))) {
    t.skip('extension/note/note.js (the shared note renderer) is not on this branch yet');
    return;
  }
  const page = await openPage('/viral.html');
  await waitFor(async () => (await warnBadges(page)).length === 1 || null, 'a warning badge');
  const popup = await openPopup(b, page);
  await popup.getByText('The full fact-check').click();
  await waitFor(async () => /From 16 December 2025 Meta will feed every private message/.test(await popup.locator('li.group details.detail').innerText()) || null, 'the note inside the popup');
  await popup.screenshot({ path: path.join(artifacts, 'popup-detail.png'), fullPage: true });
  await popup.close();
  await page.close();
});

test('popup: on a browser page it says Rumorguard does not run there', async () => {
  const page = await b.ctx.newPage();
  await page.goto('chrome://version');
  const popup = await openPopup(b, page);
  await popup.getByText('Rumorguard does not run on this page.').waitFor();
  const all = axText(await axNodes(b, popup));
  assert.doesNotMatch(all, /No known rumors on this page/);
  assert.doesNotMatch(all, /Pause on this site/);
  await popup.screenshot({ path: path.join(artifacts, 'popup-not-available.png') });
  await popup.close();
  await page.close();
});

test('popup: pausing removes the marks at once, resuming brings them back', async () => {
  const page = await openPage('/viral.html');
  await waitFor(async () => (await warnBadges(page)).length === 1 || null, 'a warning badge');
  assert.equal(await toolbarBadge(b, page), '1');
  const popup = await openPopup(b, page);
  await popup.getByRole('button', { name: 'Pause on this site' }).click();
  await popup.getByText('Paused on this site.').waitFor();
  // Gone from the page without a reload: no badge, no highlight, no count on the toolbar.
  await waitFor(async () => (await badges(b, page)).length === 0 && (await highlighted(page)) === 0 || null, 'the marks to go');
  assert.equal(await toolbarBadge(b, page), '');
  assert.equal(await popup.locator('li.group').count(), 0);
  await popup.screenshot({ path: path.join(artifacts, 'popup-paused.png') });
  await popup.getByRole('button', { name: 'Resume on this site' }).click();
  await waitFor(async () => (await warnBadges(page)).length === 1 || null, 'the mark to come back on resume');
  await popup.locator('li.group').waitFor();
  assert.ok(await popup.getByText('Paused on this site.').isHidden());
  // Paused before the page loaded: nothing is drawn until resumed.
  await popup.getByRole('button', { name: 'Pause on this site' }).click();
  await popup.getByText('Paused on this site.').waitFor();
  await page.reload();
  await page.waitForTimeout(1500);
  assert.equal(await highlighted(page), 0);
  await popup.getByRole('button', { name: 'Resume on this site' }).click();
  await waitFor(async () => (await warnBadges(page)).length === 1 || null, 'the mark after resuming a page loaded paused');
  await popup.close();
  await page.close();
});

test('popup: "not a match" asks once, thanks, and undo brings the marks back', async () => {
  const page = await openPage('/three.html');
  await waitFor(async () => (await warnBadges(page)).length === 3 || null, 'three warning badges');
  const popup = await openPopup(b, page);
  await popup.getByRole('button', { name: 'Not a match' }).click();
  // Asks first, naming the site; nothing is hidden yet.
  await popup.getByText(/Rumorguard will stop marking it on 127\.0\.0\.1/).waitFor();
  assert.equal((await warnBadges(page)).length, 3);
  await popup.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await popup.getByRole('button', { name: 'Not a match' }).count(), 1);
  await popup.getByRole('button', { name: 'Not a match' }).click();
  await popup.getByRole('button', { name: 'Yes, not a match' }).click();
  await popup.getByText('Thanks: this match will not be shown again on this site.').waitFor();
  assert.ok(await popup.getByRole('button', { name: 'Undo' }).isVisible());
  await waitFor(async () => (await badges(b, page)).length === 0 || null, 'the marks of that rumor to go');
  await popup.screenshot({ path: path.join(artifacts, 'popup-not-a-match.png') });
  const kept = await storage(b, 'local', 'settings');
  assert.equal(kept.suppressed.length, 1);
  await popup.getByRole('button', { name: 'Undo' }).click();
  await waitFor(async () => (await warnBadges(page)).length === 3 || null, 'the marks back after undo');
  await popup.getByText('Found 3 times on this page').waitFor();
  assert.deepEqual((await storage(b, 'local', 'settings')).suppressed, []);
  await popup.close();
  await page.close();
});

test('popup: an update error is shown with the time of the last good update, never "updated just now"', async () => {
  const page = await openPage('/viral.html');
  // A fresh install that cannot reach the server: the bundled list was never updated.
  // (The scheduled first check, a minute after install, may have run: start from no update.)
  const port = await closedPort();
  await setSettings(b, { server: `http://127.0.0.1:${port}` });
  await (await b.worker()).evaluate(() => chrome.storage.local.remove('update'));
  let popup = await openPopup(b, page);
  await popup.getByRole('button', { name: 'Check for updates now' }).click();
  await popup.getByText('Could not reach the list server; still using version 1.', { exact: true }).waitFor();
  assert.match(await popup.locator('#error-at').innerText(), /^Tried just now \(/);
  assert.equal(await popup.locator('#last-good').innerText(), 'Not yet updated from the list server: using the list that came with the extension.');
  assert.ok(await popup.locator('#list-updated').isHidden());
  assert.doesNotMatch(await popup.locator('#list').innerText(), /updated just now/i);
  // The server answers: updated, no error.
  await setSettings(b, { server: site.url });
  await popup.getByRole('button', { name: 'Check for updates now' }).click();
  await popup.getByText(/^updated just now \(/).waitFor();
  assert.ok(await popup.locator('#update-error').isHidden());
  await popup.close();
  // Three hours later (the test moves the recorded success back), the server is gone.
  const u = await storage(b, 'local', 'update');
  const earlier = u.lastSuccess - 3 * 3600 * 1000;
  await (await b.worker()).evaluate(async (t) => {
    const { update } = await chrome.storage.local.get('update');
    await chrome.storage.local.set({ update: { ...update, lastSuccess: t } });
  }, earlier);
  await setSettings(b, { server: `http://127.0.0.1:${port}` });
  popup = await openPopup(b, page);
  await popup.getByRole('button', { name: 'Check for updates now' }).click();
  await popup.getByText(/^Could not reach the list server; still using version 1\./).waitFor();
  const good = await popup.locator('#last-good').innerText();
  assert.match(good, /^Last successful update: 3 hours ago \(/);
  const clock = new Date(earlier).toLocaleString('en-US', { hour: '2-digit', minute: '2-digit' }).replace(/^0/, '');
  assert.ok(good.includes(clock.split(' ')[0]), `"${good}" names the time ${clock}`);
  assert.doesNotMatch(await popup.locator('#list').innerText(), /just now \(.*\n*.*Last successful update: just now/);
  assert.doesNotMatch(await popup.locator('#list').innerText(), /^updated/m);
  await popup.screenshot({ path: path.join(artifacts, 'popup-update-error.png') });
  await popup.close();
  await page.close();
  await setSettings(b, { server: site.url });
});
