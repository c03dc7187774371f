package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/match"
)

// promotion is a piece of a collected text proposed as a phrase.
type promotion struct {
	file  string // the rumor's source file
	rumor string
	listsrc.NewPhrase
}

// promoteStats counts what the rule left out, for the report.
type promoteStats struct {
	texts, paraphrases, otherRumor, short, unfit, nearCopies, notFound int
}

// runPromote proposes pieces of the wild texts as phrases (REVIEW.md,
// "Collected texts promoted to phrases", gives the rule and why), and with
// -write adds them to the rumor files.
func runPromote(args []string, stdout, stderr io.Writer) error {
	fs := flags("promote", stderr)
	near := fs.Float64("near", promoteNear, "leave out a piece when this share of its words of four letters or more is already in one phrase of its rumor and language")
	write := fs.Bool("write", false, "add the phrases to the rumor files (without it, only list them)")
	_, dir, err := parseSources(fs, args)
	if err != nil {
		return err
	}
	if *near <= 0 || *near > 1 {
		return usageError{fmt.Sprintf("-near %v: give a share between 0 and 1, such as 0.6", *near)}
	}
	src, err := listsrc.LoadSources(dir)
	if err != nil {
		return err
	}
	m, err := match.Compile(src.Build(nil), match.Options{})
	if err != nil {
		return fmt.Errorf("promote: index the list: %w", err)
	}
	props, st := promotionCandidates(src, m, *near)
	props, err = keepFoundAsWritten(dir, props, &st)
	if err != nil {
		return err
	}
	sort.SliceStable(props, func(i, j int) bool { return props[i].rumor < props[j].rumor })
	for _, p := range props {
		fmt.Fprintf(stdout, "%s %s (%s): %s\n", p.rumor, p.Lang, p.From, clip(p.Text, 100))
	}
	fmt.Fprintf(stdout, "\n%d phrases from %d collected texts. Left out: %d paraphrases, %d texts noted as another rumor, "+
		"%d pieces under %d words, %d unfit as phrases, %d near-copies (-near %.2f), %d not found as written.\n",
		len(props), st.texts, st.paraphrases, st.otherRumor, st.short, listsrc.PromoteMinWords, st.unfit, st.nearCopies, *near, st.notFound)
	if !*write {
		if len(props) > 0 {
			fmt.Fprintln(stdout, "Nothing written: run again with -write to add them.")
		}
		return nil
	}
	if err := insertPromotions(props); err != nil {
		return err
	}
	if len(props) > 0 {
		fmt.Fprintln(stdout, "Written. Next: rumorctl translate, rumorctl validate, rumorctl test -corpus, go test ./wasm/match ./scripts/...; review the diff.")
	}
	return nil
}

// promoteNear is promote's default -near: the share of a piece's long words
// already in one phrase that makes it a near-copy.
const promoteNear = 0.6

// promotionCandidates applies the rule's text checks (promotablePieces) and
// leaves out a near-copy of a phrase of the same rumor and language (the
// pieces proposed before count too).
func promotionCandidates(src *listsrc.Sources, m *match.Matcher, near float64) ([]promotion, promoteStats) {
	var st promoteStats
	have := map[string][]map[string]bool{} // rumor, language -> each collected phrase's long words
	for id, origins := range src.Origins {
		for _, o := range origins {
			if o.Via == "" {
				k := id + "\x00" + o.Lang
				have[k] = append(have[k], longWords(o.Text))
			}
		}
	}
	var out []promotion
	promotablePieces(src, m, &st, func(w listsrc.Wild, pieces []string) {
		k := w.Rumor + "\x00" + w.Lang
		added := false
		for _, piece := range pieces {
			words := longWordsInOrder(piece)
			if slices.ContainsFunc(have[k], func(h map[string]bool) bool { return sharedWords(words, h) >= near }) {
				st.nearCopies++
				continue
			}
			have[k] = append(have[k], wordSet(words))
			out = append(out, promotion{w.File, w.Rumor, listsrc.NewPhrase{Lang: w.Lang, Text: piece, From: w.URL}})
			added = true
		}
		if added {
			st.texts++
		}
	})
	return out, st
}

