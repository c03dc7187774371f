package core_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/core"
	"github.com/rumorguard/rumorguard/wasm/framing"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

// storedFixture loads version 5 of the bundled list into one core and its
// stored index into another.
func storedFixture(t *testing.T) (f *fixture, compiled, stored *core.Core, index []byte, info core.Info) {
	t.Helper()
	f = newFixture(t)
	compiled, _ = core.New(f.keyring)
	info, err := compiled.Load(f.signed(t, 5), 0)
	if err != nil {
		t.Fatal(err)
	}
	index, err = compiled.StoredIndex()
	if err != nil {
		t.Fatal(err)
	}
	stored, _ = core.New(f.keyring)
	if _, err := stored.LoadStoredIndex(index, info.ListSHA256, 0); err != nil {
		t.Fatalf("load the stored index: %v", err)
	}
	return f, compiled, stored, index, info
}

// TestStoredIndexGivesTheSameCore: a core started from the stored index
// scans, describes its list and renders its rumors exactly as the core that
// verified and compiled the list, without decoding the list.
func TestStoredIndexGivesTheSameCore(t *testing.T) {
	_, compiled, stored, _, info := storedFixture(t)
	if stored.HasList() {
		t.Fatal("the stored index decoded the list")
	}
	texts := seeds(t)
	wantScan, gotScan := compiled.ScanBatch(texts, nil), stored.ScanBatch(texts, nil)
	if len(wantScan) < 3*core.Fields || !reflect.DeepEqual(gotScan, wantScan) {
		t.Fatalf("scans differ:\nstored   %v\ncompiled %v", gotScan, wantScan)
	}
	gi := stored.Info()
	gi.IndexMs, info.IndexMs = 0, 0
	if gi != info {
		t.Errorf("info %+v, want %+v", gi, info)
	}
	// The notes, stored apart, are each rumor exactly as RumorsJSON gives it.
	notes, err := compiled.StoredNotes()
	if err != nil {
		t.Fatal(err)
	}
	var want []json.RawMessage
	if err := json.Unmarshal([]byte(compiled.RumorsJSON()), &want); err != nil {
		t.Fatal(err)
	}
	if got := readNotes(t, notes); len(got) != len(want) || len(want) != info.Rumors {
		t.Fatalf("%d notes, %d rumors", len(got), len(want))
	} else {
		for i := range want {
			if got[i] != string(want[i]) {
				t.Fatalf("note %d: %s, want %s", i, got[i], want[i])
			}
		}
	}
	if got := stored.RumorsAt([]int{0, 3}); got != "[null,null]" {
		t.Errorf("RumorsAt from a stored index without the list: %s", got)
	}
	// One past the last rumor and a negative index are no rumor.
	if got, want := compiled.RumorsAt([]int{3, 0, len(want), -1}), "["+string(want[3])+","+string(want[0])+",null,null]"; got != want {
		t.Errorf("RumorsAt = %s, want %s", got, want)
	}
	var all []struct{ Sources []struct{ URL string } }
	json.Unmarshal([]byte(compiled.RumorsJSON()), &all)
	src := all[3].Sources[0].URL
	for _, u := range []string{src, src + "/", strings.TrimSuffix(src, "/"), "https://example.org/not-a-source", ""} {
		if got, want := stored.IsSource(u), compiled.IsSource(u); got != want {
			t.Errorf("IsSource(%q) = %v, the compiled core says %v", u, got, want)
		}
	}
	if !stored.IsSource(src) {
		t.Errorf("a rumor's source %q is not a source", src)
	}
}

