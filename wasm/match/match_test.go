package match_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/scripts/perturb"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

const metaRumor = "meta-dm-ai-training-2025"

func repoRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func bundled(t testing.TB) *rumorlist.List {
	t.Helper()
	l, err := listsrc.Load(filepath.Join(repoRoot(t), "scripts", "lists", "default"))
	if err != nil {
		t.Fatalf("load bundled list: %v", err)
	}
	return l
}

// collected is the bundled list with its collected phrases only, without
// the machine translations (listsrc.TranslationsFile): the perturbation
// tests vary these against the whole list's matcher. Varying the
// translations too would take four times as long and test the same
// generators on rougher text.
func collected(t testing.TB) *rumorlist.List {
	t.Helper()
	s, err := listsrc.LoadCollected(filepath.Join(repoRoot(t), "scripts", "lists", "default"))
	if err != nil {
		t.Fatalf("load bundled list: %v", err)
	}
	return s.Build(nil)
}

func compile(t testing.TB, l *rumorlist.List) *match.Matcher {
	t.Helper()
	m, err := match.Compile(l, match.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func seed(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// covers reports whether some match of rumor id covers most of want.
func covers(text string, ms []match.Match, id, want string, tier match.Tier) bool {
	i := strings.Index(text, want)
	if i < 0 {
		panic("test text not in document: " + want)
	}
	for _, m := range ms {
		if m.ID != id || m.Tier < tier {
			continue
		}
		lo, hi := max(m.Start, i), min(m.End, i+len(want))
		if hi-lo >= len(want)*8/10 {
			return true
		}
	}
	return false
}

func overlaps(text string, ms []match.Match, part string) *match.Match {
	i := strings.Index(text, part)
	if i < 0 {
		panic("test text not in document: " + part)
	}
	for k := range ms {
		if ms[k].Start < i+len(part) && i < ms[k].End {
			return &ms[k]
		}
	}
	return nil
}

// The acceptance of the core: both seed articles quote or restate the Meta DM
// rumor, and report Meta's own statement; only the former may match.
func TestSeedArticles(t *testing.T) {
	m := compile(t, bundled(t))
	tests := []struct {
		file      string
		rumor     []string // must be found, as matches
		resembles []string // must be found, at least as resembling
		neutral   []string // must not be matched at all
	}{
		{
			file:  "en-lifehacker-meta-dms.txt",
			rumor: []string{"Every conversation. Every photo. Every voice message. Fed into AI."},
			resembles: []string{
				"Meta will update its privacy policy to give itself permission to scrape direct messages from users on Instagram, Facebook, and WhatsApp",
			},
			neutral: []string{
				"The update mentioned in the viral rumor isn’t about DMs at all, it’s about how we’ll use people’s interactions with our AI features to further personalize their experience.",
				"We do not use the content of your private messages with friends and family to train our AIs unless you or someone in the chat chooses to share those messages with our AIs.",
				"This also isn’t new, nor is it part of this Dec. 16 privacy policy update.",
				"Meta confirmed as much with outlets, sending the following statement",
				"In both the current and upcoming privacy policies, Meta does say messages you send and receive, including their content as well as their metadata, subject to applicable law, can be used by Meta for a number of functions.",
				"The best thing you can do to preserve your privacy and security with your Meta messages is to use end-to-end encryption (E2EE) whenever possible.",
			},
		},
		{
			file: "nl-meta-berichten-ai.txt",
			rumor: []string{
				"elke conversatie, foto en spraakbericht zou worden ingezet voor AI-training",
			},
			resembles: []string{
				"Meta vanaf 16 december 2025 privéberichten zou gebruiken om zijn AI-systemen te trainen",
			},
			neutral: []string{
				"“De update genoemd in het gerucht gaat niet over DMs, maar over hoe we interacties met onze AI gebruiken om de ervaring te personaliseren”, vertelt Meta aan Lifehacker.",
				"“We gebruiken de inhoud van je privéberichten niet om onze AIs te trainen, tenzij jij of iemand in de chat ervoor kiest die berichten met onze AIs te delen.”",
				"Het bedrijf benadrukt dat privéberichten met vrienden en familie niet automatisch in AI-training terechtkomen.",
				"Meta verzamelt wel gegevens rond berichten, zoals metadata en inhoud, voor andere doeleinden.",
				"Met deze verduidelijking wordt duidelijk dat de update van 16 december geen betrekking heeft op het automatisch verzamelen van privéberichten voor AI-training, maar op interacties die gebruikers zelf met Meta AI aangaan.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			text := seed(t, tt.file)
			ms := m.Scan(text)
			for _, q := range tt.rumor {
				if !covers(text, ms, metaRumor, q, match.Matches) {
					t.Errorf("rumor not matched: %q\nmatches: %s", q, describe(text, ms))
				}
			}
			for _, q := range tt.resembles {
				if !covers(text, ms, metaRumor, q, match.Resembles) {
					t.Errorf("restatement not found: %q\nmatches: %s", q, describe(text, ms))
				}
			}
			for _, q := range tt.neutral {
				if x := overlaps(text, ms, q); x != nil {
					t.Errorf("neutral sentence matched (score %.2f): %q", x.Score, text[x.Start:x.End])
				}
			}
			// Both articles debunk the rumor: every match must say so, so the
			// extension shows a quiet mark, not a warning.
			for _, x := range ms {
				if !x.Debunked {
					t.Errorf("match in a debunk article not marked as debunked: %q", text[x.Start:x.End])
				}
			}
		})
	}
}

func describe(text string, ms []match.Match) string {
	var b strings.Builder
	for _, x := range ms {
		b.WriteString("\n  " + x.Tier.String() + " " + x.ID + " " + strings.TrimSpace(text[x.Start:x.End]))
	}
	return b.String()
}

// minVariantWords is listsrc.MinPhraseWords: a list phrase has at least
// this many words, so a truncated variant shorter than that is below what
// the matcher is meant to find.
const minVariantWords = 6

// TestVariants checks every collected phrase of the bundled list against
// each kind of perturbation, many random draws each, with the whole list.
func TestVariants(t *testing.T) {
	l := collected(t)
	m := compile(t, bundled(t))
	filler := strings.Repeat(seedFiller, 3)
	fams := map[string]string{}
	for _, ru := range l.Rumors {
		fams[ru.ID] = cmp.Or(ru.Family, ru.ID)
	}
	// 8 draws of each phrase: about 18,000 variants per kind, so a recall
	// floor is tested to a few thousandths; more cost CI time without
	// telling more (14 draws gave 25,000 once the list had 1,800 phrase
	// forms, and the suite neared 15 minutes when this machine runs slow;
	// 11 draws, with the 2,169 collected phrases of the promotion, passed
	// it in a slow phase).
	draws := 8
	if testing.Short() {
		draws = 5
	}
	// The tier each kind must reach: a changed surface (case, emoji, look-alikes)
	// changes nothing, so it must be a full match; damaged text must at least be found.
	want := map[perturb.Kind]match.Tier{
		perturb.Verbatim: match.Matches, perturb.CasePunct: match.Matches, perturb.Emoji: match.Matches,
		perturb.Homoglyph: match.Matches, perturb.Embed: match.Matches, perturb.Split: match.Resembles,
		perturb.Typos1: match.Resembles, perturb.Typos3: match.Resembles, perturb.Truncate: match.Resembles,
	}
	for _, kind := range perturb.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel() // the Matcher is safe for concurrent scans; the longest test of the suite
			r := rand.New(rand.NewPCG(1, uint64(len(kind))))
			total, found := 0, 0
			for _, ru := range l.Rumors {
				for _, ps := range ru.Phrases {
					for _, phrase := range ps.Texts {
						// The phrase itself may be noted as a sibling of its
						// rumor (one story per paragraph: a sibling's phrases
						// cover more of the same words); its variants must be
						// noted as the phrase is.
						accept := map[string]bool{ru.ID: true}
						for _, x := range m.Scan(phrase) {
							if x.Tier == match.Matches && fams[x.ID] == fams[ru.ID] {
								accept[x.ID] = true
							}
						}
						for d := 0; d < draws; d++ {
							text := perturb.Apply(kind, phrase, filler, r)
							if kind == perturb.Truncate && (len(strings.Fields(text)) < minVariantWords || match.ContentWords(text) < match.MinWordsResemble) {
								// Shorter than any phrase the list may hold, or a cut
								// that kept fewer content words than any match has
								// ("will look as large as the full"): nothing to find.
								continue
							}
							total++
							if hasAny(m.Scan(text), accept, want[kind]) {
								found++
							} else if total-found <= 3 {
								t.Logf("missed (%s): %q", kind, text)
							}
						}
					}
				}
			}
			recall := float64(found) / float64(total)
			t.Logf("%s: found %d of %d (recall %.3f)", kind, found, total, recall)
			// Typos are random: a draw may destroy most of a short phrase. The
			// evaluation reports these rates; here they must stay high.
			min := 1.0
			switch kind {
			case perturb.Typos3:
				// Three typos in 30 characters leave little of a six-word
				// phrase, and the real list has many short ones.
				min = 0.85
			case perturb.Typos1:
				min = 0.97
			case perturb.Truncate, perturb.Split:
				// A random cut can leave a short phrase with too few content
				// words, or cut a negation in two ("N'oubliez." / "pas la
				// date"), which no repost does; the evaluation reports the rate.
				min = 0.99
			}
			if recall < min {
				t.Errorf("recall %.3f below %.2f", recall, min)
			}
		})
	}
}

