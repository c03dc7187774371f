// The background: owns the core and the list, answers the content scripts
// (scan batches of page text) and the popup. It is a service worker in
// Chromium and an event page in Firefox; it may be stopped at any time, so
// everything it must remember is in extension storage.
import { core, coldStart, decodeResults } from './core.js';
import * as lists from './lists.js';
import { settings, saveSettings, validate } from './settings.js';
import '../shared/messages.js';

const M = globalThis.RumorguardMessages;
const T = M.TYPES;

/**
 * The language the extension's own strings resolved to ("nl", "en"): notes
 * show a rumor's claim and summary in it, so they match the buttons around
 * them. (getUILanguage can differ from the locale Chromium picks messages in.)
 */
const uiLang = () => chrome.i18n.getMessage('langCode') || chrome.i18n.getUILanguage().split('-')[0];

const hostOf = (url) => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

chrome.runtime.onInstalled.addListener(() => lists.schedule(1));
chrome.runtime.onStartup.addListener(() => lists.schedule());
chrome.alarms.onAlarm.addListener((a) => {
  if (a.name === lists.ALARM) lists.checkForUpdates();
});

// Per-tab matches, for the popup and the toolbar badge. Session storage
// survives the worker stopping, not the browser closing.
async function tabMatches(tabId) {
  const key = `tab:${tabId}`;
  return (await chrome.storage.session.get(key))[key] || [];
}

// Frames of one tab report at the same moment (a page and its iframe both
// finish their first scan): each write reads the tab's list and writes it
// back, so writes for one tab run one after another or one frame's matches
// would be lost.
const tabWrites = new Map();

// frameId null: the whole tab (a paused site has no matches in any frame).
function setTabMatches(tabId, frameId, url, found) {
  const next = (tabWrites.get(tabId) || Promise.resolve())
    .then(() => writeTabMatches(tabId, frameId, url, found))
    .catch((e) => console.debug('rumorguard: tab matches', e));
  tabWrites.set(tabId, next);
  next.then(() => {
    if (tabWrites.get(tabId) === next) tabWrites.delete(tabId);
  });
  return next;
}

async function writeTabMatches(tabId, frameId, url, found) {
  const key = `tab:${tabId}`;
  const all = frameId === null ? [] : (await tabMatches(tabId)).filter((m) => m.frameId !== frameId || m.url !== url);
  const next = frameId === 0 ? all.filter((m) => m.url === url || m.frameId !== 0) : all;
  next.push(...found.map((m) => ({ ...m, frameId, url })));
  await chrome.storage.session.set({ [key]: next });
  const warn = next.filter((m) => m.tier === 2 && !m.debunked).length;
  chrome.action.setBadgeText({ tabId, text: warn ? String(warn) : next.length ? '·' : '' });
  chrome.action.setBadgeBackgroundColor({ tabId, color: warn ? '#b42318' : '#667085' });
}

chrome.tabs?.onRemoved.addListener((tabId) => chrome.storage.session.remove([`tab:${tabId}`, `seen:${tabId}`]));
// A new page in the tab: its old matches no longer apply, and whether a
// content script runs there is known again only when it says hello.
chrome.tabs?.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') {
    chrome.storage.session.remove([`tab:${tabId}`, `seen:${tabId}`]);
    chrome.action.setBadgeText({ tabId, text: '' });
  }
});

// A page's request wakes the worker, so the core starts and loads its list
// while the server answers: woken only by the tab's update (as the page
// commits), a stopped worker began its 0.2–0.9 s start after the whole
// response time, and the page waited for both. Nothing of the request is
// read or kept.
chrome.webRequest?.onBeforeRequest.addListener(() => {
  lists.ready().catch(() => {});
}, { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] });

const suppressedFor = (s, host) => s.suppressed.filter((x) => x.host === host).map((x) => x.rumor);

/**
 * Tells every tab on host what changed for it (paused or resumed, a rumor
 * marked "not a match" or restored), so its marks go or come back at once
 * instead of on the next page load. host undefined: every http(s) tab.
 */
async function tellTabs(host) {
  const s = await settings();
  for (const tab of await chrome.tabs.query({ url: ['http://*/*', 'https://*/*'] })) {
    const h = hostOf(tab.url);
    if (host !== undefined && h !== host) continue;
    const paused = s.paused.includes(h);
    if (paused) await setTabMatches(tab.id, null, tab.url, []);
    chrome.tabs.sendMessage(tab.id, M.siteState(paused, suppressedFor(s, h))).catch(() => {
      // no content script in that tab (opened before the extension): nothing drawn to change
    });
  }
}

// The host a "not a match" is about: the content script's own page, or the
// tab the popup belongs to (only extension pages may name one).
function hostFor(msg, sender) {
  if (sender.tab && sender.url && !sender.url.startsWith(chrome.runtime.getURL(''))) return hostOf(sender.url);
  if (!msg.host) throw new Error(`${msg.type}: name the host`);
  return msg.host;
}

/**
 * What the popup shows for a tab: whether Rumorguard runs there, its
 * matches and their rumors, the list and its update state, and whether the
 * site is paused.
 */
