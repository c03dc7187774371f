package match_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/agnivade/levenshtein"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/perturb"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
	"github.com/rumorguard/rumorguard/wasm/textnorm"
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

// BenchmarkScan measures scan throughput on 1 MB of ordinary English with
// lists of 1k, 10k and 100k rumors, and a plain byte scan of the same text
// as the memory-bandwidth ceiling, in the same run.
func BenchmarkScan(b *testing.B) {
	source, text := loadBench(b)
	b.Run("rumors=20-for-peers", func(b *testing.B) {
		m, _ := match.Compile(synth.List(20, source, 1), match.Options{})
		t := text[:5_000]
		b.SetBytes(int64(len(t)))
		for b.Loop() {
			m.Scan(t)
		}
		b.ReportMetric(mbps(len(t), b)*1000, "KB/s")
	})
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
			// The first scan sizes the scanner's buffers for 1 MB; with few
			// iterations it would dominate. Steady state is what pages see.
			m.Scan(text)
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
}

// BenchmarkPeerNaive is the peer a Go developer might write first: slide a
// window of each phrase's length over the text's words and compare with
// github.com/agnivade/levenshtein. It is capped (100 rumors, 20 KB of text)
// because it is slow; scripts/bench reports the cap with the number.
func BenchmarkPeerNaive(b *testing.B) {
	source, text := loadBench(b)
	text = text[:20_000]
	l := synth.List(100, source, 1)
	var phrases []string
	for _, r := range l.Rumors {
		for _, p := range r.Phrases[0].Texts {
			phrases = append(phrases, textnorm.Normalize(p).Norm)
		}
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		naiveScan(text, phrases)
	}
	b.ReportMetric(mbps(len(text), b)*1000, "KB/s")
}

// naiveScan returns the indexes of phrases found in text by a sliding
// window at 75% similarity.
func naiveScan(text string, phrases []string) []int {
	words := strings.Fields(textnorm.Normalize(text).Norm)
	var found []int
	for i, p := range phrases {
		n := len(strings.Fields(p))
		for s := 0; s+n <= len(words); s++ {
			w := strings.Join(words[s:s+n], " ")
			if d := levenshtein.ComputeDistance(w, p); float64(d) <= 0.25*float64(len(p)) {
				found = append(found, i)
				break
			}
		}
	}
	return found
}

// BenchmarkPeerNaiveRecall: the naive peer's recall on the same planted
// variants as BenchmarkPlantedRecall (1k rumors' phrases, 50 plants each kind).
func BenchmarkPeerNaiveRecall(b *testing.B) {
	source, text := loadBench(b)
	l := synth.List(1000, source, 1)
	for _, kind := range []perturb.Kind{perturb.Verbatim, perturb.Typos1, perturb.Truncate} {
		b.Run(string(kind), func(b *testing.B) {
			r := rand.New(rand.NewPCG(7, 1000))
			found, total := 0, 0
			for b.Loop() {
				for i := 0; i < 50; i++ {
					ru := l.Rumors[r.IntN(len(l.Rumors))]
					phrase := ru.Phrases[0].Texts[0]
					doc := plant(text, r.IntN(len(text)-600), 300, perturb.Apply(kind, phrase, "", r))
					total++
					if len(naiveScan(doc, []string{textnorm.Normalize(phrase).Norm})) > 0 {
						found++
					}
				}
			}
			b.ReportMetric(float64(found)/float64(total), "recall")
		})
	}
}

// plant puts variant into ordinary text as a paragraph of its own, between
// the lines of text around start+n (about n bytes on either side). The cut
// falls between lines, as a quote lands on a page: a cut inside a sentence
// would glue the variant to a fragment ("she was not sulking, not ev" +
// variant), and a negation just before a rumor rightly stops it matching.
func plant(text string, start, n int, variant string) string {
	before := text[start : start+n]
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[:i+1]
	}
	after := text[start+n : start+2*n]
	if i := strings.IndexByte(after, '\n'); i >= 0 {
		after = after[i+1:]
	}
	return before + variant + "\n" + after
}
