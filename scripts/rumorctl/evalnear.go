package main

import (
	"slices"

	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// nearPiece is a piece of a collected text that promote leaves out because
// it nearly copies phrases of one other publisher only.
type nearPiece struct {
	rumor, lang, text string
}

// nearOnlyOf returns, by publisher, the pieces of other publishers' texts
// that promote leaves out only as near-copies of that publisher's phrases.
// Leaving a publisher out must leave out what it brought, not what others
// quoted too: without its phrases, promote would have taken those pieces
// (as it takes the machine translations that only nearly copy its phrases,
// see listsrc.Origin.NearCopyOf), so the evaluation's list without it holds
// them. A piece that nearly copies phrases of two publishers, or one of its
// own publisher's, stays out: promote would leave it out all the same. The
// texts and pieces are promote's (promotablePieces, m the whole list).
func nearOnlyOf(src *listsrc.Sources, m *match.Matcher, pubOf map[string]string) map[string][]nearPiece {
	type phrase struct {
		words map[string]bool
		pub   string
	}
	have := map[string][]phrase{} // rumor, language -> its collected phrases
	for id, origins := range src.Origins {
		for _, o := range origins {
			if o.Via == "" && o.From != "" {
				k := id + "\x00" + o.Lang
				have[k] = append(have[k], phrase{longWords(o.Text), pubOf[o.From]})
			}
		}
	}
	out := map[string][]nearPiece{}
	var st promoteStats
	promotablePieces(src, m, &st, func(w listsrc.Wild, pieces []string) {
		own := listsrc.PublisherKey(w.URL)
		for _, piece := range pieces {
			words := longWordsInOrder(piece)
			only := ""
			for _, h := range have[w.Rumor+"\x00"+w.Lang] {
				if sharedWords(words, h.words) < promoteNear {
					continue
				}
				if h.pub == own || only != "" && only != h.pub {
					only = ""
					break
				}
				only = h.pub
			}
			if only != "" {
				out[only] = append(out[only], nearPiece{w.Rumor, w.Lang, piece})
			}
		}
	})
	return out
}

// addPieces adds the pieces to l as collected phrases of their rumors.
func addPieces(l *rumorlist.List, pieces []nearPiece) *rumorlist.List {
	for _, p := range pieces {
		for i := range l.Rumors {
			r := &l.Rumors[i]
			if r.ID == p.rumor {
				// Clipped: the built list may share its slices with the sources.
				r.Phrases = append(slices.Clip(r.Phrases), rumorlist.Phrases{Lang: p.lang, Texts: []string{p.text}})
				break
			}
		}
	}
	return l
}
