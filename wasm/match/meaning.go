// Meaning rules: a negation, name or number that differs is never absorbed
// by edit distance, while a typo in a negation or a split contraction is.

package match

import (
	"strings"
	"sync"

	"github.com/agnivade/levenshtein"

	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// clauseEnds are the characters that end the clause a negation before an
// alignment must share with it.
const clauseEnds = ".!?\n,;:\"“”«»()[]—–"

// negationFlips reports whether the text negates where the phrase does not,
// or the other way round. A local alignment would otherwise start just after
// "not" and match the rest of the claim perfectly. phrase is the phrase from a
// few words before the alignment to its end; text words before the
// alignment count only within the same clause: "Not true: <rumor>" frames
// the rumor (framed marks it as a fact-check) and "I can't believe it,
// <rumor>" spreads it; neither negates the claim, and dropping the match
// would show nothing at all.
func (s *scanner) negationFlips(text string, phrase []phraseWord, window []textToken, j0, j1 int) (flips, viaTypo bool) {
	np := 0
	for i := range phrase {
		w := &phrase[i]
		if w.flags&wordNeg != 0 && !(w.concord && !windowHas(window[j0:j1], w.h)) {
			np++
		}
	}
	nt := 0
	var typoNeg int // words of the text that look like a typo of one of the phrase's negations
	for k := j0; k < j1; k++ {
		if s.win[k].flags&wordNeg != 0 {
			nt++
			continue
		}
		if np > 0 && s.typoOfNegation(phrase, &s.win[k]) {
			typoNeg++
		}
	}
	// "nitcht" for "nicht" is a typo, not a dropped negation.
	if nt < np && typoNeg > 0 {
		viaTypo = true
		nt = min(np, nt+typoNeg)
	}
	for k := j0 - 1; k >= 0 && k >= j0-negLookback; k-- {
		if strings.ContainsAny(text[window[k].End:window[k+1].Start], clauseEnds) {
			break
		}
		if s.win[k].flags&wordNeg != 0 {
			nt++
		}
	}
	return nt != np, viaTypo
}

// concordWords are the negations that Spanish, Portuguese, Italian and French
// repeat after another in one clause ("no doy permiso a WhatsApp ni a
// ninguna organización", "je n'ai jamais rien signé"): one negation, said
// twice. Copies drop or add the second ("ni a sus afiliados"), which does
// not change the claim: negationFlips does not count the phrase's when the
// text lacks it, and verify reads the text's as a function word when the
// phrase lacks it. A lone one still counts: "nada" is a negation on its own.
var concordWords = sync.OnceValue(func() map[string]bool {
	return wordSet(`ninguno ninguna nada nunca jamas nenhum nenhuma ninguem nunca
nessuno nessuna niente nulla mai aucun aucune rien jamais personne`)
})

func concordWord[S string | []byte](w S) bool { return concordWords()[string(w)] }

// negatedBefore reports whether a negation comes before phrase word i in
// its clause.
func negatedBefore(text, words string, spans []wordSpan, i int) bool {
	for k := i - 1; k >= 0; k-- {
		if strings.ContainsAny(text[spans[k].start:spans[i].start], clauseEnds) {
			return false
		}
		w := words[spans[k].off : spans[k].off+spans[k].n]
		if wordFlags(textnorm.HashWord([]byte(w)))&wordNeg != 0 {
			return true
		}
	}
	return false
}

// textConcord reports whether window word k is a concord negation: one of
// concordWords after another negation in its clause.
func (s *scanner) textConcord(text string, window []textToken, k int) bool {
	if !concordWord(s.word(k)) {
		return false
	}
	for j := k - 1; j >= 0; j-- {
		if strings.ContainsAny(text[window[j].End:window[k].Start], clauseEnds) {
			return false
		}
		if s.win[j].flags&wordNeg != 0 {
			return true
		}
	}
	return false
}

// windowHas reports whether the window has a word of hash h.
func windowHas(window []textToken, h uint64) bool {
	for _, t := range window {
		if t.Hash == h {
			return true
		}
	}
	return false
}

// typoOfNegation reports whether a window word is a near miss (one edit, two
// for long words) of a negation in the phrase. This is looser than negTypo:
// enough to keep a damaged copy from being read as a denial, which is all a
// "resembles" needs; a full match asks for negTypo.
func (s *scanner) typoOfNegation(phrase []phraseWord, wt *windowWord) bool {
	word := string(s.arena[wt.off : wt.off+wt.n])
	for i := range phrase {
		if phrase[i].flags&wordNeg == 0 || phrase[i].runes < 4 {
			continue
		}
		allowed := 1
		if phrase[i].runes >= 7 {
			allowed = 2
		}
		if levenshtein.ComputeDistance(phrase[i].text, word) <= allowed || s.negTypo(&phrase[i], wt) {
			return true
		}
	}
	return false
}

// negTypoSim is the similarity of a negation and a typo of it, negSwapSim
// of two different negations.
const (
	negTypoSim = 0.8
	negSwapSim = 0.7
)

// negTypo reports whether window word wt is a typo of negation w: as long,
// one transposition or substitution away (two for words of seven letters or
// more: "onthiny" for "nothing"), and not a common word that is one
// ("newer", "Nacht"). Only negations of four letters or more: "not" and
// "now" are both words.
func (s *scanner) negTypo(w *phraseWord, wt *windowWord) bool {
	if w.runes < 4 || int(wt.n) != len(w.text) || wt.flags&(wordNeg|wordStop) != 0 {
		return false
	}
	word := s.arena[wt.off : wt.off+wt.n]
	allowed := 1
	if w.runes >= 7 {
		allowed = 2
	}
	if osa(w.text, word) > allowed {
		return false
	}
	return !notNegTypos[string(word)]
}

// notNegTypos are words one edit from a negation that are words of their own.
var notNegTypos = wordSet(`
fever lever newer sever seven nine note nose done gone bone node nope cannon
nacht licht recht meine deine seine reine keime
bien lien mien sien
nade nata nadar nadas
geel geef gegen heen
`)

// osa is the optimal string alignment distance of a and b (Levenshtein with
// transpositions of neighbours counting one): a swap of two letters is the
// commonest typo.
func osa(a string, b []byte) int {
	if len(a) > 32 || len(b) > 32 {
		return levenshtein.ComputeDistance(a, string(b))
	}
	var rows [3][33]int
	p2, p1, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		p1[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			v := min(p1[j]+1, cur[j-1]+1, p1[j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, p2[j-2]+1)
			}
			cur[j] = v
		}
		p2, p1, cur = p1, cur, p2
	}
	return p1[len(b)]
}

