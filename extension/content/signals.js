// Reads how a page frames what it quotes, for the core's fact-check
// decision (wasm/framing): title, Open Graph and article metadata, JSON-LD
// and microdata types (ClaimReview), the kicker, headline and lead, sub-
// headings, rating boxes, and around each match its section (the text
// before and after it, the previous block, a blockquote). It only reads the
// page; what it collects goes to the extension's own background, never
// anywhere else, and is plain text (textContent), never HTML.
(() => {
  const RG = (globalThis.RumorguardContent ||= {});

  const LEAD_CHARS = 600;
  const BODY_CHARS = 20000;
  const FIELD_CHARS = 2000;
  const TEXT_BLOCKS = 'p, li, blockquote, dd, dt, h2, h3, h4, figcaption, pre, td, th';
  const SKIP = 'nav, footer, aside, header nav, script, style, noscript, template, rumorguard-overlay';
  const KICKER = '[class*="kicker" i], [class*="eyebrow" i], [class*="overline" i], [class*="dachzeile" i], [class*="rubric" i], [class*="label" i], [class*="category" i]';

  const clean = (s) => String(s || '').replace(/\s+/g, ' ').trim();
  const cap = (s, n = FIELD_CHARS) => (s.length > n ? s.slice(0, n) : s);
  const metaContent = (sel) => [...document.querySelectorAll(sel)].map((m) => clean(m.content)).filter(Boolean);

  /** JSON-LD @type values anywhere in the page's structured data, and microdata itemtypes. */
  function types() {
    const out = new Set();
    const walk = (v, depth) => {
      if (depth > 8 || out.size > 100 || !v || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        for (const x of v.slice(0, 200)) walk(x, depth + 1);
        return;
      }
      for (const t of [].concat(v['@type'] || [])) if (typeof t === 'string') out.add(t);
      for (const [k, x] of Object.entries(v)) if (k !== '@type') walk(x, depth + 1);
    };
    for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
      try {
        walk(JSON.parse(s.textContent), 0);
      } catch { /* a page's broken markup is no signal */ }
    }
    for (const e of document.querySelectorAll('[itemtype]')) {
      for (const t of e.getAttribute('itemtype').split(/\s+/)) if (t) out.add(t.split('/').pop());
    }
    return [...out].slice(0, 100);
  }

  const visibleText = (e) => !e.closest(SKIP) && clean(e.textContent);
  // Whether e has visible text, without building its cleaned copy: the same
  // answer as visibleText's, for a fraction of the time on a long page.
  const hasText = (e) => !e.closest(SKIP) && /\S/.test(e.textContent);

  /**
   * clean(s) if it is at most n characters long, else null. Cleaning a
   * longer string never gives a shorter result, so a cleaned prefix longer
   * than n settles it without cleaning the rest: the rating-box scan reads
   * every paragraph, and most are far longer than a label.
   */
  function cleanUpTo(s, n) {
    if (s.length > 2 * n && clean(s.slice(0, 2 * n)).length > n) return null;
    const t = clean(s);
    return t.length > n ? null : t;
  }

  /** The label of a rating-box line: "Our rating: False" -> "Our rating"; a short line alone ("Bewertung"). */
  function ratingLabels() {
    const out = [];
    let seen = 0;
    for (const e of document.querySelectorAll('dt, th, p, li, div, span, strong, b, h3, h4')) {
      if (out.length >= 200 || ++seen > 5000) break;
      if (e.children.length > 3 || e.closest(SKIP)) continue;
      const t = cleanUpTo(e.textContent, 200);
      if (!t) continue;
      const i = t.indexOf(':');
      if (i > 0 && i <= 24) out.push(t.slice(0, i));
      else if (t.length <= 24) out.push(t);
    }
    return out;
  }

  /** The short label above the headline: a kicker element, or the block just before the h1. */
  function kicker(h1) {
    // The nearest labelled element before the headline (the first one when
    // there is no h1): a site's navigation labels come earlier.
    let best = '';
    for (const e of document.querySelectorAll(KICKER)) {
      if (h1 && !(e.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      const t = e.children.length <= 3 && visibleText(e);
      if (t && t.length <= 60) {
        best = t;
        if (!h1) break;
      }
    }
    if (best) return best;
    let e = h1?.previousElementSibling;
    while (e && !clean(e.textContent)) e = e.previousElementSibling;
    const t = e ? clean(e.textContent) : '';
    return t.length <= 60 ? t : '';
  }

  /** The page's signals, collected once when the scan starts. */
  function page() {
    const h1 = [...document.querySelectorAll('h1')].find((h) => visibleText(h));
    const blocks = [...document.querySelectorAll(TEXT_BLOCKS)].filter((e) => !e.querySelector(TEXT_BLOCKS) && hasText(e));
    const after = h1 ? blocks.filter((e) => h1.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING) : blocks;
    const lead = [];
    let n = 0;
    for (const e of after) {
      if (n >= LEAD_CHARS || /^H[2-4]$/.test(e.tagName)) break;
      const t = clean(e.textContent);
      lead.push(t);
      n += t.length;
    }
    let body = '';
    for (const e of after) {
      if (body.length >= BODY_CHARS) break;
      body += `${clean(e.textContent)}\n`;
    }
    return {
      url: location.href,
      lang: (document.documentElement.lang || '').split('-')[0].toLowerCase(),
      title: cap(clean(document.title) || metaContent('meta[property="og:title"]')[0] || ''),
      kicker: kicker(h1),
      headline: cap(h1 ? clean(h1.textContent) : ''),
      lead: cap(lead.join('\n')),
      headings: cap([...document.querySelectorAll('h2, h3')].map(visibleText).filter(Boolean).join('\n')),
      body: body.slice(0, BODY_CHARS),
      meta: metaContent('meta[property="og:type"], meta[property="article:section"], meta[property="article:tag"], meta[name="keywords"], meta[name="news_keywords"]').slice(0, 50),
      types: types(),
      rating: ratingLabels(),
    };
  }

  const BLOCK_TAGS = /^(P|LI|H[1-6]|BLOCKQUOTE|DD|DT|TD|TH|FIGCAPTION|PRE|DIV|ARTICLE|SECTION)$/;

  /** The text of the block before el in document order (not one of its ancestors). */
  function previousBlock(el) {
    const w = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_ELEMENT);
    w.currentNode = el;
    for (let i = 0, n = w.previousNode(); n && i < 400; i++, n = w.previousNode()) {
      if (n.contains(el) || !BLOCK_TAGS.test(n.tagName) || n.closest(SKIP)) continue;
      const t = clean(n.textContent);
      if (t) return t.slice(-400);
    }
    return '';
  }

  /**
   * A match's section: the text of its block before and after it (start
   * and end are offsets in block.text), the previous block, and whether it
   * sits in a blockquote or q element.
   */
  function section(block, range, start, end) {
    const before = block.text.slice(0, start);
    const node = range?.startContainer;
    const el = node?.nodeType === Node.ELEMENT_NODE ? node : node?.parentElement;
    return {
      prev: previousBlock(block.el),
      before: before.slice(-1500),
      whole: before.length <= 1500,
      after: block.text.slice(end, end + 400),
      quoteElement: !!el?.closest('blockquote, q'),
    };
  }

  RG.signals = { page, section };
})();
