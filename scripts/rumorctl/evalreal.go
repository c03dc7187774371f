package main

import (
	"crypto/sha256"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// heldOut reports whether a rumor is in the test split: a quarter of the
// rumors, chosen by a hash of the id so the split never depends on who runs
// the evaluation or on the order of the files. The matcher's rules and
// thresholds are tuned looking at the train split only; the test split
// says whether that tuning carries over to rumors it never saw.
func heldOut(id string) bool {
	h := sha256.Sum256([]byte(id))
	return h[0]%4 == 0
}

func split(id string) string {
	if heldOut(id) {
		return "test"
	}
	return "train"
}

// looResult is what the matcher made of one wild text.
type looResult struct {
	w     listsrc.Wild
	tier  match.Tier // of the best match of its own rumor, 0 if none
	score float64
	// collected is tier against the same list without its machine
	// translations: what the collected phrases alone find.
	collected match.Tier
	other     []string // other rumors noted on the text
	// otherOnOwn counts the notes of other that cover words of one of the
	// text's own rumor's marks: two notes on one passage, rather than a
	// note on another passage (a chain that carries another rumor's
	// sentences too).
	otherOnOwn int
	// nearKept counts the pieces of other publishers' texts in the list it
	// was checked against that promote left out only as near-copies of its
	// publisher's phrases (nearOnlyOf).
	nearKept int
	phrases  int     // phrases of its rumor left after leaving its page out
	overlap  float64 // the largest share of a left phrase's distinct content words that the text has
}

// leaveOneSourceOut checks every wild text against the list built without
// the phrases of the text's publisher (listsrc.PublisherKey), so a text never
// meets itself, nor the same newsroom's copy of it on another page.
func leaveOneSourceOut(s *listsrc.Sources) ([]looResult, error) {
	byPage := map[string][]listsrc.Wild{}
	var pages []string
	for _, w := range s.Wild {
		k := listsrc.PublisherKey(w.URL)
		if byPage[k] == nil {
			pages = append(pages, k)
		}
		byPage[k] = append(byPage[k], w)
	}
	sort.Strings(pages)
	// Most publishers of wild texts gave the list no phrase: their texts
	// meet the whole list, built and compiled once (a Matcher is safe for
	// concurrent scans).
	whole, err := compileLeft(s, nil)
	if err != nil {
		return nil, err
	}
	// Each page's publisher, worked out once: every list built below asks
	// it of every phrase.
	pubOf := map[string]string{}
	phrasePubs := map[string]bool{}
	for _, os := range s.Origins {
		for _, o := range os {
			if o.From != "" {
				if _, ok := pubOf[o.From]; !ok {
					pubOf[o.From] = listsrc.PublisherKey(o.From)
				}
				phrasePubs[pubOf[o.From]] = true
			}
		}
	}
	// The pieces promote left out only as near-copies of one publisher's
	// phrases: the list built without that publisher would hold them.
	near := nearOnlyOf(s, whole.all, pubOf)
	// Each publisher's list is built, compiled and checked on its own, so
	// they run on every core; the results keep the publishers' order.
	byPub := make([][]looResult, len(pages))
	errs := make([]error, len(pages))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				shared := whole
				if phrasePubs[pages[i]] {
					shared = nil
				}
				byPub[i], errs[i] = leavePublisherOut(s, pubOf, pages[i], byPage[pages[i]], shared, near[pages[i]])
			}
		}()
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []looResult
	for i := range pages {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, byPub[i]...)
	}
	return out, nil
}

// machine drops the machine translations from a list being built.
func machine(_ string, o listsrc.Origin) bool { return o.Via != "" }

// leftList is the list built with some phrases left out, compiled with
// its machine translations and without them, and each rumor's phrases
// left (their forms' texts).
type leftList struct {
	all, collected *match.Matcher
	texts          map[string][]string
}

// compileLeft builds and compiles the list without the phrases drop
// refuses (nil keeps all), with the pieces extra added as collected phrases.
func compileLeft(s *listsrc.Sources, drop func(string, listsrc.Origin) bool, extra ...nearPiece) (*leftList, error) {
	out := func(r string, o listsrc.Origin) bool { return drop != nil && drop(r, o) }
	l := addPieces(s.Build(out), extra)
	all, err := match.Compile(l, match.Options{})
	if err != nil {
		return nil, err
	}
	collected, err := match.Compile(addPieces(s.Build(func(r string, o listsrc.Origin) bool { return machine(r, o) || out(r, o) }), extra), match.Options{})
	if err != nil {
		return nil, err
	}
	texts := map[string][]string{}
	for _, r := range l.Rumors {
		for _, ps := range r.Phrases {
			texts[r.ID] = append(texts[r.ID], ps.Texts...)
		}
	}
	return &leftList{all, collected, texts}, nil
}

