// Package framing decides how a page frames the rumor it quotes: as a
// fact-check (the extension shows a quiet grey mark and says so in the note)
// or as something it passes on (a warning).
//
// The decision is made once per page from signals the content script reads
// locally (nothing leaves the browser): structured data (ClaimReview and
// ClaimReview-like JSON-LD types, Open Graph and article metadata), the page's
// domain against the fact-checking publishers carried in the signed list, its
// address (a fact-check section, the slug as a headline), the kicker,
// headline and lead in each supported language (a source's short quoted
// verdict counts, a long quotation is the rumor's), rating boxes
// ("Claim:" / "Rating:", "Behauptung" / "Bewertung"), and whether the page is
// one of the rumor's own sources. Each match then follows the page unless its
// section clearly differs: a section that quotes the rumor with a reporting
// verb and a debunk cue is quiet on any page, and a section that asks the
// reader to pass the rumor on is loud on any page but a fact-checker's.
//
// Abuse resistance is a matter of weights: body text alone never decides a
// page. A post that spreads a rumor and says "hoax" once (or "this is NOT a
// hoax") stays loud; only a headline, kicker, lead, rating box, metadata or a
// listed fact-checker can make a page quiet, and a negated cue counts against
// it. The weights and the threshold were tuned on the train split of
// testdata/pages and are measured on its test split (rumorctl eval).
package framing

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Page is what the content script collects about a page. Every field is
// optional; text fields are plain text (never HTML).
type Page struct {
	URL      string
	Lang     string   // the page's language (html lang), primary subtag
	Title    string   // document.title or og:title
	Kicker   string   // short label above the headline ("FACT CHECK", "Faktencheck")
	Headline string   // the h1
	Lead     string   // the first paragraphs after the headline, up to ~600 characters
	Headings string   // h2/h3 text, joined by newlines
	Body     string   // the main text (up to ~20,000 characters), blocks joined by newlines
	Meta     []string // og:type, article:section, article:tag, keywords values
	Types    []string // JSON-LD @type values anywhere in the page ("ClaimReview", "NewsArticle")
	// Rating holds the label lines of rating boxes: lines of the page that
	// start with a label and a colon ("Claim: …", "Bewertung: …") or a dt/th.
	Rating []string
	// Source is set when the page's URL is one of the matched rumor's own
	// sources (the core knows them; the content script does not).
	Source bool
}

// Section is the context of one match: the text before and after it within
// its block (and the end of the previous block), and whether it is quoted.
type Section struct {
	Before, After string
	// Quoted is set when the match sits in a blockquote or q element, or
	// between quotation marks.
	Quoted bool
}

// Decision is a page's framing.
type Decision struct {
	FactCheck bool
	Score     int      // the weighted evidence; FactCheck is Score >= Threshold
	Reasons   []string // which signals counted, for "why am I seeing this"
}

// Threshold is the score from which a page is a fact-check. One strong signal
// (ClaimReview, a listed fact-checker, a fact-check kicker or rating box)
// reaches it alone; debunk words need the headline and the lead, or the title
// and headings, together.
const Threshold = 4

// Weights of the signals. Body text has none: it cannot decide a page.
const (
	wClaimReview = 10 // ClaimReview markup
	wFactChecker = 10 // a fact-checking publisher in the signed list
	wSource      = 10 // one of the rumor's own sources
	wKicker      = 6  // "Fact check", "Faktencheck", "Bufala" as a label
	wRating      = 6  // a rating box
	wMeta        = 5  // og/article metadata naming a fact-check section
	wHeadline    = 3  // a debunk cue in the headline or title
	wNo          = 3  // a headline that opens with "No," / "Nee," / "Nein,"
	wLead        = 2  // a debunk cue in the lead
	wHeadings    = 1  // a debunk cue in a sub-heading
	wBody2       = 2  // two or three sentences of the page's own text with debunk cues
	wBody4       = 3  // four or more
	wReports     = 2  // reports a circulating message and calls it false in its own words
	wNegated     = -6 // "not a hoax", "kein Fake", "esto es real" outside quotes
	wConceded    = -4 // "it may be a hoax, but …": warns all the same
)

// Domains is a set of fact-checking publishers' domains; a domain covers its
// subdomains.
type Domains map[string]bool

// NewDomains builds the set; domains are lower-cased.
func NewDomains(ds []string) Domains {
	m := Domains{}
	for _, d := range ds {
		m[strings.ToLower(strings.TrimSpace(d))] = true
	}
	return m
}

