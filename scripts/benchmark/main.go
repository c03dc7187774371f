// Command bench measures everything that matters in one run on one machine
// and prints one Markdown table, peers beside Rumorguard, as ratios (absolute
// times on a shared machine are noise; ratios from one run are not). It also
// draws scan time against list size as SVG.
//
//	scripts/bench          full run (several minutes), results in scripts/benchmark/results/
//	scripts/bench -quick   every row on small inputs (under two minutes), results in test-artifacts/
//	scripts/bench -against OLD.wasm
//	                       this tree's core beside another build's, both in one
//	                       Chromium page, scans alternated: new/old time per list
//	                       size and text (a change's before and after), then stops
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"crypto/ed25519"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

var (
	quick   = flag.Bool("quick", false, "small inputs, so the benchmark itself cannot rot (CI runs this)")
	out     = flag.String("out", "", "directory for the report (default scripts/benchmark/results, or test-artifacts with -quick)")
	against = flag.String("against", "", "another build's core.wasm: scan with it and with this tree's core in one Chromium page, alternated, print new/old per list size, and stop")
	rounds  = flag.Int("rounds", 40, "with -against: scans of each core per list size and text")
)

type row struct{ group, what, value, ratio string }

var rows []row

func add(group, what, value, ratio string) {
	rows = append(rows, row{group, what, value, ratio})
	fmt.Fprintf(os.Stderr, "  %s | %s | %s | %s\n", group, what, value, ratio)
}