// leavePublisherOut checks the wild texts of publisher p against the list
// built without any phrase from p's pages, and against the same without
// the machine translations. whole is that list already compiled when p
// gave the list no phrase (nil otherwise); pubOf maps each phrase's page
// to its publisher; near are the pieces the list without p would hold
// (nearOnlyOf).
func leavePublisherOut(s *listsrc.Sources, pubOf map[string]string, p string, wild []listsrc.Wild, whole *leftList, near []nearPiece) ([]looResult, error) {
	left := whole
	if left == nil {
		var err error
		if left, err = compileLeft(s, func(_ string, o listsrc.Origin) bool { return o.From != "" && pubOf[o.From] == p }, near...); err != nil {
			return nil, fmt.Errorf("leave out publisher %s: %w", p, err)
		}
	}
	m, mc := left.all, left.collected
	var out []looResult
	for _, w := range wild {
		res := looResult{w: w, phrases: len(left.texts[w.Rumor]), overlap: wordOverlap(w.Text, left.texts[w.Rumor]), nearKept: len(near)}
		found := m.Scan(w.Text)
		for _, x := range found {
			switch {
			case x.ID == w.Rumor:
				if x.Tier > res.tier || x.Tier == res.tier && x.Score > res.score {
					res.tier, res.score = x.Tier, x.Score
				}
			default:
				res.other = append(res.other, x.ID)
				for _, o := range found {
					if o.ID == w.Rumor && o.Start < x.End && x.Start < o.End {
						res.otherOnOwn++
						break
					}
				}
			}
		}
		for _, x := range mc.Scan(w.Text) {
			if x.ID == w.Rumor {
				res.collected = max(res.collected, x.Tier)
			}
		}
		out = append(out, res)
	}
	return out, nil
}

type realTally struct{ matches, any, n int }

func (t *realTally) add(r looResult) {
	t.n++
	if r.tier >= match.Matches {
		t.matches++
	}
	if r.tier > 0 {
		t.any++
	}
}

func (t realTally) row(name string) string {
	return fmt.Sprintf("| %s | %d | %d/%d = %.3f | %d/%d = %.3f |\n", name, t.n, t.matches, t.n, frac(t.matches, t.n), t.any, t.n, frac(t.any, t.n))
}

// nearPieces is how many pieces nearOnlyOf kept, over all publishers.
func nearPieces(res []looResult) int {
	byPub := map[string]int{}
	for _, r := range res {
		byPub[listsrc.PublisherKey(r.w.URL)] = r.nearKept
	}
	n := 0
	for _, k := range byPub {
		n += k
	}
	return n
}

