// Package listsrc reads a rumor list from its human-edited sources: a
// directory with list.yaml (name, publisher, languages) and one YAML file per
// rumor under rumors/. It reports every problem of a run at once, each with
// file:line:column, the field and what to do about it, because a maintainer
// fixing a list wants the whole to-do list, not one error per run.
package listsrc

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// Problem is one thing wrong with a source file.
type Problem struct {
	File         string
	Line, Column int
	Field        string
	Msg          string // what is wrong and what to do about it
}

func (p Problem) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", p.File, p.Line, p.Column, p.Field, p.Msg)
}

// Problems is every problem found in one run.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Header is list.yaml: what the list is, not what is in it.
type Header struct {
	Name      string
	Publisher string
	Languages []string
	Version   uint64
}

// Limits on phrases, so that every phrase is specific enough to match safely.
const (
	MinPhraseWords = 6  // fewer words match too much ordinary text
	MaxPhraseWords = 80 // split longer copypasta into several phrases
)

var (
	idRe   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// Load reads the list directory dir and builds the list to sign: the
// rumors with every phrase, each also in the forms equivalents.yaml makes of
// it. The list's creation time is the latest "updated" date of its rumors,
// so the same sources always build the same bytes. A non-nil error is a
// Problems listing everything wrong, or an I/O error.
func Load(dir string) (*rumorlist.List, error) {
	s, err := LoadSources(dir)
	if err != nil {
		return nil, err
	}
	return s.Build(nil), nil
}

// LoadSources reads everything in the list directory dir: the rumors, where
// each phrase came from, the circulated versions collected for evaluation
// (wild), the on-topic negatives (negatives/*.yaml) and the equivalent words
// (equivalents.yaml), and the machine translations of the phrases
// (TranslationsFile). Only what Build returns is ever shipped.
func LoadSources(dir string) (*Sources, error) {
	return load(dir, true)
}

func load(dir string, translations bool) (*Sources, error) {
	var ps Problems
	h, err := loadHeader(filepath.Join(dir, "list.yaml"), &ps)
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "rumors", "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	if len(files) == 0 && len(ps) == 0 {
		return nil, fmt.Errorf("load list %s: no rumor files in %s (add one YAML file per rumor)", dir, filepath.Join(dir, "rumors"))
	}
	src := &Sources{Header: *h, Origins: map[string][]Origin{}, forms: &sync.Map{}}
	seen := map[string]string{}
	for _, f := range files {
		lr, err := loadRumor(f, h, &ps)
		if err != nil {
			return nil, err
		}
		if lr == nil || lr.r.ID == "" {
			continue
		}
		r := lr.r
		if prev, dup := seen[r.ID]; dup {
			ps.add(f, lr.idNode, "id", fmt.Sprintf("duplicate id %q, also used in %s: ids must be unique; rename one", r.ID, prev))
			continue
		}
		seen[r.ID] = f
		if lr.ok {
			src.Rumors = append(src.Rumors, *r)
			src.Origins[r.ID] = lr.origins
			src.Wild = append(src.Wild, lr.wild...)
		}
	}
	if translations && len(ps) == 0 {
		// Only over sound rumors: a broken rumor file would make every
		// translation of it look stale.
		loadTranslations(filepath.Join(dir, TranslationsFile), h, src.Origins, &ps)
	}
	src.Negatives = loadNegatives(filepath.Join(dir, "negatives"), h, &ps)
	src.Equivalents = loadEquivalents(filepath.Join(dir, "equivalents.yaml"), h, &ps)
	src.FactCheckers = loadFactCheckers(dir, &ps)
	src.KeepNames = loadNames(dir, &ps)
	if len(ps) > 0 {
		return nil, ps
	}
	return src, nil
}

func (ps *Problems) add(file string, n *yaml.Node, field, msg string) {
	p := Problem{File: file, Field: field, Msg: msg}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	*ps = append(*ps, p)
}

func parseFile(path string) (*yaml.Node, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, &Problem{File: path, Line: yamlLine(err), Column: 1, Field: "(file)", Msg: "not valid YAML: " + err.Error()}
	}
	if len(doc.Content) == 0 {
		return nil, &Problem{File: path, Line: 1, Column: 1, Field: "(file)", Msg: "the file is empty: write the fields of a rumor (see README)"}
	}
	return doc.Content[0], nil
}

