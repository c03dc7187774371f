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
}

// Caps on what a page may hand the decision: the content script sends less,
// and a hostile page must not make the background work on megabytes.
const (
	maxField = 2000
	maxBody  = 20000
	maxList  = 200
)

// Framing decides a page (signals the content script collected locally)
// and each match section on it, with the fact-checking publishers of the
// list in use and the rumors' own sources: a page that is one of them is a
// fact-check. Without a list it decides from the page alone. at, if given,
// is where each section's match sits: matches of one quoted message then
// agree (framing.Follow).
func (c *Core) Framing(p framing.Page, sections []framing.Section, at []framing.Place) Framing {
	p = capPage(p)
	d, ok := c.lastPage.get(p, c.list)
	if !ok {
		asked := p
		var domains framing.Domains
		if c.list != nil {
			ds := make([]string, len(c.list.FactCheckers))
			for i, f := range c.list.FactCheckers {
				ds[i] = f.Domain
			}
			domains = framing.NewDomains(ds)
			p.Source = p.Source || c.isSource(p.URL)
		}
		d = framing.Decide(p, domains)
		kept := d
		kept.Reasons = slices.Clone(d.Reasons) // d's are the caller's
		c.lastPage = &pageDecision{page: asked, list: c.list, decision: kept}
	}
	out := Framing{Decision: d, Quiet: make([]bool, len(sections))}
	for i, s := range sections {
		s.Before, s.After = capTail(s.Before, maxField), capRunes(s.After, maxField)
		out.Quiet[i] = framing.Quiet(d, s)
	}
	if len(at) == len(sections) {
		framing.Follow(out.Quiet, at)
	}
	return out
}

// isSource reports whether pageURL is one of a rumor's sources: the page a
// list entry cites as its fact-check.
func (c *Core) isSource(pageURL string) bool {
	here := sameURL(pageURL)
	if here == "" {
		return false
	}
	for _, r := range c.list.Rumors {
		for _, s := range r.Sources {
			if sameURL(s.URL) == here {
				return true
			}
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
	list     *rumorlist.List
	decision framing.Decision
}

// get returns the decision if p (capped) is the page last decided with list.
func (pd *pageDecision) get(p framing.Page, list *rumorlist.List) (framing.Decision, bool) {
	if pd == nil || pd.list != list || !samePage(pd.page, p) {
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
