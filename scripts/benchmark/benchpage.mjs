// What the benchmark's Chromium scripts share: a directory scripts/bench
// wrote (core, wasm_exec.js, key, texts, signed lists) served on 127.0.0.1
// under a blank page that loads wasm_exec.js, a headless Chromium, and the
// directory's lists, smallest first.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Serves dir (and extra: name -> file path, for files from elsewhere) and
 * launches Chromium. Returns {base, browser, lists, close}.
 */
export async function openBench(dir, { title = 'bench', extra = {} } = {}) {
  const page = `<!doctype html><meta charset="utf-8"><script src="wasm_exec.js"></script><body>${title}</body>`;
  const srv = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
    if (name === '') { res.setHeader('Content-Type', 'text/html'); res.end(page); return; }
    const file = extra[name] || path.join(dir, path.basename(name));
    if (!fs.existsSync(file)) { res.statusCode = 404; res.end(); return; }
    res.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : name.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
    res.end(fs.readFileSync(file));
  }).listen(0, '127.0.0.1');
  await new Promise((r) => srv.on('listening', r));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const lists = fs.readdirSync(dir).filter((f) => /^list-\d+\.rgl$/.test(f)).sort((a, b) => parseInt(a.slice(5)) - parseInt(b.slice(5)));
  return {
    base: `http://127.0.0.1:${srv.address().port}/`,
    browser,
    lists,
    close: async () => { await browser.close(); srv.close(); },
  };
}