func frac(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// realReport writes the evaluation on real data: leave-one-source-out recall
// on the wild texts, and false positives on the on-topic negatives and the
// evaluation background. It returns the number of false positives at the
// matches tier (what the extension warns about).
func realReport(b *strings.Builder, s *listsrc.Sources, bg []corpus.Doc, bgNote string) (int, error) {
	t0 := time.Now()
	res, err := leaveOneSourceOut(s)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(b, "## Real circulated versions, leave one source out\n\n")
	noFrom, phrases, translated, nearCopies := 0, 0, 0, 0
	for _, os := range s.Origins {
		for _, o := range os {
			if len(o.NearCopyOf) > 0 {
				nearCopies++
				continue
			}
			phrases++
			if o.From == "" {
				noFrom++
			}
			if o.Via != "" {
				translated++
			}
		}
	}
	fmt.Fprintf(b, "%d wild texts of %d rumors from %d pages of %d publishers; %d phrases (%d collected, %d machine translations of them in %s), %d of them without a recorded page (kept for every text, so they may inflate recall). "+
		"Each text is checked against the list built without every phrase from the text's publisher (its registrable domain: every page of that site, its sister sites and country domains), "+
		"and with what `rumorctl translate` and `rumorctl promote` left out only as near-copies of that publisher's phrases, which the list would hold without them: machine translations (%d are kept for this) and pieces of other publishers' texts that quote the same wording (%d). "+
		"Split: rumors whose id's SHA-256 starts with a byte that is 0 mod 4 are held out (test); rules and thresholds are tuned on the train split only. "+
		"\"matches\" is the tier the extension warns with; \"any\" adds the quiet \"resembles\" mark.\n\n",
		len(res), len(s.Rumors), countPages(s.Wild), countPublishers(s.Wild), phrases, phrases-translated, translated, listsrc.TranslationsFile, noFrom, nearCopies, nearPieces(res))
	var all realTally
	by := map[string]map[string]*realTally{"split": {}, "language": {}, "kind": {}, "rumor": {}}
	tally := func(dim, k string) *realTally {
		if by[dim][k] == nil {
			by[dim][k] = &realTally{}
		}
		return by[dim][k]
	}
	wrong, byFamily, onOwn, crossFamily := 0, 0, 0, 0
	var misses, wrongs []string
	for _, r := range res {
		all.add(r)
		tally("split", split(r.w.Rumor)).add(r)
		tally("language", r.w.Lang).add(r)
		tally("kind", r.w.Kind).add(r)
		tally("rumor", r.w.Rumor+" ("+split(r.w.Rumor)+")").add(r)
		switch second := secondNotes(s, r); second {
		case siblingOnly:
			byFamily++
		case otherFamily, sameFamily:
			wrong++
			if second == otherFamily {
				crossFamily++
			}
			where := "another passage"
			if r.otherOnOwn > 0 {
				onOwn++
				where = "on its own mark's words"
			}
			wrongs = append(wrongs, fmt.Sprintf("- %s (%s, %s:%d) also noted as %s (%s)", r.w.Rumor, r.w.Lang, r.w.File, r.w.Line, strings.Join(r.other, ", "), where))
		}
		// Only train misses are listed: reading the test split's misses
		// would tune the matcher on it.
		if r.tier < match.Matches && !heldOut(r.w.Rumor) {
			misses = append(misses, fmt.Sprintf("- %s (%s, %s, %s, score %.2f, %d phrases left, word overlap %.2f) %s:%d: %q", r.w.Rumor, r.w.Lang, r.w.Kind, r.tier, r.score, r.phrases, r.overlap, r.w.File, r.w.Line, clip(r.w.Text, 160)))
		}
	}
	fmt.Fprintf(b, "| group | texts | recall (matches) | recall (any tier) |\n|---|---|---|---|\n")
	b.WriteString(all.row("**all**"))
	for _, dim := range []string{"split", "language", "kind", "rumor"} {
		keys := make([]string, 0, len(by[dim]))
		for k := range by[dim] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString(by[dim][k].row(dim + " " + k))
		}
	}
	var collected realTally
	byLangCollected := map[string]*realTally{}
	for _, r := range res {
		r.tier = r.collected
		collected.add(r)
		if byLangCollected[r.w.Lang] == nil {
			byLangCollected[r.w.Lang] = &realTally{}
		}
		byLangCollected[r.w.Lang].add(r)
	}
	var perLangCollected []string
	for _, k := range listsrc.SortedKeys(byLangCollected) {
		t := byLangCollected[k]
		perLangCollected = append(perLangCollected, fmt.Sprintf("%s %d/%d = %.3f", k, t.matches, t.n, frac(t.matches, t.n)))
	}
	fmt.Fprintf(b, "\nThe same texts against the collected phrases alone (every machine translation left out too): %d/%d = %.3f at the warning tier (%s). "+
		"A machine translation counts as found on its phrase's page, so it is left out with that page's phrases.\n",
		collected.matches, collected.n, frac(collected.matches, collected.n), strings.Join(perLangCollected, ", "))
	low := 0
	missed := 0
	for _, r := range res {
		if r.tier < match.Matches {
			missed++
			if r.overlap < 0.4 {
				low++
			}
		}
	}
	fmt.Fprintf(b, "\nOf the %d texts not matched, %d share less than 40%% of the distinct content words of every phrase left for their rumor "+
		"(another part of the message, another wording or a language without phrases): more phrases, not a looser matcher, would find those.\n", missed, low)
	fmt.Fprintf(b, "\nWrong-rumor notes (a text noted as a rumor of another family, or as another rumor beside its own): %d of %d texts. "+
		"Of those, %d have a second note on words of their own rumor's mark (two notes on one passage) and %d only on other passages "+
		"(a chain that carries another rumor's sentences as well). %d name a rumor of another family; the other %d name only "+
		"other versions of the same hoax (rumors of the text's own family, which a note on the same words lists as such). "+
		"Noted only as a sibling of its family (not counted as found above): %d.\n",
		wrong, len(res), onOwn, wrong-onOwn, crossFamily, wrong-crossFamily, byFamily)
	for _, w := range wrongs[:min(10, len(wrongs))] {
		b.WriteString(w + "\n")
	}

	// False positives.
	m, err := match.Compile(s.Build(nil), match.Options{})
	if err != nil {
		return 0, err
	}
	negM, negA := 0, 0
	var fps []string
	for _, n := range s.Negatives {
		for _, x := range m.Scan(n.Text) {
			negA++
			if x.Tier >= match.Matches {
				negM++
			}
			fps = append(fps, fmt.Sprintf("- on-topic %s:%d: %s %s %.2f %q", n.File, n.Line, x.ID, x.Tier, x.Score, n.Text[x.Start:x.End]))
		}
	}
	words, bgM, bgA := 0, 0, 0
	perLang := map[string]int{}
	for _, d := range bg {
		n := len(strings.Fields(d.Text))
		words += n
		perLang[d.Lang] += n
		for _, x := range m.Scan(d.Text) {
			bgA++
			if x.Tier >= match.Matches {
				bgM++
			}
			fps = append(fps, fmt.Sprintf("- background %s: %s %s %.2f %q", d.Name, x.ID, x.Tier, x.Score, clip(d.Text[x.Start:x.End], 200)))
		}
	}
	var langs []string
	for l, n := range perLang {
		langs = append(langs, fmt.Sprintf("%s %.2f M", l, float64(n)/1e6))
	}
	sort.Strings(langs)
	fmt.Fprintf(b, "\n## False positives on real text\n\n| corpus | size | matches | any tier |\n|---|---|---|---|\n")
	fmt.Fprintf(b, "| on-topic negatives (negatives/*.yaml) | %d texts | %d | %d |\n", len(s.Negatives), negM, negA)
	fmt.Fprintf(b, "| evaluation background: %s (%s) | %d words, %d documents | %d (%.2f per million words) | %d |\n",
		bgNote, strings.Join(langs, ", "), words, len(bg), bgM, float64(bgM)*1e6/float64(max(1, words)), bgA)
	for _, f := range fps[:min(20, len(fps))] {
		b.WriteString(f + "\n")
	}
	if len(misses) > 0 {
		fmt.Fprintf(b, "\nMissed (train split only; %d):\n\n", len(misses))
		for _, x := range misses[:min(40, len(misses))] {
			b.WriteString(x + "\n")
		}
	}
	fmt.Fprintf(b, "\n(real-data evaluation took %s)\n\n", time.Since(t0).Round(time.Millisecond))
	return negM + bgM, nil
}

