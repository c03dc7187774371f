package listsrc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// TranslationsFile is the machine translations' file in a list directory.
// `rumorctl translate` writes it from the collected phrases; nobody edits it.
const TranslationsFile = "translations.yaml"

// translateCommand is what a stale translations file tells the maintainer to run.
const translateCommand = "go run ./scripts/rumorctl translate"

// Translation is one machine translation of a collected phrase. It is
// matched like a phrase and counts as coming from the phrase's page, so the
// leave-one-source-out evaluation leaves it out with that page.
type Translation struct {
	Rumor string
	// Of is the PhraseKey of the phrase translated.
	Of string
	// Via is the route through languages, "en>es>pt": the first is the
	// phrase's language, the last the translation's.
	Via  string
	Text string
	// NearCopyOf, when set, holds the PhraseKeys of the phrases (collected,
	// or the phrase a translation kept before it translates) that this
	// translation nearly copies: it is not in the list, only in the
	// evaluation's lists without those phrases' pages (Origin.NearCopyOf).
	NearCopyOf []string
}

// Lang is the translation's language.
func (t Translation) Lang() string {
	return t.Via[strings.LastIndexByte(t.Via, '>')+1:]
}

// PhraseKey names a collected phrase in the translations file: a short hash
// of its language and text. An edited or removed phrase leaves its
// translations pointing at nothing, which validate reports as stale.
func PhraseKey(lang, text string) string {
	h := sha256.Sum256([]byte(lang + "\n" + text))
	return hex.EncodeToString(h[:6])
}

// PhraseProblem says what makes text unfit as a phrase ("" if nothing):
// the same rules as a collected phrase, for machine translations.
func PhraseProblem(text string) string { return phraseProblem(text) }

// origin is t as a phrase: of is the collected phrase it translates, whose
// page it counts as found on.
func (t Translation) origin(of Origin, byKey map[string]Origin) Origin {
	o := Origin{Lang: t.Lang(), Text: t.Text, From: of.From, Via: t.Via}
	for _, k := range t.NearCopyOf {
		o.NearCopyOf = append(o.NearCopyOf, byKey[k].From)
	}
	return o
}

// WithTranslations returns the sources with ts as their machine
// translations, in place of any they held.
func (s *Sources) WithTranslations(ts []Translation) *Sources {
	out := *s
	out.Origins = map[string][]Origin{}
	byKey := map[string]Origin{}
	for id, os := range s.Origins {
		for _, o := range os {
			if o.Via == "" {
				out.Origins[id] = append(out.Origins[id], o)
				byKey[PhraseKey(o.Lang, o.Text)] = o
			}
		}
	}
	for _, t := range ts {
		out.Origins[t.Rumor] = append(out.Origins[t.Rumor], t.origin(byKey[t.Of], byKey))
	}
	return &out
}

// LoadCollected reads the list directory like LoadSources but without the
// machine translations: what `rumorctl translate` makes them from.
func LoadCollected(dir string) (*Sources, error) {
	return load(dir, false)
}

type translationsDoc struct {
	Engine       string                        `yaml:"engine"`
	Translations map[string][]translationEntry `yaml:"translations"`
}

type translationEntry struct {
	Of   string   `yaml:"of"`
	Via  string   `yaml:"via"`
	Text string   `yaml:"text"`
	Near []string `yaml:"near,omitempty,flow"`
}

// EncodeTranslations returns the translations file's bytes: engine names
// the translator and its versions; ts are kept in their order within each
// rumor, and the rumors are sorted, so the same translations always give the
// same bytes.
func EncodeTranslations(engine string, ts []Translation) ([]byte, error) {
	doc := translationsDoc{Engine: engine, Translations: map[string][]translationEntry{}}
	for _, t := range ts {
		doc.Translations[t.Rumor] = append(doc.Translations[t.Rumor], translationEntry{Of: t.Of, Via: t.Via, Text: t.Text, Near: t.NearCopyOf})
	}
	var b bytes.Buffer
	b.WriteString("# Machine translations of the collected phrases, written by `" + translateCommand + "`.\n" +
		"# Do not edit: change the phrases in rumors/*.yaml and run it again. Each translation is matched\n" +
		"# like a phrase and counts as found on its phrase's page (\"of\": a hash of the phrase's language\n" +
		"# and text; \"via\": the languages it went through). One with \"near\" nearly copies the phrases\n" +
		"# named there (their hashes) and is not in the list: only the evaluation's lists without their pages\n" +
		"# hold it.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode translations: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode translations: %w", err)
	}
	return b.Bytes(), nil
}

