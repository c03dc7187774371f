// Package match finds known rumors in text.
//
// Compile indexes a rumor list once; Scan then finds its phrases in a text in
// one pass, however long the list. The index holds pairs of neighbouring
// phrase words and pairs one word apart, so a candidate survives a typo, an
// inserted word or a dropped one; a candidate with enough pair hits is
// verified by a word-level alignment in which a word with a typo still counts
// (github.com/agnivade/levenshtein decides how close two words are), filler
// costs little and a changed name, number or negation costs a lot, because
// "South Korea" is not "North Korea" and "Meta will not" is not "Meta will".
//
// Spans are byte offsets into the text given to Scan.
package match

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// Tier says how sure a match is.
type Tier uint8

const (
	// Resembles: the text is close to a known rumor but not close enough to say
	// it is one; the extension shows at most a quiet mark.
	Resembles Tier = 1
	// Matches: the text repeats a known rumor.
	Matches Tier = 2
)

func (t Tier) String() string {
	switch t {
	case Matches:
		return "matches"
	case Resembles:
		return "resembles"
	}
	return "none"
}

// Options tune a Matcher. The zero value means Default.
type Options struct {
	// Resemble and Match are the score thresholds of the two tiers (0..1).
	Resemble, Match float64
}

// Sensitivity presets, as the extension's options page offers them.
var (
	Stricter = Options{Resemble: 0.78, Match: 0.9}
	Default  = Options{Resemble: 0.66, Match: 0.8}
	Looser   = Options{Resemble: 0.55, Match: 0.7}
)

// Match is one rumor found in a text.
type Match struct {
	Rumor  int    // index into the list's Rumors
	ID     string // the rumor's id
	Phrase int    // index of the phrase (in list order across languages) that matched best
	Score  float64
	Tier   Tier
	// Start and End are byte offsets of the matched text in the input.
	Start, End int
	// Debunked is set when words around the match frame it as false ("hoax",
	// "not true", "klopt niet"): the text reports the rumor rather than spreads it.
	Debunked bool
}

// The smallest evidence a match needs, whatever its score: very short texts
// never reach the top tier.
const (
	minWordsResemble = 4
	minWordsMatch    = 6
	// Phrases longer than this are indexed as overlapping chunks, so the
	// alignment stays small and a long copypasta quoted in part still scores.
	maxPatternWords = 48
	chunkWords      = 32
	chunkOverlap    = 12
	// A pair shared by more phrases than commonPair is common: a phrase
	// keeps it only among its minKeys rarest pairs (see prune).
	commonPair = 8
	minKeys    = 6
)

// Matcher finds the rumors of one list. It is safe for concurrent use.
type Matcher struct {
	opts     Options
	ids      []string
	vocab    *vocab
	ids0     map[string]uint32 // word -> id while compiling
	words    []string          // id -> word
	flags    []uint8           // id -> wordStop|wordNeg|wordCue
	cuePairs map[uint64]bool
	trips    []trip // while compiling: every indexed pair of every phrase; then flattened into preds and posts
	preds    []pred // per word, its indexed predecessors, sorted
	runs     []run  // word id -> its run in preds; apart from the vocabulary slots, which stay small
	posts    []posting
	patterns []pattern
	pool     sync.Pool
}

const (
	wordStop uint8 = 1 << iota
	wordNeg
	wordCue
)

type posting struct {
	pat uint32
	pos uint16 // index of the later word of the pair in the pattern
}

type pattern struct {
	rumor  int32
	phrase int32
	words  []pword
	total  float32 // sum of weights
	need   uint16  // pair hits that make a candidate
}

type pword struct {
	id    uint32
	text  string
	w     float32
	exact bool // name, number or negation: only the same word counts
	runes int
	mask  uint64 // which bytes occur, folded to 64 bits: a cheap typo filter
}

