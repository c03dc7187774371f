package core_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/corpus"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/core"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// buildWasm compiles wasm/corejs as the extension ships it.
func buildWasm(t testing.TB, dir string) (wasm, execJS string) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("node is needed to test the wasm build: run scripts/setup (%v)", err)
	}
	wasm = filepath.Join(dir, "core.wasm")
	cmd := exec.Command("go", "build", "-ldflags=-s -w", "-trimpath", "-o", wasm, "./wasm/corejs")
	cmd.Dir = root()
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build wasm: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	return wasm, filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")
}

func node(t testing.TB, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("node", append([]string{filepath.Join(root(), "wasm", "corejs", "run.mjs")}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	return out
}

// TestWasmMatchesNative runs the wasm build under node on the seed articles
// and checks it returns exactly what the native core returns.
func TestWasmMatchesNative(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm core")
	}
	dir := t.TempDir()
	wasm, execJS := buildWasm(t, dir)
	f := newFixture(t)
	signed := f.signed(t, 5)
	texts := seeds(t)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tj, _ := json.Marshal(texts)
	out := node(t, "scan", execJS, wasm, write("keys", []byte(f.keyring)), write("list", signed), write("texts.json", tj))
	var got struct {
		Load         map[string]any
		Again        map[string]any
		Results      [][]int32
		ResultsAfter [][]int32
		Rumors       []map[string]any
		StartMs      float64
		LoadMs       float64
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node output: %v\n%s", err, out)
	}
	c, _ := core.New(f.keyring)
	if _, err := c.Load(signed, 0); err != nil {
		t.Fatal(err)
	}
	flat := c.ScanBatch(texts, nil)
	var want [][]int32
	for i := 0; i < len(flat); i += core.Fields {
		want = append(want, flat[i:i+core.Fields])
	}
	if len(want) < 3 {
		t.Fatalf("native found only %d matches in the seeds", len(want))
	}
	if !reflect.DeepEqual(got.Results, want) {
		t.Errorf("wasm results differ from native:\nwasm   %v\nnative %v", got.Results, want)
	}
	if got.Load["ok"] != true || got.Load["version"] != float64(5) || got.Load["name"] != "default" {
		t.Errorf("load = %v", got.Load)
	}
	if got.Again["ok"] != false || got.Again["code"] != "downgrade" {
		t.Errorf("reloading the same version = %v, want a downgrade refusal", got.Again)
	}
	if !reflect.DeepEqual(got.ResultsAfter, want) {
		t.Error("a refused load changed the results")
	}
	ids := map[any]bool{}
	for _, r := range got.Rumors {
		ids[r["id"]] = true
	}
	if !ids["meta-dm-ai-training-2025"] {
		t.Errorf("rumors from the wasm core lack the Meta rumor: %d rumors", len(got.Rumors))
	}
	t.Logf("wasm: start %.0f ms, verify+index bundled list %.1f ms", got.StartMs, got.LoadMs)
}

// BenchmarkWasm measures the wasm core under node: scan MB/s on 1 MB of
// ordinary English with lists of 1k, 10k and 100k rumors, and load (verify
// + decode + index) time per list. Run with -bench Wasm -benchtime 1x.
func BenchmarkWasm(b *testing.B) {
	docs, err := corpus.Brown(filepath.Join(root(), corpus.BrownDir))
	if err != nil {
		b.Skip(err)
	}
	source, text := synth.Split(docs)
	text = text[:1<<20]
	dir := b.TempDir()
	wasm, execJS := buildWasm(b, dir)
	f := newFixture(b)
	args := []string{"bench", execJS, wasm, filepath.Join(dir, "keys"), filepath.Join(dir, "text")}
	os.WriteFile(args[3], []byte(f.keyring), 0o644)
	os.WriteFile(args[4], []byte(text), 0o644)
	sizes := []int{1_000, 10_000, 100_000}
	if env := os.Getenv("RUMORGUARD_BENCH_SIZES"); env != "" {
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			var n int
			fmt.Sscan(f, &n)
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		l := synth.List(n, source, 1)
		enc, _ := l.Encode(nil)
		s, _ := rumorlist.Sign(enc, f.priv)
		p := filepath.Join(dir, fmt.Sprintf("list-%d", n))
		os.WriteFile(p, s, 0o644)
		args = append(args, p)
	}
	info, _ := os.Stat(wasm)
	for b.Loop() {
		var res struct {
			StartMs float64
			Rows    []struct {
				Rumors         int
				LoadMs, ScanMs float64
				IndexMs        float64
				Mbps           float64
			}
		}
		if err := json.Unmarshal(node(b, args...), &res); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.StartMs, "ms-instantiate")
		b.ReportMetric(float64(info.Size())/1e6, "MB-wasm")
		for _, r := range res.Rows {
			b.ReportMetric(r.Mbps, fmt.Sprintf("MB/s-%d", r.Rumors))
			b.ReportMetric(r.LoadMs, fmt.Sprintf("ms-load-%d", r.Rumors))
			b.ReportMetric(r.IndexMs, fmt.Sprintf("ms-index-%d", r.Rumors))
		}
	}
}
