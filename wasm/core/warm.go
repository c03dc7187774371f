package core

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/rumorguard/rumorguard/wasm/framing"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// A cold extension worker has its core running tens of milliseconds before
// the stored index has been read from IndexedDB, and then loads the index
// and scans the first page with code it has never run: V8 compiles each
// WebAssembly function on its first call, and loading a stored index first
// computes the matcher's compile fingerprint (a small list compiled once).
// Warm does all of that on a tiny list of its own while the worker would
// otherwise wait, so what follows the read runs compiled code.

// warmPhrase is ordinary text, no rumor: it is only ever matched against
// warmText below.
const (
	warmPhrase = "the quick brown fox jumps over the lazy dog by the old river bank"
	warmText   = "Yesterday the quick brown fox jumps over the lazy dog by the old river bank, they said."
)

// Warm runs the stored index's round trip (StoredIndex, LoadStoredIndex),
// a scan and a page's framing on a built-in list of one rumor. It keeps nothing but what
// the matcher caches for itself (its fingerprint), so calling it at any
// time changes no result; it returns an error only if that round trip
// fails, which would mean the stored-index code is broken.
func Warm() error {
	l := &rumorlist.List{Name: "warm", Version: 1, Rumors: []rumorlist.Rumor{{
		ID: "warm", Verdict: rumorlist.VerdictFalse,
		Sources: []rumorlist.Source{{URL: "https://warm.invalid/"}},
		Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{warmPhrase}}},
	}}}
	m, err := match.Compile(l, match.Default)
	if err != nil {
		return fmt.Errorf("warm-up: compile: %w", err)
	}
	src := &Core{list: l, matcher: m, opts: match.Default}
	src.sha[0] = 1
	b, err := src.StoredIndex()
	if err != nil {
		return fmt.Errorf("warm-up: store: %w", err)
	}
	dst := &Core{opts: match.Default}
	if _, err := dst.LoadStoredIndex(b, hex.EncodeToString(src.sha[:]), 0); err != nil {
		return fmt.Errorf("warm-up: load: %w", err)
	}
	if out := dst.ScanBatch([]string{warmText}, nil); len(out) == 0 {
		return errors.New("warm-up: the loaded index did not find its own phrase")
	}
	dst.IsSource("https://warm.invalid")
	// A page's framing is asked for beside the first scan.
	dst.Framing(framing.Page{URL: "https://warm.invalid/a", Lang: "en", Title: "What they said", Body: warmText},
		[]framing.Section{framing.SectionOf("", "Yesterday ", ", they said.", false, false)}, []framing.Place{{}})
	return nil
}
