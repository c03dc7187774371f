// Draws what Rumorguard shows on a page: a highlight over each marked span,
// one badge after it, and the fact-check note (note/note.js renders it).
//
// Highlights use the CSS Custom Highlight API: text is marked without
// touching the page's DOM. Each verdict has its own highlight (colour AND
// line style, so it reads without colour), in a light and a dark version
// chosen by the background under the text: forced text and background
// colours keep 4.5:1 whatever the site's own colours are.
//
// The badge takes its own space in the text: a <rumorguard-mark> element
// with a closed shadow root, placed after the text node where the span ends
// (text nodes are never split: frameworks keep references to them), outside
// any link. It therefore never covers text, scrolls and hides with its text,
// and follows the text in reading order for screen readers. The note lives
// in a closed shadow root on a zero-size host, position: fixed, so it never
// lengthens the page. List and page text are only ever set as textContent.
(() => {
  const RG = (globalThis.RumorguardContent ||= {});
  const msg = (key, ...subs) => chrome.i18n.getMessage(key, subs.map(String)) || key;
  const Note = globalThis.RumorguardNote;

  // Light: tinted background, near-black text; dark: deep tint, white text.
  // Line styles differ by verdict: solid, wavy, dashed, double; quiet is dotted.
  const HIGHLIGHTS = {
    warn: ['#fee4e2', '#101828', '#b42318', 'solid', '#55160c', '#ffffff', '#fda29b'],
    misleading: ['#fef0c7', '#101828', '#b54708', 'wavy', '#4e1d09', '#ffffff', '#fec84b'],
    'missing-context': ['#f4ebff', '#101828', '#6941c6', 'dashed', '#2c1c5f', '#ffffff', '#d6bbfb'],
    unproven: ['#f2f4f7', '#101828', '#475467', 'double', '#344054', '#ffffff', '#d0d5dd'],
    true: ['#dcfae6', '#101828', '#067647', 'solid', '#053321', '#ffffff', '#75e0a7'],
  };
  const QUIET = ['#475467', '#d0d5dd'];

  function highlightCSS() {
    let out = '';
    for (const [k, [bg, fg, line, style, dbg, dfg, dline]] of Object.entries(HIGHLIGHTS)) {
      out += `::highlight(rumorguard-${k}){background-color:${bg};color:${fg};text-decoration:underline ${style} 2px ${line};}
::highlight(rumorguard-${k}-dark){background-color:${dbg};color:${dfg};text-decoration:underline ${style} 2px ${dline};}\n`;
    }
    out += `::highlight(rumorguard-quiet){text-decoration:underline dotted 2px ${QUIET[0]};}
::highlight(rumorguard-quiet-dark){text-decoration:underline dotted 2px ${QUIET[1]};}\n`;
    return out;
  }

  const BADGE_CSS = `
    :host { all: initial; }
    button { all: unset; box-sizing: border-box; display: inline-grid; place-items: center; cursor: pointer;
      width: max(18px, 1.25em); height: max(18px, 1.25em); border-radius: 4px; vertical-align: middle; }
    button:focus-visible { outline: 3px solid #2e90fa; outline-offset: 1px; }
    .rg-shape { width: 100%; height: 100%; font-size: max(11px, .7em); }
    button.flash .rg-shape { animation: flash 1s ease-in-out 2; }
    @media (prefers-reduced-motion: reduce) { button.flash .rg-shape { animation: none; outline: 3px solid #2e90fa; } }
    @keyframes flash { 50% { transform: scale(1.4); } }
  `;

  const NOTE_CSS = `
    :host { all: initial !important; }
    .dialog { position: fixed; z-index: 2147483647; box-sizing: border-box; width: min(380px, calc(100vw - 16px));
      overflow: auto; overscroll-behavior: contain; padding: 14px 16px; border-radius: 10px;
      background: #fff; border: 1px solid #d0d5dd; box-shadow: 0 8px 24px rgba(16,24,40,.18); }
    .dialog.rg-dark { background: #1d2939; border-color: #475467; }
    .dialog:focus { outline: none; }
    .close { position: absolute; top: 8px; right: 8px; width: 28px; height: 28px; border: 0; border-radius: 6px;
      background: none; font: 20px/1 system-ui, sans-serif; cursor: pointer; color: #344054; }
    .rg-dark .close { color: #eaecf0; }
    .actions { display: flex; gap: 8px; margin-top: 12px; flex-wrap: wrap; }
    .actions button { font: 13px system-ui, sans-serif; padding: 4px 10px; border-radius: 6px; border: 1px solid #d0d5dd;
      background: #f9fafb; color: #101828; cursor: pointer; }
    .rg-dark .actions button { background: #344054; color: #f2f4f7; border-color: #667085; }
    .close:focus-visible, .actions button:focus-visible { outline: 3px solid #2e90fa; outline-offset: 1px; }
    .ask { margin: 12px 0 0; font: 13px/1.4 system-ui, sans-serif; color: #344054; }
    .rg-dark .ask { color: #eaecf0; }
    .toast { position: fixed; z-index: 2147483647; left: 50%; bottom: 16px; transform: translateX(-50%);
      box-sizing: border-box; max-width: min(480px, calc(100vw - 16px)); display: flex; gap: 12px; align-items: center;
      padding: 10px 14px; border-radius: 8px; background: #101828; color: #fff; font: 14px/1.4 system-ui, sans-serif;
      box-shadow: 0 8px 24px rgba(16,24,40,.25); }
    .toast button { font: 13px system-ui, sans-serif; padding: 4px 10px; border-radius: 6px; border: 1px solid #98a2b3;
      background: #344054; color: #fff; cursor: pointer; }
    .toast button:focus-visible { outline: 3px solid #2e90fa; outline-offset: 1px; }
  `;

  let host;
  let shadow;
  let dialog;
  let openFor = null;
  const marks = new Map(); // id -> {range, badge, button, model, kind, dark, name}
  const registry = new Map(); // highlight name -> Highlight
  const badges = new WeakSet(); // our badge elements, to tell them from copies

  /**
   * Removes copies of badges under root: a page that re-renders by
   * serializing its HTML (el.outerHTML = el.outerHTML) copies the element
   * without its shadow root, an empty box the real badge would sit beside.
   */
  function dropCopies(root) {
    const list = root.nodeName === 'RUMORGUARD-MARK' ? [root] : root.querySelectorAll?.('rumorguard-mark') || [];
    for (const el of list) if (!badges.has(el)) el.remove();
  }

  function ensureHost() {
    if (host?.isConnected) return;
    host = document.createElement('rumorguard-overlay');
    host.style.cssText = 'all: initial !important; position: absolute !important; top: 0 !important; left: 0 !important; '
      + 'width: 0 !important; height: 0 !important; overflow: visible !important; display: block !important; z-index: 2147483647 !important;';
    shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = NOTE_CSS + Note.css;
    shadow.append(style);
    document.documentElement.append(host);
    if (globalThis.Highlight && CSS.highlights && !registry.size) {
      const css = highlightCSS();
      try {
        // A constructed sheet: nothing added to the page's DOM.
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      } catch {
        const s = document.createElement('style');
        s.textContent = css;
        (document.head || document.documentElement).append(s);
      }
    }
  }

  function highlight(name) {
    if (!globalThis.Highlight || !CSS.highlights) return null;
    let h = registry.get(name);
    if (!h) {
      h = new Highlight();
      registry.set(name, h);
      CSS.highlights.set(`rumorguard-${name}`, h);
    }
    return h;
  }

  const parse = (c) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(c || '');
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const luminance = ({ r, g, b }) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };

  /** Whether the text at el is light on dark: the first opaque background up the tree, else its text colour. */
  function darkAt(el) {
    for (let e = el; e && e.nodeType === Node.ELEMENT_NODE; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg.a > 0.5) return luminance(bg) < 0.2;
    }
    const fg = parse(getComputedStyle(el).color);
    return !!fg && luminance(fg) > 0.5;
  }

  function badgeLabel(model) {
    const k = Note.kind(model);
    if (k === 'debunk') return msg(model.factCheckPage ? 'badgeLabelFactCheck' : 'markDebunk');
    if (k === 'resembles') return msg('markResembles');
    return msg(`markWarn_${String(model.verdict).replace(/-/g, '_')}`);
  }

  /** Where the badge goes: after the text node the span ends in, and after any link around it. */
  function anchorOf(range, block) {
    let node = range.endContainer;
    if (node.nodeType !== Node.TEXT_NODE) node = node.childNodes[range.endOffset - 1] || node;
    const interactive = node.parentElement?.closest('a, button, label, summary, select, option');
    if (interactive && block.contains(interactive) && interactive !== block) node = interactive;
    while (node.nextSibling?.nodeName === 'RUMORGUARD-MARK') node = node.nextSibling;
    return node;
  }

  function makeBadge(m) {
    const el = document.createElement('rumorguard-mark');
    badges.add(el);
    el.style.cssText = 'all: initial !important; display: inline-block !important; margin: 0 .15em 0 .25em !important; '
      + 'padding: 0 !important; border: 0 !important; font-size: inherit !important; line-height: 1 !important; '
      + 'vertical-align: baseline !important; position: static !important; float: none !important; '
      + 'visibility: inherit !important; opacity: 1 !important; transform: none !important;';
    const root = el.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = Note.css + BADGE_CSS;
    const k = Note.kind(m.model);
    const shapeKind = k === 'warn' ? m.model.verdict : 'quiet'; // a resemblance is quiet too
    const wrap = document.createElement('span');
    wrap.className = m.dark ? 'rg-dark' : 'rg-light';
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-label', badgeLabel(m.model));
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    button.dataset.verdict = shapeKind;
    const shape = document.createElement('span');
    shape.className = `rg-shape rg-v-${shapeKind}`;
    shape.setAttribute('aria-hidden', 'true');
    shape.textContent = Note.SHAPES[shapeKind] || '!';
    button.append(shape);
    // A badge inside page markup: its clicks are its own, never the page's.
    button.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      if (openFor === m.id) close();
      else open(m.id);
    });
    for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup']) {
      button.addEventListener(type, (e) => e.stopPropagation());
    }
    wrap.append(button);
    root.append(style, wrap);
    m.button = button;
    return el;
  }

  /**
   * Marks a span. model is the note's model (see note/note.js); block is
   * the block element the span is in. Returns false if nothing could be drawn.
   */
  function add(id, range, model, block) {
    ensureHost();
    const m = { id, range, model, block, dark: darkAt(block), reinserted: 0 };
    // "rumorguard-warn" is the false verdict's highlight (the name predates
    // the others); an unknown verdict is drawn as false.
    const v = model.verdict === 'false' || !HIGHLIGHTS[model.verdict] ? 'warn' : model.verdict;
    m.name = `${Note.kind(model) === 'warn' ? v : 'quiet'}${m.dark ? '-dark' : ''}`;
    highlight(m.name)?.add(range);
    m.badge = makeBadge(m);
    anchorOf(range, block).after(m.badge);
    marks.set(id, m);
    return true;
  }

  function remove(id) {
    const m = marks.get(id);
    if (!m) return;
    if (openFor === id) close(false);
    registry.get(m.name)?.delete(m.range);
    m.badge.remove();
    marks.delete(id);
  }

  /** Puts back a badge the page removed while its text stayed (a few times, then gives up). */
  function repair(id) {
    const m = marks.get(id);
    if (!m || m.badge.isConnected || m.reinserted >= 3) return;
    m.reinserted++;
    anchorOf(m.range, m.block).after(m.badge);
  }

  function position() {
    const m = marks.get(openFor);
    if (!m || !dialog) return;
    const vw = document.documentElement.clientWidth || innerWidth;
    const vh = document.documentElement.clientHeight || innerHeight;
    // The note goes above or below the whole mark, never over its text.
    const r = m.range.getBoundingClientRect();
    const k = m.button.getBoundingClientRect();
    const b = { top: Math.min(r.top, k.top), bottom: Math.max(r.bottom, k.bottom), left: k.left };
    const width = Math.min(380, vw - 16);
    dialog.style.maxHeight = 'none';
    dialog.style.width = `${width}px`;
    const natural = dialog.scrollHeight + 2;
    const below = vh - b.bottom - 14;
    const above = b.top - 14;
    let top;
    let max;
    if (natural <= below) [top, max] = [b.bottom + 6, below];
    else if (natural <= above) [top, max] = [b.top - 6 - natural, above];
    else if (Math.max(below, above) >= 200) {
      // Neither side holds it all: the larger side, scrolling inside.
      [top, max] = below >= above ? [b.bottom + 6, below] : [8, above];
    } else [top, max] = [8, vh - 16]; // a small window: over the text, inside the viewport
    dialog.style.maxHeight = `${Math.max(80, max)}px`;
    dialog.style.top = `${Math.max(8, top)}px`;
    dialog.style.left = `${Math.max(8, Math.min(b.left, vw - width - 8))}px`;
  }

  function open(id) {
    const m = marks.get(id);
    if (!m) return;
    close(false);
    const article = Note.render(document, m.model, { context: 'overlay', msg, theme: m.dark ? 'dark' : 'light' });
    const closeButton = document.createElement('button');
    closeButton.className = 'close';
    closeButton.type = 'button';
    closeButton.setAttribute('aria-label', msg('noteClose'));
    closeButton.textContent = '×';
    closeButton.addEventListener('click', () => close());
    const actions = document.createElement('div');
    actions.className = 'actions';
    const button = (cls, text, fn) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = cls;
      b.textContent = text;
      b.addEventListener('click', fn);
      return b;
    };
    const firstActions = () => actions.replaceChildren(
      button('dismiss', msg('noteDismiss'), () => RG.dismiss?.(id)),
      // "Not a match" hides the rumor on the whole site: ask once first.
      button('not-a-match', msg('noteNotAMatch'), () => {
        const ask = document.createElement('p');
        ask.className = 'ask';
        ask.textContent = msg('popupConfirmNotAMatch', location.hostname);
        actions.replaceChildren(ask,
          button('confirm', msg('popupConfirmYes'), () => {
            const rumor = m.model.rumors[0];
            RG.notAMatch?.(id);
            thank(rumor);
          }),
          button('cancel', msg('noteCancel'), firstActions));
        actions.querySelector('.confirm').focus({ preventScroll: true });
      }));
    firstActions();
    dialog = document.createElement('div');
    dialog.className = `dialog ${m.dark ? 'rg-dark' : 'rg-light'}`;
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-labelledby', Note.labelOf(article));
    dialog.tabIndex = -1;
    dialog.append(closeButton, article, actions);
    dialog.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') close();
    });
    shadow.append(dialog);
    openFor = id;
    m.button.setAttribute('aria-expanded', 'true');
    position();
    dialog.focus({ preventScroll: true });
  }

  let toast = null;
  let toastTimer = 0;

  /** After "not a match": thanks, with an undo that brings the marks back (RG.undoNotAMatch). */
  function thank(rumor) {
    ensureHost();
    toast?.remove();
    clearTimeout(toastTimer);
    toast = document.createElement('div');
    toast.className = 'toast';
    toast.setAttribute('role', 'status');
    const text = document.createElement('span');
    text.textContent = msg('noteThanks');
    const undo = document.createElement('button');
    undo.type = 'button';
    undo.textContent = msg('popupUndo');
    undo.addEventListener('click', () => {
      RG.undoNotAMatch?.(rumor.id);
      toast?.remove();
      toast = null;
    });
    toast.append(text, undo);
    shadow.append(toast);
    undo.focus({ preventScroll: true });
    toastTimer = setTimeout(() => {
      toast?.remove();
      toast = null;
    }, 15000);
  }

  function close(refocus = true) {
    if (!openFor) return;
    const m = marks.get(openFor);
    dialog?.remove();
    dialog = null;
    openFor = null;
    if (m) {
      m.button.setAttribute('aria-expanded', 'false');
      if (refocus) m.button.focus({ preventScroll: true });
    }
  }

  /** Scrolls a mark into view, flashes its badge and opens its note. */
  function show(id) {
    const m = marks.get(id);
    if (!m) return false;
    const r = m.range.getBoundingClientRect();
    scrollTo({ top: r.top + scrollY - innerHeight / 3, behavior: 'instant' });
    m.button.classList.remove('flash');
    void m.button.offsetWidth;
    m.button.classList.add('flash');
    open(id);
    return true;
  }

  let pending = 0;
  function schedule() {
    if (pending || !openFor) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      position();
    });
  }
  addEventListener('resize', schedule, { passive: true });
  addEventListener('scroll', schedule, { passive: true, capture: true });

  RG.overlay = { add, remove, repair, dropCopies, open, close, show, has: (id) => marks.has(id), ids: () => [...marks.keys()],
    badgeConnected: (id) => !!marks.get(id)?.badge.isConnected };
})();
