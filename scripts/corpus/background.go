package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The evaluation background: Debian's documentation and translated manuals
// in the list's seven languages, disjoint from the gate corpus (Brown and the
// Dutch packages in DutchDirs) that `rumorctl test -corpus` checks before
// every publish. The matcher's rules are tuned against neither alone, and a
// false positive counted here was not already ruled out by the gate.
//
// scripts/setup installs the packages (BackgroundPackages). Each entry is a
// directory (or a glob of files) and the language of the text in it.
var backgroundSources = []struct{ lang, pattern string }{
	{"en", "/usr/share/man/man[1-8]"},
	{"en", "/usr/share/debian-reference/*.en.html"},
	{"en", "/usr/share/doc/debian-handbook/html/en-US"},
	{"en", "/usr/share/doc/debian-edu-doc-en"},
	{"en", "/usr/share/doc/maint-guide/html"},
	{"en", "/usr/share/doc/developers-reference/docs"},
	{"nl", "/usr/share/doc/debian-handbook/html/nl-NL"},
	{"nl", "/usr/share/doc/debian-edu-doc-legacy-nl"},
	{"de", "/usr/share/man/de"},
	{"de", "/usr/share/debian-reference/*.de.html"},
	{"de", "/usr/share/doc/debian-handbook/html/de-DE"},
	{"de", "/usr/share/doc/debian-edu-doc-de"},
	{"de", "/usr/share/doc/maint-guide-de/html"},
	{"de", "/usr/share/doc/developers-reference-de/docs"},
	{"fr", "/usr/share/man/fr"},
	{"fr", "/usr/share/debian-reference/*.fr.html"},
	{"fr", "/usr/share/doc/debian-handbook/html/fr-FR"},
	{"fr", "/usr/share/doc/debian-edu-doc-fr"},
	{"fr", "/usr/share/doc/maint-guide-fr/html"},
	{"fr", "/usr/share/doc/developers-reference-fr/docs"},
	{"es", "/usr/share/man/es"},
	{"es", "/usr/share/debian-reference/*.es.html"},
	{"es", "/usr/share/doc/debian-handbook/html/es-ES"},
	{"es", "/usr/share/doc/debian-edu-doc-es"},
	{"es", "/usr/share/doc/maint-guide-es/html"},
	{"it", "/usr/share/man/it"},
	{"it", "/usr/share/debian-reference/*.it.html"},
	{"it", "/usr/share/doc/debian-handbook/html/it-IT"},
	{"it", "/usr/share/doc/debian-edu-doc-it"},
	{"it", "/usr/share/doc/maint-guide-it/html"},
	{"it", "/usr/share/doc/developers-reference-it/docs"},
	{"pt", "/usr/share/man/pt"},
	{"pt", "/usr/share/man/pt_BR"},
	{"pt", "/usr/share/debian-reference/*.pt.html"},
	{"pt", "/usr/share/doc/debian-handbook/html/pt-BR"},
	{"pt", "/usr/share/doc/debian-edu-doc-pt-br"},
	{"pt", "/usr/share/doc/debian-edu-doc-pt-pt"},
}

// BackgroundPackages are the Debian packages that hold the evaluation
// background; scripts/setup installs them.
var BackgroundPackages = []string{
	"manpages", "manpages-de", "manpages-fr", "manpages-es", "manpages-it", "manpages-pt-br",
	"debian-reference-en", "debian-reference-de", "debian-reference-fr", "debian-reference-es",
	"debian-reference-it", "debian-reference-pt", "debian-handbook",
	"debian-edu-doc-en", "debian-edu-doc-de", "debian-edu-doc-fr", "debian-edu-doc-es",
	"debian-edu-doc-it", "debian-edu-doc-pt-br", "debian-edu-doc-pt-pt", "debian-edu-doc-legacy-nl",
	"maint-guide", "maint-guide-de", "maint-guide-fr", "maint-guide-es", "maint-guide-it",
	"developers-reference", "developers-reference-de", "developers-reference-fr", "developers-reference-it",
}

// Background reads the evaluation background (see backgroundSources). It
// fails, saying how to install it, when a language has no text at all.
func Background() ([]Doc, error) { return BackgroundCapped(0) }

// BackgroundCapped reads the evaluation background, stopping in each
// language once it has read maxWords words (0: no limit).
func BackgroundCapped(maxWords int) ([]Doc, error) {
	var docs []Doc
	seen := map[string]bool{}
	per := map[string]int{}
	words := map[string]int{}
	for _, src := range backgroundSources {
		roots, _ := filepath.Glob(src.pattern)
		sort.Strings(roots)
		for _, root := range roots {
			err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
				if err != nil {
					return nil // a missing or unreadable part: the count below says what is absent
				}
				if maxWords > 0 && words[src.lang] >= maxWords {
					return filepath.SkipAll
				}
				if d.IsDir() || seen[path] {
					return nil
				}
				seen[path] = true
				text, ok, err := readDoc(path)
				if err != nil || !ok {
					return nil
				}
				docs = append(docs, Doc{Name: path, Lang: src.lang, Text: text})
				per[src.lang]++
				words[src.lang] += len(strings.Fields(text))
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("load background corpus: %w", err)
			}
		}
	}
	var missing []string
	for _, l := range []string{"en", "nl", "de", "fr", "es", "it", "pt"} {
		if per[l] == 0 {
			missing = append(missing, l)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("load background corpus: no text in %s: run scripts/setup (it installs %s)", strings.Join(missing, ", "), strings.Join(BackgroundPackages, " "))
	}
	return docs, nil
}