// What a text's notes of rumors other than its own are.
type secondNote int

const (
	noSecond    secondNote = iota
	siblingOnly            // its own rumor not noted, only siblings: the family caught a version it has no phrase for
	sameFamily             // beside its own rumor, other versions of the same hoax only
	otherFamily            // a rumor of another family among them: a second note naming another rumor's details
)

// secondNotes says what r's notes of other rumors are (the "wrong-rumor"
// count is sameFamily and otherFamily).
func secondNotes(s *listsrc.Sources, r looResult) secondNote {
	if len(r.other) == 0 {
		return noSecond
	}
	for _, o := range r.other {
		if fam(s, o) != fam(s, r.w.Rumor) {
			return otherFamily
		}
	}
	if r.tier == 0 {
		return siblingOnly
	}
	return sameFamily
}

func fam(s *listsrc.Sources, id string) string {
	for _, r := range s.Rumors {
		if r.ID == id && r.Family != "" {
			return r.Family
		}
	}
	return id
}

// wordOverlap is the largest share of a phrase's distinct content words
// that text holds, over phrases: how much of any phrase a matcher could find
// in the text at all, whatever the order.
func wordOverlap(text string, phrases []string) float64 {
	have := map[string]bool{}
	for _, t := range textnorm.Tokens(text) {
		have[t.Text] = true
	}
	best := 0.0
	for _, p := range phrases {
		seen := map[string]bool{}
		n, h := 0, 0
		for _, t := range textnorm.Tokens(p) {
			if match.Stopword(t.Text) || seen[t.Text] {
				continue
			}
			seen[t.Text] = true
			n++
			if have[t.Text] {
				h++
			}
		}
		if n > 0 && float64(h)/float64(n) > best {
			best = float64(h) / float64(n)
		}
	}
	return best
}

func countPages(ws []listsrc.Wild) int {
	set := map[string]bool{}
	for _, w := range ws {
		set[listsrc.PageKey(w.URL)] = true
	}
	return len(set)
}

func countPublishers(ws []listsrc.Wild) int {
	set := map[string]bool{}
	for _, w := range ws {
		set[listsrc.PublisherKey(w.URL)] = true
	}
	return len(set)
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
