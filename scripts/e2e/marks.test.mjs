// What a person sees of Rumorguard's marks and notes, in a real Chromium
// (Debian's, headless, playwright-core) with the extension loaded unpacked:
// highlights painted (pixels of a screenshot), badges and notes in the
// accessibility tree (closed shadow roots included, via CDP), colours as
// rendered (computed styles of the shadow elements and the ::highlight
// pseudo-elements). The pages are scripted like the pages people read:
// feeds that append, re-render and edit posts, SPA routes, long articles.
// Run after scripts/build:  node --test scripts/e2e/marks.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { pages, markPages, root, RUMOR_POST, VIRAL, JAYDEN } from './fixtures.mjs';
import { contentStats, waitFor } from './chromium.mjs';

// RUMORGUARD_EXTENSION: another build to compare (e.g. main's), else this tree's.
const ext = process.env.RUMORGUARD_EXTENSION || path.join(root, 'extension');
const artifacts = path.join(root, 'test-artifacts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rumorguard-marks-'));
const SETTLE = 3000; // "3 s after": what the reader sees then
const WARN_NAME = 'Rumorguard: known false rumor. Open the fact-check.';
const QUIET_NAME = 'Rumorguard: this passage quotes a known rumor to debunk it. Open the note.';
// The light and dark highlight backgrounds of a "false" mark (content/overlay.js).
const WARN_BG = [254, 228, 226];
const WARN_BG_DARK = [85, 22, 12];

let server; let base; let ctx; let decoder;

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const f of ['core/core.wasm', 'lists/default.rgl']) {
    assert.ok(fs.existsSync(path.join(ext, f)), `extension/${f} missing: run scripts/build`);
  }
  const all = { ...pages(), ...markPages() };
  server = http.createServer((req, res) => {
    const html = all[new URL(req.url, 'http://x').pathname];
    res.statusCode = html ? 200 : 404;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(html || 'not found');
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.on('listening', r));
  base = `http://127.0.0.1:${server.address().port}`;
  ctx = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1000, height: 800 },
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-sandbox', '--disable-gpu',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  if (!ctx.serviceWorkers().length) await ctx.waitForEvent('serviceworker');
  decoder = await ctx.newPage(); // decodes screenshots into pixels
});

after(async () => {
  await ctx?.close();
  server?.close();
});

async function open(p, viewport) {
  const page = await ctx.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(base + p);
  return page;
}


/** The accessibility tree (closed shadow roots included). */
async function ax(page) {
  const cdp = await ctx.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  return { cdp, nodes };
}

/** Rumorguard's badges as a screen reader finds them: buttons named "Rumorguard: …". */
async function badges(page) {
  const { cdp, nodes } = await ax(page);
  const out = nodes.filter((n) => n.role?.value === 'button' && String(n.name?.value || '').startsWith('Rumorguard:') && !n.ignored);
  return Object.assign(out, { cdp });
}

async function boxOf(cdp, backendNodeId) {
  const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId });
  const [x1, y1, , , x3, y3] = model.border;
  return { x: x1, y: y1, width: x3 - x1, height: y3 - y1 };
}

async function clickBadge(page, name) {
  const list = await badges(page);
  const b = list.find((n) => n.name.value === name) || list[0];
  assert.ok(b, `no badge${name ? ` named "${name}"` : ''}`);
  const box = await boxOf(list.cdp, b.backendDOMNodeId);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  return box;
}

/**
 * Pixels of a screenshot region, decoded by a canvas in the decoding page:
 * [r, g, b, a] per pixel, or with rgb only how many are within 3 of that
 * colour, counted there (moving every pixel of a sentence's box through the
 * harness took longer than the rest of a check).
 */
