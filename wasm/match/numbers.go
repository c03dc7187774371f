package match

import (
	"strings"
	"sync"
)

// numberWordsText lists number words by value in the seven languages, in
// normalized form, each line led by the value in digits; all of its words
// carry wordNumber (fixedWordSets). Copies of a chain write the same number
// either way ("dix doigts", "10 doigts"), and a number must match exactly.
// Left out: words that are also a common word of another language, as the
// matcher does not know a phrase's language (the articles "one", "un",
// "ein", "een", "um"; "dos", "of the" in Portuguese; "onze", "our" in
// Dutch; "sei", "you are" in Italian; "once", "elf", "neuf", "cent",
// "mil"), and "hundred" and "thousand", which copies use loosely
// ("thousands of miles" for "a thousand miles").
const numberWordsText = `
2 two zwei twee deux due dois duas
3 three drei drie trois tres tre
4 four vier quatre cuatro quattro quatro
5 five funf vijf cinq cinco cinque
6 six sechs zes seis
7 seven sieben zeven sept siete sette sete
8 eight acht huit ocho otto oito
9 nine neun negen nueve nove
10 ten zehn tien dix diez dieci dez
11 eleven undici
12 twelve zwolf twaalf douze doce dodici
15 fifteen funfzehn vijftien quinze quince quindici
20 twenty zwanzig twintig vingt veinte venti vinte
30 thirty dreissig dertig trente treinta trenta trinta
40 forty vierzig veertig quarante cuarenta quaranta quarenta
50 fifty funfzig vijftig cinquante cincuenta cinquanta
`

var numberWords = sync.OnceValue(func() map[string]string {
	m := make(map[string]string)
	for _, line := range strings.Split(numberWordsText, "\n") {
		f := strings.Fields(line)
		for _, w := range f[min(1, len(f)):] {
			m[w] = f[0]
		}
	}
	return m
})

// readNumberWords lets a number the text writes as a word ("zehn") stand
// for the digits the phrase has ("10"), and digits for the phrase's number
// word: the same number, so the rule that a number must match exactly
// holds. Only into a number the phrase has, in a copy of the window, and
// only for a phrase with a number: it runs for every candidate.
func (s *scanner) readNumberWords(phrase []phraseWord, window []textToken) []textToken {
	copied := false
	for i := range phrase {
		p := &phrase[i]
		if !p.exact || p.flags&wordNeg != 0 {
			continue
		}
		v := numberValue(p.text, p.flags)
		if v == "" {
			continue
		}
		for j := range s.win {
			w := &s.win[j]
			if w.flags&(wordNeg|wordJoined) != 0 || window[j].Hash == p.h ||
				w.flags&wordNumber == 0 && (w.n > 9 || s.arena[w.off]-'0' > 9) {
				continue // the usual word: no number, and nothing to convert
			}
			if !writesNumber(s.arena[w.off:w.off+w.n], w.flags, v) || phraseHas(phrase, window[j].Hash) {
				continue
			}
			window = s.readAs(window, &copied, j, p)
		}
	}
	return window
}

// numberValue returns the number a phrase word writes, in digits without
// leading zeros, or "" if it is not a number: digits, or a word of
// numberWordsText (flags are the word's, which carry wordNumber).
func numberValue(w string, flags uint8) string {
	if flags&wordNumber != 0 && !allDigits(w) {
		return numberWords()[w]
	}
	if len(w) > 9 || !allDigits(w) {
		return ""
	}
	return trimZeros(w)
}

// writesNumber reports whether window word w writes the number v (as
// numberValue gives it). It compares in place: it runs for the window's
// number words of every candidate whose phrase has a number.
func writesNumber(w []byte, flags uint8, v string) bool {
	if flags&wordNumber != 0 && !allDigits(w) {
		return numberWords()[string(w)] == v
	}
	return len(w) <= 9 && allDigits(w) && string(trimZeros(w)) == v
}

func trimZeros[S string | []byte](w S) S {
	for len(w) > 1 && w[0] == '0' {
		w = w[1:]
	}
	return w
}

// phraseHas reports whether the phrase has a word of hash h: "seven (7)"
// says the number both ways, and each of its words stays itself.
func phraseHas(phrase []phraseWord, h uint64) bool {
	for i := range phrase {
		if phrase[i].h == h {
			return true
		}
	}
	return false
}

func allDigits[S string | []byte](w S) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return len(w) > 0
}