// Has reports whether host is one of the domains or a subdomain of one.
func (d Domains) Has(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for host != "" {
		if d[host] {
			return true
		}
		i := strings.IndexByte(host, '.')
		if i < 0 {
			return false
		}
		host = host[i+1:]
	}
	return false
}

// HostOf returns the host of a URL, without "www.", or "" if it has none.
func HostOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// Decide frames a page.
func Decide(p Page, fc Domains) Decision {
	var d Decision
	add := func(w int, why string) {
		d.Score += w
		d.Reasons = append(d.Reasons, why)
	}
	for _, t := range p.Types {
		if claimReviewType(t) {
			add(wClaimReview, "ClaimReview markup")
			break
		}
	}
	if h := HostOf(p.URL); h != "" && fc.Has(h) {
		add(wFactChecker, "fact-checking publisher "+h)
	}
	if p.Source {
		add(wSource, "one of the rumor's sources")
	}
	head := p.Headline
	if head == "" {
		head = p.Title
	}
	switch {
	case isKicker(p.Kicker) || kickerLead(head) || kickerLead(p.Title) || kickerLead(firstLine(p.Lead)):
		add(wKicker, "fact-check label")
	}
	if ratingBox(p.Rating) {
		add(wRating, "rating box")
	}
	for _, m := range p.Meta {
		if metaFactCheck(m) {
			add(wMeta, "fact-check metadata")
			break
		}
	}
	if sectionLabel(p.URL) {
		add(wMeta, "fact-check section in the address")
	}
	// The address's slug is the headline as the editor wrote it for the
	// address bar ("…-is-a-hoax/", "debunked-…"): the page's own voice.
	headCue := verdictCue(head) || verdictCue(p.Title) || verdictCue(slugOf(p.URL))
	if headCue {
		add(wHeadline, "debunk words in the headline")
	}
	if opensWithNo(head) || opensWithNo(p.Title) {
		add(wNo, "headline answers no")
	}
	if hasCue(withShortQuotes(p.Lead)) {
		add(wLead, "debunk words in the lead")
	}
	if hasCue(p.Headings) {
		add(wHeadings, "debunk words in a heading")
	}
	bodyN := bodyCues(p.Body, 4)
	switch {
	case bodyN >= 4:
		add(wBody4, "debunk words throughout")
	case bodyN >= 2:
		add(wBody2, "debunk words in the text")
	}
	// A news story about a message that goes around, which calls it false
	// further down in its own words: alone not enough for the page, enough
	// for a section that quotes or introduces the message (Quiet).
	if circulating.in(unquoted(head+"\n"+p.Title+"\n"+p.Lead)) && bodyN > 0 && !hasCue(unquoted(p.Lead)) {
		add(wReports, "reports a circulating message as false")
	}
	if negated(unquoted(head + "\n" + p.Lead + "\n" + p.Headings + "\n" + p.Body)) {
		add(wNegated, "insists it is true")
	}
	if conceded(unquoted(head + "\n" + p.Lead + "\n" + p.Body)) {
		add(wConceded, "grants it may be false, warns all the same")
	}
	d.FactCheck = d.Score >= Threshold
	return d
}

// Quiet reports whether a match in section s on a page decided as d is shown
// quietly (as a fact-check quote) rather than as a warning.
func Quiet(d Decision, s Section) bool {
	if s.Quoted {
		// The words around a match inside quotation marks up to the marks
		// are the rumor's own ("Pass it on!"), not the page's voice.
		s.Before, s.After = openingOf(s.Before), closingOf(s.After)
	}
	before, after := unquoted(s.Before), unquoted(s.After)
	if d.FactCheck {
		// A fact-check page's own voice never asks readers to share the
		// rumor; a section that does is something else (a comment, a repost)
		// unless the page is a listed fact-checker or marked up as one.
		if spreadCue(ownVoice(before)) && d.Score < wFactChecker {
			return false
		}
		return true
	}
	// On any other page a section is quiet only when it clearly reports the
	// rumor to debunk it: quoted or introduced with a reporting verb, and a
	// debunk cue in the surrounding sentences, and no call to pass it on.
	near := lastSentences(before, 2) + "\n" + firstSentences(after, 2)
	reported := s.Quoted || reportingVerb(lastSentences(before, 1)) || introduced(before)
	if !reported || negated(near) || spreadCue(near) {
		return false
	}
	return verdictCue(near) || d.Score >= Threshold-2
}

// Place is where a match sits on its page: its rumor, its rumor's family
// (sibling versions of one hoax share a family; 0 means none, the rumor is
// its own), and the index of its block among the page's blocks in document
// order.
type Place struct{ Rumor, Family, Block int }

