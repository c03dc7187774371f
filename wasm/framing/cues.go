package framing

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The cue lists are words and short phrases, per language, matched on whole
// words after lower-casing and folding punctuation to spaces (norm). They are
// deliberately about framing ("hoax", "faktencheck", "bufala"), never about a
// rumor's subject, so they carry over to rumors the list gains later.

// debunkCues are words a page uses to call what it quotes false.
var debunkCues = phrases(`
hoax|hoaxes|debunk|debunked|debunking|debunks|fake|fakes|faked|false|falsely|untrue|not true|isn't true|is not true|
bogus|nonsense|myth|misinformation|disinformation|fake news|fact check|fact-check|factcheck|chain letter|chain message|
copypasta|urban legend|no evidence|does not exist|doesn't exist|not real|isn't real|is a lie|made up|fabricated|
no such|don't fall for|don't believe|does nothing|does absolutely nothing|useless|no legal|legally bunk|prank|ignore|
nothing to worry|no reason to worry|impossible|scare|worthless|meaningless|rumour|rumours|rumor|rumors|
falsch|falsche|falschen|falscher|falschmeldung|falschnachricht|erfunden|erfundene|erfundenen|erfundener|frei erfunden|unwahr|unwahrheit|stimmt nicht|faktencheck|unsinn|quatsch|
kettenbrief|entwarnung|bringt nichts|nutzlos|panikmache|gibt es nicht|gibt es gar nicht|
nep|nepbericht|hoaxbericht|valse|vals|onwaar|klopt niet|niet waar|fabeltje|kettingbrief|broodjeaapverhaal|bestaat niet|bestaat geen|
gerucht|geruchten|heeft geen zin|zinloos|nutteloos|
canular|canulars|infox|intox|ne sert à rien|ne sert strictement à rien|fausse alerte|fausse information|fausses informations|aucune preuve|désinformation|rumeur|
bulo|bulos|falso|falsa|no sirve para nada|no sirve de nada|engaño|no es cierto|no existe|desinformación|es mentira|cadena falsa|
bufala|bufale|catena di sant'antonio|catene di sant'antonio|catena di s antonio|non è vero|disinformazione|allarmismo|smentita|smentito|non esiste|beffa|beffe|non serve a nulla|non serve a niente|
boato|boatos|não serve para nada|não adianta|não é verdade|desinformação|é fake|não existe|
`)

// kickers are fact-check labels: a kicker, or a headline that opens with one.
var kickers = phrases(`
fact check|fact-check|factcheck|fact checking|faktencheck|faktenfuchs|nieuwscheck|klopt dit|klopt het|feitencheck|
vérification|vrai ou faux|fake off|checknews|désintox|bufala|bufale|bulo|maldito bulo|verificación|verificado|
fato ou fake|é fake|comprova|verificamos|hoax|fake|false|falsch|onwaar|nep|faux|falso|mythbuster|debunked|
`)

// sectionLabels name a site's fact-check section in its addresses.
var sectionLabels = phrases(`
fact check|fact checks|factcheck|factchecks|fact checker|fact checking|faktencheck|faktenchecks|faktenfuchs|
nieuwscheck|feitencheck|factchecker|checknews|desintox|désintox|decrypteurs|décrypteurs|vérification|fake off|verificacion|verificación|verificado|verificação|
fato ou fake|bufale|malditobulo|hoaxes|debunk|debunked|mythbusters|
`)

// ratingLabels label a verdict in a rating box.
var ratingLabels = phrases(`
rating|our rating|verdict|our verdict|conclusion|the truth|truth|
bewertung|fazit|urteil|conclusie|oordeel|ons oordeel|verdict|notre verdict|
veredicto|calificación|conclusión|verdetto|conclusione|veredito|classificação|conclusão|
`)

// negations are phrases that insist the quoted text is true: they count
// against a page, so a spreader cannot silence a warning with a stray word.
var negations = phrases(`
not a hoax|isn't a hoax|no hoax|not fake|not a fake|this is real|this is true|
kein fake|kein hoax|keine falschmeldung|kein scherz|das ist echt|
geen hoax|geen grap|dit is echt|het is echt|
pas un canular|ce n'est pas un canular|
no es bulo|no es un bulo|no es broma|esto es real|
non è una bufala|non è un fake|
não é fake|não é boato|
`)

// hedges turn a cue into a question: "true or fake?", "it may be a hoax".
var hedges = phrases(`
or fake|or a hoax|or hoax|or not|may be a hoax|maybe a hoax|might be a hoax|could be a hoax|real or|true or|
oder fake|ou faux|ou fake|o falso|o bulo|o bufala|ou boato|of nep|pourrait être un canular|
`)

