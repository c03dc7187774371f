// Package textnorm turns text into normalized word tokens that remember where
// they came from.
//
// Rumors are copy-pasted, retyped and disguised, so two texts that a reader
// sees as the same words must give the same tokens: Unicode compatibility forms
// (NFKD: fullwidth and mathematical letters, ligatures), case, diacritics
// ("privéberichten" = "priveberichten"), and look-alike letters from other
// scripts ("Mеta" with a Cyrillic е is "meta") are folded away. Punctuation,
// symbols, emoji and whitespace separate words; zero-width and other invisible
// format characters, combining marks and apostrophes are dropped without
// splitting a word, because a reader does not see them either ("Me\u200bta" is
// "meta", "Meta's" is "metas"). Han, kana and Thai letters become one token
// each, since those scripts do not put spaces between words.
//
// Every token carries the byte offsets of the original text it came from, so
// a match found in normalized text maps back to the page.
package textnorm

//go:generate go run gen_letterlike.go

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one normalized word and the bytes of the original text it spans.
type Token struct {
	Start, End int    // byte offsets into the original text, Start < End
	Text       string // normalized: lower-case letters and digits, never empty
}

// class says what a rune contributes to tokens.
type class uint8

const (
	classSep  class = iota // ends the current token
	classWord              // letters or digits, part of a token
	classDrop              // invisible: contributes nothing, splits nothing
	classOwn               // a token of its own (Han, kana, Thai)
)

type fold struct {
	s     string
	class class
	done  bool
}

// Tokenizer splits text into tokens. Its zero value is ready to use; it caches
// the folding of non-ASCII letters, so reuse one per goroutine. It is not safe
// for concurrent use.
type Tokenizer struct {
	low  [0x800 - 0x80]fold // U+0080..U+07FF: Latin, Greek, Cyrillic
	high map[rune]fold
	word []byte
}

// Each calls fn for every token of s, in order. word is the normalized token;
// it is only valid during the call.
func (t *Tokenizer) Each(s string, fn func(start, end int, word []byte)) {
	w := t.word[:0]
	start, end := -1, -1
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// ASCII fast path: most page text is ASCII, and most of it
			// letters, taken eight at a time where the text allows (the
			// matcher tokenizes each candidate's window with Each: at
			// 100,000 rumors that was ~5% of a scan in node, byte by byte).
			if asciiFold[c] > 1 && i+8 <= len(s) {
				v, n := wordRun(load64(s, i)) // n ≥ 1: c is a letter or digit
				if len(w) == 0 {
					start = i
				}
				w = binary.LittleEndian.AppendUint64(w, v)[:len(w)+n]
				i += n
				end = i
				continue
			}
			switch f := asciiFold[c]; f {
			case 0: // separator
				if c == '.' && t.inAcronym(s, i, 1) {
					break // "A.I." is "ai", "U.S.A." is "usa"
				}
				if len(w) > 0 {
					fn(start, end, w)
					w = w[:0]
				}
			case 1: // dropped
			default:
				if len(w) == 0 {
					start = i
				}
				w = append(w, f)
				end = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f := t.fold(r)
		switch f.class {
		case classWord:
			if len(w) == 0 {
				start = i
			}
			w = append(w, f.s...)
			end = i + size
		case classSep:
			if len(w) > 0 && !(isDot(r) && t.inAcronym(s, i, size)) {
				fn(start, end, w)
				w = w[:0]
			}
		case classOwn:
			if len(w) > 0 {
				fn(start, end, w)
				w = w[:0]
			}
			fn(i, i+size, append(w, f.s...))
		}
		i += size
	}
	if len(w) > 0 {
		fn(start, end, w)
	}
	t.word = w[:0]
}

// inAcronym reports whether the dot at s[i:i+size] sits between single
// letters of an abbreviation written with dots: "A.I.", "U.S.A.", and the
// same in styled or fullwidth letters and dots ("𝐋.𝐒.𝐃.", "Ｌ．Ｓ．Ｄ．"),
// which a reader sees as the same word. Each neighbour is read as the walk
// folds it.
func (t *Tokenizer) inAcronym(s string, i, size int) bool {
	if i == 0 || i+size >= len(s) {
		return false
	}
	before, n := utf8.DecodeLastRuneInString(s[:i])
	if !isLetter(t.single(before)) {
		return false
	}
	if r, _ := utf8.DecodeLastRuneInString(s[:i-n]); i-n > 0 && isLetter(t.single(r)) {
		return false
	}
	j := i + size
	after, n := utf8.DecodeRuneInString(s[j:])
	if !isLetter(t.single(after)) {
		return false
	}
	if j+n == len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[j+n:])
	c := t.single(r)
	return !isLetter(c) && (c < '0' || c > '9')
}

