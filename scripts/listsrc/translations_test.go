package listsrc

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const collected = "Your private messages will be handed over to the new company AI"

func TestTranslations(t *testing.T) {
	dir := writeList(t, "phrases:\n  en:\n    - {text: \""+collected+"\", from: 'https://example.org/p'}\n", nil)
	nl := "Je privéberichten worden overgedragen aan de nieuwe AI van het bedrijf"
	if err := WriteTranslations(dir, "test engine", []Translation{{Rumor: "r", Of: PhraseKey("en", collected), Via: "en>nl", Text: nl}}); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := Origin{Lang: "nl", Text: nl, From: "https://example.org/p", Via: "en>nl"}
	if !slices.ContainsFunc(s.Origins["r"], func(o Origin) bool { return reflect.DeepEqual(o, want) }) {
		t.Errorf("origins %+v lack the translation %+v", s.Origins["r"], want)
	}
	var shipped []string
	for _, ps := range s.Build(nil).Rumors[0].Phrases {
		if ps.Lang == "nl" {
			shipped = ps.Texts
		}
	}
	if !slices.Equal(shipped, []string{nl}) {
		t.Errorf("the built list's Dutch phrases are %q, want the translation", shipped)
	}
	c, err := LoadCollected(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Origins["r"]) != 1 || c.Origins["r"][0].Via != "" {
		t.Errorf("LoadCollected origins %+v, want the collected phrase alone", c.Origins["r"])
	}
}

// A translation left out as a near-copy of another publisher's phrase is
// not shipped, and is in a list built without that publisher's pages: the
// list translate would have made had that phrase never been collected.
func TestNearCopyTranslations(t *testing.T) {
	const dutch = "Je privéberichten gaan naar de nieuwe AI van het bedrijf, zegt het bericht"
	dir := writeList(t, "phrases:\n  en:\n    - {text: \""+collected+"\", from: 'https://example.org/p'}\n"+
		"  nl:\n    - {text: \""+dutch+"\", from: 'https://example.nl/q'}\n", nil)
	nl := "Je privéberichten worden overgedragen aan de nieuwe AI van het bedrijf"
	err := WriteTranslations(dir, "test engine", []Translation{{Rumor: "r", Of: PhraseKey("en", collected), Via: "en>nl", Text: nl, NearCopyOf: []string{PhraseKey("nl", dutch)}}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	dutchTexts := func(drop func(string, Origin) bool) []string {
		for _, ps := range s.Build(drop).Rumors[0].Phrases {
			if ps.Lang == "nl" {
				return ps.Texts
			}
		}
		return nil
	}
	page := func(p string) func(string, Origin) bool { return func(_ string, o Origin) bool { return o.From == p } }
	for _, tc := range []struct {
		name string
		drop func(string, Origin) bool
		want []string
	}{
		{"shipped", nil, []string{dutch}},
		{"nothing left out", page("https://example.org/none"), []string{dutch}},
		{"the phrase it copies left out", page("https://example.nl/q"), []string{nl}},
		{"the phrase it translates left out", page("https://example.org/p"), []string{dutch}},
	} {
		if got := dutchTexts(tc.drop); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Dutch phrases %q, want %q", tc.name, got, tc.want)
		}
	}
	raw, _ := os.ReadFile(filepath.Join(dir, TranslationsFile))
	if !strings.Contains(string(raw), "near: ["+PhraseKey("nl", dutch)+"]") {
		t.Errorf("the file does not name the phrase it nearly copies:\n%s", raw)
	}
}

// A translations file that no longer fits the phrases says where and what
// to run; an edited phrase makes its translations stale.
func TestTranslationProblems(t *testing.T) {
	key := PhraseKey("en", collected)
	entry := func(rumor, of, via, text string) string {
		return "engine: e\ntranslations:\n  " + rumor + ":\n    - of: " + of + "\n      via: " + via + "\n      text: " + text + "\n"
	}
	const long = "Je privéberichten worden overgedragen aan de nieuwe AI van het bedrijf"
	for _, tc := range []struct {
		name, file, want string
	}{
		{"stale", entry("r", "0123456789ab", "en>nl", long), `translations.yaml:4:7: translations.r[0]: stale: the phrase it translates was changed or removed; run ` + "`go run ./scripts/rumorctl translate`"},
		{"other language", entry("r", key, "nl>en", long), `translations.yaml:4:7: translations.r[0]: stale`},
		{"unknown rumor", entry("gone", key, "en>nl", long), `translations.yaml:3:3: translations.gone: no rumor with this id`},
		{"route", entry("r", key, "en", long), `translations.yaml:5:12: translations.r[0].via: "en" is not a route`},
		{"route language", entry("r", key, "en>fr", long), `translations.yaml:5:12: translations.r[0].via: language "fr" is not one of the list's`},
		{"route step", entry("r", key, "en>CAT>nl", long), `translations.yaml:5:12: translations.r[0].via: "CAT" in "en>CAT>nl" is not a language code`},
		{"short", entry("r", key, "en>nl", "Je berichten"), `translations.yaml:6:13: translations.r[0].text: unfit as a phrase: too short`},
		{"near stale", entry("r", key, "en>nl", long) + "      near: [0123456789ab]\n", `translations.yaml:7:14: translations.r[0].near: stale`},
		{"near empty", entry("r", key, "en>nl", long) + "      near: []\n", `translations.yaml:7:13: translations.r[0].near: expected a list of phrase hashes`},
		{"field", "engine: e\ntranslations:\n  r:\n    - {of: " + key + ", via: en>nl, txt: x}\n", `translations.yaml:4:38: translations.r[0].txt: unknown field "txt": did you mean "text"?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeList(t, "phrases:\n  en:\n    - {text: \""+collected+"\", from: 'https://example.org/p'}\n", map[string]string{TranslationsFile: tc.file})
			_, err := LoadSources(dir)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want problems", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("problems:\n%v\nwant one containing %q", err, tc.want)
			}
			if _, err := LoadCollected(dir); err != nil {
				t.Errorf("LoadCollected, which translate starts from, failed too: %v", err)
			}
		})
	}
}
