package rumorlist_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
	"github.com/tinylib/msgp/msgp"
)

// header appends the map header and the fixed fields of a list or delta.
func header(fields int, delta bool) []byte {
	b := msgp.AppendMapHeader(nil, uint32(fields))
	if delta {
		b = msgp.AppendString(msgp.AppendString(b, "format"), rumorlist.DeltaFormat)
		b = msgp.AppendString(msgp.AppendString(b, "list"), "default")
		b = msgp.AppendUint64(msgp.AppendString(b, "from"), 1)
		b = msgp.AppendUint64(msgp.AppendString(b, "to"), 2)
		return b
	}
	b = msgp.AppendInt(msgp.AppendString(b, "format"), rumorlist.FormatVersion)
	b = msgp.AppendString(msgp.AppendString(b, "name"), "default")
	return msgp.AppendUint64(msgp.AppendString(b, "version"), 1)
}

// filler appends an array that fills b up to size bytes with the one-byte
// element e.
func filler(b []byte, size int, e byte) []byte {
	n := size - len(b) - 5
	b = msgp.AppendArrayHeader(b, uint32(n))
	return append(b, bytes.Repeat([]byte{e}, n)...)
}

// Inputs crafted so that naive decoding allocates many times their size:
// arrays of one-byte empty maps that each become a whole zero struct, and
// arrays of empty strings that each become a 16-byte string header.
var crafted = []struct {
	name  string
	delta bool
	make  func(size int) []byte
}{
	{"a delta upserting empty rumors", true, func(size int) []byte {
		return filler(msgp.AppendString(header(5, true), "upserted"), size, 0x80)
	}},
	{"a delta removing empty ids", true, func(size int) []byte {
		return filler(msgp.AppendString(header(5, true), "removed"), size, 0xa0)
	}},
	{"a list of empty rumors", false, func(size int) []byte {
		return filler(msgp.AppendString(header(4, false), "rumors"), size, 0x80)
	}},
	{"a rumor of empty texts", false, func(size int) []byte {
		b := msgp.AppendArrayHeader(msgp.AppendString(header(4, false), "rumors"), 1)
		b = msgp.AppendString(msgp.AppendMapHeader(b, 1), "texts")
		return filler(b, size, 0x80)
	}},
	{"phrases of empty strings", false, func(size int) []byte {
		b := msgp.AppendArrayHeader(msgp.AppendString(header(4, false), "rumors"), 1)
		b = msgp.AppendArrayHeader(msgp.AppendString(msgp.AppendMapHeader(b, 1), "phrases"), 1)
		b = msgp.AppendString(msgp.AppendMapHeader(b, 1), "texts")
		return filler(b, size, 0xa0)
	}},
}

// TestDecodeRefusesAmplification: each crafted input is refused as
// malformed, and refusing a 16 MiB one allocates almost nothing.
func TestDecodeRefusesAmplification(t *testing.T) {
	decode := func(b []byte, delta bool) error {
		if delta {
			_, err := rumorlist.DecodeDelta(b)
			return err
		}
		_, err := rumorlist.Decode(b)
		return err
	}
	for _, c := range crafted {
		for _, size := range []int{1 << 20, 16 << 20} {
			b := c.make(size)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := decode(b, c.delta)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, rumorlist.ErrMalformed) || !strings.Contains(err.Error(), "would allocate more") {
				t.Errorf("%s, %d bytes: %v, want a refusal for allocating too much", c.name, size, err)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > 64<<10 {
				t.Errorf("%s, %d bytes: refusing it allocated %d bytes", c.name, size, got)
			}
		}
	}
	// The same shapes at honest proportions still decode.
	if _, err := rumorlist.DecodeDelta(crafted[0].make(300)); err != nil {
		t.Errorf("a small delta of empty rumors: %v", err)
	}
}

