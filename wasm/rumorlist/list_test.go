package rumorlist_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func sample() *rumorlist.List {
	return &rumorlist.List{
		Name: "default", Version: 7, Created: 1764892800, Publisher: "Rumorguard maintainers",
		Rumors: []rumorlist.Rumor{{
			ID: "meta-dm-ai-training-2025", Family: "meta-privacy-notice", Verdict: rumorlist.VerdictFalse,
			Texts:     []rumorlist.Text{{Lang: "en", Claim: "Meta trains AI on DMs", Summary: "It does not."}},
			Sources:   []rumorlist.Source{{URL: "https://example.org/fc", Publisher: "Example", Date: "2025-12-04", Lang: "en"}},
			Phrases:   []rumorlist.Phrases{{Lang: "en", Texts: []string{"Every conversation. Every photo. Every voice message. Fed into AI."}}},
			MustMatch: []rumorlist.Example{{Lang: "en", Text: "every conversation every photo"}},
			Updated:   "2025-12-05",
		}},
	}
}

func encode(t testing.TB, l *rumorlist.List) []byte {
	t.Helper()
	l.Sort()
	b, err := l.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	l := sample()
	b := encode(t, l)
	got, err := rumorlist.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	b2 := encode(t, got)
	if !bytes.Equal(b, b2) {
		t.Error("decode then encode changed the bytes")
	}
	if got.Rumors[0].Phrases[0].Texts[0] != l.Rumors[0].Phrases[0].Texts[0] {
		t.Error("phrase lost in round trip")
	}
}

// Equal lists give equal bytes whatever order their parts came in: the
// signature covers the bytes, so a rebuild must not change them.
func TestDeterministic(t *testing.T) {
	a, b := sample(), sample()
	b.Rumors = append(b.Rumors, rumorlist.Rumor{ID: "a-first", Verdict: "false"})
	a.Rumors = append([]rumorlist.Rumor{{ID: "a-first", Verdict: "false"}}, a.Rumors...)
	if !bytes.Equal(encode(t, a), encode(t, b)) {
		t.Error("same list in another order encodes differently")
	}
}

