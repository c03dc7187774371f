package match_test

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

var benchData struct {
	once   sync.Once
	source []string
	text   string // 1 MB of ordinary English
	err    error
}

func loadBench(b testing.TB) ([]string, string) {
	benchData.once.Do(func() {
		docs, err := corpus.Brown(repoRoot(b) + "/" + corpus.BrownDir)
		if err != nil {
			benchData.err = err
			return
		}
		src, text := synth.Split(docs)
		benchData.source, benchData.text = src, text[:1<<20]
	})
	if benchData.err != nil {
		b.Skip(benchData.err)
	}
	return benchData.source, benchData.text
}

var variedData struct {
	once sync.Once
	v    *synth.Varied
	err  error
}

// loadVaried reads the source of the benchmarks' lists: realistic large
// lists (synth.Varied), scanned in 1 MB of fiction with phrases of the list
// planted in it (Varied.ScanText).
func loadVaried(b testing.TB) *synth.Varied {
	variedData.once.Do(func() {
		variedData.v, variedData.err = synth.LoadVaried(repoRoot(b))
	})
	if variedData.err != nil {
		b.Skip(variedData.err)
	}
	return variedData.v
}

// variedList is the benchmarks' list of n rumors.
func variedList(b testing.TB, n int) *rumorlist.List {
	l, err := loadVaried(b).List(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	return l
}

// listSizes are the synthetic list sizes benchmarked; scripts/bench -quick
// sets RUMORGUARD_BENCH_SIZES to small ones.
var listSizes = benchSizes()

func benchSizes() []int {
	env := os.Getenv("RUMORGUARD_BENCH_SIZES")
	if env == "" {
		return []int{1_000, 10_000, 100_000}
	}
	var out []int
	for _, f := range strings.Split(env, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// BenchmarkScan measures scan throughput on 1 MB of ordinary English (with
// phrases of the list planted in it) with realistic lists of 1k, 10k and
// 100k rumors, and a plain byte scan of the same text as the
// memory-bandwidth ceiling, in the same run. The last, dense-N, is the old
// synthetic list of the largest size as a worst case: every phrase drawn
// from one 600,000-word source, so most of its pairs sit in several phrases.
func BenchmarkScan(b *testing.B) {
	v := loadVaried(b)
	text := v.ScanText(variedList(b, listSizes[0]), 1<<20)
	b.Run("ceiling=strings.Count", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		cpu := threadCPU()
		for b.Loop() {
			strings.Count(text, "rumorguard")
		}
		if cpu = threadCPU() - cpu; cpu > 0 {
			b.ReportMetric(float64(len(text))*float64(b.N)/cpu/1e6, "MB/s-cpu")
		}
		b.ReportMetric(mbps(len(text), b), "MB/s")
	})
	scan := func(name string, l *rumorlist.List) {
		m, err := match.Compile(l, match.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			// The first scan sizes the scanner's buffers for 1 MB; with few
			// iterations it would dominate. Steady state is what pages see.
			found := len(m.Scan(text))
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			cpu := threadCPU()
			for b.Loop() {
				m.Scan(text)
			}
			if cpu = threadCPU() - cpu; cpu > 0 {
				b.ReportMetric(float64(len(text))*float64(b.N)/cpu/1e6, "MB/s-cpu")
			}
			b.ReportMetric(mbps(len(text), b), "MB/s")
			b.ReportMetric(float64(found), "matches")
			// Where a larger list's time goes: more pairs pass the filter
			// and hit the table, more postings, more candidates.
			_, passed, _, postings, cands := match.ScanCounts(m, text)
			b.ReportMetric(float64(passed), "filter-passed")
			b.ReportMetric(float64(postings), "postings")
			b.ReportMetric(float64(cands), "candidates")
		})
	}
	for _, n := range listSizes {
		scan(fmt.Sprintf("rumors=%d", n), variedList(b, n))
	}
	source, _ := loadBench(b)
	n := listSizes[len(listSizes)-1]
	scan(fmt.Sprintf("dense-rumors=%d", n), synth.List(n, source, 1))
}

// BenchmarkScanSizes measures what BenchmarkScan's sub-benchmarks compare
// across list sizes, the scan time of a larger list over the smallest's, with
// the sizes' scans alternated: BenchmarkScan runs each size for a second in
// turn, and this machine's speed drifts by tens of percent between seconds,
// which moves a ratio of two such runs as much as any change would. Each
// round scans every size's matcher twice in a row and times the second
// scan, so each is timed with its own index in the caches, as a page's scan
// after the first is. It reports the median wall-clock time per size
// ("ms-N") and each over the smallest size's ("x-N"). Not by CPU time: the
// thread's CPU clock here ticks in 4 ms steps, as long as half a scan.
func BenchmarkScanSizes(b *testing.B) {
	v := loadVaried(b)
	text := v.ScanText(variedList(b, listSizes[0]), 1<<20)
	ms := make([]*match.Matcher, len(listSizes))
	for i, n := range listSizes {
		m, err := match.Compile(variedList(b, n), match.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ms[i] = m
		m.Scan(text) // sizes the scanner's buffers
	}
	const rounds = 15
	wall := make([][]float64, len(ms))
	for b.Loop() {
		for range rounds {
			for i, m := range ms {
				m.Scan(text)
				t0 := time.Now()
				m.Scan(text)
				wall[i] = append(wall[i], time.Since(t0).Seconds()*1000)
			}
		}
	}
	for i, n := range listSizes {
		b.ReportMetric(median(wall[i]), fmt.Sprintf("ms-%d", n))
		if i > 0 {
			b.ReportMetric(median(wall[i])/median(wall[0]), fmt.Sprintf("x-%d", n))
		}
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func mbps(n int, b *testing.B) float64 {
	return float64(n) * float64(b.N) / b.Elapsed().Seconds() / 1e6
}

// BenchmarkCompile measures the time and memory to index each list size.
func BenchmarkCompile(b *testing.B) {
	for _, n := range listSizes {
		l := variedList(b, n)
		b.Run(fmt.Sprintf("rumors=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var heap uint64
			for b.Loop() {
				// Forced collections before and after, to measure what the
				// index keeps, are not part of compiling.
				b.StopTimer()
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				b.StartTimer()
				m, err := match.Compile(l, match.Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&after)
				heap = after.HeapAlloc - before.HeapAlloc
				runtime.KeepAlive(m)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/compile")
			b.ReportMetric(float64(heap)/1e6, "MB-index")
		})
	}
}

// BenchmarkDecode measures decoding an encoded list of 10k rumors.
func BenchmarkDecode(b *testing.B) {
	l := variedList(b, 10_000)
	enc, _ := l.Encode(nil)
	b.SetBytes(int64(len(enc)))
	for b.Loop() {
		if _, err := rumorlist.Decode(enc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(mbps(len(enc), b), "MB/s")
}
