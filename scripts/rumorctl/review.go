package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// readAnyList reads list sources (a directory), an encoded list, or a signed
// list (verified when keys are given).
func readAnyList(path, keysPath string) (*rumorlist.List, string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, "", err
	}
	if info.IsDir() {
		l, err := loadSources(path)
		return l, "sources", err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	if env, err := rumorlist.OpenEnvelope(b); err == nil {
		if keysPath == "" {
			l, err := rumorlist.Decode(env.List)
			return l, "signed list, signature NOT checked (pass -keys)", err
		}
		keys, _, err := readKeyring(keysPath)
		if err != nil {
			return nil, "", err
		}
		l, _, err := rumorlist.Open(b, keys)
		if err != nil {
			return nil, "", failure{fmt.Errorf("%s: %w", path, err)}
		}
		return l, "signed list, good signature", nil
	}
	l, err := rumorlist.Decode(b)
	if err != nil {
		return nil, "", failure{fmt.Errorf("%s: %w", path, err)}
	}
	return l, "encoded list, unsigned", nil
}

func runDiff(args []string, stdout, stderr io.Writer) error {
	fs := flags("diff", stderr)
	keysPath := fs.String("keys", "", "public keys to verify signed lists with")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageError{"give two lists: OLD NEW (directories, encoded or signed lists)"}
	}
	a, ka, err := readAnyList(fs.Arg(0), *keysPath)
	if err != nil {
		return err
	}
	b, kb, err := readAnyList(fs.Arg(1), *keysPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "--- %s: %q version %d, %d rumors (%s)\n", fs.Arg(0), a.Name, a.Version, len(a.Rumors), ka)
	fmt.Fprintf(stdout, "+++ %s: %q version %d, %d rumors (%s)\n", fs.Arg(1), b.Name, b.Version, len(b.Rumors), kb)
	if b.Version <= a.Version {
		fmt.Fprintf(stdout, "! the new version (%d) does not grow: clients and servers will refuse it\n", b.Version)
	}
	old := map[string]rumorlist.Rumor{}
	for _, r := range a.Rumors {
		old[r.ID] = r
	}
	seen := map[string]bool{}
	for _, r := range b.Rumors {
		seen[r.ID] = true
		o, ok := old[r.ID]
		if !ok {
			fmt.Fprintf(stdout, "added   %s (%s)\n", r.ID, r.Verdict)
			continue
		}
		if fields := changedFields(o, r); len(fields) > 0 {
			fmt.Fprintf(stdout, "changed %s: %s\n", r.ID, strings.Join(fields, ", "))
		}
	}
	for _, r := range a.Rumors {
		if !seen[r.ID] {
			fmt.Fprintf(stdout, "removed %s\n", r.ID)
		}
	}
	return nil
}

// changedFields names what differs between two versions of a rumor, down to
// the language: "verdict", "claim.nl", "phrases.en".
func changedFields(a, b rumorlist.Rumor) []string {
	var out []string
	if a.Verdict != b.Verdict {
		out = append(out, fmt.Sprintf("verdict %s -> %s", a.Verdict, b.Verdict))
	}
	if a.Family != b.Family {
		out = append(out, "family")
	}
	texts := func(r rumorlist.Rumor) map[string]rumorlist.Text {
		m := map[string]rumorlist.Text{}
		for _, t := range r.Texts {
			m[t.Lang] = t
		}
		return m
	}
	ta, tb := texts(a), texts(b)
	for _, lang := range listsrc.SortedKeys(ta, tb) {
		if ta[lang].Claim != tb[lang].Claim {
			out = append(out, "claim."+lang)
		}
		if ta[lang].Summary != tb[lang].Summary {
			out = append(out, "summary."+lang)
		}
	}
	phrases := func(r rumorlist.Rumor) map[string][]string {
		m := map[string][]string{}
		for _, p := range r.Phrases {
			m[p.Lang] = p.Texts
		}
		return m
	}
	pa, pb := phrases(a), phrases(b)
	for _, lang := range listsrc.SortedKeys(pa, pb) {
		if !reflect.DeepEqual(pa[lang], pb[lang]) {
			out = append(out, fmt.Sprintf("phrases.%s (%d -> %d)", lang, len(pa[lang]), len(pb[lang])))
		}
	}
	if !reflect.DeepEqual(a.Sources, b.Sources) {
		out = append(out, "sources")
	}
	if !reflect.DeepEqual(a.MustMatch, b.MustMatch) || !reflect.DeepEqual(a.MustNotMatch, b.MustNotMatch) {
		out = append(out, "examples")
	}
	return out
}

