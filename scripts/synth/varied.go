package synth

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/perturb"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// Varied is the source of realistic large lists. List (above) draws every
// phrase from one 600,000-word source, so at 100,000 rumors each word of it
// sits in about seven phrases and so does nearly every pair: far denser
// than a real list, whose phrases come from as many messages as it has
// rumors. Varied cuts phrases out of about 26,000 documents in seven
// languages (the evaluation's background: Debian's manuals, reference and
// handbook and their translations, plus the Brown corpus's non-fiction) and
// uses each stretch of text at most once, so the pairs phrases share are the
// ones their languages share.
//
// The text to scan is the Brown corpus's fiction: other documents than any
// phrase came from.
type Varied struct {
	langs []string
	pools [][]string // per language, in document order: non-overlapping phrases
	// Text is ordinary English to scan: the Brown corpus's fiction.
	Text string
}

// variedLangs are the languages of Varied lists, in the order of its pools.
var variedLangs = []string{"en", "nl", "de", "fr", "es", "it", "pt"}

// LoadVaried reads the documents Varied cuts phrases from (scripts/setup
// installs them). root is the repository root. It takes about 15 s: the
// background is 17 million words.
func LoadVaried(root string) (*Varied, error) {
	brown, err := corpus.Brown(root + "/" + corpus.BrownDir)
	if err != nil {
		return nil, fmt.Errorf("varied source: %w", err)
	}
	bg, err := corpus.Background()
	if err != nil {
		return nil, fmt.Errorf("varied source: %w", err)
	}
	v := &Varied{langs: variedLangs, pools: make([][]string, len(variedLangs))}
	var text strings.Builder
	var docs []corpus.Doc
	for _, d := range brown {
		if fiction(d) {
			text.WriteString(d.Text)
			text.WriteByte('\n')
		} else {
			docs = append(docs, d)
		}
	}
	v.Text = text.String()
	docs = append(docs, bg...)
	// Window lengths come from a fixed seed: the phrases a document gives
	// do not depend on the list asked for, so List(1000) is the first 1,000
	// rumors of List(100000).
	r := rand.New(rand.NewPCG(0x7a71ed, 1))
	seen := map[uint64]bool{}
	for _, d := range docs {
		li := slices.Index(v.langs, d.Lang)
		if li < 0 {
			continue
		}
		v.pools[li] = appendPhrases(v.pools[li], d.Text, r, seen)
	}
	return v, nil
}

// fiction reports whether a Brown document is fiction (categories k..r).
func fiction(d corpus.Doc) bool {
	name := d.Name[strings.LastIndex(d.Name, "/")+1:]
	return len(name) == 4 && name[1] >= 'k'
}

// Phrases are 12 to 30 words, as in List.
const (
	minPhraseWords = 12
	maxPhraseWords = 30
)

// appendPhrases appends to pool the phrases of one document: each starts a
// sentence, is made of words only (manual pages are full of option syntax
// and markup, which no rumor is written in), and none overlaps another. A
// phrase whose start another document already gave (a licence, a translated
// page's untranslated part) is left out: a real list does not hold one
// message thousands of times.
func appendPhrases(pool []string, text string, r *rand.Rand, seen map[uint64]bool) []string {
	// A line that starts with a capital starts a sentence too: manuals put
	// headings, list items and table cells on lines of their own.
	var words []string
	var lineStart []bool
	for _, line := range strings.Split(text, "\n") {
		for k, w := range strings.Fields(line) {
			words = append(words, w)
			lineStart = append(lineStart, k == 0)
		}
	}
	for i := 0; i+minPhraseWords <= len(words); {
		if !(i == 0 || lineStart[i] || endsSentence(words[i-1])) || !startsSentence(words[i]) {
			i++
			continue
		}
		size := minPhraseWords + r.IntN(maxPhraseWords-minPhraseWords+1)
		size = min(size, len(words)-i)
		// A phrase ends before the first word that is not plain prose;
		// too short a rest is no phrase.
		for k, w := range words[i : i+size] {
			if !plainWord(w) {
				size = k
				break
			}
		}
		if size < minPhraseWords {
			i += size + 1
			continue
		}
		h := fnv.New64a()
		for _, w := range words[i : i+minPhraseWords/2] {
			h.Write([]byte(strings.ToLower(w)))
			h.Write([]byte{' '})
		}
		if k := h.Sum64(); !seen[k] {
			seen[k] = true
			pool = append(pool, strings.Join(words[i:i+size], " "))
		}
		i += size
	}
	return pool
}

func endsSentence(w string) bool {
	w = strings.TrimRight(w, `"')”’»`)
	return strings.HasSuffix(w, ".") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "?")
}

