package textnorm

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/runenames"
)

// letterBlocks are the Unicode blocks of letter-likes, walked whole.
var letterBlocks = []struct {
	name       string
	start, end rune
}{
	{"IPA Extensions", 0x0250, 0x02AF},
	{"Spacing Modifier Letters", 0x02B0, 0x02FF},
	{"Phonetic Extensions", 0x1D00, 0x1D7F},
	{"Phonetic Extensions Supplement", 0x1D80, 0x1DBF},
	{"Letterlike Symbols", 0x2100, 0x214F},
	{"Enclosed Alphanumerics", 0x2460, 0x24FF},
	{"Latin Extended-D", 0xA720, 0xA7FF},
	{"Latin Extended-E", 0xAB30, 0xAB6F},
	{"Halfwidth and Fullwidth Forms", 0xFF00, 0xFFEF},
	{"Mathematical Alphanumeric Symbols", 0x1D400, 0x1D7FF},
	{"Enclosed Alphanumeric Supplement", 0x1F100, 0x1F1FF},
}

// latinLike matches the Unicode names of characters that stand for one
// Latin letter, whatever their style: small capitals, modifier, subscript,
// fullwidth, mathematical, double-struck, script, black-letter, circled,
// squared and parenthesized letters. Turned, reversed, inverted and sideways
// letters read as other letters (ʍ is a turned w) and are not asserted.
var latinLike = regexp.MustCompile(`^(?:LATIN|MODIFIER|FULLWIDTH LATIN|MATHEMATICAL|DOUBLE-STRUCK|SCRIPT|BLACK-LETTER|(?:NEGATIVE )?(?:CIRCLED|SQUARED|PARENTHESIZED) LATIN)` +
	`(?: [A-Z-]+)*? (?:LETTER |CAPITAL |SMALL )(?:SMALL CAPITAL |CAPITAL |SMALL )?(?:OPEN |INSULAR |SCRIPT |BARRED |DOTLESS )?([A-Z])(?: WITH [A-Z ]+)?$`)

var notLatin = regexp.MustCompile(`TURNED|REVERSED|INVERTED|SIDEWAYS|GREEK|REGIONAL`)

// TestLetterLikesFold walks the letter-like blocks whole: every character
// whose Unicode name makes it a Latin letter in some style folds to that
// letter, so ᴛʜᴇ ɴᴇᴡ ᴄᴏᴍᴍᴜɴɪᴄᴀᴛɪᴏɴ ʀᴜʟᴇs reads as "the new communication rules".
func TestLetterLikesFold(t *testing.T) {
	for _, b := range letterBlocks {
		checked := 0
		for r := b.start; r <= b.end; r++ {
			name := runenames.Name(r)
			m := latinLike.FindStringSubmatch(name)
			if m == nil || notLatin.MatchString(name) || !(unicode.IsLetter(r) || unicode.Is(unicode.So, r)) {
				continue
			}
			checked++
			want := strings.ToLower(m[1])
			if got := foldRune(r); got.class != classWord || got.s != want {
				t.Errorf("%s: %U %c %s folds to %q (%v), want %q", b.name, r, r, name, got.s, got.class, want)
			}
		}
		t.Logf("%s: %d letter-likes fold to their letter", b.name, checked)
		if checked == 0 {
			t.Errorf("%s: no letter-like found: the name pattern is broken", b.name)
		}
	}
}

// TestConfusablesFold checks the same blocks against Unicode's confusables
// data (UTS #39, via github.com/mtibben/confusables): every letter whose
// skeleton is a single Latin letter folds to a single Latin letter.
// The skeleton may pick another letter of the same look (ɪ and l), so only
// the kind of result is asserted here; the names decide which letter.
func TestConfusablesFold(t *testing.T) {
	for _, b := range letterBlocks {
		checked := 0
		for r := b.start; r <= b.end; r++ {
			name := runenames.Name(r)
			if strings.Contains(name, "REGIONAL") || !unicode.IsLetter(r) {
				continue
			}
			sk := confusables.Skeleton(string(r))
			if len(sk) != 1 || !isASCIIAlnum(rune(sk[0])) || sk[0] >= '0' && sk[0] <= '9' {
				continue
			}
			checked++
			got := foldRune(r)
			if got.class != classWord || len(got.s) != 1 || got.s[0] < 'a' || got.s[0] > 'z' {
				t.Errorf("%s: %U %c %s (confusable with %q) folds to %q (%v), want a Latin letter", b.name, r, r, name, sk, got.s, got.class)
			}
		}
		t.Logf("%s: %d confusables of a Latin letter", b.name, checked)
	}
}

func TestSmallCapitals(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ᴛʜᴇ ɴᴇᴡ ᴄᴏᴍᴍᴜɴɪᴄᴀᴛɪᴏɴ ʀᴜʟᴇs", "the new communication rules"},
		{"ꜰᴀᴄᴇʙᴏᴏᴋ ᴡɪʟʟ ꜱᴛᴀʀᴛ", "facebook will start"},
		{"🅃🄷🄴 🅝🅔🅦 ʀᴜʟᴇ", "the new rule"},
		{"ᵂʰᵃᵗˢᴬᵖᵖ", "whatsapp"},
	} {
		if got := Normalize(tc.in).Norm; got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
