// The fact-check note, drawn the same way wherever Rumorguard shows it: over
// the page (content script) and in the popup. One renderer, so the two can
// no longer drift apart.
//
// Loading: a plain script that sets globalThis.RumorguardNote, because MV3
// content scripts cannot be ES modules. The manifest lists it before
// content/overlay.js; a page or module loads it with
// <script src="../note/note.js"> or `import '../note/note.js'` (importing it
// runs it, which defines the global; it exports nothing).
//
// API
//   RumorguardNote.render(doc, model, {context, msg, theme}) -> HTMLElement
//     doc      the Document to create elements in.
//     model    {verdict, rumors, debunkPage, tier, score, text, lang}
//              verdict     'false' | 'misleading' | 'missing-context' | 'unproven' | 'true':
//                          the rating shown first (the best rumor's).
//              rumors      [{id, claim, summary, sources: [{url, publisher, date, title}], family,
//                          verdict?}], best first. rumors[0] is the note; rumors of its family are
//                          listed as other versions of it, the rest as other rumors in the same text
//                          (each with its own verdict, defaulting to model.verdict).
//              debunkPage  true when the page fact-checks the rumor (a quiet note, no warning).
//              factCheckPage  true when the whole page was decided a fact-check (the note says
//                          so); a quiet mark without it is a passage that quotes the rumor to debunk it.
//              tier        2 matches, 1 resembles. score 0..1. text: the page text that matched.
//              lang        BCP 47 language of claim and summary (sets lang= and date formatting).
//     options  context  'overlay' | 'popup' (the popup leaves out the quoted page text).
//              msg      (key, ...substitutions) => string; defaults to chrome.i18n.getMessage.
//              theme    'light' | 'dark' | 'auto' (default: follows prefers-color-scheme).
//     Returns an <article class="rg-note"> whose first child is the rating, labelled by
//     RumorguardNote.labelOf(element) (an id, for aria-labelledby). Insert RumorguardNote.css
//     once in the same document or shadow root (RumorguardNote.style(doc) makes the <style>).
//   RumorguardNote.kind(model) -> 'warn' | 'debunk' | 'resembles': which note and mark to show.
//   RumorguardNote.SHAPES: the glyph of each verdict's shape, shared with the marks' badges.
//
// What it never does: list text and page text are set only as textContent,
// never parsed as HTML; only http(s) URLs become links.
(() => {
  const defaultMsg = (key, ...subs) => globalThis.chrome?.i18n?.getMessage(key, subs.map(String)) || key;

  // Each verdict has its own shape and glyph, so the rating reads without colour.
  const SHAPES = { false: '✕', misleading: '!', 'missing-context': '…', unproven: '?', true: '✓', quiet: 'i' };

  // Colours chosen for WCAG AA (4.5:1) against their own backgrounds, on light and dark themes;
  // scripts/e2e/marks.test.mjs measures them as rendered.
  const css = `
.rg-note { box-sizing: border-box; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; text-align: left;
  color: #101828; background: #fff; letter-spacing: normal; text-transform: none; white-space: normal; word-break: normal; overflow-wrap: anywhere; }
.rg-note * { box-sizing: border-box; }
.rg-note p, .rg-note ul, .rg-note h3 { margin: 0; }
.rg-rating { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; padding-right: 28px; }
.rg-verdict { font-weight: 700; font-size: 17px; }
.rg-kind { font-size: 13px; color: #475467; }
.rg-note .rg-h { font-size: 13px; font-weight: 700; color: #344054; margin: 12px 0 2px; }
.rg-summary { font-size: 15px; }
.rg-note .rg-claim { margin-top: 10px; padding: 6px 8px; border-left: 3px solid #98a2b3; background: #f2f4f7; color: #344054; }
.rg-label { font-weight: 700; }
.rg-note .rg-sources { list-style: none; padding: 0; margin-top: 10px; font-size: 13px; }
.rg-sources li + li { margin-top: 4px; }
.rg-title { display: block; color: #475467; }
.rg-note .rg-others { list-style: none; padding: 0; font-size: 13px; }
.rg-note .rg-others li { margin-top: 4px; }
.rg-note .rg-why { margin-top: 10px; font-size: 13px; color: #475467; }
.rg-why summary { cursor: pointer; }
.rg-note .rg-why blockquote { margin: 6px 0 0; padding-left: 8px; border-left: 3px solid #d0d5dd; }
.rg-note .rg-why p { margin-top: 6px; }
.rg-note a { color: #175cd3; }
.rg-note a:focus-visible, .rg-note summary:focus-visible { outline: 3px solid #2e90fa; outline-offset: 1px; }
.rg-shape { display: inline-grid; place-items: center; flex: none; width: 22px; height: 22px; font: 700 13px/1 system-ui, sans-serif; color: #fff; background: #b42318; }
.rg-shape.rg-v-false { clip-path: polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%); }
.rg-shape.rg-v-misleading { background: #b54708; clip-path: polygon(50% 0, 100% 50%, 50% 100%, 0 50%); }
.rg-shape.rg-v-missing-context { background: #6941c6; border-radius: 3px; }
.rg-shape.rg-v-unproven { background: #475467; border-radius: 50%; }
.rg-shape.rg-v-true { background: #067647; border-radius: 50%; }
.rg-shape.rg-v-quiet { background: #fff; color: #475467; border: 2px solid #475467; border-radius: 50%; }
.rg-dark.rg-note, .rg-dark .rg-note { color: #f2f4f7; background: #1d2939; }
.rg-dark .rg-kind, .rg-dark .rg-title, .rg-dark .rg-why { color: #d0d5dd; }
.rg-dark .rg-h { color: #eaecf0; }
.rg-dark .rg-claim { background: #344054; color: #f2f4f7; border-left-color: #98a2b3; }
.rg-dark a { color: #84caff; }
.rg-dark .rg-shape { color: #101828; background: #fda29b; }
.rg-dark .rg-shape.rg-v-misleading { background: #fec84b; }
.rg-dark .rg-shape.rg-v-missing-context { background: #d6bbfb; }
.rg-dark .rg-shape.rg-v-unproven { background: #d0d5dd; }
.rg-dark .rg-shape.rg-v-true { background: #75e0a7; }
.rg-dark .rg-shape.rg-v-quiet { background: #1d2939; color: #d0d5dd; border-color: #d0d5dd; }
@media (prefers-color-scheme: dark) {
  .rg-auto.rg-note { color: #f2f4f7; background: #1d2939; }
  .rg-auto .rg-kind, .rg-auto .rg-title, .rg-auto .rg-why { color: #d0d5dd; }
  .rg-auto .rg-h { color: #eaecf0; }
  .rg-auto .rg-claim { background: #344054; color: #f2f4f7; }
  .rg-auto a { color: #84caff; }
  .rg-auto .rg-shape { color: #101828; background: #fda29b; }
  .rg-auto .rg-shape.rg-v-misleading { background: #fec84b; }
  .rg-auto .rg-shape.rg-v-missing-context { background: #d6bbfb; }
  .rg-auto .rg-shape.rg-v-unproven { background: #d0d5dd; }
  .rg-auto .rg-shape.rg-v-quiet { background: #1d2939; color: #d0d5dd; border-color: #d0d5dd; }
}
`;

  const verdictKey = (v) => `verdict_${String(v || 'false').replace(/-/g, '_')}`;

  function kind(model) {
    if (model.debunkPage) return 'debunk';
    return model.tier < 2 ? 'resembles' : 'warn';
  }

  /** An http(s) URL as a string, or null: nothing else becomes a link. */
  function safeURL(url) {
    try {
      const u = new URL(url);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch {
      return null;
    }
  }

  /** "5 Dec 2025" for "2025-12-05" in the note's language; other text as given. */
  function formatDate(date, lang) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
    if (!m) return date || '';
    try {
      return new Intl.DateTimeFormat(lang || undefined, { dateStyle: 'medium', timeZone: 'UTC' })
        .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
    } catch {
      return date;
    }
  }

  let serial = 0;
  const MARK = '@@publisher@@';

  function render(doc, model, options = {}) {
    const msg = options.msg || defaultMsg;
    const context = options.context || 'overlay';
    const theme = options.theme || 'auto';
    const el = (tag, cls, text) => {
      const e = doc.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const rumors = model.rumors || [];
    const best = rumors[0] || { claim: '', summary: '', sources: [] };
    const k = kind(model);
    const verdict = model.verdict || best.verdict || 'false';
    const quoted = (s) => `“${s}”`;

    const root = el('article', `rg-note rg-${theme} rg-k-${k}`);
    root.dataset.verdict = verdict;
    root.dataset.context = context;
    if (model.lang) root.lang = model.lang;

    // The rating first: shape, verdict word, and what kind of note this is.
    const rating = el('header', 'rg-rating');
    rating.id = `rg-rating-${++serial}`;
    const shapeKind = k === 'warn' ? verdict : 'quiet';
    const shape = el('span', `rg-shape rg-v-${shapeKind}`, SHAPES[shapeKind] || '!');
    shape.setAttribute('aria-hidden', 'true');
    rating.append(shape, el('span', 'rg-verdict', msg(verdictKey(verdict))),
      el('span', 'rg-kind', msg(k === 'debunk' ? (model.factCheckPage ? 'notePageFactCheck' : 'noteQuotedDebunk') : k === 'resembles' ? 'noteHeadingResembles' : 'noteHeading')));
    root.append(rating);

    // Then what is true, then the claim, labelled as the claim.
    root.append(el('h3', 'rg-h', msg('noteWhatsTrue')), el('p', 'rg-summary', best.summary || ''));
    const claim = el('p', 'rg-claim');
    claim.append(el('span', 'rg-label', msg('noteClaim')), doc.createTextNode(' '), el('span', 'rg-claim-text', quoted(best.claim || '')));
    root.append(claim);

    // Who checked it, when, with a link to their article.
    const sources = el('ul', 'rg-sources');
    for (const s of best.sources || []) {
      const li = el('li');
      const publisher = s.publisher || s.title || '';
      const href = safeURL(s.url);
      const who = href ? el('a', 'rg-link', publisher) : el('span', '', publisher);
      if (href) {
        who.href = href;
        who.target = '_blank';
        who.rel = 'noopener noreferrer';
      }
      // The publisher is a link inside a translated sentence: split the sentence at a marker.
      const line = s.date ? msg('noteFactCheckedBy', MARK, formatDate(s.date, model.lang)) : msg('noteFactCheckedByUndated', MARK);
      const [before, after = ''] = line.includes(MARK) ? line.split(MARK) : [`${line} `, ''];
      li.append(doc.createTextNode(before), who, doc.createTextNode(after));
      if (s.title && s.title !== publisher) li.append(el('span', 'rg-title', s.title));
      sources.append(li);
    }
    root.append(sources);

    // Versions of the same hoax are one note; other rumors in the same text are listed.
    const family = rumors.filter((r, i) => i > 0 && r.family && r.family === best.family);
    const others = rumors.filter((r, i) => i > 0 && !(r.family && r.family === best.family));
    if (family.length) {
      root.append(el('h3', 'rg-h', msg('noteOtherVersions')));
      const ul = el('ul', 'rg-others rg-family');
      for (const r of family) ul.append(el('li', '', quoted(r.claim || '')));
      root.append(ul);
    }
    if (others.length) {
      root.append(el('h3', 'rg-h', msg('noteAlsoMatches')));
      const ul = el('ul', 'rg-others rg-also');
      for (const r of others) {
        const li = el('li');
        li.append(el('strong', '', `${msg(verdictKey(r.verdict || verdict))}: `), doc.createTextNode(quoted(r.claim || '')));
        const s = (r.sources || [])[0];
        const href = s && safeURL(s.url);
        if (href) {
          const a = el('a', 'rg-link', s.publisher || s.title || href);
          a.href = href;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          li.append(doc.createTextNode(' — '), a);
        }
        ul.append(li);
      }
      root.append(ul);
    }

    // Why am I seeing this: what matched and where the check ran.
    const why = el('details', 'rg-why');
    why.append(el('summary', '', msg('noteWhy')));
    if (context === 'overlay' && model.text) why.append(el('blockquote', 'rg-matched', model.text));
    const score = Number(model.score || 0).toFixed(2);
    why.append(el('p', '', k === 'debunk' ? msg('noteWhyDebunk') : k === 'resembles' ? msg('noteWhyResembles', score) : msg('noteWhyText', score)));
    root.append(why);
    return root;
  }

  function style(doc) {
    const s = doc.createElement('style');
    s.textContent = css;
    return s;
  }

  globalThis.RumorguardNote = Object.freeze({
    render, kind, style, css, SHAPES, formatDate, safeURL,
    labelOf: (element) => element.querySelector('.rg-rating')?.id || '',
  });
})();
