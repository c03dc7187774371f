package core_test

import (
	"reflect"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/core"
)

// Warm must not change what a core finds, whether it compiled its list or
// loaded the stored index, however often it runs.
func TestWarmChangesNoResult(t *testing.T) {
	_, compiled, stored, _, _ := storedFixture(t)
	texts := seeds(t)
	before := compiled.ScanBatch(texts, nil)
	for i := 0; i < 2; i++ {
		if err := core.Warm(); err != nil {
			t.Fatalf("Warm: %v", err)
		}
	}
	for _, c := range []*core.Core{compiled, stored} {
		if after := c.ScanBatch(texts, nil); len(after) == 0 || !reflect.DeepEqual(after, before) {
			t.Errorf("results after Warm: %v, want %v", after, before)
		}
	}
}

func ExampleWarm() {
	// A worker waiting for its stored index to be read runs the code that
	// loading and scanning it will need.
	if err := core.Warm(); err != nil {
		panic(err)
	}
}