async function pixels(page, clip, rgb = null) {
  const png = await page.screenshot({ clip });
  return decoder.evaluate(async ([b64, want]) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    if (!want) return { width: img.width, height: img.height, data: Array.from(d) };
    let count = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - want[0]) <= 3 && Math.abs(d[i + 1] - want[1]) <= 3 && Math.abs(d[i + 2] - want[2]) <= 3) count++;
    }
    return { count };
  }, [png.toString('base64'), rgb]);
}

const colourCount = async (page, clip, rgb) => (await pixels(page, clip, rgb)).count;

/** How many pixels of the element's box are painted in the highlight colour. */
async function painted(page, selector, rgb = WARN_BG) {
  if (!(await page.locator(selector).count())) return 0;
  await page.locator(selector).scrollIntoViewIfNeeded(); // a reader looks at it
  const box = await page.locator(selector).boundingBox();
  if (!box || box.width < 1) return 0;
  return colourCount(page, box, rgb);
}

const PAINTED = 500; // pixels: a marked sentence paints thousands; nothing paints 0

async function assertMarked(page, selector, what) {
  const n = await painted(page, selector);
  assert.ok(n > PAINTED, `${what}: the highlight is not painted (${n} pixels)`);
  const names = (await badges(page)).map((b) => b.name.value);
  assert.ok(names.includes(WARN_NAME), `${what}: no warning badge in the accessibility tree (${JSON.stringify(names)})`);
}

async function assertUnmarked(page, selector, what) {
  const n = selector ? await painted(page, selector) : 0;
  assert.ok(n < 20, `${what}: still painted (${n} pixels)`);
  assert.equal((await badges(page)).length, 0, `${what}: a badge is left`);
}

test('a feed: the mark stays through new posts, re-renders, edits and route changes, and goes with its text', async () => {
  const page = await open('/marks-app.html');
  await page.evaluate(() => window.feed.batch(3));
  await page.waitForTimeout(1000);
  await page.evaluate((t) => window.feed.post('hot', t), RUMOR_POST);
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#hot p', '3 s after the post arrived');

  await page.evaluate(() => window.feed.batch(5));
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#hot p', 'after the next batch');

  await page.evaluate(() => window.feed.rerender('hot'));
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#hot p', 'after the post was re-rendered (new, identical nodes)');

  await page.evaluate(() => window.feed.rerenderText('hot'));
  await page.evaluate(() => window.feed.rerenderAll());
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#hot p', 'after the text nodes and then the whole feed were re-rendered');
  assert.equal((await badges(page)).length, 1, 'one badge, not one per render');
  assert.equal(await page.locator('rumorguard-mark').count(), 1, 'no empty copies of the badge left by serialized re-renders');

  await page.evaluate(() => window.feed.rename('hot', 'Maria B.'));
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#hot p', 'after an in-place edit elsewhere in the post');

  await page.mouse.wheel(0, 400);
  await page.waitForTimeout(500);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(500);
  await assertMarked(page, '#hot p', 'after scrolling');

  await page.evaluate((t) => window.feed.go('/marks-app/route-2', [['r1', 'A new route with other posts on it, and nothing to mark here at all.'], ['hot2', t]]), RUMOR_POST);
  await page.waitForTimeout(SETTLE);
  assert.ok(page.url().endsWith('/marks-app/route-2'));
  await assertMarked(page, '#hot2 p', 'after an SPA navigation');
  assert.equal((await badges(page)).length, 1, 'the old route\'s mark left with its text');

  await page.evaluate(() => window.feed.go('/marks-app/route-3', [['r3', 'Yet another route, with an ordinary post about the weather this week.']]));
  await page.waitForTimeout(SETTLE);
  await assertUnmarked(page, null, 'on a route without the rumor');
  await page.goBack(); // popstate: route 2 rendered again
  await page.waitForTimeout(SETTLE);
  assert.ok(page.url().endsWith('/marks-app/route-2'));
  await assertMarked(page, '#hot2 p', 'after going back (popstate)');

  await page.evaluate(() => window.feed.edit('hot2', 'Meta updated its privacy policy; nothing about private messages changed.'));
  await page.waitForTimeout(SETTLE);
  await assertUnmarked(page, '#hot2 p', 'after the text was edited away');

  await page.evaluate((t) => window.feed.post('hot3', t), RUMOR_POST);
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#hot3 p', 'a new post with the rumor');
  const box = await page.locator('#hot3 p').boundingBox();
  await page.evaluate(() => window.feed.remove('hot3'));
  await page.waitForTimeout(SETTLE);
  const left = await colourCount(page, box, WARN_BG);
  assert.ok(left < 20, `the removed post's highlight is still painted (${left} pixels)`);
  await assertUnmarked(page, null, 'after the post was removed');
  await page.screenshot({ path: path.join(artifacts, 'marks-feed.png') });
  await page.close();
});