// Compile indexes a list. It fails only on a list with nothing to match.
func Compile(l *rumorlist.List, opts Options) (*Matcher, error) {
	if opts == (Options{}) {
		opts = Default
	}
	m := &Matcher{
		opts:     opts,
		ids0:     make(map[string]uint32),
		words:    []string{""},
		flags:    []uint8{0},
		cuePairs: make(map[uint64]bool),
	}
	for w := range debunkCues {
		m.flags[m.intern(w)] |= wordCue
	}
	for _, p := range debunkPairs {
		m.cuePairs[pairKey(m.intern(p[0]), m.intern(p[1]))] = true
	}
	var tz textnorm.Tokenizer
	var toks []textnorm.Token
	var ids []uint32
	phrase := 0
	// Two pairs per word, about one word per six bytes: presize the pairs.
	size := 0
	for i := range l.Rumors {
		for _, ps := range l.Rumors[i].Phrases {
			for _, text := range ps.Texts {
				size += len(text) / 3
			}
		}
	}
	m.trips = make([]trip, 0, size)
	for ri := range l.Rumors {
		r := &l.Rumors[ri]
		m.ids = append(m.ids, r.ID)
		for _, ps := range r.Phrases {
			for _, text := range ps.Texts {
				// Tokens carry the interned word, so a phrase allocates only
				// for words the list has not seen yet.
				toks, ids = toks[:0], ids[:0]
				tz.Each(text, func(start, end int, word []byte) {
					id := m.internBytes(word)
					toks = append(toks, textnorm.Token{Start: start, End: end, Text: m.words[id]})
					ids = append(ids, id)
				})
				words := m.phraseWords(text, toks, ids, ps.Lang)
				for _, chunk := range chunks(words) {
					m.addPattern(int32(ri), int32(phrase), chunk)
				}
				phrase++
			}
		}
	}
	if len(m.patterns) == 0 {
		return nil, fmt.Errorf("compile list %q: no phrases to match", l.Name)
	}
	v, err := newVocab(m.words, m.flags)
	if err != nil {
		return nil, fmt.Errorf("compile list %q: %w", l.Name, err)
	}
	m.vocab, m.ids0 = v, nil
	m.flatten()
	m.pool.New = func() any { return &scanner{m: m, state: make([]pstate, len(m.patterns))} }
	return m, nil
}

// internBytes is intern for a word in a reused buffer: looking it up does
// not allocate.
func (m *Matcher) internBytes(w []byte) uint32 {
	if id, ok := m.ids0[string(w)]; ok {
		return id
	}
	return m.intern(string(w))
}

func (m *Matcher) intern(w string) uint32 {
	if id, ok := m.ids0[w]; ok {
		return id
	}
	id := uint32(len(m.words))
	m.ids0[w] = id
	m.words = append(m.words, w)
	var f uint8
	if stopwords[w] {
		f |= wordStop
	}
	if negations[w] {
		f |= wordNeg
	}
	m.flags = append(m.flags, f)
	return id
}

// phraseWords turns a phrase's tokens into weighted pattern words.
func (m *Matcher) phraseWords(text string, toks []textnorm.Token, ids []uint32, lang string) []pword {
	out := make([]pword, 0, len(toks))
	for i, t := range toks {
		id := ids[i]
		f := m.flags[id]
		w := pword{id: id, text: t.Text, w: 1, runes: utf8.RuneCountInString(t.Text), mask: byteMask(t.Text)}
		switch {
		case f&wordNeg != 0:
			w.exact = true
		case f&wordStop != 0:
			w.w = 0.4
		}
		if strings.ContainsAny(t.Text, "0123456789") || (i > 0 && lang != "de" && isName(text, t)) {
			w.exact = true
		}
		out = append(out, w)
	}
	return out
}

// isName reports whether a token starts with a capital letter mid-sentence,
// which in most languages marks a name.
func isName(text string, t textnorm.Token) bool {
	r, _ := utf8.DecodeRuneInString(text[t.Start:])
	if !unicode.IsUpper(r) {
		return false
	}
	prev := strings.TrimRightFunc(text[:t.Start], func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'“”‘’«»()[]*_", r)
	})
	if prev == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	// A colon does not end a sentence: "Breaking: North Korea…" names a country.
	return !strings.ContainsRune(".!?…\n", last)
}

