// fuse.js 7 as extension authors use it, for scripts/bench: an index of the
// phrases of a synthetic list, each sentence of the text searched.
// argv: LIST.json TEXT.txt -> {mbps, ms, bytes, rumors, recall}
import { readFileSync } from 'node:fs';
import Fuse from 'fuse.js';

const list = JSON.parse(readFileSync(process.argv[2], 'utf8')); // {phrases: [{rumor, text}], planted: [{rumor, text}]}
const text = readFileSync(process.argv[3], 'utf8');
const fuse = new Fuse(list.phrases, { keys: ['text'], includeScore: true, threshold: 0.4, ignoreLocation: true });
const sentences = text.split(/(?<=[.!?])\s+/);
const t0 = performance.now();
for (const s of sentences) fuse.search(s, { limit: 1 });
const ms = performance.now() - t0;
let found = 0;
for (const p of list.planted) {
  const hit = fuse.search(p.text, { limit: 1 })[0];
  if (hit && hit.item.rumor === p.rumor) found++;
}
console.log(JSON.stringify({ ms, bytes: Buffer.byteLength(text), mbps: Buffer.byteLength(text) / 1e6 / (ms / 1000), rumors: new Set(list.phrases.map((p) => p.rumor)).size, recall: found / list.planted.length }));