/** The content script's own counters (chars sent to the core), read over CDP from its isolated world. */
async function scannedChars(page) {
  return (await contentStats(ctx, page)).chars;
}

test('re-rendering a whole feed with the same text sends nothing to the core again', async () => {
  const page = await open('/marks-app.html');
  await page.evaluate((t) => { window.feed.batch(20); window.feed.post('hot', t); }, RUMOR_POST);
  await page.waitForTimeout(1500);
  const before = await scannedChars(page);
  assert.ok(before > 1000, `the feed was scanned (${before} chars)`);
  await page.evaluate(() => window.feed.rerenderAll());
  await page.waitForTimeout(1500);
  assert.equal(await scannedChars(page), before, 'identical text was scanned again');
  await assertMarked(page, '#hot p', 'after the whole feed was re-rendered');
  await page.evaluate(() => window.feed.batch(2));
  await page.waitForTimeout(1500);
  const grew = (await scannedChars(page)) - before;
  assert.ok(grew > 0 && grew < 400, `two new posts cost ${grew} chars`);
  await page.close();
});

/** Sends the page's content script what the background sends when the site is paused or resumed. */
async function tell(page, message) {
  const w = ctx.serviceWorkers().find((x) => x.url().startsWith('chrome-extension://')) || await ctx.waitForEvent('serviceworker');
  return w.evaluate(async ([url, m]) => {
    const [tab] = await chrome.tabs.query({ url });
    return chrome.tabs.sendMessage(tab.id, m, { frameId: 0 });
  }, [page.url(), message]);
}
const PAUSE = { type: 'siteState', paused: true, suppressed: [] };
const RESUME = { type: 'siteState', paused: false, suppressed: [] };

test('pause removes every mark at once; resume draws them again', async () => {
  const page = await open('/marks-light.html');
  await waitFor(async () => (await badges(page)).length >= 2, 'two badges');
  await tell(page, PAUSE);
  await page.waitForTimeout(300);
  await assertUnmarked(page, '#warn', 'paused');
  await page.evaluate((t) => document.body.insertAdjacentHTML('beforeend', `<p id="later">${t}</p>`), RUMOR_POST);
  await page.waitForTimeout(1000);
  await assertUnmarked(page, '#later', 'a rumor added while paused');
  await tell(page, RESUME);
  await page.waitForTimeout(1000);
  await assertMarked(page, '#warn', 'resumed');
  await assertMarked(page, '#later', 'the rumor added while paused, after resuming');
  await page.close();
});

test('a post shown by "read more" (a class change) is marked once it shows', async () => {
  const page = await open('/marks-app.html');
  await page.evaluate((t) => window.feed.hidden('folded', t), RUMOR_POST);
  await page.waitForTimeout(1500);
  assert.equal((await badges(page)).length, 0, 'hidden text has no visible badge');
  await page.evaluate(() => window.feed.unfold('folded'));
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#folded p', '3 s after the post was shown');
  await page.close();
});