// concessions after a hedge keep the warning anyway: "it may be a hoax,
// but …", "whether it is real or a hoax. However, …".
var concessions = phrases(`but|however|still|anyway|nevertheless|aber|trotzdem|dennoch|maar|toch|mais|pourtant|pero|sin embargo|ma|comunque|però|mas|porém|contudo`)

// conceded reports a hedged debunk word followed closely by a concession:
// the page grants the rumor may be false and warns of it all the same.
func conceded(s string) bool {
	toks := normToks(s)
	for _, i := range hedges.find(toks) {
		for j := i + 1; j < len(toks) && j <= i+8; j++ {
			if concessions.find(toks[j:j+1]) != nil {
				return true
			}
		}
	}
	return false
}

// spreadCues ask the reader to pass a text on.
var spreadCues = phrases(`
copy and paste|copy & paste|copy paste|pass it on|pass this on|share this|please share|share with|forward this|
spread the word|send this to|tell all|tell everyone|
bitte weiterleiten|weiterleiten|bitte teilen|teilt das|leite das|
deel dit|stuur dit door|doorsturen|
partagez|faites passer|
comparte|compártelo|reenvía|
condividete|inoltra|passa parola|
compartilhe|repasse|encaminhe|
`)

// circulating says a page reports a message that goes around, as news
// stories about a chain message do ("a message circulating on WhatsApp",
// "macht die Runde", "doet de ronde", "circule", "circola").
var circulating = phrases(`
goes viral|went viral|gone viral|going viral|viral message|viral post|viral warning|circulating|circulated|circulate|
making the rounds|making its rounds|doing the rounds|does the rounds|started spreading|popping up|resurfaced|resurfacing|
being shared|being forwarded|forwarded message|keep sharing|
kursiert|kursieren|kursierende|macht die runde|machen die runde|verbreitet sich|im umlauf|wird geteilt|taucht wieder auf|
doet de ronde|gaat rond|circuleert|circuleren|verspreidt zich|duikt weer op|wordt gedeeld|
circule|circulent|fait le tour|refait surface|se propage|
circula|circulan|circulando|se ha viralizado|se viraliza|se difunde|ha reaparecido|
circola|circolano|sta girando|gira su|torna a circolare|rispunta|
circulam|viralizou|viralizando|está sendo compartilhada|
`)

// reportingVerbs introduce a quotation.
var reportingVerbs = phrases(`
reads|read|says|said|states|claims|claim that|claimed|warns|warning|the message|the text|like this|as follows|
the wording|goes like|wording|example|
beweert|zegt|luidt|stelt|bericht|tekst|
behauptet|heißt es|lautet|wortlaut|nachricht|kettenbrief|
dit|affirme|prétend|voici le texte|message|
dice|afirma|asegura|mensaje|
recita|afferma|sostiene|messaggio|
diz|alega|mensagem|
`)

// negators before a spread cue ("do not share") make it advice, not a call.
var negators = phrases(`not|don't|do not|never|no|nicht|kein|niet|geen|ne|pas|non|não|nunca|jamais|mai|nie`)

// conditionals before a spread cue make it a description of the rumor's
// promise ("if you copy and paste it"), not a call.
var conditionals = phrases(`if|wenn|falls|si`)

// ClaimReview-like types: markup fact-checkers use for a rated claim.
func claimReviewType(t string) bool {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "claimreview", "schema:claimreview", "http://schema.org/claimreview", "https://schema.org/claimreview",
		"factcheck", "fact-check", "factcheckarticle":
		return true
	}
	return false
}

// phraseSet is a list of cue phrases, each as its words. It is parsed on
// first use: parsing the sets at init cost about 6 ms of every start of
// the extension's worker, where V8 runs init in its baseline compiler; the
// worker warms them while it waits for its stored index instead.
type phraseSet struct {
	src  string // phrases separated by "|"
	once sync.Once
	list [][]string
	// first holds the phrases by their first word ("#" dropped): find looks
	// at the phrases a word can start, not at all of them for every word of
	// a 20,000-character page (that took 30-140 ms of a warm worker's first
	// mark in wasm).
	first map[string][]int
}

func phrases(s string) *phraseSet { return &phraseSet{src: s} }

// words returns the phrases, each as its words.
func (ps *phraseSet) words() [][]string {
	ps.once.Do(ps.parse)
	return ps.list
}

