// Package perturb makes the variants a rumor takes as people retype and
// disguise it: typos, case and punctuation changes, emoji, line breaks,
// look-alike letters, truncation, embedding and splitting. The matcher's
// tests and the quality evaluation use the same generators, so what the
// evaluation measures is what the tests assert. Every function is
// deterministic for a given *rand.Rand.
package perturb

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind names one perturbation.
type Kind string

// The kinds, in the order reports list them.
const (
	Verbatim  Kind = "verbatim"
	Typos1    Kind = "typos-1-per-30"
	Typos3    Kind = "typos-3-per-30"
	CasePunct Kind = "case-punct"
	Emoji     Kind = "emoji-linebreaks"
	Homoglyph Kind = "homoglyphs"
	Truncate  Kind = "truncated-60"
	Embed     Kind = "embedded"
	Split     Kind = "split-sentences"
)

// Kinds lists every kind.
var Kinds = []Kind{Verbatim, Typos1, Typos3, CasePunct, Emoji, Homoglyph, Truncate, Embed, Split}

// Apply returns the phrase perturbed by kind. filler is ordinary text used to
// embed or split the phrase.
func Apply(k Kind, phrase, filler string, r *rand.Rand) string {
	switch k {
	case Typos1:
		return Typos(phrase, 1, r)
	case Typos3:
		return Typos(phrase, 3, r)
	case CasePunct:
		return CaseAndPunct(phrase, r)
	case Emoji:
		return EmojiAndBreaks(phrase, r)
	case Homoglyph:
		return Homoglyphs(phrase, r)
	case Truncate:
		return Truncated(phrase, 0.6)
	case Embed:
		return Embedded(phrase, filler, r)
	case Split:
		return SplitSentences(phrase, filler, r)
	}
	return phrase
}

// Typos makes perThirty random typos per 30 characters (at least one), each
// a substitution, deletion, insertion or swap of letters inside a word of
// four or more letters — the words a typo can hit without becoming another
// word. Names and numbers are left alone: the matcher requires them exact,
// on purpose.
func Typos(s string, perThirty int, r *rand.Rand) string {
	b := []rune(s)
	n := max(1, perThirty*utf8.RuneCountInString(s)/30)
	for k := 0; k < n; k++ {
		var spots []int
		for i := range b {
			if typoable(b, i) {
				spots = append(spots, i)
			}
		}
		if len(spots) == 0 {
			break
		}
		i := spots[r.IntN(len(spots))]
		c := rune('a' + r.IntN(26))
		switch r.IntN(4) {
		case 0:
			b[i] = c
		case 1:
			b = append(b[:i], b[i+1:]...)
		case 2:
			b = append(b[:i], append([]rune{c}, b[i:]...)...)
		default:
			if i+1 < len(b) && unicode.IsLetter(b[i+1]) {
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
	}
	return string(b)
}

// typoable: an inner letter of a lower-case word of at least 5 letters, so
// repeated typos in one short word do not turn it into a different word.
func typoable(b []rune, i int) bool {
	if !unicode.IsLower(b[i]) {
		return false
	}
	start, end := i, i
	for start > 0 && unicode.IsLetter(b[start-1]) {
		start--
	}
	for end < len(b) && unicode.IsLetter(b[end]) {
		end++
	}
	return end-start >= 5 && i > start && unicode.IsLower(b[start])
}

// CaseAndPunct changes case and punctuation the way reposts do.
func CaseAndPunct(s string, r *rand.Rand) string {
	switch r.IntN(3) {
	case 0:
		s = strings.ToUpper(s)
	case 1:
		s = strings.ToLower(s)
	}
	repl := strings.NewReplacer(".", "!!!", ",", " -", "'", "’")
	words := strings.Fields(s)
	for i, w := range words {
		// Reposts shout with sentence punctuation; the dots of an acronym
		// ("L.S.D.") stay, or it would read as separate letters.
		if !dottedAcronym.MatchString(w) {
			words[i] = repl.Replace(w)
		}
	}
	return strings.Join(words, " ") + "!!"
}

// dottedAcronym is a word such as "L.S.D." or "A.I.," that generators leave
// whole: textnorm joins it only when its letters and dots are plain ASCII.
var dottedAcronym = regexp.MustCompile(`^(\pL\.){2,}\PL*$`)

var emoji = []string{"😱", "🔥", "‼️", "👉", "⚠️", "🙏", "💯", "🚨"}

// EmojiAndBreaks puts emoji and line breaks between words.
func EmojiAndBreaks(s string, r *rand.Rand) string {
	words := strings.Fields(s)
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			switch r.IntN(4) {
			case 0:
				b.WriteString(" " + emoji[r.IntN(len(emoji))] + " ")
			case 1:
				b.WriteString("\n")
			default:
				b.WriteString(" ")
			}
		}
		b.WriteString(w)
	}
	return emoji[r.IntN(len(emoji))] + " " + b.String() + " " + emoji[r.IntN(len(emoji))]
}