test('the project\'s own infinite feed: post 30 stays marked', async () => {
  const page = await open('/feed.html');
  for (let i = 0; i < 20 && !(await page.$('#post-30')); i++) {
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(150);
  }
  await page.locator('#post-30').scrollIntoViewIfNeeded();
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#post-30 p', 'post 30, 3 s after it arrived');
  await page.mouse.wheel(0, 4000); // the next batch
  await page.waitForTimeout(1000);
  await page.locator('#post-30').scrollIntoViewIfNeeded();
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#post-30 p', 'post 30 after the next batch');
  await page.close();
});

test('a rumor below the fold is marked when scrolled to', async () => {
  const page = await open('/marks-below.html');
  await page.waitForTimeout(1500);
  await page.locator('#below').scrollIntoViewIfNeeded();
  await page.waitForTimeout(SETTLE);
  await assertMarked(page, '#below', 'below the fold, scrolled to');
  await page.close();
});

/**
 * An extension copy whose list is the bundled sources plus, for a rumor of
 * another family (WhatsApp Gold), the Jayden K. Smith message as a phrase:
 * the matcher keeps two different rumors on one span only when they fit it
 * equally well, which the real list no longer has, so the test makes it.
 */
function extensionWithOverlap() {
  const src = path.join(tmp, 'overlap-list');
  fs.cpSync(path.join(root, 'scripts', 'lists', 'default'), src, { recursive: true });
  const gold = path.join(src, 'rumors', 'whatsapp-gold.yaml');
  const y = fs.readFileSync(gold, 'utf8');
  assert.ok(y.includes('phrases:\n  en:\n'), 'whatsapp-gold.yaml has English phrases');
  fs.writeFileSync(gold, y.replace('phrases:\n  en:\n', `phrases:\n  en:\n    - text: ${JSON.stringify(JAYDEN)}\n      from: https://example.invalid/test-only\n`));
  const key = process.env.RUMORGUARD_PUBLISHER_KEY || path.join(root, '.rumorguard', 'keys', 'publisher.key');
  const run = (...args) => execFileSync('go', ['run', './scripts/rumorctl', ...args], { cwd: root, stdio: 'pipe' });
  run('build', '-out', path.join(tmp, 'overlap.msgp'), src);
  run('sign', '-key', key, '-in', path.join(tmp, 'overlap.msgp'), '-out', path.join(tmp, 'overlap.rgl'));
  const copy = path.join(tmp, 'overlap-extension');
  fs.cpSync(ext, copy, { recursive: true });
  fs.copyFileSync(path.join(tmp, 'overlap.rgl'), path.join(copy, 'lists', 'default.rgl'));
  const claim = (id) => /^claim:\n(?: {2}\w\w: .*\n)*? {2}en: (.*)$/m.exec(fs.readFileSync(path.join(src, 'rumors', `${id}.yaml`), 'utf8'))[1];
  return { copy, jayden: claim('jayden-k-smith-hacker'), gold: claim('whatsapp-gold') };
}

test('two overlapping rumors: one badge, both listed in the note', async () => {
  const { copy, jayden, gold } = extensionWithOverlap();
  const main = ctx;
  ctx = await chromium.launchPersistentContext(path.join(tmp, 'overlap-profile'), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1000, height: 800 },
    args: [`--disable-extensions-except=${copy}`, `--load-extension=${copy}`, '--no-sandbox', '--disable-gpu',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    if (!ctx.serviceWorkers().length) await ctx.waitForEvent('serviceworker');
    const page = await open('/marks-overlap.html');
    await waitFor(async () => (await badges(page)).length, 'a badge');
    await page.waitForTimeout(1000);
    const list = await badges(page);
    assert.equal(list.length, 1, `one badge for one span: ${JSON.stringify(list.map((b) => b.name.value))}`);
    await clickBadge(page);
    const { nodes } = await ax(page);
    const text = nodes.map((n) => String(n.name?.value || '')).join('\n');
    assert.match(text, /This text also matches/, 'the other rumor is listed under its own heading');
    assert.ok(text.includes(jayden) && text.includes(gold), `both rumors' claims are in the note:\n${text}`);
  } finally {
    await ctx.close();
    ctx = main;
  }
});

