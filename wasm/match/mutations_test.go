package match_test

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// mutationList holds rumors as they circulated, with the families that
// group their variants. The equivalents are applied as rumorctl build
// applies them (listsrc.Equivalents.Expand).
func mutationList(t *testing.T) *rumorlist.List {
	eq := listsrc.Equivalents{"en": {
		{{Text: "voicemail", Words: []string{"voicemail"}}, {Text: "voice message", Words: []string{"voice", "message"}}},
		{{Text: "fed into", Words: []string{"fed", "into"}}, {Text: "handed over to", Words: []string{"handed", "over", "to"}}},
	}}
	phrases := func(lang string, texts ...string) []rumorlist.Phrases {
		var out []string
		for _, t := range texts {
			out = append(out, eq.Expand(lang, t)...)
		}
		return []rumorlist.Phrases{{Lang: lang, Texts: out}}
	}
	return &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{
		{ID: "meta-dm", Family: "meta-privacy", Phrases: phrases("en",
			"Every conversation. Every photo. Every voicemail. Fed into AI. Starting December 16 Meta will read it all.")},
		{ID: "new-rule", Family: "meta-privacy", Phrases: phrases("en",
			"Don’t forget tomorrow starts the new Facebook rule where they can use your photos.",
			"It can be used in court cases in litigation against you. Everything you've ever posted becomes public from today. Even messages that have been deleted or the photos not allowed.")},
		{ID: "martinelli", Family: "whatsapp-video-hack", Phrases: phrases("en",
			"An IT colleague has advised that a video will be launched tomorrow on WhatsApp called martinelli do not open it, it hacks your phone and nothing will fix it.")},
		{ID: "comm-rules", Phrases: phrases("en",
			"From tomorrow onwards there are new communication regulations. All calls are recorded. All phone call recordings saved. WhatsApp is monitored. Twitter is monitored. Facebook is monitored.")},
		{ID: "copyright", Family: "meta-privacy", Phrases: phrases("en",
			"In response to the new Facebook guidelines I hereby declare that my copyright is attached to all of my personal details, illustrations, comics, paintings, professional photos and videos, etc. (as a result of the Berner Convention). For commercial use of the above my written consent is needed at all times!")},
		{ID: "headlights", Phrases: phrases("en",
			"If you are driving after dark and see an on-coming car with no headlights on, DO NOT FLASH YOUR LIGHTS AT THEM!")},
		{ID: "jayden", Family: "friend-request-hacker", Phrases: phrases("en",
			"Please tell all the contacts in your Messenger list not to accept Jayden K. Smith friendship request. He is a hacker and has the system connected to your Facebook account.")},
		{ID: "other-names", Family: "friend-request-hacker", Phrases: phrases("en",
			"Please tell all the contacts in your Messenger list not to accept Anwar Jitou friendship request. He is a hacker and has the system connected to your Facebook account.")},
		// As infotagion.com quoted it; Full Fact's quote writes "Covid-19".
		{ID: "anti-inflammatories", Phrases: phrases("en",
			"There seems to be a link between severe cases of Covid19 affecting young people with no underlying illnesses and taking anti inflammatories.")},
		// As 237check.org quoted it.
		{ID: "paracetamol", Phrases: phrases("fr",
			"Attention à ne pas prendre le paracétamol qui vient écrit P 500. C’est un nouveau paracétamol très blanc et brillant, les médecins conseillent qu’il contient le virus « Machupo »")},
	}}
}

