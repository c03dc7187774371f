package textnorm_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii", "Every conversation. Every photo.", "every conversation every photo"},
		{"diacritics", "privéberichten Ünïcödé façade", "priveberichten unicode facade"},
		{"cyrillic e in Meta", "Mеta", "meta"},
		{"greek capitals", "ΜΕΤΑ ΑΙ", "meta ai"},
		{"fullwidth", "ＭＥＴＡ　ＡＩ", "meta ai"},
		{"math bold", "𝐌𝐞𝐭𝐚 𝐀𝐈", "meta ai"},
		{"zero width inside a word", "Me\u200bta Fa\u200dce\u2060book", "meta facebook"},
		{"soft hyphen", "conver\u00adsation", "conversation"},
		{"apostrophes", "Meta's Meta’s don’t", "metas metas dont"},
		{"punctuation and emoji separate", "AI🔥AI...AI—AI", "ai ai ai ai"},
		{"line breaks and runs of space", "fed\n\ninto \t AI", "fed into ai"},
		{"ligatures and sharp s", "ﬁle Straße", "file strasse"},
		{"combining marks", "e\u0301e\u0300", "ee"},
		{"han one token each", "東京です", "東 京 て す"},
		{"hangul kept whole", "한국어", "한국어"},
		{"dutch ij and accents", "Één ĳsje, géén", "een ijsje geen"},
		{"polish", "Łódź", "lodz"},
		{"invalid utf8 separates", "ab\xffcd", "ab cd"},
		{"acronyms with dots", "A.I. and the U.S.A. e.g. here. I. Am", "ai and the usa eg here i am"},
		{"acronyms in styled letters", "𝐋.𝐒.𝐃. and 𝑳.𝑺.𝑫", "lsd and lsd"},
		{"acronyms with fullwidth letters and dots", "Ｌ．Ｓ．Ｄ． Ｕ.Ｓ.Ａ. ﹒x", "lsd usa x"},
		{"acronyms mixing plain and styled letters", "L.𝐒.D. 𝐋.S.D. A．I．", "lsd lsd ai"},
		{"acronyms with the one-dot leader and small full stop", "L\u2024S\u2024D L\ufe52S\ufe52D", "lsd lsd"},
		{"styled dots inside words stay separators", "ab．cd 𝐚𝐛.𝐜 𝐚.𝐛𝐜 𝐚.𝟏", "ab cd ab c a bc a 1"},
		{"a letter after a non-ASCII letter is not an acronym", "éA.I. ÜB.C", "ea i ub c"},
		{"empty", "", ""},
		{"only punctuation", "!!! ... ???", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := textnorm.Normalize(tt.in).Norm; got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenOffsets(t *testing.T) {
	in := "“Mеta’s” 😱 privé-berichten"
	toks := textnorm.Tokens(in)
	want := []struct{ orig, norm string }{{"Mеta’s", "metas"}, {"privé", "prive"}, {"berichten", "berichten"}}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens, want %d: %v", len(toks), len(want), toks)
	}
	for i, w := range want {
		if got := in[toks[i].Start:toks[i].End]; got != w.orig || toks[i].Text != w.norm {
			t.Errorf("token %d = %q (%q), want %q (%q)", i, got, toks[i].Text, w.orig, w.norm)
		}
	}
}

func ExampleNormalize() {
	t := textnorm.Normalize("Mеta’s new rule: EVERY photo… fed into 𝐀𝐈!")
	fmt.Println(t.Norm)
	// Output: metas new rule every photo fed into ai
}

func ExampleTokens() {
	text := "Privéberichten → AI?"
	for _, tok := range textnorm.Tokens(text) {
		fmt.Printf("%q at %d..%d is %q\n", text[tok.Start:tok.End], tok.Start, tok.End, tok.Text)
	}
	// Output:
	// "Privéberichten" at 0..15 is "priveberichten"
	// "AI" at 20..22 is "ai"
}

