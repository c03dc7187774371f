// The peer for rumorctl eval: fuse.js 7 used the way extension authors use
// it, an index of the rumor phrases and a search per sentence of text.
// Reads {phrases: [{rumor, text}], positives: [{rumor, text}], negatives: [text], threshold}
// from the file in argv[2]; writes {found: [rumor|null per positive], fp: [index of negatives hit], ms}.
import { readFileSync } from 'node:fs';
import Fuse from 'fuse.js';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const fuse = new Fuse(input.phrases, { keys: ['text'], includeScore: true, threshold: input.threshold, ignoreLocation: true });
const t0 = performance.now();
const best = (text) => {
  const r = fuse.search(text, { limit: 1 });
  return r.length ? r[0].item.rumor : null;
};
const found = input.positives.map((p) => best(p.text));
const fp = [];
input.negatives.forEach((s, i) => {
  if (best(s)) fp.push(i);
});
console.log(JSON.stringify({ found, fp, ms: performance.now() - t0 }));