// single returns the one ASCII letter or digit r folds to, or 0.
func (t *Tokenizer) single(r rune) byte {
	if r < utf8.RuneSelf {
		return asciiFold[r] // letters, digits; 0 and 1 are neither
	}
	if f := t.fold(r); f.class == classWord && len(f.s) == 1 && f.s[0] < utf8.RuneSelf {
		return f.s[0]
	}
	return 0
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' }

// isDot reports whether r is a full stop a reader takes for '.': the
// fullwidth and small forms and the one-dot leader, which NFKD folds to '.'.
func isDot(r rune) bool { return r == '.' || r == '\uff0e' || r == '\ufe52' || r == '\u2024' }

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// asciiFold maps an ASCII byte to its folded letter or digit, 0 for a
// separator, or 1 for a byte that is dropped (apostrophes).
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	for c := byte('a'); c <= 'z'; c++ {
		t[c] = c
		t[c-'a'+'A'] = c
	}
	t['\''], t['`'] = 1, 1
	return t
}()

// Tokenize appends the tokens of s to dst.
func (t *Tokenizer) Tokenize(dst []Token, s string) []Token {
	t.Each(s, func(start, end int, word []byte) {
		dst = append(dst, Token{Start: start, End: end, Text: string(word)})
	})
	return dst
}

// Tokens returns the tokens of s.
func Tokens(s string) []Token {
	var t Tokenizer
	return t.Tokenize(nil, s)
}

// Text is a normalized text with an offset map back to its original.
type Text struct {
	// Norm holds the tokens joined by single spaces.
	Norm string
	// Orig maps each byte of Norm to the byte of the original it came from;
	// a separating space maps to the end of the token before it. Orig has
	// len(Norm)+1 entries: the last is the end of the last token.
	Orig []int
}

// Normalize returns s as normalized words separated by single spaces, with an
// offset map back to s.
func Normalize(s string) Text {
	var b strings.Builder
	var orig []int
	var t Tokenizer
	last := 0
	t.Each(s, func(start, end int, word []byte) {
		if b.Len() > 0 {
			b.WriteByte(' ')
			orig = append(orig, last)
		}
		// Spread the token's bytes over its source span, in order, so every
		// byte of a folded token points inside the word it came from.
		n, span := len(word), end-start
		for k := 0; k < n; k++ {
			orig = append(orig, start+k*span/n)
		}
		b.Write(word)
		last = end
	})
	orig = append(orig, last)
	return Text{Norm: b.String(), Orig: orig}
}

func (t *Tokenizer) fold(r rune) fold {
	if r < 0x800 {
		f := &t.low[r-0x80]
		if !f.done {
			*f = foldRune(r)
		}
		return *f
	}
	if f, ok := t.high[r]; ok {
		return f
	}
	f := foldRune(r)
	if t.high == nil {
		t.high = make(map[rune]fold)
	}
	if len(t.high) < 1<<16 { // bound the cache on hostile input
		t.high[r] = f
	}
	return f
}

// foldRune decides what one non-ASCII rune becomes.
func foldRune(r rune) fold { return foldWith(r, true) }

// foldOnce folds without the fixed-point check, for that check itself.
func foldOnce(r rune) fold { return foldWith(r, false) }

