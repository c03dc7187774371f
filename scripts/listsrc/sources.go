package listsrc

import (
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// Sources is everything a list directory holds. Build makes the list that
// is signed and shipped from it; the rest is for evaluating the matcher.
type Sources struct {
	Header Header
	// Rumors are as written, phrases without their equivalent forms.
	Rumors []rumorlist.Rumor
	// Origins holds, per rumor id, every phrase in file order with the page
	// it was found on ("" for a phrase written before pages were recorded).
	Origins map[string][]Origin
	// Wild are the versions of the rumors collected as they circulated.
	Wild []Wild
	// Negatives are real texts on the same topics that are not a rumor.
	Negatives []Negative
	// Equivalents are the groups of equivalent words per language.
	Equivalents Equivalents
	// FactCheckers are the fact-checking publishers' domains the list
	// carries (factcheckers.yaml): their pages are treated as fact-checks.
	FactCheckers []rumorlist.FactChecker
	// KeepNames are the names machine translations keep as written
	// (NamesFile).
	KeepNames []string

	// forms caches Equivalents.Expand per language and phrase (key
	// lang+"\x00"+text): the evaluation builds the list once per publisher
	// left out, and expanding every phrase each time was most of its work.
	// Shared by copies (WithTranslations); nil computes every time.
	forms *sync.Map
}

// Origin is one phrase and the page it was found on.
type Origin struct {
	Lang, Text, From string
	// Via is the route of a machine translation ("en>es>pt"; see
	// TranslationsFile), "" for a phrase as collected.
	Via string
	// NearCopyOf, for a machine translation left out as a near-copy of
	// phrases of its rumor and language, holds those phrases' pages (a
	// translation's page is its phrase's). It is never shipped; Build keeps
	// it only when drop refuses every one of those pages, as translate would
	// have kept it had those phrases never been collected.
	NearCopyOf []string
}

// Wild kinds: how much of the circulated message a collected text is.
var WildKinds = []string{"full", "excerpt", "paraphrase"}

// Wild is one version of a rumor as it circulated, with the page that
// quotes it. It is never shipped: the evaluation checks the list against it.
type Wild struct {
	Rumor, Family string
	Lang, URL     string
	Kind          string // one of WildKinds
	Text          string
	File          string
	Line          int
}

// Negative is a real on-topic text that is not a rumor; nothing may match it.
type Negative struct {
	Lang, URL, Text string
	File            string
	Line            int
}

// Equivalents maps a language to its groups of equivalent words or
// expressions, each normalized to its words ("voice message" is
// ["voice", "message"]) and kept beside the text as written.
type Equivalents map[string][]EquivGroup

// EquivGroup is one group of equivalent expressions.
type EquivGroup []EquivItem

// EquivItem is one expression: as written and as normalized words.
type EquivItem struct {
	Text  string
	Words []string
}

// Build returns the list to sign from the sources: every phrase except
// those drop refuses (nil keeps all) and the near-copy translations kept
// for the evaluation (Origin.NearCopyOf), and for each kept phrase the forms its
// language's equivalents make of it, so a text that says "voice message"
// meets a phrase that says "voicemail" and the other way round.
func (s *Sources) Build(drop func(rumor string, o Origin) bool) *rumorlist.List {
	h := s.Header
	l := &rumorlist.List{Format: rumorlist.FormatVersion, Name: h.Name, Publisher: h.Publisher, Version: h.Version}
	for _, r := range s.Rumors {
		r.Phrases = nil
		byLang := map[string]int{}
		for _, o := range s.Origins[r.ID] {
			if drop != nil && drop(r.ID, o) || len(o.NearCopyOf) > 0 && !allDropped(drop, r.ID, o.NearCopyOf) {
				continue
			}
			k, ok := byLang[o.Lang]
			if !ok {
				k = len(r.Phrases)
				byLang[o.Lang] = k
				r.Phrases = append(r.Phrases, rumorlist.Phrases{Lang: o.Lang})
			}
			r.Phrases[k].Texts = append(r.Phrases[k].Texts, s.expand(o.Lang, o.Text)...)
		}
		l.Rumors = append(l.Rumors, r)
		if t, err := time.Parse("2006-01-02", r.Updated); err == nil && t.Unix() > l.Created {
			l.Created = t.Unix()
		}
	}
	l.FactCheckers = s.FactCheckers
	l.Sort()
	return l
}

// allDropped says whether drop refuses a phrase from each of the pages.
func allDropped(drop func(rumor string, o Origin) bool, rumor string, pages []string) bool {
	if drop == nil {
		return false
	}
	for _, p := range pages {
		if !drop(rumor, Origin{From: p}) {
			return false
		}
	}
	return true
}

// expand is Equivalents.Expand through the sources' cache.
func (s *Sources) expand(lang, text string) []string {
	if s.forms == nil {
		return s.Equivalents.Expand(lang, text)
	}
	key := lang + "\x00" + text
	if v, ok := s.forms.Load(key); ok {
		return v.([]string)
	}
	v := s.Equivalents.Expand(lang, text)
	s.forms.Store(key, v)
	return v
}

// maxForms bounds how many forms one phrase may take: a phrase that holds
// several groups would otherwise multiply.
const maxForms = 8

// Expand returns text followed by the forms it takes when expressions of
// one group are replaced by the others of that group, at most maxForms in
// all, each once.
func (e Equivalents) Expand(lang, text string) []string {
	out := []string{text}
	seen := map[string]bool{text: true}
	for _, g := range e[lang] {
		for _, cur := range out {
			toks := textnorm.Tokens(cur)
			for _, from := range g {
				at := findWords(toks, from.Words)
				if len(at) == 0 {
					continue
				}
				for _, to := range g {
					if to.Text == from.Text {
						continue
					}
					var b strings.Builder
					last := 0
					for _, i := range at {
						b.WriteString(cur[last:toks[i].Start])
						b.WriteString(to.Text)
						last = toks[i+len(from.Words)-1].End
					}
					b.WriteString(cur[last:])
					if v := b.String(); !seen[v] && len(out) < maxForms {
						seen[v] = true
						out = append(out, v)
					}
				}
			}
		}
	}
	return out
}

// findWords returns where words occur in toks, without overlaps.
func findWords(toks []textnorm.Token, words []string) []int {
	var at []int
	for i := 0; i+len(words) <= len(toks); i++ {
		ok := true
		for k, w := range words {
			if toks[i+k].Text != w {
				ok = false
				break
			}
		}
		if ok {
			at = append(at, i)
			i += len(words) - 1
		}
	}
	return at
}

// SamePage reports whether two URLs name the same page: scheme, "www.",
// a trailing slash, the query's tracking and the fragment aside.
func SamePage(a, b string) bool { return PageKey(a) == PageKey(b) }

// PageKey is what SamePage compares: URLs of one page have the same key.
func PageKey(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return strings.TrimSpace(s)
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	host = strings.TrimPrefix(host, "m.")
	return host + strings.TrimSuffix(u.EscapedPath(), "/")
}

func loadWild(path string, f map[string][2]*yaml.Node, h *Header, ps *Problems) []Wild {
	kv, ok := f["wild"]
	if !ok {
		return nil
	}
	if kv[1].Kind != yaml.SequenceNode {
		ps.add(path, kv[1], "wild", "expected a list of circulated versions, each {lang, url, kind, text}")
		return nil
	}
	var out []Wild
	for i, n := range kv[1].Content {
		where := fmt.Sprintf("wild[%d]", i)
		before := len(*ps)
		wf := fields(path, n, where, []string{"lang", "url", "kind", "text"}, ps)
		w := Wild{File: path, Line: n.Line}
		var ln, un, kn, tn *yaml.Node
		w.Lang, ln = scalar(path, wf, "lang", where, true, ps, n)
		if w.Lang != "" {
			checkLang(path, ln, where+".lang", h, ps)
		}
		w.URL, un = scalar(path, wf, "url", where, true, ps, n)
		checkURL(path, un, where+".url", w.URL, ps)
		w.Kind, kn = scalar(path, wf, "kind", where, true, ps, n)
		if w.Kind != "" && !contains(WildKinds, w.Kind) {
			ps.add(path, kn, where+".kind", fmt.Sprintf("%q is not a kind: use full (the whole message as quoted), excerpt (part of it) or paraphrase (a retelling)", w.Kind))
		}
		var text string
		text, tn = scalar(path, wf, "text", where, true, ps, n)
		w.Text = unwrap(text)
		if text != "" && len(textnorm.Tokens(text)) < 4 {
			ps.add(path, tn, where+".text", "too short to judge a match on (fewer than 4 words): quote the whole circulated text")
		}
		if len(*ps) == before {
			out = append(out, w)
		}
	}
	return out
}

// loadNegatives reads negatives/*.yaml: each a list of {lang, url, text}.
func loadNegatives(dir string, h *Header, ps *Problems) []Negative {
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	sort.Strings(files)
	var out []Negative
	for _, path := range files {
		out = append(out, loadNegativeFile(path, h, ps)...)
	}
	return out
}

func loadNegativeFile(path string, h *Header, ps *Problems) []Negative {
	n := parseRecorded(path, ps)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		ps.add(path, n, "(file)", "expected a list of on-topic texts, each {lang, url, text}")
		return nil
	}
	var out []Negative
	for i, e := range n.Content {
		where := fmt.Sprintf("[%d]", i)
		before := len(*ps)
		nf := fields(path, e, where, []string{"lang", "url", "text"}, ps)
		x := Negative{File: path, Line: e.Line}
		var ln, un *yaml.Node
		x.Lang, ln = scalar(path, nf, "lang", where, true, ps, e)
		if x.Lang != "" {
			checkLang(path, ln, where+".lang", h, ps)
		}
		x.URL, un = scalar(path, nf, "url", where, true, ps, e)
		checkURL(path, un, where+".url", x.URL, ps)
		var text string
		text, _ = scalar(path, nf, "text", where, true, ps, e)
		x.Text = unwrap(text)
		if len(*ps) == before {
			out = append(out, x)
		}
	}
	return out
}

