// User settings, in extension storage. Defaults point at a list server on
// this machine, which `scripts/run` starts. Every scan batch asks whether its
// site is paused, so settings are read from storage once and kept until
// storage says they changed (from the options page, the popup or a test).
export const DEFAULTS = {
  server: 'http://127.0.0.1:9900',
  lists: ['default'],
  sensitivity: 'default',
  paused: [],
  suppressed: [], // "host rumor-id" pairs the user marked as not a match
};

let cached;

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings) cached = undefined;
});

export function settings() {
  cached ||= chrome.storage.local.get('settings').then(({ settings: s }) => ({ ...DEFAULTS, ...(s || {}) }));
  return cached;
}

export async function saveSettings(patch) {
  const s = { ...(await settings()), ...patch };
  await chrome.storage.local.set({ settings: s });
  cached = Promise.resolve(s);
  return s;
}
