package listsrc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const header = "name: t\npublisher: T\nlanguages: [en, nl]\nversion: 1\n"

const rumorHead = `id: r
verdict: false
updated: 2025-12-05
claim: {en: A claim.}
summary: {en: What is true.}
sources: [{url: "https://example.org/a", publisher: P, date: 2025-12-05, checked: 2026-12-01}]
must_match: [{lang: en, text: x}]
must_not_match: [{lang: en, text: y}]
`

// writeList makes a list directory with one rumor file (rumorHead + body)
// and the given extra files.
func writeList(t testing.TB, body string, extra map[string]string) string {
	dir := t.TempDir()
	fillList(dir, body, extra)
	return dir
}

func fillList(dir, body string, extra map[string]string) {
	os.MkdirAll(filepath.Join(dir, "rumors"), 0o755)
	os.MkdirAll(filepath.Join(dir, "negatives"), 0o755)
	os.WriteFile(filepath.Join(dir, "list.yaml"), []byte(header), 0o644)
	os.WriteFile(filepath.Join(dir, "rumors", "r.yaml"), []byte(rumorHead+body), 0o644)
	for name, text := range extra {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
}

func TestLoadSources(t *testing.T) {
	dir := writeList(t, `phrases:
  en:
    - "Please leave a voicemail about the secret account deletion rule today"
    - text: "Your private messages will be handed over to the new company AI"
      from: https://www.example.org/post/
wild:
  - lang: en
    url: https://example.org/post
    kind: full
    text: "Your private messages will be fed into the new company AI"
`, map[string]string{
		"equivalents.yaml": "en:\n  - [voicemail, voice message]\n  - [handed over to, fed into]\n",
		"negatives/a.yaml": "- {lang: en, url: 'https://example.org/n', text: 'Meta announced new privacy settings.'}\n",
		"names.yaml":       "# kept as written\n- Meta\n- WhatsApp Gold\n",
	})
	s, err := LoadSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Origins["r"]; len(got) != 2 || got[0].From != "" || got[1].From != "https://www.example.org/post/" {
		t.Fatalf("origins = %+v", got)
	}
	if len(s.Wild) != 1 || s.Wild[0].Rumor != "r" || s.Wild[0].Kind != "full" || s.Wild[0].Line == 0 {
		t.Fatalf("wild = %+v", s.Wild)
	}
	if len(s.Negatives) != 1 || s.Negatives[0].Lang != "en" {
		t.Fatalf("negatives = %+v", s.Negatives)
	}
	if !slices.Equal(s.KeepNames, []string{"Meta", "WhatsApp Gold"}) {
		t.Fatalf("kept names = %q", s.KeepNames)
	}
	l := s.Build(nil)
	texts := strings.Join(l.Rumors[0].Phrases[0].Texts, "\n")
	for _, want := range []string{
		"Please leave a voice message about the secret account deletion rule today",
		"Your private messages will be fed into the new company AI",
	} {
		if !strings.Contains(texts, want) {
			t.Errorf("built phrases lack %q:\n%s", want, texts)
		}
	}
	// Leave one source out: the phrase from the wild text's page goes, with its forms.
	l = s.Build(func(_ string, o Origin) bool { return SamePage(o.From, s.Wild[0].URL) })
	if got := l.Rumors[0].Phrases[0].Texts; len(got) != 2 || strings.Contains(strings.Join(got, " "), "private") {
		t.Fatalf("without the page: %q", got)
	}
}

func TestProblems(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		extra      map[string]string
		want       string // file:line:column: field: message start
	}{
		{"wild kind", "phrases: {en: [\"one two three four five six seven\"]}\nwild:\n  - {lang: en, url: 'https://a.org/x', kind: quote, text: 'a b c d e'}\n",
			nil, `r.yaml:11:46: wild[0].kind: "quote" is not a kind: use full`},
		{"wild url", "phrases: {en: [\"one two three four five six seven\"]}\nwild:\n  - {lang: en, url: 'a.org/x', kind: full, text: 'a b c d e'}\n",
			nil, `r.yaml:11:21: wild[0].url: "a.org/x" is not a web address`},
		{"wild lang", "phrases: {en: [\"one two three four five six seven\"]}\nwild:\n  - {lang: fr, url: 'https://a.org/x', kind: full, text: 'a b c d e'}\n",
			nil, `r.yaml:11:12: wild[0].lang: language "fr" is not among the list's languages`},
		{"phrase from", "phrases:\n  en:\n    - {text: \"one two three four five six seven\", from: nowhere}\n",
			nil, `r.yaml:11:57: phrases.en[0].from: "nowhere" is not a web address`},
		{"phrase no text", "phrases:\n  en:\n    - {from: 'https://a.org/x'}\n",
			nil, `r.yaml:11:7: phrases.en[0].text: missing`},
		{"equivalent negation", "phrases: {en: [\"one two three four five six seven\"]}\n",
			map[string]string{"equivalents.yaml": "en:\n  - [never, hardly]\n"}, `equivalents.yaml:2:6: en[0][0]: holds a negation`},
		{"equivalent twice", "phrases: {en: [\"one two three four five six seven\"]}\n",
			map[string]string{"equivalents.yaml": "en:\n  - [voicemail, voice message]\n  - [voice-message, memo]\n"}, `equivalents.yaml:3:6: en[1][0]: "voice-message" is already in group en[0]`},
		{"equivalent alone", "phrases: {en: [\"one two three four five six seven\"]}\n",
			map[string]string{"equivalents.yaml": "en:\n  - [voicemail]\n"}, `equivalents.yaml:2:5: en[0]: expected a group of at least two`},
		{"name in lower case", "phrases: {en: [\"one two three four five six seven\"]}\n",
			map[string]string{"names.yaml": "- Meta\n- messenger\n"}, `names.yaml:2:3: [1]: "messenger" does not start with a capital`},
		{"name twice", "phrases: {en: [\"one two three four five six seven\"]}\n",
			map[string]string{"names.yaml": "- Meta\n- Messenger\n- META\n"}, `names.yaml:3:3: [2]: "META" is also entry [0]: keep one`},
		{"name too long", "phrases: {en: [\"one two three four five six seven\"]}\n",
			map[string]string{"names.yaml": "- Channel 13 News in New York\n"}, `names.yaml:1:3: [0]: too long (6 words, at most 4)`},
		{"names not a list", "phrases: {en: [\"one two three four five six seven\"]}\n",
			map[string]string{"names.yaml": "keep: Meta\n"}, `names.yaml:1:1: (file): expected a list of names`},
		{"negative field", "phrases: {en: [\"one two three four five six seven\"]}\n",
			map[string]string{"negatives/x.yaml": "- {lang: en, url: 'https://a.org', txt: hello}\n"}, `x.yaml:1:36: [0].txt: unknown field "txt": did you mean "text"?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadSources(writeList(t, tc.body, tc.extra))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want problems", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("problems:\n%v\nwant one containing %q", err, tc.want)
			}
		})
	}
}

func TestSamePage(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"https://www.ksl.com/article/44973273", "http://ksl.com/article/44973273/", true},
		{"https://example.org/a#x", "https://example.org/a", true},
		{"https://example.org/a", "https://example.org/b", false},
	} {
		if got := SamePage(tc.a, tc.b); got != tc.same {
			t.Errorf("SamePage(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

func ExampleEquivalents_Expand() {
	e := Equivalents{"en": {{{Text: "voicemail", Words: []string{"voicemail"}}, {Text: "voice message", Words: []string{"voice", "message"}}}}}
	for _, s := range e.Expand("en", "Do not open the Voicemail from this number") {
		fmt.Println(s)
	}
	// Output:
	// Do not open the Voicemail from this number
	// Do not open the voice message from this number
}

// FuzzLoadRumor feeds arbitrary rumor files and equivalents to the loader:
// it must report problems, never panic.
func FuzzLoadRumor(f *testing.F) {
	f.Add("phrases:\n  en:\n    - {text: \"one two three four five six\", from: 'https://a.org'}\nwild: [{lang: en, url: 'https://a.org', kind: full, text: 'a b c d'}]\n", "en: [[a b, c]]\n")
	f.Add("phrases: {en: [x]}\nwild: 3\n", "en: [[voicemail, voice message], [x]]\n")
	// One directory per fuzzing process, rewritten for each input: a fresh
	// temporary directory per input would cost most of the time.
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body, equiv string) {
		fillList(dir, body, map[string]string{"equivalents.yaml": equiv, "negatives/n.yaml": body, "names.yaml": equiv})
		s, err := LoadSources(dir)
		var ps Problems
		if err != nil && !errors.As(err, &ps) {
			t.Fatalf("not a problem list: %v", err)
		}
		if err == nil {
			s.Build(nil)
		}
	})
}
