package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/match"
)

// The leave-one-source-out evaluation must never let a wild text meet a
// phrase from its own publisher: a rumor whose only phrases came from the
// text's page or from the same publisher's other page or country domain is a
// miss, and one with a phrase from another publisher is found.
func TestLeaveOneSourceOut(t *testing.T) {
	dir := testListDir(t, "en")
	msg, other := videoChain, hackerChain
	writeRumor(t, dir, "only-own-page",
		"    - {text: \""+msg+"\", from: 'https://www.x.org/page/'}\n    - {text: \""+msg+"\", from: 'https://news.x.de/other'}\n",
		"  - {lang: en, url: 'https://x.org/page', kind: full, text: \""+msg+"\"}\n")
	writeRumor(t, dir, "two-pages",
		"    - {text: \""+other+"\", from: 'https://y.org/a'}\n    - {text: \""+other+"\", from: 'https://z.org/b'}\n",
		"  - {lang: en, url: 'https://y.org/a', kind: full, text: \""+other+"\"}\n")
	res := leaveOneSourceOutOf(t, dir)
	got := map[string]match.Tier{}
	for _, r := range res {
		got[r.w.Rumor] = r.tier
	}
	if got["only-own-page"] != 0 {
		t.Errorf("a text met a phrase from its own publisher: tier %v", got["only-own-page"])
	}
	if got["two-pages"] != match.Matches {
		t.Errorf("a text with a phrase from another publisher was not matched: tier %v", got["two-pages"])
	}
}

func TestSplitIsStable(t *testing.T) {
	test := 0
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"} {
		if heldOut(id) != heldOut(id) {
			t.Fatal("split not deterministic")
		}
		if heldOut(id) {
			test++
		}
	}
	if test == 0 || test == 16 {
		t.Errorf("%d of 16 ids held out: the split does not split", test)
	}
}

// A machine translation counts as found on its phrase's page: it is left out
// with that page's phrases, so a text never meets a translation of its own
// publisher's quote, and the report's collected-only tier does without it.
func TestLeaveOneSourceOutLeavesTranslationsOut(t *testing.T) {
	dir := testListDir(t, "en, es")
	const en = videoChain
	const es = "Un colega informático ha advertido que mañana lanzarán un vídeo en WhatsApp llamado martinelli, no lo abras, hackea tu teléfono y nada lo arreglará."
	rumor := func(id, from, wildURL string) {
		writeRumor(t, dir, id, "    - {text: \""+en+"\", from: '"+from+"'}\n",
			"  - {lang: es, url: '"+wildURL+"', kind: full, text: \""+es+"\"}\n")
	}
	rumor("same-publisher", "https://x.org/a", "https://www.x.org/b")
	rumor("other-publisher", "https://y.org/a", "https://z.org/b")
	var ts []listsrc.Translation
	for _, id := range []string{"same-publisher", "other-publisher"} {
		ts = append(ts, listsrc.Translation{Rumor: id, Of: listsrc.PhraseKey("en", en), Via: "en>es", Text: es})
	}
	if err := listsrc.WriteTranslations(dir, "test", ts); err != nil {
		t.Fatal(err)
	}
	res := leaveOneSourceOutOf(t, dir)
	got := map[string]looResult{}
	for _, r := range res {
		got[r.w.Rumor] = r
	}
	if r := got["same-publisher"]; r.tier != 0 {
		t.Errorf("a text met a machine translation of its own publisher's phrase: tier %v", r.tier)
	}
	if r := got["other-publisher"]; r.tier != match.Matches || r.collected != 0 {
		t.Errorf("another publisher's translated phrase: tier %v (want %v), collected-only tier %v (want none)", r.tier, match.Matches, r.collected)
	}
}

// leaveOneSourceOutOf loads the list directory dir and runs the evaluation.
func leaveOneSourceOutOf(t *testing.T, dir string) []looResult {
	t.Helper()
	_, res := loadAndLeaveOut(t, dir)
	return res
}

// loadAndLeaveOut is leaveOneSourceOutOf that also returns the sources.
func loadAndLeaveOut(t *testing.T, dir string) (*listsrc.Sources, []looResult) {
	t.Helper()
	s, err := listsrc.LoadSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := leaveOneSourceOut(s)
	if err != nil {
		t.Fatal(err)
	}
	return s, res
}

// A second rumor's note is told apart by where it is: on words of the
// text's own rumor's mark (two notes on one passage), or on another
// passage only (a chain that carries another rumor's sentences too).
func TestOtherNotesOnOwnPassage(t *testing.T) {
	dir := testListDir(t, "en")
	rumor := func(id, phrase, wild string) {
		w := ""
		if wild != "" {
			w = "  - {lang: en, url: 'https://w.org/" + id + "', kind: full, text: \"" + wild + "\"}\n"
		}
		writeRumor(t, dir, id, "    - {text: \""+phrase+"\", from: 'https://p.org/"+id+"'}\n", w)
	}
	// "video" is noted with "hacker" on another passage of its chain, and
	// with "video-twin", whose phrase is its own, on the same words.
	rumor("video", videoChain, videoChain+" "+hackerChain)
	rumor("video-twin", videoChain, "")
	rumor("hacker", hackerChain, "")
	res := leaveOneSourceOutOf(t, dir)
	if len(res) != 1 {
		t.Fatalf("%d results, want 1", len(res))
	}
	r := res[0]
	if r.tier != match.Matches || len(r.other) != 2 || r.otherOnOwn != 1 {
		t.Errorf("tier %v, other notes %v, %d on the own mark's words; want matches, hacker and video-twin, 1", r.tier, r.other, r.otherOnOwn)
	}
}

