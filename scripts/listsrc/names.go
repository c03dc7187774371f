package listsrc

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// NamesFile lists the names a machine translation of the phrases keeps as
// written (see scripts/apertium): products and companies whose names are
// also words, which the circulated versions in other languages keep.
const NamesFile = "names.yaml"

// maxNameWords bounds a kept name: "Channel 13 News" is a name, a longer
// run is a phrase.
const maxNameWords = 4

// loadNames reads names.yaml, a YAML list of names; the file is optional.
func loadNames(dir string, ps *Problems) []string {
	path := filepath.Join(dir, NamesFile)
	root := parseOptional(path, ps)
	if root == nil {
		return nil
	}
	if root.Kind != yaml.SequenceNode {
		ps.add(path, root, "(file)", "expected a list of names, e.g. [Meta, Messenger, WhatsApp Gold]")
		return nil
	}
	var out []string
	seen := map[string]int{}
	for i, n := range root.Content {
		where := fmt.Sprintf("[%d]", i)
		if msg := nameProblem(n); msg != "" {
			ps.add(path, n, where, msg)
			continue
		}
		name := strings.TrimSpace(n.Value)
		key := strings.ToLower(name)
		if prev, dup := seen[key]; dup {
			ps.add(path, n, where, fmt.Sprintf("%q is also entry [%d]: keep one (names are kept in any case)", name, prev))
			continue
		}
		seen[key] = i
		out = append(out, name)
	}
	return out
}

// nameProblem says what makes a node unfit as a kept name ("" if nothing).
func nameProblem(n *yaml.Node) string {
	name := strings.TrimSpace(n.Value)
	if n.Kind != yaml.ScalarNode || name == "" {
		return "expected a name, e.g. Messenger"
	}
	if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) {
		return fmt.Sprintf("%q does not start with a capital: write the name as it is spelled (only capitalized occurrences are kept, so that the Spanish word \"meta\" still translates)", name)
	}
	switch toks := textnorm.Tokens(name); {
	case len(toks) == 0:
		return "has no letters or digits: write a name"
	case len(toks) > maxNameWords:
		return fmt.Sprintf("too long (%d words, at most %d): a kept name is a product or company name, not a phrase", len(toks), maxNameWords)
	}
	return ""
}
