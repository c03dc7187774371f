package main

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// storedIndexRows compares, in a cold Chromium page, what a worker start
// cost before the stored index (verify + decode + index the list) with what
// it costs now (read the stored index file and load it), per list
// size (scripts/benchmark/storedindex.mjs).
func storedIndexRows(sizes []int) {
	fmt.Fprintln(os.Stderr, "== bench: stored index vs rebuild in Chromium")
	dir, _ := os.MkdirTemp("", "rumorguard-stored-")
	defer os.RemoveAll(dir)
	// The realistic lists and text the scan rows use (variedList, scanText).
	text := scanText()
	key := testKey()
	os.WriteFile(filepath.Join(dir, "keys"), []byte(rumorlist.FormatPublicKey(key.Public().(ed25519.PublicKey))), 0o644)
	// Planted phrases, so the check that both find the same has matches to compare.
	text = text[:1<<19]
	for _, f := range []string{"core.wasm", "wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join(".rumorguard", f))
		must(err, "read "+f)
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	for _, n := range sizes {
		l := variedList(n)
		enc, _ := l.Encode(nil)
		s, _ := rumorlist.Sign(enc, key)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("list-%d.rgl", n)), s, 0o644)
		if n == sizes[0] {
			for i := 0; i < 20; i++ {
				text += "\n" + l.Rumors[i*(n/20)].Phrases[0].Texts[0] + "\n"
			}
		}
	}
	os.WriteFile(filepath.Join(dir, "text"), []byte(text), 0o644)
	cmd := exec.Command("node", "scripts/benchmark/storedindex.mjs", dir)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		add("cold start", "stored index in Chromium", "failed: "+err.Error(), "")
		return
	}
	var res struct {
		Rows []struct {
			Rumors                                                               int
			RebuildMs, StoreMs, StoredMB, NotesMB, IdbWriteMs, IdbReadMs, LoadMs float64
			MemMB, RebuildMemMB                                                  float64
			SameResults                                                          bool
			Matches                                                              int
		}
	}
	must(json.Unmarshal(b, &res), "stored index output")
	for _, r := range res.Rows {
		same := "same matches"
		if !r.SameResults {
			same = "DIFFERENT matches"
		}
		add("cold start", fmt.Sprintf("%d rumors: verify + decode + index the list in a cold Chromium page (before)", r.Rumors),
			fmt.Sprintf("%.0f ms, wasm memory %.0f MB", r.RebuildMs, r.RebuildMemMB), "")
		add("cold start", fmt.Sprintf("%d rumors: read the stored index file (origin private file system) + load it, cold page (now)", r.Rumors),
			fmt.Sprintf("%.0f + %.0f ms, wasm memory %.0f MB", r.IdbReadMs, r.LoadMs, r.MemMB),
			fmt.Sprintf("%.1f× faster; %s (%d) in the text", r.RebuildMs/(r.IdbReadMs+r.LoadMs), same, r.Matches))
		add("cold start", fmt.Sprintf("%d rumors: store the index and notes once per list version (serialize + file write)", r.Rumors),
			fmt.Sprintf("%.0f + %.0f ms, %.1f MB + %.1f MB notes", r.StoreMs, r.IdbWriteMs, r.StoredMB, r.NotesMB), "")
	}
}

