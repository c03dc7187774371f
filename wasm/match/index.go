package match

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"

	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// The scanner never looks words up: it keys everything by the 64-bit hash
// the tokenizer computes while it walks the text (textnorm.HashWord), so a
// page word costs one probe of a small, cache-resident table of function
// words and, for content words, two probes of a bit filter of the list's
// pairs. Only a pair the filter passes touches the pair table. Hash
// collisions between different words can only create a candidate; the
// verification compares the words themselves.

// pairHash keys the ordered pair (a, b) of word hashes. It is asymmetric, so
// (a, b) and (b, a) differ. Its high bits pick the pair's slot in the table
// and its word in the filter, its low bits the three bits in that word.
func pairHash(a, b uint64) uint64 {
	h := (a*0x9E3779B97F4A7C15 ^ b) * 0xbf58476d1ce4e5b9
	h ^= h >> 31
	if uint32(h) == 0 { // the table keys a pair by its low 32 bits, 0 is an empty slot
		h |= 1
	}
	return h
}

// pairIndex maps indexed pairs to their postings.
type pairIndex struct {
	// filter is a register-blocked Bloom filter: each pair sets three bits of
	// one 64-bit word, so a probe is one load: all bits of filterMask(p) set
	// in word fword(...) means "maybe indexed". The word lies in one of
	// the few lines of the pair's later word (see fdir).
	filter []uint64
	fdir   []uint32
	// pairs is an open-addressing table keyed by pairHash, at most two
	// thirds full. A pair of one phrase (most pairs) keeps its posting in its slot,
	// so a hit costs one cache miss, not three.
	pairs  []pairEntry
	pshift uint
	posts  []posting
}

// pairEntry is one indexed pair in eight bytes, so a cache line holds eight
// and the stored index is smaller (the table was three fifths of it at 16
// bytes an entry). key is the pair's hash's low 32 bits: its home slot comes
// from the high bits, so a pair meets another pair's key in its probe run
// about once in four billion lookups; the first answers, which at worst adds
// a candidate that the verification, comparing words, drops, or costs a
// phrase one of its many pairs. If v has inlineBit set it is the pair's only posting (see
// inlinePosting); otherwise posts[v] is a header whose pat is how many
// postings follow it.
type pairEntry struct {
	key uint32
	v   uint32
}

// An inline posting: the pattern in the low inlinePatBits bits, then the
// later word's place in its pattern and how far back the earlier word is,
// five bits each (a pattern has at most chunkWords, 32, words). A posting
// that does not fit goes to posts.
const (
	inlineBit       = 1 << 31
	inlinePatBits   = 21
	inlinePatMask   = 1<<inlinePatBits - 1
	inlinePlaceBits = 5
	inlinePlaceMask = 1<<inlinePlaceBits - 1
)

// inlinePosting packs p into an entry's v, if it fits.
func inlinePosting(p posting) (uint32, bool) {
	if p.pat > inlinePatMask || p.pos > inlinePlaceMask || p.back > inlinePlaceMask {
		return 0, false
	}
	return inlineBit | uint32(p.back)<<(inlinePatBits+inlinePlaceBits) | uint32(p.pos)<<inlinePatBits | p.pat, true
}

// inlined unpacks an entry's v made by inlinePosting.
func inlined(v uint32) posting {
	return posting{pat: v & inlinePatMask, pos: uint16(v >> inlinePatBits & inlinePlaceMask),
		back: uint8(v >> (inlinePatBits + inlinePlaceBits) & inlinePlaceMask)}
}