func (ps *phraseSet) parse() {
	for _, p := range strings.Split(ps.src, "|") {
		if t := tokens(p); len(t) > 0 {
			ps.list = append(ps.list, t)
		}
	}
	ps.first = make(map[string][]int, len(ps.list))
	for k, p := range ps.list {
		w := strings.TrimPrefix(p[0], "#")
		ps.first[w] = append(ps.first[w], k)
	}
}

// tokens lower-cases s and splits it into words; "#" and "'" stay inside
// words so "#fake" and "isn't" stay whole. A page's 20,000-character body
// is cut into words several times per decision, so a word already in lower
// case is a slice of s, not a copy (see tokensReference in the tests for
// the plain definition this must equal).
func tokens(s string) []string {
	out := make([]string, 0, len(s)/6+1)
	var lower []byte // the current word lower-cased, once one of its letters changed
	copied := false
	start := -1 // the current word's start in s, or -1 between words
	for i, r := range s {
		l, inWord := r, false
		if r < utf8.RuneSelf { // most of a page: no table lookups
			if 'A' <= r && r <= 'Z' {
				l += 'a' - 'A'
			}
			inWord = 'a' <= l && l <= 'z' || '0' <= l && l <= '9' || l == '\'' || l == '#'
		} else {
			l = unicode.ToLower(r)
			inWord = unicode.IsLetter(l) || unicode.IsDigit(l) || l == '’'
		}
		if !inWord {
			if start >= 0 {
				out = append(out, word(s[start:i], lower, copied))
				start, lower, copied = -1, lower[:0], false
			}
			continue
		}
		if start < 0 {
			start = i
		}
		if !copied && l != r {
			lower, copied = append(lower[:0], s[start:i]...), true
		}
		if copied {
			lower = utf8.AppendRune(lower, l)
		}
	}
	if start >= 0 {
		out = append(out, word(s[start:], lower, copied))
	}
	return out
}

// word is a token: the lower-cased copy if one was made, else the slice of s.
func word(orig string, lower []byte, copied bool) string {
	if copied {
		return string(lower)
	}
	return orig
}

func normToks(s string) []string {
	t := tokens(s)
	for i, w := range t {
		t[i] = strings.TrimPrefix(strings.ReplaceAll(w, "’", "'"), "#")
	}
	return t
}

// find returns the token index of every occurrence of any phrase in toks.
func (ps *phraseSet) find(toks []string) []int {
	if ps == nil || len(ps.words()) == 0 {
		return nil
	}
	var at []int
	for i, w := range toks {
		for _, k := range ps.first[w] {
			if p := ps.list[k]; i+len(p) <= len(toks) && eq(toks[i:i+len(p)], p) {
				at = append(at, i)
				break
			}
		}
	}
	return at
}

func eq(a, b []string) bool {
	for i := range b {
		if a[i] != strings.TrimPrefix(b[i], "#") {
			return false
		}
	}
	return true
}

func (ps *phraseSet) in(s string) bool { return len(ps.find(normToks(s))) > 0 }

// formCues name the form a rumor travels in ("chain letter", "Kettenbrief"):
// pages that warn of a rumor as real use them as much as fact-checks do,
// so next to a quote they are no verdict (verdictCue skips them).
var formCues = phrases(`chain letter|chain message|copypasta|kettenbrief|kettingbrief|catena di sant'antonio|catene di sant'antonio|catena di s antonio|`)

// verdictCue reports a debunk cue in s that calls the rumor false, not one
// that only names its form.
func verdictCue(s string) bool {
	return hasCueExcept(s, formCues)
}

// hasCue reports a debunk cue in s that is not hedged into a question and
// not negated.
func hasCue(s string) bool { return hasCueExcept(s, nil) }

func hasCueExcept(s string, skip *phraseSet) bool {
	if s == "" {
		return false
	}
	toks := normToks(s)
	cues := debunkCues.find(toks)
	if len(cues) == 0 {
		return gappedDenial(toks)
	}
	// Most sentences of a page have no cue: the hedges, negations and skipped
	// forms are looked at only around one that has.
	hedged, negs, forms := hedges.find(toks), negations.find(toks), skip.find(toks)
	for _, i := range cues {
		// "hoax or not", "or a hoax": a hedge asks about the two words
		// before it and the three after; "not a hoax": a negation covers
		// the three words after it.
		if !near(hedged, i, 2, 3) && !near(negs, i, 0, 3) && !slices.Contains(forms, i) {
			return true
		}
	}
	return gappedDenial(toks)
}

// near reports whether token i is within lo tokens before or hi tokens
// after one of the indexes in at.
func near(at []int, i, lo, hi int) bool {
	for _, j := range at {
		if j-lo <= i && i <= j+hi {
			return true
		}
	}
	return false
}

