// Package apertium translates list phrases with Apertium, the rule-based
// machine translator Debian packages, which runs offline. A rumor often has
// collected wordings in one language only, or only from one publisher in
// another; a machine translation of them is a further phrase in the other
// language, written down once by `rumorctl translate` and reviewed like the
// rest of the list sources.
//
// Debian ships the pairs English-Spanish, Spanish-Portuguese, French-Spanish
// and Spanish-Italian (no Dutch or German), so every route goes through
// Spanish: one step when Spanish is at either end, two otherwise. Between
// English, French, Italian and Portuguese there is a second route, through
// Catalan, whose pairs with each of them Debian ships too (Vias).
package apertium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Packages are the Debian packages a translation needs; scripts/setup
// installs them. cg3 provides cg-proc, which the Italian pair's pipeline
// calls: without it apertium prints nothing and still exits 0.
var Packages = []string{"apertium", "cg3", "apertium-eng-spa", "apertium-es-pt", "apertium-fr-es", "apertium-spa-ita",
	"apertium-eng-cat", "apertium-fra-cat", "apertium-cat-ita", "apertium-por-cat"}

// modes maps a language pair (ISO 639-1 codes) to the Apertium mode that
// translates it.
var modes = map[[2]string]string{
	{"en", "es"}: "eng-spa", {"es", "en"}: "spa-eng",
	{"fr", "es"}: "fr-es", {"es", "fr"}: "es-fr",
	{"pt", "es"}: "pt-es", {"es", "pt"}: "es-pt",
	{"it", "es"}: "ita-spa", {"es", "it"}: "spa-ita",
	// Catalan, only as the second route's middle step (Vias).
	{"en", "ca"}: "eng-cat", {"ca", "en"}: "cat-eng",
	{"fr", "ca"}: "fra-cat", {"ca", "fr"}: "cat-fra",
	{"it", "ca"}: "ita-cat", {"ca", "it"}: "cat-ita",
	{"pt", "ca"}: "por-cat", {"ca", "pt"}: "cat-por",
}

// Languages are the languages a route can start or end in.
var Languages = []string{"en", "es", "fr", "it", "pt"}

// Route returns the modes that take text from one language to another, in
// order, or nil when there is no route (a language without a pair, or the
// same language). Both ends are among Languages: Catalan is only a step.
func Route(from, to string) []string {
	if from == to || !slices.Contains(Languages, from) || !slices.Contains(Languages, to) {
		return nil
	}
	if m, ok := modes[[2]string{from, to}]; ok {
		return []string{m}
	}
	a, ok1 := modes[[2]string{from, "es"}]
	b, ok2 := modes[[2]string{"es", to}]
	if !ok1 || !ok2 {
		return nil
	}
	return []string{a, b}
}

// Via names a route by its languages, as the list sources record it:
// "en>es>pt".
func Via(from, to string) string {
	if len(Route(from, to)) == 2 {
		return from + ">es>" + to
	}
	return from + ">" + to
}

// Vias names every route from one language to another: Via's, and where
// neither end is Spanish and both have a Catalan pair, the one through
// Catalan ("en>ca>fr"). Two rule-based translators word a sentence
// differently, and a chain circulates in more than one wording; each route's
// translation is a phrase of its own unless it nearly repeats one.
func Vias(from, to string) []string {
	if Route(from, to) == nil {
		return nil
	}
	vias := []string{Via(from, to)}
	// Spanish has no Catalan pair here, so it is never an end of this route.
	_, ok1 := modes[[2]string{from, "ca"}]
	_, ok2 := modes[[2]string{"ca", to}]
	if ok1 && ok2 {
		vias = append(vias, from+">ca>"+to)
	}
	return vias
}