func hasAny(ms []match.Match, ids map[string]bool, tier match.Tier) bool {
	for _, x := range ms {
		if ids[x.ID] && x.Tier >= tier {
			return true
		}
	}
	return false
}

func hasRumor(ms []match.Match, id string, tier match.Tier) bool {
	for _, x := range ms {
		if x.ID == id && x.Tier >= tier {
			return true
		}
	}
	return false
}

const seedFiller = `The city council met on Tuesday to discuss the new budget for road repairs. Several residents asked
why the bridge on Main Street had been closed for so long. The mayor said the work would be finished before winter.
A local bakery won a regional prize for its bread. Schools will close early on Friday because of the holiday.
De gemeenteraad vergaderde dinsdag over de begroting. Bewoners vroegen waarom de brug zo lang dicht was.
`

// TestNoMatchInOrdinaryText scans the background corpus (a million words of
// English and the Dutch Debian documentation) with the bundled list: nothing
// may match. scripts/test installs the corpus; without it the test says how.
func TestNoMatchInOrdinaryText(t *testing.T) {
	docs, err := corpus.Load(repoRoot(t))
	if err != nil {
		if os.Getenv("RUMORGUARD_REQUIRE_CORPUS") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	m := compile(t, bundled(t))
	words := 0
	for _, d := range docs {
		words += len(strings.Fields(d.Text))
		for _, x := range m.Scan(d.Text) {
			t.Errorf("%s: %s %s (%.2f) on ordinary text: %q", d.Name, x.Tier, x.ID, x.Score, d.Text[x.Start:x.End])
		}
	}
	t.Logf("scanned %d documents, %d words", len(docs), words)
	if words < 1_000_000 {
		t.Errorf("background corpus has %d words, want at least a million", words)
	}
}

// TestBoundsAreExact: the bounds that skip alignments must never skip one
// that would have matched. Every variant of the bundled list's collected
// phrases, the seeds, and a synthetic 1,000-rumor list over ordinary text
// (hundreds of candidates, most rejected by the bounds) must scan the same
// with and without them, against the whole list.
func TestBoundsAreExact(t *testing.T) {
	t.Parallel()
	l := collected(t)
	m := compile(t, bundled(t))
	same := func(t *testing.T, m *match.Matcher, text string) {
		t.Helper()
		if got, want := m.Scan(text), match.ScanExhaustive(m, text); !reflect.DeepEqual(got, want) {
			t.Errorf("the bounds changed the result on %.80q:\n with    %+v\n without %+v", text, got, want)
		}
	}
	filler := strings.Repeat(seedFiller, 3)
	// The list's perturbed phrases in two halves that run at once: 30,000
	// scans (two of each kind for every other phrase form, one for the
	// rest; two each while the list had 1,711 collected phrases, three at
	// 1,400), each also run without the bounds, are most of this package's
	// test time on CI's two cores.
	for half := range 2 {
		t.Run(fmt.Sprintf("perturbed phrases, half %d", half), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(3, uint64(3+half)))
			for i, ru := range l.Rumors {
				if i%2 != half {
					continue
				}
				for _, ps := range ru.Phrases {
					for k, phrase := range ps.Texts {
						for _, kind := range perturb.Kinds {
							for d := 0; d < 1+k%2; d++ {
								same(t, m, perturb.Apply(kind, phrase, filler, r))
							}
						}
					}
				}
			}
		})
	}
	for _, name := range []string{"en-lifehacker-meta-dms.txt", "nl-meta-berichten-ai.txt"} {
		same(t, m, seed(t, name))
	}
	source, text := loadBench(t)
	big, err := match.Compile(synth.List(1000, source, 1), match.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for off := 0; off+100_000 <= len(text) && off < 400_000; off += 100_000 {
		same(t, big, text[off:off+100_000])
	}
}

