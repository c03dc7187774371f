package match_test

import (
	"fmt"

	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

var exampleList = &rumorlist.List{Name: "example", Version: 1, Rumors: []rumorlist.Rumor{{
	ID: "meta-dm-ai-training-2025", Verdict: rumorlist.VerdictFalse,
	Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{
		"Every conversation. Every photo. Every voice message. Fed into AI.",
	}}},
}}}

func ExampleCompile() {
	m, err := match.Compile(exampleList, match.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Rumors(), "rumor,", m.Patterns(), "pattern")
	// Output: 1 rumor, 1 pattern
}

func ExampleMatcher_Scan() {
	m, _ := match.Compile(exampleList, match.Options{})
	text := "Saw this today: EVERY convresation, every photo, every voice message... fed into A.I. 😱"
	for _, x := range m.Scan(text) {
		fmt.Printf("%s %s %.2f %q\n", x.Tier, x.ID, x.Score, text[x.Start:x.End])
	}
	// Output: matches meta-dm-ai-training-2025 0.98 "EVERY convresation, every photo, every voice message... fed into A.I"
}

func ExampleMatcher_ScanBatch() {
	m, _ := match.Compile(exampleList, match.Options{})
	texts := []string{
		"The council met on Tuesday.",
		"This is a hoax: “Every conversation. Every photo. Every voice message. Fed into AI.”",
	}
	for i, ms := range m.ScanBatch(texts) {
		for _, x := range ms {
			fmt.Println(i, x.ID, x.Tier, "debunked:", x.Debunked)
		}
	}
	// Output: 1 meta-dm-ai-training-2025 matches debunked: true
}
