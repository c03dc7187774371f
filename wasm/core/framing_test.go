package core_test

import (
	"fmt"
	"testing"

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

// TestFramingFollow: a message quoted over three paragraphs is introduced
// once; its later parts follow the first, a match of another rumor or far
// away does not.
func TestFramingFollow(t *testing.T) {
	c := &core.Core{}
	intro := framing.SectionOf("", "This hoax reads: ", "", true, false)
	bare := framing.SectionOf("", "By this statement I give notice. ", "", true, false)
	got := c.Framing(framing.Page{}, []framing.Section{intro, bare, bare, bare, bare},
		[]framing.Place{{Rumor: 3, Block: 4}, {Rumor: 3, Block: 5}, {Rumor: 3, Block: 6}, {Rumor: 7, Block: 5}, {Rumor: 3, Block: 9}})
	if want := "[true true true false false]"; fmt.Sprint(got.Quiet) != want {
		t.Errorf("Quiet = %v, want %s", got.Quiet, want)
	}
}

func ExampleCore_Framing() {
	c := &core.Core{} // no list: the page's own signals decide
	f := c.Framing(framing.Page{Kicker: "Fact check", Headline: "No, Meta isn't feeding your DMs to its AI"},
		[]framing.Section{framing.SectionOf("", "The post reads: ", "", true, false)}, nil)
	fmt.Println(f.FactCheck, f.Quiet)
	// Output: true [true]
}
