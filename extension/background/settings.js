// User settings, in extension storage. Defaults point at a list server on
// this machine, which `scripts/run` starts.
export const DEFAULTS = {
  server: 'http://127.0.0.1:9900',
  lists: ['default'],
  sensitivity: 'default',
  paused: [],
  suppressed: [], // "host rumor-id" pairs the user marked as not a match
};

export async function settings() {
  const { settings: s } = await chrome.storage.local.get('settings');
  return { ...DEFAULTS, ...(s || {}) };
}

export async function saveSettings(patch) {
  const s = { ...(await settings()), ...patch };
  await chrome.storage.local.set({ settings: s });
  return s;
}