// WriteTranslations writes the translations file of the list directory dir
// (see EncodeTranslations), replacing the old one whole.
func WriteTranslations(dir, engine string, ts []Translation) error {
	b, err := EncodeTranslations(engine, ts)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, TranslationsFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write translations: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write translations: %w", err)
	}
	return nil
}

// loadTranslations adds the machine translations in path to the rumors'
// origins. A translation whose phrase is gone or changed is a problem: the
// file is stale and is written again by translateCommand.
func loadTranslations(path string, h *Header, origins map[string][]Origin, ps *Problems) {
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return
	}
	n, err := parseFile(path)
	if err != nil {
		if p, ok := err.(*Problem); ok {
			*ps = append(*ps, *p)
		} else {
			ps.add(path, nil, "(file)", "cannot read: "+err.Error())
		}
		return
	}
	f := fields(path, n, "", []string{"engine", "translations"}, ps)
	scalar(path, f, "engine", "", true, ps, n)
	kv, ok := f["translations"]
	if !ok {
		ps.add(path, n, "translations", "missing: run `"+translateCommand+"` to write the file again")
		return
	}
	if kv[1].Kind != yaml.MappingNode {
		ps.add(path, kv[1], "translations", "expected translations per rumor id: run `"+translateCommand+"` to write the file again")
		return
	}
	stale := "stale: the phrase it translates was changed or removed; run `" + translateCommand + "`"
	for i := 0; i+1 < len(kv[1].Content); i += 2 {
		k, v := kv[1].Content[i], kv[1].Content[i+1]
		id := k.Value
		os, known := origins[id]
		if !known {
			ps.add(path, k, "translations."+id, "no rumor with this id: "+stale)
			continue
		}
		if v.Kind != yaml.SequenceNode {
			ps.add(path, v, "translations."+id, "expected a list of translations: run `"+translateCommand+"`")
			continue
		}
		byKey := map[string]Origin{}
		for _, o := range os {
			if o.Via == "" {
				byKey[PhraseKey(o.Lang, o.Text)] = o
			}
		}
		for j, e := range v.Content {
			where := fmt.Sprintf("translations.%s[%d]", id, j)
			ef := fields(path, e, where, []string{"of", "via", "text", "near"}, ps)
			of, _ := scalar(path, ef, "of", where, true, ps, e)
			via, vn := scalar(path, ef, "via", where, true, ps, e)
			text, tn := scalar(path, ef, "text", where, true, ps, e)
			if of == "" || via == "" || text == "" {
				continue
			}
			langs := strings.Split(via, ">")
			if len(langs) < 2 {
				ps.add(path, vn, where+".via", fmt.Sprintf("%q is not a route: expected languages joined by >, e.g. en>es>pt", via))
				continue
			}
			// The ends are the list's languages; a step between them is any
			// language Apertium pivots through (Spanish, Catalan).
			bad := false
			for i, l := range langs {
				end := i == 0 || i == len(langs)-1
				if end && !contains(h.Languages, l) {
					ps.add(path, vn, where+".via", fmt.Sprintf("language %q is not one of the list's (%s)", l, strings.Join(h.Languages, ", ")))
					bad = true
				} else if !end && !isLangCode(l) {
					ps.add(path, vn, where+".via", fmt.Sprintf("%q in %q is not a language code: expected two lower-case letters, e.g. en>ca>pt", l, via))
					bad = true
				}
			}
			if bad {
				continue
			}
			src, ok := byKey[of]
			if !ok || src.Lang != langs[0] {
				ps.add(path, e, where, stale)
				continue
			}
			if msg := phraseProblem(text); msg != "" {
				ps.add(path, tn, where+".text", "unfit as a phrase: "+msg+"; run `"+translateCommand+"`, which leaves such translations out")
				continue
			}
			t := Translation{Rumor: id, Of: of, Via: via, Text: text}
			if kv, ok := ef["near"]; ok {
				if kv[1].Kind != yaml.SequenceNode || len(kv[1].Content) == 0 {
					ps.add(path, kv[1], where+".near", "expected a list of phrase hashes: run `"+translateCommand+"`")
					continue
				}
				for _, k := range kv[1].Content {
					if _, ok := byKey[k.Value]; !ok {
						ps.add(path, k, where+".near", stale)
						bad = true
					}
					t.NearCopyOf = append(t.NearCopyOf, k.Value)
				}
				if bad {
					continue
				}
			}
			os = append(os, t.origin(src, byKey))
		}
		origins[id] = os
	}
}

// isLangCode says whether l is an ISO 639-1 code's shape: two lower-case
// letters.
func isLangCode(l string) bool {
	return len(l) == 2 && 'a' <= l[0] && l[0] <= 'z' && 'a' <= l[1] && l[1] <= 'z'
}
