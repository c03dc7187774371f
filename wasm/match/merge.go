// One note per place: overlapping and same-family matches merged.

package match

import (
	"slices"
)

// merge keeps the best of overlapping matches and returns a new slice the
// caller owns (found is scratch space). A text gets one note per place: a
// match that overlaps a better one (a higher tier, or a score more than
// tieMargin higher) is dropped when it is the same rumor or family, or when
// it shares a third of its span with the better one, since a second note
// there would name another rumor's details (a Jayden K. Smith post is not
// also the "other names" rumor). Of two matches of different
// rumors of one family within a paragraph (familyGap bytes), only the
// better is kept: one post, one story. The same rumor quoted twice keeps
// both marks, which show the same note.
func (s *scanner) merge() []Match {
	m := s.m
	slices.SortFunc(s.found, func(a, b Match) int {
		switch {
		case a.Tier != b.Tier:
			return int(b.Tier) - int(a.Tier)
		case a.Score != b.Score:
			if a.Score > b.Score {
				return -1
			}
			return 1
		case a.End-a.Start != b.End-b.Start:
			return (b.End - b.Start) - (a.End - a.Start)
		}
		return a.Start - b.Start
	})
	var out []Match
	for _, f := range s.found {
		keep := true
		for k := range out {
			o := &out[k]
			same := o.Rumor == f.Rumor || m.fams[o.Rumor] == m.fams[f.Rumor]
			lo, hi := max(o.Start, f.Start), min(o.End, f.End)
			overlap := hi - lo
			// A match as good as the better one (same tier, score within
			// tieMargin) of another rumor stays: the text holds both ("the
			// new Facebook rule where the new Instagram rule…").
			worse := f.Tier < o.Tier || o.Score-f.Score > tieMargin
			if overlap > 0 && (o.Rumor == f.Rumor || worse && (same || 3*overlap >= min(o.End-o.Start, f.End-f.Start))) ||
				same && o.Rumor != f.Rumor && worse && lo-hi < familyGap {
				if o.Rumor == f.Rumor && overlap > 0 {
					o.Debunked = o.Debunked || f.Debunked
				}
				keep = false
				break
			}
		}
		if keep {
			out = append(out, f)
		}
	}
	sortMatches(out)
	return out
}

// familyGap is how far apart (bytes) two matches of one family may be and
// still be one note: about a paragraph. tieMargin is how much lower a
// match of another rumor may score and still be as good.
const (
	familyGap = 400
	tieMargin = 0.05
)