// gappedDenial finds "klopt die bewering niet", "stimmt so nicht": a verb
// of being right, then its negation within three words, in a statement
// (not "klopt dat niet?", which is asked).
func gappedDenial(toks []string) bool {
	for i, w := range toks {
		if w != "klopt" && w != "kloppen" && w != "stimmt" && w != "stimmen" {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+4; j++ {
			if toks[j] == "niet" || toks[j] == "nicht" {
				return true
			}
		}
	}
	return false
}

// negated reports a phrase insisting the text is true, unless it is asked
// ("whether this is real").
func negated(s string) bool {
	toks := normToks(s)
	for _, i := range negations.find(toks) {
		if i == 0 || askers.find(toks[i-1:i]) == nil {
			return true
		}
	}
	return false
}

var askers = phrases(`whether|if|ob|of|si|se|or`)

// bodyCues counts debunk cues in a page's own voice (quotations dropped),
// up to max.
func bodyCues(s string, max int) int {
	n := 0
	for _, line := range strings.Split(withShortQuotes(s), "\n") {
		for _, sent := range sentences(line) {
			if hasCue(sent) {
				n++
				if n >= max {
					return n
				}
			}
		}
	}
	return n
}

// spreadCue reports a call to pass the text on that is not negated
// ("do not share").
func spreadCue(s string) bool {
	toks := normToks(s)
	for _, i := range spreadCues.find(toks) {
		advice := false
		for j := max(0, i-3); j < i; j++ {
			// "do not share" is advice; "if you just copy and paste"
			// describes what the rumor promises, it does not ask.
			if negators.find(toks[j:j+1]) != nil || conditionals.find(toks[j:j+1]) != nil {
				advice = true
			}
		}
		if !advice {
			return true
		}
	}
	return false
}

func reportingVerb(s string) bool {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ":") {
		return true
	}
	return reportingVerbs.in(s)
}

// kickerLead reports a line that opens with a fact-check label followed by
// a separator or nothing: "Faktencheck", "BUFALA Truffa …", "É #FAKE …",
// "Fact check: …".
func kickerLead(line string) bool {
	toks := normToks(firstLine(strings.TrimSpace(line)))
	if len(toks) == 0 {
		return false
	}
	for _, p := range kickers.words() {
		if len(p) <= len(toks) && eq(toks[:len(p)], p) {
			// A label alone, or followed by a separator or an upper-case
			// label word ("BUFALA Truffa"): not a sentence that merely starts
			// with "False" or "Fake".
			rest := strings.TrimSpace(afterWords(strings.TrimSpace(firstLine(line)), len(p)))
			if rest == "" || strings.ContainsAny(rest[:1], ":|–—-·") || isUpperWord(firstLine(line), len(p)) {
				return true
			}
		}
	}
	return false
}

// isKicker reports a kicker element's text that names a fact-check.
func isKicker(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 60 {
		return false
	}
	return kickers.in(s)
}

func ratingBox(labels []string) bool {
	for _, l := range labels {
		l = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), ":"))
		if utf8.RuneCountInString(l) > 24 {
			continue
		}
		toks := normToks(l)
		for _, p := range ratingLabels.words() {
			if len(p) == len(toks) && eq(toks, p) {
				return true
			}
		}
	}
	return false
}

// metaLabels name a fact-check in a page's metadata (article:section,
// keywords), beside the section names a site gives its fact-checks in
// addresses (sectionLabels).
var metaLabels = phrases("fact check|fact-check|factcheck|faktencheck|fact checking|verificación|fato ou fake|bufala|claimreview|hoax|debunk")

func metaFactCheck(m string) bool {
	t := normToks(m)
	return len(metaLabels.find(t)) > 0 || len(sectionLabels.find(t)) > 0
}

// opensWithNo reports a headline that answers its rumor with no: "No, …",
// "Nee, …", "Nein: …".
func opensWithNo(h string) bool {
	h = strings.ToLower(strings.TrimSpace(firstLine(h)))
	for _, w := range []string{"no", "nee", "nein", "non", "não", "nope"} {
		if strings.HasPrefix(h, w) {
			rest := h[len(w):]
			if rest != "" && strings.ContainsAny(rest[:1], ",:!") {
				return true
			}
		}
	}
	return false
}