func foldWith(r rune, check bool) fold {
	switch {
	case r == utf8.RuneError:
		return fold{class: classSep, done: true}
	case isApostrophe(r), unicode.Is(unicode.Cf, r), unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc),
		unicode.Is(unicode.Variation_Selector, r):
		return fold{class: classDrop, done: true}
	}
	if s, ok := upperLookalike[r]; ok {
		return fold{s: s, class: classWord, done: true}
	}
	if c := letterLikeOf(r); c != 0 {
		// Small capitals, modifier letters, squared and circled letters
		// (ᴛʜᴇ ʀᴜʟᴇs, 🅃🄷🄴): Latin letters to a reader, though Unicode
		// decomposes none of them.
		return fold{s: string(rune(c)), class: classWord, done: true}
	}
	if !unicode.In(r, unicode.L, unicode.N) {
		// Letter-like symbols (ℓ, ①, ㎏) are symbols by category but letters to a reader.
		if !unicode.Is(unicode.So, r) || !strings.ContainsFunc(norm.NFKD.String(string(r)), isASCIIAlnum) {
			return fold{class: classSep, done: true}
		}
	}
	c := classWord
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar) {
		c = classOwn
	}
	var d string
	if unicode.Is(unicode.Hangul, r) {
		d = string(r) // NFKD would split syllables into jamo
	} else {
		d = norm.NFKD.String(string(r))
	}
	var b strings.Builder
	for _, x := range d {
		if unicode.In(x, unicode.Mn, unicode.Me, unicode.Mc) || unicode.Is(unicode.Cf, x) || isApostrophe(x) {
			continue
		}
		if s, ok := upperLookalike[x]; ok {
			b.WriteString(s)
			continue
		}
		if c := letterLikeOf(x); c != 0 {
			b.WriteByte(c)
			continue
		}
		if !unicode.In(x, unicode.L, unicode.N) {
			continue
		}
		x = unicode.ToLower(x)
		if s, ok := lowerLookalike[x]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(x)
	}
	out := b.String()
	if out == "" || check && !fixedPoint(out, c) {
		// A symbol that decomposes into pieces of different kinds ("㍟" is
		// "7点") would tokenize differently a second time; phrases and page
		// text must meet in one form, so such a rune only separates.
		return fold{class: classSep, done: true}
	}
	return fold{s: out, class: c, done: true}
}

// letterLikeOf returns the Latin letter r stands for in letterLike, 0 if none.
func letterLikeOf(r rune) byte {
	i, ok := slices.BinarySearchFunc(letterLike, r, func(e uint32, r rune) int { return int(e>>8) - int(r) })
	if !ok {
		return 0
	}
	return byte(letterLike[i])
}

// fixedPoint reports whether folded text s of class c folds to itself again.
func fixedPoint(s string, c class) bool {
	if c == classOwn && utf8.RuneCountInString(s) != 1 {
		return false
	}
	for _, x := range s {
		if x < utf8.RuneSelf {
			if !isASCIIAlnum(x) || c == classOwn {
				return false
			}
			continue
		}
		if f := foldOnce(x); f.class != c || f.s != string(x) {
			return false
		}
	}
	return true
}

func isASCIIAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

func isApostrophe(r rune) bool {
	switch r {
	case '\u2019', '\u2018', '\u02bc', '\u02b9', '\u00b4', '\uff07', '\u2032':
		return true
	}
	return false
}

// upperLookalike maps capitals of other scripts to the Latin letter they look
// like. It applies before lower-casing, because lower-casing changes the look
// (Cyrillic В looks like B, its lower case в does not look like b).
var upperLookalike = map[rune]string{
	// Cyrillic
	'А': "a", 'В': "b", 'Е': "e", 'К': "k", 'М': "m", 'Н': "h", 'О': "o", 'Р': "p",
	'С': "c", 'Т': "t", 'У': "y", 'Х': "x", 'І': "i", 'Ј': "j", 'Ѕ': "s", 'Ԛ': "q",
	'Ԝ': "w", 'Ӏ': "l", 'Ү': "y",
	// Greek
	'Α': "a", 'Β': "b", 'Ε': "e", 'Ζ': "z", 'Η': "h", 'Ι': "i", 'Κ': "k", 'Μ': "m",
	'Ν': "n", 'Ο': "o", 'Ρ': "p", 'Τ': "t", 'Υ': "y", 'Χ': "x",
}

// lowerLookalike maps lower-case letters that look like a Latin letter, and
// Latin letters that Unicode does not decompose, to plain Latin.
var lowerLookalike = map[rune]string{
	// Cyrillic
	'а': "a", 'е': "e", 'о': "o", 'р': "p", 'с': "c", 'у': "y", 'х': "x", 'і': "i",
	'ј': "j", 'ѕ': "s", 'һ': "h", 'ԁ': "d", 'ԛ': "q", 'ԝ': "w", 'ӏ': "l", 'к': "k",
	'м': "m", 'ү': "y",
	// Greek
	'α': "a", 'ο': "o", 'ρ': "p", 'ι': "i", 'κ': "k", 'ν': "v", 'υ': "u", 'τ': "t",
	'χ': "x", 'ϲ': "c", 'ε': "e", 'η': "n",
	// Latin without a decomposition
	'ı': "i", 'ł': "l", 'ø': "o", 'đ': "d", 'ħ': "h", 'ŀ': "l", 'ß': "ss", 'æ': "ae",
	'œ': "oe", 'ɑ': "a", 'ɡ': "g", 'ɩ': "i", 'ʏ': "y", 'ᴀ': "a",
	// Armenian
	'օ': "o", 'ո': "n", 'ս': "u", 'հ': "h",
}
