package match

import "github.com/rumorguard/rumorguard/wasm/textnorm"

// ScanExhaustive scans like Scan but aligns every candidate, without the
// bounds that skip most alignments: the bounds are exact, so both must
// return the same matches.
func ScanExhaustive(m *Matcher, text string) []Match {
	s := &scanner{m: m, state: make([]hitRun, len(m.patterns)), phrasePat: -1, exhaustive: true}
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
