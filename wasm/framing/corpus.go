package framing

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Fixture is one page of the framing corpus (testdata/pages): a real page's
// stored text with where it came from and how it frames its rumor.
type Fixture struct {
	Path                                  string
	URL, Lang, Label, Rumor, Split, Title string
	// Batch is the round of collection the page was added in (1 unless
	// given): the split is drawn within a batch, so adding pages never
	// moves a page between train and test.
	Batch int
	Cut   bool
	Quote string // where the page states the rumor, verbatim
	Text  string
}

// Labels of the corpus.
const (
	LabelFactCheck = "factcheck"
	LabelSpreading = "spreading"
)

// ParseFixture reads one fixture: "key: value" lines, a line "---", then the
// text. Every key but batch is required; the quote must occur in the text.
func ParseFixture(path string, data []byte) (Fixture, error) {
	f := Fixture{Path: path, Batch: 1}
	head, text, ok := strings.Cut(string(data), "\n---\n")
	if !ok {
		return f, fmt.Errorf("%s: no line \"---\" between the header and the text", path)
	}
	f.Text = strings.TrimSuffix(text, "\n")
	seen := map[string]bool{}
	for n, line := range strings.Split(head, "\n") {
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			return f, fmt.Errorf("%s:%d: want \"key: value\", got %q", path, n+1, line)
		}
		if seen[k] {
			return f, fmt.Errorf("%s:%d: %s given twice", path, n+1, k)
		}
		seen[k] = true
		switch k {
		case "url":
			f.URL = v
		case "lang":
			f.Lang = v
		case "label":
			if v != LabelFactCheck && v != LabelSpreading {
				return f, fmt.Errorf("%s:%d: label %q: want factcheck or spreading", path, n+1, v)
			}
			f.Label = v
		case "rumor":
			f.Rumor = v
		case "split":
			if v != "train" && v != "test" {
				return f, fmt.Errorf("%s:%d: split %q: want train or test", path, n+1, v)
			}
			f.Split = v
		case "batch":
			b, err := strconv.Atoi(v)
			if err != nil || b < 1 {
				return f, fmt.Errorf("%s:%d: batch %q: want a whole number from 1", path, n+1, v)
			}
			f.Batch = b
		case "cut":
			f.Cut = v == "yes"
		case "title":
			f.Title = v
		case "quote":
			f.Quote = strings.ReplaceAll(v, `\n`, "\n")
		default:
			return f, fmt.Errorf("%s:%d: unknown key %q (keys: url lang label rumor split batch cut title quote)", path, n+1, k)
		}
	}
	for _, k := range []string{"url", "lang", "label", "rumor", "split", "quote"} {
		if !seen[k] {
			return f, fmt.Errorf("%s: %s missing", path, k)
		}
	}
	if !strings.Contains(f.Text, f.Quote) {
		return f, fmt.Errorf("%s: the quote does not occur in the text (copy it verbatim from the text)", path)
	}
	return f, nil
}

// LoadCorpus reads every fixture under dir (testdata/pages), sorted by path.
func LoadCorpus(dir string) ([]Fixture, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("load corpus: no pages under %s", dir)
	}
	sort.Strings(paths)
	var fs []Fixture
	var errs []error
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, err := ParseFixture(p, b)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fs = append(fs, f)
	}
	return fs, errors.Join(errs...)
}

// Block is one block of a page built from stored text: what signals.js sees
// when the browser test serves the page (first line the h1, other lines
// paragraphs).
type Block struct {
	Text     string
	Headline bool
	Start    int // byte offset of Text in the stored text
}

// Blocks splits stored text into its headline and paragraphs.
func Blocks(text string) []Block {
	var bs []Block
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		t := strings.TrimSpace(line)
		if t != "" {
			bs = append(bs, Block{Text: t, Headline: len(bs) == 0, Start: off + strings.Index(line, t)})
		}
		off += len(line)
	}
	return bs
}

