// Fact-check pages get the quiet mark, pages that spread a rumor get the
// warning: real pages from the TEST split of the framing corpus
// (wasm/framing/testdata/pages; no rule or weight was tuned on them), in a
// real Chromium (Debian's, playwright-core, headless) with the extension
// loaded unpacked, and two of them in Firefox ESR (puppeteer-core).
//
// A stored page is text without markup, so the test serves it as minimal
// HTML: its first line as the h1, every other line as a p, its title as
// <title>, its lang as <html lang>, and its other metadata (url, label,
// split) as meta tags that content/signals.js does not read (only og:type,
// article:section/tag and keywords feed the decision). The page's address
// is 127.0.0.1, so no fact-checker domain helps.
//
// The bundled list does not carry these pages' wording in German, Spanish,
// French, Italian or Dutch yet, so the test builds its own signed list: the
// bundled sources (scripts/lists/default) plus, as a phrase of the rumor each
// page quotes, the page's own statement of it (the fixture's `quote`), signed
// with the development key scripts/build pins. What is under test is the
// framing, not the matcher. Run after scripts/build:
//   node --test scripts/e2e/factcheck.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { root } from './fixtures.mjs';
import { contentStats, launch, openPopup, serve } from './chromium.mjs';

const corpus = path.join(root, 'wasm', 'framing', 'testdata', 'pages');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rumorguard-factcheck-'));
const artifacts = path.join(root, 'test-artifacts');

// Fact-check pages of the test split in six languages, each decided a
// fact-check as a whole page (rumorctl eval lists them).
const FACTCHECK = [
  'factcheck/de-mimikama-at-66902d.txt',
  'factcheck/en-thebimztheory-blogspot-com-3b7771.txt',
  'factcheck/es-vanguardia-com-0d163e.txt',
  'factcheck/fr-defacto-observatoire-fr-7f0dd5.txt',
  'factcheck/it-tech-fanpage-it-b5069c.txt',
  'factcheck/nl-datanews-knack-be-97d4d2.txt',
];
// Spreading pages of the test split. Two carry a stray debunk word: the
// Berlin school letter calls the message a "Kettenbrief" (chain letter) right
// after the quote, and the Indian police advisory's lead says "no such case";
// neither may silence the warning.
const SPREADING = [
  'spreading/de-berliner-zeitung-de-38b3ab.txt',
  'spreading/en-newindianexpress-com-040b9b.txt',
  'spreading/it-mammeaspillo-it-610923.txt',
  'spreading/nl-nu-nl-a84261.txt',
];
const STRAY = { 'spreading/de-berliner-zeitung-de-38b3ab.txt': /Kettenbrief/, 'spreading/en-newindianexpress-com-040b9b.txt': /no such case/ };

const FACT_CHECK_NOTE = 'This page is a fact-check of a known rumor';

