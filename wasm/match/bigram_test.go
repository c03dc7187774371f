package match

import (
	"math/rand/v2"
	"testing"

	"github.com/agnivade/levenshtein"
)

// TestBigramsAllow: the letter-pair bound never refuses a pair of words
// within the allowed edits, over typos of real words and random words of
// the lengths typos are allowed for; and it does refuse most unrelated
// words of the same length, or it would save nothing.
func TestBigramsAllow(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	letters := "abcdefghijklmnoprstu"
	word := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		return b
	}
	edit := func(b []byte) []byte {
		b = append([]byte(nil), b...)
		i := r.IntN(len(b))
		switch r.IntN(4) {
		case 0:
			b[i] = letters[r.IntN(len(letters))]
		case 1:
			b = append(b[:i], b[i+1:]...)
		case 2:
			b = append(b[:i], append([]byte{letters[r.IntN(len(letters))]}, b[i:]...)...)
		default:
			if i+1 < len(b) {
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
		return b
	}
	refused, unrelated := 0, 0
	for n := 0; n < 200000; n++ {
		a := word(2 + r.IntN(14))
		b := a
		if r.IntN(3) == 0 {
			b = word(max(2, len(a)+r.IntN(5)-2))
		} else {
			for k := r.IntN(5); k >= 0 && len(b) > 2; k-- {
				b = edit(b)
			}
		}
		for allowed := 1; allowed <= 3; allowed++ {
			d := levenshtein.ComputeDistance(string(a), string(b))
			ok := bigramsAllow(string(a), b, allowed)
			if !ok && d <= allowed {
				t.Fatalf("bigramsAllow(%q, %q, %d) = false, but their distance is %d", a, b, allowed, d)
			}
			if d > allowed && len(a) == len(b) && len(a) >= 6 {
				unrelated++
				if !ok {
					refused++
				}
			}
		}
	}
	if refused*2 < unrelated {
		t.Errorf("refused %d of %d same-length pairs beyond the allowed edits; the bound is too weak to pay", refused, unrelated)
	}
	t.Logf("refused %d of %d same-length pairs beyond the allowed edits", refused, unrelated)
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"station", "nations", true}, // distance 3, but four shared pairs: the bound cannot tell
		{"absolute", "obsolete", true},
		{"business", "sunshine", false},
		{"message", "massage", true},
		{"conversation", "converstaion", true},
		{"privé", "prive", true}, // not plain ASCII: not judged
	} {
		if got := bigramsAllow(tt.a, []byte(tt.b), typoAllowance(int32(len([]rune(tt.a))))); got != tt.want {
			t.Errorf("bigramsAllow(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
