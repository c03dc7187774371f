package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/scripts/perturb"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

type positive struct {
	Rumor, Lang string
	Kind        perturb.Kind
	Text        string
	// Phrase is what Text was made from (the phrase or the example). A
	// sibling the matcher notes for Phrase itself is as good a note for
	// Text (see siblingsOf).
	Phrase string
}

// siblingsOf returns, per phrase of the positives, what notedAs gives for
// it: a variant of a phrase noted as a sibling the phrase itself is noted
// as is noted as the phrase is, not as a wrong rumor.
func siblingsOf(l *rumorlist.List, m *match.Matcher, pos []positive) map[string]map[string]bool {
	fam := families(l)
	out := map[string]map[string]bool{}
	for _, p := range pos {
		if _, ok := out[p.Phrase]; !ok {
			out[p.Phrase] = notedAs(m, fam, p.Rumor, p.Phrase)
		}
	}
	return out
}

// families maps each rumor id to its family, its id when it has none.
func families(l *rumorlist.List) map[string]string {
	fam := map[string]string{}
	for _, r := range l.Rumors {
		fam[r.ID] = cmp.Or(r.Family, r.ID)
	}
	return fam
}

// notedAs returns the rumor and those of its family that the matcher notes
// at the warning tier in text: one post gets one note per family, and
// where a sibling's phrases cover clearly more of the same lines (chains of
// one family share whole paragraphs) that sibling keeps them.
func notedAs(m *match.Matcher, fam map[string]string, rumor, text string) map[string]bool {
	ok := map[string]bool{rumor: true}
	for _, x := range m.Scan(text) {
		if x.Tier == match.Matches && fam[x.ID] == fam[rumor] {
			ok[x.ID] = true
		}
	}
	return ok
}

type tally struct{ tp, fn int }

func (t tally) recall() float64 {
	if t.tp+t.fn == 0 {
		return 0
	}
	return float64(t.tp) / float64(t.tp+t.fn)
}

