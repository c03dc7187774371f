package match_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/perturb"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// BenchmarkPlantedRecall plants perturbed phrases of large synthetic lists
// in ordinary text and reports the share found: the index prunes common
// pairs as lists grow, and this shows what that costs in recall.
func BenchmarkPlantedRecall(b *testing.B) {
	source, text := loadBench(b)
	for _, n := range listSizes {
		l := synth.List(n, source, 1)
		m, err := match.Compile(l, match.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, kind := range []perturb.Kind{perturb.Verbatim, perturb.Typos1, perturb.Truncate} {
			b.Run(fmt.Sprintf("rumors=%d/%s", n, kind), func(b *testing.B) {
				r := rand.New(rand.NewPCG(7, uint64(n)))
				found, total := 0, 0
				for b.Loop() {
					for i := 0; i < 200; i++ {
						ru := l.Rumors[r.IntN(len(l.Rumors))]
						phrase := ru.Phrases[0].Texts[r.IntN(len(ru.Phrases[0].Texts))]
						doc := perturb.Plant(text, r.IntN(len(text)-2000), 1000, perturb.Apply(kind, phrase, "", r))
						total++
						for _, x := range m.Scan(doc) {
							if x.ID == ru.ID {
								found++
								break
							}
						}
					}
				}
				b.ReportMetric(float64(found)/float64(total), "recall")
			})
		}
	}
}

// plantedDocs returns n texts of 8,000 bytes cut from text at random, each
// with a phrase of a random rumor of l planted, perturbed by kinds in turn.
func plantedDocs(r *rand.Rand, l *rumorlist.List, text string, n int, kinds []perturb.Kind) []string {
	docs := make([]string, 0, n)
	for i := 0; i < n; i++ {
		ru := l.Rumors[r.IntN(len(l.Rumors))]
		phrase := ru.Phrases[0].Texts[r.IntN(len(ru.Phrases[0].Texts))]
		kind := kinds[i%len(kinds)]
		start := r.IntN(len(text) - 20_000)
		docs = append(docs, perturb.Plant(text[start:start+8_000], r.IntN(4_000), 1000, perturb.Apply(kind, phrase, "", r)))
	}
	return docs
}
