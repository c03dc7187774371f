package textnorm

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestHashKernelsAgree holds the wasm build's hand-written block loop
// (asciiBlocks, hash_wasm.s) to the Go one (hashBlock) on random texts of the
// cases it takes and the ones it leaves to Go, and checks that it takes
// plain text itself: the AppendHashes tests compare the whole walk with Each,
// and would pass as well if asciiBlocks took nothing. scripts/test runs this
// package's tests under wasm in node; natively there is no such loop.
func TestHashKernelsAgree(t *testing.T) {
	if !fastBlocks {
		t.Skip("no hand-written block loop in this build")
	}
	r := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", "Z", "x", "7", "0", " ", " ", " ", "  ", ".", ". ", "\n", ",", "'", "`", "-", "A.I.", "U.S.",
		"don't", "abcdefgh", "ABCDEFGHIJ", "abcdefghijklmnopq", "w", "@", "[", "{", "/", ":", "é", "’", "—", "\u00a0",
		"don’t", "‘", "“", "”", "–", "…", "′", "\u2011", "\u00a1", "\u201e", "東", "𝐋", "．", "𝐋.𝐒."}
	taken := 0
	for n := range 3000 {
		var b strings.Builder
		size := 60 + r.IntN(400)
		for b.Len() < size {
			// Mostly plain words, so that whole blocks are plain ASCII.
			if r.IntN(4) > 0 {
				b.WriteString(pieces[r.IntN(6)] + " ")
			} else {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
		}
		s := b.String()
		var tz Tokenizer
		got := tz.AppendHashes(nil, s)
		fastBlocks = false
		want := tz.AppendHashes(nil, s)
		fastBlocks = true
		if !slices.Equal(got, want) {
			t.Fatalf("text %d %q: %d words, the Go walk %d", n, s, len(got), len(want))
		}
		// What asciiBlocks takes on its own: the walk's first words.
		own, i, _ := asciiBlocks(make([]Hashed, 0, len(s)), s, 0)
		if len(own) > len(want) || !slices.Equal(own, want[:len(own)]) {
			t.Fatalf("text %d %q: asciiBlocks' %d words are not the walk's first ones", n, s, len(own))
		}
		if i > 0 {
			taken++
		}
	}
	plain := strings.Repeat("The city council met on Tuesday to discuss 12 budgets. ", 40)
	if _, i, _ := asciiBlocks(make([]Hashed, 0, len(plain)), plain, 0); i < len(plain)-blockReach {
		t.Fatalf("asciiBlocks took %d of %d bytes of plain text", i, len(plain))
	}
	if taken < 1000 {
		t.Fatalf("asciiBlocks took words from %d texts of 3000", taken)
	}
}