// PageOf builds the Page that signals.js collects from the HTML the browser
// test serves for a fixture: the headline, the lead (paragraphs after it up
// to 600 characters), rating-box labels (short lines ending in a label) and
// the URL. Stored text carries no markup, so Types and Meta stay empty.
func PageOf(f Fixture) Page {
	bs := Blocks(f.Text)
	p := Page{URL: f.URL, Lang: f.Lang}
	if len(bs) == 0 {
		return p
	}
	p.Headline = bs[0].Text
	p.Title = f.Title
	var lead []string
	n := 0
	for _, b := range bs[1:] {
		if n >= 600 {
			break
		}
		lead = append(lead, b.Text)
		n += len(b.Text)
	}
	p.Lead = strings.Join(lead, "\n")
	var body []string
	for _, b := range bs[1:] {
		body = append(body, b.Text)
	}
	p.Body = strings.Join(body, "\n")
	for _, b := range bs[1:] {
		if l, ok := RatingLabel(b.Text); ok {
			p.Rating = append(p.Rating, l)
		}
	}
	return p
}

// RatingLabel returns the label of a rating-box line: a short line that is a
// label alone ("Bewertung") or a label and a colon ("Our rating: False").
// signals.js applies the same rule to dt, th and short p elements.
func RatingLabel(line string) (string, bool) {
	line = strings.TrimSpace(line)
	if l, _, ok := strings.Cut(line, ":"); ok && len(l) <= 24 {
		return l, ratingBox([]string{l})
	}
	if len(line) <= 24 {
		return line, ratingBox([]string{line})
	}
	return "", false
}

// QuoteSpan returns the byte offsets in f.Text of where the page states
// the rumor, without quotation marks and spaces at its ends: the matcher's
// span covers words, so the section sees the marks around it as a browser
// does.
func QuoteSpan(f Fixture) (start, end int) {
	start = strings.Index(f.Text, f.Quote)
	if start < 0 {
		return 0, 0
	}
	end = start + len(f.Quote)
	const marks = " \t\n\"'“”„«»‘’‹›"
	q := f.Text[start:end]
	start += len(q) - len(strings.TrimLeft(q, marks))
	end -= len(q) - len(strings.TrimRight(q, marks))
	if end < start {
		end = start
	}
	return start, end
}

// SectionAt returns the section of a match at byte offsets [start, end) of
// stored text: the rest of its block before and after it, the previous
// block's last sentences, and whether it is quoted.
func SectionAt(text string, start, end int) Section {
	for i, b := range Blocks(text) {
		if start >= b.Start && start <= b.Start+len(b.Text) {
			prev := ""
			if i > 0 {
				prev = Blocks(text)[i-1].Text
			}
			after := ""
			if e := min(end, b.Start+len(b.Text)); e >= start {
				after = b.Text[e-b.Start:]
			}
			return SectionOf(prev, b.Text[:start-b.Start], after, true, false)
		}
	}
	return Section{}
}

// SectionOf builds a match's section from what the content script reads
// around it: the previous block's text, its own block's text before and
// after the match (whole: before starts at the block's start, not cut to
// a window), and whether it sits in a blockquote or q element.
func SectionOf(prev, before, after string, whole, quoteElement bool) Section {
	s := Section{Before: before, After: after}
	if strings.TrimSpace(prev) != "" {
		s.Before = lastSentences(unquoted(prev), 2) + "\n" + before
	}
	s.Quoted = quoteElement || quotedBefore(before, whole)
	return s
}

// QuotedAt reports whether offset i of block text sits inside quotation
// marks opened before it in the block.
func QuotedAt(block string, i int) bool {
	return quotedBefore(block[:i], true)
}

// quotedBefore reports whether the end of before (a block's text up to a
// match) is inside quotation marks; whole says before starts at the block's
// start, so a block that opens with a mark counts.
func quotedBefore(before string, whole bool) bool {
	open := 0
	for _, r := range before {
		switch r {
		case '“', '«', '„', '‘':
			open++
		case '”', '»', '’':
			if open > 0 {
				open--
			}
		case '"':
			open ^= 1
		}
	}
	if open > 0 {
		return true
	}
	// A block that opens with a quotation mark is a quotation.
	return whole && strings.ContainsAny(before[:min(len(before), 3)], "“\"«„'‘")
}
