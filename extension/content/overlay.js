// Draws what Rumorguard shows on a page: highlights over matched text, a
// small badge after each match, and the fact-check note. Everything drawn
// lives in a closed shadow root on a zero-size, absolutely positioned host,
// so page CSS cannot restyle it, page scripts cannot read it, and the page
// never shifts. Highlights use the CSS Custom Highlight API, which marks
// text without touching the page's DOM; without it, boxes are drawn in the
// shadow root instead. List and page text are only ever set as textContent.
(() => {
  const RG = (globalThis.RumorguardContent ||= {});
  const msg = (key, ...subs) => chrome.i18n.getMessage(key, subs) || key;

  const CSS_TEXT = `
    :host { all: initial !important; }
    .layer { position: absolute; top: 0; left: 0; width: 0; height: 0; }
    button.badge {
      position: absolute; box-sizing: border-box; width: 18px; height: 18px; margin: 0; padding: 0;
      border-radius: 9px; border: 2px solid #fff; cursor: pointer; font: 700 11px/14px system-ui, sans-serif;
      color: #fff; background: #b42318; box-shadow: 0 1px 3px rgba(0,0,0,.35); text-align: center;
    }
    button.badge.quiet { background: #475467; }
    button.badge:focus-visible { outline: 3px solid #2e90fa; outline-offset: 2px; }
    button.badge.flash { animation: flash 1s ease-in-out 2; }
    @keyframes flash { 50% { transform: scale(1.5); } }
    .box { position: absolute; pointer-events: none; border-bottom: 2px solid #b42318; background: rgba(254,228,226,.45); }
    .box.quiet { border-bottom: 2px dotted #667085; background: transparent; }
    .note {
      position: absolute; box-sizing: border-box; width: min(380px, calc(100vw - 16px)); padding: 14px 16px;
      border-radius: 10px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; text-align: left;
      color: #101828; background: #fff; border: 1px solid #d0d5dd; box-shadow: 0 8px 24px rgba(16,24,40,.18);
      white-space: normal; letter-spacing: normal; text-transform: none;
    }
    .note[hidden] { display: none; }
    .head { display: flex; align-items: center; gap: 8px; margin: 0 0 8px; }
    .verdict { font-weight: 700; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; padding: 2px 8px; border-radius: 999px; color: #fff; background: #b42318; }
    .verdict.misleading, .verdict.missing-context { background: #b54708; }
    .verdict.unproven { background: #475467; }
    .verdict.true { background: #067647; }
    .title { font-weight: 600; font-size: 13px; color: #475467; margin: 0; }
    .claim { font-weight: 600; margin: 0 0 8px; }
    h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #475467; margin: 10px 0 4px; }
    p { margin: 0; }
    ul { margin: 0; padding-left: 18px; }
    a { color: #175cd3; }
    details { margin-top: 10px; color: #475467; font-size: 13px; }
    summary { cursor: pointer; }
    blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #d0d5dd; }
    .actions { display: flex; gap: 8px; margin-top: 12px; flex-wrap: wrap; }
    .actions button { font: 13px system-ui, sans-serif; padding: 4px 10px; border-radius: 6px; border: 1px solid #d0d5dd; background: #f9fafb; color: #101828; cursor: pointer; }
    .actions button:focus-visible, a:focus-visible, summary:focus-visible { outline: 3px solid #2e90fa; outline-offset: 1px; }
    .close { margin-left: auto; border: 0; background: none; font-size: 18px; line-height: 1; cursor: pointer; color: #475467; }
    @media (prefers-color-scheme: dark) {
      .note { color: #f2f4f7; background: #1d2939; border-color: #344054; }
      .title, h3, details { color: #98a2b3; }
      a { color: #84caff; }
      .actions button { background: #344054; color: #f2f4f7; border-color: #475467; }
      .close { color: #98a2b3; }
    }
  `;

  let host;
  let shadow;
  let layer;
  let note;
  let sheet;
  let openFor = null;
  const marks = new Map(); // id -> {range, badge, boxes, info}
  const hlWarn = globalThis.Highlight ? new Highlight() : null;
  const hlQuiet = globalThis.Highlight ? new Highlight() : null;

  function el(tag, props = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c) e.append(c);
    return e;
  }

  function ensureHost() {
    if (host?.isConnected) return;
    host = document.createElement('rumorguard-overlay');
    for (const [k, v] of Object.entries({ position: 'absolute', top: '0', left: '0', width: '0', height: '0',
      overflow: 'visible', 'z-index': '2147483647', display: 'block', margin: '0', padding: '0', border: '0' })) {
      host.style.setProperty(k, v, 'important');
    }
    shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = CSS_TEXT;
    layer = el('div', { class: 'layer' });
    shadow.append(style, layer);
    document.documentElement.append(host);
    if (hlWarn && CSS.highlights) {
      CSS.highlights.set('rumorguard-warn', hlWarn);
      CSS.highlights.set('rumorguard-quiet', hlQuiet);
      // A constructed sheet: no element added to the page.
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(`::highlight(rumorguard-warn){background-color:rgba(254,205,202,.75);text-decoration:underline 2px #b42318;}
          ::highlight(rumorguard-quiet){text-decoration:underline dotted 2px #667085;}`);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      } catch {
        sheet = null;
      }
    }
  }

  function docRect(r) {
    return { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY, width: r.width, height: r.height };
  }

  function place(m) {
    const rects = [...m.range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) {
      m.badge.hidden = true;
      return;
    }
    m.badge.hidden = false;
    const last = docRect(rects[rects.length - 1]);
    // Raised like a footnote mark at the end of the match, so it covers as
    // little of the following text as it can.
    m.badge.style.left = `${Math.min(last.right, scrollX + document.documentElement.clientWidth - 20)}px`;
    m.badge.style.top = `${last.top - 9}px`;
    if (!hlWarn) {
      for (const b of m.boxes) b.remove();
      m.boxes = rects.map((r) => {
        const d = docRect(r);
        const b = el('div', { class: m.quiet ? 'box quiet' : 'box' });
        Object.assign(b.style, { left: `${d.left}px`, top: `${d.top}px`, width: `${d.width}px`, height: `${d.height}px` });
        layer.append(b);
        return b;
      });
    }
  }

  function relayout() {
    for (const m of marks.values()) place(m);
    if (openFor) positionNote(marks.get(openFor));
  }

  /**
   * Marks a match. info: {id, rumor, score, tier, debunked, text, lang}.
   * Quiet marks (resembles, or a page that fact-checks the rumor) get a grey
   * dotted underline and badge; a match gets the red warning.
   */
  function add(range, info) {
    ensureHost();
    const quiet = info.tier < 2 || info.debunked;
    const verdictWord = msg(`verdict_${info.rumor.verdict.replace(/-/g, '_')}`);
    const badge = el('button', {
      class: quiet ? 'badge quiet' : 'badge', type: 'button', text: quiet ? 'i' : '!',
      'aria-label': quiet && info.factCheckPage ? msg('badgeLabelFactCheck') : msg('badgeLabel', verdictWord), 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
    });
    const m = { range, badge, boxes: [], info, quiet };
    badge.addEventListener('click', () => (openFor === info.id ? close() : open(info.id)));
    layer.append(badge);
    marks.set(info.id, m);
    (quiet ? hlQuiet : hlWarn)?.add(range);
    place(m);
  }

  function remove(id) {
    const m = marks.get(id);
    if (!m) return;
    if (openFor === id) close();
    hlWarn?.delete(m.range);
    hlQuiet?.delete(m.range);
    m.badge.remove();
    for (const b of m.boxes) b.remove();
    marks.delete(id);
  }

  function positionNote(m) {
    if (!m || !note) return;
    const b = m.badge.getBoundingClientRect();
    const width = Math.min(380, document.documentElement.clientWidth - 16);
    const left = Math.max(8, Math.min(b.left, document.documentElement.clientWidth - width - 8));
    note.style.left = `${left + scrollX}px`;
    note.style.top = `${b.bottom + 6 + scrollY}px`;
  }

  function pick(texts, lang) {
    return texts[lang] || texts.en || Object.values(texts)[0] || { claim: '', summary: '' };
  }

  function open(id) {
    const m = marks.get(id);
    if (!m) return;
    close();
    const { rumor, lang, score, text, debunked, tier, factCheckPage } = m.info;
    const t = pick(rumor.texts || {}, lang);
    const headingId = `rg-note-${id}`;
    const heading = m.quiet && factCheckPage ? msg('notePageFactCheck') : debunked ? msg('noteQuotedDebunk') : tier < 2 ? msg('noteHeadingResembles') : msg('noteHeading');
    const sources = el('ul');
    for (const s of rumor.sources || []) {
      let link;
      try {
        const u = new URL(s.url);
        link = ['http:', 'https:'].includes(u.protocol) ? el('a', { href: u.href, target: '_blank', rel: 'noopener noreferrer', text: s.title || s.publisher }) : null;
      } catch {
        link = null;
      }
      sources.append(el('li', {}, link || document.createTextNode(s.title || s.publisher), document.createTextNode(` — ${s.publisher}${s.date ? `, ${s.date}` : ''}`)));
    }
    note = el('div', { class: 'note', role: 'dialog', 'aria-labelledby': headingId, tabindex: '-1' },
      el('div', { class: 'head' },
        el('span', { class: `verdict ${rumor.verdict}`, text: msg(`verdict_${rumor.verdict.replace(/-/g, '_')}`) }),
        el('p', { class: 'title', id: headingId, text: heading }),
        el('button', { class: 'close', type: 'button', 'aria-label': msg('noteClose'), text: '×', onclick: () => close() })),
      el('p', { class: 'claim', text: t.claim }),
      el('h3', { text: msg('noteWhatIsTrue') }),
      el('p', { class: 'summary', text: t.summary }),
      el('h3', { text: msg('noteSources') }),
      sources,
      el('details', {},
        el('summary', { text: msg('noteWhy') }),
        el('blockquote', { class: 'matched', text }),
        el('p', { text: msg('noteWhyText', score.toFixed(2)) })),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'dismiss', text: msg('noteDismiss'), onclick: () => RG.dismiss?.(id) }),
        el('button', { type: 'button', class: 'not-a-match', text: msg('noteNotAMatch'), onclick: () => RG.notAMatch?.(id) })));
    note.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') close();
    });
    layer.append(note);
    openFor = id;
    m.badge.setAttribute('aria-expanded', 'true');
    positionNote(m);
    note.focus({ preventScroll: true });
  }

  function close() {
    if (!openFor) return;
    const m = marks.get(openFor);
    note?.remove();
    note = null;
    openFor = null;
    if (m) {
      m.badge.setAttribute('aria-expanded', 'false');
      m.badge.focus({ preventScroll: true });
    }
  }

  /** Scrolls a match into view, flashes its badge and opens its note. */
  function show(id) {
    const m = marks.get(id);
    if (!m) return false;
    const r = m.range.getBoundingClientRect();
    scrollTo({ top: r.top + scrollY - innerHeight / 3, behavior: 'instant' });
    place(m);
    m.badge.classList.remove('flash');
    void m.badge.offsetWidth;
    m.badge.classList.add('flash');
    open(id);
    return true;
  }

  let pending = 0;
  function schedule() {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      relayout();
    });
  }
  addEventListener('resize', schedule);
  new ResizeObserver(schedule).observe(document.documentElement);

  RG.overlay = { add, remove, open, close, show, relayout: schedule, has: (id) => marks.has(id), ids: () => [...marks.keys()] };
})();