// runEval measures match quality on a labelled corpus: perturbed variants of
// every phrase and the list's own examples (positives), and the background
// corpus plus on-topic text that is not a rumor (negatives). It prints a
// Markdown report with the same numbers for fuse.js on the same data.
func runEval(args []string, stdout, stderr io.Writer) error {
	fs := flags("eval", stderr)
	quick := fs.Bool("quick", false, "a small slice (for CI): few variants, 50,000 words of gate and 210,000 of evaluation background, fuse.js on 5 positives, 150 words and 5 on-topic sentences")
	draws := fs.Int("draws", 20, "variants per phrase and kind")
	out := fs.String("out", "", "also write the report to this file")
	root := fs.String("root", ".", "repository root")
	peer := fs.Bool("peer", true, "compare with fuse.js (needs node and scripts/node_modules)")
	peerWords := fs.Int("peer-words", 50_000, "background words fuse.js searches (it takes about a second per thousand words)")
	peerPositives := fs.Int("peer-positives", 2_000, "positives fuse.js searches (an even sample; Rumorguard is scored on the same)")
	l, dir, err := parseSources(fs, args)
	if err != nil {
		return err
	}
	src, err := listsrc.LoadSources(dir)
	if err != nil {
		return err
	}
	bgCap := 0
	bgNote := "Debian documentation and translated manuals (scripts/corpus/background.go), disjoint from the gate corpus"
	if *quick {
		bgCap = 30_000
		bgNote += ", about 30,000 words per language (-quick)"
	}
	bg, err := corpus.BackgroundCapped(bgCap)
	if err != nil {
		return err
	}
	if *quick {
		// fuse.js takes about half a second per sentence against the
		// list's phrases: a handful of each kind keeps its path working.
		*draws = 2
		*peerWords = min(*peerWords, 150)
		*peerPositives = min(*peerPositives, 5)
	}
	docs, err := corpus.Load(*root)
	if err != nil {
		return err
	}
	if *quick {
		docs = sliceWords(docs, 50_000)
	}
	ontopic, err := readLines(filepath.Join(*root, "scripts", "eval", "ontopic.txt"))
	if err != nil {
		return err
	}
	// The synthetic comparison runs on the collected phrases, without their
	// machine translations, for Rumorguard and fuse.js alike: a perturbed
	// machine translation is no real variant, and fuse.js takes seconds per
	// sentence against the whole list. The real-text evaluation above runs
	// the whole list.
	synthList := src.Build(machine)
	pos := positives(synthList, docs, *draws)
	m, err := match.Compile(synthList, match.Options{})
	if err != nil {
		return err
	}
	noted := siblingsOf(synthList, m, pos)

	// Rumorguard.
	t0 := time.Now()
	byKind, byLang := map[perturb.Kind]*tally{}, map[string]*tally{}
	total := tally{}
	wrong := 0
	var misses []positive
	for _, p := range pos {
		got := ""
		for _, x := range m.Scan(p.Text) {
			if noted[p.Phrase][x.ID] {
				got = p.Rumor
				break
			}
			if got == "" {
				got = x.ID
			}
		}
		k := get(byKind, p.Kind)
		lt := get(byLang, p.Lang)
		switch got {
		case p.Rumor:
			k.tp++
			lt.tp++
			total.tp++
		default:
			if got != "" {
				wrong++
			}
			k.fn++
			lt.fn++
			total.fn++
			misses = append(misses, p)
		}
	}
	words, bgFP := 0, 0
	var fpTexts []string
	for _, d := range docs {
		words += len(strings.Fields(d.Text))
		for _, x := range m.Scan(d.Text) {
			bgFP++
			fpTexts = append(fpTexts, fmt.Sprintf("%s: %s %q", d.Name, x.ID, d.Text[x.Start:x.End]))
		}
	}
	topicFP := 0
	for _, s := range ontopic {
		if len(m.Scan(s)) > 0 {
			topicFP++
			fpTexts = append(fpTexts, fmt.Sprintf("on-topic: %q", s))
		}
	}
	ours := time.Since(t0)

	var b strings.Builder
	fmt.Fprintf(&b, "# Rumorguard match quality\n\nList %q version %d: %d rumors.\n\n", l.Name, l.Version, len(l.Rumors))
	realFP, err := realReport(&b, src, bg, bgNote)
	if err != nil {
		return err
	}
	fmt.Fprintf(&b, "## Synthetic: perturbations of the list's own phrases\n\nOn the list's collected phrases, without their machine translations (%s), for every contender. "+
		"Not evidence of recall on real text: the positives are generated from the phrases themselves (the generators the tests use, which the matcher was tuned on), "+
		"and the background is the gate corpus that `rumorctl test -corpus` already requires to be clean (Brown and Debian's Dutch documentation), so its false positives are 0 by construction.\n\n"+
		"%d positives (%d variants per phrase and kind, plus the list's must-match examples); negatives: %d words of gate-corpus text (%d documents, English and Dutch) and %d on-topic sentences (scripts/eval/ontopic.txt).\n\n",
		listsrc.TranslationsFile, len(pos), *draws, words, len(docs), len(ontopic))
	fp := bgFP + topicFP + wrong
	prec := float64(total.tp) / float64(max(1, total.tp+fp))
	rec := total.recall()
	fmt.Fprintf(&b, "| matcher | precision | recall | F1 | false positives per million words | time |\n|---|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| Rumorguard | %.3f | %.3f | %.3f | %.1f (%d background, %d on-topic, %d wrong rumor) | %s |\n",
		prec, rec, f1(prec, rec), float64(bgFP)*1e6/float64(max(1, words)), bgFP, topicFP, wrong, ours.Round(time.Millisecond))
	if *peer {
		peerTopic := ontopic
		if *quick {
			peerTopic = ontopic[:min(5, len(ontopic))]
		}
		row, err := fuseRow(*root, synthList, m, sample(pos, *peerPositives), sliceWords(docs, *peerWords), peerTopic)
		if err != nil {
			fmt.Fprintf(&b, "| fuse.js 7 | not run: %v | | | | |\n", err)
		} else {
			b.WriteString(row)
		}
	}
	fmt.Fprintf(&b, "\nRecall by kind of variant (Rumorguard):\n\n| kind | found | recall |\n|---|---|---|\n")
	for _, k := range append(perturb.Kinds, "example") {
		if t, ok := byKind[k]; ok {
			fmt.Fprintf(&b, "| %s | %d/%d | %.3f |\n", k, t.tp, t.tp+t.fn, t.recall())
		}
	}
	fmt.Fprintf(&b, "\nRecall by language (Rumorguard):\n\n| language | found | recall |\n|---|---|---|\n")
	langs := make([]string, 0, len(byLang))
	for k := range byLang {
		langs = append(langs, k)
	}
	sort.Strings(langs)
	for _, k := range langs {
		fmt.Fprintf(&b, "| %s | %d/%d | %.3f |\n", k, byLang[k].tp, byLang[k].tp+byLang[k].fn, byLang[k].recall())
	}
	if len(fpTexts) > 0 {
		fmt.Fprintf(&b, "\nFalse positives:\n\n")
		for _, s := range fpTexts[:min(20, len(fpTexts))] {
			fmt.Fprintf(&b, "- %s\n", s)
		}
	}
	if len(misses) > 0 {
		fmt.Fprintf(&b, "\nSome missed variants:\n\n")
		for _, p := range misses[:min(8, len(misses))] {
			fmt.Fprintf(&b, "- %s (%s, %s): %q\n", p.Rumor, p.Kind, p.Lang, p.Text)
		}
	}
	fr, err := framingReport(*root, l, m)
	if err != nil {
		return err
	}
	b.WriteString(fr)
	report := b.String()
	fmt.Fprint(stdout, report)
	if *out != "" {
		if err := writeAtomic(*out, []byte(report), 0o644); err != nil {
			return err
		}
	}
	if bgFP > 0 {
		return failure{fmt.Errorf("%d false positives on the gate corpus", bgFP)}
	}
	if realFP > 0 {
		return failure{fmt.Errorf("%d false positives (matches tier) on real negatives and the evaluation background", realFP)}
	}
	return nil
}

