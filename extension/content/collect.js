// Collects the visible text of a page as blocks: the text nodes under one
// block-level element, joined, with a map from offsets in the joined text
// back to DOM text nodes, so a match across <b>, <a> or <span> becomes one
// DOM Range. Never modifies the page.
(() => {
  const RG = (globalThis.RumorguardContent ||= {});

  const BLOCK = new Set(['P', 'DIV', 'LI', 'TD', 'TH', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'ARTICLE', 'SECTION',
    'BLOCKQUOTE', 'PRE', 'DD', 'DT', 'FIGCAPTION', 'HEADER', 'FOOTER', 'MAIN', 'ASIDE', 'NAV', 'BODY', 'FORM',
    'FIELDSET', 'TABLE', 'TR', 'UL', 'OL', 'DL', 'CAPTION', 'SUMMARY', 'DETAILS', 'HTML']);

  /** The nearest block-level ancestor of a node: the unit scanned together. */
  function blockOf(node) {
    let el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    while (el && !BLOCK.has(el.tagName)) el = el.parentElement;
    return el || document.body;
  }

  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION',
    'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'RUMORGUARD-OVERLAY', 'RUMORGUARD-MARK']);

  // Subtrees skipped because they were hidden: checked again when attributes
  // change (a "read more" or a tab shown by a class), without walking the page.
  const hidden = new Set();
  const HIDDEN_MAX = 500;

  function skipped(el) {
    if (SKIP_TAGS.has(el.tagName.toUpperCase()) || el.isContentEditable) return true;
    if (el.checkVisibility) return !el.checkVisibility({ checkVisibilityCSS: true });
    return el.getClientRects().length === 0 && getComputedStyle(el).display !== 'contents';
  }

  /**
   * Collects the blocks under root, in document order, in one walk. Each
   * block is {el, text, nodes: [{node, start}]}; text holds a virtual "\n"
   * where a <br> or a nested block separates two runs of its text. Hidden,
   * editable and script subtrees are skipped whole.
   */
  function collect(root, { limit = Infinity, shallow = false } = {}) {
    const blocks = new Map();
    const breakBefore = new Set(); // blocks whose next text starts a new line
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(n) {
        // Whitespace-only nodes count: they separate the words of inline siblings.
        if (n.nodeType === Node.TEXT_NODE) return n.data ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
        if (skipped(n)) {
          if (!SKIP_TAGS.has(n.tagName.toUpperCase()) && !n.isContentEditable && hidden.size < HIDDEN_MAX) hidden.add(n);
          return NodeFilter.FILTER_REJECT;
        }
        // Shallow: only root's own text; a nested block only breaks its line.
        if (shallow && n !== root && BLOCK.has(n.tagName)) {
          breakBefore.add(root);
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    let total = 0;
    for (let n = walker.nextNode(); n && total < limit; n = walker.nextNode()) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.tagName === 'BR' || BLOCK.has(n.tagName)) breakBefore.add(blockOf(n.parentElement || n));
        continue;
      }
      const el = blockOf(n);
      let b = blocks.get(el);
      if (!b) {
        b = { el, text: '', nodes: [] };
        blocks.set(el, b);
      }
      if (breakBefore.delete(el) && b.text) b.text += '\n';
      b.nodes.push({ node: n, start: b.text.length });
      b.text += n.data;
      total += n.data.length;
    }
    return [...blocks.values()];
  }

  /** A DOM Range for [start, end) of a block's joined text, or null if the DOM changed. */
  function rangeOf(block, start, end) {
    const pos = (off, isEnd) => {
      let lo = 0;
      let hi = block.nodes.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (block.nodes[mid].start < off || (!isEnd && block.nodes[mid].start === off)) lo = mid;
        else hi = mid - 1;
      }
      const { node, start: s } = block.nodes[lo];
      return [node, Math.max(0, Math.min(node.data.length, off - s))];
    };
    try {
      const r = document.createRange();
      const [sn, so] = pos(start, false);
      const [en, eo] = pos(end, true);
      if (!sn.isConnected || !en.isConnected) return null;
      r.setStart(sn, so);
      r.setEnd(en, eo);
      return r;
    } catch {
      return null;
    }
  }

  /** Hidden subtrees seen by collect that are now shown (and forgotten). */
  function shown() {
    const out = [];
    for (const el of hidden) {
      if (!el.isConnected) hidden.delete(el);
      else if (!skipped(el)) {
        hidden.delete(el);
        out.push(el);
      }
    }
    return out;
  }

  RG.collect = collect;
  RG.shown = shown;
  RG.BLOCK = BLOCK;
  RG.blockOf = blockOf;
  RG.rangeOf = rangeOf;
})();
