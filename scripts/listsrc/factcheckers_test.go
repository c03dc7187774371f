package listsrc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFactCheckers(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // substrings of the problems, "" for none
		n          int
	}{
		{"ok", "- domain: correctiv.org\n  name: Correctiv\n  source: https://example.org/ifcn\n", nil, 1},
		{"scheme in domain", "- domain: https://correctiv.org/\n  name: C\n  source: https://example.org/x\n",
			[]string{"factcheckers.yaml:1:11: [0].domain:", "without scheme, path or port"}, 0},
		{"upper case", "- domain: Correctiv.org\n  name: C\n  source: https://example.org/x\n", []string{"1:11: [0].domain"}, 0},
		{"no source", "- domain: correctiv.org\n  name: C\n", []string{"1:3: [0].source: missing"}, 0},
		{"bad source", "- domain: a.org\n  name: A\n  source: ifcn list\n", []string{"3:11: [0].source:", "http(s) URL"}, 0},
		{"duplicate", "- domain: a.org\n  name: A\n  source: https://x.org/\n- domain: a.org\n  name: B\n  source: https://x.org/\n",
			[]string{"4:11: [1].domain:", "also entry [0]"}, 0},
		{"unknown field", "- domain: a.org\n  name: A\n  source: https://x.org/\n  lang: en\n", []string{"lang"}, 0},
		{"not a list", "domain: a.org\n", []string{"want a list"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "factcheckers.yaml"), []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			var ps Problems
			got := loadFactCheckers(dir, &ps)
			if len(tt.want) == 0 {
				if len(ps) > 0 || len(got) != tt.n {
					t.Fatalf("got %v, problems %v", got, ps)
				}
				return
			}
			msg := ps.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("problems %q lack %q", msg, w)
				}
			}
		})
	}
}

// TestBundledFactCheckers: the bundled list carries its fact-checkers, each with a source.
func TestBundledFactCheckers(t *testing.T) {
	l, err := Load(filepath.Join("..", "lists", "default"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.FactCheckers) < 10 {
		t.Fatalf("%d fact-checkers in the bundled list", len(l.FactCheckers))
	}
	for _, f := range l.FactCheckers {
		if f.Source == "" {
			t.Errorf("%s has no source", f.Domain)
		}
	}
}
