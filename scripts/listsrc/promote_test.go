package listsrc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

func TestPieces(t *testing.T) {
	words := func(n int, w string) string { return strings.TrimSpace(strings.Repeat(w+" ", n)) }
	for _, tt := range []struct {
		name  string
		text  string
		sizes []int // words per piece
		short int
	}{
		{"empty", "", nil, 0},
		{"one short sentence", words(12, "short") + ".", nil, 1},
		{"one sentence of phrase size", words(40, "word") + ".", []int{40}, 0},
		// 100 words in sentences of 20: two pieces of about 50, each whole sentences.
		{"sentences grouped into equal pieces", strings.Repeat(words(20, "word")+". ", 5), []int{60, 40}, 0},
		// A sentence over the phrase limit is cut at word boundaries.
		{"one long sentence", words(170, "word") + ".", []int{57, 57, 56}, 0},
		// A short tail joins the piece before it when it fits.
		{"short tail joins", words(30, "word") + ". " + words(5, "tail") + ".", []int{35}, 0},
		{"lines are sentences", words(20, "line") + "\n" + words(20, "line"), []int{40}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, short := Pieces(tt.text)
			var sizes []int
			for _, p := range got {
				n := len(textnorm.Tokens(p))
				if n > MaxPhraseWords {
					t.Errorf("a piece of %d words, over the phrase limit %d", n, MaxPhraseWords)
				}
				if !strings.Contains(tokenLine(tt.text), tokenLine(p)) {
					t.Errorf("piece %q is not a run of the text's words", p)
				}
				sizes = append(sizes, n)
			}
			if short != tt.short || len(sizes) != len(tt.sizes) || !equalInts(sizes, tt.sizes) {
				t.Errorf("pieces of %v words, %d short; want %v, %d", sizes, short, tt.sizes, tt.short)
			}
		})
	}
}

func tokenLine(s string) string {
	var b strings.Builder
	for _, t := range textnorm.Tokens(s) {
		b.WriteString(" " + t.Text + " ")
	}
	return b.String()
}

func equalInts(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// InsertPhrases edits the file as text: new phrases after their language's
// last, a new language at the block's end, every other line as it was.
func TestInsertPhrases(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "promote", "in.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.yaml")
	os.WriteFile(path, in, 0o644)
	err = InsertPhrases(path, "promoted (test)", []NewPhrase{
		{"nl", "Een nieuwe regel uit een verzamelde tekst, precies zoals hij rondging.", "https://example.org/wild-nl"},
		{"de", "Eine neue Zeile aus einem gesammelten Text, genau wie er umging.", "https://example.org/wild-de"},
		{"en", `A new "quoted" line & <more> from the wild text, copied as it circulated.`, "https://example.org/wild-en"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	golden := filepath.Join("testdata", "promote", "want.yaml")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("InsertPhrases wrote:\n%s\nwant (%s):\n%s", got, golden, want)
	}

	// The result loads as a list, with the new phrases and their pages.
	block := string(got)[strings.Index(string(got), "phrases:"):strings.Index(string(got), "# a comment between blocks")]
	dir := writeList(t, block, map[string]string{"list.yaml": strings.Replace(header, "[en, nl]", "[en, nl, de]", 1)})
	s, err := LoadSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	from := map[string]string{}
	for _, o := range s.Origins["r"] {
		from[o.Text] = o.From
	}
	if from[`A new "quoted" line & <more> from the wild text, copied as it circulated.`] != "https://example.org/wild-en" ||
		from["Eine neue Zeile aus einem gesammelten Text, genau wie er umging."] != "https://example.org/wild-de" {
		t.Errorf("the new phrases did not load with their pages: %v", from)
	}

	if err := InsertPhrases(filepath.Join(t.TempDir(), "none.yaml"), "x", nil); err == nil {
		t.Error("a missing file gave no error")
	}
	nophrases := filepath.Join(t.TempDir(), "n.yaml")
	os.WriteFile(nophrases, []byte("id: r\n"), 0o644)
	if err := InsertPhrases(nophrases, "x", []NewPhrase{{"en", "x", "y"}}); err == nil || !strings.Contains(err.Error(), "phrases:") {
		t.Errorf("a file without phrases: %v", err)
	}
}