// The pairs that end in one word keep their filter bits in a few words of
// the filter of their own: fdir is a directory, by the later word's hash
// (fslot), of the filter words of the words in each slot, fdir[d] to
// fdir[d+1], at pairsPerWord pairs a word, rounded up; a pair's word is
// picked among them by the pair's hash (fword).
//
// The point is where a page's probes land. A page word's two probes (its
// pairs with the two content words before it) go to its slot's words, a
// line or two (a slot has some 35 pairs at 100,000 rumors, a common word's
// more), and a megabyte of text has some 95,000 content words but only
// about 16,000 distinct ones, so the lines a page loads repeat and stay in
// the cache. In the benchmark's megabyte at 100,000 rumors the probes load
// 31,000 distinct lines of the filter; with a word per pair anywhere in it
// they loaded 65,000, nearly all of its 4.5 MB, and most cost a miss. The
// directory is read once per page word; at most 1<<16 slots of four bytes,
// it stays in the cache too. One cache line per word, with no directory,
// overflowed: the common words end thousands of pairs, and with their
// lines full a third of a page's probes passed.
//
// A filter that fits a core's cache (smallFilterWords) has one slot, its
// words all of the filter, and the scan skips the directory (probeOneSlot):
// its lines are in the cache anyway, and the directory's loads cost 2-4%
// of the scan's time at 1,000 and 10,000 rumors (wasm in node). 10,000
// rumors make 0.6 MB of filter, 100,000 rumors 4.5 MB.
const (
	pairsPerWord      = 4  // 16 bits a pair keep false positives near 1%
	pairsPerDirectory = 32 // of the index's pairs, per slot of the directory
)

// smallFilterWords is 1 MB, the L2 cache of a core here. A variable only so
// that tests can give the small lists they compile a directory too.
var smallFilterWords = 1 << 17

// fslot is the directory slot of a pair's later word, whose hash is later,
// in a directory of ndir slots (len(fdir)-1): from the hash's top 16 bits,
// which is all a compiling pair keeps of it (see indexedPair), so there are
// at most 1<<16 slots.
func fslot(later, ndir uint64) uint64 { return (later >> 48 * ndir) >> 16 }

// fword is the filter word of pair p whose later word's slot has n words
// from word first: picked by p's top 32 bits. With n = 0 (no pair ends in
// the slot's words) it is the next slot's first word, or the filter's
// last, which is left for them.
func fword(first, n, p uint64) uint64 { return first + (p>>32*n)>>32 }

func filterMask(p uint64) uint64 {
	return 1<<(p&63) | 1<<(p>>6&63) | 1<<(p>>12&63)
}

// filterPasses is 1 if word has every bit of mask set and 0 otherwise,
// computed without a branch (see scan).
func filterPasses(word, mask uint64) int {
	x := word&mask ^ mask
	return int(1 - (x|-x)>>63)
}

// indexedPair is one indexed pair of one phrase while compiling.
//
// later takes the bytes pos does not need, so it stays sixteen bytes:
// compiling 100,000 rumors holds millions of them twice (see radixSortTop),
// and wasm memory never shrinks, so what compiling peaks at the worker
// keeps. With all 32 bits of later and 24 bytes, the Chromium bench's page
// grew to 474 MB at 100,000 rumors instead of 402.
type indexedPair struct {
	key   uint64 // pairHash
	pat   uint32
	later uint16 // the later word's hash's top 16 bits, for its filter words (fslot)
	pos   uint8  // index of the pair's later word in the pattern: < maxPatternWords
	back  uint8
}

// A pair's place in its pattern fits indexedPair.pos: this constant
// overflows, and the build fails, if patterns get longer than 256 words.
const _ = uint8(maxPatternWords - 1)

