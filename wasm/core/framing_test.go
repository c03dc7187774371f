package core_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/listsrc"

	"github.com/rumorguard/rumorguard/wasm/core"
	"github.com/rumorguard/rumorguard/wasm/framing"
)

// TestFraming: the core decides with the list in use: its fact-checking
// publishers and its rumors' own sources make a page a fact-check; without
// them the page's own signals decide, and a stray word does not.
func TestFraming(t *testing.T) {
	f := newFixture(t)
	c, err := core.New(f.keyring)
	if err != nil {
		t.Fatal(err)
	}
	spread := framing.SectionOf("", "Please share this with everyone! Warning to all my friends: ", " This is not a hoax. Copy and paste this to your wall!", true, false)
	quoted := framing.SectionOf("The message reads as follows.", "", "", true, true)
	// Before a list is loaded only the page decides.
	if got := c.Framing(framing.Page{URL: "https://fullfact.org/online/x/"}, nil, nil); got.FactCheck {
		t.Errorf("no list loaded, yet a fact-checker's domain decided the page: %v", got.Reasons)
	}
	if _, err := c.Load(f.signed(t, 3), 0); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		p     framing.Page
		s     []framing.Section
		page  bool
		quiet []bool
	}{
		{"listed fact-checker", framing.Page{URL: "https://fullfact.org/online/whatsapp-martinelli-video-hoax/"}, []framing.Section{quoted}, true, []bool{true}},
		{"fact-checker subdomain", framing.Page{URL: "https://www.maldita.es/malditobulo/x"}, nil, true, []bool{}},
		// Firstpost is not in the list's fact-checkers but is a source of the
		// Martinelli rumor (https there).
		{"a rumor's own source, other scheme", framing.Page{URL: "http://www.firstpost.com/tech/news-analysis/the-infamous-whatsapp-gold-hoax-is-making-a-comeback-dont-fall-for-it-5851561.html"}, []framing.Section{spread}, true, []bool{true}},
		{"look-alike domain", framing.Page{URL: "https://fullfact.org.example.net/x"}, []framing.Section{quoted}, false, []bool{false}},
		{"spreading post with a stray word", framing.Page{URL: "https://forum.example/t/1", Headline: "Warning!!", Body: "Some say hoax. Not a hoax, share it."}, []framing.Section{spread, quoted}, false, []bool{false, false}},
		{"fact-check headline", framing.Page{URL: "https://news.example/a", Kicker: "Faktencheck", Headline: "Kettenbrief auf WhatsApp"}, []framing.Section{quoted, spread}, true, []bool{true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Framing(tt.p, tt.s, nil)
			if got.FactCheck != tt.page {
				t.Errorf("page FactCheck = %v (score %d, %v), want %v", got.FactCheck, got.Score, got.Reasons, tt.page)
			}
			if fmt.Sprint(got.Quiet) != fmt.Sprint(tt.quiet) {
				t.Errorf("Quiet = %v, want %v", got.Quiet, tt.quiet)
			}
		})
	}
}

// TestFramingCaps: a page cannot hand the core megabytes.
func TestFramingCaps(t *testing.T) {
	c, err := core.New(newFixture(t).keyring)
	if err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 5<<20)
	for i := range big {
		big[i] = 'a' + byte(i%26)
		if i%7 == 6 {
			big[i] = ' '
		}
	}
	got := c.Framing(framing.Page{Headline: string(big), Body: string(big) + " hoax hoax hoax"}, []framing.Section{{Before: string(big), After: string(big)}}, nil)
	if got.FactCheck || len(got.Quiet) != 1 || got.Quiet[0] {
		t.Errorf("got %+v", got)
	}
}

