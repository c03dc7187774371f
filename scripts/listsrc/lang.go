package listsrc

import (
	"golang.org/x/text/language"

	"github.com/rumorguard/rumorguard/wasm/match"
)

// knownLang accepts two-letter ISO 639-1 codes that exist ("en", "nl"), and
// refuses made-up ones ("xx") and other forms ("EN", "eng", "en-US").
func knownLang(code string) bool {
	if len(code) != 2 || code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z' {
		return false
	}
	b, err := language.ParseBase(code)
	return err == nil && b.String() == code
}

func commonWord(w string) bool { return match.Stopword(w) }
