// The content script's glue: asks the background whether this site is
// paused, scans the page's blocks (viewport first, in idle slices), then only
// what changes, and keeps every mark as long as its text is on the page.
// It never fetches and never touches storage: page text goes only to the
// extension's own background, in batches.
//
// How marks stay: each block element remembers (a hash of) the text it had
// when it was marked, and results are cached by text. A mutation makes only the blocks
// it touched dirty (the block of the changed node, shallowly, plus added
// subtrees); a dirty block whose text is unchanged and whose marks are still
// valid is left alone; one whose nodes were replaced by identical ones
// (React-style re-renders, SPA routes showing the same text) is re-marked
// from the cache without a scan. A mark goes away only when the text under
// its range changes or leaves the page.
(() => {
  const RG = (globalThis.RumorguardContent ||= {});
  if (RG.started) return;
  RG.started = true;

  const BATCH_CHARS = 128 * 1024; // one message to the core
  const MIN_BLOCK = 24; // shorter blocks cannot hold a rumor phrase
  const MAX_PAGE = 8 << 20; // guard giant pages: scan at most this much text per pass
  const CACHE_CHARS = 1 << 20; // texts with matches kept, for re-renders
  const CLEAN_MAX = 200000; // hashes of texts without matches kept

  let state; // from the background: list, lang, suppressed, isSource
  const rumors = new Map(); // rumor index -> texts and sources, as scans return them
  const blocks = new WeakMap(); // block element -> {hash of its text, marks: ids, stale, gen}
  let generation = 0; // block states of an older generation are stale (after a pause)
  const cache = new Map(); // block text with matches -> core rows for it, oldest first
  let cacheChars = 0;
  // Texts without matches are most of a page: only a 53-bit hash of each is
  // kept, not a second copy of the page's text.
  const clean = new Set();
  const marks = new Map(); // id -> {id, block, range, rangeText, model, found}
  const dismissed = new Set(); // "rumor\0text" dismissed on this page
  let nextId = 1;
  let factCheckPage = false;
  let pageURL = location.href;
  let truncated = false;

  const M = globalThis.RumorguardMessages; // shared/messages.js, loaded first
  const send = (m) => chrome.runtime.sendMessage(m);
  const idle = (fn) => (globalThis.requestIdleCallback ? requestIdleCallback(fn, { timeout: 300 }) : setTimeout(fn, 16));
  const idleP = () => new Promise((r) => idle(r));

  /**
   * How the page frames what it quotes, decided by the core (wasm/framing)
   * from signals read here (content/signals.js) with the list's
   * fact-checking publishers and the rumors' own sources. Returns the page's
   * decision; each mark's own section is decided in apply().
   */
  async function detectFactCheck() {
    readPage();
    const res = await send(M.framing(RG.page, [])).catch(() => null);
    return !!res?.factCheck;
  }

  /** The page's framing signals, sent with each framing question. */
  function readPage() {
    try {
      RG.page = RG.signals.page();
    } catch (e) { // an odd document: decide from its address alone, but still scan it
      console.debug('rumorguard: signals', e);
      RG.page = { url: location.href };
    }
  }

  const OURS = new Set(['RUMORGUARD-OVERLAY', 'RUMORGUARD-MARK']);
  const ours = (n) => n.nodeType === Node.ELEMENT_NODE && OURS.has(n.tagName);
  const inOurs = (el) => !!el?.closest?.('rumorguard-overlay, rumorguard-mark');
  const squash = (t) => t.replace(/\s+/g, '');

  // --- the queue of what changed -------------------------------------------
  const deep = new Set(); // roots whose every block is collected
  const shallow = new Set(); // blocks whose own text is collected
  let running = false;
  let shownDue = false; // attributes changed a while ago: hidden subtrees may be shown
  let shownTimer = 0;
  let paused = false;

  function enqueue(el, isDeep) {
    if (!el || paused) return;
    (isDeep ? deep : shallow).add(el);
  }

  function schedule() {
    if (running || paused) return;
    running = true;
    idle(pump);
  }

  async function pump() {
    try {
      while (!paused && (deep.size || shallow.size || shownDue || marksNeedSweep)) {
        await flush();
        if (deep.size || shallow.size) await idleP();
      }
    } catch (e) {
      console.debug('rumorguard:', e);
    } finally {
      running = false;
    }
  }

  let marksNeedSweep = false;

  /** Removes marks whose text changed or left; their blocks are looked at again. */
  function sweep() {
    marksNeedSweep = false;
    let changed = false;
    for (const m of [...marks.values()]) {
      const r = m.range;
      const ok = r.startContainer.isConnected && r.endContainer.isConnected && !r.collapsed && r.toString() === m.rangeText;
      if (ok) {
        if (!RG.overlay.badgeConnected(m.id)) RG.overlay.repair(m.id);
        continue;
      }
      removeMark(m.id);
      changed = true;
      const st = blocks.get(m.block);
      if (st) st.stale = true;
      if (m.block.isConnected) enqueue(m.block, false);
    }
    if (changed) reportSoon();
  }

  function removeMark(id) {
    const m = marks.get(id);
    if (!m) return;
    RG.overlay.remove(id);
    marks.delete(id);
    const st = blocks.get(m.block);
    if (st) st.marks = st.marks.filter((x) => x !== id);
  }

  async function urlChanged() {
    // An SPA route: a new page for the purpose of framing and reporting.
    pageURL = location.href;
    const next = await send(M.hello(pageURL));
    if (!next || next.error) return;
    if (next.paused) {
      pause();
      return;
    }
    state = { ...next, list: state.list };
    const was = factCheckPage;
    factCheckPage = await detectFactCheck();
    if (was !== factCheckPage) {
      for (const m of [...marks.values()]) {
        const st = blocks.get(m.block);
        if (st) st.stale = true;
        enqueue(m.block, false);
        removeMark(m.id);
      }
    }
    reportSoon();
  }

  async function flush() {
    if (location.href !== pageURL) await urlChanged();
    sweep();
    if (shownDue) {
      shownDue = false;
      for (const el of RG.shown()) enqueue(el, true);
    }
    // Roots inside another deep root are covered by it.
    const deepSet = new Set([...deep].filter((el) => el.isConnected));
    const within = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (deepSet.has(p)) return true;
      return false;
    };
    const roots = [...deepSet].filter((el) => !within(el)).map((el) => [el, false]);
    for (const el of shallow) if (el.isConnected && !deepSet.has(el) && !within(el)) roots.push([el, true]);
    deep.clear();
    shallow.clear();

    const todo = [];
    let chars = 0;
    for (const [root, isShallow] of roots) {
      for (const b of RG.collect(root, { shallow: isShallow, limit: MAX_PAGE - chars })) {
        chars += b.text.length;
        const st = blocks.get(b.el);
        b.hash = hash(b.text);
        if (st && !st.stale && st.gen === generation && st.hash === b.hash) continue;
        if (st) for (const id of [...st.marks]) removeMark(id);
        const rows = b.text.length < MIN_BLOCK || clean.has(b.hash) ? [] : cache.get(b.text);
        if (rows) await apply(b, rows);
        else todo.push(b);
      }
      if (chars >= MAX_PAGE) {
        truncated = true;
        break;
      }
    }
    RG.stats.collectedAt ??= performance.now();
    await scan(todo);
  }

  /** Scans blocks, nearest the viewport first, in batches with idle time between. */
  async function scan(todo) {
    if (!todo.length) return;
    // Nearest first only matters when there is more than one batch: the
    // positions force a layout, which would otherwise wait before the scan.
    if (todo.length > 1 && todo.reduce((n, b) => n + b.text.length, 0) > BATCH_CHARS) {
      const vh = innerHeight;
      const dist = new Map(todo.map((b) => {
        const r = b.el.getBoundingClientRect();
        return [b, r.bottom < 0 ? -r.bottom : r.top > vh ? r.top - vh : 0];
      }));
      todo.sort((a, b) => dist.get(a) - dist.get(b));
    }
    for (let i = 0; i < todo.length;) {
      const batch = [];
      let chars = 0;
      while (i < todo.length && (batch.length === 0 || chars + todo[i].text.length <= BATCH_CHARS)) {
        chars += todo[i].text.length;
        batch.push(todo[i++]);
      }
      const t0 = performance.now();
      RG.stats.scanSentAt ??= t0;
      const res = await send(M.scan(batch.map((b) => b.text))).catch((e) => ({ error: String(e) }));
      RG.stats.scanAnsweredAt ??= performance.now();
      if (res?.error) RG.stats.scanErrors = (RG.stats.scanErrors || 0) + 1;
      // The first scan is asked beside the hello: nothing is drawn before
      // its answer says the site is not paused.
      if (!(await greeted)) return;
      if (paused) return; // paused while the core worked: draw nothing
      if (!res || res.error) {
        // The background may be starting again (a stopped worker, a core
        // restarted with the last good list): these blocks are tried again a
        // little later instead of staying unmarked until a reload.
        if (scanRetries < RETRY_MS.length) {
          const again = todo.slice(i - batch.length).map((b) => b.el);
          setTimeout(() => {
            for (const el of again) enqueue(el, false);
            schedule();
          }, RETRY_MS[scanRetries++]);
        }
        return;
      }
      scanRetries = 0;
      if (res.paused) {
        pause();
        return;
      }
      if (res.version !== state.list.version) { // a new list: indexes changed
        rumors.clear();
        cache.clear();
        clean.clear();
        cacheChars = 0;
        state.list.version = res.version;
      }
      for (const [k, r] of Object.entries(res.rumors || {})) rumors.set(Number(k), r);
      const rows = batch.map(() => []);
      for (const r of res.results) rows[r.text].push(r);
      for (const [k, b] of batch.entries()) {
        remember(b, rows[k]);
        await apply(b, rows[k]);
      }
      RG.stats.batches++;
      RG.stats.chars += chars;
      RG.stats.ms += performance.now() - t0;
      if (RG.stats.firstScanMs === null) RG.stats.firstScanMs = performance.now() - RG.stats.t0;
      if (i < todo.length) await idleP();
    }
  }

  /**
   * A 53-bit hash of a text: two 32-bit FNV-1a lanes with different offset
   * bases (one fed the code units reversed in byte order), 21 + 32 bits
   * combined so the number stays exact in JavaScript.
   */
  function hash(str) {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ str.length;
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ (((c & 0xff) << 8) | (c >>> 8)), 0x01000193) + 0x9e3779b9 | 0;
    }
    return (b >>> 11) * 4294967296 + (a >>> 0);
  }

  function remember({ text, hash: h }, rows) {
    if (!rows.length) {
      if (clean.size >= CLEAN_MAX) clean.clear();
      clean.add(h);
      return;
    }
    if (text.length > CACHE_CHARS / 8) return;
    cache.set(text, rows);
    cacheChars += text.length;
    for (const k of cache.keys()) {
      if (cacheChars <= CACHE_CHARS) break;
      cacheChars -= k.length;
      cache.delete(k);
    }
  }

  const pick = (texts, lang) => texts?.[lang] || texts?.en || Object.values(texts || {})[0] || { claim: '', summary: '' };
  const rank = (a, b) => b.tier - a.tier || b.score - a.score;
  const JOIN = /^[\s.,;:!?…"“”'’()\-–—]{0,4}$/;

  /**
   * One mark per span: rows whose spans overlap are one group, and so are
   * neighbouring rows of one family (a rumor's two sentences). Best first.
   */
  function group(text, rows) {
    const hits = [];
    for (const { rumor: ri, phrase, score, tier, start, end } of rows) {
      const rumor = rumors.get(ri);
      if (!rumor || state.suppressed.includes(rumor.id)) continue;
      hits.push({ rumor, ri, phrase, score, tier, start, end });
    }
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    const groups = [];
    for (const h of hits) {
      const g = groups[groups.length - 1];
      if (g && (h.start < g.end || (JOIN.test(text.slice(g.end, h.start)) && g.hits.some((x) => x.rumor.family && x.rumor.family === h.rumor.family)))) {
        g.hits.push(h);
        g.end = Math.max(g.end, h.end);
      } else groups.push({ start: h.start, end: h.end, hits: [h] });
    }
    return groups;
  }

  function modelOf(g, text) {
    const byRumor = new Map();
    for (const h of [...g.hits].sort(rank)) if (!byRumor.has(h.rumor.id)) byRumor.set(h.rumor.id, h);
    const ordered = [...byRumor.values()];
    const best = ordered[0];
    return {
      verdict: best.rumor.verdict,
      rumors: ordered.map(({ rumor: r }) => {
        const t = pick(r.texts, state.lang);
        return { id: r.id, claim: t.claim, summary: t.summary, sources: r.sources || [], family: r.family, verdict: r.verdict };
      }),
      debunkPage: false, // decided with the page's framing in apply()
      factCheckPage,
      ri: best.ri,
      tier: best.tier,
      score: best.score,
      text: text.slice(g.start, g.end),
      lang: state.lang,
    };
  }

  let blockSeq = 0; // blocks in the order they are drawn, for the framing of quotes that span blocks

  /**
   * Draws the marks of one block from its rows. Whether each mark warns or
   * is quiet is the page's framing unless its own section clearly differs
   * (a quote introduced to debunk it, a call to pass it on): the core
   * decides from what content/signals.js reads around it.
   */
  async function apply(b, rows) {
    // A block without matches draws nothing: it does not wait for the hello,
    // so the page's first scan is not held behind it.
    if (rows.length && !(await greeted)) return;
    if (paused) return;
    const drawn = [];
    for (const g of group(b.text, rows)) {
      const model = modelOf(g, b.text);
      if (dismissed.has(`${model.rumors[0].id}\0${model.text}`)) continue;
      const range = RG.rangeOf(b, g.start, g.end);
      if (!range) continue;
      const rangeText = range.toString();
      if (squash(rangeText) !== squash(model.text)) continue; // the DOM moved on: the observer has it
      drawn.push({ g, model, range, rangeText });
    }
    const ids = [];
    // Recorded before the framing question, so the block is not collected
    // again meanwhile; a newer state for it means the answer is stale.
    const st = { hash: b.hash ?? hash(b.text), marks: ids, stale: false, gen: generation };
    blocks.set(b.el, st);
    if (!drawn.length) return;
    const seq = blockSeq++;
    // The page's marks so far: on a fact-check page a family quoted to
    // debunk it in one block makes its other versions quiet, before and
    // after. Only marks in this same block count as its quote's neighbours:
    // in a feed, the next post after a debunk may well spread the rumor.
    // The most recent 2,000 marks at most, as the core reads no more.
    const earlier = [...marks.values()].slice(-2000).map(({ id, block: el, model }, k) => ({
      id, rumor: model.ri, quiet: !!model.debunkPage, block: el === b.el ? seq : seq + 2 + 2 * k,
    }));
    RG.stats.sectionsAskedAt ??= performance.now();
    const sections = drawn.map(({ g, range, model }) => {
      try {
        return { ...RG.signals.section(b, range, g.start, g.end), rumor: model.ri, block: seq };
      } catch {
        return {}; // no context read: the mark follows the page
      }
    });
    RG.stats.sectionsReadAt ??= performance.now();
    const framing = await send(M.framing(RG.page || { url: location.href }, sections,
      earlier.map(({ rumor, block, quiet }) => ({ rumor, block, quiet })))).catch(() => null);
    RG.stats.sectionsAnsweredAt ??= performance.now();
    if (paused || blocks.get(b.el) !== st) return;
    if (framing && !framing.error) factCheckPage = !!framing.factCheck;
    const quiet = framing?.quiet || [];
    drawn.forEach(({ model, range, rangeText }, k) => {
      if (!range.startContainer.isConnected || range.toString() !== rangeText) return;
      model.debunkPage = quiet[k] === true;
      model.factCheckPage = !!framing?.factCheck;
      const id = `m${nextId++}`;
      marks.set(id, { id, block: b.el, range, rangeText, model });
      RG.overlay.add(id, range, model, b.el);
      RG.stats.firstMarkAt ??= performance.now();
      ids.push(id);
    });
    (framing?.earlier || []).forEach((q, k) => {
      const m = marks.get(earlier[k]?.id);
      if (q !== true || !m || m.model.debunkPage) return;
      m.model.debunkPage = true; // quiet now: drawn again as a quote
      RG.overlay.remove(m.id);
      RG.overlay.add(m.id, m.range, m.model, m.block);
    });
    if (ids.length || framing?.earlier?.some((q) => q === true)) reportSoon();
  }

  let reportTimer = 0;
  function reportSoon() {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(report, 50);
  }
  function report() {
    const list = [...marks.values()].map(({ id, model }) => ({
      id, rumor: model.rumors[0].id, rumors: model.rumors.map((r) => r.id), verdict: model.verdict,
      tier: model.tier, score: model.score, debunked: model.debunkPage, factCheckPage: !!model.factCheckPage, text: model.text.slice(0, 300),
    }));
    return send(M.found(list)).catch(() => {});
  }

  /** Paused on this site: every mark goes at once; resume() scans again. */
  function pause() {
    paused = true;
    generation++;
    deep.clear();
    shallow.clear();
    for (const id of [...marks.keys()]) removeMark(id);
    reportSoon();
  }

  function observe() {
    const topBlocks = (n) => n.querySelectorAll?.([...RG.BLOCK].join(',')) || [];
    new MutationObserver((records) => {
      if (paused) return; // a resume collects the whole page again
      for (const r of records) {
        if (r.type === 'attributes') {
          // At most one look at the hidden subtrees per 300 ms, however busy the page.
          if (!shownTimer && !ours(r.target)) {
            shownTimer = setTimeout(() => {
              shownTimer = 0;
              shownDue = true;
              schedule();
            }, 300);
          }
          continue;
        }
        if (r.type === 'characterData') {
          const p = r.target.parentElement;
          if (p && !inOurs(p)) enqueue(RG.blockOf(p), false);
          marksNeedSweep = true;
          continue;
        }
        const added = [...r.addedNodes];
        const removed = [...r.removedNodes];
        if ([...added, ...removed].every(ours)) continue; // our own badges
        if (inOurs(r.target)) continue;
        marksNeedSweep ||= removed.length > 0;
        enqueue(RG.blockOf(r.target), false);
        for (const n of added) {
          if (n.nodeType === Node.ELEMENT_NODE) RG.overlay.dropCopies(n);
          if (n.nodeType !== Node.ELEMENT_NODE || ours(n)) continue;
          if (RG.BLOCK.has(n.tagName)) enqueue(n, true);
          else for (const b of topBlocks(n)) enqueue(b, true);
        }
      }
      schedule();
    }).observe(document.documentElement, {
      childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: ['class', 'style', 'hidden', 'open'],
    });
    // A giant page is scanned up to MAX_PAGE; beyond it, what scrolls into view.
    let t = 0;
    addEventListener('scroll', () => {
      if (!truncated) return;
      clearTimeout(t);
      t = setTimeout(() => {
        for (let y = 0.1; y < 1; y += 0.2) {
          const el = document.elementFromPoint(innerWidth / 2, innerHeight * y);
          if (el && !inOurs(el)) enqueue(RG.blockOf(el), false);
        }
        schedule();
      }, 200);
    }, { passive: true });
  }

  RG.stats = { batches: 0, chars: 0, ms: 0, firstScanMs: null, t0: 0 };

  RG.dismiss = (id) => {
    const m = marks.get(id);
    if (!m) return;
    dismissed.add(`${m.model.rumors[0].id}\0${m.model.text}`);
    removeMark(id);
    reportSoon();
  };
  RG.notAMatch = (id) => {
    const m = marks.get(id);
    if (!m) return;
    const rumor = m.model.rumors[0].id;
    send(M.notAMatch(rumor));
    state.suppressed.push(rumor);
    // Marks that showed it are drawn again from their rows, without it.
    for (const x of [...marks.values()]) {
      if (!x.model.rumors.some((r) => r.id === rumor)) continue;
      const st = blocks.get(x.block);
      if (st) st.stale = true;
      enqueue(x.block, false);
      removeMark(x.id);
    }
    reportSoon();
    schedule();
  };
  // Undo of "not a match" from the thanks in the page: the background drops
  // the choice and tells this site's tabs (siteState), which draw the marks again.
  RG.undoNotAMatch = (rumor) => send(M.undoNotAMatch(rumor, location.hostname)).catch(() => {});

  // The site was paused or resumed, or a rumor marked "not a match" or
  // restored (from the popup or options): marks go at once, and come back
  // by drawing the page again (from the cache where its text is unchanged).
  function siteState({ paused: nowPaused, suppressed }) {
    if (!state || state.error) return;
    const restored = (state.suppressed || []).some((r) => !suppressed.includes(r));
    state.suppressed = [...suppressed];
    if (nowPaused) {
      state.paused = true;
      pause();
      return;
    }
    for (const x of [...marks.values()]) {
      if (!x.model.rumors.some((r) => suppressed.includes(r.id))) continue;
      const st = blocks.get(x.block);
      if (st) st.stale = true;
      enqueue(x.block, false);
      removeMark(x.id);
    }
    if (paused || state.paused || restored) {
      state.paused = false;
      generation++; // every block is drawn again
      start().catch((e) => console.debug('rumorguard:', e));
      return;
    }
    reportSoon();
    schedule();
  }

  chrome.runtime.onMessage.addListener((m, _sender, reply) => {
    if (m.type === M.TYPES.SHOW) reply({ shown: RG.overlay.show(M.check(m).id) });
    else if (m.type === M.TYPES.SITE_STATE) siteState(M.check(m));
  });

  let observing = false;
  // Resolves to whether the hello answered and the site is not paused.
  let greeted = Promise.resolve(false);

  /** The first scan, and again on resume: the whole page, viewport first. */
  // Waits before asking the background again after an error, in order.
  const RETRY_MS = [250, 500, 1000, 2000, 4000];
  let scanRetries = 0;

  /** hello, asked again a few times if the background is not answering yet. */
  async function hello() {
    for (let k = 0; ; k++) {
      const r = await send(M.hello(pageURL)).catch((e) => ({ error: String(e) }));
      if (r?.error) RG.stats.helloErrors = (RG.stats.helloErrors || 0) + 1;
      if ((r && !r.error) || k >= RETRY_MS.length) return r;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS[k]));
    }
  }

  async function start() {
    RG.stats.t0 = performance.now();
    pageURL = location.href;
    // The page's framing, the hello and the first scan go to the background
    // together, not one after another's answer: a waking background answers
    // them once its list is ready. The background scans nothing and decides
    // nothing for a paused site (it answers "paused"), and nothing is drawn
    // before the hello's answer (see greeted). Nothing waits for the page's
    // framing: it is asked first so the background decides the page (3-4 ms
    // in a warm worker's wasm for 20,000 characters, more in a cold one)
    // while this script collects the page, and keeps the decision for the
    // marks' framing (apply), which
    // carries the same page and is what each mark shows.
    readPage();
    RG.stats.readAt = performance.now();
    send(M.framing(RG.page, [])).then((res) => {
      if (res && !res.error && !res.paused) factCheckPage = !!res.factCheck;
    }).catch(() => {});
    greeted = hello().then((s) => {
      RG.stats.helloAt ??= performance.now();
      state = s;
      if (!s || s.error) {
        paused = true; // no answer after retries: this page stays as it is
        return false;
      }
      paused = !!s.paused;
      return !paused;
    });
    // A site resumed after a pause waits for the answer.
    if (paused && !(await greeted)) return;
    // Watch first, so nothing that changes during the first scan is missed.
    if (!observing) observe();
    observing = true;
    while (running) await idleP(); // a flush from before a pause is ending
    running = true;
    try {
      enqueue(document.body || document.documentElement, true);
      await flush();
      if (!(await greeted)) return;
      // Reported before "done", so whoever reads both sees the same page.
      clearTimeout(reportTimer);
      await report();
      RG.stats.doneMs = performance.now() - RG.stats.t0;
    } finally {
      running = false;
    }
    schedule();
  }

  start().catch((e) => console.debug('rumorguard:', e));
})();