// TestMutations: the ways real copies of a rumor differ from the phrase
// (issue 11), each found, and the meaning flips among them still refused.
func TestMutations(t *testing.T) {
	m := compile(t, mutationList(t))
	tests := []struct {
		name, text string
		want       string     // the only rumor noted, "" for none
		tier       match.Tier // at least this tier
	}{
		{"small capitals", "ᴛʜᴇ ɴᴇᴡ ᴄᴏᴍᴍᴜɴɪᴄᴀᴛɪᴏɴ ʀᴜʟᴇs: From tomorrow onwards there are new communication regulations. ᴀʟʟ ᴄᴀʟʟs ᴀʀᴇ ʀᴇᴄᴏʀᴅᴇᴅ. All phone call recordings saved. WhatsApp is monitored. Twitter is monitored.", "comm-rules", match.Matches},
		{"all small capitals", "ꜰʀᴏᴍ ᴛᴏᴍᴏʀʀᴏᴡ ᴏɴᴡᴀʀᴅꜱ ᴛʜᴇʀᴇ ᴀʀᴇ ɴᴇᴡ ᴄᴏᴍᴍᴜɴɪᴄᴀᴛɪᴏɴ ʀᴇɢᴜʟᴀᴛɪᴏɴꜱ. ᴀʟʟ ᴄᴀʟʟꜱ ᴀʀᴇ ʀᴇᴄᴏʀᴅᴇᴅ. ᴀʟʟ ᴘʜᴏɴᴇ ᴄᴀʟʟ ʀᴇᴄᴏʀᴅɪɴɢꜱ ꜱᴀᴠᴇᴅ.", "comm-rules", match.Matches},
		{"excerpt of a long phrase", "Lol my aunt posted this again: my copyright is attached to all of my personal details, illustrations, comics, paintings, professional photos and videos. Whatever.", "copyright", match.Matches},
		{"negation typo", "An IT colleague has advised that a video will be launched tomorrow on WhatsApp called martinelli do not open it, it hacks your phone and onthiny will fix it.", "martinelli", match.Matches},
		{"split contraction", "Don t forget tomorrow starts the new Facebook rule where they can use your photos.", "new-rule", match.Matches},
		// As fox8.com quoted it: the same words in another order.
		{"reordered", "The new Facebook/Meta rule starts tomorrow where they can use your photos. Don’t forget the deadline is today!", "new-rule", match.Matches},
		{"synonym", "Every conversation. Every photo. Every voice message. Fed into AI. Starting December 16 Meta will read it all.", "meta-dm", match.Matches},
		{"synonym expression", "Every conversation. Every photo. Every voicemail. Handed over to AI. Starting December 16 Meta will read it all.", "meta-dm", match.Matches},
		{"one note for the Jayden post", "Please tell all the contacts in your Messenger list not to accept Jayden K. Smith friendship request. He is a hacker and has the system connected to your Facebook account.", "jayden", match.Matches},
		{"another negation, same polarity", "If you are driving after dark and you see a car without its headlights on do not flash your lights, do not blow your horn.", "headlights", match.Matches},
		// Full Fact's quote of the same post: a number written as two words
		// where the phrase has one, and the other way round.
		{"number written apart", "there seems to be a link between severe cases of Covid-19 affecting young people with no underlying illnesses and taking anti-inflammatories.", "anti-inflammatories", match.Matches},
		{"number written as one", "Attention à ne pas prendre le paracétamol qui vient écrit P500. C’est un nouveau paracétamol très blanc et brillant, les médecins conseillent qu’il contient le virus « Machupo »", "paracetamol", match.Matches},
		// Meaning flips: refused, or at most a quiet "resembles".
		{"another number written as one", "Attention à ne pas prendre le paracétamol qui vient écrit P600. C’est un nouveau paracétamol très blanc et brillant, les médecins conseillent qu’il contient le virus « Machupo »", "", 0},
		{"another number written apart", "there seems to be a link between severe cases of Covid-18 affecting young people with no underlying illnesses and taking anti-inflammatories.", "", 0},
		{"negation gone", "If you are driving after dark and you see a car with its headlights on, flash your lights at them.", "", 0},
		{"negation dropped", "An IT colleague has advised that a video will be launched tomorrow on WhatsApp called martinelli, open it, it hacks your phone and nothing will fix it.", "", 0},
		{"negation added", "The new Facebook rule does not start tomorrow, they can't use your photos.", "", 0},
		{"contraction dropped", "An IT colleague has advised that a video will be launched tomorrow on WhatsApp called martinelli do open it, it hacks your phone and nothing will fix it.", "", 0},
		{"negation typo that is a word", "An IT colleague has advised that a video will be launched tomorrow on WhatsApp called martinelli do not open it, it hacks your phone and something will fix it.", "", 0},
		{"name swapped, reordered", "The new Instagram rule starts tomorrow where they can use your photos. Don’t forget the deadline is today!", "", 0},
		{"number changed", "Every conversation. Every photo. Every voicemail. Fed into AI. Starting December 18 Meta will read it all.", "", 0},
		{"same words, another story", "Tomorrow the new photos rule for Facebook starts: you can use photos where they were deleted, a court says.", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := m.Scan(tc.text)
			var notes []string
			top := match.Tier(0)
			for _, x := range ms {
				if x.Tier == match.Matches {
					notes = append(notes, x.ID)
				}
				if x.ID == tc.want {
					top = max(top, x.Tier)
				}
			}
			if tc.want == "" {
				if len(notes) > 0 {
					t.Fatalf("%q: matched %v, want no match: %s", tc.text, notes, describe(tc.text, ms))
				}
				return
			}
			if top < tc.tier {
				t.Fatalf("%q: %s reached tier %v, want %v: %s", tc.text, tc.want, top, tc.tier, describe(tc.text, ms))
			}
			for _, x := range ms {
				if x.ID != tc.want {
					t.Errorf("%q: a second note names %s: %s", tc.text, x.ID, describe(tc.text, ms))
				}
			}
		})
	}
}

