package core_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/core"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
	"github.com/tinylib/msgp/msgp"
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
	// The lists and text of scripts/bench's other scan rows (synth.Varied).
	v, err := synth.LoadVaried(root())
	if err != nil {
		b.Skip(err)
	}
	first, err := v.List(synth.PlantedRumors, 1)
	if err != nil {
		b.Fatal(err)
	}
	text := v.ScanText(first, 1<<20)
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
		l, err := v.List(n, 1)
		if err != nil {
			b.Fatal(err)
		}
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

// craftedDelta is what a hostile list server can send as a delta: a valid
// header and then an array of size-ish empty maps. Each empty map is one
// byte, yet decodes into a whole zero Rumor, so decoding it naively
// allocates about 184 times its size.
func craftedDelta(size int) []byte {
	b := msgp.AppendMapHeader(nil, 8)
	for _, kv := range [][2]string{{"format", rumorlist.DeltaFormat}, {"list", "default"}, {"publisher", ""}} {
		b = msgp.AppendString(msgp.AppendString(b, kv[0]), kv[1])
	}
	b = msgp.AppendUint64(msgp.AppendString(b, "from"), 1)
	b = msgp.AppendUint64(msgp.AppendString(b, "to"), 2)
	b = msgp.AppendInt64(msgp.AppendString(b, "created"), 1764892800)
	b = msgp.AppendArrayHeader(msgp.AppendString(b, "removed"), 0)
	b = msgp.AppendString(b, "upserted")
	n := size - len(b) - 5
	b = msgp.AppendArrayHeader(b, uint32(n))
	return append(b, bytes.Repeat([]byte{0x80}, n)...)
}

// TestWasmRefusesCraftedDelta sends the wasm core, under node, deltas of 1
// and 16 MB crafted to make decoding allocate far more than their size,
// each with a correctly signed manifest for the next version (a hostile
// server can replay a real one): of the real list, which the delta's size
// alone gives away, and of a 32 MB list, where the allocation budget must
// refuse it. Each is refused, wasm memory stays under 256 MiB, and the core
// scans as before afterwards.
func TestWasmRefusesCraftedDelta(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm core")
	}
	dir := t.TempDir()
	wasm, execJS := buildWasm(t, dir)
	f := newFixture(t)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	m2, err := rumorlist.NewManifest(f.signed(t, 2), f.priv)
	if err != nil {
		t.Fatal(err)
	}
	big := *m2
	big.Size, big.SignedSize = 32<<20, 32<<20+100
	big.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(f.priv, big.SigningBytes()))
	tj, _ := json.Marshal(seeds(t))
	var deltas []string
	// Both larger than the real list, whatever its size, so that with the
	// real manifest the size check refuses them before any decoding.
	for _, size := range []int{int(m2.Size) + 1<<20, 16 << 20} {
		deltas = append(deltas, write(fmt.Sprintf("delta-%d", size), craftedDelta(size)))
	}
	for _, tt := range []struct {
		name   string
		m      *rumorlist.Manifest
		reason string
	}{
		{"the real manifest", m2, fmt.Sprintf("more than the %d-byte list it would build", m2.Size)},
		{"a 32 MB list's manifest", &big, "would allocate more than"},
	} {
		mj, _ := json.Marshal(tt.m)
		args := append([]string{"delta", execJS, wasm, write("keys", []byte(f.keyring)), write("list", f.signed(t, 1)),
			write("texts.json", tj), write("manifest.json", mj)}, deltas...)
		var got struct {
			Load   map[string]any
			Before struct {
				Matches     any
				MemoryBytes float64
			}
			Rows []struct {
				Bytes        int
				Result       map[string]any
				Ms           float64
				MemoryBytes  float64
				MatchesAfter any
			}
		}
		out := node(t, args...)
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("node output: %v\n%s", err, out)
		}
		if got.Load["ok"] != true {
			t.Fatalf("load = %v", got.Load)
		}
		if n, ok := got.Before.Matches.(float64); !ok || n < 3 {
			t.Fatalf("before any delta the seeds give %v matches", got.Before.Matches)
		}
		for _, r := range got.Rows {
			t.Logf("%s, %d-byte crafted delta: %v in %.0f ms, wasm memory %.0f MiB", tt.name, r.Bytes, r.Result, r.Ms, r.MemoryBytes/(1<<20))
			if msg, _ := r.Result["error"].(string); r.Result["ok"] != false || r.Result["code"] != "malformed" || !strings.Contains(msg, tt.reason) {
				t.Errorf("%s, %d-byte crafted delta: %v, want a refusal as malformed: %s", tt.name, r.Bytes, r.Result, tt.reason)
			}
			if r.MemoryBytes >= 256<<20 {
				t.Errorf("%s, %d-byte crafted delta: wasm memory grew to %.0f MiB, want under 256", tt.name, r.Bytes, r.MemoryBytes/(1<<20))
			}
			if r.MatchesAfter != got.Before.Matches {
				t.Errorf("%s, %d-byte crafted delta: the seeds give %v after it, %v before", tt.name, r.Bytes, r.MatchesAfter, got.Before.Matches)
			}
		}
	}
}

// TestWasmSurvivesMisuse calls the wasm core with arguments of the wrong
// type, which panic inside Go: each call returns an error result, and the
// core scans as before after each (unrecovered, the first would end the Go
// program and every later call fail with "Go program has already exited").
func TestWasmSurvivesMisuse(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm core")
	}
	dir := t.TempDir()
	wasm, execJS := buildWasm(t, dir)
	f := newFixture(t)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tj, _ := json.Marshal(seeds(t))
	out := node(t, "misuse", execJS, wasm, write("keys", []byte(f.keyring)), write("list", f.signed(t, 1)), write("texts.json", tj))
	var got struct {
		Load   map[string]any
		Before any
		Rows   []struct {
			Call         string
			Result       map[string]any
			MatchesAfter any
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node output: %v\n%s", err, out)
	}
	if n, ok := got.Before.(float64); got.Load["ok"] != true || !ok || n < 3 {
		t.Fatalf("load = %v, then %v matches", got.Load, got.Before)
	}
	want := map[string]string{
		"load(123)": "panic", "applyDelta({})": "panic", `loadManifested("x")`: "panic",
		"load(bytes, 2 ** 60)": "version", `verifyManifest("{}")`: "version",
	}
	for _, r := range got.Rows {
		if r.Result["ok"] != false || r.Result["code"] != want[r.Call] {
			t.Errorf("%s = %v, want an error result with code %s", r.Call, r.Result, want[r.Call])
		}
		if r.MatchesAfter != got.Before {
			t.Errorf("after %s the seeds give %v matches, before %v", r.Call, r.MatchesAfter, got.Before)
		}
	}
}
