package match

// ScanExhaustive scans like Scan but aligns every candidate, without the
// bounds that skip most alignments: the bounds are exact, so both must
// return the same matches.
func ScanExhaustive(m *Matcher, text string) []Match {
	s := &scanner{m: m, state: make([]hitRun, len(m.patterns)), pwPat: -1, exhaustive: true}
	return s.scan(text)
}