// buildIndex groups the pairs of all phrases, drops the postings prune
// marks and lays out the filter, the directory and the postings. t is in
// phrase order; the postings of each pair stay in that order.
func (m *Matcher) buildIndex(t []indexedPair) {
	// Group by key: a stable radix sort on the key's top bits, then a stable
	// sort of the buckets that hold more than one key. Four buckets per pair
	// keep those few and small.
	fine := max(1, min(24, bits.Len(uint(len(t)))+2))
	t = radixSortTop(t, fine)
	for i := 0; i < len(t); {
		j := i + 1
		mixed := false
		for j < len(t) && t[j].key>>(64-fine) == t[i].key>>(64-fine) {
			mixed = mixed || t[j].key != t[i].key
			j++
		}
		if mixed {
			sortByKey(t[i:j])
		}
		i = j
	}
	// A phrase lists each pair once, at its first place: postings of one key
	// are in phrase order, so a repeat follows its first.
	k := 0
	for i := range t {
		if k > 0 && t[k-1].key == t[i].key && t[k-1].pat == t[i].pat {
			continue
		}
		t[k] = t[i]
		k++
	}
	t = t[:k]
	drop := m.prune(t)

	// Count the kept keys, and the postings of keys with more than one,
	// which are all that posts holds with a header each: the slices are
	// made once, at size.
	var keys, listed int
	for i := 0; i < len(t); {
		j, kept := i, 0
		for ; j < len(t) && t[j].key == t[i].key; j++ {
			if !drop[j] {
				kept++
			}
		}
		if kept > 0 {
			keys++
		}
		if kept > 1 {
			listed += 1 + kept
		}
		i = j
	}
	x := &m.idx
	// Between a third and two thirds full: the table is touched only by
	// pairs the filter passes, nearly all of which are in it.
	pbits := bits.Len(uint(keys + keys/2))
	x.pshift = uint(64 - pbits)
	x.pairs = make([]pairEntry, 1<<pbits)
	x.layFilter(t, drop, keys)
	x.posts = make([]posting, 0, listed+2) // +2: a single posting and its header pass through before it is inlined
	mask := uint64(len(x.pairs) - 1)
	ndir := uint64(len(x.fdir) - 1)
	for i := 0; i < len(t); {
		j := i
		off := len(x.posts)
		x.posts = append(x.posts, posting{}) // the header: how many follow
		for ; j < len(t) && t[j].key == t[i].key; j++ {
			if !drop[j] {
				x.posts = append(x.posts, posting{pat: t[j].pat, pos: uint16(t[j].pos), back: t[j].back})
			}
		}
		n := len(x.posts) - off - 1
		if n == 0 {
			x.posts = x.posts[:off]
			i = j
			continue
		}
		p := t[i].key
		if off >= inlineBit {
			panic("match: more than 2^31 postings") // 16 GB of them: wasm has 4 GB in all
		}
		e := pairEntry{key: uint32(p), v: uint32(off)}
		if v, ok := inlinePosting(x.posts[off+1]); ok && n == 1 {
			e.v = v
			x.posts = x.posts[:off]
		} else {
			x.posts[off].pat = uint32(n)
		}
		k := p >> x.pshift
		for x.pairs[k].key != 0 {
			k = (k + 1) & mask
		}
		x.pairs[k] = e
		d := fslot(uint64(t[i].later)<<48, ndir)
		x.filter[fword(uint64(x.fdir[d]), uint64(x.fdir[d+1]-x.fdir[d]), p)] |= filterMask(p)
		i = j
	}
}

// layFilter makes the filter's directory and the filter, empty, for the
// keys kept keys of t (grouped by key; drop says which postings prune
// dropped): each slot gets words for its words' pairs at pairsPerWord,
// rounded up, and one word more is at the end (see fword).
func (x *pairIndex) layFilter(t []indexedPair, drop []bool, keys int) {
	ndir := min(max(1, keys/pairsPerDirectory), 1<<16)
	if keys/pairsPerWord < smallFilterWords {
		ndir = 1
	}
	count := make([]uint32, ndir+1)
	for i := 0; i < len(t); {
		j, kept := i, false
		for ; j < len(t) && t[j].key == t[i].key; j++ {
			kept = kept || !drop[j]
		}
		if kept {
			count[fslot(uint64(t[i].later)<<48, uint64(ndir))]++
		}
		i = j
	}
	var words uint32
	for d, c := range count[:ndir] {
		count[d] = words
		words += (c + pairsPerWord - 1) / pairsPerWord
	}
	count[ndir] = words
	x.fdir = count
	x.filter = make([]uint64, words+1)
}

// sortByKey sorts trips stably by key: by insertion for the small buckets
// it nearly always gets.
func sortByKey(t []indexedPair) {
	if len(t) > 32 {
		slices.SortStableFunc(t, func(x, y indexedPair) int { return cmp.Compare(x.key, y.key) })
		return
	}
	for i := 1; i < len(t); i++ {
		x := t[i]
		j := i
		for ; j > 0 && t[j-1].key > x.key; j-- {
			t[j] = t[j-1]
		}
		t[j] = x
	}
}