// TestStoredIndexRefusals: a stored index of another list version, of
// another core or matcher version, or a damaged one is refused, and the
// list in use stays.
func TestStoredIndexRefusals(t *testing.T) {
	f, _, stored, index, info := storedFixture(t)
	other, _ := core.New(f.keyring)
	v6, err := other.Load(f.signed(t, 6), 0)
	if err != nil {
		t.Fatal(err)
	}
	n := int(index[8]) | int(index[9])<<8 | int(index[10])<<16 // the core part's length
	mstart := 24 + n + (8-(24+n)%8)%8                          // where the matcher's part starts
	bump := func(at int) []byte {
		b := bytes.Clone(index)
		b[at]++
		return b
	}
	for _, tt := range []struct {
		name  string
		index []byte
		sha   string
		want  error
	}{
		{"the index of version 5 for version 6", index, v6.ListSHA256, match.ErrStaleIndex},
		{"another core format", bump(4), info.ListSHA256, match.ErrStaleIndex},
		{"another matcher IndexVersion", bump(mstart + 8), info.ListSHA256, match.ErrStaleIndex},
		{"a changed source URL", bump(24 + n - 10), info.ListSHA256, match.ErrCorruptIndex},
		{"a changed posting", bump(len(index) - 3), info.ListSHA256, match.ErrCorruptIndex},
		{"truncated", index[:len(index)-1], info.ListSHA256, match.ErrCorruptIndex},
		{"only the core part", index[:24+n], info.ListSHA256, match.ErrCorruptIndex},
		{"nothing", nil, info.ListSHA256, match.ErrCorruptIndex},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stored.LoadStoredIndex(tt.index, tt.sha, 0)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if got := stored.Info(); got.Version != 5 {
				t.Fatalf("the list in use changed to %+v", got)
			}
		})
	}
	if _, err := stored.LoadStoredIndex(index, info.ListSHA256, 5); !errors.Is(err, rumorlist.ErrDowngrade) {
		t.Fatalf("the same version again: %v, want a downgrade refusal", err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		b := bytes.Clone(index)
		at := 24 + r.IntN(len(b)-24)
		b[at] ^= byte(1 + r.IntN(255))
		if _, err := stored.LoadStoredIndex(b, info.ListSHA256, 0); err == nil {
			t.Fatalf("byte %d changed: accepted", at)
		}
	}
}

// TestAttachList: after a stored index, deltas and a new sensitivity need
// the list; attached (signed or encoded), they work, and another list is
// refused.
func TestAttachList(t *testing.T) {
	f, compiled, stored, _, _ := storedFixture(t)
	if err := stored.SetSensitivity("stricter"); err == nil || !strings.Contains(err.Error(), "attach") {
		t.Fatalf("a new sensitivity without the list: %v", err)
	}
	if err := stored.AttachList(f.signed(t, 6)); !errors.Is(err, rumorlist.ErrManifestMismatch) {
		t.Fatalf("attaching another list: %v", err)
	}
	if err := stored.AttachList(f.signed(t, 5)); err != nil {
		t.Fatal(err)
	}
	if !stored.HasList() {
		t.Fatal("no list after attaching")
	}
	if err := stored.SetSensitivity("stricter"); err != nil {
		t.Fatal(err)
	}
	if got, want := stored.RumorsJSON(), compiled.RumorsJSON(); got != want {
		t.Error("RumorsJSON differs after attaching")
	}
	if got, want := stored.RumorsAt([]int{2}), compiled.RumorsAt([]int{2}); got != want {
		t.Error("RumorsAt differs after attaching")
	}
	// The encoded list, as a delta leaves it, attaches too.
	_, _, again, _, info := storedFixture(t)
	l, raw, err := rumorlist.Open(f.signed(t, 5), mustKeys(t, f))
	if err != nil || l.Version != 5 {
		t.Fatal(err)
	}
	if err := again.AttachList(raw); err != nil || !again.HasList() || again.Info().ListSHA256 != info.ListSHA256 {
		t.Fatalf("attach the encoded list: %v", err)
	}
}

// readNotes reads StoredNotes' format as the extension does.
func readNotes(t *testing.T, b []byte) []string {
	t.Helper()
	if len(b) < 12 || string(b[:4]) != "RGCN" {
		t.Fatalf("no notes header")
	}
	n := int(binary.LittleEndian.Uint32(b[8:]))
	off := func(i int) int { return int(binary.LittleEndian.Uint32(b[12+4*i:])) }
	start := 12 + 4*(n+1)
	out := make([]string, n)
	for i := range out {
		out[i] = string(b[start+off(i) : start+off(i+1)])
	}
	return out
}