// ClaimReview is the part of schema.org's ClaimReview that fact-checkers
// publish and Rumorguard reads and writes.
type claimReview struct {
	Context       string        `json:"@context,omitempty"`
	Type          string        `json:"@type"`
	Identifier    string        `json:"identifier,omitempty"`
	URL           string        `json:"url"`
	ClaimReviewed string        `json:"claimReviewed"`
	DatePublished string        `json:"datePublished,omitempty"`
	InLanguage    string        `json:"inLanguage,omitempty"`
	Author        *organization `json:"author,omitempty"`
	ReviewRating  *rating       `json:"reviewRating,omitempty"`
	ItemReviewed  *claim        `json:"itemReviewed,omitempty"`
	ReviewBody    string        `json:"reviewBody,omitempty"`
}

type organization struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type rating struct {
	Type          string `json:"@type"`
	AlternateName string `json:"alternateName"`
	RatingValue   int    `json:"ratingValue,omitempty"`
	BestRating    int    `json:"bestRating,omitempty"`
	WorstRating   int    `json:"worstRating,omitempty"`
}

type claim struct {
	Type       string         `json:"@type"`
	Appearance []creativeWork `json:"appearance,omitempty"`
}

type creativeWork struct {
	Type string `json:"@type"`
	URL  string `json:"url,omitempty"`
	Text string `json:"text,omitempty"`
}

var verdictWords = map[string]string{
	rumorlist.VerdictFalse: "False", rumorlist.VerdictMisleading: "Misleading",
	rumorlist.VerdictMissingContext: "Missing context", rumorlist.VerdictUnproven: "Unproven", rumorlist.VerdictTrue: "True",
}

var ratingValue = map[string]int{"false": 1, "misleading": 2, "missing-context": 3, "unproven": 3, "true": 5}

