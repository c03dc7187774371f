package match

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// The wasm build probes the filter with a hand-written loop (probe_wasm.s);
// under wasm (scripts/test runs this package's kernel tests in node) this
// holds it to the Go loop every other build runs. Natively both are the Go
// loop.
func TestProbeKernelsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		// Few distinct hashes, some zero, so that repeated words, empty
		// neighbours and passing pairs all occur.
		vocab := make([]uint64, 1+r.IntN(40))
		for i := range vocab {
			if r.IntN(10) > 0 {
				vocab[i] = r.Uint64()
			}
		}
		toks := make([]textToken, r.IntN(600))
		for i := range toks {
			toks[i].Hash = vocab[r.IntN(len(vocab))]
		}
		var content []int32
		for i := range toks {
			if r.IntN(3) > 0 {
				content = append(content, int32(i))
			}
		}
		filter := make([]uint64, 1+r.IntN(300))
		for i := range filter {
			// Dense words, so that about as many pairs pass as fail.
			filter[i] = r.Uint64() | r.Uint64() | r.Uint64()
		}
		n := uint64(r.IntN(len(filter)))
		prev1, prev2 := vocab[r.IntN(len(vocab))], vocab[r.IntN(len(vocab))]
		want := make([]passed, 2*len(content)+1)
		got := make([]passed, len(want))
		wn, w1, w2 := probeOneSlotGo(toks, content, want, filter, n, prev1, prev2)
		gn, g1, g2 := probeOneSlot(toks, content, got, filter, n, prev1, prev2)
		if gn != wn || g1 != w1 || g2 != w2 || !slices.Equal(got[:gn], want[:wn]) {
			t.Fatalf("one slot, round %d: %d pairs (last words %x %x), want %d (%x %x); first pairs %v, want %v",
				round, gn, g1, g2, wn, w1, w2, got[:min(gn, 4)], want[:min(wn, 4)])
		}
		if round == 0 && wn == 0 {
			t.Fatal("no pair passed: the test exercises nothing")
		}
		// A directory of slots, each with its run of filter words (some
		// empty), all below the filter's last word, as layFilter lays them.
		fdir := make([]uint32, 2+r.IntN(20))
		for i := range fdir {
			fdir[i] = uint32(r.IntN(len(filter)))
		}
		slices.Sort(fdir)
		wn, w1, w2 = probeFilterGo(toks, content, want, filter, fdir, prev1, prev2)
		gn, g1, g2 = probeFilter(toks, content, got, filter, fdir, prev1, prev2)
		if gn != wn || g1 != w1 || g2 != w2 || !slices.Equal(got[:gn], want[:wn]) {
			t.Fatalf("directory, round %d: %d pairs (last words %x %x), want %d (%x %x); first pairs %v, want %v",
				round, gn, g1, g2, wn, w1, w2, got[:min(gn, 4)], want[:min(wn, 4)])
		}
	}
}

// TestContentWordsKernelsAgree holds the wasm build's content-word loop to
// the Go one, on the function-word table the scan uses: text of its words
// (some flagged only as negations or numbers, not as function words) and
// others.
func TestContentWordsKernelsAgree(t *testing.T) {
	// Every word of the table (so both places of a bucket are read, some
	// with function words, some with other flags) and a few of none.
	var hashes []uint64
	for _, w := range []string{"meta", "message", "photo", "2025", "fed"} {
		hashes = append(hashes, textnorm.HashWord([]byte(w)))
	}
	for _, fw := range fixedFlagWords {
		hashes = append(hashes, fw.h)
	}
	r := rand.New(rand.NewPCG(3, 4))
	stop := fixedFlags
	for round := range 100 {
		toks := make([]textToken, r.IntN(5000))
		for i := range toks {
			if r.IntN(5) == 0 {
				toks[i].Hash = r.Uint64() | 1
			} else {
				toks[i].Hash = hashes[r.IntN(len(hashes))]
			}
		}
		from := r.IntN(len(toks) + 1)
		to := from + r.IntN(len(toks)-from+1)
		want := make([]int32, len(toks))
		got := make([]int32, len(toks))
		wn := contentWordsGo(toks, from, to, stop.keys, stop.flags, stop.mul, uint64(stop.shift), want)
		gn := contentWords(toks, from, to, stop.keys, stop.flags, stop.mul, uint64(stop.shift), got)
		if gn != wn || !slices.Equal(got[:gn], want[:wn]) {
			t.Fatalf("round %d: %d content words %v, want %d %v", round, gn, got[:min(gn, 8)], wn, want[:min(wn, 8)])
		}
		if round == 0 && (wn == 0 || wn == to-from) {
			t.Fatalf("round 0: %d content words of %d: the test exercises nothing", wn, to-from)
		}
	}
}
