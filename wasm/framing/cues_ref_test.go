package framing

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The plain definitions of the cue scanner's text steps. cues.go has
// faster versions (a page's body goes through them several times per
// decision); these say what the fast ones must give.

func tokensReference(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '#')
	})
}

func unquotedReference(s string) string {
	var b strings.Builder
	var want rune
	for _, r := range s {
		if want != 0 {
			if r == want || r == '\n' && want == '"' {
				want = 0
			}
			continue
		}
		if c := closingQuote(r); c != 0 {
			want = c
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func withShortQuotesReference(s string) string {
	const short = 90
	pairs := map[rune]rune{'“': '”', '"': '"', '«': '»', '„': '“', '‘': '’', '‹': '›', '”': '”'}
	var b, q strings.Builder
	var want rune
	for _, r := range s {
		switch {
		case want != 0:
			if r == want || r == '\n' && want == '"' {
				if utf8.RuneCountInString(q.String()) <= short {
					b.WriteString(" " + q.String() + " ")
				}
				q.Reset()
				want = 0
				if r == '\n' {
					b.WriteRune(r)
				}
				continue
			}
			q.WriteRune(r)
		case pairs[r] != 0:
			want = pairs[r]
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hasCueReference marks the words each hedge and negation covers, as the
// rule reads: a hedge the two words before it and the three after, a
// negation the three after it.
func hasCueReference(s string, skip *phraseSet) bool {
	if s == "" {
		return false
	}
	toks := normToks(s)
	hedged := make([]bool, len(toks))
	for _, i := range hedges.find(toks) {
		for j := max(0, i-2); j < i+4 && j < len(toks); j++ {
			hedged[j] = true
		}
	}
	neg := make([]bool, len(toks))
	for _, i := range negations.find(toks) {
		for j := i; j < i+4 && j < len(toks); j++ {
			neg[j] = true
		}
	}
	form := make([]bool, len(toks))
	for _, i := range skip.find(toks) {
		form[i] = true
	}
	for _, i := range debunkCues.find(toks) {
		if !hedged[i] && !neg[i] && !form[i] {
			return true
		}
	}
	return gappedDenial(toks)
}

// checkAgainstReference fails t where a fast text step differs from its
// plain definition on s.
func checkAgainstReference(t *testing.T, s string) {
	t.Helper()
	if got, want := tokens(s), tokensReference(s); !slices.Equal(got, want) {
		t.Fatalf("tokens(%q) = %q, want %q", s, got, want)
	}
	if got, want := unquoted(s), unquotedReference(s); got != want {
		t.Fatalf("unquoted(%q) = %q, want %q", s, got, want)
	}
	if got, want := withShortQuotes(s), withShortQuotesReference(s); got != want {
		t.Fatalf("withShortQuotes(%q) = %q, want %q", s, got, want)
	}
	for _, skip := range []*phraseSet{nil, formCues} {
		if got, want := hasCueExcept(s, skip), hasCueReference(s, skip); got != want {
			t.Fatalf("hasCueExcept(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestCueStepsOnCorpus compares the fast steps with their definitions on
// every page of the corpus, whole and sentence by sentence.
func TestCueStepsOnCorpus(t *testing.T) {
	for _, f := range loadCorpus(t) {
		checkAgainstReference(t, f.Text)
		for _, s := range sentences(f.Text) {
			checkAgainstReference(t, s)
		}
	}
}

func FuzzCueSteps(f *testing.F) {
	for _, s := range []string{
		"", "Das ist ein FAKE! „Bitte teilen“", "«C'est un canular» dit-il", "İSTANBUL Ǆ ǅ ß ẞ",
		"Is it a hoax or not? This is not a hoax. \"It is false\nreally\"", "#Fake ’n’ ISN’T",
		"\xe2\x80\x9cunterminated", "a\xffb \xc2\"q\" \xe2\x80", "ΣΊΣΥΦΟΣ fake news", "k\u212a Kelvin",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Text reaches the decision as valid UTF-8 (the browser's strings
		// cross into wasm through TextEncoder; the tools read UTF-8 files).
		// On invalid bytes the fast steps copy them through where the plain
		// ones write U+FFFD: dropping a quotation can then join two stray
		// bytes into a letter (testdata/fuzz/FuzzCueSteps/65c989c355fd1fcf).
		s = strings.ToValidUTF8(s, "\uFFFD")
		checkAgainstReference(t, s)
	})
}
