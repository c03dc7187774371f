package core

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestUTF16OffsetsAnyOrder asks for rune boundaries of a mixed text in the
// order matches give them (starts rising, ends anywhere after their start,
// some past the next start) and in random order, against the UTF-16 length
// of the text before each.
func TestUTF16OffsetsAnyOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"a", "word ", "é", "東", "😀", "’", " ", "—", strings.Repeat("x", 70)}
	for round := range 200 {
		var b strings.Builder
		for b.Len() < 2000 {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		var bounds []int
		for i := range text {
			bounds = append(bounds, i)
		}
		bounds = append(bounds, len(text))
		want := func(i int) int { return len(utf16.Encode([]rune(text[:i]))) }
		conv := utf16Offsets{text: text}
		start := 0
		for k := 0; k < 60; k++ {
			var b int
			if round%2 == 0 {
				// starts rising, each followed by its end
				start = min(len(bounds)-1, start+r.IntN(len(bounds)/30+1))
				end := min(len(bounds)-1, start+r.IntN(200))
				for _, i := range []int{bounds[start], bounds[end]} {
					if got := conv.at(i); got != want(i) {
						t.Fatalf("round %d: at(%d) = %d, want %d", round, i, got, want(i))
					}
				}
				continue
			}
			b = bounds[r.IntN(len(bounds))]
			if got := conv.at(b); got != want(b) {
				t.Fatalf("round %d: at(%d) = %d, want %d", round, b, got, want(b))
			}
		}
	}
}