// Meaning flips: names, numbers and negations must match exactly.
func TestMeaningFlips(t *testing.T) {
	l := &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{{
		ID: "nk", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
			"Breaking: North Korea has launched a nuclear missile toward Japan this morning, officials confirm.",
		}}},
	}, {
		ID: "vax", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
			"The new vaccine changes your DNA permanently and the government is hiding it from you.",
		}}},
	}}}
	m := compile(t, l)
	tests := []struct {
		text string
		want match.Tier // the best tier any match may reach
	}{
		{"Breaking: North Korea has launched a nuclear missile toward Japan this morning, officials confirm.", match.Matches},
		{"Breaking: South Korea has launched a nuclear missile toward Japan this morning, officials confirm.", match.Resembles},
		{"The new vaccine does not change your DNA permanently and the government is not hiding it from you.", 0},
	}
	for _, tt := range tests {
		var got match.Tier
		for _, x := range m.Scan(tt.text) {
			got = max(got, x.Tier)
		}
		if tt.want == match.Matches && got != match.Matches {
			t.Errorf("%q: got tier %v, want a match", tt.text, got)
		}
		if tt.want < match.Matches && got > tt.want {
			t.Errorf("%q: got tier %v, want at most %v", tt.text, got, tt.want)
		}
	}
}