/** A corpus fixture: "key: value" lines, "---", the text (wasm/framing/corpus.go reads the same). */
function fixture(rel) {
  const raw = fs.readFileSync(path.join(corpus, rel), 'utf8');
  const cut = raw.indexOf('\n---\n');
  const f = { rel, text: raw.slice(cut + 5).replace(/\n$/, '') };
  for (const line of raw.slice(0, cut).split('\n')) {
    const i = line.indexOf(': ');
    f[line.slice(0, i)] = line.slice(i + 2);
  }
  f.quote = f.quote.replace(/\\n/g, '\n');
  return f;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function html(f) {
  const lines = f.text.split('\n').map((l) => l.trim()).filter(Boolean);
  const meta = ['url', 'label', 'split', 'rumor'].map((k) => `<meta name="fixture-${k}" content="${esc(f[k])}">`).join('');
  return `<!doctype html><html lang="${esc(f.lang)}"><head><meta charset="utf-8"><title>${esc(f.title || lines[0])}</title>${meta}</head>
<body><h1>${esc(lines[0])}</h1>\n${lines.slice(1).map((l) => `<p>${esc(l)}</p>`).join('\n')}</body></html>`;
}

/** The bundled list sources plus each page's quote as a phrase of its rumor, built and signed; returns an extension copy carrying it. */
function extensionWithList(fixtures) {
  const src = path.join(tmp, 'lists');
  fs.cpSync(path.join(root, 'scripts', 'lists', 'default'), src, { recursive: true });
  const listYaml = path.join(src, 'list.yaml');
  fs.writeFileSync(listYaml, fs.readFileSync(listYaml, 'utf8').replace(/^languages: .*$/m, 'languages: [en, nl, de, fr, es, it, pt]'));
  for (const f of fixtures) {
    const file = path.join(src, 'rumors', `${f.rumor}.yaml`);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.indexOf('phrases:');
    assert.ok(at >= 0, `${file}: no phrases block`);
    const item = `    - ${JSON.stringify(f.quote.replace(/\s+/g, ' '))}`;
    const lang = lines.findIndex((l, i) => i > at && l === `  ${f.lang}:`);
    if (lang > at && lines.slice(at + 1, lang).every((l) => l.startsWith('  '))) lines.splice(lang + 1, 0, item);
    else lines.splice(at + 1, 0, `  ${f.lang}:`, item);
    fs.writeFileSync(file, lines.join('\n'));
  }
  const key = process.env.RUMORGUARD_PUBLISHER_KEY || path.join(root, '.rumorguard', 'keys', 'publisher.key');
  const run = (...args) => {
    try {
      return execFileSync('go', ['run', './scripts/rumorctl', ...args], { cwd: root, stdio: 'pipe' });
    } catch (e) {
      throw new Error(`rumorctl ${args[0]}: ${e.stderr}`);
    }
  };
  run('build', '-out', path.join(tmp, 'list.msgp'), src);
  run('sign', '-key', key, '-in', path.join(tmp, 'list.msgp'), '-out', path.join(tmp, 'list.rgl'));
  const ext = path.join(tmp, 'extension');
  fs.cpSync(path.join(root, 'extension'), ext, { recursive: true });
  fs.copyFileSync(path.join(tmp, 'list.rgl'), path.join(ext, 'lists', 'default.rgl'));
  return ext;
}

let server; let base; let ctx; let ext; let extId;
const served = {};

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  assert.ok(fs.existsSync(path.join(root, 'extension', 'core', 'core.wasm')), 'extension/core/core.wasm missing: run scripts/build');
  const all = [...FACTCHECK, ...SPREADING].map(fixture);
  for (const f of all) {
    assert.equal(f.split, 'test', `${f.rel} is not in the test split`);
    served[`/${path.basename(f.rel, '.txt')}.html`] = html(f);
  }
  ext = extensionWithList(all);
  server = http.createServer((req, res) => {
    const page = served[new URL(req.url, 'http://x').pathname];
    res.statusCode = page ? 200 : 404;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page || 'not found');
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.on('listening', r));
  base = `http://127.0.0.1:${server.address().port}`;
  ctx = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-sandbox', '--disable-gpu',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let [sw] = ctx.serviceWorkers();
  if (!sw) sw = await ctx.waitForEvent('serviceworker');
  extId = new URL(sw.url()).host;
});

