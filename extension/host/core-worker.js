// The core in the offscreen document's worker: answers the service worker's
// calls (relayed by host.js) with the same API core.js gives locally, plus
// what a restarted service worker asks first: which list this core holds.
import { core, coreStats, coldStart } from '../background/core.js';
import { decodeNotes, readFile } from '../background/storage.js';

// Which host this is: a core of a host opened again counts its generations
// from 1 again, and the service worker must not take it for the one before.
const HOST_ID = crypto.randomUUID();

let held; // {generation, current, notes}: the list the service worker loaded, as it described it

self.addEventListener('message', async (e) => {
  const { hostCall: id, method, args } = e.data;
  let gen; // every answer says which core gave it, so the worker notices a restarted one
  const reply = (m) => self.postMessage({ hostReply: id, gen, ...m });
  try {
    const api = await core();
    gen = `${HOST_ID}:${api.generation}`;
    let r;
    switch (method) {
      case '_status':
        r = {
          generation: gen, fields: api.fields, fieldNames: api.fieldNames,
          methods: Object.keys(api).filter((k) => typeof api[k] === 'function'),
          held: held?.generation === api.generation ? held.current : undefined,
          coldStart, // when the host's core started, part by part (for the browser tests)
        };
        break;
      case '_hold':
        held = { generation: api.generation, current: args[0], notes: held?.current?.sha256 === args[0]?.sha256 ? held.notes : undefined };
        r = true;
        break;
      case '_holdNotes':
        if (held?.current?.sha256 === args[0]) held.notes = args[1];
        r = true;
        break;
      case '_notesAt': // (sha256, rumors, indexes)
        r = held?.notes && held.current?.sha256 === args[0] ? decodeNotes(held.notes, args[1], args[2]) : undefined;
        break;
      case '_loadStored': { // (current): the stored index of that list, read here
        const want = args[0];
        const [kept, notes] = await Promise.all([readFile('index'), readFile('notes')]);
        // true, or why not (for the service worker's cold-start record)
        r = kept?.sha256 !== want.sha256 ? `the stored index is of ${kept ? 'another list' : 'no list'}` : true;
        // A core holding another stored index cannot recompile it and says
        // so, but keeps the thresholds for the index loaded next (core.SetSensitivity).
        if (r === true) api.setSensitivity(want.sensitivity);
        const loaded = r === true && api.loadStoredIndex(kept.bytes, want.sha256, 0);
        if (loaded && !loaded.ok) r = `stored index: ${loaded.error}`;
        if (r === true) held = { generation: api.generation, current: want, notes: notes?.sha256 === want.sha256 ? notes.bytes : undefined };
        break;
      }
      case '_stats':
        r = coreStats();
        break;
      default:
        r = api[method](...args);
    }
    reply({ ok: r });
  } catch (err) {
    reply({ error: String(err?.message || err), code: err?.code });
  }
});