// steps returns the modes of a route Vias names.
func steps(via string) ([]string, error) {
	langs := strings.Split(via, ">")
	var out []string
	for i := 1; i < len(langs); i++ {
		m, ok := modes[[2]string{langs[i-1], langs[i]}]
		if !ok {
			return nil, fmt.Errorf("no Apertium pair for %s>%s in route %q; routes exist between %s", langs[i-1], langs[i], via, strings.Join(Languages, ", "))
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("route %q has no step", via)
	}
	return out, nil
}

// separator goes between texts in one run of apertium: a made-up word it
// cannot translate and passes through, on a paragraph of its own so that no
// sentence runs across two texts.
const separator = "qzxrumorguardsep"

// ErrMissing says apertium or one of its pairs is not installed.
var ErrMissing = errors.New("apertium is not installed: run scripts/setup (it installs " + strings.Join(Packages, ", ") + ")")

// Translate translates each text from one language to another, in one
// apertium run per step of the route, and returns the translations in the
// same order. The names in keep stay as written wherever a text has them
// capitalized: Apertium's dictionaries translate names that are also words
// ("Meta" became "Dip", "But" and "Mette"; "Messenger" "Mensajero"), and a
// name is a word the matcher wants exactly.
func Translate(ctx context.Context, from, to string, texts []string, keep []string) ([]string, error) {
	if Route(from, to) == nil {
		return nil, fmt.Errorf("translate %s to %s: no Apertium pair; routes exist between %s", from, to, strings.Join(Languages, ", "))
	}
	return TranslateVia(ctx, Via(from, to), texts, keep)
}

// TranslateVia is Translate along one of the routes Vias names.
func TranslateVia(ctx context.Context, via string, texts []string, keep []string) ([]string, error) {
	route, err := steps(via)
	if err != nil {
		return nil, err
	}
	langs := strings.Split(via, ">")
	to := langs[len(langs)-1]
	names := keepPattern(keep)
	out := make([]string, len(texts))
	kept := make([][]string, len(texts))
	for i, t := range texts {
		out[i], kept[i] = protect(t, names)
	}
	for i, mode := range route {
		// The step that writes Spanish or Catalan from another language
		// addresses the reader as the texts of the route's last language do.
		var rules []string
		if i == 0 && len(langs) > 1 {
			rules = addressRules[langs[1]][addressForms[to]]
		}
		var err error
		if out, err = run(ctx, mode, rules, out); err != nil {
			return nil, fmt.Errorf("translate %s: %w", via, err)
		}
	}
	for i := range out {
		out[i] = clean(texts[i], restore(out[i], kept[i]))
	}
	return out, nil
}

// placeholder stands for the n-th kept name of a text while Apertium runs:
// a made-up word, letters only (Apertium splits digits off a word), that it
// passes through as an unknown name. Its suffix counts in letters: a, b, …,
// z, ba, bb, …
const placeholder = "Qzxkeep"

func placeholderFor(n int) string {
	suffix := []byte{byte('a' + n%26)}
	for n /= 26; n > 0; n /= 26 {
		suffix = append([]byte{byte('a' + n%26)}, suffix...)
	}
	return placeholder + string(suffix)
}

var placeholders = regexp.MustCompile(`(?i)` + placeholder + `[a-z]+`)

// keepPattern matches any of the names, whole, in any case (the first letter
// is checked in protect); nil when there are none.
func keepPattern(keep []string) *regexp.Regexp {
	if len(keep) == 0 {
		return nil
	}
	alts := make([]string, len(keep))
	for i, k := range keep {
		alts[i] = regexp.QuoteMeta(k)
	}
	// Longest first, so "WhatsApp Gold" wins over a shorter name it starts with.
	slices.SortFunc(alts, func(a, b string) int { return len(b) - len(a) })
	return regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(` + strings.Join(alts, "|") + `)(?:$|[^\pL\pN])`)
}

// protect replaces each capitalized occurrence of a kept name in text with a
// placeholder and returns the names it replaced, in placeholder order. A
// name written in lower case is left to translate: "meta" is Spanish for
// "goal", and "Meta" (or "META") is the company.
func protect(text string, names *regexp.Regexp) (string, []string) {
	if names == nil {
		return text, nil
	}
	var b strings.Builder
	var kept []string
	last := 0
	for pos := 0; pos < len(text); {
		loc := names.FindStringSubmatchIndex(text[pos:])
		if loc == nil {
			break
		}
		start, end := pos+loc[2], pos+loc[3]
		// The match may end on the character after the name; the next
		// search starts at the name's end, so two names one space apart
		// are both found.
		pos = end
		name := text[start:end]
		if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) {
			continue
		}
		b.WriteString(text[last:start])
		b.WriteString(placeholderFor(len(kept)))
		kept = append(kept, name)
		last = end
	}
	if kept == nil {
		return text, nil
	}
	b.WriteString(text[last:])
	return b.String(), kept
}

// restore puts the kept names back for their placeholders. One that Apertium
// dropped is simply missing; a placeholder it invented cannot occur.
func restore(out string, kept []string) string {
	if len(kept) == 0 {
		return out
	}
	return placeholders.ReplaceAllStringFunc(out, func(p string) string {
		n := 0
		for _, c := range strings.ToLower(p[len(placeholder):]) {
			n = n*26 + int(c-'a')
		}
		if n < len(kept) {
			return kept[n]
		}
		return p
	})
}

// addressForms says how the Spanish (or Catalan) that Apertium writes from
// another language addresses the reader, by the language the route ends in.
// Apertium writes "you" and "your" mostly as vosotros ("vuestro teléfono",
// "habéis publicado"), the plural of Spain, which the circulated chains
// rarely use. In the train split's collected texts (scripts/rumorctl eval
// splits rumors): Spanish has vosotros forms in 4 of 266 and tú forms in 75
// (usted 10); Portuguese has você forms ("você", "seu", "sua") in 93 of
// 172 and vós in none, and Apertium's Portuguese follows the Spanish it
// gets (usted gives "você … seu telefone", vosotros "vosso"); Italian has
// tu in 82 of 215 and voi in 43. French keeps vosotros, which becomes
// "vous" (87 of 188 against tu 23). Catalan's pairs behave the same way
// ("el vostre telèfon" -> "il vostro", "o vosso"; tú "el teu", vostè "el
// seu").
var addressForms = map[string]string{"es": "tu", "it": "tu", "pt": "usted"}

// addressRules rewrite Apertium's lexical units (^lemma<tags>$) just before
// it generates the pivot language's words, by pivot and form: sed
// expressions, one per rule and without "|", which Apertium's mode runner
// reads as a pipe. Catalan writes "your" as vosaltres too ("el vostre
// telèfon"), and its possessives carry the article in the lemma.
var addressRules = map[string]map[string][]string{
	"es": {
		// vosotros -> tú: "vuestro" is "tu", a second person plural is singular.
		"tu": {
			`s/\^vuestro<det><pos><[mf]+><sg>/^tuyo<det><pos><mf><sg>/g`,
			`s/\^vuestro<det><pos><[mf]+><pl>/^tuyo<det><pos><mf><pl>/g`,
			secondPersonSingular,
		},
		// vosotros and tú -> usted: "su", and the third person singular.
		"usted": {
			`s/\^vuestro<det><pos><[mf]+><sg>/^suyo<det><pos><mf><sg>/g`,
			`s/\^vuestro<det><pos><[mf]+><pl>/^suyo<det><pos><mf><pl>/g`,
			`s/\^tuyo<det><pos><[mf]+><sg>/^suyo<det><pos><mf><sg>/g`,
			`s/\^tuyo<det><pos><[mf]+><pl>/^suyo<det><pos><mf><pl>/g`,
			secondPersonSingular,
			`s/<p2>/<p3>/g`,
		},
	},
	"ca": {
		"tu": {
			`s/\^el vostre<det><pos>/^el teu<det><pos>/g`,
			secondPersonSingular,
		},
		"usted": {
			`s/\^el vostre<det><pos>/^el seu<det><pos>/g`,
			`s/\^el teu<det><pos>/^el seu<det><pos>/g`,
			secondPersonSingular,
			`s/<p2>/<p3>/g`,
		},
	},
}

// secondPersonSingular makes a second person plural unit singular.
const secondPersonSingular = `s/(\^[^$^]*<p2>[^$^]*)<pl>/\1<sg>/g`

// addressMode writes, in a new directory, a copy of mode whose pipeline
// rewrites the reader's address by rules before the generator (the first
// "lt-proc $1" step), and returns the directory for apertium -d (also with
// an error, once made: the caller removes it).
func addressMode(mode string, rules []string) (string, error) {
	data, err := os.ReadFile(filepath.Join(modesDir, mode+".mode"))
	if err != nil {
		return "", fmt.Errorf("read mode %s: %w (%w)", mode, err, ErrMissing)
	}
	const gen = "| lt-proc $1 "
	if !bytes.Contains(data, []byte(gen)) {
		return "", fmt.Errorf("mode %s has no generator step %q: this Apertium is not the one scripts/setup installs", mode, gen)
	}
	sed := "| sed -E"
	for _, r := range rules {
		sed += " -e '" + r + "'"
	}
	dir, err := os.MkdirTemp("", "rumorguard-apertium-")
	if err != nil {
		return "", err
	}
	if err := os.Mkdir(filepath.Join(dir, "modes"), 0o755); err != nil {
		return dir, err
	}
	out := bytes.Replace(data, []byte(gen), []byte(sed+" "+gen), 1)
	return dir, os.WriteFile(filepath.Join(dir, "modes", mode+".mode"), out, 0o644)
}

// modesDir is where Debian's apertium keeps its modes.
const modesDir = "/usr/share/apertium/modes"

func run(ctx context.Context, mode string, rules []string, texts []string) ([]string, error) {
	if len(texts) == 0 {
		return nil, nil
	}
	if _, err := exec.LookPath("apertium"); err != nil {
		return nil, ErrMissing
	}
	args := []string{"-u", mode}
	if rules != nil {
		dir, err := addressMode(mode, rules)
		if dir != "" {
			defer os.RemoveAll(dir)
		}
		if err != nil {
			return nil, err
		}
		args = []string{"-u", "-d", dir, mode}
	}
	var in bytes.Buffer
	for i, t := range texts {
		if i > 0 {
			in.WriteString("\n\n" + separator + "\n\n")
		}
		// One line per text: apertium's plain-text format reads a line
		// break inside a sentence as a boundary.
		in.WriteString(strings.Join(strings.Fields(t), " "))
	}
	in.WriteString("\n")
	var stdout, stderr bytes.Buffer
	// -u: no marks on unknown words (names, hashtags stay as written).
	cmd := exec.CommandContext(ctx, "apertium", args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = &in, &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("apertium %s: %w: %s", mode, err, firstLine(stderr.String()))
	}
	parts := strings.Split(stdout.String(), separator)
	if len(parts) != len(texts) {
		// apertium exits 0 even when a step of its pipeline is missing.
		msg := firstLine(stderr.String())
		if msg == "" {
			msg = "its output does not split into the texts given"
		}
		return nil, fmt.Errorf("apertium %s: %d texts in, %d out: %s (%w)", mode, len(texts), len(parts), msg, ErrMissing)
	}
	for i, p := range parts {
		parts[i] = strings.Join(strings.Fields(p), " ")
	}
	return parts, nil
}

// marks are Apertium's own marks before a word it could not fully handle: #
// (no generated form) and @ (no translation).
var marks = regexp.MustCompile(`(^|[\s(¡¿"'“«])[#@]+(\pL)`)

// clean removes Apertium's marks, except where the source had the same
// characters (a hashtag, an address).
func clean(src, out string) string {
	if strings.ContainsAny(src, "#@") {
		return out
	}
	return marks.ReplaceAllString(out, "$1$2")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
