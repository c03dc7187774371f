package match

import "github.com/rumorguard/rumorguard/wasm/textnorm"

// ScanExhaustive scans like Scan but aligns every candidate, without the
// bounds that skip most alignments: the bounds are exact, so both must
// return the same matches.
func ScanExhaustive(m *Matcher, text string) []Match {
	s := &scanner{m: m, phrasePat: -1, exhaustive: true}
	return s.scan(text)
}

// ContentWords counts the words of text that are neither function words nor
// negations: what an alignment counts as evidence (minWordsResemble).
func ContentWords(text string) int {
	var tz textnorm.Tokenizer
	n := 0
	for _, t := range tz.AppendHashes(nil, text) {
		if wordFlags(t.Hash)&(wordStop|wordNeg) == 0 {
			n++
		}
	}
	return n
}

// MinWordsResemble is the fewest content words any match has.
const MinWordsResemble = minWordsResemble

// ScanCounts scans text and says how much work each stage of the scan had:
// content-word pairs probed in the filter, pairs the filter passed, pairs
// found in the pair table, postings recorded, and candidates verified. The
// scan does not count; this walks the text again with the same index.
func ScanCounts(m *Matcher, text string) (probed, passed, inTable, postings, candidates int) {
	s := &scanner{m: m, phrasePat: -1}
	s.scan(text)
	candidates = len(s.cands)
	x := &m.idx
	mask := uint64(len(x.pairs) - 1)
	look := func(later, p uint64) {
		probed++
		if filterPasses(x.filter[x.fwordOf(later, p)], filterMask(p)) == 0 {
			return
		}
		passed++
		for i := p >> x.pshift; x.pairs[i].key != 0; i = (i + 1) & mask {
			if e := x.pairs[i]; e.key == uint32(p) {
				inTable++
				if e.v&inlineBit != 0 {
					postings++
				} else {
					postings += int(x.posts[e.v].pat)
				}
				return
			}
		}
	}
	var prev1, prev2 uint64
	for _, t := range s.toks {
		h := t.Hash
		if wordFlags(h)&wordStop != 0 {
			continue
		}
		if prev1 != 0 && prev1 != h {
			look(h, pairHash(prev1, h))
		}
		if prev2 != 0 && prev2 != h {
			look(h, pairHash(prev2, h))
		}
		prev1, prev2 = h, prev1
	}
	return
}

// fwordOf is the filter word of pair p with the later word whose hash is later.
func (x *pairIndex) fwordOf(later, p uint64) uint64 {
	d := fslot(later, uint64(len(x.fdir)-1))
	return fword(uint64(x.fdir[d]), uint64(x.fdir[d+1]-x.fdir[d]), p)
}

// WithFilterDirectory runs f with every filter laid out with a directory,
// as only large lists' are (see smallFilterWords), so tests reach that
// layout with lists that compile fast.
func WithFilterDirectory(f func()) {
	defer func(w int) { smallFilterWords = w }(smallFilterWords)
	smallFilterWords = 0
	f()
}

// FilterSlots is how many slots the filter's directory has.
func FilterSlots(m *Matcher) int { return len(m.idx.fdir) - 1 }

// Candidates scans text and returns its candidates: pattern, first and last
// text token, and their places in the pattern.
func Candidates(m *Matcher, text string) [][5]int {
	s := &scanner{m: m, phrasePat: -1}
	s.scan(text)
	out := make([][5]int, len(s.cands))
	for i, c := range s.cands {
		out[i] = [5]int{int(c.pat), int(c.first), int(c.last), int(c.firstPos), int(c.lastPos)}
	}
	return out
}

// WithRunSlots runs f with the scan's table of hit runs starting at n
// slots: a small table sweeps and grows all the time, a large one never.
func WithRunSlots(n int, f func()) {
	defer func(n int) { minRunSlots = n }(minRunSlots)
	minRunSlots = n
	f()
}