/** A badge's silhouette: which pixels differ from the page background, whatever their colour. */
async function silhouette(page, cdp, node) {
  const box = await boxOf(cdp, node.backendDOMNodeId);
  const { data } = await pixels(page, { x: Math.round(box.x), y: Math.round(box.y), width: 20, height: 20 });
  const bits = [];
  for (let i = 0; i < data.length; i += 4) bits.push(data[i] + data[i + 1] + data[i + 2] < 600 ? 1 : 0);
  return bits;
}

test('verdicts differ in badge shape and name, not only in colour', async () => {
  const page = await open('/marks-verdicts.html');
  await waitFor(async () => (await badges(page)).length >= 3, 'three badges');
  const list = await badges(page);
  const names = list.map((b) => b.name.value);
  assert.deepEqual(new Set(names).size, 3, JSON.stringify(names));
  assert.ok(names.some((n) => /false/.test(n)) && names.some((n) => /misleading/.test(n)) && names.some((n) => /unproven/.test(n)), JSON.stringify(names));
  const shapes = [];
  for (const b of list) shapes.push(await silhouette(page, list.cdp, b));
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      const diff = shapes[i].reduce((n, v, k) => n + (v !== shapes[j][k] ? 1 : 0), 0);
      assert.ok(diff > 20, `${names[i]} and ${names[j]} look alike without colour (${diff} pixels differ)`);
    }
  }
  // No badge covers a glyph: its box meets no text's box on the page.
  for (const b of list) {
    const box = await boxOf(list.cdp, b.backendDOMNodeId);
    const hit = await page.evaluate((k) => {
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let t = w.nextNode(); t; t = w.nextNode()) {
        if (!t.data.trim()) continue;
        const r = document.createRange();
        for (let i = 0; i < t.data.length; i++) {
          if (/\s/.test(t.data[i])) continue;
          r.setStart(t, i);
          r.setEnd(t, i + 1);
          for (const c of r.getClientRects()) {
            if (c.right > k.x + 0.5 && c.left < k.x + k.width - 0.5 && c.bottom > k.y + 0.5 && c.top < k.y + k.height - 0.5) return t.data[i];
          }
        }
      }
      return null;
    }, box);
    assert.equal(hit, null, `the badge "${b.name.value}" covers the letter "${hit}"`);
  }
  // Their highlights differ in line style too (solid, wavy, double).
  const styles = await page.evaluate(() => ['warn', 'misleading', 'unproven'].map((k) => getComputedStyle(document.body, `::highlight(rumorguard-${k})`).textDecorationStyle));
  assert.equal(new Set(styles).size, 3, JSON.stringify(styles));
  await page.screenshot({ path: path.join(artifacts, 'marks-verdicts.png') });
  await page.close();
});

test('warning and quiet marks have distinct accessible names', async () => {
  const page = await open('/marks-light.html');
  await waitFor(async () => (await badges(page)).length >= 2, 'two badges');
  const names = (await badges(page)).map((b) => b.name.value);
  assert.ok(names.includes(WARN_NAME), JSON.stringify(names));
  assert.ok(names.includes(QUIET_NAME), JSON.stringify(names));
  await page.close();
});

/** The note's dialog box in the viewport, from the accessibility tree. */
async function dialogBox(page) {
  const { cdp, nodes } = await ax(page);
  const d = nodes.find((n) => n.role?.value === 'dialog');
  return d && boxOf(cdp, d.backendDOMNodeId);
}