func main() {
	flag.Parse()
	if *out == "" {
		*out = "scripts/benchmark/results"
		if *quick {
			*out = "test-artifacts"
		}
	}
	sizes := []int{1_000, 10_000, 100_000}
	if *quick {
		sizes = []int{100, 1_000, 2_000}
	}
	var sz []string
	for _, n := range sizes {
		sz = append(sz, strconv.Itoa(n))
	}
	os.Setenv("RUMORGUARD_BENCH_SIZES", strings.Join(sz, ","))
	os.Setenv("RUMORGUARD_COLDSTART_SIZES", strings.Join(sz[1:], ",")) // scripts/e2e/coldstart.test.mjs
	start := time.Now()
	must(run("scripts/setup"), "setup")
	// Always: a core.wasm left from an older tree would measure old code.
	must(run("scripts/build"), "build")
	if *against != "" {
		fmt.Print(againstTable(sizes, *against, *rounds))
		return
	}

	native := goBench("./wasm/match", "^(BenchmarkScan|BenchmarkScanSizes|BenchmarkCompile)$")
	wasmNode := goBench("./wasm/core", "^BenchmarkWasm$")
	chrome := chromiumBench(sizes)
	if *quick {
		// -against with this tree's core as both builds, so it cannot rot:
		// it must load, alternate and find the same matches.
		againstTable(sizes, ".rumorguard/core.wasm", 2)
	}

	// Core scan throughput, native, wasm in node, wasm in Chromium. Native
	// and Chromium also by CPU time (this machine is shared: the wall clock
	// also counts time others held the core), and their ratios by it.
	scanRate := func(name string) (wall, cpu float64) {
		r := native["BenchmarkScan/"+name]
		return r["MB/s"], r["MB/s-cpu"]
	}
	ceiling, ceilingCPU := scanRate("ceiling=strings.Count")
	add("scan", "byte scan ceiling (strings.Count over the same text; wall clock; CPU time)", both(ceiling, ceilingCPU), "1.00 (the limit)")
	chart := map[string][]point{}
	for _, n := range sizes {
		m, mc := scanRate(fmt.Sprintf("rumors=%d", n))
		w := wasmNode["BenchmarkWasm"][fmt.Sprintf("MB/s-%d", n)]
		c, cc := chrome[n].Mbps, chrome[n].CPUMbps
		add("scan", fmt.Sprintf("Rumorguard native, %d rumors, 1 MB ordinary English with %d phrases planted (wall clock; CPU time)", n, synth.PlantedRumors),
			both(m, mc), fmt.Sprintf("%.3f of the ceiling (by CPU time %.3f)", m/ceiling, mc/ceilingCPU))
		add("scan", fmt.Sprintf("Rumorguard wasm in node, %d rumors (wall clock)", n), mbs(w), fmt.Sprintf("%.2f of native", w/m))
		add("scan", fmt.Sprintf("Rumorguard wasm in Chromium, %d rumors (wall clock; the page thread's CPU time)", n),
			both(c, cc), fmt.Sprintf("%.2f of native (by CPU time %.2f)", c/m, cc/mc))
		r := native[fmt.Sprintf("BenchmarkScan/rumors=%d", n)]
		add("scan", fmt.Sprintf("work per scan of the 1 MB, %d rumors: content-word pairs passing the pair filter / postings recorded / candidates verified", n),
			fmt.Sprintf("%.0f / %.0f / %.0f", r["filter-passed"], r["postings"], r["candidates"]), "")
		add("scan", fmt.Sprintf("first scan of the 1 MB after loading %d rumors in a fresh Chromium page (code not yet optimized)", n),
			fmt.Sprintf("%.0f ms", chrome[n].FirstMs), fmt.Sprintf("%.1f× the warm scan", chrome[n].FirstMs/chrome[n].ScanMs))
		chart["native (CPU time)"] = append(chart["native (CPU time)"], point{n, 1000 / mc})
		chart["wasm in node (wall)"] = append(chart["wasm in node (wall)"], point{n, 1000 / w})
		chart["wasm in Chromium (CPU)"] = append(chart["wasm in Chromium (CPU)"], point{n, 1000 / cc})
	}
	sizeRatioRows(sizes, native["BenchmarkScanSizes"], chrome)
	last := sizes[len(sizes)-1]
	if d, dc := scanRate(fmt.Sprintf("dense-rumors=%d", last)); d > 0 {
		m, mc := scanRate(fmt.Sprintf("rumors=%d", last))
		add("scan", fmt.Sprintf("Rumorguard native, %d rumors of the old dense synthetic list (one 600,000-word source; worst case), same text (wall clock; CPU time)", last),
			both(d, dc), fmt.Sprintf("%.2f of the realistic list's speed (by CPU time %.2f)", d/m, dc/mc))
	}
	peerRows()
	for _, n := range sizes {
		c := native[fmt.Sprintf("BenchmarkCompile/rumors=%d", n)]
		add("compile", fmt.Sprintf("index %d rumors (native)", n), fmt.Sprintf("%.0f ms, %.1f MB", c["ms/compile"], c["MB-index"]), "")
		add("compile", fmt.Sprintf("index %d rumors (wasm in node, lists loaded smallest first / Chromium, each list cold)", n),
			fmt.Sprintf("%.0f ms / %.0f ms", wasmNode["BenchmarkWasm"][fmt.Sprintf("ms-index-%d", n)], chrome[n].IndexMs), "")
		add("compile", fmt.Sprintf("verify + decode + index %d rumors (wasm in node, smallest first / Chromium, cold)", n),
			fmt.Sprintf("%.0f ms / %.0f ms", wasmNode["BenchmarkWasm"][fmt.Sprintf("ms-load-%d", n)], chrome[n].LoadMs), "")
		add("compile", fmt.Sprintf("wasm memory after loading %d rumors in a fresh Chromium page (never shrinks)", n),
			fmt.Sprintf("%.0f MB", chrome[n].MemMB), "")
	}
	storedIndexRows(sizes)
	sizesRows()
	if !*quick || os.Getenv("RUMORGUARD_BENCH_BROWSER") != "0" {
		extensionRows()
	}
	serverRows()

	report := render(start)
	os.MkdirAll(*out, 0o755)
	must(os.WriteFile(filepath.Join(*out, "bench.md"), []byte(report), 0o644), "write report")
	must(os.WriteFile(filepath.Join(*out, "scan-vs-list-size.svg"), []byte(svg(chart)), 0o644), "write chart")
	fmt.Print(report)
}

func must(err error, what string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %s: %v\n", what, err)
		os.Exit(1)
	}
}

func run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

func mbs(v float64) string { return fmt.Sprintf("%.1f MB/s", v) }

// both shows a throughput by the wall clock and by CPU time.
func both(wall, cpu float64) string {
	if cpu == 0 {
		return mbs(wall)
	}
	return mbs(wall) + "; " + mbs(cpu)
}

