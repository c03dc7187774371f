package framing

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"sort"
	"strings"
	"testing"
)

func loadCorpus(t *testing.T) []Fixture {
	t.Helper()
	fs, err := LoadCorpus("testdata/pages")
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// quietAt is the decision for the page's own statement of the rumor.
func quietAt(f Fixture, fc Domains) (bool, Decision) {
	d := Decide(PageOf(f), fc)
	start, end := QuoteSpan(f)
	return Quiet(d, SectionAt(f.Text, start, end)), d
}

// TestSplit checks the recorded split against its rule, so no page moves
// between train and test quietly: per batch and label, by SHA-256 of the
// url, every fourth is test. Drawing within a batch keeps the pages rules
// were tuned on out of the test split when pages are added.
func TestSplit(t *testing.T) {
	fs := loadCorpus(t)
	batches := map[int]bool{}
	for _, f := range fs {
		batches[f.Batch] = true
	}
	for batch := range batches {
		for _, label := range []string{LabelFactCheck, LabelSpreading} {
			checkSplit(t, fs, batch, label)
		}
	}
}

func checkSplit(t *testing.T, fs []Fixture, batch int, label string) {
	var xs []Fixture
	for _, f := range fs {
		if f.Label == label && f.Batch == batch {
			xs = append(xs, f)
		}
	}
	sum := func(u string) string { h := sha256.Sum256([]byte(u)); return hex.EncodeToString(h[:]) }
	sort.Slice(xs, func(i, j int) bool { return sum(xs[i].URL) < sum(xs[j].URL) })
	for i, f := range xs {
		want := "train"
		if i%4 == 0 {
			want = "test"
		}
		if f.Split != want {
			t.Errorf("%s: split %s, the rule for batch %d says %s", f.Path, f.Split, batch, want)
		}
	}
}

// TestCorpusRates is the regression gate on the whole corpus; rumorctl eval
// reports the same numbers per split and language.
func TestCorpusRates(t *testing.T) {
	fs := loadCorpus(t)
	fc := NewDomains(testDomains)
	var fcN, fcOK, spN, spOK int
	for _, f := range fs {
		quiet, d := quietAt(f, fc)
		if f.Label == LabelFactCheck {
			fcN++
			if quiet {
				fcOK++
			} else if testing.Verbose() {
				t.Logf("loud fact-check %s [%s] score %d %v", f.Path, f.Split, d.Score, d.Reasons)
			}
		} else {
			spN++
			if !quiet {
				spOK++
			} else if testing.Verbose() {
				t.Logf("quiet spreading %s [%s] score %d %v", f.Path, f.Split, d.Score, d.Reasons)
			}
		}
	}
	t.Logf("fact-check pages quiet %d/%d, spreading pages warned %d/%d", fcOK, fcN, spOK, spN)
	// Floors at what the rules reach today (2026-12-01: 84/88 and 66/66;
	// rumorctl eval has them by split and language); a change that loses
	// pages fails.
	if fcOK < 84 || spOK < 66 {
		t.Errorf("regressed: fact-check %d/%d quiet (floor 84), spreading %d/%d warned (floor 66)", fcOK, fcN, spOK, spN)
	}
}

// testDomains stands in for the list's fact-checkers in package tests.
var testDomains = []string{"correctiv.org", "fullfact.org", "maldita.es"}

// TestSeedsQuiet: the seed articles (wasm/match/testdata/seeds) are
// fact-checks and must be decided as such from their text alone. The seeds
// are not in the corpus and nothing was tuned on them: the Dutch one is
// decided by general Dutch cues ("klopt die bewering niet", "geruchten").
func TestSeedsQuiet(t *testing.T) {
	for _, name := range []string{"en-lifehacker-meta-dms.txt", "nl-meta-berichten-ai.txt"} {
		b, err := os.ReadFile("../match/testdata/seeds/" + name)
		if err != nil {
			t.Fatal(err)
		}
		f := Fixture{Text: string(b), Title: strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0])}
		if d := Decide(PageOf(f), nil); !d.FactCheck {
			t.Errorf("%s: not decided a fact-check (score %d, %v)", name, d.Score, d.Reasons)
		}
	}
}

func TestParseFixtureBatch(t *testing.T) {
	head := "url: https://a.example/x\nlang: en\nlabel: factcheck\nrumor: r\nsplit: test\ncut: no\ntitle: T\nquote: b\n"
	for _, tt := range []struct {
		batch   string
		want    int
		wantErr string
	}{
		{"", 1, ""},
		{"batch: 2\n", 2, ""},
		{"batch: 0\n", 0, "batch \"0\": want a whole number from 1"},
		{"batch: two\n", 0, "batch \"two\""},
	} {
		f, err := ParseFixture("x.txt", []byte(head+tt.batch+"---\na b c\n"))
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.batch, err, tt.wantErr)
			}
		case err != nil || f.Batch != tt.want:
			t.Errorf("%q: batch %d, err %v; want %d", tt.batch, f.Batch, err, tt.want)
		}
	}
}