for (const [w, h] of [[360, 640], [390, 844]]) {
  test(`the note fits a ${w}×${h} viewport, above or below its badge, and never lengthens the page`, async () => {
    const page = await open('/marks-below.html', { width: w, height: h });
    await page.waitForTimeout(1500);
    for (const where of ['top', 'bottom']) {
      // The badge near the top of the window, then near its bottom (the note must flip above).
      await page.evaluate((at) => {
        const el = document.getElementById('below');
        const r = el.getBoundingClientRect();
        scrollTo(0, scrollY + r.bottom - (at === 'top' ? 80 : innerHeight - 20));
      }, where);
      await waitFor(async () => (await badges(page)).length, 'the badge');
      const before = await page.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]);
      const badge = await clickBadge(page, WARN_NAME);
      const box = await waitFor(() => dialogBox(page), 'the note');
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= w && box.y + box.height <= h,
        `the note (${JSON.stringify(box)}) is outside the ${w}×${h} viewport (badge at ${where})`);
      assert.ok(box.y >= badge.y + badge.height || box.y + box.height <= badge.y, 'the note covers its own badge');
      const mark = await page.locator('#below').boundingBox();
      assert.ok(box.y >= mark.y + mark.height - 1 || box.y + box.height <= mark.y + 1 || mark.height > h / 2, 'the note covers the marked text');
      const afterOpen = await page.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]);
      assert.deepEqual(afterOpen, before, 'opening the note changed the page\'s scroll size');
      if (w === 390 && where === 'bottom') await page.screenshot({ path: path.join(artifacts, 'note-390.png') });
      await page.keyboard.press('Escape');
      await waitFor(async () => !(await dialogBox(page)), 'the note to close');
    }
    await page.close();
  });
}

// --- contrast, from rendered colours -----------------------------------------

const lum = ([r, g, b]) => {
  const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const contrast = (a, b) => {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const rgb = (s) => {
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(s);
  return m && { c: [+m[1], +m[2], +m[3]], a: m[4] === undefined ? 1 : +m[4] };
};

/** Computed styles of every element in closed shadow roots, via CDP (DOM pierced). */
async function shadowStyles(page, classes) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root: doc } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const found = [];
  const walk = (n, parents) => {
    const attrs = {};
    for (let i = 0; i < (n.attributes || []).length; i += 2) attrs[n.attributes[i]] = n.attributes[i + 1];
    const chain = [n, ...parents];
    const cls = ` ${attrs.class || ''} `;
    for (const c of classes) if (cls.includes(` ${c} `)) found.push({ c, n, chain });
    for (const k of [...(n.children || []), ...(n.shadowRoots || [])]) walk(k, chain);
  };
  walk(doc, []);
  const style = async (n) => Object.fromEntries((await cdp.send('CSS.getComputedStyleForNode', { nodeId: n.nodeId })).computedStyle.map((p) => [p.name, p.value]));
  const out = [];
  for (const { c, n, chain } of found) {
    const own = await style(n);
    let bg = null;
    for (const a of chain) { // the first opaque background up the tree, shadow hosts included
      if (a.nodeType !== 1) continue;
      const b = rgb((await style(a))['background-color']);
      if (b && b.a > 0.5) { bg = b.c; break; }
    }
    out.push({ c, color: rgb(own.color).c, bg, own });
  }
  return out;
}