func kbs(v float64) string { return fmt.Sprintf("%.1f KB/s", v) }

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+\d+\s+(.*)$`)

// goBench runs go test benchmarks and returns name -> unit -> value.
func goBench(pkg, pattern string) map[string]map[string]float64 {
	fmt.Fprintf(os.Stderr, "== bench: go test -bench %s %s\n", pattern, pkg)
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", pattern, "-benchtime", "1x", "-count", "1", pkg)
	if !*quick && pkg == "./wasm/match" {
		cmd.Args[len(cmd.Args)-4] = "1s" // enough iterations for steady numbers in the full run
	}
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	must(err, "go test -bench "+pkg)
	res := map[string]map[string]float64{}
	for _, line := range strings.Split(string(b), "\n") {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		f := strings.Fields(m[3])
		vals := map[string]float64{}
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err == nil {
				vals[f[i+1]] = v
			}
		}
		res[m[1]] = vals
	}
	return res
}

// sizeRatioRows compares the scan time of the larger lists with the
// smallest's, from scans with the sizes alternated (BenchmarkScanSizes and
// chromium.mjs): the rows above time each size in its own stretch of time,
// and this machine's speed drifts between stretches.
func sizeRatioRows(sizes []int, native map[string]float64, chrome map[int]chromeRow) {
	first := sizes[0]
	var nat, web []string
	var labels []string
	for _, n := range sizes[1:] {
		labels = append(labels, strconv.Itoa(n))
		nat = append(nat, fmt.Sprintf("%.2f×", native[fmt.Sprintf("x-%d", n)]))
		c, c0 := chrome[n], chrome[first]
		if c0.AltMs > 0 && c0.AltCPUMs > 0 {
			web = append(web, fmt.Sprintf("%.2f× (CPU %.2f×)", c.AltMs/c0.AltMs, c.AltCPUMs/c0.AltCPUMs))
		}
	}
	what := fmt.Sprintf("scan time of the 1 MB with %s rumors over %d, the sizes' scans alternated (medians of 15 rounds)", strings.Join(labels, " / "), first)
	target := fmt.Sprintf("target ≤ 2× at %d (Chromium)", sizes[len(sizes)-1])
	add("scan", what+", native (wall clock)", strings.Join(nat, " / "), "")
	add("scan", what+", wasm in Chromium (wall clock; the page thread's CPU time)", strings.Join(web, " / "), target)
}

// chromeRow is one list's run in Chromium, from a cold start.
type chromeRow struct {
	Rumors                                        int
	Mbps, LoadMs, IndexMs, FirstMs, ScanMs, MemMB float64
	CPUMbps                                       float64 `json:"cpuMbps"`
	// The median scan with the sizes' pages alternated, by the wall clock
	// and the page thread's CPU time (chromium.mjs).
	AltMs    float64 `json:"altMs"`
	AltCPUMs float64 `json:"altCpuMs"`
}

func testKey() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, 32)) }

var variedSrc struct {
	once sync.Once
	v    *synth.Varied
}

// variedList is the benchmark's list of n rumors: a realistic large list
// (synth.Varied), the same for every runtime.
func variedList(n int) *rumorlist.List {
	variedSrc.once.Do(func() {
		v, err := synth.LoadVaried(".")
		must(err, "synthetic lists' source")
		variedSrc.v = v
	})
	l, err := variedSrc.v.List(n, 1)
	must(err, "synthetic list")
	return l
}

// scanText is what every scan row scans: 1 MB of Brown fiction with the
// phrases of the lists' first rumors planted in it (synth.Varied.ScanText).
func scanText() string {
	l := variedList(synth.PlantedRumors)
	return variedSrc.v.ScanText(l, 1<<20)
}

// brown is the old dense source (synth.Split) and its text, for the rows
// that still use it (peers, stored index).
func brown() ([]string, string) {
	docs, err := corpus.Brown(corpus.BrownDir)
	must(err, "Brown corpus")
	src, text := synth.Split(docs)
	return src, text[:1<<20]
}

// chromiumBench runs the wasm core in a page in Chromium.
func chromiumBench(sizes []int) map[int]chromeRow {
	fmt.Fprintln(os.Stderr, "== bench: wasm core in Chromium")
	dir := chromiumDir(sizes)
	defer os.RemoveAll(dir)
	cmd := exec.Command("node", "scripts/benchmark/chromium.mjs", dir)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	must(err, "chromium bench")
	var res struct {
		StartMs  float64
		Rows     []chromeRow
		EncodeMs struct {
			TwoByte, OneByte float64
			PastLatin1       int
		}
	}
	must(json.Unmarshal(b, &res), "chromium bench output")
	out := map[int]chromeRow{}
	for _, r := range res.Rows {
		out[r.Rumors] = r
	}
	add("startup", "instantiate the wasm core in a Chromium page", fmt.Sprintf("%.0f ms", res.StartMs), "")
	e := res.EncodeMs
	what := fmt.Sprintf("the text's way into wasm alone: Blink's TextEncoder.encodeInto of the same text in Chromium, as the page gives it (a two-byte string: %d characters past U+00FF) / as a one-byte string (those replaced)", e.PastLatin1)
	first := "the two-byte one"
	if e.PastLatin1 == 0 {
		// Then the page's string is one-byte too: both columns time a
		// one-byte string, not the two kinds.
		what = "the text's way into wasm alone: Blink's TextEncoder.encodeInto of the same text in Chromium, as the page gives it / as a flat copy (no character past U+00FF: a one-byte string either way)"
		first = "the first"
	}
	ratio := ""
	if r, ok := out[sizes[0]]; ok && r.ScanMs > 0 {
		ratio = fmt.Sprintf("%s is %.0f%% of the %d-rumor scan", first, 100*e.TwoByte/r.ScanMs, sizes[0])
	}
	add("scan", what, fmt.Sprintf("%.1f ms / %.1f ms", e.TwoByte, e.OneByte), ratio)
	return out
}

// chromiumDir writes what the Chromium pages load into a new directory:
// the core and wasm_exec.js from .rumorguard, the public key, the scan text
// and the signed lists.
func chromiumDir(sizes []int) string {
	dir, err := os.MkdirTemp("", "rumorguard-bench-")
	must(err, "temporary directory")
	key := testKey()
	os.WriteFile(filepath.Join(dir, "keys"), []byte(rumorlist.FormatPublicKey(key.Public().(ed25519.PublicKey))), 0o644)
	os.WriteFile(filepath.Join(dir, "text"), []byte(scanText()), 0o644)
	for _, f := range []string{"core.wasm", "wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join(".rumorguard", f))
		must(err, "read "+f)
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	for _, n := range sizes {
		enc, _ := variedList(n).Encode(nil)
		s, _ := rumorlist.Sign(enc, key)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("list-%d.rgl", n)), s, 0o644)
	}
	return dir
}

// againstTable runs scripts/benchmark/against.mjs: the core at old and this
// tree's in one page, scans alternated, so both see the same machine (this
// one's speed moves by tens of percent within minutes, and their ratio in
// one page does not). It scans the bench's text and the same text with
// typographic quotes, apostrophes and dashes, which take other paths in the
// tokenizer.
func againstTable(sizes []int, old string, rounds int) string {
	fmt.Fprintln(os.Stderr, "== bench: this core against "+old+" in one Chromium page")
	dir := chromiumDir(sizes)
	defer os.RemoveAll(dir)
	b, err := os.ReadFile(old)
	must(err, "read "+old)
	os.WriteFile(filepath.Join(dir, "old.wasm"), b, 0o644)
	text, err := os.ReadFile(filepath.Join(dir, "text"))
	must(err, "read the scan text")
	os.WriteFile(filepath.Join(dir, "text-typographic"), []byte(typographic(string(text))), 0o644)
	warm := "1500" // ms of scans before the measured ones
	if *quick {
		warm = "200"
	}
	cmd := exec.Command("node", "scripts/benchmark/against.mjs", dir, strconv.Itoa(rounds), warm)
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	must(err, "against.mjs")
	var res []struct {
		Rumors       int
		Text         string
		OldMs, NewMs float64
		Same         bool
	}
	must(json.Unmarshal(outb, &res), "against.mjs output")
	var t strings.Builder
	fmt.Fprintf(&t, "%s, %d scans of each core per row, alternated in one Chromium page, medians (wall clock). `scripts/bench -against %s`\n\n", time.Now().UTC().Format("2006-01-02 15:04"), rounds, old)
	fmt.Fprintf(&t, "| rumors | text | old ms | new ms | new/old | same results |\n|---|---|---|---|---|---|\n")
	differ := 0
	for _, r := range res {
		fmt.Fprintf(&t, "| %d | %s | %.1f | %.1f | %.3f | %v |\n", r.Rumors, r.Text, r.OldMs, r.NewMs, r.NewMs/r.OldMs, r.Same)
		if !r.Same {
			differ++
		}
	}
	if differ > 0 {
		// A speed change is meant to find the same matches; one that changes
		// them is a matcher change and needs the evaluation, not this table.
		fmt.Print(t.String())
		must(fmt.Errorf("%d of %d rows found other matches than %s (the scan's output differs)", differ, len(res), old), "against")
	}
	return t.String()
}

// typographic makes a text's quotes, apostrophes, dashes and ellipses the
// typographic characters that pages show: ' inside a word becomes U+2019,
// " alternately U+201C and U+201D, -- U+2014, a spaced - U+2013, ... U+2026.
func typographic(s string) string {
	s = strings.NewReplacer("--", "\u2014", " - ", " \u2013 ", "...", "\u2026").Replace(s)
	var b strings.Builder
	open := true
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '\'' && i > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]):
			b.WriteRune('\u2019')
		case r == '"':
			if open {
				b.WriteRune('\u201c')
			} else {
				b.WriteRune('\u201d')
			}
			open = !open
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func sizesRows() {
	wasm, err := os.ReadFile(".rumorguard/core.wasm")
	must(err, "core.wasm")
	add("size", "core wasm (-ldflags='-s -w' -trimpath)", fmt.Sprintf("%.2f MB raw, %.2f MB gzip", float64(len(wasm))/1e6, float64(gz(wasm))/1e6), "")
	enc, _ := variedList(1000).Encode(nil)
	add("size", "list bytes per 1,000 rumors (synthetic, 2 phrases each)", fmt.Sprintf("%d KB raw, %d KB gzip", len(enc)/1000, gz(enc)/1000), "")
	l, err := listsrc.Load("scripts/lists/default")
	must(err, "bundled list")
	full, _ := l.Encode(nil)
	next := *l
	next.Version++
	next.Rumors = append([]rumorlist.Rumor{}, l.Rumors...)
	next.Rumors[0].Texts = append([]rumorlist.Text{}, l.Rumors[0].Texts...)
	next.Rumors[0].Texts[0].Summary += " Updated."
	d, _ := rumorlist.MakeDelta(l, &next).MarshalMsg(nil)
	add("size", "delta for one changed rumor vs the full bundled list", fmt.Sprintf("%d bytes vs %d bytes", len(d), len(full)), fmt.Sprintf("%.0f%% saved", 100*(1-float64(len(d))/float64(len(full)))))
}

func extensionRows() {
	fmt.Fprintln(os.Stderr, "== bench: the extension in Chromium (scripts/e2e)")
	if err := run("node", "--test", "--test-concurrency=1", "scripts/e2e/"); err != nil {
		add("extension", "browser suite", "failed: "+err.Error(), "")
		return
	}
	b, err := os.ReadFile("test-artifacts/timings.json")
	if err != nil {
		return
	}
	var t map[string]float64
	json.Unmarshal(b, &t)
	for _, k := range []struct{ key, what string }{
		{"page100KBToMatchMs", "100 KB page: load to note shown"},
		{"page1MBToMatchMs", "1 MB page: load to note shown"},
		{"page1MBScanMs", "1 MB page: time in scan messages (content script ↔ core)"},
		{"feedPostToMatchMs", "one appended feed post: scroll to note shown"},
		{"feedCharsScannedPerNewPost", "characters rescanned per new feed post"},
		{"coldWorkerToMatchMs", "stopped service worker: page load to first note"},
		{"extensionHeapPerTabKB", "added JS heap per tab, 1 MB page (KB; the core itself lives once in the background)"},
		{"deltaBytes", "update download with a delta (bytes; full list in the next row)"},
		{"fullListBytes", "full signed list (bytes)"},
	} {
		if v, ok := t[k.key]; ok {
			add("extension", k.what, fmt.Sprintf("%.0f", v), "")
		}
	}
	coldStartRows()
	firstNoteRows()
	firefoxColdStartRows()
}

var tableRow = regexp.MustCompile(`^\| (manifest 304[^|]*|manifest 200[^|]*|version download[^|]*|constant [^|]*) \| (\d+) \| ([^|]+) \| (\d+) \| ([^|]+) \| ([\d.]+) \|`)

func serverRows() {
	fmt.Fprintln(os.Stderr, "== bench: list server beside nginx (scripts/loadtest)")
	cmd := exec.Command("scripts/loadtest")
	if *quick {
		cmd.Args = append(cmd.Args, "--quick")
	}
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		add("server", "load test", "failed: "+err.Error(), "")
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		if m := tableRow.FindStringSubmatch(line); m != nil {
			name := strings.TrimSpace(m[1])
			if !strings.Contains(name, "workerd") && !strings.HasPrefix(name, "constant") {
				name += " (native)"
			}
			add("server", name, fmt.Sprintf("%s req/s, p99 %s", m[2], strings.TrimSpace(m[3])), fmt.Sprintf("%s of nginx (%s req/s, p99 %s)", m[6], m[4], strings.TrimSpace(m[5])))
		}
	}
}

func render(start time.Time) string {
	var b strings.Builder
	host, _ := os.Hostname()
	mode := "full"
	if *quick {
		mode = "quick (small inputs: numbers are for keeping the benchmark alive, not for reading)"
	}
	fmt.Fprintf(&b, "## Benchmarks (%s)\n\n%s, %s/%s, %d cores, Go %s, host %q, took %s. `scripts/bench`.\n\n",
		mode, time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), strings.TrimPrefix(runtime.Version(), "go"), host, time.Since(start).Round(time.Second))
	fmt.Fprintf(&b, "| group | what | result | ratio |\n|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.group, r.what, r.value, r.ratio)
	}
	b.WriteString("\n![scan time against list size](scan-vs-list-size.svg)\n")
	return b.String()
}

type point struct {
	n  int
	ms float64 // ms per MB
}

// svg draws ms per MB against list size (log scale), one line per runtime.
func svg(series map[string][]point) string {
	const w, h, left, bottom, top, right = 560, 320, 60, 40, 20, 150
	var maxMs float64
	minN, maxN := math.Inf(1), 0.0
	for _, ps := range series {
		for _, p := range ps {
			maxMs = math.Max(maxMs, p.ms)
			minN = math.Min(minN, float64(p.n))
			maxN = math.Max(maxN, float64(p.n))
		}
	}
	if maxMs == 0 || maxN <= minN {
		return `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`
	}
	x := func(n int) float64 {
		return left + (math.Log10(float64(n))-math.Log10(minN))/(math.Log10(maxN)-math.Log10(minN))*float64(w-left-right)
	}
	y := func(ms float64) float64 { return float64(h-bottom) - ms/(maxMs*1.1)*float64(h-bottom-top) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`, w, h)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>`,
		left, h-bottom, w-right, h-bottom, left, top, left, h-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">rumors in the list (log scale)</text>`, (left+w-right)/2, h-6)
	fmt.Fprintf(&b, `<text x="14" y="%d" transform="rotate(-90 14 %d)" text-anchor="middle">ms to scan 1 MB</text>`, (top+h-bottom)/2, (top+h-bottom)/2)
	for i := 0; i <= 4; i++ {
		ms := maxMs * 1.1 * float64(i) / 4
		fmt.Fprintf(&b, `<text x="%d" y="%.0f" text-anchor="end">%.0f</text>`, left-6, y(ms)+4, ms)
	}
	colors := []string{"#b42318", "#175cd3", "#067647", "#b54708"}
	names := make([]string, 0, len(series))
	for k := range series {
		names = append(names, k)
	}
	sort.Strings(names)
	for i, name := range names {
		ps := series[name]
		var pts []string
		for _, p := range ps {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.n), y(p.ms)))
			if i == 0 {
				fmt.Fprintf(&b, `<text x="%.0f" y="%d" text-anchor="middle">%d</text>`, x(p.n), h-bottom+16, p.n)
			}
		}
		c := colors[i%len(colors)]
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`, c, strings.Join(pts, " "))
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="%s">%s</text>`, w-right+10, top+20+18*i, c, name)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
