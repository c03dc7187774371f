// The content script's glue: asks the background whether this site is
// paused, scans the page's blocks in idle slices (then only what changes),
// and marks what the core found. It never fetches and never touches storage:
// page text goes only to the extension's own background, in batches.
(() => {
  const RG = (globalThis.RumorguardContent ||= {});
  if (RG.started) return;
  RG.started = true;

  const BATCH_CHARS = 128 * 1024; // one message to the core
  const MIN_BLOCK = 24; // shorter blocks cannot hold a rumor phrase
  const MAX_PAGE = 8 << 20; // guard giant pages: scan at most this much text

  let state; // from the background: list, lang, suppressed, isSource
  const rumors = new Map(); // rumor index -> texts and sources, as scans return them
  const scanned = new WeakMap(); // block element -> text last scanned
  const found = new Map(); // id -> match summary, for the popup
  let nextId = 1;

  const M = globalThis.RumorguardMessages; // shared/messages.js, loaded first
  const send = (m) => chrome.runtime.sendMessage(m);
  const idle = (fn) => (globalThis.requestIdleCallback ? requestIdleCallback(fn, { timeout: 300 }) : setTimeout(fn, 16));

  /**
   * How the page frames what it quotes, decided by the core (wasm/framing)
   * from signals read here (content/signals.js) with the list's
   * fact-checking publishers and the rumors' own sources. Returns the page's
   * decision; each match's own section is decided in apply().
   */
  async function detectFactCheck() {
    try {
      RG.page = RG.signals.page();
    } catch (e) { // an odd document: decide from its address alone, but still scan it
      console.debug('rumorguard: signals', e);
      RG.page = { url: location.href };
    }
    const res = await send(M.framing(RG.page, []));
    return !!res?.factCheck;
  }

  async function scanBlocks(blocks) {
    const todo = blocks.filter((b) => b.text.length >= MIN_BLOCK && scanned.get(b.el) !== b.text);
    for (let i = 0; i < todo.length;) {
      const batch = [];
      let chars = 0;
      while (i < todo.length && (batch.length === 0 || chars + todo[i].text.length <= BATCH_CHARS)) {
        chars += todo[i].text.length;
        batch.push(todo[i++]);
      }
      const t0 = performance.now();
      const res = await send(M.scan(batch.map((b) => b.text)));
      if (!res || res.paused || res.error) return;
      for (const b of batch) scanned.set(b.el, b.text);
      if (res.version !== state.list.version) { // a new list: indexes changed
        rumors.clear();
        state.list.version = res.version;
      }
      for (const [i, r] of Object.entries(res.rumors || {})) rumors.set(Number(i), r);
      await apply(batch, res.results);
      RG.stats.batches++;
      RG.stats.chars += chars;
      RG.stats.ms += performance.now() - t0;
      if (i < todo.length) await new Promise((r) => idle(r));
    }
  }

  async function apply(batch, results) {
    const todo = [];
    for (const { text: ti, rumor: ri, score, tier, start, end } of results) {
      const rumor = rumors.get(ri);
      if (!rumor || state.suppressed.includes(rumor.id)) continue;
      const block = batch[ti];
      const range = RG.rangeOf(block, start, end);
      if (range) todo.push({ rumor, block, range, start, end, score, tier, ri, ti });
    }
    if (!todo.length) return;
    // One decision per match: the page's framing unless its section clearly
    // differs (a quote introduced to debunk it, a call to pass it on).
    const framing = await send(M.framing(RG.page, todo.map((t) => {
      try {
        // rumor and block (its place in the batch, in page order) let the
        // parts of one quoted message follow each other.
        return { ...RG.signals.section(t.block, t.range, t.start, t.end), rumor: t.ri, block: t.ti };
      } catch {
        return {}; // no context read: the match follows the page
      }
    })));
    const quiet = framing?.quiet || [];
    todo.forEach(({ rumor, block, range, start, end, score, tier }, k) => {
      const id = `m${nextId++}`;
      const info = {
        id, rumor, lang: state.lang, score, tier,
        debunked: quiet[k] === true, factCheckPage: !!framing?.factCheck, text: block.text.slice(start, end),
      };
      RG.overlay.add(range, info);
      found.set(id, { id, rumor: rumor.id, tier, score: info.score, debunked: info.debunked, factCheckPage: info.factCheckPage, text: info.text.slice(0, 300), block: block.el });
    });
    report();
  }

  function report() {
    const list = [...found.values()].filter((f) => RG.overlay.has(f.id)).map(({ block, ...f }) => f);
    send(M.found(list));
  }

  // Dynamic pages: collect what changed, scan it when the browser is idle.
  const dirty = new Set();
  let flushing = false;
  function flush() {
    flushing = false;
    const roots = [...dirty];
    dirty.clear();
    const blocks = new Map();
    for (const root of roots) {
      if (!root.isConnected) continue;
      for (const b of RG.collect(root)) blocks.set(b.el, b);
    }
    // A changed block is rescanned whole: drop its old marks first.
    for (const f of found.values()) {
      if (blocks.has(f.block)) {
        RG.overlay.remove(f.id);
        found.delete(f.id);
      }
    }
    scanBlocks([...blocks.values()]).then(() => RG.overlay.relayout());
  }
  function observe() {
    new MutationObserver((records) => {
      for (const r of records) {
        const target = r.type === 'characterData' ? r.target.parentElement : r.target;
        if (!target || target.closest?.('rumorguard-overlay')) continue;
        dirty.add(RG.blockOf(target));
        for (const n of r.addedNodes) if (n.nodeType === Node.ELEMENT_NODE && n.tagName !== 'RUMORGUARD-OVERLAY') dirty.add(n);
      }
      if (dirty.size && !flushing) {
        flushing = true;
        idle(flush);
      }
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }

  RG.stats = { batches: 0, chars: 0, ms: 0, firstScanMs: null };

  RG.dismiss = (id) => {
    RG.overlay.remove(id);
    found.delete(id);
    report();
  };
  RG.notAMatch = (id) => {
    const f = found.get(id);
    if (!f) return;
    send(M.notAMatch(f.rumor));
    state.suppressed.push(f.rumor);
    for (const g of [...found.values()]) if (g.rumor === f.rumor) RG.dismiss(g.id);
  };

  // The site was paused or resumed, or a rumor marked "not a match" or
  // restored (from the popup or options): marks go at once, and come back
  // by scanning the page again.
  function siteState({ paused, suppressed }) {
    const restored = (state?.paused && !paused) || (state?.suppressed || []).some((r) => !suppressed.includes(r));
    for (const f of [...found.values()]) {
      if (paused || suppressed.includes(f.rumor)) {
        RG.overlay.remove(f.id);
        found.delete(f.id);
      }
    }
    report();
    if (!state || state.error) return;
    state.paused = paused;
    state.suppressed = [...suppressed];
    if (restored && !paused) {
      if (!state.list) start(); // paused since the page loaded: never started
      else scanBlocks(RG.collect(document.body || document.documentElement, MAX_PAGE).map((b) => (scanned.delete(b.el), b)));
    }
  }

  chrome.runtime.onMessage.addListener((m, _sender, reply) => {
    if (m.type === M.TYPES.SHOW) reply({ shown: RG.overlay.show(M.check(m).id) });
    else if (m.type === M.TYPES.SITE_STATE) siteState(M.check(m));
  });

  async function start() {
    const t0 = performance.now();
    state = await send(M.hello(location.href));
    if (!state || state.paused || state.error) return;
    await detectFactCheck();
    // Viewport first: the blocks a reader sees are scanned before the rest.
    const blocks = RG.collect(document.body || document.documentElement, MAX_PAGE);
    const inView = [];
    const rest = [];
    for (const b of blocks) {
      const r = b.el.getBoundingClientRect();
      (r.bottom > 0 && r.top < innerHeight ? inView : rest).push(b);
    }
    await scanBlocks(inView);
    RG.stats.firstScanMs = performance.now() - t0;
    observe();
    await scanBlocks(rest);
    RG.stats.doneMs = performance.now() - t0;
  }

  start().catch((e) => console.debug('rumorguard:', e));
})();