// parseOptional is parseRecorded for a list-source file that may be absent
// (equivalents, names, fact-checkers): nil when it is.
func parseOptional(path string, ps *Problems) *yaml.Node {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return parseRecorded(path, ps)
}

// parseRecorded is parseFile with its problem recorded in ps: nil when the
// file cannot be read or parsed.
func parseRecorded(path string, ps *Problems) *yaml.Node {
	n, err := parseFile(path)
	if err != nil {
		if p, ok := err.(*Problem); ok {
			*ps = append(*ps, *p)
		} else {
			ps.add(path, nil, "(file)", "cannot read: "+err.Error())
		}
		return nil
	}
	return n
}

var lineRe = regexp.MustCompile(`line (\d+)`)

func yamlLine(err error) int {
	if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
		var n int
		fmt.Sscanf(m[1], "%d", &n)
		return n
	}
	return 1
}

// fields walks a mapping node, reporting unknown keys, and returns key -> (key node, value node).
func fields(file string, n *yaml.Node, where string, known []string, ps *Problems) map[string][2]*yaml.Node {
	out := map[string][2]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		ps.add(file, n, where, "expected a mapping of fields (key: value)")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if !contains(known, name) {
			fix := "remove it"
			if s := closest(name, known); s != "" {
				fix = fmt.Sprintf("did you mean %q?", s)
			}
			ps.add(file, k, join(where, name), fmt.Sprintf("unknown field %q: %s (known: %s)", name, fix, strings.Join(known, ", ")))
			continue
		}
		if _, dup := out[name]; dup {
			ps.add(file, k, join(where, name), "field given twice: keep one")
			continue
		}
		out[name] = [2]*yaml.Node{k, v}
	}
	return out
}

