// Shared by the Firefox tests: Debian's firefox-esr driven headless by
// puppeteer-core over WebDriver BiDi, the built extension installed as a
// temporary add-on, and fixture pages served on 127.0.0.1. Firefox MV3 treats
// host permissions as opt-in; the pref that grants requested origins at
// install (extensions.originControls.grantByDefault) stands in for a user's
// "allow".
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import puppeteer from 'puppeteer-core';
import { root } from './fixtures.mjs';

const FIREFOX = '/usr/bin/firefox-esr';

/** Serves pages (path -> html) and starts Firefox with the extension: {browser, server, base}. */
export async function startFirefox(pages) {
  assert.ok(fs.existsSync(FIREFOX), 'firefox-esr is not installed: run scripts/setup');
  const server = http.createServer((req, res) => {
    const html = pages[new URL(req.url, 'http://x').pathname];
    res.statusCode = html ? 200 : 404;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(html || 'not found');
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.on('listening', r));
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true,
    extraPrefsFirefox: { 'extensions.originControls.grantByDefault': true },
  });
  await browser.installExtension(path.join(root, 'extension'));
  return { browser, server, base: `http://127.0.0.1:${server.address().port}` };
}
