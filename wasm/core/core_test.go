package core_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/core"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// fixture signs the bundled list at version with a fresh key.
type fixture struct {
	priv    ed25519.PrivateKey
	keyring string
}

func newFixture(t testing.TB) *fixture {
	seed := make([]byte, ed25519.SeedSize)
	copy(seed, t.Name())
	priv := ed25519.NewKeyFromSeed(seed)
	return &fixture{priv: priv, keyring: rumorlist.FormatPublicKey(priv.Public().(ed25519.PublicKey)) + "\n"}
}

func (f *fixture) signed(t testing.TB, version uint64) []byte {
	t.Helper()
	l, err := listsrc.Load(filepath.Join(root(), "scripts", "lists", "default"))
	if err != nil {
		t.Fatal(err)
	}
	l.Version, l.Created = version, 1764892800
	b, err := l.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := rumorlist.Sign(b, f.priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func seeds(t testing.TB) []string {
	var out []string
	for _, n := range []string{"en-lifehacker-meta-dms.txt", "nl-meta-berichten-ai.txt"} {
		b, err := os.ReadFile(filepath.Join(root(), "wasm", "match", "testdata", "seeds", n))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return append(out,
		"nothing here",
		"😱😱 Every conversation. Every photo. Every voice message. Fed into AI. 😱",
		"Ünïcödé 𝐌𝐞𝐭𝐚: Every convresation. Every photo. Every voice message. Fed into AI.",
	)
}

func TestLoadKeepsLastGoodList(t *testing.T) {
	f := newFixture(t)
	c, err := core.New(f.keyring)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Load(f.signed(t, 41), 0); err != nil {
		t.Fatal(err)
	}
	other := newFixture(&testing.T{})
	other.priv = ed25519.NewKeyFromSeed(make([]byte, 32))
	tampered := f.signed(t, 42)
	tampered[len(tampered)-3] ^= 0x20
	tests := []struct {
		name string
		in   []byte
		min  uint64
		code string
	}{
		{"same version", f.signed(t, 41), 41, "downgrade"},
		{"older version", f.signed(t, 40), 41, "downgrade"},
		{"tampered", tampered, 41, "bad-signature"},
		{"truncated", f.signed(t, 42)[:100], 41, "truncated"},
		{"unknown key", other.signed(t, 42), 41, "unknown-key"},
		{"garbage", []byte("<html>404</html>"), 41, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Load(tt.in, tt.min)
			if got := core.ErrorCode(err); got != tt.code {
				t.Errorf("code %q (%v), want %q", got, err, tt.code)
			}
			if v := c.Info().Version; v != 41 {
				t.Errorf("list in use changed to version %d after a refused load", v)
			}
		})
	}
	if _, err := c.Load(f.signed(t, 42), 41); err != nil {
		t.Errorf("newer list refused: %v", err)
	}
}

func TestNewNeedsKeys(t *testing.T) {
	if _, err := core.New("# nothing\n"); err == nil {
		t.Error("a core without trusted keys was created")
	}
	if _, err := core.New("rumorguard-ed25519-public rg00 AAAA"); err == nil {
		t.Error("a broken key was accepted")
	}
}

// Spans come back in UTF-16 code units, as JavaScript strings count them.
func TestScanBatchUTF16(t *testing.T) {
	f := newFixture(t)
	c, _ := core.New(f.keyring)
	if _, err := c.Load(f.signed(t, 1), 0); err != nil {
		t.Fatal(err)
	}
	texts := seeds(t)
	res := c.ScanBatch(texts, nil)
	if len(res) == 0 || len(res)%core.Fields != 0 {
		t.Fatalf("got %d values", len(res))
	}
	for i := 0; i < len(res); i += core.Fields {
		r := res[i : i+core.Fields]
		u := utf16.Encode([]rune(texts[r[core.FieldText]]))
		got := string(utf16.Decode(u[r[core.FieldStart]:r[core.FieldEnd]]))
		if !strings.HasPrefix(got, "Every") && !strings.Contains(strings.ToLower(got), "conversatie") && !strings.Contains(got, "Meta") {
			t.Errorf("span %v of text %d is %q", r, r[core.FieldText], got)
		}
	}
}

// The offset walk takes ASCII 64 and eight bytes at a time: text before a match
// mixes runs of every length with two- and four-byte characters (a
// surrogate pair in UTF-16).
func TestScanBatchUTF16Mixed(t *testing.T) {
	f := newFixture(t)
	c, _ := core.New(f.keyring)
	if _, err := c.Load(f.signed(t, 1), 0); err != nil {
		t.Fatal(err)
	}
	quote := "Every conversation. Every photo. Every voice message. Fed into AI."
	var texts []string
	for _, prefix := range []string{"", "é", "😀", "abcdefg😀", "abcdefgh😀é", strings.Repeat("ab😀é ", 9) + "twelve bytes", strings.Repeat("x", 1000) + "😀",
		strings.Repeat("x", 63) + "é" + strings.Repeat("y", 64) + "😀" + strings.Repeat("z", 71), strings.Repeat("é", 40) + strings.Repeat("q", 129)} {
		texts = append(texts, prefix+" "+quote+" 😀 and after")
	}
	res := c.ScanBatch(texts, nil)
	seen := map[int32]bool{}
	for i := 0; i < len(res); i += core.Fields {
		r := res[i : i+core.Fields]
		u := utf16.Encode([]rune(texts[r[core.FieldText]]))
		if got := string(utf16.Decode(u[r[core.FieldStart]:r[core.FieldEnd]])); !strings.HasPrefix(got, "Every conversation") || !strings.HasSuffix(got, "AI") {
			t.Errorf("text %d: span %d..%d is %q", r[core.FieldText], r[core.FieldStart], r[core.FieldEnd], got)
		}
		seen[r[core.FieldText]] = true
	}
	if len(seen) != len(texts) {
		t.Errorf("matches in %d of %d texts", len(seen), len(texts))
	}
}

func TestRumorsJSONEscapes(t *testing.T) {
	f := newFixture(t)
	c, _ := core.New(f.keyring)
	c.Load(f.signed(t, 1), 0)
	js := c.RumorsJSON()
	var rumors []struct {
		ID    string
		Texts map[string]struct{ Claim, Summary string }
	}
	if err := json.Unmarshal([]byte(js), &rumors); err != nil {
		t.Fatalf("RumorsJSON is not JSON: %v", err)
	}
	found := false
	for _, r := range rumors {
		if r.ID == "meta-dm-ai-training-2025" && strings.Contains(r.Texts["nl"].Claim, "privéberichten") {
			found = true
		}
	}
	if !found {
		t.Errorf("RumorsJSON lacks the Meta rumor with its Dutch claim: %.200s", js)
	}
}

func ExampleCore() {
	seed := make([]byte, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	list := &rumorlist.List{Name: "default", Version: 3, Rumors: []rumorlist.Rumor{{
		ID: "meta-dm-ai-training-2025", Verdict: "false",
		Phrases: []rumorlist.Phrases{{Lang: "en", Texts: []string{"Every conversation. Every photo. Every voice message. Fed into AI."}}},
	}}}
	enc, _ := list.Encode(nil)
	signed, _ := rumorlist.Sign(enc, priv)

	c, _ := core.New(rumorlist.FormatPublicKey(priv.Public().(ed25519.PublicKey)))
	info, err := c.Load(signed, 0)
	fmt.Println(info.Name, info.Version, err)
	res := c.ScanBatch([]string{"“Every conversation. Every photo. Every voice message. Fed into AI.” 😱"}, nil)
	fmt.Println("rumor", res[core.FieldRumor], "tier", res[core.FieldTier], "utf16 span", res[core.FieldStart], res[core.FieldEnd])
	_, err = c.Load(signed, info.Version)
	fmt.Println(errors.Is(err, rumorlist.ErrDowngrade))
	// Output:
	// default 3 <nil>
	// rumor 0 tier 2 utf16 span 1 66
	// true
}

// A delta is trusted through the signed manifest of the version it builds.
func TestApplyDelta(t *testing.T) {
	f := newFixture(t)
	c, _ := core.New(f.keyring)
	v1 := f.signed(t, 1)
	if _, err := c.Load(v1, 0); err != nil {
		t.Fatal(err)
	}
	env1, _ := rumorlist.OpenEnvelope(v1)
	base, _ := rumorlist.Decode(env1.List)
	next := *base
	next.Version = 2
	next.Rumors = append([]rumorlist.Rumor{}, base.Rumors...)
	next.Rumors[0].Verdict = rumorlist.VerdictMisleading
	enc, _ := next.Encode(nil)
	signed2, _ := rumorlist.Sign(enc, f.priv)
	m2, _ := rumorlist.NewManifest(signed2, f.priv)
	mj, _ := json.Marshal(m2)
	delta, _ := rumorlist.MakeDelta(base, &next).MarshalMsg(nil)

	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{5}, 32))
	mOther, _ := rumorlist.NewManifest(signed2, other)
	mjOther, _ := json.Marshal(mOther)
	forged := *m2
	forged.SHA256 = strings.Repeat("0", 64)
	mjForged, _ := json.Marshal(forged)
	// A delta to version 3, offered with version 2's manifest.
	v3 := next
	v3.Version = 3
	deltaTo3, _ := rumorlist.MakeDelta(base, &v3).MarshalMsg(nil)
	// A real manifest of a 2 MB list, replayed beside a crafted delta.
	big := next
	big.Rumors = nil
	for i := 0; i < 400; i++ {
		r := base.Rumors[i%len(base.Rumors)]
		r.ID = fmt.Sprintf("%s-%d", r.ID, i)
		big.Rumors = append(big.Rumors, r)
	}
	bigEnc, _ := big.Encode(nil)
	bigSigned, _ := rumorlist.Sign(bigEnc, f.priv)
	mBig, _ := rumorlist.NewManifest(bigSigned, f.priv)
	mjBig, _ := json.Marshal(mBig)
	huge := *m2
	huge.Version = rumorlist.MaxVersion + 1
	mjHuge, _ := json.Marshal(huge)
	tampered, _ := rumorlist.MakeDelta(base, &rumorlist.List{Name: next.Name, Version: 2, Created: next.Created, Publisher: next.Publisher}).MarshalMsg(nil)
	for _, tt := range []struct {
		name, code string
		delta      []byte
		manifest   []byte
	}{
		{"manifest by an untrusted key", "unknown-key", delta, mjOther},
		{"manifest changed after signing", "bad-signature", delta, mjForged},
		{"delta that builds other bytes", "manifest-mismatch", tampered, mj},
		{"not a delta", "malformed", v1, mj},
		{"delta for another step", "delta-base", deltaTo3, mj},
		{"delta larger than the list it builds", "malformed", append(delta, make([]byte, len(enc))...), mj},
		{"crafted delta", "malformed", craftedDelta(len(bigEnc)), mjBig},
		{"manifest for version 2^53", "version", delta, mjHuge},
	} {
		if _, _, err := c.ApplyDelta(tt.delta, string(tt.manifest)); core.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
		if c.Info().Version != 1 {
			t.Fatalf("%s: the list in use changed", tt.name)
		}
		if _, _, err := c.ApplyDelta(tt.delta, string(tt.manifest)); tt.name == "crafted delta" && !strings.Contains(err.Error(), "would allocate") {
			t.Errorf("crafted delta: %v, want a refusal by the allocation budget", err)
		}
	}
	info, list, err := c.ApplyDelta(delta, string(mj))
	if err != nil || info.Version != 2 || !bytes.Equal(list, enc) {
		t.Fatalf("ApplyDelta = %v, %v", info, err)
	}
	if _, _, err := c.ApplyDelta(delta, string(mj)); core.ErrorCode(err) != "downgrade" {
		t.Errorf("applying the same delta twice: %v", err)
	}
	// What the extension keeps after a delta loads again on restart.
	c2, _ := core.New(f.keyring)
	if info, err := c2.LoadManifested(list, string(mj), 0); err != nil || info.Version != 2 {
		t.Errorf("LoadManifested = %v, %v", info, err)
	}
}

// TestApplyDeltaChecksManifestFirst: with a manifest that fails its
// signature, a 16 MB crafted delta is refused without being decoded.
func TestApplyDeltaChecksManifestFirst(t *testing.T) {
	f := newFixture(t)
	c, _ := core.New(f.keyring)
	if _, err := c.Load(f.signed(t, 1), 0); err != nil {
		t.Fatal(err)
	}
	m, _ := rumorlist.NewManifest(f.signed(t, 2), f.priv)
	m.Size = 64 << 20 // changed after signing, to let a big delta through
	mj, _ := json.Marshal(m)
	delta := craftedDelta(16 << 20)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := c.ApplyDelta(delta, string(mj))
	runtime.ReadMemStats(&after)
	if core.ErrorCode(err) != "bad-signature" {
		t.Errorf("ApplyDelta = %v, want bad-signature", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<10 {
		t.Errorf("refusing it allocated %d bytes", got)
	}
}

// TestLoadForManifest: a downloaded signed list loads only if it is the one
// the signed manifest describes.
func TestLoadForManifest(t *testing.T) {
	f := newFixture(t)
	c, _ := core.New(f.keyring)
	if _, err := c.Load(f.signed(t, 1), 0); err != nil {
		t.Fatal(err)
	}
	v2, v3 := f.signed(t, 2), f.signed(t, 3)
	m2, _ := rumorlist.NewManifest(v2, f.priv)
	mj2, _ := json.Marshal(m2)
	forged := *m2
	forged.Version = 3
	mjForged, _ := json.Marshal(forged)
	for _, tt := range []struct {
		name, code string
		signed     []byte
		manifest   []byte
	}{
		{"another version than the manifest's", "manifest-mismatch", v3, mj2},
		{"a manifest changed after signing", "bad-signature", v3, mjForged},
		{"a list changed after signing", "bad-signature", append(append([]byte{}, v2[:len(v2)-1]...), v2[len(v2)-1]^1), mj2},
	} {
		if _, err := c.LoadForManifest(tt.signed, string(tt.manifest), 1); core.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
		if c.Info().Version != 1 {
			t.Fatalf("%s: the list in use changed", tt.name)
		}
	}
	if info, err := c.LoadForManifest(v2, string(mj2), 1); err != nil || info.Version != 2 {
		t.Errorf("the manifest's own list: %v, %v", info, err)
	}
}