// withShortQuotes drops long quotations (the rumor's own words) but keeps
// short ones: in a news story a verdict is often a source's, quoted ("No,
// Momo no existe", alerta la Policía; «C'est un message qui ne sert à
// rien»), and a quoted rumor is longer than a sentence of speech.
func withShortQuotes(s string) string {
	const short = 90
	var b strings.Builder
	b.Grow(len(s))
	var want rune
	from := 0 // where the text being kept, or the quotation being read, starts
	for i, r := range s {
		switch {
		case want != 0:
			if r == want || r == '\n' && want == '"' {
				if q := s[from:i]; utf8.RuneCountInString(q) <= short {
					b.WriteString(" " + q + " ")
				}
				want = 0
				from = i + utf8.RuneLen(r)
				if r == '\n' {
					from = i // the line break stays
				}
			}
		case closingQuote(r) != 0:
			b.WriteString(s[from:i])
			want = closingQuote(r)
			from = i + utf8.RuneLen(r)
		}
	}
	if want == 0 {
		b.WriteString(s[from:])
	}
	return b.String()
}

// unquoted drops text between quotation marks: a page's own voice is what
// frames it, not the words it quotes.
func unquoted(s string) string {
	var b strings.Builder
	var want rune
	from := 0 // where the text being kept starts
	for i := 0; i < len(s); {
		c := s[i]
		// Every quotation mark is '"' or starts with byte 0xC2 («, ») or
		// 0xE2 (“ ” „ ‘ ’ ‹ ›): other bytes are skipped undecoded.
		if c != '"' && c != 0xC2 && c != 0xE2 && (c != '\n' || want == 0) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		at := i
		i += size
		if want != 0 {
			if r == want || r == '\n' && want == '"' {
				want = 0
				from = i
			}
			continue
		}
		if c := closingQuote(r); c != 0 {
			if from == 0 && b.Len() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[from:at])
			want = c
		}
	}
	if from == 0 && want == 0 {
		return s // nothing quoted
	}
	if want == 0 {
		b.WriteString(s[from:])
	}
	return b.String()
}

// closingQuote is the mark that closes a quotation r opens, or 0.
func closingQuote(r rune) rune {
	switch r {
	case '“', '”':
		return '”'
	case '"':
		return '"'
	case '«':
		return '»'
	case '„':
		return '“'
	case '‘':
		return '’'
	case '‹':
		return '›'
	}
	return 0
}

// sentences splits s at sentence ends. A full stop inside a word or number
// ("1.2", "a.m", "U.S") or after a single letter ("a.m. Eastern") ends
// no sentence: a quoted message's time stamp is not two sentences.
func sentences(s string) []string {
	var out []string
	start := 0
	emit := func(end int) {
		if t := s[start:end]; t != "" {
			out = append(out, t)
		}
	}
	for i, r := range s {
		switch r {
		case '!', '?', '\n', ';':
		case '.':
			if !fullStop(s, i) {
				continue
			}
		default:
			continue
		}
		emit(i)
		start = i + 1
	}
	emit(len(s))
	return out
}

// fullStop reports whether the '.' at s[i] ends a sentence.
func fullStop(s string, i int) bool {
	if next, _ := utf8.DecodeRuneInString(s[i+1:]); i+1 < len(s) && !unicode.IsSpace(next) && next != '"' && next != '”' && next != '»' && next != ')' {
		return false // "1.2", "a.m", "example.com"
	}
	prev, size := utf8.DecodeLastRuneInString(s[:i])
	if size == 0 || !unicode.IsLetter(prev) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i-size])
	// A single letter before the stop is an initial or an abbreviation.
	return i-size > 0 && (unicode.IsLetter(before) || unicode.IsDigit(before))
}

func lastSentences(s string, n int) string {
	t := strings.TrimRight(s, " \t")
	colon := strings.HasSuffix(t, ":")
	ss := sentences(s)
	if len(ss) > n {
		ss = ss[len(ss)-n:]
	}
	out := strings.Join(ss, ". ")
	if colon && !strings.HasSuffix(strings.TrimSpace(out), ":") {
		out += ":"
	}
	return out
}

func firstSentences(s string, n int) string {
	ss := sentences(s)
	if len(ss) > n {
		ss = ss[:n]
	}
	return strings.Join(ss, ". ")
}

// afterWords returns s after its first n words.
func afterWords(s string, n int) string {
	if n == 0 {
		return s
	}
	count, in := 0, false
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '#' || r == '-'
		if word && !in {
			count++
		}
		if !word && in && count == n {
			return s[i:]
		}
		in = word
	}
	return ""
}

// isUpperWord reports whether the first n words of s are written in capitals
// (a label, "BUFALA", "É #FAKE").
func isUpperWord(s string, n int) bool {
	head := strings.TrimSuffix(s, afterWords(s, n))
	letters := 0
	for _, r := range head {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsLower(r) {
				return false
			}
		}
	}
	return letters > 1
}