after(async () => {
  await ctx?.close();
  server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const pageURL = (rel) => `${base}/${path.basename(rel, '.txt')}.html`;

async function worker() {
  return ctx.serviceWorkers().find((x) => x.url().includes(extId)) || ctx.waitForEvent('serviceworker');
}

/** Waits for the content script to finish its scan (its counters, read over CDP, say so). */
async function scanned(page, context = ctx) {
  const end = Date.now() + 20000;
  while (Date.now() < end) {
    if ((await contentStats(context, page).catch(() => null))?.doneMs) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the scan of ${page.url()} did not finish`);
}

/** What a person sees: the painted highlights, and the badges' accessible names (closed shadow root included, via CDP). */
async function seen(page) {
  const cdp = await ctx.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const badges = nodes.filter((n) => n.role?.value === 'button' && String(n.name?.value || '').startsWith('Rumorguard:'));
  return { ...(await painted(page)), cdp, nodes, badges, names: badges.map((b) => b.name.value) };
}

/**
 * The highlights painted: they are named per verdict and background
 * ("rumorguard-warn", "rumorguard-misleading-dark", "rumorguard-quiet"…),
 * and every one that is not quiet is a warning.
 */
function painted(page) {
  return page.evaluate(() => {
    const out = { warn: 0, quiet: 0 };
    for (const [name, h] of CSS.highlights || []) {
      if (!name.startsWith('rumorguard-')) continue;
      out[name.startsWith('rumorguard-quiet') ? 'quiet' : 'warn'] += h.size;
    }
    return out;
  });
}

async function click(page, cdp, node) {
  const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendDOMNodeId });
  const [x1, y1, , , x3, y3] = model.content;
  await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
}

async function noteText(page, cdp, badge) {
  await click(page, cdp, badge);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  assert.ok(nodes.some((n) => n.role?.value === 'dialog'), 'the badge opens the note');
  return nodes.map((n) => String(n.name?.value || '')).join('\n');
}

for (const rel of FACTCHECK) {
  test(`Chromium: fact-check page ${rel} gets only quiet marks and says it is a fact-check`, async () => {
    const page = await ctx.newPage();
    await page.goto(pageURL(rel));
    await scanned(page);
    const s = await seen(page);
    assert.ok(s.quiet >= 1 && s.badges.length >= 1, `no quiet mark: ${JSON.stringify({ warn: s.warn, quiet: s.quiet, names: s.names })}`);
    assert.equal(s.warn, 0, `a red warning on a fact-check: ${JSON.stringify(s.names)}`);
    for (const n of s.names) assert.match(n, /this page is a fact-check of a known rumor/, n);
    assert.match(await noteText(page, s.cdp, s.badges[0]), new RegExp(FACT_CHECK_NOTE));
    await page.screenshot({ path: path.join(artifacts, `factcheck-${path.basename(rel, '.txt')}.png`) });
    await page.close();
  });
}

for (const rel of SPREADING) {
  test(`Chromium: spreading page ${rel} gets the warning${STRAY[rel] ? ' despite a stray debunk word' : ''}`, async () => {
    const f = fixture(rel);
    if (STRAY[rel]) assert.match(f.text, STRAY[rel], 'the page carries the stray word the test is about');
    const page = await ctx.newPage();
    await page.goto(pageURL(rel));
    await scanned(page);
    const s = await seen(page);
    assert.ok(s.warn >= 1, `no warning: ${JSON.stringify({ warn: s.warn, quiet: s.quiet, names: s.names })}`);
    assert.ok(s.names.every((n) => !/fact-check of a known rumor/.test(n)), JSON.stringify(s.names));
    const warning = s.badges.find((b) => !/fact-check of a known rumor/.test(b.name.value));
    const text = await noteText(page, s.cdp, warning);
    assert.match(text, /Known rumor/);
    assert.doesNotMatch(text, new RegExp(FACT_CHECK_NOTE));
    await page.close();
  });
}

test('Chromium: the popup says the page is a fact-check', async () => {
  const page = await ctx.newPage();
  await page.goto(pageURL(FACTCHECK[1]));
  await scanned(page);
  // The real popup page, opened for this tab as the toolbar button would.
  const popup = await openPopup({ ctx, id: extId, worker }, page);
  await popup.waitForSelector('li.group');
  assert.match(await popup.textContent('li.group .kind'), new RegExp(FACT_CHECK_NOTE));
  await popup.screenshot({ path: path.join(artifacts, 'factcheck-popup.png') });
  await popup.close();
  await page.close();
});

// Firefox: one fact-check page quiet, one spreading page (with its stray
// debunk word) warned, read from the Custom Highlight registry a person sees painted.
test('Firefox: a fact-check page is quiet, a spreading page with a stray debunk word is warned', async () => {
  const FIREFOX = '/usr/bin/firefox-esr';
  assert.ok(fs.existsSync(FIREFOX), 'firefox-esr is not installed: run scripts/setup');
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true,
    extraPrefsFirefox: { 'extensions.originControls.grantByDefault': true },
  });
  try {
    await browser.installExtension(ext);
    // Every highlight that is not quiet is a warning (they are named per verdict and background).
    const PAINTED = `(() => {
      const out = { warn: 0, quiet: 0 };
      for (const [name, h] of CSS.highlights || []) {
        if (name.startsWith('rumorguard-')) out[name.startsWith('rumorguard-quiet') ? 'quiet' : 'warn'] += h.size;
      }
      return out;
    })()`;
    const marks = async (p) => {
      const end = Date.now() + 20000;
      let last;
      while (Date.now() < end) {
        last = await p.evaluate(PAINTED);
        if (last.warn + last.quiet > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await new Promise((r) => setTimeout(r, 1000)); // later batches of the same page
      return p.evaluate(PAINTED);
    };
    const fc = await browser.newPage();
    await fc.goto(pageURL(FACTCHECK[3]));
    const a = await marks(fc);
    assert.ok(a.quiet >= 1 && a.warn === 0, `fact-check page in Firefox: ${JSON.stringify(a)}`);
    const sp = await browser.newPage();
    await sp.goto(pageURL(SPREADING[1]));
    const b = await marks(sp);
    assert.ok(b.warn >= 1, `spreading page in Firefox: ${JSON.stringify(b)}`);
  } finally {
    await browser.close();
  }
});

// Whole pages, the bundled list: every fact-check page of the test split,
// served whole at its own address's path (the slug is the editor's
// headline; the host stays 127.0.0.1, so no fact-checker domain helps), in
// Chromium with the extension as built. Whatever the bundled list finds on a
// page (the rumor's retelling, several versions quoted one after another,
// a chain letter's own "tell all your contacts") may be marked quietly,
// never as a warning; the pages where it finds nothing are counted, not
// asserted.
test('Chromium: whole fact-check pages of the test split, scanned with the bundled list, get no warning', async () => {
  const fixtures = fs.readdirSync(path.join(corpus, 'factcheck')).map((n) => fixture(`factcheck/${n}`)).filter((f) => f.split === 'test');
  const pages = {};
  for (const f of fixtures) {
    const route = new URL(f.url).pathname;
    assert.ok(!pages[route], `two test pages share the path ${route}`);
    pages[route] = html(f);
  }
  const site = await serve(pages);
  const bundled = await launch(); // the extension as built, with its bundled list
  try {
    const marked = [];
    let kept; // the Jayden K. Smith page stays open, to look again later
    for (const route of Object.keys(pages)) {
      const page = await bundled.ctx.newPage();
      await page.goto(site.url + route);
      await scanned(page, bundled.ctx);
      await new Promise((r) => setTimeout(r, 300)); // the framing answers of the last blocks
      const p = await painted(page);
      assert.equal(p.warn, 0, `${route}: ${p.warn} warning(s) on a fact-check page (${p.quiet} quiet)`);
      if (p.quiet) marked.push(route);
      if (/jayden-k-smith/.test(route)) kept = page;
      else await page.close();
    }
    // Not vacuous: the bundled list finds the rumor on many of these pages,
    // the Jayden K. Smith one among them (a chain letter whose quoted text asks
    // to tell all contacts, introduced by "Here's how the warning was worded").
    assert.ok(marked.length >= 8, `only ${marked.length} of ${fixtures.length} pages marked: ${marked.join(', ')}`);
    assert.ok(kept && marked.some((r) => /jayden-k-smith/.test(r)), `the Jayden K. Smith fact-check was not marked: ${marked.join(', ')}`);
    // A while later, after the other pages came and went, its marks are
    // still painted, and still quiet.
    await new Promise((r) => setTimeout(r, 2000));
    const later = await painted(kept);
    assert.ok(later.quiet >= 1 && later.warn === 0, `the Jayden K. Smith page 2 s later: ${JSON.stringify(later)}`);
    console.log(`# whole fact-check pages of the test split: ${marked.length} of ${fixtures.length} marked, all quietly`);
  } finally {
    await bundled.close();
    site.close();
  }
});
