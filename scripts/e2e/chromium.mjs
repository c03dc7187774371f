// Shared by the Chromium tests of the popup, options and store: start the
// extension in Debian's Chromium, serve fixture pages, open the real popup
// page for a tab, and read what a person sees (the accessibility tree).
// Nothing here reaches into the extension's code: tests drive the UI, and
// read extension storage only through the extension's own service worker.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { root } from './fixtures.mjs';

export const ext = path.join(root, 'extension');
export const artifacts = path.join(root, 'test-artifacts');

export function requireBuild() {
  for (const f of ['core/core.wasm', 'lists/default.rgl', 'lists/publishers.pub']) {
    assert.ok(fs.existsSync(path.join(ext, f)), `extension/${f} missing: run scripts/build`);
  }
  fs.mkdirSync(artifacts, { recursive: true });
}

/** Serves pages (path -> html) and routes (path -> (req, res) => void) on 127.0.0.1. */
export async function serve(pages, routes = {}) {
  const requests = [];
  const s = http.createServer((req, res) => {
    requests.push(req.url);
    const u = new URL(req.url, 'http://x');
    const route = Object.entries(routes).find(([p]) => u.pathname.startsWith(p));
    if (route) return route[1](req, res);
    const html = pages[u.pathname];
    res.statusCode = html ? 200 : 404;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(html || 'not found');
  });
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${s.address().port}`, requests, close: () => s.close() };
}

/** A port nothing listens on: a list server that cannot be reached. */
export async function closedPort() {
  const s = http.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

export async function launch({ viewport = { width: 1100, height: 800 }, colorScheme = 'light' } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rumorguard-ui-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, viewport, colorScheme,
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-sandbox', '--disable-gpu',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let [sw] = ctx.serviceWorkers();
  if (!sw) sw = await ctx.waitForEvent('serviceworker');
  const id = new URL(sw.url()).host;
  const worker = async () => ctx.serviceWorkers().find((w) => w.url().includes(id)) || ctx.waitForEvent('serviceworker');
  return { ctx, id, worker, close: () => ctx.close() };
}

/** Changes settings the way the options page stores them (tests set up; they do not reach into code). */
export async function setSettings(b, patch) {
  await (await b.worker()).evaluate(async (p) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings || {}), ...p } });
  }, patch);
}

export async function storage(b, area, key) {
  return (await b.worker()).evaluate(async ([a, k]) => (await chrome.storage[a].get(k))[k], [area, key]);
}

/** The toolbar badge text of the page's tab. */
export async function toolbarBadge(b, page) {
  return (await b.worker()).evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    return chrome.action.getBadgeText({ tabId: tab.id });
  }, page.url());
}

/**
 * Opens the real popup page for the tab showing page, as the browser does
 * when its button is clicked: the popup asks for the active tab of its
 * window, so it is opened in a background tab beside the page (the page
 * stays the active tab while the popup starts), then brought to the front
 * so a person (and a screenshot) can see it.
 */
export async function openPopup(b, page, { width = 380, height = 600 } = {}) {
  await page.bringToFront();
  const w = await b.worker();
  const opened = b.ctx.waitForEvent('page', (p) => p.url().includes('/popup/popup.html'));
  await w.evaluate(async ([id, url]) => {
    const [active] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    await chrome.tabs.create({ url: `chrome-extension://${id}/popup/popup.html`, active: false, windowId: active.windowId, index: active.index + 1 });
  }, [b.id, page.url()]);
  const popup = await opened;
  await popup.waitForSelector('#list-version:not(:empty)');
  await popup.setViewportSize({ width, height });
  await popup.bringToFront();
  return popup;
}

/** The accessibility tree of a page, closed shadow roots included (via CDP). */
export async function axNodes(b, page) {
  const cdp = await b.ctx.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored);
}

export const axText = (nodes) => nodes.map((n) => String(n.name?.value || '')).join('\n');

/** Rumorguard's badges on a page, with their boxes: what a person can see and press. */
export async function badges(b, page) {
  const cdp = await b.ctx.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const out = [];
  for (const n of nodes) {
    if (n.ignored || n.role?.value !== 'button' || !/^Rumorguard:/.test(String(n.name?.value))) continue;
    const box = await cdp.send('DOM.getBoxModel', { backendNodeId: n.backendDOMNodeId }).catch(() => null);
    if (!box) continue; // not rendered
    const [x1, y1, , , x3, y3] = box.model.content;
    out.push({ name: n.name.value, x: (x1 + x3) / 2, y: (y1 + y3) / 2 });
  }
  await cdp.detach();
  return out;
}

/** Number of text ranges Rumorguard highlights on the page (the CSS highlight registry). */
export const highlighted = (page) => page.evaluate(() => {
  // Named per verdict and background: rumorguard-warn, -misleading-dark, -quiet…
  let n = 0;
  for (const [name, h] of CSS.highlights || []) if (name.startsWith('rumorguard-')) n += h.size;
  return n;
});

export async function waitFor(fn, what, ms = 15000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Width and height of a PNG file, from its header. */
export function pngSize(file) {
  const b = fs.readFileSync(file);
  assert.equal(b.toString('ascii', 1, 4), 'PNG', `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * The content script's own counters (RumorguardContent.stats: batches,
 * chars, ms, firstScanMs, doneMs), read from its isolated world in the
 * page's main frame over CDP, as devtools would: the extension has no
 * message for tests.
 */
export async function contentStats(ctx, page) {
  const cdp = await ctx.newCDPSession(page);
  try {
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && c.origin.startsWith('chrome-extension://'));
    if (!world) return null;
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'globalThis.RumorguardContent?.stats', contextId: world.id, returnByValue: true });
    return result.value ?? null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
