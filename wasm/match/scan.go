// The scan: one pass over the text's words finds pairs of phrase words from
// the index, and runs of pair hits in phrase order become candidates.

package match

import (
	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// scanner holds one goroutine's scratch space, reused across scans so a scan
// allocates little beyond its results.
type scanner struct {
	m           *Matcher
	tz          textnorm.Tokenizer
	toks        []textToken
	runs        runTable
	cands       []candidate
	win         []windowWord
	arena       []byte
	dp          []cell
	sims        []float32 // similar of each phrase word and window word
	tails       []int32
	chainTree   []float32 // chainGain's Fenwick tree
	contentCols []int32   // the window's words that are not function words or negations
	passed      []passed  // pairs the filter passed, and their text token
	hits        []pairHit
	content     []int32 // a block's content words
	touch       uint64  // keeps the compiler from dropping loads made for the cache's sake
	found       []Match
	// The words of pattern phrasePat, built when a candidate needs them.
	phrase      []phraseWord
	phrasePat   int32 // -1: none yet
	phraseTotal float32
	phraseSpans []wordSpan
	phraseBuf   []byte
	// joinNumbers' copies of the phrase and the window, and each copied
	// phrase word's index in the pattern (empty when nothing was merged).
	joinPhrase []phraseWord
	joinWin    []textToken
	joinOrig   []int32
	// Scratch space of bag.
	bagRows []int32
	bagBest []bagCell
	bagAcc  []float32
	// exhaustive aligns every candidate, bounds or not: tests compare it
	// with the bounded scan, which must find exactly the same.
	exhaustive bool
}

type passed struct {
	pair uint64
	tok  int32
}

// pairHit is an indexed pair found in the text: its pairEntry's v, and the
// text token of its later word.
type pairHit struct {
	v   uint32
	tok int32
}

// textToken is a text token: where it is and the hash of its normalized text.
type textToken = textnorm.Hashed

// windowWord is a word of a verification window: its normalized text in arena.
type windowWord struct {
	off, n int32
	mask   uint64
	flags  uint8
	pre4   uint32 // the first four bytes, 0 if shorter: a cheap inflection filter
}

// candidate is a stretch of text that may hold a phrase pattern: verify
// bounds it, then aligns it word by word.
type candidate struct {
	pat         uint32
	first, last int32  // text tokens of the first and latest hit
	firstPos    uint16 // pattern positions of those hits
	lastPos     uint16
}

// maxGap is how many text words may pass between two pair hits of one run;
// hitSlack is how many more text words than phrase words may lie between
// two hits (filler, a sentence put in between).
//
// needWords is how many phrase words the pair hits of a run must cover to
// make a candidate: any two pairs. Asking for four (two pairs apart, or three
// in a chain) cut the candidates in 1 MB of ordinary text at 10,000 rumors
// from 240 to 13, but lost 1.7% of the bundled list's variants with three
// typos per 30 characters (eval: 0.960 -> 0.943); mayScore rejects most of
// those candidates cheaply instead, without losing any.
const (
	maxGap    = 16
	hitSlack  = 10
	needWords = 3
)

func (s *scanner) scan(text string) []Match {
	m := s.m
	if len(text) >= 1<<31-1 {
		text = text[:1<<31-2] // offsets are int32; no page is 2 GB of text
	}
	s.runs.next()
	s.cands = s.cands[:0]
	s.toks = s.tz.AppendHashes(s.toks[:0], text)
	// The loop reads the function-word table and the pair filter through
	// locals: Go's wasm code reloads a struct's fields from memory on every
	// use, and this loop runs for every word of every page.
	stop := fixedFlags
	skeys, sflags, smul, sshift := stop.keys, stop.flags, stop.mul, stop.shift
	filter, fdir := m.idx.filter, m.idx.fdir
	// The loop over every word has no calls in it (Go's wasm code pays for
	// every call site in a loop: ~11% of the scan, measured in node); the
	// pairs the filter passes wait in a buffer, a block of words at a time.
	const block = 4096
	if s.passed == nil {
		s.passed = make([]passed, 2*block) // two pairs per word at the most
	}
	pass := s.passed
	if s.content == nil {
		s.content = make([]int32, block)
	}
	content := s.content
	if s.hits == nil {
		s.hits = make([]pairHit, 2*block)
	}
	hits := s.hits
	idx := &m.idx
	posts := idx.posts
	var prev1, prev2 uint64 // hashes of the last two content words
	toks := s.toks
	pairs, pshift := idx.pairs, idx.pshift
	pmask := uint64(len(pairs) - 1)
	for b := 0; b < len(toks); b += block {
		// First the block's content words (function words take no place
		// in a pair, as in the index).
		nc := contentWords(toks, b, min(b+block, len(toks)), skeys, sflags, smul, uint64(sshift), content)
		// Then their pairs' filter probes, in a function of their own
		// called once a block: in this loop's body, with all the values
		// live across it, Go's wasm code kept fewer of the probes' values
		// in locals (the call saved 4.5% of the scan's time at 100,000
		// rumors and 2% at 1,000, in node, scans of the old and the new
		// code alternated in one process).
		var np int
		if len(fdir) == 2 {
			np, prev1, prev2 = probeOneSlot(toks, content[:nc], pass, filter, uint64(fdir[1]), prev1, prev2)
		} else {
			np, prev1, prev2 = probeFilter(toks, content[:nc], pass, filter, fdir, prev1, prev2)
		}
		// The passed pairs' home slots in the pair table, loaded in a loop
		// without branches first: the lookups below branch on each slot's
		// key, and Go's wasm code fits few lookups in the CPU's window.
		var touch uint64
		for _, x := range pass[:np] {
			touch += uint64(pairs[x.pair>>pshift].key)
		}
		// Look up every pair the block passed before acting on any: the
		// lookups do not depend on each other, so the CPU overlaps their
		// cache misses (the pair table is megabytes for 10,000 rumors),
		// which it cannot while each lookup waits for the hits before it.
		nh := 0
		for _, x := range pass[:np] {
			// The pair's slot, then the next ones (linear probing) until
			// its key or an empty slot; over locals, which Go's wasm code
			// does not reload from memory on every probe.
			key := uint32(x.pair)
			for i := x.pair >> pshift; ; i = (i + 1) & pmask {
				e := &pairs[i]
				if e.key == key {
					hits[nh] = pairHit{v: e.v, tok: x.tok}
					nh++
					break
				}
				if e.key == 0 {
					break
				}
			}
		}
		// The same for the postings of the pairs that have a list of them.
		for _, h := range hits[:nh] {
			if h.v&inlineBit == 0 {
				touch += uint64(posts[h.v].pat)
			}
		}
		s.touch = touch
		s.pairHits(hits[:nh])
	}
	s.found = s.found[:0]
	for i := range s.cands {
		s.verify(text, &s.cands[i])
	}
	return s.merge()
}

// probeFilterGo probes the filter for the pairs that end in each content word
// (the text tokens content lists) with the two content words before it
// (prev1, prev2, carried from block to block) and writes the pairs to pass,
// counting only those the filter passes. It returns the count and the last
// two content words' hashes. A word's pairs are in its directory slot's
// filter words (see fdir): the slot is looked up once for both.
//
// Written out rather than looped over: Go's wasm code keeps a loop's array
// in memory. Each pair is written to pass and counted only if the filter
// passes it, without a branch on the filter's word: that branch was taken
// for one pair in ten at 100,000 rumors, unpredictably, and resolved only
// when the word came from memory (the filter is megabytes there).
//
// The wasm build runs the same loop written in WebAssembly (probe_wasm.s);
// this is the one every other build runs, and the reference the wasm one is
// tested against.
func probeFilterGo(toks []textToken, content []int32, pass []passed, filter []uint64, fdir []uint32, prev1, prev2 uint64) (int, uint64, uint64) {
	np := 0
	ndir := uint64(len(fdir) - 1)
	for _, j := range content {
		h := toks[j].Hash
		d := fslot(h, ndir)
		first := uint64(fdir[d])
		n := uint64(fdir[d+1]) - first
		if prev1 != 0 && prev1 != h {
			p := pairHash(prev1, h)
			pass[np] = passed{p, j}
			np += filterPasses(filter[fword(first, n, p)], filterMask(p))
		}
		if prev2 != 0 && prev2 != h {
			p := pairHash(prev2, h)
			pass[np] = passed{p, j}
			np += filterPasses(filter[fword(first, n, p)], filterMask(p))
		}
		prev1, prev2 = h, prev1
	}
	return np, prev1, prev2
}

// probeOneSlotGo is probeFilter for a directory of one slot, whose n words
// are all of the filter but its last (see layFilter): the same words,
// without the directory's loads. The wasm build runs the same loop written
// in WebAssembly (probe_wasm.s); this is the one every other build runs,
// and the reference the wasm one is tested against.
func probeOneSlotGo(toks []textToken, content []int32, pass []passed, filter []uint64, n uint64, prev1, prev2 uint64) (int, uint64, uint64) {
	np := 0
	for _, j := range content {
		h := toks[j].Hash
		if prev1 != 0 && prev1 != h {
			p := pairHash(prev1, h)
			pass[np] = passed{p, j}
			np += filterPasses(filter[fword(0, n, p)], filterMask(p))
		}
		if prev2 != 0 && prev2 != h {
			p := pairHash(prev2, h)
			pass[np] = passed{p, j}
			np += filterPasses(filter[fword(0, n, p)], filterMask(p))
		}
		prev1, prev2 = h, prev1
	}
	return np, prev1, prev2
}

// contentWordsGo writes to content the tokens from from to to that are not
// function words and returns how many, without a branch on whether a word
// is one: the CPU could not predict it. The wasm build runs the same loop
// written in WebAssembly (probe_wasm.s); this is the one every other build
// runs, and the reference the wasm one is tested against.
func contentWordsGo(toks []textToken, from, to int, keys []uint64, flags []uint8, mul, shift uint64, content []int32) int {
	nc := 0
	for j := from; j < to; j++ {
		h := toks[j].Hash
		k := (h * mul) >> shift << 1
		f := flagIf(keys[k], h, flags[k]) | flagIf(keys[k+1], h, flags[k+1])
		content[nc] = int32(j)
		nc += int(f&uint64(wordStop) ^ uint64(wordStop))
	}
	return nc
}

// pairHits records the hits of indexed pairs, in text order: each posting
// of a pair extends its pattern's run of hits, or starts one. Written as one
// loop without calls but the rare sweep: Go's wasm code pays for each call,
// and at 100,000 rumors a megabyte of text has some 40,000 postings to record.
func (s *scanner) pairHits(hits []pairHit) {
	posts, rt := s.m.idx.posts, &s.runs
	slots, mask, gen, taken := rt.slots, uint32(len(rt.slots)-1), rt.epoch, rt.taken
	var one [1]posting
	for _, h := range hits {
		ps := one[:]
		if h.v&inlineBit != 0 {
			one[0] = inlined(h.v)
		} else {
			ps = posts[h.v+1 : h.v+1+posts[h.v].pat]
		}
		j := h.tok
		if 2*(len(taken)+len(ps)) > len(slots) {
			rt.taken = taken
			rt.sweep(j, len(ps))
			slots, mask, gen, taken = rt.slots, uint32(len(rt.slots)-1), rt.epoch, rt.taken
		}
		for _, p := range ps {
			key := p.pat + 1
			i := key * 0x9E3779B1 >> rt.shift
			for slots[i].gen == gen && slots[i].key != key {
				i = (i + 1) & mask
			}
			st := &slots[i]
			fresh := st.gen != gen
			if fresh {
				taken = append(taken, i)
			}
			if fresh || j-st.last > maxGap || p.pos <= st.pos && j != st.last {
				// A new run: none yet, too far from the last hit, or the
				// phrase started over (the text repeats it).
				*st = hitRun{key: key, gen: gen, first: j, last: j, firstPos: p.pos, pos: p.pos, words: 2, candidate: -1}
				continue
			}
			if j == st.last {
				continue // the adjacent and the skip pair of one word: one hit
			}
			// A hit counts only in phrase order and about as far from the
			// last one as in the phrase: two common pairs that happen to be
			// near each other in ordinary text rarely line up like that.
			if j-st.last > int32(p.pos-st.pos)+hitSlack {
				*st = hitRun{key: key, gen: gen, first: j, last: j, firstPos: p.pos, pos: p.pos, words: 2, candidate: -1}
				continue
			}
			if p.pos-uint16(p.back) > st.pos {
				st.words += 2 // a pair apart from the last one
			} else {
				st.words++ // a pair that shares a word with the last one, or overlaps it
			}
			st.pos = p.pos
			st.last = j
			if st.candidate >= 0 {
				c := &s.cands[st.candidate]
				c.last, c.lastPos = j, p.pos
				continue
			}
			if st.words >= needWords {
				st.candidate = int32(len(s.cands))
				s.cands = append(s.cands, candidate{pat: p.pat, first: st.first, last: j, firstPos: st.firstPos, lastPos: p.pos})
			}
		}
	}
	rt.taken = taken
}
