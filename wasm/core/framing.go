package core

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rumorguard/rumorguard/wasm/framing"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// Framing is how a page frames the rumors it quotes: the page's decision and
// one decision per match section.
type Framing struct {
	framing.Decision
	// Quiet holds, per section in the order given, whether its match is shown
	// quietly (a fact-check quoting the rumor) rather than as a warning.
	Quiet []bool
	// Earlier holds, per earlier mark given to FramingAfter, whether it is
	// quiet now.
	Earlier []bool
}

// Caps on what a page may hand the decision: the content script sends less,
// and a hostile page must not make the background work on megabytes.
const (
	maxField = 2000
	maxBody  = 20000
	maxList  = 200
	// The earlier marks a page may name: the most recent ones count.
	maxEarlier = 2000
)

// Framing decides a page (signals the content script collected locally)
// and each match section on it, with the fact-checking publishers of the
// list in use and the rumors' own sources: a page that is one of them is a
// fact-check. Without a list it decides from the page alone. at, if given,
// is where each section's match sits: matches of one quoted message, and of
// one fact-check, then agree (framing.Follow).
func (c *Core) Framing(p framing.Page, sections []framing.Section, at []framing.Place) Framing {
	return c.FramingAfter(p, sections, at, nil)
}

// Earlier is a mark already on the page, framed by an earlier call: the
// content script frames a page block by block as they are drawn.
type Earlier struct {
	framing.Place
	Quiet bool
}

// FramingAfter is Framing for sections drawn after the earlier marks of the
// same page: they follow each other as one page's marks do, and the result's
// Earlier says which earlier marks are quiet now (a later block may show
// their family quoted to debunk it).
func (c *Core) FramingAfter(p framing.Page, sections []framing.Section, at []framing.Place, earlier []Earlier) Framing {
	p = capPage(p)
	d, ok := c.lastPage.get(p, c.list, c.stored)
	if !ok {
		asked := p
		if c.list != nil || c.stored != nil {
			p.Source = p.Source || c.IsSource(p.URL)
		}
		d = framing.Decide(p, framing.NewDomains(c.factCheckers()))
		kept := d
		kept.Reasons = slices.Clone(d.Reasons) // d's are the caller's
		c.lastPage = &pageDecision{page: asked, list: c.list, stored: c.stored, decision: kept}
	}
	out := Framing{Decision: d, Quiet: make([]bool, len(sections))}
	for i, s := range sections {
		s.Before, s.After = capTail(s.Before, maxField), capRunes(s.After, maxField)
		out.Quiet[i] = framing.Quiet(d, s)
	}
	if len(at) != len(sections) {
		return out
	}
	if len(earlier) > maxEarlier {
		earlier = earlier[len(earlier)-maxEarlier:]
	}
	quiet := append(append([]bool{}, out.Quiet...), make([]bool, len(earlier))...)
	places := append([]framing.Place{}, at...)
	for i, e := range earlier {
		quiet[len(sections)+i] = e.Quiet
		places = append(places, e.Place)
	}
	fams := c.families()
	for i := range places {
		if r := places[i].Rumor; r >= 0 && r < len(fams) {
			places[i].Family = fams[r]
		} else {
			places[i].Family = 0
		}
	}
	framing.Follow(d, quiet, places)
	copy(out.Quiet, quiet)
	if len(earlier) > 0 {
		out.Earlier = quiet[len(sections):]
	}
	return out
}

// factCheckers returns the fact-checking publishers' domains of the list in
// use, decoded or stored.
func (c *Core) factCheckers() []string {
	switch {
	case c.list != nil:
		ds := make([]string, len(c.list.FactCheckers))
		for i, f := range c.list.FactCheckers {
			ds[i] = f.Domain
		}
		return ds
	case c.stored != nil:
		return c.stored.factCheckers
	}
	return nil
}

// families returns each rumor's family (rumorlist.List.Families) of the list
// in use, decoded or stored.
func (c *Core) families() []int {
	switch {
	case c.list != nil:
		if c.famsOf != c.list { // computed once per list, not per page
			c.fams, c.famsOf = c.list.Families(), c.list
		}
		return c.fams
	case c.stored != nil:
		return c.stored.families
	}
	return nil
}

// IsSource reports whether pageURL is one of the sources of a rumor of the
// list in use (the same page: see sameURL), the page a list entry cites as
// its fact-check.
func (c *Core) IsSource(pageURL string) bool {
	here := sameURL(pageURL)
	return here != "" && linesContain(c.sourceKeys(), here)
}

