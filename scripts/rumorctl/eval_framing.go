package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/rumorguard/rumorguard/wasm/framing"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// framingReport measures the page decision on the real-page corpus
// (wasm/framing/testdata/pages): the share of fact-check pages whose marks
// are all quiet and of spreading pages that get a warning, on all pages and
// on the test split, by language. Two views: the decision at the place the
// page states the rumor (independent of whether the list matches it yet),
// and the end-to-end view with this list's matcher on the pages it matches.
func framingReport(root string, l *rumorlist.List, m *match.Matcher) (string, error) {
	fs, err := framing.LoadCorpus(filepath.Join(root, "wasm", "framing", "testdata", "pages"))
	if err != nil {
		return "", err
	}
	var domains []string
	for _, f := range l.FactCheckers {
		domains = append(domains, f.Domain)
	}
	fc := framing.NewDomains(domains)
	families := l.Families()
	type tally struct{ n, ok, matched, e2eOK int }
	t := map[string]*tally{} // key: split|label|lang
	get := func(k string) *tally {
		if t[k] == nil {
			t[k] = &tally{}
		}
		return t[k]
	}
	langs := map[string]bool{}
	for _, f := range fs {
		langs[f.Lang] = true
		d := framing.Decide(framing.PageOf(f), fc)
		start, end := framing.QuoteSpan(f)
		quiet := framing.Quiet(d, framing.SectionAt(f.Text, start, end))
		good := quiet == (f.Label == framing.LabelFactCheck)
		// End to end: every mark the list's matches make on the page, as
		// the extension draws and frames them (marksOf, framing.Follow).
		var qs, resembles []bool
		var at []framing.Place
		for bi, b := range framing.Blocks(f.Text) {
			for _, k := range marksOf(b.Text, m.Scan(b.Text), families) {
				qs = append(qs, framing.Quiet(d, framing.SectionAt(f.Text, b.Start+k.start, b.Start+k.end)))
				resembles = append(resembles, k.best.Tier < match.Matches)
				at = append(at, framing.Place{Rumor: k.best.Rumor, Family: families[k.best.Rumor], Block: bi})
			}
		}
		framing.Follow(d, qs, at)
		matched, allQuiet, anyLoud := len(qs) > 0, true, false
		for i, q := range qs {
			q = q || resembles[i] // a resemblance is always a quiet mark
			allQuiet = allQuiet && q
			anyLoud = anyLoud || !q
		}
		e2e := allQuiet
		if f.Label == framing.LabelSpreading {
			e2e = anyLoud
		}
		for _, split := range []string{"all", f.Split} {
			for _, lang := range []string{"all", f.Lang} {
				x := get(split + "|" + f.Label + "|" + lang)
				x.n++
				if good {
					x.ok++
				}
				if matched {
					x.matched++
					if e2e {
						x.e2eOK++
					}
				}
			}
		}
	}
	ls := []string{"all"}
	for k := range langs {
		ls = append(ls, k)
	}
	sort.Strings(ls[1:])
	pct := func(a, b int) string {
		if b == 0 {
			return "–"
		}
		return fmt.Sprintf("%d/%d (%.0f%%)", a, b, 100*float64(a)/float64(b))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n# Fact-check pages get the quiet mark\n\nReal pages (%d) from wasm/framing/testdata/pages; targets: ≥95%% of fact-check pages only quiet, ≥98%% of spreading pages warned. \"decision\": at the place the page states the rumor; \"with matcher\": every match this list finds, on the pages it finds one.\n", len(fs))
	for _, split := range []string{"all", "train", "test"} {
		fmt.Fprintf(&b, "\n## %s pages\n\n| language | fact-check quiet (decision) | spreading warned (decision) | fact-check quiet (with matcher) | spreading warned (with matcher) |\n|---|---|---|---|---|\n", split)
		for _, lang := range ls {
			fcT, spT := get(split+"|factcheck|"+lang), get(split+"|spreading|"+lang)
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", lang, pct(fcT.ok, fcT.n), pct(spT.ok, spT.n), pct(fcT.e2eOK, fcT.matched), pct(spT.e2eOK, spT.matched))
		}
	}
	return b.String(), nil
}

// mark is what the extension draws for matches on one span of a block.
type mark struct {
	start, end int
	best       match.Match
}

// joinGap is what may lie between two neighbouring matches of one family
// that the extension draws as one mark: a few spaces or punctuation marks.
var joinGap = regexp.MustCompile(`^[\s.,;:!?…"“”'’()\-–—]{0,4}$`)

// marksOf groups a block's matches as extension/content/main.js does
// (group): matches whose spans overlap are one mark, and so are neighbouring
// matches of one family; the mark's rumor is its best match (tier, then
// score).
func marksOf(text string, ms []match.Match, families []int) []mark {
	ms = slices.Clone(ms)
	sort.SliceStable(ms, func(i, j int) bool {
		return ms[i].Start < ms[j].Start || ms[i].Start == ms[j].Start && ms[i].End > ms[j].End
	})
	var out []mark
	var fams []map[int]bool
	for _, x := range ms {
		if n := len(out); n > 0 {
			g := &out[n-1]
			sibling := families[x.Rumor] > 0 && fams[n-1][families[x.Rumor]] && x.Start >= g.end && joinGap.MatchString(text[g.end:x.Start])
			if x.Start < g.end || sibling {
				g.end = max(g.end, x.End)
				if x.Tier > g.best.Tier || x.Tier == g.best.Tier && x.Score > g.best.Score {
					g.best = x
				}
				fams[n-1][families[x.Rumor]] = true
				continue
			}
		}
		out = append(out, mark{start: x.Start, end: x.End, best: x})
		fams = append(fams, map[int]bool{families[x.Rumor]: true})
	}
	return out
}
