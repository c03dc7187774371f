package framing

import (
	"fmt"
	"strings"
	"testing"
)

func TestDecideSignals(t *testing.T) {
	fc := NewDomains([]string{"correctiv.org", "maldita.es"})
	tests := []struct {
		name string
		p    Page
		want bool
	}{
		{"claimreview", Page{Types: []string{"NewsArticle", "ClaimReview"}}, true},
		{"fact-checker domain", Page{URL: "https://correctiv.org/faktencheck/x/"}, true},
		{"fact-checker subdomain", Page{URL: "https://www.maldita.es/malditobulo/x"}, true},
		{"look-alike domain", Page{URL: "https://notcorrectiv.org/x"}, false},
		{"own source", Page{Source: true}, true},
		{"kicker en", Page{Kicker: "FACT CHECK", Headline: "Meta and your messages"}, true},
		{"kicker de", Page{Kicker: "Faktencheck", Headline: "Kettenbrief auf Whatsapp"}, true},
		{"kicker fr", Page{Kicker: "Vérification", Headline: "Une vidéo sur WhatsApp"}, true},
		{"kicker nl", Page{Kicker: "Klopt dit?", Headline: "Een bericht over Facebook"}, true},
		{"headline label it", Page{Headline: "BUFALA Truffa WhatsApp: nel video c’è un malware"}, true},
		{"headline label pt", Page{Headline: "É #FAKE mensagem que fala sobre WhatsApp Gold"}, true},
		{"headline label de", Page{Headline: "Falsch: Facebook veröffentlicht morgen alles"}, true},
		{"no en", Page{Headline: "No, Meta isn't feeding your private messages to its AI", Lead: "Many readers asked us. It is not true."}, true},
		{"no en alone", Page{Headline: "No, you should not wait"}, false},
		{"nee nl", Page{Headline: "Nee, er bestaat geen Martinelli-virus in WhatsApp"}, true},
		{"nee nl with lead", Page{Headline: "Nee, er bestaat geen Martinelli-virus in WhatsApp", Lead: "Gewoon negeren: dit is een hoax."}, true},
		{"rating box en", Page{Rating: []string{"Claim", "Our rating"}}, true},
		{"rating box de", Page{Rating: []string{"Behauptung", "Bewertung"}}, true},
		{"rating box nl", Page{Rating: []string{"Conclusie"}}, true},
		{"claim label alone", Page{Rating: []string{"Claim"}}, false},
		{"og section", Page{Meta: []string{"article", "Fact Check"}}, true},
		{"article section nl", Page{Meta: []string{"article", "Nieuwscheck"}}, true},
		{"article section fr", Page{Meta: []string{"article", "Désintox"}}, true},
		{"article section news", Page{Meta: []string{"article", "Tech"}}, false},
		{"headline and lead es", Page{Headline: "Es falso que WhatsApp use tus fotos", Lead: "Es un bulo que circula desde 2018."}, true},
		{"plain news", Page{Headline: "WhatsApp adds a new feature", Lead: "The app will let people edit messages."}, false},
		{"question headline", Page{Headline: "The Momo challenge, true or fake?", Lead: "Parents must watch what children see."}, false},
		{"a chain letter in the headline is no verdict", Page{Headline: "Ein Kettenbrief verbreitet sich: Momo bedroht Kinder", Lead: "Die Polizei rät Eltern zur Vorsicht."}, false},
		{"inflected verdict de", Page{Headline: "Die erfundene Warnung vor dem Martinelli-Video ist wieder da", Lead: "Der Kettenbrief ist falsch."}, true},
		{"slug and lead", Page{URL: "https://radio.example/debunked-facebook-will-not-make-your-photos-public/", Lead: "Remember the last one? Not true."}, true},
		{"slug alone", Page{URL: "https://radio.example/facebook-copyright-notice-is-a-hoax/"}, false},
		{"slug that insists", Page{URL: "https://blog.example/momo-is-real-not-a-hoax-share-it/", Lead: "Some say hoax."}, false},
		{"slug that asks", Page{URL: "https://blog.example/the-momo-challenge-true-or-fake/", Lead: "Its hoax!"}, false},
		{"fact-check section in the address", Page{URL: "https://news.example/fact-check/whatsapp-forward-call-recording-23735"}, true},
		{"fato ou fake section", Page{URL: "https://g1.example/fato-ou-fake/noticia/2018/08/14/x.ghtml"}, true},
		{"a slug that names a fact-check is no section", Page{URL: "https://blog.example/posts/fact-check"}, false},
		{"a source's verdict quoted in the lead", Page{Headline: "El falso reto viral de Momo reaparece", Lead: "\"No, Momo no existe\", alerta la Policía Nacional."}, true},
		{"a long quotation in the lead is the rumor's", Page{Headline: "El falso reto viral de Momo reaparece", Lead: "Dice el mensaje: \"Momo existe y no es falso, te vigila y te encontrará esta noche si no reenvías este mensaje a veinte contactos\"."}, false},
		{"grants it may be a hoax, warns anyway", Page{Headline: "The Momo challenge", Lead: "Its hoax! Lots of articles say it is a hoax.", Body: "Its hoax! Lots of articles say it is a hoax.\nIt maybe a hoax, but the government is taking action."}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.p, fc)
			if d.FactCheck != tt.want {
				t.Errorf("FactCheck = %v (score %d, %v), want %v", d.FactCheck, d.Score, d.Reasons, tt.want)
			}
		})
	}
}

