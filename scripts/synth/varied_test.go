package synth_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/synth"
)

func loadVaried(t *testing.T) *synth.Varied {
	v, err := synth.LoadVaried("../..")
	if err != nil {
		if os.Getenv("RUMORGUARD_REQUIRE_CORPUS") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return v
}

// TestVaried checks what the benchmarks rely on: a list is a function of its
// size and seed, a smaller list is the start of a larger one (so the same
// planted text serves every size), no phrase is used twice, the languages
// mix, and the scanned text holds the planted phrases but none of the
// documents phrases come from.
func TestVaried(t *testing.T) {
	v := loadVaried(t)
	small, err := v.List(100, 1)
	if err != nil {
		t.Fatal(err)
	}
	big, err := v.List(20_000, 1)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := v.List(20_000, 1)
	if !reflect.DeepEqual(big, again) {
		t.Fatal("two lists of one size and seed differ")
	}
	for i := range small.Rumors {
		if !reflect.DeepEqual(small.Rumors[i], big.Rumors[i]) {
			t.Fatalf("rumor %d of the 100-rumor list is not that of the 20,000-rumor list", i)
		}
	}
	other, _ := v.List(100, 2)
	if reflect.DeepEqual(small.Rumors[0].Phrases, other.Rumors[0].Phrases) {
		t.Error("seeds 1 and 2 give the same first rumor")
	}
	seen := map[string]bool{}
	langs := map[string]int{}
	for _, ru := range big.Rumors {
		for _, p := range ru.Phrases[0].Texts {
			if seen[p] {
				t.Fatalf("phrase used twice: %q", p)
			}
			seen[p] = true
			if n := len(strings.Fields(p)); n < 12 || n > 30 {
				t.Errorf("phrase of %d words: %q", n, p)
			}
		}
		langs[ru.Phrases[0].Lang]++
	}
	if len(langs) != 7 || langs["en"] < len(big.Rumors)/2 {
		t.Errorf("languages of 20,000 rumors: %v, want all seven, English the most", langs)
	}
	text := v.ScanText(small, 1<<20)
	if len(text) < 1<<20-200 || len(text) > 1<<20+synth.PlantedRumors*400 {
		t.Errorf("scan text of %d bytes, want about 1 MB", len(text))
	}
	for i := 0; i < synth.PlantedRumors; i += 2 {
		if p := small.Rumors[i].Phrases[0].Texts[0]; !strings.Contains(text, "\n"+p+"\n") {
			t.Errorf("rumor %d's phrase is not planted verbatim: %q", i, p)
		}
	}
	// Fiction is not among the sources: a phrase found in it verbatim was
	// planted, or came from a document shared with the source.
	for _, ru := range big.Rumors[:2000] {
		for _, p := range ru.Phrases[0].Texts {
			if strings.Contains(v.Text, p) {
				t.Errorf("phrase %q is in the scanned fiction", p)
			}
		}
	}
}
