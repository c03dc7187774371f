package listsrc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// A collected (wild) text becomes phrases in pieces: a whole chain letter
// of 200 words is no phrase, and a phrase must stand on its own when a
// reader pastes only part of the message. These are the pieces' limits.
const (
	// PromoteMinWords: shorter pieces are mostly a greeting or a call to
	// share, which many rumors have in common.
	PromoteMinWords = 15
	// pieceFloor: a sentence group below it joins its neighbour rather than
	// stand alone; it is the floor before PromoteMinWords is applied.
	pieceFloor = 10
)

// sentenceEnd ends a sentence: its stop (and any closing quote or bracket)
// followed by space, or a line break.
var sentenceEnd = regexp.MustCompile(`[.!?…]+["'”’»)]*\s+|\n+`)

// Pieces splits a collected text into phrase-sized pieces of whole
// sentences: about equal in length, none over MaxPhraseWords, none under
// PromoteMinWords words (a short tail joins the piece before it when it
// fits, else it is left out; short counts those left out). A sentence
// over MaxPhraseWords is cut at word boundaries into equal parts.
func Pieces(text string) (pieces []string, short int) {
	var units []string
	for _, s := range sentences(text) {
		units = append(units, cutWords(s, MaxPhraseWords)...)
	}
	total := len(textnorm.Tokens(text))
	if total == 0 {
		return nil, 0
	}
	parts := (total + MaxPhraseWords - 1) / MaxPhraseWords
	target := (total + parts - 1) / parts
	var out []string
	var sizes []int
	cur, n := "", 0
	for _, u := range units {
		w := len(textnorm.Tokens(u))
		if cur != "" && (n+w > MaxPhraseWords || n >= target) {
			out, sizes = append(out, cur), append(sizes, n)
			cur, n = "", 0
		}
		if cur == "" {
			cur = u
		} else {
			cur += " " + u
		}
		n += w
	}
	if cur != "" {
		if last := len(sizes) - 1; n < pieceFloor && last >= 0 && n+sizes[last] <= MaxPhraseWords {
			out[last] += " " + cur
			sizes[last] += n
		} else {
			out, sizes = append(out, cur), append(sizes, n)
		}
	}
	kept := out[:0]
	for i, p := range out {
		if sizes[i] >= PromoteMinWords {
			kept = append(kept, p)
		} else {
			short++
		}
	}
	return kept, short
}

func sentences(text string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEnd.FindAllStringIndex(text, -1) {
		if s := strings.TrimSpace(text[last:m[1]]); s != "" {
			out = append(out, s)
		}
		last = m[1]
	}
	if s := strings.TrimSpace(text[last:]); s != "" {
		out = append(out, s)
	}
	return out
}

// cutWords splits s at word boundaries into equal parts of at most max words.
func cutWords(s string, max int) []string {
	toks := textnorm.Tokens(s)
	if len(toks) <= max {
		return []string{s}
	}
	parts := (len(toks) + max - 1) / max
	per := (len(toks) + parts - 1) / parts
	var out []string
	start := 0
	for i := per; i < len(toks); i += per {
		out = append(out, strings.TrimSpace(s[start:toks[i].Start]))
		start = toks[i].Start
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// NewPhrase is a phrase to add to a rumor file, with the page it was
// collected from.
type NewPhrase struct {
	Lang, Text, From string
}

// InsertPhrases adds phrases to a rumor file's phrases block, each after
// the last phrase of its language (a language the file lacks gets its own
// key at the block's end), under a comment line, and leaves every other
// line as it was: the file stays the maintainers' text, comments and
// order included. Texts are written as JSON strings, which YAML reads
// as they are.
func InsertPhrases(path, comment string, adds []NewPhrase) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("add phrases to %s: %w", path, err)
	}
	lines := strings.Split(string(raw), "\n")
	start := -1
	for i, l := range lines {
		if l == "phrases:" {
			start = i
		}
	}
	if start < 0 {
		return fmt.Errorf("add phrases to %s: no top-level \"phrases:\" line; add one with at least one phrase", path)
	}
	end := len(lines)
	for i := start + 1; i < len(lines); i++ {
		if l := lines[i]; l != "" && l[0] != ' ' && l[0] != '#' {
			end = i
			break
		}
	}
	for end > start+1 && blankOrComment(lines[end-1]) {
		end--
	}
	// Each language's lines: from its key to the next key or the block's end.
	type span struct{ key, end int }
	spans := map[string]span{}
	var order []string
	for i := start + 1; i < end; i++ {
		l := lines[i]
		if len(l) > 3 && strings.HasPrefix(l, "  ") && l[2] != ' ' && l[2] != '#' && strings.HasSuffix(l, ":") {
			lang := strings.TrimSuffix(strings.TrimSpace(l), ":")
			if len(order) > 0 {
				prev := order[len(order)-1]
				spans[prev] = span{spans[prev].key, i}
			}
			spans[lang] = span{i, end}
			order = append(order, lang)
		}
	}
	byLang := map[string][]NewPhrase{}
	var newLangs []string
	for _, a := range adds {
		if _, ok := spans[a.Lang]; !ok && byLang[a.Lang] == nil {
			newLangs = append(newLangs, a.Lang)
		}
		byLang[a.Lang] = append(byLang[a.Lang], a)
	}
	items := func(as []NewPhrase) []string {
		out := []string{"    # " + comment}
		for _, a := range as {
			out = append(out, "    - text: "+jsonString(a.Text), "      from: "+a.From)
		}
		return out
	}
	type insertion struct {
		at    int
		lines []string
		tail  bool // the new languages' keys
	}
	var ins []insertion
	for lang, sp := range spans {
		if len(byLang[lang]) == 0 {
			continue
		}
		at := sp.end
		for at > sp.key+1 && blankOrComment(lines[at-1]) {
			at--
		}
		ins = append(ins, insertion{at, items(byLang[lang]), false})
	}
	var tail []string
	for _, lang := range newLangs {
		tail = append(tail, "  "+lang+":")
		tail = append(tail, items(byLang[lang])...)
	}
	if len(tail) > 0 {
		ins = append(ins, insertion{end, tail, true})
	}
	// From the bottom up, so the earlier positions stay right. At one
	// position the new languages' keys go in first, so that the last
	// language's phrases, inserted after them at the same line, precede them.
	sort.Slice(ins, func(i, j int) bool { return ins[i].at > ins[j].at || ins[i].at == ins[j].at && ins[i].tail })
	for _, in := range ins {
		lines = append(lines[:in.at], append(in.lines, lines[in.at:]...)...)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		return fmt.Errorf("add phrases to %s: %w", path, err)
	}
	return nil
}

func blankOrComment(l string) bool {
	t := strings.TrimSpace(l)
	return t == "" || strings.HasPrefix(t, "#")
}

func jsonString(s string) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.Encode(s)
	return strings.TrimSpace(b.String())
}
