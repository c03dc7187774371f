// Exact upper bounds on what an alignment could score, so most candidates of
// ordinary text are dropped before any alignment runs.

package match

import (
	"slices"
)

// mayScore fills sims, the similarity of every phrase word and window word,
// and reports whether the window could hold an alignment that scores at
// least Resemble, from an upper bound far cheaper than the alignment:
// most candidates in ordinary text are two common pairs that happen to fall
// near each other, with little else of the phrase around them.
//
// The bound: a match scores gain/cov·coverage(cov/total) ≥ Resemble, and
// coverage(c) = min(1, c/0.6), so gain ≥ Resemble·max(cov, 0.6·total) ≥
// 0.6·Resemble·total. Two matches escape that, and both need at least
// eight phrase content words with a partner in the window: an excerpt of
// excerptWords content words in order counts fully however little of the
// phrase it covers, so its gain is only at least Resemble·cov with cov ≥
// excerptWords; and bag's sum of best similarities over its distinct
// content words, at least bagWords of them, is at least bagResemble of
// their number. With eight such words the bound is the least of the three.
// (It was once 0.6·Resemble²·total, which a fuzzed excerpt of a long
// phrase, eight words with typos, scored above: testdata/fuzz/FuzzScan.)
// Gain is at most the sum over phrase words of weight times the best
// similarity of any window word, and the alignment must match
// minWordsResemble content words. Both are computed without the alignment's
// table, and most phrase words find no partner at all after a hash compare
// and a length check.
func (s *scanner) mayScore(phrase []phraseWord, total float32, window []textToken) bool {
	r := float32(s.m.opts.Resemble)
	inOrder := 0.6 * r * total
	need := min(inOrder, r*excerptWords, float32(bagResemble(s.m.opts))*bagWords)
	n := len(phrase) * len(window)
	if cap(s.sims) < n {
		s.sims = make([]float32, n)
	}
	s.sims = s.sims[:n]
	// Content words first: they alone decide the minWordsResemble test,
	// which rejects most candidates before the function words' rows.
	var reach, rest float32
	words := 0
	for i := range phrase {
		if phrase[i].w != 1 {
			rest += phrase[i].w
			continue
		}
		if best := s.simRow(i, phrase, window); best > 0 {
			reach += best
			words++
		}
	}
	inOrderOnly := words < excerptWords && words < bagWords
	if inOrderOnly {
		// Neither an excerpt nor a bag can match (see above).
		need = inOrder
	}
	if words < minWordsResemble || reach+rest < need || s.contentChain(phrase, len(window)) < minWordsResemble {
		if !s.exhaustive {
			return false
		}
		s.fillRest(phrase, window)
		return false
	}
	for i := range phrase {
		if phrase[i].w != 1 {
			reach += phrase[i].w * s.simRow(i, phrase, window)
		}
	}
	if reach < need {
		return false
	}
	// Only an in-order alignment can match: its gain is at most that of
	// the heaviest chain of similar cells, a tighter bound than reach,
	// which lets each phrase word take its best window word anywhere.
	return !inOrderOnly || s.chainGain(phrase, len(window)) >= need
}

// chainGain returns the most an in-order alignment could gain: the heaviest
// chain of (phrase word, window word) cells with a similarity, rising in
// both, each weighted by its phrase word's weight. An alignment's gain is
// the weights of its matched cells, which rise in both, less its costs.
// A Fenwick tree over the window's words keeps the heaviest chain ending
// before each, so this costs a little per cell with a similarity and a
// compare per other cell, far less than the alignment.
func (s *scanner) chainGain(phrase []phraseWord, cols int) float32 {
	if cap(s.chainTree) < cols+1 {
		s.chainTree = make([]float32, cols+1)
	}
	tree := s.chainTree[:cols+1]
	clear(tree)
	for i := range phrase {
		row := s.sims[i*cols : (i+1)*cols]
		w := phrase[i].w
		// Right to left, so two cells of one phrase word never chain.
		for j := cols - 1; j >= 0; j-- {
			if row[j] == 0 {
				continue
			}
			var before float32 // the heaviest chain ending left of j
			for k := j; k > 0; k -= k & -k {
				before = max32(before, tree[k])
			}
			v := before + w*row[j]
			for k := j + 1; k <= cols; k += k & -k {
				tree[k] = max32(tree[k], v)
			}
		}
	}
	var top float32
	for k := cols; k > 0; k -= k & -k {
		top = max32(top, tree[k])
	}
	return top
}

// fillRest fills the sims rows of the function words and negations, which
// mayScore leaves when its bound fails early.
func (s *scanner) fillRest(phrase []phraseWord, window []textToken) {
	for i := range phrase {
		if phrase[i].w != 1 {
			s.simRow(i, phrase, window)
		}
	}
}

// contentChain returns how many content words of the phrase an alignment
// could match at most: the longest chain of similar (phrase word, window
// word) cells rising in both, since an alignment keeps both orders. Words
// that occur near each other but out of order, as in most candidates of
// ordinary text, fail the four-word test here.
func (s *scanner) contentChain(phrase []phraseWord, cols int) int {
	tails := s.tails[:0] // tails[k]: the smallest window word ending a chain of k+1
	for i := range phrase {
		if phrase[i].w != 1 {
			continue
		}
		row := s.sims[i*cols : (i+1)*cols]
		// Right to left, so two cells of one phrase word never chain.
		for j := cols - 1; j >= 0; j-- {
			if row[j] == 0 {
				continue
			}
			k, _ := slices.BinarySearch(tails, int32(j))
			if k == len(tails) {
				tails = append(tails, int32(j))
			} else {
				tails[k] = int32(j)
			}
		}
	}
	s.tails = tails
	return len(tails)
}
