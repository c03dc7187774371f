// The peer for rumorctl eval: fuse.js 7 used the way extension authors use
// it, an index of the rumor phrases and a search per sentence of text.
// Reads {phrases: [{rumor, text}], positives: [{sentences}], negatives: [{sentences}], threshold}
// from the file in argv[2]; writes {found: [rumor|null per positive], fp: [index of negatives hit], ms}.
// A positive's answer is the best-scoring hit over its sentences; a negative
// counts as a false positive when any of its sentences gets a hit.
import { readFileSync } from 'node:fs';
import Fuse from 'fuse.js';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const fuse = new Fuse(input.phrases, { keys: ['text'], includeScore: true, threshold: input.threshold, ignoreLocation: true });
const t0 = performance.now();
const best = (sentences) => {
  let top = null;
  for (const s of sentences) {
    const [r] = fuse.search(s, { limit: 1 });
    if (r && (!top || r.score < top.score)) top = r;
  }
  return top ? top.item.rumor : null;
};
const found = input.positives.map((p) => best(p.sentences || []));
const fp = [];
input.negatives.forEach((n, i) => {
  if (best(n.sentences || [])) fp.push(i);
});
console.log(JSON.stringify({ found, fp, ms: performance.now() - t0 }));