// A negation just before a quoted rumor counts only within its clause:
// "does not | change your DNA" negates the claim, "Not true: <rumor>"
// frames it as a fact-check and "I can't believe it, <rumor>" spreads it.
func TestNegationBeforeTheQuote(t *testing.T) {
	const rumor = "The new vaccine changes your DNA permanently and the government is hiding it from you."
	m := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{{
		ID: "vax", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{rumor}}},
	}}})
	tests := []struct {
		text     string
		match    bool
		debunked bool
	}{
		{"It does not change your DNA permanently and the government is hiding it from you.", false, false},
		{"They say it never changes your DNA permanently and the government is hiding it from you.", false, false},
		{"Not true: the new vaccine changes your DNA permanently and the government is hiding it from you.", true, true},
		{"I can't believe it, the new vaccine changes your DNA permanently and the government is hiding it from you.", true, false},
		{"Don't look away — the new vaccine changes your DNA permanently and the government is hiding it from you.", true, false},
		{"No. The new vaccine changes your DNA permanently and the government is hiding it from you.", true, false},
	}
	for _, tt := range tests {
		var got []match.Match
		for _, x := range m.Scan(tt.text) {
			if x.Tier == match.Matches {
				got = append(got, x)
			}
		}
		if !tt.match {
			if len(got) > 0 {
				t.Errorf("%q: matched %+v; the text negates the claim", tt.text, got[0])
			}
			continue
		}
		if len(got) != 1 {
			t.Errorf("%q: %d matches, want 1", tt.text, len(got))
			continue
		}
		if got[0].Debunked != tt.debunked {
			t.Errorf("%q: debunked %v, want %v", tt.text, got[0].Debunked, tt.debunked)
		}
	}
}