// The split contraction and the negation typo count only as the negation
// they stand for: "Don t" in the text against a phrase without one still
// flips it.
func TestSplitContractionIsANegation(t *testing.T) {
	m := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{{ID: "vax", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
		"The new vaccine changes your DNA permanently and the government is hiding it from you.",
	}}}}}})
	for _, text := range []string{
		"The new vaccine doesn t change your DNA permanently and the government isn t hiding it from you.",
		"The new vaccine won t change your DNA permanently and the government is not hiding it from you.",
	} {
		for _, x := range m.Scan(text) {
			if x.Tier == match.Matches {
				t.Errorf("%q: matched %s %q", text, x.ID, text[x.Start:x.End])
			}
		}
	}
}

// One post, one story: of two rumors of one family that a paragraph holds
// equally well, the one whose matches cover more of it keeps the note (a
// Jayden K. Smith post ends in the forwarding lines its sibling chains
// share); where one holds it well and the other only roughly, the better
// keeps it; a paragraph away, each keeps its own.
func TestFamilyTies(t *testing.T) {
	l := mutationList(t)
	l.Rumors = append(l.Rumors,
		rumorlist.Rumor{ID: "instagram-rule", Family: "meta-privacy", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
			"Don't forget tomorrow starts the new Instagram rule where they can use your photos.",
		}}}},
		rumorlist.Rumor{ID: "forward", Family: "friend-request-hacker", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
			"Forward as received. Hold your finger down on the message and press forward.",
		}}}})
	m := compile(t, l)
	jayden := "Please tell all the contacts in your Messenger list not to accept Jayden K. Smith friendship request. He is a hacker and has the system connected to your Facebook account. "
	forward := "Forward as received. Hold your finger down on the message and press forward. "
	filler := strings.Repeat("The city council met on Tuesday to discuss the new budget for road repairs. ", 8)
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"the post's own lines cover more than the shared tail", jayden + forward, []string{"jayden"}},
		{"the same, the tail first", forward + jayden, []string{"jayden"}},
		{"one holds it well, the other roughly", "Don't forget tomorrow starts the new Instagram rule where they can use your photos.", []string{"instagram-rule"}},
		{"a paragraph apart, two posts", jayden + filler + filler + forward, []string{"forward", "jayden"}},
		{"another family beside it keeps its note", jayden + forward + "If you are driving after dark and see an on-coming car with no headlights on, DO NOT FLASH YOUR LIGHTS AT THEM!", []string{"headlights", "jayden"}},
	} {
		var got []string
		for _, x := range m.Scan(tc.text) {
			if !slices.Contains(got, x.ID) {
				got = append(got, x.ID)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q: noted %v, want %v: %s", tc.name, tc.text, got, tc.want, describe(tc.text, m.Scan(tc.text)))
		}
	}
	// Two rumors that cover the paragraph exactly alike: nothing prefers
	// either, both keep their notes. Nor does a rumor that covers more, but
	// not twice as much: the Jayden lines against a longer tail.
	l.Rumors = append(l.Rumors, rumorlist.Rumor{ID: "forward-twin", Family: "friend-request-hacker", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
		"Forward as received. Hold your finger down on the message and press forward.",
	}}}})
	m = compile(t, l)
	var got []string
	for _, x := range m.Scan(forward) {
		got = append(got, x.ID)
	}
	slices.Sort(got)
	if want := []string{"forward", "forward-twin"}; !slices.Equal(got, want) {
		t.Errorf("equal cover: noted %v, want %v", got, want)
	}
	l.Rumors = append(l.Rumors, rumorlist.Rumor{ID: "forward-long", Family: "friend-request-hacker", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
		"Forward this message to everyone as you received it. Hold your finger down on the message and a menu opens. Press forward at the bottom and pick every name in your list.",
	}}}})
	m = compile(t, l)
	long := jayden + "Forward this message to everyone as you received it. Hold your finger down on the message and a menu opens. Press forward at the bottom and pick every name in your list."
	got = got[:0]
	for _, x := range m.Scan(long) {
		if !slices.Contains(got, x.ID) {
			got = append(got, x.ID)
		}
	}
	slices.Sort(got)
	if want := []string{"forward-long", "jayden"}; !slices.Equal(got, want) {
		t.Errorf("cover not twice as much: noted %v, want %v: %s", got, want, describe(long, m.Scan(long)))
	}
}