func runExportClaimReview(args []string, stdout, stderr io.Writer) error {
	fs := flags("export-claimreview", stderr)
	keysPath := fs.String("keys", "", "public keys to verify a signed list with")
	if err := parse(fs, args); err != nil {
		return err
	}
	src := DefaultList
	if fs.NArg() == 1 {
		src = fs.Arg(0)
	} else if fs.NArg() > 1 {
		return usageError{"give one list"}
	}
	l, _, err := readAnyList(src, *keysPath)
	if err != nil {
		return err
	}
	var out []claimReview
	for _, r := range l.Rumors {
		for _, t := range r.Texts {
			cr := claimReview{Context: "https://schema.org", Type: "ClaimReview", Identifier: r.ID, ClaimReviewed: t.Claim,
				InLanguage: t.Lang, ReviewBody: t.Summary,
				ReviewRating: &rating{Type: "Rating", AlternateName: verdictWords[r.Verdict], RatingValue: ratingValue[r.Verdict], BestRating: 5, WorstRating: 1}}
			if src := sourceFor(r, t.Lang); src != nil {
				cr.URL, cr.DatePublished = src.URL, src.Date
				cr.Author = &organization{Type: "Organization", Name: src.Publisher}
			}
			item := &claim{Type: "Claim"}
			for _, p := range r.Phrases {
				if p.Lang == t.Lang {
					for _, text := range p.Texts {
						item.Appearance = append(item.Appearance, creativeWork{Type: "CreativeWork", Text: text})
					}
				}
			}
			cr.ItemReviewed = item
			out = append(out, cr)
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func sourceFor(r rumorlist.Rumor, lang string) *rumorlist.Source {
	for i := range r.Sources {
		if r.Sources[i].Lang == lang {
			return &r.Sources[i]
		}
	}
	if len(r.Sources) > 0 {
		return &r.Sources[0]
	}
	return nil
}

// verdictFor maps a fact-checker's rating words to a Rumorguard verdict, or "".
func verdictFor(alt string) string {
	a := strings.ToLower(alt)
	for _, m := range []struct{ verdict, words string }{
		{rumorlist.VerdictMissingContext, "missing context|lacks context|needs context|context ontbreekt"},
		{rumorlist.VerdictMisleading, "misleading|mostly false|half true|partly false|misleidend|deels onwaar|irreführend|trompeur|engañoso"},
		{rumorlist.VerdictUnproven, "unproven|unsupported|unverified|no evidence|onbewezen|unbelegt"},
		{rumorlist.VerdictFalse, "false|fake|pants on fire|incorrect|hoax|onwaar|niet waar|nep|falsch|faux|falso|bulo"},
		{rumorlist.VerdictTrue, "true|correct|waar|wahr|vrai|verdadero"},
	} {
		if regexp.MustCompile(`\b(` + m.words + `)\b`).MatchString(a) {
			return m.verdict
		}
	}
	return ""
}

// rumorFile is the YAML of a rumor written by import-claimreview, in the
// order maintainers read it.
type rumorFile struct {
	ID           string              `yaml:"id"`
	Verdict      string              `yaml:"verdict"`
	Updated      string              `yaml:"updated"`
	Claim        map[string]string   `yaml:"claim"`
	Summary      map[string]string   `yaml:"summary"`
	Sources      []sourceFile        `yaml:"sources"`
	Phrases      map[string][]string `yaml:"phrases"`
	MustMatch    []exampleFile       `yaml:"must_match"`
	MustNotMatch []exampleFile       `yaml:"must_not_match"`
}

type sourceFile struct {
	URL       string `yaml:"url"`
	Publisher string `yaml:"publisher"`
	Date      string `yaml:"date"`
	Lang      string `yaml:"lang,omitempty"`
}

type exampleFile struct {
	Lang string `yaml:"lang"`
	Text string `yaml:"text"`
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	s = strings.Trim(slugRe.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

func runImportClaimReview(args []string, stdout, stderr io.Writer) error {
	fs := flags("import-claimreview", stderr)
	dir := fs.String("list", DefaultList, "list directory to add rumor files to")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"give one ClaimReview JSON-LD file (- for standard input)"}
	}
	var data []byte
	var err error
	if fs.Arg(0) == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(fs.Arg(0))
	}
	if err != nil {
		return err
	}
	reviews, err := parseClaimReviews(data)
	if err != nil {
		return failure{fmt.Errorf("%s: %w", fs.Arg(0), err)}
	}
	// Reviews of one claim in several languages become one rumor file.
	files := map[string]*rumorFile{}
	var order []string
	for _, cr := range reviews {
		lang := cr.InLanguage
		if len(lang) > 2 {
			lang = lang[:2]
		}
		if lang == "" {
			lang = "en"
		}
		id := cr.Identifier
		if id == "" {
			id = slug(cr.ClaimReviewed)
		}
		f, ok := files[id]
		if !ok {
			f = &rumorFile{ID: id, Updated: cr.DatePublished, Claim: map[string]string{}, Summary: map[string]string{}, Phrases: map[string][]string{}}
			if cr.ReviewRating != nil {
				f.Verdict = verdictFor(cr.ReviewRating.AlternateName)
			}
			files[id] = f
			order = append(order, id)
		}
		f.Claim[lang] = cr.ClaimReviewed
		if cr.ReviewBody != "" {
			f.Summary[lang] = cr.ReviewBody
		}
		src := sourceFile{URL: cr.URL, Date: cr.DatePublished, Lang: lang}
		if cr.Author != nil {
			src.Publisher = cr.Author.Name
		}
		if !slices.Contains(f.Sources, src) {
			f.Sources = append(f.Sources, src)
		}
		if cr.ItemReviewed != nil {
			for _, a := range cr.ItemReviewed.Appearance {
				if a.Text != "" {
					f.Phrases[lang] = append(f.Phrases[lang], a.Text)
					f.MustMatch = append(f.MustMatch, exampleFile{Lang: lang, Text: a.Text})
				}
			}
		}
	}
	for _, id := range order {
		path := filepath.Join(*dir, "rumors", id+".yaml")
		if _, err := os.Stat(path); err == nil {
			fmt.Fprintf(stdout, "skipped %s: it exists\n", path)
			continue
		}
		b, err := yaml.Marshal(files[id])
		if err != nil {
			return err
		}
		header := "# Imported from ClaimReview. Edit before publishing: `rumorctl validate` lists what is\n# still missing (the phrases as they circulated, must_not_match examples, your own summary).\n"
		if err := writeAtomic(path, append([]byte(header), b...), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", path)
	}
	return nil
}

// parseClaimReviews accepts one ClaimReview, an array, or an @graph.
func parseClaimReviews(data []byte) ([]claimReview, error) {
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	var items []any
	switch v := raw.(type) {
	case []any:
		items = v
	case map[string]any:
		if g, ok := v["@graph"].([]any); ok {
			items = g
		} else {
			items = []any{v}
		}
	}
	var out []claimReview
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok || m["@type"] != "ClaimReview" {
			continue
		}
		b, _ := json.Marshal(m)
		var cr claimReview
		if err := json.Unmarshal(b, &cr); err != nil {
			// author or itemReviewed in another shape: keep what decodes.
			var loose struct {
				URL, ClaimReviewed, DatePublished, InLanguage string
			}
			json.Unmarshal(b, &loose)
			cr = claimReview{URL: loose.URL, ClaimReviewed: loose.ClaimReviewed, DatePublished: loose.DatePublished, InLanguage: loose.InLanguage}
		}
		if cr.ClaimReviewed == "" {
			return nil, fmt.Errorf("a ClaimReview without claimReviewed")
		}
		out = append(out, cr)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no ClaimReview objects found")
	}
	return out, nil
}