func mustKeys(t *testing.T, f *fixture) rumorlist.Keyring {
	k, err := rumorlist.ParseKeyring(f.keyring)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// FuzzLoadStoredIndex: whatever the core's part of a stored index holds, a
// load is refused or gives a core that scans, frames and answers "is this
// a source" without panicking. The fuzzer's bytes replace the part before
// the matcher's index, and the checksum is made to fit them, so the
// parser behind it is exercised, not only the checksum.
func FuzzLoadStoredIndex(f *testing.F) {
	fx := newFixture(f)
	compiled, _ := core.New(fx.keyring)
	info, err := compiled.Load(fx.signed(f, 5), 0)
	if err != nil {
		f.Fatal(err)
	}
	index, err := compiled.StoredIndex()
	if err != nil {
		f.Fatal(err)
	}
	const header = 24
	n := binary.LittleEndian.Uint64(index[8:])
	part, rest := index[header:header+int(n)], index[header+int(n):]
	rest = rest[(8-(header+int(n))%8)%8:]
	f.Add(part)
	f.Add(part[:len(part)/2])
	f.Add([]byte{})
	texts := seeds(f)
	f.Fuzz(func(t *testing.T, part []byte) {
		b := append([]byte(nil), index[:header]...)
		binary.LittleEndian.PutUint64(b[8:], uint64(len(part)))
		binary.LittleEndian.PutUint64(b[16:], match.Checksum(part))
		b = append(b, part...)
		b = append(b, make([]byte, (8-len(b)%8)%8)...)
		b = append(b, rest...)
		c, _ := core.New(fx.keyring)
		if _, err := c.LoadStoredIndex(b, info.ListSHA256, 0); err != nil {
			return
		}
		c.ScanBatch(texts, nil)
		c.IsSource("https://example.org/a")
		c.Framing(framing.Page{URL: "https://example.org/a", Body: texts[0]}, []framing.Section{{Before: "hoax"}},
			[]framing.Place{{Rumor: 3}})
	})
}

// TestSensitivityForNextStoredIndex: a core holding only a stored index
// cannot recompile it at a new sensitivity, but keeps the thresholds for the
// index it loads next, which then matches as a list compiled at them does
// (the extension's host loads the next stored index that way).
func TestSensitivityForNextStoredIndex(t *testing.T) {
	f, _, stored, index, info := storedFixture(t)
	if err := stored.SetSensitivity("stricter"); err == nil {
		t.Fatal("recompiled a stored index without its list")
	}
	if _, err := stored.LoadStoredIndex(index, info.ListSHA256, 0); err != nil {
		t.Fatal(err)
	}
	strict, _ := core.New(f.keyring)
	if err := strict.SetSensitivity("stricter"); err != nil {
		t.Fatal(err)
	}
	if _, err := strict.Load(f.signed(t, 5), 0); err != nil {
		t.Fatal(err)
	}
	def, _ := core.New(f.keyring)
	if _, err := def.Load(f.signed(t, 5), 0); err != nil {
		t.Fatal(err)
	}
	// The seeds, shortened and with typos (two letters swapped in every
	// k-th long word): some score between the default and the stricter
	// threshold, so the test can tell the two apart.
	var texts []string
	for _, s := range seeds(t) {
		w := strings.Fields(s)
		for n := len(w); n > 2; n = n * 3 / 4 {
			texts = append(texts, strings.Join(w[:n], " "))
		}
		for k := 1; k <= 4; k++ {
			typo := slices.Clone(w)
			for i := 0; i < len(typo); i += k {
				if b := []byte(typo[i]); len(b) > 4 {
					b[1], b[2] = b[2], b[1]
					typo[i] = string(b)
				}
			}
			texts = append(texts, strings.Join(typo, " "))
		}
	}
	differ := 0
	for _, text := range texts {
		got := stored.ScanBatch([]string{text}, nil)
		if want := strict.ScanBatch([]string{text}, nil); !slices.Equal(got, want) {
			t.Errorf("%.60q: stored index after SetSensitivity(stricter) found %v, the stricter list %v", text, got, want)
		}
		if !slices.Equal(got, def.ScanBatch([]string{text}, nil)) {
			differ++
		}
	}
	if differ == 0 {
		t.Fatal("no text scans differently at the default and the stricter sensitivity: the test cannot tell them apart")
	}
}
