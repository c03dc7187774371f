// Words around a match that frame it as false ("hoax", "not true").

package match

import ()

// cueWindow is how many words either side of a match are searched for
// debunk cues: about a paragraph.
const cueWindow = 60

func (s *scanner) framed(first, last int32) bool {
	lo, hi := max(0, first-cueWindow), min(int32(len(s.toks)), last+1+cueWindow)
	// The match itself is not its own frame: a rumor may say "this is not a hoax".
	return s.framedIn(lo, first) || s.framedIn(last+1, hi)
}

// Framed reports whether text holds a debunk cue ("hoax", "not true",
// "klopt niet") anywhere: the extension asks it of a page's title and
// headings, since a page headed "Geruchten op sociale media" reports a
// rumor in every paragraph below, not only near the cue.
func (m *Matcher) Framed(text string) bool {
	s := m.pool.Get().(*scanner)
	defer m.pool.Put(s)
	if len(text) >= 1<<31-1 {
		text = text[:1<<31-2]
	}
	s.toks = s.tz.AppendHashes(s.toks[:0], text)
	if len(s.toks) == 0 {
		return false
	}
	// framed skips the match span [first, last]; an empty span before the text.
	return s.framedIn(0, int32(len(s.toks)))
}

// framedIn reports whether tokens [lo, hi) hold a cue.
func (s *scanner) framedIn(lo, hi int32) bool {
	m := s.m
	for j := lo; j < hi; j++ {
		h := s.toks[j].Hash
		if wordFlags(h)&wordCue != 0 {
			return true
		}
		if j+1 < hi && m.cuePairs[pairHash(h, s.toks[j+1].Hash)] {
			return true
		}
	}
	return false
}
