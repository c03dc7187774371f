package match_test

import (
	"fmt"
	"runtime"
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

var listSizes = []int{1_000, 10_000, 100_000}

// BenchmarkScan measures scan throughput on 1 MB of ordinary English with
// lists of 1k, 10k and 100k rumors, and a plain byte scan of the same text
// as the memory-bandwidth ceiling, in the same run.
func BenchmarkScan(b *testing.B) {
	source, text := loadBench(b)
	b.Run("ceiling=strings.Count", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			strings.Count(text, "rumorguard")
		}
		b.ReportMetric(mbps(len(text), b), "MB/s")
	})
	for _, n := range listSizes {
		m, err := match.Compile(synth.List(n, source, 1), match.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rumors=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				m.Scan(text)
			}
			b.ReportMetric(mbps(len(text), b), "MB/s")
		})
	}
}

func mbps(n int, b *testing.B) float64 {
	return float64(n) * float64(b.N) / b.Elapsed().Seconds() / 1e6
}

// BenchmarkCompile measures the time and memory to index each list size.
func BenchmarkCompile(b *testing.B) {
	source, _ := loadBench(b)
	for _, n := range listSizes {
		l := synth.List(n, source, 1)
		b.Run(fmt.Sprintf("rumors=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var heap uint64
			for b.Loop() {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				m, err := match.Compile(l, match.Options{})
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				heap = after.HeapAlloc - before.HeapAlloc
				runtime.KeepAlive(m)
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/compile")
			b.ReportMetric(float64(heap)/1e6, "MB-index")
		})
	}
}

// BenchmarkDecode measures decoding an encoded list of 10k rumors.
func BenchmarkDecode(b *testing.B) {
	source, _ := loadBench(b)
	l := synth.List(10_000, source, 1)
	enc, _ := l.Encode(nil)
	b.SetBytes(int64(len(enc)))
	for b.Loop() {
		if _, err := rumorlist.Decode(enc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(mbps(len(enc), b), "MB/s")
	_ = time.Now
}