func chunks(words []pword) [][]pword {
	if len(words) <= maxPatternWords {
		return [][]pword{words}
	}
	var out [][]pword
	for start := 0; ; start += chunkWords - chunkOverlap {
		end := start + chunkWords
		if end >= len(words) {
			out = append(out, words[max(0, len(words)-chunkWords):])
			return out
		}
		out = append(out, words[start:end])
	}
}

func (m *Matcher) addPattern(rumor, phrase int32, words []pword) {
	p := pattern{rumor: rumor, phrase: phrase, words: words}
	id := uint32(len(m.patterns))
	start := len(m.trips)
	// Pairs are formed over content words only: function words neither
	// anchor a pair nor take a place in one, so "fed into AI" and "fed to AI"
	// share the pair (fed, ai), and "of the" anchors nothing.
	var content []int
	for i, w := range words {
		p.total += w.w
		if m.flags[w.id]&wordStop != 0 {
			continue
		}
	pairs:
		for back := 1; back <= 2 && len(content)-back >= 0; back++ {
			a := words[content[len(content)-back]]
			if a.id == w.id {
				continue
			}
			k := uint64(w.id)<<32 | uint64(a.id)
			for _, t := range m.trips[start:] {
				if t.key == k {
					continue pairs // a phrase lists each pair once, at its first place
				}
			}
			m.trips = append(m.trips, trip{key: k, pat: id, pos: uint16(i)})
		}
		content = append(content, i)
	}
	// Two pair hits make a candidate, whatever the phrase's length: with three
	// typos per 30 characters about half the words of a phrase are damaged, and
	// asking for more hits lost one variant in seven (measured on the bundled
	// list). Verification, not this count, keeps ordinary text out.
	p.need = 2
	m.patterns = append(m.patterns, p)
}

// byteMask sets one of 64 bits per byte value of s. Two words within edit
// distance d differ in at most 2d bits.
func byteMask[S string | []byte](s S) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << (s[i] & 63)
	}
	return m
}

// pred is one indexed pair (pred, word), stored with the later word: its
// postings are posts[off:off+n].
type pred struct {
	id  uint32
	off uint32
	n   uint32
}

type run struct{ off, n uint32 }

// trip is one indexed pair of one phrase while compiling. key is the later
// word's id in the high half and the earlier word's in the low half, so
// sorting groups each word's pairs together, by predecessor.
type trip struct {
	key uint64
	pat uint32
	pos uint16
}

// flatten sorts the pairs of all phrases once and lays them out as
// per-word sorted predecessor runs (preds) over one postings array (posts),
// so the scanner finds a pair in memory next to the word it already
// touched. Sorting a flat slice once is far cheaper than a map of slices.
func (m *Matcher) flatten() {
	t := radixSort(m.trips)
	drop := m.prune(t)
	m.runs = make([]run, len(m.words))
	m.posts = make([]posting, 0, len(t))
	for i := 0; i < len(t); {
		j := i
		for j < len(t) && t[j].key == t[i].key {
			j++
		}
		off := len(m.posts)
		for k := i; k < j; k++ {
			if !drop[k] {
				m.posts = append(m.posts, posting{pat: t[k].pat, pos: t[k].pos})
			}
		}
		if n := len(m.posts) - off; n > 0 {
			a, b := uint32(t[i].key), uint32(t[i].key>>32)
			slot := &m.vocab.slots[m.vocab.slotOf[b]]
			r := &m.runs[b]
			if r.n == 0 {
				r.off = uint32(len(m.preds))
			}
			r.n++
			slot.preds |= predBit(a)
			m.preds = append(m.preds, pred{id: a, off: uint32(off), n: uint32(n)})
		}
		i = j
	}
	m.trips = nil
}