// Real posts that hold a sibling's lines, with the bundled list: one note,
// the post's own rumor. Texts as the pages quote them.
func TestRealPostsOneStory(t *testing.T) {
	m := compile(t, bundled(t))
	for _, tc := range []struct{ source, text, want string }{
		// The Italian Jayden K. Smith chain ends in the forwarding lines the
		// "other names" chain has too.
		{"https://www.ecodibergamo.it/stories/Cronaca/messenger-e-la-bufala-mondialedel-fantomatico-jayden-k-smith_1242798_11/",
			"Dite a tutti i contatti della vostra lista di Messenger di non accettare la richiesta di amicizia di Jayden K. Smith. È un hacker e ha collegato il sistema al tuo account di Facebook. Se uno dei tuoi contatti lo accetta, ti verrà attaccato anche a te, quindi assicuratevi che tutti i tuoi amici lo conoscano. Grazie. Inoltralo come ricevuto. Tieni premuto il dito sul messaggio. In basso al centro dirà in avanti. Fai clic col tasto che fa clic sui nomi di quelli presenti nella tua lista e lo invierà.",
			"jayden-k-smith-hacker"},
		// The Martinelli warning alone: it got the Pope video's note too while
		// a Pope-video phrase held these lines (the start of a longer chain).
		{"http://srilanka.factcrescendo.com/english/fact-check-recurring-fake-forward-message-on-whatsapp",
			"Passing this on. I got it from a GE friend. If you know anyone using WhatsApp you might pass on this. An IT colleague has advised that a video comes out tomorrow from WhatsApp called martinelli do not open it, it hacks your phone and nothing will fix it. Spread the word.",
			"martinelli-whatsapp-video"},
		// The earthquake-photos chain ends in the "Argentina lo está logrando"
		// video chain's lines; with no phrase of its own wording it got that
		// sibling's note (CNN, Covid-19), and the video chain must keep its own.
		// (With another place than the phrase's, "Cariaco", the shared lines
		// still get the sibling's note beside its own: the place is a name.)
		{"https://www.fastcheck.cl/?p=60463",
			"Van a subir unas fotos del terremoto de Marruecos por Whatsapp. El archivo se llama Ondas Sísmicas CARD, no la abras ni veas, te jaquea el teléfono en 10 segundos y no se puede detener de ninguna manera. Pásale el dato a tus familiares y amigos. NO LO ABRAN. También lo dijeron por TV",
			"whatsapp-photos-file-hacks-phone"},
		{"https://boliviaverifica.bo/cadena-de-whatsapp-argentina-lo-esta-logrando-no-te-hackea-el-celular-es-falso",
			"Cuidado!!!!! Van a subir un vídeo por Whatsapp que nuestra cómo se está aplanando la curva en Argentina. El archivo se llama “Argentina lo está logrando”, no lo abras ni lo veas, te jaquea el teléfono en 10 segundos y no se puede detener de ninguna manera. Pásale el dato a tus familiares y amigos. NO LO ABRAN… Ahora también lo dijeron por la tele.",
			"argentina-is-doing-it-video"},
	} {
		ms := m.Scan(tc.text)
		if !hasRumor(ms, tc.want, match.Matches) {
			t.Errorf("%s: %s not noted: %s", tc.source, tc.want, describe(tc.text, ms))
		}
		for _, x := range ms {
			if x.ID != tc.want {
				t.Errorf("%s: a second note names %s: %s", tc.source, x.ID, describe(tc.text, ms))
			}
		}
	}
}