// A text's other notes are told apart by family: versions of the same hoax
// beside its own rumor, a sibling alone, or a rumor of another family.
func TestSecondNotes(t *testing.T) {
	dir := testListDir(t, "en")
	rumor := func(id, family, phrase, wild string) {
		w := ""
		if wild != "" {
			w = "  - {lang: en, url: 'https://w.org/" + id + "', kind: full, text: \"" + wild + "\"}\n"
		}
		writeRumor(t, dir, id, "    - {text: \""+phrase+"\", from: 'https://p.org/"+id+"'}\n", w)
		if family != "" {
			f := filepath.Join(dir, "rumors", id+".yaml")
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, []byte(strings.Replace(string(b), "verdict:", "family: "+family+"\nverdict:", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// "video" is noted beside "video-twin" (its family's other version, on
	// the same words); "lone"'s text is its sibling's chain, without its own
	// phrase, so only the siblings are noted; "mixed" carries the chain of
	// "hacker" as well, a rumor of no family.
	rumor("video", "virus-video", videoChain, videoChain)
	rumor("video-twin", "virus-video", videoChain, "")
	rumor("lone", "virus-video", "Forward this to everyone you know before midnight or your account closes.", videoChain)
	rumor("mixed", "virus-video", "Forward this to all of your contacts before Sunday or lose the chat.", videoChain+" "+hackerChain)
	rumor("hacker", "", hackerChain, "")
	s, res := loadAndLeaveOut(t, dir)
	want := map[string]secondNote{"video": sameFamily, "lone": siblingOnly, "mixed": otherFamily}
	for _, r := range res {
		if got := secondNotes(s, r); got != want[r.w.Rumor] {
			t.Errorf("%s (tier %v, also noted as %v): %d, want %d", r.w.Rumor, r.tier, r.other, got, want[r.w.Rumor])
		}
	}
	if len(res) != len(want) {
		t.Errorf("%d results, want %d", len(res), len(want))
	}
}

// Two chain messages the tests' lists are made of.
const (
	videoChain  = "An IT colleague has advised that a video will be launched tomorrow on WhatsApp called martinelli do not open it, it hacks your phone and nothing will fix it."
	hackerChain = "Please tell all the contacts in your Messenger list not to accept Jayden K. Smith friendship request. He is a hacker and has the system connected to your Facebook account."
)

// testListDir makes a list source directory for the languages given (as
// YAML list items, "en, es") with no rumors yet.
func testListDir(t *testing.T, langs string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "rumors"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "list.yaml"), []byte("name: t\npublisher: T\nlanguages: ["+langs+"]\nversion: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeRumor writes rumor id with its English phrases and wild texts given
// as YAML list items (wild may be empty).
func writeRumor(t *testing.T, dir, id, phrases, wild string) {
	t.Helper()
	y := "id: " + id + "\nverdict: false\nupdated: 2025-01-01\nclaim: {en: c}\nsummary: {en: s}\n" +
		"sources: [{url: 'https://a.org/s', publisher: P, date: 2025-01-01}]\n" +
		"must_match: [{lang: en, text: x}]\nmust_not_match: [{lang: en, text: y}]\n" +
		"phrases:\n  en:\n" + phrases
	if wild != "" {
		y += "wild:\n" + wild
	}
	if err := os.WriteFile(filepath.Join(dir, "rumors", id+".yaml"), []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Leaving a publisher out leaves out what it brought, not what others quoted
// too: another publisher's quote of the same wording, which promote leaves
// out only as a near-copy of the left-out publisher's phrase, is in the list
// the evaluation builds without it (nearOnlyOf). A quote by the same
// publisher on another page is not.
func TestLeaveOneSourceOutKeepsOtherPublishersQuotes(t *testing.T) {
	dir := testListDir(t, "en")
	msg := videoChain
	writeRumor(t, dir, "quoted-by-two",
		"    - {text: \""+msg+"\", from: 'https://x.org/a'}\n",
		"  - {lang: en, url: 'https://x.org/a', kind: full, text: \""+msg+"\"}\n  - {lang: en, url: 'https://y.org/b', kind: full, text: \""+msg+"\"}\n")
	writeRumor(t, dir, "quoted-twice-by-one",
		"    - {text: \""+hackerChain+"\", from: 'https://v.org/a'}\n",
		"  - {lang: en, url: 'https://v.org/a', kind: full, text: \""+hackerChain+"\"}\n  - {lang: en, url: 'https://www.v.org/c', kind: full, text: \""+hackerChain+"\"}\n")
	got := map[string]match.Tier{}
	for _, r := range leaveOneSourceOutOf(t, dir) {
		got[r.w.Rumor+" "+r.w.URL] = r.tier
	}
	for k, want := range map[string]match.Tier{
		"quoted-by-two https://x.org/a":           match.Matches, // y.org's quote
		"quoted-by-two https://y.org/b":           match.Matches, // x.org's phrase
		"quoted-twice-by-one https://v.org/a":     0,
		"quoted-twice-by-one https://www.v.org/c": 0,
	} {
		if got[k] != want {
			t.Errorf("%s: tier %v, want %v", k, got[k], want)
		}
	}
}