// coldStartRows reads what scripts/e2e/coldstart.test.mjs measured in the
// extension (run by extensionRows): a stopped worker to the mark on the page.
func coldStartRows() {
	b, err := os.ReadFile("test-artifacts/coldstart-timings.json")
	if err != nil {
		add("extension", "stopped worker -> first note (scripts/e2e/coldstart.test.mjs)", "not measured: "+err.Error(), "")
		return
	}
	var t map[string]json.RawMessage
	json.Unmarshal(b, &t)
	num := func(k string) (float64, bool) {
		var v float64
		raw, ok := t[k]
		return v, ok && json.Unmarshal(raw, &v) == nil
	}
	// Two cases since the core outlives the worker in Chromium (an offscreen
	// document holds it): the worker stopped and the core still there (a
	// person's next page after 30 s), and both gone (the browser's first
	// page, or after the document idled out), when the worker runs the core
	// itself from the stored index as before.
	if v, ok := num("coldWorkerToMarkMs"); ok {
		add("extension", "stopped worker -> first note, bundled list (median of 3, page clock)", fmt.Sprintf("%.0f ms", v), "")
	}
	if v, ok := num("coldWorkerToMarkMsHostClosed"); ok {
		add("extension", "stopped worker and its offscreen core closed -> first note, bundled list", fmt.Sprintf("%.0f ms", v), "")
	}
	for _, n := range []int{1_000, 2_000, 10_000, 100_000} {
		target := map[int]string{10_000: "target ≤ 150 ms", 100_000: "target ≤ 300 ms"}[n]
		if v, ok := num(fmt.Sprintf("coldWorkerToMarkMs%d", n)); ok {
			add("extension", fmt.Sprintf("stopped worker -> first note, %s rumors", commas(n)), fmt.Sprintf("%.0f ms", v), target)
		}
		if v, ok := num(fmt.Sprintf("coldWorkerToMarkMs%dHostClosed", n)); ok {
			add("extension", fmt.Sprintf("stopped worker and its offscreen core closed -> first note, %s rumors", commas(n)), fmt.Sprintf("%.0f ms", v),
				"the stored index read and loaded, as before")
		}
		slow, _ := num("slowServerMs")
		if v, ok := num(fmt.Sprintf("coldWorkerToMarkMs%dSlow", n)); ok {
			add("extension", fmt.Sprintf("stopped worker -> first note, %s rumors, page from a server answering in %.0f ms", commas(n), slow),
				fmt.Sprintf("%.0f ms", v), fmt.Sprintf("%.0f ms after the page's first byte could arrive", v-slow))
		}
	}
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// firstNoteRows: a person's next page while the worker is awake, timed in the
// page from its load event to the first painted mark
// (scripts/e2e/first-note.bench.mjs), and where that time goes.
func firstNoteRows() {
	f := filepath.Join(os.TempDir(), "rumorguard-first-note.json")
	os.Remove(f)
	cmd := exec.Command("node", "scripts/e2e/first-note.bench.mjs")
	cmd.Env = append(os.Environ(), "FIRST_NOTE_JSON="+f, "RUNS=9")
	if *quick {
		cmd.Env = append(cmd.Env, "RUNS=3")
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		add("extension", "warm 100 KB page: load event -> first note (scripts/e2e/first-note.bench.mjs)", "failed: "+err.Error(), "")
		return
	}
	b, err := os.ReadFile(f)
	if err != nil {
		add("extension", "warm 100 KB page: load event -> first note", "not measured: "+err.Error(), "")
		return
	}
	var r struct {
		Runs             int
		WarmLoadToMarkMs float64
		WarmKept         int
		WarmParts        map[string]float64
	}
	must(json.Unmarshal(b, &r), "first-note output")
	p := r.WarmParts
	add("extension", fmt.Sprintf("warm 100 KB page: load event -> first note painted (median of %d)", r.Runs), fmt.Sprintf("%.0f ms", r.WarmLoadToMarkMs),
		fmt.Sprintf("target ≤ 50 ms; still painted 3 s later on %d of %d loads", r.WarmKept, r.Runs))
	add("extension", "warm 100 KB page: where the time goes (ms from the load event, medians)",
		fmt.Sprintf("script starts %.0f, page read %.0f, scan sent %.0f, answered %.0f, marks' framing asked %.0f (the background got it %.0f, answered %.0f), answer back %.0f, mark drawn %.0f, painted %.0f",
			p["t0"], p["collectedAt"], p["scanSentAt"], p["scanAnsweredAt"], p["sectionsAskedAt"], p["background got sections"], p["background answered them"],
			p["sectionsAnsweredAt"], p["firstMarkAt"], p["painted"]), "")
}

// firefoxColdStartRows: Firefox's background is an event page with no
// offscreen document, so each start after Firefox suspends it compiles the
// core and loads the stored index (scripts/e2e/firefox-coldstart.bench.mjs,
// the bundled list and 10,000 rumors, Firefox's idle timeout shortened).
func firefoxColdStartRows() {
	fmt.Fprintln(os.Stderr, "== bench: the extension's cold start in Firefox ESR (scripts/e2e/firefox-coldstart.bench.mjs)")
	cmd := exec.Command("node", "scripts/e2e/firefox-coldstart.bench.mjs")
	cmd.Env = append(os.Environ(), "RUMORGUARD_COLDSTART_SIZES=10000", "RUMORGUARD_COLDSTART_ROUNDS=3")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		add("extension", "Firefox: suspended background -> first note", "failed: "+err.Error(), "")
		return
	}
	b, err := os.ReadFile("test-artifacts/firefox-coldstart.json")
	if err != nil {
		add("extension", "Firefox: suspended background -> first note", "not measured: "+err.Error(), "")
		return
	}
	var r map[string]struct {
		MedianMs float64
		Runs     []struct {
			Core  []float64
			Index struct{ ReadMs float64 }
		}
	}
	must(json.Unmarshal(b, &r), "firefox-coldstart output")
	for _, k := range []string{"bundled", "10000"} {
		v, ok := r[k]
		if !ok || len(v.Runs) == 0 {
			continue
		}
		what, target := "bundled list", ""
		if k == "10000" {
			what, target = "10,000 rumors", "target ≤ 150 ms"
		}
		compile, read := make([]float64, 0, len(v.Runs)), make([]float64, 0, len(v.Runs))
		for _, run := range v.Runs {
			if len(run.Core) > 0 {
				compile = append(compile, run.Core[0])
			}
			read = append(read, run.Index.ReadMs)
		}
		add("extension", fmt.Sprintf("Firefox: suspended event page -> first note, %s (median of %d, page clock)", what, len(v.Runs)),
			fmt.Sprintf("%.0f ms", v.MedianMs), target)
		add("extension", fmt.Sprintf("Firefox, %s: compile + instantiate the core / read the stored index (medians)", what),
			fmt.Sprintf("%.0f ms / %.0f ms", median(compile), median(read)), "")
	}
}

// median of xs (the upper middle of an even count); 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