func TestDecodeRefuses(t *testing.T) {
	good := encode(t, sample())
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, rumorlist.ErrTruncated},
		{"truncated", good[:len(good)/2], rumorlist.ErrTruncated},
		{"one byte short", good[:len(good)-1], rumorlist.ErrTruncated},
		// A 40-byte input claiming a 2^32-1 element array must be refused
		// before anything is allocated for it.
		{"huge array header", append([]byte{0xdd, 0xff, 0xff, 0xff, 0xff}, make([]byte, 35)...), rumorlist.ErrTruncated},
		{"huge map header", append([]byte{0xdf, 0xff, 0xff, 0xff, 0xff}, make([]byte, 35)...), rumorlist.ErrTruncated},
		{"stray bytes", append(append([]byte{}, good...), 0xc0), rumorlist.ErrMalformed},
		{"not a map", []byte{0x93, 0x01, 0x02, 0x03}, rumorlist.ErrMalformed},
		{"invalid type byte", []byte{0xc1}, rumorlist.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rumorlist.Decode(tt.in)
			if !errors.Is(err, tt.want) {
				t.Errorf("Decode = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDecodeNewerFormat(t *testing.T) {
	l := sample()
	l.Format = rumorlist.FormatVersion + 1 // MarshalMsg, unlike Encode, keeps it
	b, err := l.MarshalMsg(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rumorlist.Decode(b); !errors.Is(err, rumorlist.ErrNewerFormat) {
		t.Errorf("Decode of a newer format = %v, want ErrNewerFormat", err)
	}
}

func newKey(t testing.TB) ed25519.PrivateKey {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return priv
}

func TestSignOpen(t *testing.T) {
	priv := newKey(t)
	other := newKey(t)
	keys := rumorlist.Keyring{}
	keys.Add(priv.Public().(ed25519.PublicKey))
	list := encode(t, sample())
	signed, err := rumorlist.Sign(list, priv)
	if err != nil {
		t.Fatal(err)
	}
	l, raw, err := rumorlist.Open(signed, keys)
	if err != nil {
		t.Fatal(err)
	}
	if l.Version != 7 || !bytes.Equal(raw, list) {
		t.Error("Open returned something else than was signed")
	}

	// Each way a list can be bad has its own error.
	tampered := bytes.Clone(signed)
	i := bytes.Index(tampered, []byte("Every conversation"))
	tampered[i] = 'N'
	signedByOther, _ := rumorlist.Sign(list, other)
	// Another key's signature under this key's id: a forgery attempt.
	env, _ := rumorlist.OpenEnvelope(signedByOther)
	env.KeyID = rumorlist.KeyID(priv.Public().(ed25519.PublicKey))
	forged, _ := env.MarshalMsg(nil)
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"tampered", tampered, rumorlist.ErrBadSignature},
		{"unknown key", signedByOther, rumorlist.ErrUnknownKey},
		{"forged key id", forged, rumorlist.ErrBadSignature},
		{"truncated", signed[:len(signed)-10], rumorlist.ErrTruncated},
		{"not a signed list", list, rumorlist.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := rumorlist.Open(tt.in, keys)
			if !errors.Is(err, tt.want) {
				t.Errorf("Open = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestManifest(t *testing.T) {
	priv := newKey(t)
	keys := rumorlist.Keyring{}
	keys.Add(priv.Public().(ed25519.PublicKey))
	list := encode(t, sample())
	signed, _ := rumorlist.Sign(list, priv)
	m, err := rumorlist.NewManifest(signed, priv)
	if err != nil {
		t.Fatal(err)
	}
	if m.List != "default" || m.Version != 7 || m.Size != len(list) || m.SignedSize != len(signed) {
		t.Errorf("manifest = %+v", m)
	}
	if err := m.Verify(keys); err != nil {
		t.Fatal(err)
	}
	if err := m.Matches(list); err != nil {
		t.Fatal(err)
	}
	bad := *m
	bad.Version++
	if err := bad.Verify(keys); !errors.Is(err, rumorlist.ErrBadSignature) {
		t.Errorf("changed manifest verified: %v", err)
	}
	changed := bytes.Clone(list)
	changed[len(changed)-1] ^= 1
	if err := m.Matches(changed); !errors.Is(err, rumorlist.ErrManifestMismatch) {
		t.Errorf("Matches on changed bytes = %v", err)
	}
	if err := m.Verify(rumorlist.Keyring{}); !errors.Is(err, rumorlist.ErrUnknownKey) {
		t.Errorf("Verify without keys = %v", err)
	}
}

func TestKeyText(t *testing.T) {
	priv := newKey(t)
	pub := priv.Public().(ed25519.PublicKey)
	got, err := rumorlist.ParsePublicKey(rumorlist.FormatPublicKey(pub))
	if err != nil || !got.Equal(pub) {
		t.Fatalf("public key round trip: %v", err)
	}
	p2, err := rumorlist.ParsePrivateKey(rumorlist.FormatPrivateKey(priv))
	if err != nil || !p2.Equal(priv) {
		t.Fatalf("private key round trip: %v", err)
	}
	// An id that does not belong to the key is refused.
	other := newKey(t).Public().(ed25519.PublicKey)
	line := strings.Replace(rumorlist.FormatPublicKey(pub), rumorlist.KeyID(pub), rumorlist.KeyID(other), 1)
	if _, err := rumorlist.ParsePublicKey(line); err == nil {
		t.Error("a public key with a foreign id was accepted")
	}
	ring, err := rumorlist.ParseKeyring("# publishers\n" + rumorlist.FormatPublicKey(pub) + "\n\n")
	if err != nil || len(ring) != 1 {
		t.Fatalf("ParseKeyring = %v, %v", ring, err)
	}
}

// The generated code must match list.go: regenerate into a temporary copy
// and compare, so a schema change without go generate fails here.
func TestGeneratedUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go generate")
	}
	dir := t.TempDir()
	for _, f := range []string{"list.go", "list_gen.go", "list_gen_test.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "tool", "msgp", "-file", filepath.Join(dir, "list.go"), "-io=false", "-tests=true")
	cmd.Dir = "."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("msgp: %v\n%s", err, out)
	}
	for _, f := range []string{"list_gen.go", "list_gen_test.go"} {
		want, _ := os.ReadFile(f)
		got, _ := os.ReadFile(filepath.Join(dir, f))
		if !bytes.Equal(want, got) {
			t.Errorf("%s is stale: run go generate ./wasm/rumorlist", f)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(encode(f, sample()))
	f.Add([]byte{0xdd, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := rumorlist.Decode(b)
		if err != nil {
			return
		}
		// Whatever decodes must encode and decode to the same list.
		out, err := l.MarshalMsg(nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rumorlist.Decode(out); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
	})
}

func FuzzOpen(f *testing.F) {
	priv := ed25519.NewKeyFromSeed(make([]byte, 32))
	keys := rumorlist.Keyring{}
	keys.Add(priv.Public().(ed25519.PublicKey))
	signed, _ := rumorlist.Sign(encode(f, sample()), priv)
	f.Add(signed)
	f.Fuzz(func(t *testing.T, b []byte) {
		l, raw, err := rumorlist.Open(b, keys)
		if err == nil && (l == nil || raw == nil) {
			t.Fatal("Open succeeded without a list")
		}
	})
}

func ExampleList_Families() {
	l := &rumorlist.List{Rumors: []rumorlist.Rumor{{ID: "a", Family: "x"}, {ID: "b"}, {ID: "c", Family: "y"}, {ID: "d", Family: "x"}}}
	fmt.Println(l.Families())
	// Output: [1 0 2 1]
}