for (const dark of [false, true]) {
  const name = dark ? 'dark' : 'light';
  test(`contrast on a ${name} site: marks and note text are at least 4.5:1 as rendered`, async () => {
    const page = await open(`/marks-${name}.html`);
    await waitFor(async () => (await badges(page)).length >= 2, 'two badges');
    const pageBg = rgb(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).c;
    const checks = [];
    // The highlights: forced text on forced background, the underline on it; the quiet underline on the page.
    const hl = await page.evaluate((suffix) => {
      const s = getComputedStyle(document.getElementById('warn'), `::highlight(rumorguard-warn${suffix})`);
      const q = getComputedStyle(document.getElementById('quiet'), `::highlight(rumorguard-quiet${suffix})`);
      return { bg: s.backgroundColor, color: s.color, line: s.textDecorationColor, quiet: q.textDecorationColor };
    }, dark ? '-dark' : '');
    checks.push(['warning highlight text', rgb(hl.color).c, rgb(hl.bg).c]);
    checks.push(['warning underline', rgb(hl.line).c, rgb(hl.bg).c]);
    checks.push(['quiet underline on the page', rgb(hl.quiet).c, pageBg]);
    // And it is what is painted: the highlight background shows in the screenshot.
    assert.ok(await painted(page, '#warn', dark ? WARN_BG_DARK : WARN_BG) > PAINTED, 'the warning highlight is painted');
    // The badges: glyph on shape; the shape on the page.
    for (const s of await shadowStyles(page, ['rg-shape'])) {
      checks.push([`badge glyph (${s.c})`, s.color, rgb(s.own['background-color']).c]);
      const fill = rgb(s.own['background-color']).c;
      const edge = rgb(s.own['border-top-color']);
      const outline = s.own['border-top-width'] !== '0px' && edge ? edge.c : fill;
      checks.push([`badge against the page (${s.c})`, outline, pageBg]);
    }
    // The note.
    await clickBadge(page, WARN_NAME);
    await waitFor(() => dialogBox(page), 'the note');
    await page.evaluate(() => 0);
    const cdpAx = await ax(page);
    const why = cdpAx.nodes.find((n) => n.role?.value === 'DisclosureTriangle' || (n.role?.value === 'group' && /Why am I/.test(n.name?.value)));
    if (why) {
      const b = await boxOf(cdpAx.cdp, why.backendDOMNodeId);
      await page.mouse.click(b.x + 10, b.y + b.height / 2); // open "Why am I seeing this?" too
    }
    const classes = ['rg-verdict', 'rg-kind', 'rg-h', 'rg-summary', 'rg-claim', 'rg-label', 'rg-title', 'rg-link', 'rg-why', 'rg-matched', 'close', 'dismiss', 'not-a-match'];
    const styles = await shadowStyles(page, classes);
    for (const c of classes) assert.ok(styles.some((s) => s.c === c), `no .${c} in the note`);
    for (const s of styles) checks.push([`note .${s.c}`, s.color, s.bg]);
    const failures = checks.filter(([, a, b]) => !a || !b || contrast(a, b) < 4.5).map(([what, a, b]) => `${what}: ${a} on ${b} = ${a && b ? contrast(a, b).toFixed(2) : '?'}`);
    assert.deepEqual(failures, [], 'below 4.5:1');
    await page.screenshot({ path: path.join(artifacts, `note-${name}.png`) });
    await page.close();
  });
}

test('links in the note: fact-checks open as http(s) links with the publisher named', async () => {
  const page = await open('/viral.html');
  await waitFor(async () => (await badges(page)).length, 'a badge');
  await clickBadge(page, WARN_NAME);
  const { nodes } = await ax(page);
  const links = nodes.filter((n) => n.role?.value === 'link');
  assert.ok(links.some((n) => /^Lifehacker/.test(n.name?.value || '')), JSON.stringify(links.map((n) => n.name?.value)));
  const text = nodes.map((n) => String(n.name?.value || '')).join('\n');
  assert.match(text, /Fact-checked by/);
  assert.match(text, /Claim:/);
  assert.ok(text.indexOf('What\'s true') < text.indexOf('Claim:'), 'what is true comes before the claim');
  assert.match(text, new RegExp(`“From 16 December 2025 Meta will feed every private message`));
  assert.ok(VIRAL);
  await page.close();
});