func (p Place) family() int {
	if p.Family > 0 {
		return p.Family
	}
	return -1 - p.Rumor // a family of its own, apart from every real one
}

// Follow makes the matches of one quoted message, and of one fact-check,
// agree, where quiet[i] is the decision (Quiet) for the match at at[i] on a
// page decided as d. It changes quiet in place.
//
// One message: a message is introduced once, and fact-checks quote several
// versions of a hoax one after the other, so a match of a family in the
// block of a quiet match of that family is quoted with it and quiet too. The
// next block is not: in a feed the post after a debunk may spread the rumor.
//
// One fact-check: on a page decided as a fact-check a match is loud only for
// a call to pass the rumor on before it; when the page shows the same family
// quiet anywhere, that call is the quoted hoax's own words (one of its
// versions), not the page's, and every match of the family is quiet.
func Follow(d Decision, quiet []bool, at []Place) {
	if len(at) != len(quiet) {
		return
	}
	type key struct{ family, block int }
	inBlock, onPage := map[key]bool{}, map[int]bool{}
	for i, q := range quiet {
		if q {
			inBlock[key{at[i].family(), at[i].Block}] = true
			onPage[at[i].family()] = true
		}
	}
	for i := range quiet {
		f := at[i].family()
		quiet[i] = quiet[i] || inBlock[key{f, at[i].Block}] || d.FactCheck && onPage[f]
	}
}

// ownVoice is the part of a fact-check's text before a match that is the
// page's own words: all of it, unless the match's block is introduced as a
// quotation by the block before ("The latest hoax warns:", "It reads"), when
// the block is the rumor's text and only the introduction is the page's. A
// fact-check quotes the whole chain letter, so its "tell all your contacts"
// sits before a match that starts mid-message.
func ownVoice(before string) string {
	i := strings.LastIndexByte(before, '\n')
	if i < 0 {
		return before
	}
	if prev := strings.TrimSpace(before[:i]); prev != "" && reportingVerb(lastSentences(prev, 1)) {
		return prev
	}
	return before
}

// introduced reports a match in the first sentence of its block after a
// block that introduces it ("It usually reads as follows:").
func introduced(before string) bool {
	i := strings.LastIndexByte(before, '\n')
	if i < 0 || len(sentences(before[i+1:])) > 1 {
		return false
	}
	prev := strings.TrimSpace(before[:i])
	return strings.HasSuffix(prev, ":") || reportingVerb(lastSentences(prev, 1))
}

// openingOf cuts before at the quotation mark that opens the quote a match
// sits in; closingOf cuts after after the mark that closes it.
func openingOf(before string) string {
	if i := strings.LastIndexAny(before, "“\"«„‘"); i >= 0 {
		return before[:i]
	}
	return before
}

func closingOf(after string) string {
	if i := strings.IndexAny(after, "”\"»“’"); i >= 0 {
		_, size := utf8.DecodeRuneInString(after[i:])
		return after[i+size:]
	}
	return after
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// pathSegments returns the decoded, non-empty segments of a URL's path.
func pathSegments(raw string) []string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil
	}
	var segs []string
	for _, s := range strings.Split(u.Path, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	return segs
}

// slugOf returns the words of the longest path segment of a URL: the slug
// a publisher writes from the headline ("facebook-copyright-notice-is-a-hoax"),
// without digits and file extensions. Short segments (sections, dates, ids)
// are not a slug.
func slugOf(raw string) string {
	best := ""
	for _, s := range pathSegments(raw) {
		s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, ".html"), ".htm"), ".ghtml")
		if strings.Count(s, "-")+strings.Count(s, "_") >= 2 && len(s) > len(best) {
			best = s
		}
	}
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || unicode.IsDigit(r) {
			return ' '
		}
		return r
	}, best)
}

// sectionLabel reports an address whose path has a section named for
// fact-checks ("/fact-check/…", "/fato-ou-fake/…", "/faktencheck/…"): a
// segment that is such a label as a whole, not a slug that contains one.
func sectionLabel(raw string) bool {
	segs := pathSegments(raw)
	for i, s := range segs {
		if i == len(segs)-1 && i > 0 {
			break // the page's own segment is its slug
		}
		toks := normToks(strings.NewReplacer("-", " ", "_", " ").Replace(s))
		for _, p := range sectionLabels.words() {
			if len(p) == len(toks) && eq(toks, p) {
				return true
			}
		}
	}
	return false
}