async function status(tabId) {
  const info = await lists.info();
  const s = await settings();
  const u = await lists.updateState();
  let tab = null;
  if (tabId !== undefined) tab = await chrome.tabs.get(tabId).catch(() => null);
  const host = hostOf(tab?.url || '');
  const matches = tab ? await tabMatches(tab.id) : [];
  const ids = new Set(matches.map((m) => m.rumor));
  const seen = tab ? (await chrome.storage.session.get(`seen:${tab.id}`))[`seen:${tab.id}`] : false;
  // Content scripts never run on browser pages (chrome://, about:), the
  // stores, or the PDF viewer: a page whose content script never said
  // hello once it finished loading is one of those.
  const available = !!tab && /^https?:/.test(tab.url || '') && (!!seen || tab.status === 'loading');
  const all = await lists.rumors();
  return {
    list: info, update: u, matches, rumors: all.filter((r) => ids.has(r.id)),
    host, available, paused: s.paused.includes(host), suppressed: suppressedFor(s, host), settings: s,
    // for the options page, which names every "not a match" choice
    suppressedRumors: all.filter((r) => s.suppressed.some((x) => x.rumor === r.id)),
  };
}

async function handle(msg, sender) {
  M.check(msg);
  switch (msg.type) {
    case T.HELLO: {
      // A content script starting: is this site paused, and what is the list?
      // (The popup's "seen" is written beside the rest: in a waking worker
      // the storage round trip is not added to the page's first answer.)
      const seen = sender.tab && (sender.frameId ?? 0) === 0
        ? chrome.storage.session.set({ [`seen:${sender.tab.id}`]: true }) : undefined;
      const s = await settings();
      const host = hostOf(sender.url || msg.url);
      if (s.paused.includes(host)) {
        await seen;
        return { paused: true };
      }
      const info = await lists.info();
      // Rumor texts travel with scan results, only for the rumors found, so a
      // large list is not copied into every frame of every page.
      const here = String(sender.url || msg.url || '').split('#')[0].replace(/\/$/, '');
      const isSource = await lists.isSource(here);
      await seen;
      return {
        paused: false,
        list: { name: info.name, version: info.version },
        isSource,
        suppressed: suppressedFor(s, host),
        lang: uiLang(),
      };
    }
    case T.SCAN: {
      const s = await settings();
      if (s.paused.includes(hostOf(sender.url || ''))) return { paused: true };
      const info = await lists.info();
      const api = await core();
      const results = decodeResults(api, await api.scan(msg.texts.join('\u0000'))).map(M.scanMatch);
      // Only the matched rumors' notes cross to the page, read from the
      // stored notes without decoding the whole list.
      const found = [...new Set(results.map((r) => r.rumor))];
      const rumors = {};
      (await lists.rumorsAt(found)).forEach((r, k) => { rumors[found[k]] = r; });
      return { version: info.version, results, rumors };
    }
    case T.FRAMING: {
      // The page's framing and each match section's (content/signals.js
      // collects them); the page's address is the browser's, not the page's say.
      // The content script asks for the page's framing beside its hello, before
      // it knows whether the site is paused: a paused site's signals are not read.
      const s = await settings();
      if (s.paused.includes(hostOf(sender.url || ''))) return { paused: true };
      await lists.ready();
      return (await core()).framing({ ...msg.page, url: sender.url || msg.page?.url || '' }, msg.sections || [], msg.earlier || []);
    }
    case T.FOUND:
      if (sender.tab) await setTabMatches(sender.tab.id, sender.frameId ?? 0, sender.url, msg.matches);
      return {};
    case T.NOT_A_MATCH: {
      // Kept on this device only: feedback never leaves the browser.
      const host = hostFor(msg, sender);
      const s = await settings();
      if (!s.suppressed.some((x) => x.host === host && x.rumor === msg.rumor)) {
        await saveSettings({ suppressed: [...s.suppressed, { host, rumor: msg.rumor, at: Date.now() }] });
      }
      await tellTabs(host);
      return { suppressed: true };
    }
    case T.UNDO_NOT_A_MATCH: {
      const host = hostFor(msg, sender);
      const s = await settings();
      await saveSettings({ suppressed: s.suppressed.filter((x) => !(x.host === host && x.rumor === msg.rumor)) });
      await tellTabs(host);
      return { suppressed: false };
    }
    case T.STATUS:
      return status(msg.tabId);
    case T.CHECK_NOW:
      await lists.checkForUpdates();
      return status(msg.tabId);
    case T.SET_PAUSED: {
      const s = await settings();
      const paused = s.paused.filter((h) => h !== msg.host);
      if (msg.paused) paused.push(msg.host);
      await saveSettings({ paused });
      await tellTabs(msg.host);
      return { paused: msg.paused };
    }
    case T.SAVE_SETTINGS: {
      validate(msg.settings);
      const s = await saveSettings(msg.settings);
      await lists.applySettings();
      await tellTabs();
      return { settings: s };
    }
    default:
      throw new Error(`${msg.type} is not a message for the background`);
  }
}

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  // The first of each kind of message: when it came and when it was
  // answered, on the worker's clock (the cold-start test reads them); and
  // the latest, in ms since the epoch, so the first-note benchmark can put
  // a warm page's round trips on the page's clock.
  const at = performance.now();
  const done = () => {
    const now = performance.now();
    ((coldStart.replies ||= {})[msg?.type] ??= [Math.round(at), Math.round(now)]);
    (coldStart.lastReply ||= {})[msg?.type] = [performance.timeOrigin + at, performance.timeOrigin + now];
  };
  handle(msg, sender).then((r) => { done(); reply(r); }, (e) => { done(); reply({ error: String(e.message || e) }); });
  return true; // reply asynchronously
});

// Start the core and the list as soon as the worker starts, so the first
// scan does not wait for it.
lists.ready().catch((e) => console.error('rumorguard: list', e));