// A long phrase may name its subject twice, with its negation before the
// first: an excerpt that aligns from the second must not match a text that
// leads into it without the negation. The phrase is a real circulated
// version (boatos.org, promoted from the wild set); the texts are the same
// words without "não", a quote that starts after the negation's clause, and
// the real wording with the phrase's opening left off.
func TestNegationEarlierInTheClause(t *testing.T) {
	const rumor = "EU TAMBÉM NÃO AUTORIZO !!! A partir de “X” de junho de 2016, não dou permissão ao facebook ou às entidades associadas ao facebook para usar minhas imagens, informação ou publicações, tanto do passado como do futuro. Por esta declaração, dou aviso ao facebook que é estritamente proibido divulgar, copiar, distribuir ou tomar qualquer outra ação contra mim com base neste perfil e / ou seu conteúdo. O conteúdo deste perfil é informação privada e confidencial."
	m := compile(t, &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{{
		ID: "notice", Phrases: []rumorlist.Phrases{{Lang: "pt", Texts: []string{rumor}}},
	}}})
	tests := []struct {
		text  string
		match bool
	}{
		{"dou permissão ao Facebook para usar minhas imagens, informação ou publicações tanto do passado como do futuro...", false},
		{"Dou permissão ao facebook ou às entidades associadas ao facebook para usar minhas imagens, informação ou publicações, tanto do passado como do futuro.", false},
		{"O texto diz: \"ao facebook para usar minhas imagens, informação ou publicações, tanto do passado como do futuro. Por esta declaração, dou aviso ao facebook que é estritamente proibido divulgar\".", true},
		{"Não dou permissão ao facebook ou às entidades associadas ao facebook para usar minhas imagens, informação ou publicações, tanto do passado como do futuro. Por esta declaração, dou aviso ao facebook que é estritamente proibido divulgar, copiar, distribuir ou tomar qualquer outra ação contra mim.", true},
	}
	for _, tt := range tests {
		got := false
		for _, x := range m.Scan(tt.text) {
			got = got || x.Tier == match.Matches
		}
		if got != tt.match {
			t.Errorf("%q: matches %v, want %v", tt.text, got, tt.match)
		}
	}
}

// Very short texts never reach the top tier, however well they fit.
func TestShortTextsStayQuiet(t *testing.T) {
	m := compile(t, bundled(t))
	for _, text := range []string{"Every conversation.", "Every photo. Every voice message.", "Fed into AI"} {
		for _, x := range m.Scan(text) {
			if x.Tier == match.Matches {
				t.Errorf("%q reached the top tier", text)
			}
		}
	}
}

func TestSpansAreByteOffsets(t *testing.T) {
	m := compile(t, bundled(t))
	prefix := "Ünïcödé prefix — 日本語 😱 "
	text := prefix + "Every conversation. Every photo. Every voice message. Fed into AI. The end."
	ms := m.Scan(text)
	if len(ms) != 1 {
		t.Fatalf("got %d matches, want 1", len(ms))
	}
	if got, want := text[ms[0].Start:ms[0].End], "Every conversation. Every photo. Every voice message. Fed into AI"; got != want {
		t.Errorf("span %q, want %q", got, want)
	}
}

func TestScanBatch(t *testing.T) {
	m := compile(t, bundled(t))
	texts := []string{"nothing to see here", "Every conversation. Every photo. Every voice message. Fed into AI.", ""}
	got := m.ScanBatch(texts)
	if len(got) != 3 || len(got[0]) != 0 || len(got[1]) != 1 || len(got[2]) != 0 {
		t.Fatalf("ScanBatch = %v", got)
	}
}

