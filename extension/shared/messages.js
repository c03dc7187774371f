// Every message that crosses between the content scripts, the background and
// the extension's pages (popup, options), in one place: its type, who sends
// it, what it carries, and a constructor that builds it. Senders use the
// constructors, receivers check() what arrives, so a renamed field or a typo
// in a type fails loudly at the boundary instead of as an undefined further
// on. A classic script, because content scripts cannot be modules: it sets
// globalThis.RumorguardMessages, and the background and pages import it for
// that effect (import '../shared/messages.js').
(() => {
  if (globalThis.RumorguardMessages) return;

  // Field kinds: a trailing '?' makes a field optional.
  const is = {
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number' && Number.isFinite(v),
    boolean: (v) => typeof v === 'boolean',
    array: (v) => Array.isArray(v),
    object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    strings: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  };

  /**
   * type -> {from, to, fields}. from/to say which side sends and which
   * answers; fields are what the message carries besides its type.
   */
  const SCHEMA = {
    // content -> background
    hello: { from: 'content', to: 'background', fields: { url: 'string' } },
    scan: { from: 'content', to: 'background', fields: { texts: 'strings' } },
    // the page's framing signals and each match section's (content/signals.js)
    framing: { from: 'content', to: 'background', fields: { page: 'object', sections: 'array' } },
    found: { from: 'content', to: 'background', fields: { matches: 'array' } },
    // content (the note) or popup -> background. The content script's host is
    // the sender's; the popup names the host of the tab it belongs to.
    notAMatch: { from: 'content|popup', to: 'background', fields: { rumor: 'string', host: 'string?' } },
    // popup or options -> background
    // The content script's host is the sender's, as for notAMatch.
    undoNotAMatch: { from: 'content|popup|options', to: 'background', fields: { rumor: 'string', host: 'string' } },
    status: { from: 'popup|options', to: 'background', fields: { tabId: 'number?', url: 'string?' } },
    checkNow: { from: 'popup', to: 'background', fields: { tabId: 'number?', url: 'string?' } },
    setPaused: { from: 'popup', to: 'background', fields: { host: 'string', paused: 'boolean' } },
    saveSettings: { from: 'options', to: 'background', fields: { settings: 'object' } },
    // popup -> content: scroll to an occurrence, flash it and open its note
    show: { from: 'popup', to: 'content', fields: { id: 'string' } },
    // background -> content: the site was paused or resumed, or a rumor was
    // marked "not a match" or restored; the content script drops or redraws
    // its marks at once.
    siteState: { from: 'background', to: 'content', fields: { paused: 'boolean', suppressed: 'strings' } },
  };

  const TYPES = Object.freeze(Object.fromEntries(Object.keys(SCHEMA).map((t) => [t.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(), t])));

  /**
   * Returns msg if it is a well-formed message of a known type (and, when
   * given, of the expected type); throws an Error naming what is wrong.
   */
  function check(msg, expected) {
    if (!is.object(msg) || typeof msg.type !== 'string') throw new Error('rumorguard message: not an object with a string "type"');
    const s = SCHEMA[msg.type];
    if (!s) throw new Error(`rumorguard message: unknown type "${msg.type}"`);
    if (expected && msg.type !== expected) throw new Error(`rumorguard message: expected "${expected}", got "${msg.type}"`);
    for (const [field, kind] of Object.entries(s.fields)) {
      const optional = kind.endsWith('?');
      const k = optional ? kind.slice(0, -1) : kind;
      if (msg[field] === undefined && optional) continue;
      if (!is[k](msg[field])) throw new Error(`rumorguard message "${msg.type}": field "${field}" must be ${optional ? 'absent or ' : ''}${k}`);
    }
    return msg;
  }

  // Constructors: the only way messages are built.
  const make = (type, fields) => check({ type, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) });
  const build = {
    hello: (url) => make('hello', { url }),
    scan: (texts) => make('scan', { texts }),
    framing: (page, sections) => make('framing', { page, sections }),
    found: (matches) => make('found', { matches }),
    notAMatch: (rumor, host) => make('notAMatch', { rumor, host }),
    undoNotAMatch: (rumor, host) => make('undoNotAMatch', { rumor, host }),
    status: (tabId, url) => make('status', { tabId, url }),
    checkNow: (tabId, url) => make('checkNow', { tabId, url }),
    setPaused: (host, paused) => make('setPaused', { host, paused }),
    saveSettings: (settings) => make('saveSettings', { settings }),
    show: (id) => make('show', { id }),
    siteState: (paused, suppressed) => make('siteState', { paused, suppressed }),
  };

  /**
   * One match of a scan, as the background sends it to the content script:
   * the core's result record (wasm/core Field* constants, decoded by name in
   * background/core.js) with the score as a fraction and debunked a boolean.
   * text is the index of the text in the scanned batch; start and end are
   * UTF-16 offsets into it; rumor indexes the rumors sent with the reply,
   * phrase that rumor's phrase that matched.
   */
  function scanMatch(r) {
    return { text: r.text, rumor: r.rumor, phrase: r.phrase, score: r.score / 1000, tier: r.tier, start: r.start, end: r.end, debunked: r.debunked === 1 };
  }

  globalThis.RumorguardMessages = Object.freeze({ TYPES, SCHEMA, check, ...build, scanMatch });
})();