func startsSentence(w string) bool {
	w = strings.TrimLeft(w, `"'(“‘«¿¡`)
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// plainWord reports whether w is a word as prose writes it: letters (and
// digits, hyphens, apostrophes inside), with at most quotes or brackets
// around and punctuation after.
func plainWord(w string) bool {
	w = strings.TrimLeft(w, `"'(“‘«¿¡`)
	w = strings.TrimRight(w, `"')”’».,;:!?`)
	if w == "" {
		return false
	}
	letters := 0
	for i, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
		case (r == '-' || r == '\'' || r == '’') && i > 0 && i < len(w)-1:
		default:
			return false
		}
	}
	return letters > 0
}

// Phrases returns how many phrases each language can give, in the order
// en, nl, de, fr, es, it, pt.
func (v *Varied) Phrases() map[string]int {
	out := map[string]int{}
	for i, l := range v.langs {
		out[l] = len(v.pools[i])
	}
	return out
}

// List builds a list of n rumors with two phrases each, both in one
// language. A rumor's language is drawn in proportion to the phrases each
// language has (so about two thirds are English), and its phrases are the
// next two of that language's phrases in an order shuffled by seed: no
// phrase is used twice, and List(k, seed) is the first k rumors of List(n,
// seed) for k < n. It fails when the source has too few phrases for n.
func (v *Varied) List(n int, seed uint64) (*rumorlist.List, error) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	order := make([][]string, len(v.pools))
	total := 0
	for i, p := range v.pools {
		order[i] = slices.Clone(p)
		r.Shuffle(len(order[i]), func(a, b int) { order[i][a], order[i][b] = order[i][b], order[i][a] })
		total += len(p)
	}
	if 2*n > total {
		return nil, fmt.Errorf("varied list of %d rumors: the source has %d phrases, %d needed", n, total, 2*n)
	}
	l := &rumorlist.List{Format: rumorlist.FormatVersion, Name: fmt.Sprintf("synthetic-varied-%d", n), Version: 1, Created: 1764892800}
	l.Rumors = make([]rumorlist.Rumor, n)
	for i := range l.Rumors {
		// Draw a language by the phrases it has left; one that runs out
		// stops being drawn.
		left := 0
		for _, p := range order {
			left += len(p) / 2 * 2
		}
		k := r.IntN(left)
		li := 0
		for ; k >= len(order[li])/2*2; li++ {
			k -= len(order[li]) / 2 * 2
		}
		lang := v.langs[li]
		ru := &l.Rumors[i]
		ru.ID = fmt.Sprintf("synthetic-%06d", i)
		ru.Verdict = rumorlist.VerdictFalse
		ru.Texts = []rumorlist.Text{{Lang: lang, Claim: "Synthetic rumor " + ru.ID, Summary: "Made for benchmarks."}}
		ru.Sources = []rumorlist.Source{{URL: "https://example.org/" + ru.ID, Publisher: "Rumorguard", Date: "2025-12-05", Lang: lang}}
		ru.Phrases = []rumorlist.Phrases{{Lang: lang, Texts: []string{order[li][0], order[li][1]}}}
		ru.Updated = "2025-12-05"
		order[li] = order[li][2:]
	}
	return l, nil
}

// PlantedRumors is how many rumors' phrases ScanText plants: the first
// ones, so the text is the same for every list size of one seed.
const PlantedRumors = 20

// ScanText returns the first size bytes of the fiction, cut at a line,
// with the first phrase of each of the list's first PlantedRumors rumors
// planted between its lines at even intervals, every other one with a typo
// in every 30 characters: ordinary text with some real matches, so a scan
// benchmark also verifies and reports some.
func (v *Varied) ScanText(l *rumorlist.List, size int) string {
	text := v.Text[:min(size, len(v.Text))]
	if i := strings.LastIndexByte(text, '\n'); i > 0 {
		text = text[:i+1]
	}
	plants := min(PlantedRumors, len(l.Rumors))
	r := rand.New(rand.NewPCG(0x91a7, 1))
	var b strings.Builder
	at := 0
	for k := 0; k < plants; k++ {
		next := len(text) * (k + 1) / (plants + 1)
		if i := strings.IndexByte(text[next:], '\n'); i >= 0 {
			next += i + 1
		} else {
			next = len(text)
		}
		b.WriteString(text[at:next])
		phrase := l.Rumors[k].Phrases[0].Texts[0]
		if k%2 == 1 {
			phrase = perturb.Typos(phrase, 1, r)
		}
		b.WriteString(phrase)
		b.WriteByte('\n')
		at = next
	}
	b.WriteString(text[at:])
	return b.String()
}
