package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rumorguard/rumorguard/scripts/apertium"
	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// runTranslate writes the list's machine translations (listsrc.TranslationsFile)
// from its collected phrases.
func runTranslate(args []string, stdout, stderr io.Writer) error {
	fs := flags("translate", stderr)
	root := fs.String("root", ".", "repository root, where the gate corpus is installed")
	check := fs.Bool("check", false, "write nothing; fail if the file is not what the phrases give now")
	if err := parse(fs, args); err != nil {
		return err
	}
	dir, err := dirArg(fs)
	if err != nil {
		return err
	}
	src, err := listsrc.LoadCollected(dir)
	if err != nil {
		return sourcesError(dir, err)
	}
	ts, near, err := translations(context.Background(), src)
	if err != nil {
		return err
	}
	docs, err := corpus.Load(*root)
	if err != nil {
		return err
	}
	ts, dropped, err := prune(src, ts, docs)
	if err != nil {
		return err
	}
	kept := len(ts)
	ts = append(ts, near...)
	engine, err := engineVersions()
	if err != nil {
		return err
	}
	if *check {
		want, err := listsrc.EncodeTranslations(engine, ts)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, listsrc.TranslationsFile)
		if have, err := os.ReadFile(path); err != nil || !bytes.Equal(have, want) {
			return failure{fmt.Errorf("%s is not what the phrases and %s give: run `go run ./scripts/rumorctl translate` and commit the file", path, engine)}
		}
		fmt.Fprintf(stdout, "%s is current: %d machine translations (and %d near-copies for the evaluation)\n", path, kept, len(near))
		return nil
	}
	if err := listsrc.WriteTranslations(dir, engine, ts); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d machine translations of the phrases of %d rumors written to %s/%s (%s); %d more left out: not found as written, or firing on a must-not-match example or the gate corpus; "+
		"%d near-copies of other publishers' phrases kept for the evaluation only\n",
		kept, len(src.Rumors), dir, listsrc.TranslationsFile, engine, dropped, len(near))
	return nil
}

// translations translates every collected phrase into each other language
// Apertium has a route to, in one apertium run per route and step. A
// translation is kept when it makes a sound phrase and is no near-copy of
// one of the rumor's phrases in that language (collected, or translated
// before it).
func translations(ctx context.Context, src *listsrc.Sources) ([]listsrc.Translation, []listsrc.Translation, error) {
	type job struct {
		rumor   int
		via, to string
		text    string
		of      string
	}
	// A phrase the matcher notes as a sibling rumor, one whose phrases cover
	// more of it, holds lines of that sibling's chain (the Facebook "new rule"
	// post quotes the privacy notice whole): its translations would note
	// that chain's posts as this rumor as well, so it is not translated.
	l := src.Build(nil)
	m, err := match.Compile(l, match.Options{})
	if err != nil {
		return nil, nil, err
	}
	index := map[string]int{}
	for i, r := range l.Rumors {
		index[r.ID] = i
	}
	var jobs []job
	for i, r := range src.Rumors {
		for _, o := range src.Origins[r.ID] {
			if o.Via != "" || apertium.Route(o.Lang, "es") == nil && o.Lang != "es" {
				continue
			}
			if !found(m.Scan(o.Text), index[r.ID], match.Matches) {
				continue
			}
			for _, to := range apertium.Languages {
				if to != o.Lang && slices.Contains(src.Header.Languages, to) {
					for _, via := range apertium.Vias(o.Lang, to) {
						jobs = append(jobs, job{i, via, to, o.Text, listsrc.PhraseKey(o.Lang, o.Text)})
					}
				}
			}
		}
	}
	// One batch per route, the jobs' order kept within it.
	byVia := map[string][]int{}
	var vias []string
	for k, j := range jobs {
		if byVia[j.via] == nil {
			vias = append(vias, j.via)
		}
		byVia[j.via] = append(byVia[j.via], k)
	}
	out := make([]string, len(jobs))
	for _, via := range vias {
		ks := byVia[via]
		texts := make([]string, len(ks))
		for i, k := range ks {
			texts[i] = jobs[k].text
		}
		got, err := apertium.TranslateVia(ctx, via, texts, src.KeepNames)
		if err != nil {
			return nil, nil, err
		}
		for i, k := range ks {
			out[k] = got[i]
		}
	}
	// Every rumor's phrases by language, as sets of their longer words, so
	// that a translation that mostly repeats one is left out: routes from
	// several languages often give near-copies, and a rumor's near-copies
	// would make its own pairs look common to the index (see match's prune)
	// while adding nothing to find.
	type lang struct {
		rumor int
		lang  string
	}
	// Each entry also names its phrase (the one translated, for a
	// translation), so a near-copy records what it copies: the evaluation
	// puts it back in a list without those phrases' pages.
	type kept struct {
		words map[string]bool
		of    string
	}
	have := map[lang][]kept{}
	for i, r := range src.Rumors {
		for _, o := range src.Origins[r.ID] {
			k := lang{i, o.Lang}
			have[k] = append(have[k], kept{longWords(o.Text), listsrc.PhraseKey(o.Lang, o.Text)})
		}
	}
	var ts, near []listsrc.Translation
	for k, j := range jobs {
		t := out[k]
		if listsrc.PhraseProblem(t) != "" {
			continue
		}
		words, at := longWords(t), lang{j.rumor, j.to}
		tr := listsrc.Translation{Rumor: src.Rumors[j.rumor].ID, Of: j.of, Via: j.via, Text: t}
		for _, h := range have[at] {
			if covered(words, h.words) >= nearCopy && !slices.Contains(tr.NearCopyOf, h.of) {
				tr.NearCopyOf = append(tr.NearCopyOf, h.of)
			}
		}
		if len(tr.NearCopyOf) > 0 {
			// A near-copy of its own phrase's translations only is a
			// near-copy in every list that has it: nothing to keep.
			if !slices.ContainsFunc(tr.NearCopyOf, func(of string) bool { return of != j.of }) {
				continue
			}
			near = append(near, tr)
			continue
		}
		have[at] = append(have[at], kept{words, j.of})
		ts = append(ts, tr)
	}
	return ts, near, nil
}