// TestOneMarkPerQuote: a quote longer than the stretch of a phrase one
// alignment covers (a long phrase is indexed in windows) is found by
// several overlapping alignments; the reader sees one mark over all of
// it, not the best window's words with the rest of the quote bare. Before
// the overlapping alignments were joined, each of these showed 44-62% of
// its bytes marked. Texts as the pages quote them, the bundled list.
func TestOneMarkPerQuote(t *testing.T) {
	m := compile(t, bundled(t))
	for _, tc := range []struct{ source, want, text string }{
		{"https://boliviaverifica.bo/cadena-de-whatsapp-argentina-lo-esta-logrando-no-te-hackea-el-celular-es-falso", "argentina-is-doing-it-video",
			"Cuidado!!!!! Van a subir un vídeo por Whatsapp que nuestra cómo se está aplanando la curva en Argentina. El archivo se llama “Argentina lo está logrando”, no lo abras ni lo veas, te jaquea el teléfono en 10 segundos y no se puede detener de ninguna manera. Pásale el dato a tus familiares y amigos. NO LO ABRAN… Ahora también lo dijeron por la tele."},
		{"https://www.boatos.org/saude/alho-agua-fervida-cura-novo-coronavirus.html", "covid-boiled-garlic-water-cure",
			"Boas notícias! O Wuhan CORONA VIRUS pode ser curado * com uma tigela de água de alho recém-fervida. Um velho médico chinês provou sua eficácia. Muitos pacientes também mostraram que isso é eficaz. Como preparar: Para oito (8) dentes de alho picados, adicione sete (7) xícaras de água e deixe ferver. Coma e beba água fervida com alho. Melhore e cure da noite para o dia! Por favor, compartilhe com todos os contatos. _Pode ajudar a salvar vidas"},
		{"https://sagen.at/texte/gegenwart/oesterreich/niederoesterreich/drogengefaehrdetejugend.html", "blue-star-lsd-tattoos",
			"Eine Art \"Tätowierung\", genannt BLUE STAR, wird jetzt in ganz Amerika angeboten. Es handelt sich um ein kleins weisses Papier mit blauen Sternchen. Jeder Stern ist mit dem RAUSCHGIFT LSD getränkt und kann durch den Mund absorbiert werden. Das LSD geht aber auch direkt durch die Haut, indem man das Papier in der Hand hält."},
		{"http://runolfr.blogspot.com/2007/01/how-bill-gates-went-broke.html", "bill-gates-pays-for-forwarding",
			"SORRY EVERYBODY.. JUST HAD TO TAKE THE CHANCE!!! I'm an attorney, And I know the law. This thing is for real. Rest assured AOL and Intel will follow through with their promises for fear of facing a multimillion-dollar class action suit similar to the one filed by PepsiCo against General Electric not too long ago."},
	} {
		ms := m.Scan(tc.text)
		var marks []match.Match
		for _, x := range ms {
			if x.ID == tc.want && x.Tier == match.Matches {
				marks = append(marks, x)
			}
		}
		if len(marks) != 1 {
			t.Errorf("%s: %d warning marks of %s, want one: %s", tc.source, len(marks), tc.want, describe(tc.text, ms))
			continue
		}
		bare := strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) {
				return r
			}
			return -1
		}, tc.text[:marks[0].Start]+tc.text[marks[0].End:])
		if bare != "" {
			t.Errorf("%s: letters outside the mark %q: %s", tc.source, bare, describe(tc.text, ms))
		}
	}
}

// TestStyledAcronyms: an acronym written with dots in styled or fullwidth
// letters, as posts in "fancy" fonts do, reads as the same word as in plain
// letters, so the copy scores exactly as the plain one. The phrase is the
// Blue Star tattoo flier as quoted on lycaeum.org (the bundled list's
// blue-star-lsd-tattoos rumor).
func TestStyledAcronyms(t *testing.T) {
	const phrase = "each star is soaked with L.S.D. The drug is absorbed through the skin simply by handling the paper."
	m := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{
		{ID: "blue-star", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{phrase}}}},
	}})
	plain := m.Scan(phrase)
	if len(plain) != 1 {
		t.Fatalf("the phrase itself: %d matches, want 1", len(plain))
	}
	for _, text := range []string{
		strings.Replace(phrase, "L.S.D.", "𝐋.𝐒.𝐃.", 1),
		strings.Replace(phrase, "L.S.D.", "Ｌ．Ｓ．Ｄ．", 1),
		strings.Replace(phrase, "L.S.D.", "𝑳.S.𝑫.", 1),
	} {
		got := m.Scan(text)
		if len(got) != 1 || got[0].Score != plain[0].Score || got[0].Tier != plain[0].Tier || got[0].Start != 0 || got[0].End != strings.LastIndex(text, "paper")+len("paper") {
			t.Errorf("%q: %+v, want one match scored as the plain text's %+v", text, got, plain[0])
		}
	}
}