// promotablePieces calls fn with each collected text that promote may take
// from and its pieces fit to be phrases: only versions as they circulated,
// not noted as another rumor by m (the whole list), split into pieces of
// phrase size. It counts what it leaves out in st.
func promotablePieces(src *listsrc.Sources, m *match.Matcher, st *promoteStats, fn func(w listsrc.Wild, pieces []string)) {
	for _, w := range src.Wild {
		if w.Kind == "paraphrase" {
			st.paraphrases++
			continue
		}
		if slices.ContainsFunc(m.Scan(w.Text), func(x match.Match) bool { return x.ID != w.Rumor }) {
			st.otherRumor++
			continue
		}
		pieces, short := listsrc.Pieces(w.Text)
		st.short += short
		fit := pieces[:0:0]
		for _, piece := range pieces {
			if listsrc.PhraseProblem(piece) != "" {
				st.unfit++
				continue
			}
			fit = append(fit, piece)
		}
		fn(w, fit)
	}
}

// sharedWords is the share of words that h holds, each occurrence counted,
// not as a set: a chain letter that repeats its rumor's words is the more a
// near-copy.
func sharedWords(words []string, h map[string]bool) float64 {
	if len(words) == 0 {
		return 1
	}
	in := 0
	for _, w := range words {
		if h[w] {
			in++
		}
	}
	return float64(in) / float64(len(words))
}

// keepFoundAsWritten adds the proposals to a copy of the list and drops
// each one the list with them does not find as written, as its own rumor,
// at the warning tier (the gate's rule). Dropping one changes the index,
// so it tries again, up to three rounds.
func keepFoundAsWritten(dir string, props []promotion, st *promoteStats) ([]promotion, error) {
	for round := 0; round < 3 && len(props) > 0; round++ {
		tmp, err := os.MkdirTemp("", "rumorctl-promote-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		copyDir := filepath.Join(tmp, "list")
		if err := os.CopyFS(copyDir, os.DirFS(dir)); err != nil {
			return nil, fmt.Errorf("promote: copy %s: %w", dir, err)
		}
		moved := make([]promotion, len(props))
		for i, p := range props {
			rel, err := filepath.Rel(dir, p.file)
			if err != nil {
				return nil, err
			}
			moved[i] = p
			moved[i].file = filepath.Join(copyDir, rel)
		}
		if err := insertPromotions(moved); err != nil {
			return nil, err
		}
		src, err := listsrc.LoadSources(copyDir)
		if err != nil {
			return nil, fmt.Errorf("promote: the list with the new phrases does not load (a bug in promote): %w", err)
		}
		m, err := match.Compile(src.Build(nil), match.Options{})
		if err != nil {
			return nil, err
		}
		kept := props[:0]
		for _, p := range props {
			if slices.ContainsFunc(m.Scan(p.Text), func(x match.Match) bool { return x.ID == p.rumor && x.Tier == match.Matches }) {
				kept = append(kept, p)
			} else {
				st.notFound++
			}
		}
		if len(kept) == len(props) {
			return kept, nil
		}
		props = kept
	}
	return props, nil
}

// insertPromotions writes the proposals into their rumor files.
func insertPromotions(props []promotion) error {
	byFile := map[string][]listsrc.NewPhrase{}
	var files []string
	for _, p := range props {
		if byFile[p.file] == nil {
			files = append(files, p.file)
		}
		byFile[p.file] = append(byFile[p.file], p.NewPhrase)
	}
	comment := "collected texts promoted to phrases (rumorctl promote, " + time.Now().UTC().Format("2006-01-02") + ")"
	for _, f := range files {
		if err := listsrc.InsertPhrases(f, comment, byFile[f]); err != nil {
			return err
		}
	}
	return nil
}