// prune leaves out the translations that would fail `rumorctl test`: one
// the matcher does not find as written (a translation that lost the
// distinctive words), and one that fires on a rumor's must-not-match
// example or on the gate corpus. It repeats until nothing more is left out,
// since each translation changes the index the others are checked against.
func prune(src *listsrc.Sources, ts []listsrc.Translation, docs []corpus.Doc) ([]listsrc.Translation, int, error) {
	dropped := 0
	for {
		l := src.WithTranslations(ts).Build(nil)
		m, err := match.Compile(l, match.Options{})
		if err != nil {
			return nil, 0, err
		}
		fam := families(l)
		index := map[string]int{}
		for i, r := range l.Rumors {
			index[r.ID] = i
		}
		bad := map[int]bool{}
		for k, t := range ts {
			if !foundAsOwnOrSibling(m, fam, index[t.Rumor], t.Rumor, t.Text) {
				bad[k] = true
			}
		}
		// A hit on text nothing may match: leave out each translation of
		// that rumor that matches the hit's text on its own.
		hits := func(text string) error {
			for _, x := range m.Scan(text) {
				for k, t := range ts {
					if t.Rumor != x.ID || bad[k] {
						continue
					}
					alone, err := match.Compile(&rumorlist.List{Format: rumorlist.FormatVersion, Rumors: []rumorlist.Rumor{{ID: t.Rumor, Phrases: []rumorlist.Phrases{{Lang: t.Lang(), Texts: []string{t.Text}}}}}}, match.Options{})
					if err != nil {
						return err
					}
					if len(alone.Scan(text[x.Start:x.End])) > 0 {
						bad[k] = true
					}
				}
			}
			return nil
		}
		for _, r := range l.Rumors {
			for _, e := range r.MustNotMatch {
				if err := hits(e.Text); err != nil {
					return nil, 0, err
				}
			}
		}
		for _, d := range docs {
			if err := hits(d.Text); err != nil {
				return nil, 0, err
			}
		}
		if len(bad) == 0 {
			return ts, dropped, nil
		}
		kept := ts[:0:0]
		for k, t := range ts {
			if !bad[k] {
				kept = append(kept, t)
			}
		}
		ts, dropped = kept, dropped+len(bad)
	}
}

// foundAsOwnOrSibling is `rumorctl test`'s rule for a phrase: the matcher
// notes text as rumor (index i) at the warning tier, or as a sibling whose
// phrases cover more of it.
func foundAsOwnOrSibling(m *match.Matcher, fam map[string]string, i int, rumor, text string) bool {
	if found(m.Scan(text), i, match.Matches) {
		return true
	}
	return len(notedAs(m, fam, rumor, text)) > 1
}

// nearCopy is the share of a translation's longer words that one phrase of
// the same rumor and language may hold before the translation is a near-copy
// of it.
const nearCopy = 0.8

// longWords returns text's normalized words of four letters or more: a
// language's short function words say nothing about which text it is.
func longWords(text string) map[string]bool { return wordSet(longWordsInOrder(text)) }

// longWordsInOrder returns text's normalized words of four letters or
// more, each occurrence (longWords is their set).
func longWordsInOrder(text string) []string {
	var out []string
	for _, t := range textnorm.Tokens(text) {
		if utf8.RuneCountInString(t.Text) >= 4 {
			out = append(out, t.Text)
		}
	}
	return out
}

// wordSet is the set of words.
func wordSet(words []string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return set
}

// covered is the share of a's words that b holds.
func covered(a, b map[string]bool) float64 {
	if len(a) == 0 {
		return 1
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// engineVersions names the translator as the file records it: the Debian
// packages and their versions.
func engineVersions() (string, error) {
	args := append([]string{"-W", "-f", "${Package} ${Version}\n"}, apertium.Packages...)
	b, err := exec.Command("dpkg-query", args...).Output()
	if err != nil {
		return "", fmt.Errorf("versions of %s: %w (%w)", strings.Join(apertium.Packages, ", "), err, apertium.ErrMissing)
	}
	return strings.Join(strings.Split(strings.TrimSpace(string(b)), "\n"), ", "), nil
}