// A phrase that writes "12,7PH" as one word and a text that writes it apart
// (and the other way round) join at several places of one window: the
// clause checks read the text between neighbouring tokens, which must not
// overlap (an early joinNumbers made the joined token end past the next
// one's start, and scanning this phrase panicked). As boatos.org quoted the
// Portuguese pH chain.
func TestJoinedNumbersKeepTokensApart(t *testing.T) {
	phrase := "Alguns dos quais são: : Limão 9,9 PH Abacate 15,6 PH Alho 13,2PH Manga 8,7 PH Tangerina 8,0 PH Abacaxi 12,7PH Laranja 9.2 PH Não guarde essas informações apenas, para você. Passe para toda a sua família e amigos. Tome cuidado e Deus te abençoe."
	m := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{{ID: "ph", Phrases: []rumorlist.Phrases{{Lang: "pt", Texts: []string{phrase}}}}}})
	for _, text := range []string{
		phrase,
		"Manga 8,7 PH Tangerina 8,0 PH Abacaxi 12,7 PH Laranja 9.2 PH",
		"Alguns dos quais são: Limão 9,9PH Abacate 15,6PH Alho 13,2 PH Manga 8,7PH Tangerina 8,0PH Abacaxi 12,7 PH Laranja 9.2PH Não guarde essas informações apenas, para você.",
	} {
		ms := m.Scan(text)
		if want := match.ScanExhaustive(m, text); !slices.Equal(ms, want) {
			t.Errorf("%q: the bounds changed the result: %+v, exhaustive %+v", text, ms, want)
		}
		for _, x := range ms {
			if x.Start < 0 || x.End > len(text) || x.Start >= x.End {
				t.Errorf("%q: span %d..%d", text, x.Start, x.End)
			}
		}
	}
	// Both forms are the same words: the spaced copy is the rumor.
	text := "Alguns dos quais são: Limão 9,9PH Abacate 15,6PH Alho 13,2 PH Manga 8,7PH Tangerina 8,0PH Abacaxi 12,7 PH Laranja 9.2PH Não guarde essas informações apenas, para você."
	ms := m.Scan(text)
	if len(ms) != 1 || ms[0].Tier != match.Matches || !strings.Contains(text[ms[0].Start:ms[0].End], "Abacaxi 12,7 PH") {
		t.Errorf("%q: want one warning over the list: %s", text, describe(text, ms))
	}
}

// TestNumberWords: a number written as a word on one side and in digits on
// the other is the same number (real pairs from the wild sets, each text as
// the named page quotes it against a phrase of another page), and a
// different number, in either form, is still refused.
func TestNumberWords(t *testing.T) {
	m := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{
		// As ipreunion.com (AFP) quoted it.
		{ID: "stroke-needle", Phrases: []rumorlist.Phrases{{Lang: "fr", Texts: []string{
			"Lorsque les 10 doigts commenceront à saigner, il faut attendre quelques minutes et vous verrez que la victime sera de retour à la vie comme si elle avait été ressuscitée !"}}}},
		// A Portuguese phrase that writes the number as a word, and a
		// Spanish one that writes it in digits.
		{ID: "one-ring", Phrases: []rumorlist.Phrases{
			{Lang: "pt", Texts: []string{"podem copiar sua lista de contactos em três segundos"}},
			{Lang: "es", Texts: []string{"Si usted conectar de vuelta, ellos pueden copiar su lista de contactos en 3 segundos"}},
		}},
		{ID: "helicopters", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
			"nobody should be on the street. Doors and windows should remain closed as 5 helicopters spray disinfectants into the air to eradicate the"}}}},
	}})
	tests := []warningCase{
		// medisite.fr
		{"word for digits (fr)", "Voici comment sauver une personne rapidement qui vient de succomber à un AVC [...] Lorsque les dix doigts commenceront à saigner, il faut attendre quelques minutes et vous verrez que la victime sera de retour à la vie", "stroke-needle"},
		// boatos.org
		{"digits for a word (pt)", "Se você ligar de volta, eles podem copiar sua lista de contatos em 3 segundos", "one-ring"},
		// rtve.es
		{"word for digits (es)", "pueden copiar su lista de contactos en tres segundos", "one-ring"},
		// vancourier.com
		{"word for digits (en)", "Tonight from 11:40 p.m., nobody should be on the streets because five helicopters will be spraying disinfectant in the air to eradicate the COVID-19. Doors and windows should remain closed.", "helicopters"},
		// Another number, in either form: not the rumor.
		{"another number as a word", "Lorsque les huit doigts commenceront à saigner, il faut attendre quelques minutes et vous verrez que la victime sera de retour à la vie", ""},
		{"another number in digits, against a word", "Se você ligar de volta, eles podem copiar sua lista de contatos em 5 segundos", ""},
		{"another number word, against a word", "Se você ligar de volta, eles podem copiar sua lista de contatos em cinco segundos", ""},
		{"a number word the table leaves out", "pueden copiar su lista de contactos en trece segundos", ""},
	}
	checkWarnings(t, m, tests)
}