// radixSort sorts trips by key, stably: they were appended in phrase order,
// so each key's postings stay in phrase order. An LSD radix sort over only
// the bytes word ids use was several times faster than a comparison sort
// of the same slice (compile is on the extension's cold-start path).
func radixSort(t []trip) []trip {
	var maxID uint32
	for i := range t {
		maxID = max(maxID, uint32(t[i].key), uint32(t[i].key>>32))
	}
	idBytes := (bits.Len32(maxID) + 7) / 8
	buf := make([]trip, len(t))
	for _, half := range [2]uint{0, 32} {
		for b := 0; b < idBytes; b++ {
			shift := half + uint(8*b)
			var count [257]int
			for i := range t {
				count[(t[i].key>>shift)&0xff+1]++
			}
			for i := 1; i < 257; i++ {
				count[i] += count[i-1]
			}
			for i := range t {
				d := (t[i].key >> shift) & 0xff
				buf[count[d]] = t[i]
				count[d]++
			}
			t, buf = buf, t
		}
	}
	return t
}

// prune drops postings of common pairs. A pair shared by many phrases
// ("long time", "came back") says little about any of them and is the one
// ordinary text hits most, so it costs scan time and candidates. Each
// phrase keeps its rarer pairs, and always at least minKeys of its rarest,
// so no phrase becomes unfindable. t is sorted by key; the result marks the
// postings to drop.
func (m *Matcher) prune(t []trip) []bool {
	df := make([]int32, len(t))
	for i := 0; i < len(t); {
		j := i
		for j < len(t) && t[j].key == t[i].key {
			j++
		}
		for k := i; k < j; k++ {
			df[k] = int32(j - i)
		}
		i = j
	}
	rare := make([]int32, len(m.patterns))
	for i := range t {
		if df[i] <= commonPair {
			rare[t[i].pat]++
		}
	}
	drop := make([]bool, len(t))
	short := map[uint32][]int{} // common pairs of phrases with too few rare ones
	for i := range t {
		if df[i] <= commonPair {
			continue
		}
		if p := t[i].pat; rare[p] >= minKeys {
			drop[i] = true
		} else {
			short[p] = append(short[p], i)
		}
	}
	for p, idx := range short {
		slices.SortFunc(idx, func(x, y int) int {
			if c := cmp.Compare(df[x], df[y]); c != 0 {
				return c
			}
			return cmp.Compare(t[x].key, t[y].key)
		})
		for r, i := range idx {
			if r >= minKeys-int(rare[p]) {
				drop[i] = true
			}
		}
	}
	return drop
}

// postings returns the postings of the pair (a, word of slot v).
func (m *Matcher) postings(v *vslot, a uint32) []posting {
	r := m.runs[v.id]
	run := m.preds[r.off : r.off+r.n]
	lo, hi := 0, len(run)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if run[h].id < a {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(run) && run[lo].id == a {
		return m.posts[run[lo].off : run[lo].off+run[lo].n]
	}
	return nil
}

func pairKey(a, b uint32) uint64 { return uint64(a)<<32 | uint64(b) }

// Rumors returns the number of rumors the matcher knows.
func (m *Matcher) Rumors() int { return len(m.ids) }

// Patterns returns the number of indexed phrase patterns.
func (m *Matcher) Patterns() int { return len(m.patterns) }

// Scan returns the rumors found in text, ordered by Start.
func (m *Matcher) Scan(text string) []Match {
	s := m.pool.Get().(*scanner)
	defer m.pool.Put(s)
	return s.scan(text)
}

// ScanBatch scans each text and returns the matches of each, in order.
func (m *Matcher) ScanBatch(texts []string) [][]Match {
	s := m.pool.Get().(*scanner)
	defer m.pool.Put(s)
	out := make([][]Match, len(texts))
	for i, t := range texts {
		out[i] = s.scan(t)
	}
	return out
}

// sortMatches orders matches by position, then by score.
func sortMatches(ms []Match) {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].Score > ms[j].Score
	})
}
