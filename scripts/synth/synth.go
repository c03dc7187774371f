// Package synth makes synthetic rumor lists of any size from real text, for
// benchmarks: phrases are windows of consecutive words of the Brown corpus's
// non-fiction, and the text to scan is its fiction, so phrases and text share
// the vocabulary and grammar of ordinary English but not whole sentences.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// Split returns the words phrases are drawn from and the text to scan.
func Split(docs []corpus.Doc) (source []string, text string) {
	var scan strings.Builder
	for _, d := range docs {
		if d.Lang != "en" {
			continue
		}
		// Brown categories k..r are fiction.
		name := d.Name[strings.LastIndex(d.Name, "/")+1:]
		if len(name) == 4 && name[1] >= 'k' {
			scan.WriteString(d.Text)
			scan.WriteByte('\n')
		} else {
			source = append(source, strings.Fields(d.Text)...)
		}
	}
	return source, scan.String()
}

// List builds a list of n rumors with two phrases of 12 to 30 words each.
func List(n int, source []string, seed uint64) *rumorlist.List {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	l := &rumorlist.List{Format: rumorlist.FormatVersion, Name: fmt.Sprintf("synthetic-%d", n), Version: 1, Created: 1764892800}
	l.Rumors = make([]rumorlist.Rumor, n)
	for i := range l.Rumors {
		ru := &l.Rumors[i]
		ru.ID = fmt.Sprintf("synthetic-%06d", i)
		ru.Verdict = rumorlist.VerdictFalse
		ru.Texts = []rumorlist.Text{{Lang: "en", Claim: "Synthetic rumor " + ru.ID, Summary: "Made for benchmarks."}}
		ru.Sources = []rumorlist.Source{{URL: "https://example.org/" + ru.ID, Publisher: "Rumorguard", Date: "2025-12-05", Lang: "en"}}
		ph := rumorlist.Phrases{Lang: "en"}
		for k := 0; k < 2; k++ {
			size := 12 + r.IntN(19)
			start := r.IntN(len(source) - size)
			ph.Texts = append(ph.Texts, strings.Join(source[start:start+size], " "))
		}
		ru.Phrases = []rumorlist.Phrases{ph}
		ru.Updated = "2025-12-05"
	}
	return l
}