// FuzzNormalize states the properties the matcher relies on: offsets stay
// inside the input and in order, tokens are never empty, and normalizing
// twice changes nothing (phrases and page text meet in the same form).
func FuzzNormalize(f *testing.F) {
	long := strings.Repeat("Every conversation. Every photo. Every voice message -- fed into AI, from 16 December 2025; ", 4)
	// Long enough for the 64-byte block walk, with the typographic
	// punctuation it takes itself.
	typo := strings.Repeat("It’s “quoted” — and… don’t\u00a0stop, ‘she’ said – 2025. ", 3)
	for _, s := range []string{"Every conversation. Every photo.", "Mеta’s privé", "東京 ＭＥＴＡ 𝐀𝐈", "a\u200bb\u0301", "\xff\xfe", "", long, long[:100] + "A.I. don't" + long[100:], typo, long[:90] + "𝐋.𝐒.𝐃. Ｕ．Ｓ． L.𝐒." + long[90:]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := textnorm.Tokens(s)
		prevEnd := 0
		for _, tok := range toks {
			if tok.Start < prevEnd || tok.Start >= tok.End || tok.End > len(s) {
				t.Fatalf("token %+v out of order or range (prev end %d, len %d)", tok, prevEnd, len(s))
			}
			if tok.Text == "" {
				t.Fatal("empty token")
			}
			prevEnd = tok.End
		}
		n := textnorm.Normalize(s)
		if len(n.Orig) != len(n.Norm)+1 {
			t.Fatalf("offset map has %d entries for %d bytes", len(n.Orig), len(n.Norm))
		}
		for i := 1; i < len(n.Orig); i++ {
			if n.Orig[i] < n.Orig[i-1] || n.Orig[i] > len(s) {
				t.Fatalf("offset map not in order or out of range at %d: %v", i, n.Orig)
			}
		}
		if !utf8.ValidString(n.Norm) {
			t.Fatalf("normalized text is not UTF-8: %q", n.Norm)
		}
		if again := textnorm.Normalize(n.Norm).Norm; again != n.Norm {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n.Norm, again)
		}
		// The scanner's hashing walk sees exactly the tokens of Each.
		var tz textnorm.Tokenizer
		hashesLikeEach(t, &tz, s)
		if strings.Contains(n.Norm, "  ") {
			t.Fatalf("double space in %q", n.Norm)
		}
	})
}

func BenchmarkTokenize(b *testing.B) {
	text := strings.Repeat("The city council met on Tuesday to discuss the new budget for road repairs. Privéberichten, façade! ", 1000)
	var tz textnorm.Tokenizer
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		n := 0
		tz.Each(text, func(start, end int, word []byte) { n++ })
	}
	b.ReportMetric(float64(len(text))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
}

// TestAppendHashesLongRuns covers the eight-bytes-at-a-time path: runs that
// end at every offset within a word of eight, words longer than sixteen
// bytes, upper case folded inside a run, and runs cut by the end of text.
func TestAppendHashesLongRuns(t *testing.T) {
	var tz textnorm.Tokenizer
	for _, s := range []string{
		"a ab abc abcd abcde abcdef abcdefg abcdefgh abcdefghi abcdefghijklmnopq",
		"Supercalifragilisticexpialidocious MIXEDcaseWORDS 1234567890abcdefXYZ end",
		"ZZZZZZZZ zzzzzzzz AAAAAAAAAAAAAAAAAAAAAAAAA!  don't U.S.A. privéberichten fed@AI",
		"tail-is-shorter-than-eight-bytes x",
		"@[`{/:", // the bytes just outside the letter and digit ranges
	} {
		hashesLikeEach(t, &tz, s)
	}
}

// TestAppendHashesEveryAlignment puts the cases the eight-byte walk hands to
// the byte-wise one (acronym dots, apostrophes, non-ASCII) and the ones it
// keeps (sentence dots, separators) at every offset of a chunk, after and
// before both words and separators.
func TestAppendHashesEveryAlignment(t *testing.T) {
	var tz textnorm.Tokenizer
	snippets := []string{"A.I.", "U.S.A. ", "e.g. x", "don't", "x.y", "ab.c", "a.bc", "1.5", "Ünï", "ZZ.", ". .", "it's.", "`q`", "Mеta", "a\nb", "end.", "𝐋.𝐒.", "L.𝐒.", "A．I．", "𝐚.x", "x.𝐚"}
	fill := []string{"", "a", "ab ", " ", "abcdefghij", "x, ", "Word. "}
	for _, sn := range snippets {
		for _, pre := range fill {
			for _, post := range fill {
				for pad := 0; pad < 9; pad++ {
					s := strings.Repeat("q", pad) + " " + pre + sn + post + " tail words here"
					for cut := 0; cut <= 2; cut++ { // also with the text ending early
						s := s[:len(s)-cut*5]
						hashesLikeEach(t, &tz, s)
					}
				}
			}
		}
	}
}