func get[K comparable](m map[K]*tally, k K) *tally {
	if m[k] == nil {
		m[k] = &tally{}
	}
	return m[k]
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func positives(l *rumorlist.List, docs []corpus.Doc, draws int) []positive {
	r := rand.New(rand.NewPCG(2025, 12))
	filler := ""
	for _, d := range docs {
		if d.Lang == "en" && len(d.Text) > 2000 {
			filler = d.Text[:2000]
			break
		}
	}
	var out []positive
	for _, ru := range l.Rumors {
		for _, ps := range ru.Phrases {
			for _, phrase := range ps.Texts {
				for _, kind := range perturb.Kinds {
					n := draws
					if kind == perturb.Verbatim || kind == perturb.Truncate {
						n = 1 // deterministic: one is enough
					}
					for i := 0; i < n; i++ {
						out = append(out, positive{Rumor: ru.ID, Lang: ps.Lang, Kind: kind, Text: perturb.Apply(kind, phrase, filler, r), Phrase: phrase})
					}
				}
			}
		}
		for _, e := range ru.MustMatch {
			out = append(out, positive{Rumor: ru.ID, Lang: e.Lang, Kind: "example", Text: e.Text, Phrase: e.Text})
		}
	}
	return out
}

func sliceWords(docs []corpus.Doc, words int) []corpus.Doc {
	var out []corpus.Doc
	per := map[string]int{}
	for _, d := range docs {
		left := words/2 - per[d.Lang]
		if left <= 0 {
			continue
		}
		// The last document is cut at the budget: a whole one can be
		// thousands of words, which fuse.js takes minutes over.
		d.Text = firstWords(d.Text, left)
		per[d.Lang] += len(strings.Fields(d.Text))
		out = append(out, d)
	}
	return out
}

// firstWords is s up to the end of its nth word (fields as strings.Fields
// splits them), or all of s.
func firstWords(s string, n int) string {
	in := false
	for i, r := range s {
		space := unicode.IsSpace(r)
		if in && space {
			if n--; n == 0 {
				return s[:i]
			}
		}
		in = !space
	}
	return s
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" && !strings.HasPrefix(s, "#") {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}

// sample returns at most n positives, evenly spaced, so every kind and
// language stays represented.
func sample(pos []positive, n int) []positive {
	if len(pos) <= n || n <= 0 {
		return pos
	}
	out := make([]positive, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, pos[i*len(pos)/n])
	}
	return out
}

// fuseRow runs fuse.js as extension authors use it (an index of the phrases,
// each sentence of a text searched) and Rumorguard on exactly the same
// positives and negatives, and returns both rows: fuse.js is slow, so it
// gets a sample, and the Rumorguard row beside it is scored on that sample,
// not on the full run above.
func fuseRow(root string, l *rumorlist.List, m *match.Matcher, pos []positive, docs []corpus.Doc, ontopic []string) (string, error) {
	noted := siblingsOf(l, m, pos) // the same task for both contenders
	words := 0
	for _, d := range docs {
		words += len(strings.Fields(d.Text))
	}
	type phrase struct {
		Rumor string `json:"rumor"`
		Text  string `json:"text"`
	}
	type text struct {
		Sentences []string `json:"sentences"`
	}
	in := struct {
		Phrases   []phrase `json:"phrases"`
		Positives []text   `json:"positives"`
		Negatives []text   `json:"negatives"`
		Threshold float64  `json:"threshold"`
	}{Threshold: 0.4}
	for _, r := range l.Rumors {
		for _, ps := range r.Phrases {
			for _, t := range ps.Texts {
				in.Phrases = append(in.Phrases, phrase{r.ID, t})
			}
		}
	}
	for _, p := range pos {
		in.Positives = append(in.Positives, text{perturb.Sentences(p.Text)})
	}
	for _, d := range docs {
		in.Negatives = append(in.Negatives, text{perturb.Sentences(d.Text)})
	}
	nBackground := len(in.Negatives)
	for _, s := range ontopic {
		in.Negatives = append(in.Negatives, text{perturb.Sentences(s)})
	}
	f, err := os.CreateTemp("", "rumorguard-eval-*.json")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	data, _ := json.Marshal(in)
	f.Write(data)
	f.Close()
	cmd := exec.Command("node", filepath.Join(root, "scripts", "eval", "fuse.mjs"), f.Name())
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	if err != nil {
		return "", err
	}
	var res struct {
		Found []*string
		FP    []int // negatives with a hit in any sentence
		Ms    float64
	}
	if err := json.Unmarshal(outb, &res); err != nil {
		return "", err
	}
	score := func(found func(i int) string, fpIndexes []int, ms time.Duration, who string) string {
		tp, wrong := 0, 0
		for i := range pos {
			switch g := found(i); {
			case g == "":
			case noted[pos[i].Phrase][g]:
				tp++
			default:
				wrong++
			}
		}
		bg, topic := 0, 0
		for _, i := range fpIndexes {
			if i < nBackground {
				bg++
			} else {
				topic++
			}
		}
		fp := bg + topic + wrong
		prec := float64(tp) / float64(max(1, tp+fp))
		rec := float64(tp) / float64(max(1, len(pos)))
		return fmt.Sprintf("| %s | %.3f | %.3f | %.3f | %.1f (%d background documents hit, %d on-topic, %d wrong rumor) | %s |\n",
			who, prec, rec, f1(prec, rec), float64(bg)*1e6/float64(max(1, words)), bg, topic, wrong, ms.Round(time.Millisecond))
	}
	// Rumorguard on the same sample and the same negatives.
	t0 := time.Now()
	ours := make([]string, len(pos))
	for i, p := range pos {
		for _, x := range m.Scan(p.Text) {
			if ours[i] == "" || noted[p.Phrase][x.ID] {
				ours[i] = x.ID
			}
		}
	}
	var ourFP []int
	negTexts := make([]string, 0, len(docs)+len(ontopic))
	for _, d := range docs {
		negTexts = append(negTexts, d.Text)
	}
	negTexts = append(negTexts, ontopic...)
	for i, t := range negTexts {
		if len(m.Scan(t)) > 0 {
			ourFP = append(ourFP, i)
		}
	}
	oursTime := time.Since(t0)
	label := fmt.Sprintf("on the same %d positives (an even sample), %d words of gate-corpus text and %d on-topic sentences", len(pos), words, len(ontopic))
	theirs := func(i int) string {
		if res.Found[i] == nil {
			return ""
		}
		return *res.Found[i]
	}
	return score(func(i int) string { return ours[i] }, ourFP, oursTime, "Rumorguard, "+label) +
		score(theirs, res.FP, time.Duration(res.Ms)*time.Millisecond, "fuse.js 7 (threshold 0.4, each sentence searched), "+label), nil
}
