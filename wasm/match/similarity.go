// How similar a phrase word and a text word are: typos, inflections and
// what a mismatch costs.

package match

import (
	"math/bits"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// simRow fills the sims row of phrase word i and returns its best value.
func (s *scanner) simRow(i int, phrase []phraseWord, window []textToken) float32 {
	w := &phrase[i]
	row := s.sims[i*len(window) : (i+1)*len(window)]
	var best float32
	// Most cells are two different words that cannot be a typo or
	// inflection of each other; rule those out inline and call similar
	// only for the rest.
	typo := !w.exact && w.runes >= 4
	allowed := int32(typoAllowance(w.runes))
	n := int32(len(w.text))
	if w.flags&(wordNeg|wordStop) == 0 {
		// A content word is similar only to window words that are not
		// function words or negations (one with its hash has its flags):
		// about half the window.
		clear(row)
		win := s.win
		for _, j := range s.contentCols {
			wt := &win[j]
			if window[j].Hash != w.h && !typo {
				// A name, number or short word: only a typo inside a name.
				if w.name && nameTypo(w, s.arena[wt.off:wt.off+wt.n]) {
					row[j] = nameTypoSim(w)
					best = max32(best, row[j])
				}
				continue
			}
			if window[j].Hash != w.h && !near(w, wt, n, allowed) {
				continue
			}
			v := s.similar(w, &window[j], wt)
			row[j] = v
			best = max32(best, v)
		}
		return best
	}
	neg := w.flags&wordNeg != 0
	win := s.win
	for j := range window {
		wt := &win[j]
		if window[j].Hash != w.h {
			if neg && s.negTypo(w, wt) {
				// "onthiny" for "nothing": counts, for less than the word,
				// and negationFlips asks for a near-perfect match.
				row[j] = negTypoSim
				best = max32(best, negTypoSim)
				continue
			}
			if neg && wt.flags&wordNeg != 0 {
				// Another negation ("without" for "with no", "never" for
				// "not"): the claim keeps its polarity, which is what
				// negationFlips counts.
				row[j] = negSwapSim
				best = max32(best, negSwapSim)
				continue
			}
			if !typo || wt.flags&(wordNeg|wordStop) != 0 {
				row[j] = 0
				continue
			}
			if !near(w, wt, n, allowed) {
				row[j] = 0
				continue
			}
		}
		v := s.similar(w, &window[j], wt)
		row[j] = v
		best = max32(best, v)
	}
	return best
}

// near reports whether window word wt may be a typo or another form of
// phrase word w (n bytes, allowed edits): a cheap test that rules out most
// pairs of different words before similar computes an edit distance.
func near(w *phraseWord, wt *windowWord, n, allowed int32) bool {
	d := wt.n - n
	return d <= allowed && -d <= allowed && bits.OnesCount64(w.mask^wt.mask) <= 2*int(allowed) || w.pre4 != 0 && w.pre4 == wt.pre4
}

// max32 is max for scores, which are never NaN: the built-in max of floats
// handles NaN and is a runtime call in Go's wasm code.
func max32(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}

// typoAllowance is how many edits a word of n runes may have and still count.
func typoAllowance(n int32) int {
	switch {
	case n >= 10:
		return 3
	case n >= 6:
		return 2
	}
	return 1
}

// prefix4 packs the first four bytes of a word, 0 for a shorter word.
func prefix4[S string | []byte](w S) uint32 {
	if len(w) < 4 {
		return 0
	}
	return uint32(w[0]) | uint32(w[1])<<8 | uint32(w[2])<<16 | uint32(w[3])<<24
}

// mismatchCost is what replacing a phrase word by another word costs: a
// changed name, number or negation changes the claim.
func (s *scanner) mismatchCost(w *phraseWord, textFlags uint8) float32 {
	if textFlags&wordNeg != 0 && w.flags&wordNeg == 0 {
		return negGap
	}
	if w.exact {
		return exactMismatch
	}
	return mismatch * w.w
}

const (
	exactMismatch = 3.0
	// negLookback is how many words before an alignment may hold a negation
	// that belongs to it ("does not | change your DNA").
	negLookback = 3
)

// coverage discounts a match that covers little of its phrase. Covering 60%
// counts fully: a rumor cut short is still the rumor.
func coverage(c float64) float64 {
	if c >= 0.6 {
		return 1
	}
	return c / 0.6
}

// similar scores a phrase word against a text word: 1 for the same word, less
// for a typo, 0 for a different word. Numbers and negations must be the same
// word, and names too but for a typo inside them (nameTypo); words of three
// letters or fewer have no room for a typo.
func (s *scanner) similar(w *phraseWord, t *textToken, wt *windowWord) float32 {
	word := s.arena[wt.off : wt.off+wt.n]
	if t.Hash == w.h && string(word) == w.text {
		return 1
	}
	if wt.flags&(wordNeg|wordStop) != 0 || w.runes < 4 {
		return 0
	}
	if w.exact {
		if nameTypo(w, word) {
			return nameTypoSim(w)
		}
		return 0
	}
	allowed := typoAllowance(w.runes)
	if d := len(word) - len(w.text); d <= allowed && -d <= allowed && bits.OnesCount64(w.mask^wt.mask) <= 2*allowed && bigramsAllow(w.text, word, allowed) {
		if d := levenshtein.ComputeDistance(w.text, string(word)); d <= allowed {
			return 1 - float32(d)/float32(w.runes+1)
		}
	}
	// Another form of the same word ("gebruikt"/"gebruiken",
	// "training"/"trainen"): a long shared start counts, for less than a typo.
	if w.pre4 == 0 || w.pre4 != wt.pre4 {
		return 0
	}
	p := commonPrefix(w.text, word)
	if p >= 4 && 10*p >= 7*min(len(w.text), len(word)) {
		return inflected
	}
	return 0
}

// nameTypoSim is the similarity of name w and a typo of it (nameTypo): as
// for any word, one edit less than the word.
func nameTypoSim(w *phraseWord) float32 { return 1 - 1/float32(w.runes+1) }

// inflected is the similarity of two forms of one word.
const inflected = 0.75

func commonPrefix(a string, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// bigramsAllow reports whether plain ASCII words a and b share enough
// letter pairs to be within allowed edits; it returns true for other words,
// which it does not judge. Each edit breaks at most two of a word's letter
// pairs (bigrams), so words within d edits share at least
// max(len)-1-2d of them (the q-gram lemma): fewer shared, and the edit
// distance is sure to be more than allowed without computing it. Most
// words that pass the length and letter tests are such pairs ("station"
// and "nations"): at 100,000 rumors, 1,318 of a scan's 1,423 edit
// distances came out above what was allowed, each on runes allocated for
// it.
func bigramsAllow(a string, b []byte, allowed int) bool {
	if len(a) < 2 || len(b) < 2 || len(b) > 64 {
		return true
	}
	for i := 0; i < len(a); i++ {
		if a[i] >= utf8.RuneSelf {
			return true
		}
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	// Count the multiset intersection: each of b's pairs pairs up once.
	var used uint64
	common := 0
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			if used&(1<<j) == 0 && a[i] == b[j] && a[i+1] == b[j+1] {
				used |= 1 << j
				common++
				break
			}
		}
	}
	return max(len(a), len(b))-1-common <= 2*allowed
}