// TestAppendHashesLongText checks the hashing walk on a longer text, with
// words of every length (one of 80 bytes), and each case the ASCII word loop
// hands to the byte-wise walk put at each of the first 300 offsets.
func TestAppendHashesLongText(t *testing.T) {
	var tz textnorm.Tokenizer
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "I", "of", "The", "word", "Every", "message", "elephant", "COMPUTERS", "privacyprotections",
		"2025", "x9", strings.Repeat("Long", 20)}
	seps := []string{" ", " ", " ", ", ", ". ", "\n", " -- ", "  ", "; ", ".\n"}
	var b strings.Builder
	for b.Len() < 1200 {
		b.WriteString(words[r.IntN(len(words))])
		b.WriteString(seps[r.IntN(len(seps))])
	}
	base := b.String()
	hashesLikeEach(t, &tz, base)
	for _, sn := range []string{"A.I.", "don't", "x.y", "é", "Mеta", "`", "a.", "Z.Z", "U.S.A. ", " 😀 ", "𝐋.𝐒.𝐃.", "Ｕ．Ｓ．"} {
		for off := 0; off < 300; off++ {
			hashesLikeEach(t, &tz, base[:off]+sn+base[off:])
		}
	}
	for cut := len(base) - 80; cut <= len(base); cut++ {
		hashesLikeEach(t, &tz, base[:cut])
	}
}

// TestAppendHashesRandomBlocks runs the hashing walk over random texts
// longer than its 64-byte blocks, made of the byte classes the block walk
// tells apart and the ones it leaves to the byte-wise walk (non-ASCII letters
// and marks, Han, apostrophes, dots of acronyms, digits, the typographic
// punctuation the block walk takes itself and its neighbours in UTF-8), so
// every class
// lands at every place of a block: before, inside and after words, and
// across a block's end.
func TestAppendHashesRandomBlocks(t *testing.T) {
	var tz textnorm.Tokenizer
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "b", "Z", "Q", "x", "7", "0", " ", " ", " ", "  ", ".", ". ", "\n", ",", "'", "`", "-", "é", "\u0301",
		"東", "\u200b", "A.I.", "U.S.", "don't", "abcdefgh", "ABCDEFGHIJ", "w", "@", "[", "{", "/", ":",
		"’", "‘", "“", "”", "—", "–", "…", "\u00a0", "don’t", "′", "\u2011", "\u00a1", "𝐋", "Ｓ", "．", "\u2024", "𝐋.𝐒."}
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		size := 60 + r.IntN(300)
		for b.Len() < size {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		hashesLikeEach(t, &tz, b.String())
	}
}

// hashesLikeEach fails t unless AppendHashes sees exactly the tokens of Each
// in s, with their HashWord.
func hashesLikeEach(t *testing.T, tz *textnorm.Tokenizer, s string) {
	t.Helper()
	toks := textnorm.Tokens(s)
	hashed := tz.AppendHashes(nil, s)
	if len(hashed) != len(toks) {
		t.Fatalf("%q: AppendHashes saw %d tokens, Each %d", s, len(hashed), len(toks))
	}
	for i, tok := range toks {
		h := hashed[i]
		if h.Hash != textnorm.HashWord([]byte(tok.Text)) || int(h.Start) != tok.Start || int(h.End) != tok.End {
			t.Fatalf("%q token %d %q: AppendHashes differs from Each", s, i, tok.Text)
		}
	}
}

// BenchmarkAppendHashes measures the scanner's tokenizing walk, which takes
// ASCII words eight bytes at a time.
func BenchmarkAppendHashes(b *testing.B) {
	for _, c := range []struct{ name, sentence string }{
		{"plain", "The city council met on Tuesday to discuss the new budget for road repairs. Privéberichten, façade! "},
		// Typographic quotes, apostrophes and dashes, as most pages have.
		{"typographic", "The city’s council met on Tuesday — to discuss “the new budget” for road repairs… Privéberichten, façade! "},
	} {
		b.Run(c.name, func(b *testing.B) {
			text := strings.Repeat(c.sentence, 1000)
			var tz textnorm.Tokenizer
			var dst []textnorm.Hashed
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				dst = tz.AppendHashes(dst[:0], text)
			}
			b.ReportMetric(float64(len(text))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
		})
	}
	// A page is many short texts: each sentence and each half of one on
	// its own, so the texts' ends (shorter than a 64-byte block) count.
	b.Run("short texts", func(b *testing.B) {
		var texts []string
		n := 0
		for range 500 {
			for _, t := range []string{"The city council met on Tuesday to discuss the new budget for road repairs.",
				"Privéberichten, façade!", "The city council met on Tuesday", "to discuss the new budget for road repairs."} {
				texts = append(texts, t)
				n += len(t)
			}
		}
		var tz textnorm.Tokenizer
		var dst []textnorm.Hashed
		b.SetBytes(int64(n))
		for b.Loop() {
			for _, t := range texts {
				dst = tz.AppendHashes(dst[:0], t)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
	})
}