// TestDecodeAcceptsSparseLists: a list whose rumors have only empty fields
// costs the most per byte of any real list (every struct still carries its
// keys); it decodes, and so does a delta that makes it.
func TestDecodeAcceptsSparseLists(t *testing.T) {
	l := &rumorlist.List{Name: "default", Version: 1}
	for i := 0; i < 50_000; i++ {
		l.Rumors = append(l.Rumors, rumorlist.Rumor{
			Texts: []rumorlist.Text{{}}, Sources: []rumorlist.Source{{}}, Phrases: []rumorlist.Phrases{{Texts: []string{""}}},
			MustMatch: []rumorlist.Example{{}}, MustNotMatch: []rumorlist.Example{{}},
		})
	}
	b := encode(t, l)
	if _, err := rumorlist.Decode(b); err != nil {
		t.Fatalf("a %d-byte list of empty rumors: %v", len(b), err)
	}
	next := *l
	next.Version = 2
	d, _ := rumorlist.MakeDelta(&rumorlist.List{Name: "default", Version: 1}, &next).MarshalMsg(nil)
	if _, err := rumorlist.DecodeDelta(d); err != nil {
		t.Fatalf("a %d-byte delta of empty rumors: %v", len(d), err)
	}
}

func TestCheckVersion(t *testing.T) {
	for _, tt := range []struct {
		v    uint64
		want string
	}{
		{1, ""},
		{rumorlist.MaxVersion, ""},
		{0, "version 0: versions start at 1"},
		{rumorlist.MaxVersion + 1, "version 9007199254740992 is above 9007199254740991, the largest JavaScript can compare exactly; use a smaller version"},
		{9999999999999999999, "version 9999999999999999999 is above 9007199254740991"},
	} {
		err := rumorlist.CheckVersion(tt.v)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want) || !errors.Is(err, rumorlist.ErrVersion)) {
			t.Errorf("CheckVersion(%d) = %v, want %q", tt.v, err, tt.want)
		}
	}
}

// TestVersionsInRange: lists, deltas and manifests with a version outside
// 1..MaxVersion are refused.
func TestVersionsInRange(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(make([]byte, 32))
	keys := rumorlist.Keyring{}
	keys.Add(priv.Public().(ed25519.PublicKey))
	for _, v := range []uint64{0, rumorlist.MaxVersion + 1, 9999999999999999999} {
		l := sample()
		l.Version = v
		b := encode(t, l)
		if _, err := rumorlist.Decode(b); !errors.Is(err, rumorlist.ErrVersion) || !errors.Is(err, rumorlist.ErrMalformed) {
			t.Errorf("list version %d: %v", v, err)
		}
		d := rumorlist.MakeDelta(sample(), l)
		db, _ := d.MarshalMsg(nil)
		if _, err := rumorlist.DecodeDelta(db); !errors.Is(err, rumorlist.ErrVersion) {
			t.Errorf("delta to version %d: %v", v, err)
		}
		// A manifest signed for such a version, as a hostile publisher could.
		signed, _ := rumorlist.Sign(encode(t, sample()), priv)
		m, err := rumorlist.NewManifest(signed, priv)
		if err != nil {
			t.Fatal(err)
		}
		m.Version = v
		if err := m.Verify(keys); !errors.Is(err, rumorlist.ErrVersion) {
			t.Errorf("manifest version %d: %v", v, err)
		}
	}
	l := sample()
	l.Version = rumorlist.MaxVersion
	if _, err := rumorlist.Decode(encode(t, l)); err != nil {
		t.Errorf("version MaxVersion: %v", err)
	}
	// A delta that does not go up does not apply.
	d := rumorlist.MakeDelta(sample(), sample())
	if _, err := d.Apply(sample()); !errors.Is(err, rumorlist.ErrDeltaBase) {
		t.Errorf("a delta from version 7 to 7: %v", err)
	}
}

func ExampleCheckVersion() {
	fmt.Println(rumorlist.CheckVersion(42))
	fmt.Println(rumorlist.CheckVersion(9999999999999999999))
	// Output:
	// <nil>
	// version 9999999999999999999 is above 9007199254740991, the largest JavaScript can compare exactly; use a smaller version
}
