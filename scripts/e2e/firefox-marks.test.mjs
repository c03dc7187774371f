// Marks and notes in Firefox (Debian's firefox-esr, headless, puppeteer-core
// over WebDriver BiDi): the core flow a reader sees — a mark painted on a
// post, a badge after it, and the note opening with its text. Firefox MV3
// host permissions are granted as in firefox.test.mjs.
// Run after scripts/build:  node --test scripts/e2e/firefox-marks.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pages, markPages, root, RUMOR_POST } from './fixtures.mjs';
import { startFirefox } from './firefox.mjs';
import { waitFor } from './chromium.mjs';

let browser; let server; let base;

before(async () => {
  ({ browser, server, base } = await startFirefox({ ...pages(), ...markPages() }));
});

after(async () => {
  await browser?.close();
  server?.close();
});


/** What is painted: highlight ranges covering the post's text, and the badge's box after it. */
const seen = (p, sel) => p.evaluate((s) => {
  const el = document.querySelector(s);
  const hl = CSS.highlights?.get('rumorguard-warn');
  const covered = hl ? [...hl].some((r) => el.contains(r.commonAncestorContainer) && r.toString().length > 40) : false;
  const badge = el.querySelector('rumorguard-mark')?.getBoundingClientRect();
  return { covered, badge: badge && badge.width > 10 ? { x: badge.x + badge.width / 2, y: badge.y + badge.height / 2 } : null };
}, sel);

test('Firefox: a feed post is marked, stays marked, and its note opens with its text', async () => {
  const p = await browser.newPage();
  await p.goto(`${base}/marks-app.html`);
  await p.evaluate(() => window.feed.batch(3));
  await new Promise((r) => setTimeout(r, 1000));
  await p.evaluate((t) => window.feed.post('hot', t), RUMOR_POST);
  await new Promise((r) => setTimeout(r, 3000));
  let s = await seen(p, '#hot');
  assert.ok(s.covered && s.badge, `3 s after the post arrived: ${JSON.stringify(s)}`);
  await p.evaluate(() => window.feed.rerender('hot'));
  await p.evaluate(() => window.feed.batch(5));
  await new Promise((r) => setTimeout(r, 3000));
  s = await seen(p, '#hot');
  assert.ok(s.covered && s.badge, `after a re-render and the next batch: ${JSON.stringify(s)}`);
  await p.mouse.click(s.badge.x, s.badge.y);
  // The note is in a closed shadow root: find-in-page reads what is rendered there.
  const found = await waitFor(() => p.evaluate(() => {
    const has = (t) => { getSelection().removeAllRanges(); return window.find(t, true); };
    return has('Claim:') && has('Fact-checked by') && has('Meta will feed every private message') && has("What's true");
  }), 'the note\'s text');
  assert.ok(found);
  await p.evaluate(() => getSelection().removeAllRanges());
  await p.screenshot({ path: path.join(root, 'test-artifacts', 'firefox-note.png') });
  await p.evaluate((t) => window.feed.edit('hot', t), 'Nothing to see here any more, the post was edited by its author.');
  await new Promise((r) => setTimeout(r, 3000));
  s = await seen(p, '#hot');
  assert.ok(!s.covered && !s.badge, `after the text was edited away: ${JSON.stringify(s)}`);
  await p.close();
});