// nearForget is the package's nearForget for window word i.
func (s *scanner) nearForget(i int) bool {
	for k := max(0, i-2); k < min(len(s.win), i+3); k++ {
		w := &s.win[k]
		if k != i && forgetWord(s.arena[w.off:w.off+w.n]) {
			return true
		}
	}
	return false
}

// joinContractions reads a contraction split by a space ("don t", "can t")
// as the one word it is: the word before the lone "t" takes the hash and
// text of the contraction, so it is the negation it reads as, and the "t"
// becomes a function word.
func (s *scanner) joinContractions(window []textToken) {
	for j := 0; j+1 < len(s.win); j++ {
		nx := &s.win[j+1]
		if nx.n != 1 || s.arena[nx.off] != 't' {
			continue
		}
		w := &s.win[j]
		if w.n < 2 || w.n > 7 {
			continue
		}
		joined := append(s.arena[w.off:w.off+w.n:w.off+w.n], 't')
		h := textnorm.HashWord(joined)
		if wordFlags(h)&wordNeg == 0 {
			continue
		}
		off := int32(len(s.arena))
		s.arena = append(s.arena, joined...)
		*w = windowWord{off: off, n: w.n + 1, mask: byteMask(joined), pre4: prefix4(joined), flags: wordFlags(h)}
		window[j].Hash = h
		nx.flags = wordStop
	}
}

// exactEdgeDiffers reports whether the text just outside the alignment puts
// another word where the phrase has a name or number ("South | Korea has
// launched…" against "North Korea has launched…"): the alignment excluded the
// difference, but a reader would not.
func (s *scanner) exactEdgeDiffers(phrase []phraseWord, window []textToken, i0, i1, j0, j1 int) bool {
	differs := func(w *phraseWord, j int) bool {
		t := &window[j]
		return w.exact && t.Hash != w.h && wordFlags(t.Hash)&wordStop == 0 && !nameTypo(w, s.word(j))
	}
	if i0 > 0 && j0 > 0 && differs(&phrase[i0-1], j0-1) {
		return true
	}
	return i1 < len(phrase) && j1 < len(window) && differs(&phrase[i1], j1)
}

// word is the normalized text of window word j.
func (s *scanner) word(j int) []byte {
	w := &s.win[j]
	return s.arena[w.off : w.off+w.n]
}

// nameTypo reports whether text word b is name w misspelt: one edit (osa)
// inside a name of at least five letters, its first two letters and its
// last kept ("Ameen"/"Amen", "McKafee"/"McAfee", "Montagnier"/"Montaignier").
// Copies misspell names as they misspell any word; a name changed at its
// start or its end is more often another name ("Jayden"/"Hayden",
// "Maria"/"Mario", "Russia"/"Prussia"), which stays a different word.
func nameTypo(w *phraseWord, b []byte) bool {
	a := w.text
	if !w.name || w.runes < 5 || len(b) < 4 {
		return false
	}
	if d := len(a) - len(b); d > 1 || d < -1 || a[0] != b[0] || a[1] != b[1] || a[len(a)-1] != b[len(b)-1] {
		return false
	}
	return osa(a, b) == 1
}