// TestNumberWordsInAFactCheck: a fact-check that restates the claim with the
// number as a word ("two years", The Standard, Zimbabwe) against a phrase
// with digits (youturn.in's "2 years") is what it would be with the digits:
// a quiet mark, framed as a fact-check, never a warning.
func TestNumberWordsInAFactCheck(t *testing.T) {
	m := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{{ID: "montagnier", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
		"All people who are vaccinated will die within 2 years – Luc Montagnier"}}}}}})
	for _, text := range []string{
		"It is not true that Montagnier said all people vaccinated against Covid-19 would die within two years.",
		"It is not true that Montagnier said all people vaccinated against Covid-19 would die within 2 years.",
	} {
		ms := m.Scan(text)
		if len(ms) == 0 {
			t.Errorf("%q: no mark; the sentence restates the claim", text)
		}
		for _, x := range ms {
			if x.Tier == match.Matches || !x.Debunked {
				t.Errorf("%q: %s, debunked %v; want a quiet mark framed as a fact-check: %s", text, x.Tier, x.Debunked, describe(text, ms))
			}
		}
	}
}

// TestNameTypoAndOmission: a name must be the phrase's name for the warning
// tier, and copies of a chain misspell a name as they misspell any word, or
// leave out a name in brackets. A typo inside a name counts (nameTypo); a
// name left out with nothing in its place does not take the warning away
// (nameOmitted). Another name, or a name changed at its start or end, still
// does.
func TestNameTypoAndOmission(t *testing.T) {
	m := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{
		// larepublica.pe
		{ID: "autopsies", Phrases: []rumorlist.Phrases{{Lang: "es", Texts: []string{
			"Los médicos italianos desobedecieron la ley mundial de la Organización Mundial de la Salud (OMS), de no hacer autopsias en los muertos del coronavirus y ellos encontraron que no es un virus, sino una bacteria la que produce la muerte"}}}},
		// doiscliques.blogs.sapo.pt
		{ID: "olympic-torch", Phrases: []rumorlist.Phrases{{Lang: "pt", Texts: []string{
			"É o pior vírus anunciado pela CNN e classificado pela Microsoft como o mais destrutivo que já existiu. Foi descoberto ontem pela McKafee e aguarda-se upgrade anti-vírus para ele."}}}},
		// ecodibergamo.it
		{ID: "jayden", Phrases: []rumorlist.Phrases{{Lang: "it", Texts: []string{
			"Dite a tutti i contatti della vostra lista di Messenger di non accettare la richiesta di amicizia di Jayden K. Smith."}}}},
		{ID: "sick-baby", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
			"This little baby has cancer and he need money for surgery Facebook has decided to help by giving 1 Like = 2 dollars . 1 Comment = 4 dollars . One Share = 8 dollars, Please dont scroll down without typing Ameen"}}}},
	}})
	tests := []warningCase{
		// tiempodesanjuan.com
		{"acronym in brackets left out (es)", "los médicos italianos desobedecieron la ley mundial de la Organización Mundial de la Salud de no hacer autopsias en los muertos del coronavirus", "autopsies"},
		// nextquotidiano.it
		{"name left out (it)", "Per favore dite a tutti i vostri contatti di non accettare la richiesta di amicizia di Jayden K. Smith.", "jayden"},
		// 5minseg.blogspot.com
		{"name misspelt in the phrase (pt)", "É o pior vírus anunciado pela CNN e classificado pela Microsoft como o mais destrutivo que já existiu. Ele foi descoberto ontem à tarde pela McAfee e não existe Anti-vírus para ele.", "olympic-torch"},
		// mic.com
		{"name misspelt in the text (en)", "This little baby has cancer and he need money for surgery. Facebook has decided to help by giving. 1 Like = 2 dollars. 1 Comment = 4 dollars. 1 Share = 8 dollars. Please don't scroll down without typing Amen.", "sick-baby"},
		// Another name in its place, in brackets or not.
		{"another acronym in its place", "los médicos italianos desobedecieron la ley mundial de la Organización Mundial de la Salud (ONU), de no hacer autopsias en los muertos del coronavirus", ""},
		{"another name put in", "los médicos italianos desobedecieron la ley mundial de la Organización Mundial de la Salud de Rusia de no hacer autopsias en los muertos del coronavirus", ""},
		{"another company", "É o pior vírus anunciado pela CNN e classificado pela Microsoft como o mais destrutivo que já existiu. Foi descoberto ontem pela Bitdefender e aguarda-se upgrade anti-vírus para ele.", ""},
		// A name changed at its start or its end is another name.
		{"changed at its start", "Dite a tutti i contatti della vostra lista di Messenger di non accettare la richiesta di amicizia di Hayden K. Smith.", ""},
		{"changed at its end", "This little baby has cancer and he need money for surgery Facebook has decided to help by giving 1 Like = 2 dollars . 1 Comment = 4 dollars . One Share = 8 dollars, Please dont scroll down without typing Ameer", ""},
	}
	checkWarnings(t, m, tests)
}

