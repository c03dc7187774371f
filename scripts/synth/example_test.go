package synth_test

import (
	"fmt"

	"github.com/rumorguard/rumorguard/scripts/synth"
)

// A benchmark's list and text: the lists of every size share their first
// rumors, so one text with those rumors planted serves them all.
func ExampleVaried() {
	v, err := synth.LoadVaried(".") // the repository root; scripts/setup installs the documents
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := v.List(10_000, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	text := v.ScanText(l, 1<<20)
	fmt.Println(len(l.Rumors), len(text) > 1<<19)
}