// exactMissing reports whether a name, number or negation of the aligned
// part of the phrase is absent from the aligned text (window words j0 on):
// the alignment may have deleted "North" and inserted "South" rather than
// pay for a substitution. A typo of a negation stands for it (negationFlips
// has asked for a near-perfect match then), and so does another negation
// (negationFlips has counted them).
//
// With omitted, a name the text leaves out counts as there when nothing
// takes its place (nameOmitted): "la Organización Mundial de la Salud de no
// hacer autopsias" quotes "…de la Salud (OMS), de no hacer autopsias" and
// says the same. Not for numbers or negations, whose absence changes what
// the text claims.
func (s *scanner) exactMissing(phrase []phraseWord, window []textToken, j0 int, omitted bool) bool {
	for i := range phrase {
		if !phrase[i].exact {
			continue
		}
		found := false
		for k, t := range window {
			if t.Hash == phrase[i].h || phrase[i].flags&wordNeg != 0 && (s.win[j0+k].flags&wordNeg != 0 || s.negTypo(&phrase[i], &s.win[j0+k])) ||
				nameTypo(&phrase[i], s.word(j0+k)) {
				found = true
				break
			}
		}
		if !found && !(omitted && s.nameOmitted(phrase, window, i)) {
			return true
		}
	}
	return false
}

// nameOmitted reports whether name i of the aligned phrase is left out of
// the aligned window with nothing in its place: the nearest content words of
// the phrase either side of it that the window has are there in order, and
// every window word between them is a function word or a word the phrase has
// between them too. A word the phrase lacks there may be another name in its
// place ("Beatriz Carvalho" for "Silvio Vinci"), so the name counts as
// missing then, as it does at either end of the alignment.
func (s *scanner) nameOmitted(phrase []phraseWord, window []textToken, i int) bool {
	if !phrase[i].name {
		return false
	}
	has := func(k int) bool { return phrase[k].flags&(wordStop|wordNeg) == 0 && windowHas(window, phrase[k].h) }
	before, after := i-1, i+1
	for before >= 0 && !has(before) {
		before--
	}
	for after < len(phrase) && !has(after) {
		after++
	}
	if before < 0 || after >= len(phrase) {
		return false
	}
	// The nearest occurrences of the two words in the window, in order.
	p, q := -1, -1
	for j := range window {
		if window[j].Hash == phrase[after].h && p >= 0 {
			q = j
			break
		}
		if window[j].Hash == phrase[before].h {
			p = j
		}
	}
	if q < 0 {
		return false
	}
	for j := p + 1; j < q; j++ {
		if wordFlags(window[j].Hash)&wordStop == 0 && !phraseHas(phrase[before+1:after], window[j].Hash) {
			return false
		}
	}
	return true
}

// clauseWords bounds how far back clauseNegation looks in a clause.
const clauseWords = 16

// clauseNegation reports whether the phrase negates earlier in the clause
// its aligned part starts in, where negationFlips does not look, while the
// text does not. negationFlips sees the phrase's words from negLookback
// before the alignment, but only within the pattern: a long phrase is
// indexed in windows, and "não" may end the window before. And a long phrase
// may name its subject twice ("não dou permissão ao facebook ou às entidades
// associadas ao facebook para usar minhas imagens"): an excerpt aligned from
// the second "ao facebook" leaves the "não" further back, and "dou permissão
// ao Facebook para usar minhas imagens" would match it in full. A negation
// further back than negLookback counts only when the text leads into the
// aligned part with words of its own in the clause: a quote that starts
// there says nothing either way.
func (s *scanner) clauseNegation(text string, pat uint32, i0 int, window []textToken, j0 int) bool {
	// Most phrases have no negation before the aligned words: ask the
	// phrase first, the text only when it does.
	q := s.negationBefore(pat, i0)
	if q < 0 {
		return false
	}
	from := int(s.m.patterns[pat].from)
	for k := j0 - 1; k >= 0 && k >= j0-clauseWords; k-- {
		if strings.ContainsAny(text[window[k].End:window[k+1].Start], clauseEnds) {
			break
		}
		if s.win[k].flags&wordNeg != 0 {
			// The text negates too. Within negationFlips' reach it counted
			// this one against the phrase's words inside the pattern.
			return from+i0-q <= negLookback && q < from && j0-k > negLookback
		}
	}
	if from+i0-q <= negLookback {
		// Within negationFlips' reach: judged there if inside the pattern.
		return q < from
	}
	// Further back: judged only when the text leads in with words of its
	// own in the clause.
	return j0 > 0 && !strings.ContainsAny(text[window[j0-1].End:window[j0].Start], clauseEnds)
}

// negationBefore returns the index in the whole phrase of the nearest
// negation before the pattern's word i0 in the same clause, within
// clauseWords, or -1.
func (s *scanner) negationBefore(pat uint32, i0 int) int {
	p := &s.m.patterns[pat]
	sp := s.phraseSpans
	first := int(p.from) + i0
	for q := first - 1; q >= 0 && q >= first-clauseWords; q-- {
		// Between the word's first byte and the next word: a clause end
		// there ends the clause (a comma inside "1,000" ends it too early,
		// which only looks at less).
		if strings.ContainsAny(p.text[sp[q].start+1:sp[q+1].start], clauseEnds) {
			return -1
		}
		w := s.phraseBuf[sp[q].off : sp[q].off+sp[q].n]
		if wordFlags(textnorm.HashWord(w))&wordNeg != 0 {
			return q
		}
	}
	return -1
}