// radixSortTop sorts trips stably by the top b bits of their key (b ≤ 24),
// in at most two passes: far cheaper than a comparison sort of the same
// slice, and compile is on the extension's cold-start path.
func radixSortTop(t []indexedPair, b int) []indexedPair {
	buf := make([]indexedPair, len(t))
	lo := b / 2
	for _, d := range [2]struct{ shift, width int }{{64 - b, lo}, {64 - b + lo, b - lo}} {
		if d.width == 0 {
			continue
		}
		mask := uint64(1)<<d.width - 1
		count := make([]int, 1<<d.width+1)
		for i := range t {
			count[(t[i].key>>d.shift)&mask+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for i := range t {
			c := (t[i].key >> d.shift) & mask
			buf[count[c]] = t[i]
			count[c]++
		}
		t, buf = buf, t
	}
	return t
}

// flagTable holds the flags of the fixed word sets (function words,
// negations, debunk cues) by word hash: a few hundred words in a table
// small enough to stay in cache while every page word probes it.
//
// A probe has no branches: a word's bucket has two slots, compared both,
// and the multiplier that picks buckets is chosen so that no bucket holds
// more than two words. Whether a page word is a function word is a coin
// toss the CPU cannot predict; a probe loop with a branch on it cost more
// than a quarter of the scan at 1,000 rumors.
type flagTable struct {
	keys  []uint64 // two per bucket; 0 is empty (no word hashes to 0)
	flags []uint8
	mul   uint64
	shift uint
}

// flaggedWords is a set of words with the flag each of them carries.
type flaggedWords struct {
	flag  uint8
	words string // separated by white space
}

// hashFlags is one word of a flag table: its hash and its flags.
type hashFlags struct {
	h uint64
	f uint8
}

// flagTableWords hashes the words of sets, one entry per word with its
// flags merged, sorted by hash.
func flagTableWords(sets []flaggedWords) []hashFlags {
	var hs []hashFlags
	for _, set := range sets {
		for _, w := range strings.Fields(set.words) {
			hs = append(hs, hashFlags{textnorm.HashWord([]byte(w)), set.flag})
		}
	}
	slices.SortFunc(hs, func(a, b hashFlags) int { return cmp.Compare(a.h, b.h) })
	var all []hashFlags
	for _, x := range hs {
		if n := len(all); n > 0 && all[n-1].h == x.h {
			all[n-1].f |= x.f
		} else {
			all = append(all, x)
		}
	}
	return all
}

// newFlagTable finds a multiplier that leaves no bucket with three words.
// The worker's start does not run it: hashing, sorting and trying
// multipliers took about 10 ms of every start in V8's baseline compiler, so
// the fixed words' table is found once (flagwords_table.go, go generate)
// and only placed at init.
func newFlagTable(all []hashFlags) *flagTable {
	// About five buckets per word: then one multiplier in ten or so
	// leaves no bucket with three words.
	logb := uint(bits.Len(uint(5*len(all) - 1)))
	for try := uint64(0); ; try++ {
		if ft := placeFlags(all, 0x9E3779B97F4A7C15+2*try, logb); ft != nil {
			return ft
		}
	}
}

// placeFlags lays out the words in 2<<logb slots with multiplier mul, or
// returns nil if a bucket would hold three words.
func placeFlags(all []hashFlags, mul uint64, logb uint) *flagTable {
	ft := &flagTable{keys: make([]uint64, 2<<logb), flags: make([]uint8, 2<<logb), shift: 64 - logb, mul: mul}
	for _, x := range all {
		b := ft.bucket(x.h)
		if ft.keys[b] != 0 {
			b++
		}
		if ft.keys[b] != 0 {
			return nil
		}
		ft.keys[b], ft.flags[b] = x.h, x.f
	}
	return ft
}

// bucket is the first slot of h's bucket.
func (ft *flagTable) bucket(h uint64) uint64 { return (h * ft.mul) >> ft.shift << 1 }

func (ft *flagTable) get(h uint64) uint8 {
	b := ft.bucket(h)
	return uint8(flagIf(ft.keys[b], h, ft.flags[b]) | flagIf(ft.keys[b+1], h, ft.flags[b+1]))
}

// flagIf is f if k == h and 0 otherwise, computed without a branch.
func flagIf(k, h uint64, f uint8) uint64 {
	x := k ^ h
	return uint64(f) & ((x|-x)>>63 - 1)
}