var lookalikes = map[rune][]rune{
	'a': {'а', 'ɑ'}, 'e': {'е'}, 'o': {'о', 'ο'}, 'p': {'р'}, 'c': {'с'}, 'x': {'х'},
	'i': {'і'}, 'M': {'М', 'Μ'}, 'A': {'А', 'Α'}, 'E': {'Е', 'Ε'}, 'T': {'Т', 'Τ'},
	'I': {'І'}, 'y': {'у'}, 'H': {'Н'}, 'B': {'В'}, 'K': {'К'},
}

// Homoglyphs swaps about a third of the letters that have look-alikes for
// letters of other scripts, and sets a word in fullwidth or mathematical bold.
func Homoglyphs(s string, r *rand.Rand) string {
	b := []rune(s)
	for i, c := range b {
		if alts, ok := lookalikes[c]; ok && r.IntN(3) == 0 {
			b[i] = alts[r.IntN(len(alts))]
		}
	}
	out := string(b)
	words := strings.Fields(out)
	orig := strings.Fields(s)
	for i := range words {
		if i < len(orig) && dottedAcronym.MatchString(orig[i]) {
			words[i] = orig[i]
		}
	}
	if len(words) > 0 {
		k := r.IntN(len(words))
		if !dottedAcronym.MatchString(words[k]) {
			words[k] = styled(words[k], r.IntN(2) == 0)
		}
	}
	return strings.Join(words, " ")
}

func styled(w string, fullwidth bool) string {
	var b strings.Builder
	for _, c := range w {
		switch {
		case fullwidth && c >= '!' && c <= '~':
			b.WriteRune(c - '!' + '！')
		case !fullwidth && c >= 'a' && c <= 'z':
			b.WriteRune(c - 'a' + '𝐚')
		case !fullwidth && c >= 'A' && c <= 'Z':
			b.WriteRune(c - 'A' + '𝐀')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// Truncated keeps the first frac of the phrase's words.
func Truncated(s string, frac float64) string {
	words := strings.Fields(s)
	n := max(1, int(float64(len(words))*frac+0.5))
	return strings.Join(words[:n], " ")
}

// Embedded puts the phrase at a random sentence boundary inside filler.
func Embedded(s, filler string, r *rand.Rand) string {
	sent := Sentences(filler)
	if len(sent) == 0 {
		return s
	}
	k := r.IntN(len(sent) + 1)
	parts := append(append(append([]string{}, sent[:k]...), s), sent[k:]...)
	return strings.Join(parts, " ")
}

// SplitSentences breaks the phrase into two or three sentences on separate
// lines, with a short sentence of filler between two of them.
func SplitSentences(s, filler string, r *rand.Rand) string {
	words := strings.Fields(s)
	if len(words) < 4 {
		return s
	}
	cut1 := len(words)/3 + r.IntN(max(1, len(words)/3))
	cut2 := cut1 + 1 + r.IntN(max(1, len(words)-cut1-1))
	parts := []string{strings.Join(words[:cut1], " ") + ".", strings.Join(words[cut1:cut2], " ") + ".", strings.Join(words[cut2:], " ")}
	if sent := Sentences(filler); len(sent) > 0 {
		short := sent[r.IntN(len(sent))]
		if w := strings.Fields(short); len(w) > 8 {
			short = strings.Join(w[:8], " ") + "."
		}
		parts = append(parts[:2], append([]string{short}, parts[2:]...)...)
	}
	return strings.Join(parts, "\n")
}

// Sentences splits text at sentence ends, roughly.
func Sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		if c := text[i]; (c == '.' || c == '!' || c == '?') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n') {
			if s := strings.TrimSpace(text[start : i+1]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// Plant puts variant into ordinary text as a paragraph of its own, between
// the lines of text around start+n (about n bytes on either side). The cut
// falls between lines, as a quote lands on a page: a cut inside a sentence
// would glue the variant to a fragment ("she was not sulking, not ev" +
// variant), and a negation just before a rumor rightly stops it matching.
func Plant(text string, start, n int, variant string) string {
	before := text[start : start+n]
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[:i+1]
	}
	after := text[start+n : start+2*n]
	if i := strings.IndexByte(after, '\n'); i >= 0 {
		after = after[i+1:]
	}
	return before + variant + "\n" + after
}