// sourceKeys returns the sources of the list in use, decoded or stored, as
// sourceKeysOf gives them.
func (c *Core) sourceKeys() string {
	switch {
	case c.list != nil:
		if c.srcKeysOf != c.list { // made once per list, not per page
			c.srcKeys, c.srcKeysOf = sourceKeysOf(c.list), c.list
		}
		return c.srcKeys
	case c.stored != nil:
		return c.stored.sourceKeys
	}
	return ""
}

// sourceKeysOf gives every source page of l's rumors as its sameURL key,
// sorted, once each, "\n" before and after each. The stored index keeps
// them so: a restarted worker answers "is this page a source" with a
// binary search in the stored bytes, where parsing 10,000 rumors' source
// URLs into a map cost its first page 80 ms in wasm.
func sourceKeysOf(l *rumorlist.List) string {
	var keys []string
	for _, r := range l.Rumors {
		for _, s := range r.Sources {
			if k := sameURL(s.URL); k != "" { // never holds "\n": url.Parse refuses control characters
				keys = append(keys, k)
			}
		}
	}
	if len(keys) == 0 {
		return ""
	}
	slices.Sort(keys)
	return "\n" + strings.Join(slices.Compact(keys), "\n") + "\n"
}

// linesContain reports whether key is a line of lines: lines sorted, each
// enclosed in "\n" (as sourceKeysOf makes them), key without "\n". A binary
// search over the bytes: from any byte, the line around it is found by the
// "\n" before and after it.
func linesContain(lines, key string) bool {
	if len(lines) < 2 || lines[0] != '\n' || lines[len(lines)-1] != '\n' {
		return false
	}
	lo, hi := 0, len(lines)-1 // both at a "\n"; the lines between them are left
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := strings.LastIndexByte(lines[lo:mid+1], '\n') + lo
		end := start + 1 + strings.IndexByte(lines[start+1:hi+1], '\n')
		switch line := lines[start+1 : end]; {
		case line == key:
			return true
		case line < key:
			lo = end
		default:
			hi = start
		}
	}
	return false
}

// sameURL reduces a URL to what identifies a page: host without "www." and
// case, path without a trailing slash, the query; no scheme or fragment.
func sameURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	key := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") + strings.TrimSuffix(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		key += "?" + u.RawQuery
	}
	return key
}

func capPage(p framing.Page) framing.Page {
	for _, f := range []*string{&p.URL, &p.Lang, &p.Title, &p.Kicker, &p.Headline, &p.Lead, &p.Headings} {
		*f = capRunes(*f, maxField)
	}
	p.Body = capRunes(p.Body, maxBody)
	for _, l := range []*[]string{&p.Meta, &p.Types, &p.Rating} {
		if len(*l) > maxList {
			*l = (*l)[:maxList]
		}
		for i := range *l {
			(*l)[i] = capRunes((*l)[i], 200)
		}
	}
	return p
}

// capRunes keeps the first n runes of s.
func capRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// capTail keeps the last n runes of s: the words just before a match.
func capTail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	start := len(s)
	for i := 0; i < n && start > 0; i++ {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
	}
	return s[start:]
}

// pageDecision is the last page decided, with the list it was decided
// with. A content script asks for the framing of each block's marks with
// the same page signals, and deciding a page reads up to 20,000 characters
// of its text (about 8 ms natively for 5,000, several times that in a cold
// wasm worker): the page is decided once, each block's sections every time.
type pageDecision struct {
	page     framing.Page
	list     *rumorlist.List // the list decided with, decoded
	stored   *storedState    // or stored
	decision framing.Decision
}

// get returns the decision if p (capped) is the page last decided with the
// list in use (decoded or stored).
func (pd *pageDecision) get(p framing.Page, list *rumorlist.List, stored *storedState) (framing.Decision, bool) {
	if pd == nil || pd.list != list || pd.stored != stored || !samePage(pd.page, p) {
		return framing.Decision{}, false
	}
	// Reasons is the caller's to keep: a copy, as Decide would give.
	d := pd.decision
	d.Reasons = slices.Clone(d.Reasons)
	return d, true
}

func samePage(a, b framing.Page) bool {
	return a.URL == b.URL && a.Lang == b.Lang && a.Title == b.Title && a.Kicker == b.Kicker &&
		a.Headline == b.Headline && a.Lead == b.Lead && a.Headings == b.Headings && a.Body == b.Body &&
		a.Source == b.Source && slices.Equal(a.Meta, b.Meta) && slices.Equal(a.Types, b.Types) && slices.Equal(a.Rating, b.Rating)
}