func join(where, name string) string {
	if where == "" {
		return name
	}
	return where + "." + name
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// closest suggests a known field for a misspelled one.
func closest(s string, known []string) string {
	best, bd := "", 3
	for _, k := range known {
		if d := editDistance(s, k); d < bd {
			best, bd = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(b)]
}

func scalar(file string, f map[string][2]*yaml.Node, name, where string, required bool, ps *Problems, parent *yaml.Node) (string, *yaml.Node) {
	kv, ok := f[name]
	if !ok {
		if required {
			ps.add(file, parent, join(where, name), fmt.Sprintf("missing: add %q", name+": …"))
		}
		return "", parent
	}
	v := kv[1]
	if v.Kind != yaml.ScalarNode {
		ps.add(file, v, join(where, name), "expected a single value, not a list or mapping")
		return "", v
	}
	val := strings.TrimSpace(v.Value)
	if required && val == "" {
		ps.add(file, v, join(where, name), "is empty: give it a value")
	}
	return val, v
}

func loadHeader(path string, ps *Problems) (*Header, error) {
	n, err := parseFile(path)
	if err != nil {
		var p *Problem
		if errors.As(err, &p) {
			*ps = append(*ps, *p)
			return &Header{}, nil
		}
		return nil, fmt.Errorf("load list: %w (a list directory needs list.yaml)", err)
	}
	f := fields(path, n, "", []string{"name", "publisher", "languages", "version"}, ps)
	h := &Header{}
	var nn *yaml.Node
	h.Name, nn = scalar(path, f, "name", "", true, ps, n)
	if h.Name != "" && !idRe.MatchString(h.Name) {
		ps.add(path, nn, "name", fmt.Sprintf("%q is not a valid list name: use lower-case letters, digits and dashes", h.Name))
	}
	h.Publisher, _ = scalar(path, f, "publisher", "", true, ps, n)
	if v, vn := scalar(path, f, "version", "", true, ps, n); v != "" {
		if _, err := fmt.Sscanf(v, "%d", &h.Version); err != nil || h.Version == 0 || fmt.Sprint(h.Version) != v {
			ps.add(path, vn, "version", fmt.Sprintf("%q is not a version: write a whole number of at least 1, and raise it for every release", v))
		}
	}
	if kv, ok := f["languages"]; !ok {
		ps.add(path, n, "languages", `missing: add "languages: [en, nl]"`)
	} else if kv[1].Kind != yaml.SequenceNode {
		ps.add(path, kv[1], "languages", "expected a list such as [en, nl]")
	} else {
		for _, v := range kv[1].Content {
			if !knownLang(v.Value) {
				ps.add(path, v, "languages", fmt.Sprintf("%q is not an ISO 639-1 language code: use two lower-case letters such as en, nl, de", v.Value))
				continue
			}
			h.Languages = append(h.Languages, v.Value)
		}
	}
	return h, nil
}

var rumorFields = []string{"id", "family", "verdict", "updated", "claim", "summary", "sources", "phrases", "must_match", "must_not_match", "wild"}

// loadedRumor is one rumor file: the rumor and what is kept beside it.
type loadedRumor struct {
	r       *rumorlist.Rumor
	idNode  *yaml.Node
	ok      bool // false when it had problems; the rumor is still returned, for the duplicate-id check
	origins []Origin
	wild    []Wild
}

// loadRumor parses one rumor file.
func loadRumor(path string, h *Header, ps *Problems) (*loadedRumor, error) {
	n, err := parseFile(path)
	if err != nil {
		var p *Problem
		if errors.As(err, &p) {
			*ps = append(*ps, *p)
			return nil, nil
		}
		return nil, fmt.Errorf("load rumor: %w", err)
	}
	before := len(*ps)
	f := fields(path, n, "", rumorFields, ps)
	r := &rumorlist.Rumor{}
	var idNode *yaml.Node
	r.ID, idNode = scalar(path, f, "id", "", true, ps, n)
	if r.ID != "" && !idRe.MatchString(r.ID) {
		ps.add(path, idNode, "id", fmt.Sprintf("%q is not a valid id: use lower-case letters, digits and dashes, e.g. meta-dm-ai-2025", r.ID))
	}
	if want := strings.TrimSuffix(filepath.Base(path), ".yaml"); r.ID != "" && r.ID != want {
		ps.add(path, idNode, "id", fmt.Sprintf("id %q differs from the file name: rename the file to %s.yaml or change the id", r.ID, r.ID))
	}
	r.Family, _ = scalar(path, f, "family", "", false, ps, n)
	var vn *yaml.Node
	r.Verdict, vn = scalar(path, f, "verdict", "", true, ps, n)
	if r.Verdict != "" && !rumorlist.ValidVerdict(r.Verdict) {
		ps.add(path, vn, "verdict", fmt.Sprintf("%q is not a verdict: use one of %s", r.Verdict, strings.Join(rumorlist.Verdicts, ", ")))
	}
	var un *yaml.Node
	r.Updated, un = scalar(path, f, "updated", "", true, ps, n)
	checkDate(path, un, "updated", r.Updated, ps)

	claims := langMap(path, f, "claim", h, ps, n)
	summaries := langMap(path, f, "summary", h, ps, n)
	for _, lang := range SortedKeys(claims, summaries) {
		c, s := claims[lang], summaries[lang]
		if c == "" {
			ps.add(path, fieldNode(f, "claim", n), "claim."+lang, fmt.Sprintf("missing: there is a summary in %s but no claim; add claim.%s", lang, lang))
		}
		if s == "" {
			ps.add(path, fieldNode(f, "summary", n), "summary."+lang, fmt.Sprintf("missing: there is a claim in %s but no summary; add summary.%s", lang, lang))
		}
		r.Texts = append(r.Texts, rumorlist.Text{Lang: lang, Claim: c, Summary: s})
	}
	if _, ok := claims["en"]; !ok && len(claims) > 0 {
		ps.add(path, fieldNode(f, "claim", n), "claim.en", "missing: English is the fallback language of the notes; add claim.en and summary.en")
	}
	r.Sources = loadSources(path, f, ps, n)
	var origins []Origin
	r.Phrases, origins = loadPhrases(path, f, h, ps, n)
	r.MustMatch = loadExamples(path, f, "must_match", h, ps, n)
	r.MustNotMatch = loadExamples(path, f, "must_not_match", h, ps, n)
	wild := loadWild(path, f, h, ps)
	for i := range wild {
		wild[i].Rumor, wild[i].Family = r.ID, r.Family
	}
	return &loadedRumor{r: r, idNode: idNode, ok: len(*ps) == before, origins: origins, wild: wild}, nil
}

func fieldNode(f map[string][2]*yaml.Node, name string, parent *yaml.Node) *yaml.Node {
	if kv, ok := f[name]; ok {
		return kv[0]
	}
	return parent
}

// SortedKeys returns the keys of all the maps, each once, in order.
func SortedKeys[V any](ms ...map[string]V) []string {
	set := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			set[k] = true
		}
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func checkDate(path string, n *yaml.Node, field, s string, ps *Problems) {
	if s == "" {
		return
	}
	if _, err := time.Parse("2006-01-02", s); err != nil || !dateRe.MatchString(s) {
		ps.add(path, n, field, fmt.Sprintf("%q is not a date: write YYYY-MM-DD", s))
	}
}

// langMap reads "field: {en: text, nl: text}".
func langMap(path string, f map[string][2]*yaml.Node, name string, h *Header, ps *Problems, parent *yaml.Node) map[string]string {
	out := map[string]string{}
	kv, ok := f[name]
	if !ok {
		ps.add(path, parent, name, fmt.Sprintf("missing: add %s with one entry per language, e.g. %s: {en: …}", name, name))
		return out
	}
	v := kv[1]
	if v.Kind != yaml.MappingNode {
		ps.add(path, v, name, fmt.Sprintf("expected one entry per language, e.g. %s: {en: …}", name))
		return out
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, t := v.Content[i], v.Content[i+1]
		field := name + "." + k.Value
		if !checkLang(path, k, field, h, ps) {
			continue
		}
		if t.Kind != yaml.ScalarNode || strings.TrimSpace(t.Value) == "" {
			ps.add(path, t, field, "expected text")
			continue
		}
		out[k.Value] = unwrap(t.Value)
	}
	return out
}

var lineBreak = regexp.MustCompile(`[ \t]*\n[ \t]*`)

// unwrap joins the lines of a paragraph written over several lines in YAML
// (a "|" block keeps the breaks) and keeps blank lines as paragraph breaks.
func unwrap(s string) string {
	paras := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range paras {
		paras[i] = lineBreak.ReplaceAllString(strings.TrimSpace(p), " ")
	}
	return strings.Join(paras, "\n\n")
}

func checkLang(path string, n *yaml.Node, field string, h *Header, ps *Problems) bool {
	if !knownLang(n.Value) {
		ps.add(path, n, field, fmt.Sprintf("%q is not an ISO 639-1 language code: use two lower-case letters such as en, nl, de", n.Value))
		return false
	}
	if len(h.Languages) > 0 && !contains(h.Languages, n.Value) {
		ps.add(path, n, field, fmt.Sprintf("language %q is not among the list's languages (%s): add it to list.yaml or fix the code", n.Value, strings.Join(h.Languages, ", ")))
		return false
	}
	return true
}

func loadSources(path string, f map[string][2]*yaml.Node, ps *Problems, parent *yaml.Node) []rumorlist.Source {
	kv, ok := f["sources"]
	if !ok || kv[1].Kind != yaml.SequenceNode || len(kv[1].Content) == 0 {
		ps.add(path, fieldNode(f, "sources", parent), "sources", "missing: every rumor needs at least one source (url, publisher, date) that backs its verdict")
		return nil
	}
	var out []rumorlist.Source
	for i, n := range kv[1].Content {
		where := fmt.Sprintf("sources[%d]", i)
		sf := fields(path, n, where, []string{"url", "publisher", "date", "lang", "title", "checked"}, ps)
		var s rumorlist.Source
		var un, dn, ln *yaml.Node
		s.URL, un = scalar(path, sf, "url", where, true, ps, n)
		if s.URL != "" {
			u, err := url.Parse(s.URL)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				ps.add(path, un, where+".url", fmt.Sprintf("%q is not a web address: write the full https:// URL of the fact-check", s.URL))
			}
		}
		s.Publisher, _ = scalar(path, sf, "publisher", where, true, ps, n)
		s.Date, dn = scalar(path, sf, "date", where, true, ps, n)
		checkDate(path, dn, where+".date", s.Date, ps)
		s.Lang, ln = scalar(path, sf, "lang", where, false, ps, n)
		if s.Lang != "" && !knownLang(s.Lang) {
			ps.add(path, ln, where+".lang", fmt.Sprintf("%q is not an ISO 639-1 language code", s.Lang))
		}
		s.Title, _ = scalar(path, sf, "title", where, false, ps, n)
		// When a maintainer last found the page: for the maintainers, not shipped.
		if c, cn := scalar(path, sf, "checked", where, false, ps, n); c != "" {
			checkDate(path, cn, where+".checked", c, ps)
		}
		out = append(out, s)
	}
	return out
}

func loadPhrases(path string, f map[string][2]*yaml.Node, h *Header, ps *Problems, parent *yaml.Node) ([]rumorlist.Phrases, []Origin) {
	kv, ok := f["phrases"]
	if !ok {
		ps.add(path, parent, "phrases", "missing: add phrases with the wordings the rumor circulates in, per language")
		return nil, nil
	}
	if kv[1].Kind != yaml.MappingNode {
		ps.add(path, kv[1], "phrases", "expected one list per language, e.g. phrases: {en: [{text: \"…\", from: https://…}]}")
		return nil, nil
	}
	var out []rumorlist.Phrases
	var origins []Origin
	for i := 0; i+1 < len(kv[1].Content); i += 2 {
		k, v := kv[1].Content[i], kv[1].Content[i+1]
		field := "phrases." + k.Value
		if !checkLang(path, k, field, h, ps) {
			continue
		}
		if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
			ps.add(path, v, field, "expected a list of phrases (- text: …)")
			continue
		}
		p := rumorlist.Phrases{Lang: k.Value}
		for j, t := range v.Content {
			fld := fmt.Sprintf("%s[%d]", field, j)
			from := ""
			if t.Kind == yaml.MappingNode {
				// The mapping form records the page the phrase was found on,
				// which the leave-one-source-out evaluation needs; only the
				// text is shipped.
				pf := fields(path, t, fld, []string{"text", "from"}, ps)
				var fn *yaml.Node
				from, fn = scalar(path, pf, "from", fld, true, ps, t)
				checkURL(path, fn, fld+".from", from, ps)
				kv, ok := pf["text"]
				if !ok {
					ps.add(path, t, fld+".text", `missing: add "text: …" with the phrase as it circulated`)
					continue
				}
				t, fld = kv[1], fld+".text"
			}
			text := strings.TrimSpace(t.Value)
			if t.Kind != yaml.ScalarNode || text == "" {
				ps.add(path, t, fld, "expected the text of a phrase, or a mapping {text: …, from: https://…}")
				continue
			}
			if msg := phraseProblem(text); msg != "" {
				ps.add(path, t, fld, msg)
				continue
			}
			p.Texts = append(p.Texts, text)
			origins = append(origins, Origin{Lang: k.Value, Text: text, From: from})
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		ps.add(path, kv[1], "phrases", "no usable phrase: add at least one")
	}
	return out, origins
}

// phraseProblem says what makes text unfit as a phrase, "" if nothing.
func phraseProblem(text string) string {
	words := textnorm.Tokens(text)
	content := 0
	for _, w := range words {
		if !commonWord(w.Text) {
			content++
		}
	}
	switch {
	case len(words) < MinPhraseWords:
		return fmt.Sprintf("too short to match safely (%d words, need %d): quote more of the rumor", len(words), MinPhraseWords)
	case content < 3:
		return "too common to match safely: it has fewer than 3 words that are not everyday words; quote a more distinctive part"
	case len(words) > MaxPhraseWords:
		return fmt.Sprintf("too long (%d words, at most %d): split it into several phrases", len(words), MaxPhraseWords)
	}
	return ""
}

func checkURL(path string, n *yaml.Node, field, s string, ps *Problems) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		ps.add(path, n, field, fmt.Sprintf("%q is not a web address: write the full https:// URL of the page, exactly as the search tool stored it", s))
	}
}

func loadExamples(path string, f map[string][2]*yaml.Node, name string, h *Header, ps *Problems, parent *yaml.Node) []rumorlist.Example {
	kv, ok := f[name]
	if !ok {
		ps.add(path, parent, name, fmt.Sprintf("missing: add %s with at least one example (lang, text) so the list is tested before it is published", name))
		return nil
	}
	if kv[1].Kind != yaml.SequenceNode || len(kv[1].Content) == 0 {
		ps.add(path, kv[1], name, "expected a list of examples, each with lang: and text:")
		return nil
	}
	var out []rumorlist.Example
	for i, n := range kv[1].Content {
		where := fmt.Sprintf("%s[%d]", name, i)
		ef := fields(path, n, where, []string{"lang", "text"}, ps)
		var e rumorlist.Example
		var ln *yaml.Node
		e.Lang, ln = scalar(path, ef, "lang", where, true, ps, n)
		if e.Lang != "" {
			checkLang(path, ln, where+".lang", h, ps)
		}
		e.Text, _ = scalar(path, ef, "text", where, true, ps, n)
		out = append(out, e)
	}
	return out
}