// TestNegativeConcord: Spanish (as Portuguese, Italian and French) says a
// negation twice in one clause ("No doy permiso a Whatsapp ni a ninguna
// organización"), and a copy that drops or adds the second says the same.
// Dropping the first, or the only one, still flips the claim.
func TestNegativeConcord(t *testing.T) {
	// eldia.es
	const phrase = "No doy permiso a Whatsapp ni a ninguna organización asociada a Whatsapp, como Facebook e Instagram para usar mis imágenes, información, mensajes, fotos, mensajes eliminados"
	m := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{{ID: "new-rule", Phrases: []rumorlist.Phrases{{Lang: "es", Texts: []string{phrase}}}}}})
	// The other way round: the phrase without the second negation.
	m2 := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{{ID: "new-rule", Phrases: []rumorlist.Phrases{{Lang: "es", Texts: []string{
		"No doy permiso a WhatsApp ni a sus afiliados, como Facebook e Instagram, para usar mis imágenes, información, mensajes, fotos, mensajes eliminados, archivos"}}}}}})
	tests := []struct {
		name string
		m    *match.Matcher
		text string
		want bool // a warning-tier mark from the text's first word
	}{
		// vanguardia.com
		{"second negation dropped", m, "No doy permiso a WhatsApp ni a sus afiliados, como Facebook e Instagram, para usar mis imágenes, información, mensajes, fotos, mensajes eliminados, archivos, etc. Esto es real.", true},
		{"second negation added", m2, "No doy permiso a Whatsapp ni a ninguna organización asociada a Whatsapp, como Facebook e Instagram para usar mis imágenes, información, mensajes, fotos, mensajes eliminados", true},
		{"first negation dropped", m, "Doy permiso a Whatsapp ni a ninguna organización asociada a Whatsapp, como Facebook e Instagram para usar mis imágenes, información, mensajes, fotos, mensajes eliminados", false},
		{"both dropped", m2, "Doy permiso a WhatsApp y a sus afiliados, como Facebook e Instagram, para usar mis imágenes, información, mensajes, fotos, mensajes eliminados, archivos", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := tc.m.Scan(tc.text)
			warned := false
			for _, x := range ms {
				warned = warned || x.Tier == match.Matches && x.Start == 0
			}
			if warned != tc.want {
				t.Errorf("%q: warning %v, want %v: %s", tc.text, warned, tc.want, describe(tc.text, ms))
			}
		})
	}
}

// warningCase is a text and the rumor it must be noted as at the warning
// tier, "" for none.
type warningCase struct{ name, text, want string }

// checkWarnings scans each case's text and checks its warning-tier notes.
func checkWarnings(t *testing.T, m *match.Matcher, tests []warningCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := m.Scan(tc.text)
			var notes []string
			for _, x := range ms {
				if x.Tier == match.Matches {
					notes = append(notes, x.ID)
				}
			}
			if tc.want == "" && len(notes) > 0 || tc.want != "" && !slices.Equal(notes, []string{tc.want}) {
				t.Errorf("%q: warning-tier notes %v, want [%s]: %s", tc.text, notes, tc.want, describe(tc.text, ms))
			}
		})
	}
}