// TestStrayWord: one debunk word in a post that spreads a rumor must not
// silence it, nor may "this is NOT a hoax".
func TestStrayWord(t *testing.T) {
	body := "Please tell all the contacts in your Messenger list not to accept the friend request. He is a hacker.\nThis is not a hoax, my cousin works in IT. Copy and paste this to your wall!"
	for _, p := range []Page{
		{Headline: "Warning to all my friends", Body: body},
		{Headline: "Warning to all my friends", Body: "Some say it is a hoax but my cousin confirmed it.\n" + body},
		{Headline: "Hoax or not, better safe than sorry", Body: body},
		// A headline like a news story's, about a message going viral, and
		// a stray "hoax": the post's own call to pass it on keeps it loud.
		{Headline: "This message is going viral on WhatsApp", Body: "Some call it a hoax.\nPlease tell all the contacts in your Messenger list not to accept the friend request.\nCopy and paste this to your wall!"},
	} {
		d := Decide(p, nil)
		s := Section{Before: "Warning to all my friends:", After: "Copy and paste this to your wall!"}
		if Quiet(d, s) {
			t.Errorf("%q: a spreading post got a quiet mark (score %d %v)", p.Headline, d.Score, d.Reasons)
		}
	}
}

func TestQuietSection(t *testing.T) {
	fcPage := Decision{FactCheck: true, Score: 6}
	plain := Decision{}
	tests := []struct {
		name string
		d    Decision
		s    Section
		want bool
	}{
		{"fact-check page follows the page", fcPage, Section{Before: "It reads:", Quoted: true}, true},
		{"fact-check page, section asks to share", fcPage, Section{Before: "Copy and paste this everyone:"}, false},
		{"fact-check page, advice not to share", fcPage, Section{Before: "Do not share this hoax. It says:"}, true},
		{"plain page, quoted and called a hoax en", plain, Section{Before: "This hoax claims that", Quoted: true}, true},
		{"plain page, beweert dat + nep nl", plain, Section{Before: "Een nepbericht beweert dat"}, true},
		{"plain page, behauptet + falsch de", plain, Section{Before: "Der Kettenbrief behauptet, was falsch ist:"}, true},
		{"plain page, a story that reports a circulating message and calls it false", Decision{Score: wReports}, SectionOf("The message went something like this:", "", "", true, false), true},
		{"plain page, a time stamp in the introduced message", Decision{Score: 2}, SectionOf("It usually reads as follows:", "As of September 27, 2015 at 11:43 a.m. Eastern standard time, ", "", true, false), true},
		{"fact-check page, what the rumor promises", fcPage, SectionOf("You can stop all that if you just copy and paste the following status:", "Deadline tomorrow!!! ", "", true, false), true},
		{"plain page, quoted but no cue", plain, Section{Before: "My friend says:", Quoted: true}, false},
		{"plain page, stray word after", plain, Section{Before: "Warning!", After: "Not a hoax."}, false},
		{"plain page, a chain letter named next to the quote is no verdict", plain, SectionOf("", "Teachers warn of it: „", "“, writes the head teacher. In a kind of digital Kettenbrief children are told to hurt themselves.", true, false), false},
		{"plain page, introduced by the block before", Decision{Score: 2}, SectionOf("It usually reads as follows:", "As of today, ", "", true, false), true},
		{"plain page, introduced, no cue anywhere", plain, SectionOf("It usually reads as follows:", "As of today, ", "", true, false), false},
		{"fact-check page, the quote's own call to share", fcPage, SectionOf("", "Es kursiert ein Kettenbrief: «Warnung an alle! ", " Leite das an deine Kontakte weiter.» So tönt die Botschaft.", true, false), true},
		{"fact-check page, the page's own call to share", fcPage, SectionOf("", "Leite das an deine Kontakte weiter! ", "", true, false), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Quiet(tt.d, tt.s); got != tt.want {
				t.Errorf("Quiet = %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzParseFixture(f *testing.F) {
	f.Add([]byte("url: https://a.example/x\nlang: en\nlabel: factcheck\nrumor: r\nsplit: test\ncut: no\ntitle: T\nquote: b\n---\na b c\n"))
	f.Add([]byte("---\n"))
	f.Add([]byte("url: https://a.example/x\nlang: nl\nlabel: spreading\nrumor: r\nsplit: train\nbatch: 2\ncut: yes\ntitle: T\nquote: b\n---\na b c\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fx, err := ParseFixture("fuzz", b)
		if err != nil {
			return
		}
		// A parsed page can always be decided and sectioned, and its quote's
		// span lies inside its text.
		start, end := QuoteSpan(fx)
		if start < 0 || end < start || end > len(fx.Text) {
			t.Fatalf("QuoteSpan = %d, %d for a text of %d bytes", start, end, len(fx.Text))
		}
		d := Decide(PageOf(fx), nil)
		_ = Quiet(d, SectionAt(fx.Text, start, end))
	})
}

func ExampleDecide() {
	p := Page{
		Kicker:   "FACT CHECK",
		Headline: "No, Meta isn't feeding your private messages to its AI on December 16",
		Lead:     "Many readers asked us whether it is true. It is not.",
	}
	d := Decide(p, nil)
	fmt.Println(d.FactCheck, d.Reasons)
	// Output: true [fact-check label headline answers no]
}

func TestHasCue(t *testing.T) {
	for s, want := range map[string]bool{
		"Volgens het bedrijf klopt die bewering niet.": true,
		"Das stimmt so nicht.":                         true,
		"Dat klopt helemaal, zegt de politie.":         false,
		"Geruchten op sociale media":                   true,
		"Integraal: het hoaxbericht":                   true,
		"Is it a hoax or not?":                         false,
		"This is not a hoax":                           false,
		"Ce message ne sert à rien.":                   true,
	} {
		if got := hasCue(s); got != want {
			t.Errorf("hasCue(%q) = %v, want %v", s, got, want)
		}
	}
}

func ExampleFollow() {
	// A chain letter quoted after "This hoax reads:", its second sentence
	// matched on its own in the same paragraph, and the same rumor again in
	// the next paragraph (on a feed, another post) and far below.
	at := []Place{{Rumor: 1, Block: 3}, {Rumor: 1, Block: 3}, {Rumor: 1, Block: 4}, {Rumor: 1, Block: 12}}
	post := []bool{true, false, false, false}
	Follow(Decision{Score: 2}, post, at)
	fmt.Println("post:", post)
	// On a fact-check every match of the rumor follows its quiet quote.
	factCheck := []bool{true, false, false, false}
	Follow(Decision{FactCheck: true, Score: 6}, factCheck, at)
	fmt.Println("fact-check:", factCheck)
	// Output:
	// post: [true true false false]
	// fact-check: [true true true true]
}

func TestSentences(t *testing.T) {
	for s, want := range map[string]int{
		"As of September 27, 2015 at 11:43 a.m. Eastern standard time, I do not give": 1,
		"The U.S. Army says so. It is false.":                                         2,
		"Version 1.2 is out! Update now.":                                             2,
		"It ends here.":                                                               1,
	} {
		if got := len(sentences(s)); got != want {
			t.Errorf("sentences(%q) = %d sentences %q, want %d", s, got, sentences(s), want)
		}
	}
}

func TestSlugOf(t *testing.T) {
	for u, want := range map[string]string{
		"http://nj1015.com/facebook-copyright-protection-notice-is-a-hoax/":                                     "facebook copyright protection notice is a hoax",
		"https://www.diariodemallorca.es/sociedad/2019/03/28/policia-alerta-reaparicion-reto-momo/1404519.html": "policia alerta reaparicion reto momo",
		"https://heise.de/-4076780": "",
		"not a url %":               "",
	} {
		if got := strings.TrimSpace(slugOf(u)); got != want {
			t.Errorf("slugOf(%q) = %q, want %q", u, got, want)
		}
	}
}

// TestFollowFamilies: sibling versions of one hoax follow each other within
// a quoted message on any page, and across the whole page only on a page
// decided as a fact-check; another family never follows.
func TestFollowFamilies(t *testing.T) {
	at := []Place{
		{Rumor: 1, Family: 7, Block: 3},  // quiet: quoted to debunk it
		{Rumor: 2, Family: 7, Block: 3},  // a sibling version in the same quote
		{Rumor: 5, Family: 7, Block: 20}, // a sibling far below, after "pass it on"
		{Rumor: 9, Family: 8, Block: 3},  // another hoax in the same block
		{Rumor: 4, Block: 3},             // a rumor of no family
	}
	for _, tt := range []struct {
		name string
		d    Decision
		want string
	}{
		{"post", Decision{Score: 2}, "[true true false false false]"},
		{"fact-check", Decision{FactCheck: true, Score: 6}, "[true true true false false]"},
	} {
		quiet := []bool{true, false, false, false, false}
		Follow(tt.d, quiet, at)
		if fmt.Sprint(quiet) != tt.want {
			t.Errorf("%s: %v, want %s", tt.name, quiet, tt.want)
		}
	}
	// No quiet match of the family: nothing to follow, a call to share
	// stays loud even on a fact-check page.
	quiet := []bool{false, false}
	Follow(Decision{FactCheck: true, Score: 6}, quiet, []Place{{Rumor: 1, Family: 7, Block: 3}, {Rumor: 2, Family: 7, Block: 9}})
	if fmt.Sprint(quiet) != "[false false]" {
		t.Errorf("loud matches became quiet with no quiet one: %v", quiet)
	}
}

// TestQuietOwnVoice: on a fact-check page a chain letter quoted after an
// introduction carries its own "tell all your contacts"; that is the
// rumor's voice, not the page's. Without the introduction the same words
// before a match still make it loud, and on a page that is no fact-check an
// introduction never silences a call to share.
func TestQuietOwnVoice(t *testing.T) {
	const letter = "Please tell all the contacts in your messenger list not to accept Jayden K. Smith friendship request. He is a hacker and has "
	fc := Decision{FactCheck: true, Score: 7}
	for _, tt := range []struct {
		name string
		d    Decision
		prev string
		want bool
	}{
		{"introduced by a reporting verb", fc, "The latest Facebook hoax warns of accepting friend requests", true},
		{"introduced by a colon", fc, "Here is how the warning was worded:", true},
		{"not introduced", fc, "We looked at many posts last week.", false},
		{"no prev block", fc, "", false},
		{"introduced, page is no fact-check", Decision{Score: 2}, "My friend warns of accepting friend requests", false},
	} {
		s := SectionOf(tt.prev, letter, " the system connected to your account.", true, false)
		if got := Quiet(tt.d, s); got != tt.want {
			t.Errorf("%s: Quiet = %v, want %v", tt.name, got, tt.want)
		}
	}
}
