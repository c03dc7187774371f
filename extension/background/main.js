// The background: owns the core and the list, answers the content scripts
// (scan batches of page text) and the popup. It is a service worker in
// Chromium and an event page in Firefox; it may be stopped at any time, so
// everything it must remember is in extension storage.
import { core, decodeResults } from './core.js';
import * as lists from './lists.js';
import { settings, saveSettings } from './settings.js';

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

async function setTabMatches(tabId, frameId, url, found) {
  const key = `tab:${tabId}`;
  const all = (await tabMatches(tabId)).filter((m) => m.frameId !== frameId || m.url !== url);
  const next = frameId === 0 ? all.filter((m) => m.url === url || m.frameId !== 0) : all;
  next.push(...found.map((m) => ({ ...m, frameId, url })));
  await chrome.storage.session.set({ [key]: next });
  const warn = next.filter((m) => m.tier === 2 && !m.debunked).length;
  chrome.action.setBadgeText({ tabId, text: warn ? String(warn) : next.length ? '·' : '' });
  chrome.action.setBadgeBackgroundColor({ tabId, color: warn ? '#b42318' : '#667085' });
}

chrome.tabs?.onRemoved.addListener((tabId) => chrome.storage.session.remove(`tab:${tabId}`));
// A new page in the tab: its old matches no longer apply.
chrome.tabs?.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') {
    chrome.storage.session.remove(`tab:${tabId}`);
    chrome.action.setBadgeText({ tabId, text: '' });
  }
});

async function handle(msg, sender) {
  switch (msg.type) {
    case 'hello': {
      // A content script starting: is this site paused, and what is the list?
      const s = await settings();
      const host = hostOf(sender.url || msg.url);
      if (s.paused.includes(host)) return { paused: true };
      const info = await lists.info();
      // Rumor texts travel with scan results, only for the rumors found, so a
      // large list is not copied into every frame of every page.
      const here = String(sender.url || msg.url || '').split('#')[0].replace(/\/$/, '');
      const isSource = await lists.isSource(here);
      return {
        paused: false,
        list: { name: info.name, version: info.version },
        isSource,
        suppressed: s.suppressed.filter((x) => x.startsWith(host + ' ')).map((x) => x.slice(host.length + 1)),
        lang: uiLang(),
      };
    }
    case 'scan': {
      const s = await settings();
      if (s.paused.includes(hostOf(sender.url || ''))) return { paused: true };
      const info = await lists.info();
      const api = await core();
      const t0 = performance.now();
      const res = decodeResults(api, api.scan(msg.texts.join('\u0000')));
      const found = [...new Set(res.map((r) => r[1]))];
      const rumors = {};
      (await lists.rumorsAt(found)).forEach((r, k) => { rumors[found[k]] = r; });
      return { version: info.version, results: res, rumors, ms: performance.now() - t0 };
    }
    case 'framed': {
      await lists.ready();
      return { framed: (await core()).framed(msg.text) };
    }
    case 'found':
      if (sender.tab) await setTabMatches(sender.tab.id, sender.frameId ?? 0, sender.url, msg.matches);
      return {};
    case 'notAMatch': {
      // Kept on this device only: feedback never leaves the browser.
      const s = await settings();
      const key = `${hostOf(sender.url || '')} ${msg.rumor}`;
      if (!s.suppressed.includes(key)) await saveSettings({ suppressed: [...s.suppressed, key] });
      return {};
    }
    case 'status': {
      const info = await lists.info();
      const s = await settings();
      const u = await lists.updateState();
      const tab = msg.tabId !== undefined ? await tabMatches(msg.tabId) : [];
      const ids = new Set(tab.map((m) => m.rumor));
      const rumors = (await lists.rumors()).filter((r) => ids.has(r.id));
      return { list: info, update: u, matches: tab, rumors, paused: s.paused.includes(msg.host), settings: s };
    }
    case 'checkNow':
      await lists.checkForUpdates();
      return handle({ type: 'status', tabId: msg.tabId, host: msg.host }, sender);
    case 'setPaused': {
      const s = await settings();
      const paused = s.paused.filter((h) => h !== msg.host);
      if (msg.paused) paused.push(msg.host);
      await saveSettings({ paused });
      return { paused: msg.paused };
    }
    case 'saveSettings': {
      const s = await saveSettings(msg.settings);
      await lists.applySettings();
      return { settings: s };
    }
    case 'timing': {
      // Cold-start measurement for tests and benchmarks.
      const t0 = performance.now();
      const api = await core();
      await lists.ready();
      return { coreStartMs: api.startMs, readyMs: performance.now() - t0 };
    }
    default:
      throw new Error(`unknown message ${msg.type}`);
  }
}

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  handle(msg, sender).then(reply, (e) => reply({ error: String(e.message || e) }));
  return true; // reply asynchronously
});

// Start the core and the list as soon as the worker starts, so the first
// scan does not wait for it.
lists.ready().catch((e) => console.error('rumorguard: list', e));