test('the shared note renderer: list text stays text, only http(s) URLs become links (as the popup uses it)', async () => {
  const page = await ctx.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: path.join(ext, 'note', 'note.js') });
  const out = await page.evaluate(() => {
    const hostile = '<img src=x onerror="window.pwned=1">';
    const model = {
      verdict: 'misleading', debunkPage: false, tier: 2, score: 0.9, text: hostile, lang: 'en',
      rumors: [
        { id: 'a', family: 'f', claim: `Claim ${hostile}`, summary: `Summary ${hostile}`,
          sources: [{ url: 'javascript:alert(1)', publisher: 'Bad <b>link</b>', date: '2025-12-05', title: 'T' },
            { url: 'https://example.org/check', publisher: 'Good', date: '2025-12-05', title: 'A check' }] },
        { id: 'b', family: 'f', claim: 'A sibling version', summary: '', sources: [] },
        { id: 'c', family: 'g', verdict: 'false', claim: 'Another rumor', summary: '', sources: [{ url: 'http://example.org/c', publisher: 'C' }] },
      ],
    };
    const msg = (key, ...subs) => `${key}${subs.length ? `(${subs.join('|')})` : ''}`;
    document.head.append(RumorguardNote.style(document));
    const el = RumorguardNote.render(document, model, { context: 'popup', msg });
    document.body.append(el);
    return {
      imgs: document.querySelectorAll('img, b').length,
      links: [...el.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      text: el.textContent,
      order: [...el.children].map((c) => c.className),
      label: RumorguardNote.labelOf(el) === el.querySelector('header').id,
      pwned: !!window.pwned,
    };
  });
  assert.equal(out.imgs, 0, 'markup in list text became elements');
  assert.equal(out.pwned, false);
  assert.deepEqual(out.links, ['https://example.org/check', 'http://example.org/c']);
  assert.match(out.text, /Claim <img src=x/);
  assert.match(out.text, /noteFactCheckedBy\(Bad <b>link<\/b>\|Dec 5, 2025\)/, 'the publisher sits inside the translated sentence');
  assert.match(out.text, /noteOtherVersions“A sibling version”/);
  assert.match(out.text, /noteAlsoMatchesverdict_false: “Another rumor”/);
  assert.equal(out.text.split('<img').length - 1, 2, 'claim and summary only: the popup leaves out the matched page text');
  assert.deepEqual(out.order.slice(0, 4), ['rg-rating', 'rg-h', 'rg-summary', 'rg-claim'], 'rating, what is true, then the claim');
  assert.ok(out.label);
  await page.close();
});

/** Clicks the button a person would, found by its accessible name (closed shadow roots included). */
async function clickButton(page, name) {
  const { cdp, nodes } = await ax(page);
  const b = nodes.find((n) => n.role?.value === 'button' && n.name?.value === name && !n.ignored);
  assert.ok(b, `no button named "${name}" (${JSON.stringify(nodes.filter((n) => n.role?.value === 'button').map((n) => n.name?.value))})`);
  const box = await boxOf(cdp, b.backendDOMNodeId);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

test('"not a match" in the note asks once, thanks, and undo brings the mark back', async () => {
  const page = await open('/marks-light.html');
  await waitFor(async () => (await badges(page)).some((b) => b.name.value === WARN_NAME), 'the warning badge');
  await clickBadge(page, WARN_NAME);
  await clickButton(page, 'Not a match');
  // Asked first: nothing is hidden yet.
  const asked = (await ax(page)).nodes.map((n) => String(n.name?.value || '')).join('\n');
  assert.match(asked, /Not about this rumor\? Rumorguard will stop marking it on 127\.0\.0\.1/);
  await assertMarked(page, '#warn', 'before the answer');
  await clickButton(page, 'Yes, not a match');
  await waitFor(async () => !(await badges(page)).some((b) => b.name.value === WARN_NAME), 'the mark to go');
  const thanked = (await ax(page)).nodes.map((n) => String(n.name?.value || '')).join('\n');
  assert.match(thanked, /Thanks: this match will not be shown again on this site\./);
  await assertUnmarked(page, '#warn', 'after "not a match"');
  await clickButton(page, 'Undo');
  await waitFor(async () => (await badges(page)).some((b) => b.name.value === WARN_NAME), 'the mark to come back');
  await page.waitForTimeout(500);
  await assertMarked(page, '#warn', 'after undo');
  await page.close();
});
