// The options page in a real Chromium: every setting labelled and
// explained, bad input refused with what to fix, the one list name really
// used for updates, paused sites applied to open pages at once, and the
// "not a match" choices listed and restorable. And the privacy statement.
//   node --test scripts/e2e/options.test.mjs   (after scripts/build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pages, root } from './fixtures.mjs';
import { requireBuild, serve, launch, openPopup, axNodes, badges, waitFor, storage, setSettings, artifacts } from './chromium.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(root, '.rumorguard', 'lists', 'default.rgl.manifest.json'), 'utf8'));
let site; let b;

before(async () => {
  requireBuild();
  site = await serve(pages(), {
    '/v1/lists/': (req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(manifest));
    },
  });
  b = await launch({ viewport: { width: 900, height: 1000 } });
  await setSettings(b, { server: site.url });
});

after(async () => {
  await b?.close();
  site?.close();
});

async function openOptions() {
  const page = await b.ctx.newPage();
  await page.goto(`chrome-extension://${b.id}/options/options.html`);
  await page.waitForFunction(() => document.getElementById('server').value !== '');
  return page;
}

const warn = async (page) => (await badges(b, page)).filter((x) => /\bfalse\b/i.test(x.name));

test('options: every setting has a label and an explanation a screen reader announces', async () => {
  const page = await openOptions();
  const nodes = await axNodes(b, page);
  const controls = nodes.filter((n) => ['textbox', 'combobox'].includes(n.role?.value));
  const seen = controls.map((n) => ({ name: n.name?.value, description: n.description?.value || '' }));
  assert.deepEqual(seen.map((c) => c.name), ['List server', 'List', 'Sensitivity', 'Paused sites (one per line)']);
  for (const c of seen) assert.ok(c.description.length > 40, `"${c.name}" is explained: ${JSON.stringify(c)}`);
  assert.match(seen[1].description, /one list at a time/);
  assert.equal(await page.locator('#list').inputValue(), 'default');
  await page.screenshot({ path: path.join(artifacts, 'options.png'), fullPage: true });
  await page.close();
});

test('options: bad input is refused with what to fix, and nothing is saved', async () => {
  const page = await openOptions();
  await page.getByLabel('List', { exact: true }).fill('My List!');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
  assert.match(await page.getByRole('alert').innerText(), /list name "My List!" may hold only lower-case letters, digits and dashes/);
  await page.getByLabel('List', { exact: true }).fill('default');
  await page.getByLabel('List server').fill('ftp://127.0.0.1/');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(/must start with https:\/\/ or http:\/\//).waitFor();
  assert.equal((await storage(b, 'local', 'settings')).server, site.url);
  await page.close();
});

test('options: the list named is the list the extension updates', async () => {
  const page = await openOptions();
  await page.getByLabel('List', { exact: true }).fill('other-list');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  const viral = await b.ctx.newPage();
  await viral.goto(`${site.url}/viral.html`);
  const popup = await openPopup(b, viral);
  const before = site.requests.length;
  await popup.getByRole('button', { name: 'Check for updates now' }).click();
  await waitFor(() => site.requests.slice(before).some((u) => u === '/v1/lists/other-list/latest'), 'a request for the named list');
  assert.ok(!site.requests.slice(before).some((u) => u.startsWith('/v1/lists/default/')), 'the old name is no longer asked for');
  await popup.close();
  await viral.close();
  await page.getByLabel('List', { exact: true }).fill('default');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await page.close();
});

test('options: a site added to the paused sites loses its marks at once, and gets them back when removed', async () => {
  const viral = await b.ctx.newPage();
  await viral.goto(`${site.url}/viral.html`);
  await waitFor(async () => (await warn(viral)).length === 1 || null, 'a warning badge');
  const page = await openOptions();
  await page.getByLabel('Paused sites (one per line)').fill('127.0.0.1');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await waitFor(async () => (await badges(b, viral)).length === 0 || null, 'the marks to go');
  await page.getByLabel('Paused sites (one per line)').fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await waitFor(async () => (await warn(viral)).length === 1 || null, 'the mark back');
  await page.close();
  await viral.close();
});

test('options: "not a match" choices are listed with the rumor and the site, and can be restored', async () => {
  const viral = await b.ctx.newPage();
  await viral.goto(`${site.url}/viral.html`);
  await waitFor(async () => (await warn(viral)).length === 1 || null, 'a warning badge');
  const popup = await openPopup(b, viral);
  await popup.getByRole('button', { name: 'Not a match' }).click();
  await popup.getByRole('button', { name: 'Yes, not a match' }).click();
  await popup.getByText('Thanks: this match will not be shown again on this site.').waitFor();
  await popup.close();
  await waitFor(async () => (await badges(b, viral)).length === 0 || null, 'the mark to go');
  const page = await openOptions();
  const item = page.locator('#suppressed li');
  await item.first().waitFor();
  assert.equal(await item.count(), 1);
  assert.match(await item.innerText(), /^“From 16 December 2025 Meta will feed every private message.*” on 127\.0\.0\.1/);
  await page.screenshot({ path: path.join(artifacts, 'options-not-a-match.png'), fullPage: true });
  await page.getByRole('button', { name: /^Restore “From 16 December 2025 Meta/ }).click();
  await page.getByText('None so far.').waitFor();
  await waitFor(async () => (await warn(viral)).length === 1 || null, 'the mark back after restoring');
  await page.close();
  await viral.close();
});

test('options and popup link to the privacy statement, which says nothing is collected', async () => {
  const page = await openOptions();
  // The link opens in the same tab here; a new tab would show within 5 s (waiting the default 30 s cost every run that).
  const [privacy] = await Promise.all([b.ctx.waitForEvent('page', { timeout: 5000 }).catch(() => null), page.getByRole('link', { name: 'Privacy' }).click()]);
  const p = privacy && privacy.url().includes('/privacy/') ? privacy : page;
  await p.waitForURL(/\/privacy\/privacy\.html$/);
  await p.getByRole('heading', { name: 'Rumorguard privacy statement' }).waitFor();
  const text = await p.locator('main').innerText();
  assert.match(text, /collects no personal data/);
  assert.match(text, /Page text is never sent over the network/);
  await p.screenshot({ path: path.join(artifacts, 'privacy.png'), fullPage: true });
  const viral = await b.ctx.newPage();
  await viral.goto(`${site.url}/viral.html`);
  const popup = await openPopup(b, viral);
  assert.match(await popup.getByRole('link', { name: 'Privacy' }).getAttribute('href'), /privacy\/privacy\.html$/);
  await popup.close();
  await viral.close();
  if (!p.isClosed()) await p.close();
  if (!page.isClosed()) await page.close();
});
