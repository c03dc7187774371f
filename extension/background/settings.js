// User settings, in extension storage. Defaults point at a list server on
// this machine, which `scripts/run` starts. Every scan batch asks whether its
// site is paused, so settings are read from storage once and kept until
// storage says they changed (from the options page, the popup or a test).
export const DEFAULTS = {
  server: 'http://127.0.0.1:9900',
  // One list, by name. The core holds one list at a time and versions are
  // per list, so several names could not be merged honestly: one field.
  list: 'default',
  sensitivity: 'default',
  paused: [], // hosts
  suppressed: [], // {host, rumor, at}: "not a match" choices, kept on this device only
};

export const SENSITIVITIES = ['stricter', 'default', 'looser'];
const LIST_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const HOST = /^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i;

let cached;

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings) cached = undefined;
});

/**
 * Brings stored settings to the current shape: older versions kept a lists
 * array and "not a match" choices as "host rumor" strings. lists is derived
 * for code that still reads it (background/lists.js reads lists[0]).
 */
function normalize(s) {
  const out = { ...DEFAULTS, ...(s || {}) };
  if (!s?.list && Array.isArray(s?.lists) && s.lists[0]) out.list = s.lists[0];
  out.suppressed = (out.suppressed || []).map((x) => {
    if (typeof x !== 'string') return x;
    const i = x.indexOf(' ');
    return { host: x.slice(0, i), rumor: x.slice(i + 1), at: 0 };
  });
  out.lists = [out.list];
  return out;
}

export function settings() {
  cached ||= chrome.storage.local.get('settings').then(({ settings: s }) => normalize(s));
  return cached;
}

/** Checks a patch from the options page; throws an Error that says what to fix. */
export function validate(patch) {
  if ('server' in patch) {
    let u;
    try {
      u = new URL(patch.server);
    } catch {
      throw new Error(`list server "${patch.server}" is not a URL: write it like http://127.0.0.1:9900`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`list server "${patch.server}" must start with https:// or http://`);
  }
  if ('list' in patch && !LIST_NAME.test(patch.list)) {
    throw new Error(`list name "${patch.list}" may hold only lower-case letters, digits and dashes (like "default")`);
  }
  if ('sensitivity' in patch && !SENSITIVITIES.includes(patch.sensitivity)) {
    throw new Error(`sensitivity "${patch.sensitivity}" must be one of ${SENSITIVITIES.join(', ')}`);
  }
  if ('paused' in patch) {
    for (const h of patch.paused) {
      if (!HOST.test(h)) throw new Error(`paused site "${h}" is not a host name: write it like example.org`);
    }
  }
}

export async function saveSettings(patch) {
  const { lists, ...rest } = { ...(await settings()), ...patch };
  const s = normalize(rest);
  const { lists: _derived, ...stored } = s;
  await chrome.storage.local.set({ settings: stored });
  cached = Promise.resolve(s);
  return s;
}
