package match_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/perturb"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/match"
)

// TestRunTableSizeDoesNotMatter: the scan keeps the runs of pair hits it
// follows in a small table that drops ended runs when it fills. A table so
// small that it sweeps (and grows) every few hits must give exactly the
// candidates and matches of one so large that it never sweeps: a sweep that
// dropped a run still alive, or kept one that ended, would change them.
func TestRunTableSizeDoesNotMatter(t *testing.T) {
	t.Parallel()
	source, text := loadBench(t)
	for _, tt := range []struct {
		name string
		n    int
	}{{"synthetic 1,000", 1_000}, {"synthetic 10,000", 10_000}} {
		l := synth.List(tt.n, source, 2)
		m, err := match.Compile(l, match.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(3, uint64(tt.n)))
		docs := append([]string{text[:300_000]}, plantedDocs(r, l, text, 150,
			[]perturb.Kind{perturb.Verbatim, perturb.Typos3, perturb.Split, perturb.Embed, perturb.Truncate})...)
		cands, found := 0, 0
		for i, doc := range docs {
			var small, large [][5]int
			var smallM, largeM []match.Match
			match.WithRunSlots(2, func() { small, smallM = match.Candidates(m, doc), match.ScanExhaustive(m, doc) })
			match.WithRunSlots(1<<20, func() { large, largeM = match.Candidates(m, doc), match.ScanExhaustive(m, doc) })
			if !reflect.DeepEqual(small, large) {
				t.Fatalf("%s, text %d: candidates %v with a table that sweeps, %v with one that never does", tt.name, i, small, large)
			}
			if !reflect.DeepEqual(smallM, largeM) {
				t.Fatalf("%s, text %d: matches %+v with a table that sweeps, %+v with one that never does", tt.name, i, smallM, largeM)
			}
			cands += len(large)
			found += len(largeM)
		}
		if cands < len(docs) || found < 40 {
			t.Fatalf("%s: %d candidates and %d matches in %d texts: too few to compare", tt.name, cands, found, len(docs))
		}
		t.Logf("%s: %d candidates, %d matches, the same", tt.name, cands, found)
	}
}