// TestFramingFollow: a message quoted in one paragraph is introduced once;
// its later sentences follow the first, a match of another rumor, in the
// next paragraph (on a feed, the next post) or far away does not, unless the
// page is a fact-check. Earlier marks of the page, framed in earlier calls,
// follow too and are reported back.
func TestFramingFollow(t *testing.T) {
	c := &core.Core{}
	intro := framing.SectionOf("", "This hoax reads: ", "", true, false)
	bare := framing.SectionOf("", "By this statement I give notice. Please share this with everyone. ", "", true, false)
	at := []framing.Place{{Rumor: 3, Block: 4}, {Rumor: 3, Block: 4}, {Rumor: 3, Block: 5}, {Rumor: 7, Block: 4}, {Rumor: 3, Block: 9}}
	got := c.Framing(framing.Page{}, []framing.Section{intro, bare, bare, bare, bare}, at)
	if want := "[true true false false false]"; fmt.Sprint(got.Quiet) != want {
		t.Errorf("Quiet = %v, want %s", got.Quiet, want)
	}
	fc := framing.Page{Kicker: "Fact check", Headline: "No, this notice does not protect you"}
	got = c.FramingAfter(fc, []framing.Section{intro}, at[:1],
		[]core.Earlier{{Place: framing.Place{Rumor: 3, Block: 1}}, {Place: framing.Place{Rumor: 7, Block: 2}}})
	if fmt.Sprint(got.Quiet, got.Earlier) != "[true] [true false]" {
		t.Errorf("fact-check page: quiet %v, earlier %v; want [true] [true false]", got.Quiet, got.Earlier)
	}
}

func ExampleCore_Framing() {
	c := &core.Core{} // no list: the page's own signals decide
	f := c.Framing(framing.Page{Kicker: "Fact check", Headline: "No, Meta isn't feeding your DMs to its AI"},
		[]framing.Section{framing.SectionOf("", "The post reads: ", "", true, false)}, nil)
	fmt.Println(f.FactCheck, f.Quiet)
	// Output: true [true]
}

// TestStoredIndexFrames: a core started from a stored index, without the
// list decoded, frames pages exactly as the core that compiled the list: it
// knows the list's fact-checking publishers, the rumors' sources and their
// families. (Before the stored index carried them, every worker restart
// forgot them.)
func TestStoredIndexFrames(t *testing.T) {
	f := newFixture(t)
	compiled, _ := core.New(f.keyring)
	info, err := compiled.Load(f.signed(t, 5), 0)
	if err != nil {
		t.Fatal(err)
	}
	index, err := compiled.StoredIndex()
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := core.New(f.keyring)
	if _, err := stored.LoadStoredIndex(index, info.ListSHA256, 0); err != nil {
		t.Fatal(err)
	}
	src, err := listsrc.LoadSources(filepath.Join(root(), "scripts", "lists", "default"))
	if err != nil {
		t.Fatal(err)
	}
	l := src.Build(nil)
	fams := l.Families()
	a, b := -1, -1 // two rumors of one family
	for i := range fams {
		for j := i + 1; j < len(fams) && a < 0; j++ {
			if fams[i] > 0 && fams[i] == fams[j] {
				a, b = i, j
			}
		}
	}
	if a < 0 || len(l.FactCheckers) == 0 {
		t.Fatal("the bundled list has no family of two rumors or no fact-checkers")
	}
	bare := framing.SectionOf("", "Please share this with everyone. ", "", true, false)
	intro := framing.SectionOf("", "This hoax reads: ", "", true, false)
	for _, p := range []framing.Page{
		{URL: "https://" + l.FactCheckers[0].Domain + "/some-story", Headline: "A story"},
		{URL: l.Rumors[3].Sources[0].URL, Headline: "A story"},
		{URL: "https://example.org/post", Headline: "A story"},
	} {
		// One family quoted twice in one block: the quiet quote carries.
		at := []framing.Place{{Rumor: a, Block: 1}, {Rumor: b, Block: 1}}
		want := compiled.Framing(p, []framing.Section{intro, bare}, at)
		got := stored.Framing(p, []framing.Section{intro, bare}, at)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: stored index frames %+v, the list %+v", p.URL, got, want)
		}
		if p.URL != "https://example.org/post" && !got.FactCheck {
			t.Errorf("%s: not a fact-check from the stored index (%v)", p.URL, got.Reasons)
		}
		if fmt.Sprint(got.Quiet) != "[true true]" {
			t.Errorf("%s: quiet %v, want both quiet (one family, one block)", p.URL, got.Quiet)
		}
	}
}