// maxEquivWords bounds an expression: a longer one is a phrase, not a word.
const maxEquivWords = 4

// loadEquivalents reads equivalents.yaml, which may be absent:
// en: [[voicemail, voice message], [handed over, fed into]].
func loadEquivalents(path string, h *Header, ps *Problems) Equivalents {
	out := Equivalents{}
	n := parseOptional(path, ps)
	if n == nil {
		return out
	}
	if n.Kind != yaml.MappingNode {
		ps.add(path, n, "(file)", "expected groups per language, e.g. en: [[voicemail, voice message]]")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		lang := k.Value
		if !checkLang(path, k, lang, h, ps) {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			ps.add(path, v, lang, "expected a list of groups, e.g. [[voicemail, voice message]]")
			continue
		}
		used := map[string]int{} // normalized expression -> its group
		for gi, gn := range v.Content {
			where := fmt.Sprintf("%s[%d]", lang, gi)
			if gn.Kind != yaml.SequenceNode || len(gn.Content) < 2 {
				ps.add(path, gn, where, "expected a group of at least two equivalent expressions, e.g. [voicemail, voice message]")
				continue
			}
			var g EquivGroup
			for ii, in := range gn.Content {
				fld := fmt.Sprintf("%s[%d]", where, ii)
				if msg := equivProblem(in); msg != "" {
					ps.add(path, in, fld, msg)
					continue
				}
				text := strings.TrimSpace(in.Value)
				var words []string
				for _, t := range textnorm.Tokens(text) {
					words = append(words, t.Text)
				}
				key := strings.Join(words, " ")
				if prev, dup := used[key]; dup {
					ps.add(path, in, fld, fmt.Sprintf("%q is already in group %s[%d]: an expression belongs to one group; merge the groups or remove it", text, lang, prev))
					continue
				}
				used[key] = gi
				g = append(g, EquivItem{Text: text, Words: words})
			}
			if len(g) >= 2 {
				out[lang] = append(out[lang], g)
			}
		}
	}
	return out
}

// equivProblem says what makes a node unfit as an equivalent expression.
func equivProblem(n *yaml.Node) string {
	text := strings.TrimSpace(n.Value)
	if n.Kind != yaml.ScalarNode || text == "" {
		return "expected a word or short expression"
	}
	toks := textnorm.Tokens(text)
	switch {
	case len(toks) == 0:
		return "has no letters or digits: write a word"
	case len(toks) > maxEquivWords:
		return fmt.Sprintf("too long (%d words, at most %d): equivalents are words and short expressions", len(toks), maxEquivWords)
	}
	content := 0
	for _, t := range toks {
		if match.Negation(t.Text) {
			return "holds a negation: a negation is never equivalent to anything else, since swapping it could flip a claim"
		}
		if !commonWord(t.Text) {
			content++
		}
	}
	if content == 0 {
		return "only function words: an equivalence of those would change every phrase; use content words"
	}
	return ""
}