func TestCompileEmpty(t *testing.T) {
	if _, err := match.Compile(&rumorlist.List{Name: "empty"}, match.Options{}); err == nil {
		t.Error("compiling a list with no phrases succeeded")
	}
}

// A phrase longer than 65,535 words (a pasted book, say) is indexed in
// chunks whose word positions do not fit in 16 bits; its end must still be
// found.
func TestVeryLongPhrase(t *testing.T) {
	words := make([]string, 70_000)
	for i := range words {
		words[i] = "word" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26)) + string(rune('a'+i/17576%26))
	}
	l := &rumorlist.List{Name: "long", Rumors: []rumorlist.Rumor{{ID: "long", Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{strings.Join(words, " ")}}}}}}
	m, err := match.Compile(l, match.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := "Seen today: " + strings.Join(words[len(words)-40:], " ") + "."
	if ms := m.Scan(text); !hasRumor(ms, "long", match.Matches) {
		t.Errorf("the end of a 70,000-word phrase was not found: %+v", ms)
	}
}

// A match that ends in an abbreviation ("A.I.") at the very end of a text:
// tokenizing looks ahead, and verification must see the same words as the scan.
func TestAbbreviationAtEnd(t *testing.T) {
	m := compile(t, bundled(t))
	for _, text := range []string{
		"Every conversation. Every photo. Every voice message. Fed into A.I.",
		"Every conversation. Every photo. Every voice message. Fed into A.I",
		"Every convresation, every phot0, every voice mesage... fed into A.I. 😱",
	} {
		if !hasRumor(m.Scan(text), metaRumor, match.Matches) {
			t.Errorf("not matched: %q", text)
		}
	}
}

// FuzzScan: whatever the text, Scan does not panic and its spans lie inside
// the text, in order, on UTF-8 boundaries.
//
// The seeds are one phrase per rumor and language, not all of them: the
// fuzzer runs every seed before it mutates any, and the list's 8,000 texts
// took half a minute of a short run that way. TestBoundsAreExact compares
// variants of every collected phrase with and without the bounds.
func FuzzScan(f *testing.F) {
	l := bundled(f)
	m := compile(f, l)
	for _, r := range l.Rumors {
		for _, p := range r.Phrases {
			if len(p.Texts) > 0 {
				f.Add(p.Texts[0])
			}
		}
	}
	f.Add("A.I. A.I. A.\xffI.")
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		got := m.Scan(text)
		if want := match.ScanExhaustive(m, text); !reflect.DeepEqual(got, want) {
			t.Fatalf("the bounds changed the result:\n with    %+v\n without %+v", got, want)
		}
		for _, x := range got {
			if x.Start < prev || x.Start >= x.End || x.End > len(text) {
				t.Fatalf("span %d..%d out of order or range (prev %d, len %d)", x.Start, x.End, prev, len(text))
			}
			if x.Score < 0 || x.Score > 1 || x.Tier < match.Resembles || x.Tier > match.Matches {
				t.Fatalf("bad score or tier: %+v", x)
			}
			prev = x.Start
		}
		// One quote of a rumor is one mark: no two marks of one rumor and
		// tier overlap.
		for i, x := range got {
			for _, y := range got[i+1:] {
				if x.Rumor == y.Rumor && x.Tier == y.Tier && y.Start < x.End {
					t.Fatalf("two overlapping marks of %s: %d..%d and %d..%d", x.ID, x.Start, x.End, y.Start, y.End)
				}
			}
		}
	})
}

func TestFramed(t *testing.T) {
	m := compile(t, bundled(t))
	for text, want := range map[string]bool{
		"Geruchten op sociale media":    true,
		"No, this viral post is a hoax": true,
		"Dat klopt niet, zegt Meta":     true,
		"Update op 16 december: gebruiken Instagram en Facebook mijn berichtjes voor AI?": false,
		"Meta's new privacy policy explained":                                             false,
		"":                                                                                false,
	} {
		if got := m.Framed(text); got != want {
			t.Errorf("Framed(%q) = %v, want %v", text, got, want)
		}
	}
}
