// The offscreen document that keeps the core alive across service worker
// restarts (Chromium): it starts the core in a dedicated worker and relays
// the service worker's calls to it and the answers back. It holds no page
// text beyond a call in flight.
const worker = new Worker(new URL('core-worker.js', import.meta.url), { type: 'module' });
const callers = new Map(); // call id -> the service worker that asked

// Closed after this long without a call, so the list's memory is held only
// while the person browses: the service worker then runs the core itself
// again at its next start, and prepares a new host.
// (host.html?idleMs=N: the browser test's shorter wait; the worker opens
// host.html without it.)
const IDLE_MS = Number(new URLSearchParams(location.search).get('idleMs')) || 10 * 60 * 1000;
let idle;
const awake = () => {
  clearTimeout(idle);
  idle = setTimeout(() => window.close(), IDLE_MS);
};
awake();

navigator.serviceWorker.addEventListener('message', (e) => {
  if (e.data?.hostCall === undefined) return;
  awake();
  callers.set(e.data.hostCall, e.source);
  worker.postMessage(e.data);
});
navigator.serviceWorker.startMessages();

worker.addEventListener('message', async (e) => {
  const to = callers.get(e.data.hostReply) || (await navigator.serviceWorker.ready).active;
  callers.delete(e.data.hostReply);
  to?.postMessage(e.data);
});
