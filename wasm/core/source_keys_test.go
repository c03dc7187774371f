package core

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// TestLinesContain: the binary search over sorted lines finds exactly the
// lines there are, at either end, in sets of every size up to 40, and
// nothing between, before or after them.
func TestLinesContain(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 40; n++ {
		var keys []string
		for len(keys) < n {
			keys = append(keys, fmt.Sprintf("host%d.example/%s", r.IntN(1000), strings.Repeat("p", r.IntN(12))))
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
		lines := ""
		if len(keys) > 0 {
			lines = "\n" + strings.Join(keys, "\n") + "\n"
		}
		for _, k := range keys {
			if !linesContain(lines, k) {
				t.Fatalf("%d keys: %q not found", len(keys), k)
			}
			for _, near := range []string{k + "x", k[:len(k)-1], "", "a" + k, k + "/"} {
				if want := slices.Contains(keys, near); linesContain(lines, near) != want {
					t.Fatalf("%d keys: linesContain(%q) = %v", len(keys), near, !want)
				}
			}
		}
	}
	for _, bad := range []string{"", "\n", "x", "a\nb", "\na\nb"} {
		if linesContain(bad, "a") {
			t.Errorf("linesContain(%q, a) is true", bad)
		}
	}
}

// TestSourceKeys: a page is a rumor's source whatever its scheme, "www.",
// host case, trailing slash or fragment; another path or query is not.
func TestSourceKeys(t *testing.T) {
	l := &rumorlist.List{Rumors: []rumorlist.Rumor{
		{ID: "a", Sources: []rumorlist.Source{{URL: "https://www.Example.org/fact-check/a-hoax/"}, {URL: "https://news.example/x?id=7"}}},
		{ID: "b", Sources: []rumorlist.Source{{URL: "https://example.org/fact-check/a-hoax"}, {URL: "not a url"}}},
	}}
	keys := sourceKeysOf(l)
	if want := "\nexample.org/fact-check/a-hoax\nnews.example/x?id=7\n"; keys != want {
		t.Fatalf("sourceKeysOf = %q, want %q", keys, want)
	}
	c := &Core{list: l}
	for u, want := range map[string]bool{
		"http://example.org/fact-check/a-hoax":       true,
		"https://EXAMPLE.org/fact-check/a-hoax/#top": true,
		"https://www.example.org/fact-check/a-hoax":  true,
		"https://example.org/fact-check/a-hoax/more": false,
		"https://example.org/fact-check":             false,
		"https://news.example/x?id=7":                true,
		"https://news.example/x?id=8":                false,
		"https://news.example/x":                     false,
		"":                                           false,
		"https://example.org/fact-check/a-hoax\nx":   false,
	} {
		if got := c.IsSource(u); got != want {
			t.Errorf("IsSource(%q) = %v, want %v", u, got, want)
		}
	}
}
