package rumorlist_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func TestDeltaRoundTrip(t *testing.T) {
	from := sample()
	from.Rumors = append(from.Rumors, rumorlist.Rumor{ID: "b-gone", Verdict: "false"}, rumorlist.Rumor{ID: "c-same", Verdict: "false", Updated: "2025-01-01"})
	from.Sort()
	to := sample()
	to.Version, to.Created = 8, 1764979200
	to.Rumors[0].Verdict = rumorlist.VerdictMisleading
	to.Rumors = append(to.Rumors, rumorlist.Rumor{ID: "a-new", Verdict: "false"}, rumorlist.Rumor{ID: "c-same", Verdict: "false", Updated: "2025-01-01"})
	// The fact-checkers travel too, or the rebuilt list differs from the new version.
	from.FactCheckers = []rumorlist.FactChecker{{Domain: "a.example", Name: "A", Source: "https://a.example/ifcn"}}
	to.FactCheckers = append(from.FactCheckers, rumorlist.FactChecker{Domain: "b.example", Name: "B", Source: "https://b.example/ifcn"})
	want := encode(t, to)
	d := rumorlist.MakeDelta(from, to)
	if len(d.Removed) != 1 || len(d.Upserted) != 2 {
		t.Fatalf("delta removes %v and upserts %d rumors, want 1 and 2", d.Removed, len(d.Upserted))
	}
	raw, err := d.MarshalMsg(nil)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := rumorlist.DecodeDelta(raw)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d2.Apply(from)
	if err != nil {
		t.Fatal(err)
	}
	if b := encode(t, got); !bytes.Equal(b, want) {
		t.Error("applying the delta does not give the new version's exact bytes")
	}
	t.Logf("delta for one changed and one added rumor: %d bytes, full list %d bytes", len(raw), len(want))

	other := sample()
	other.Version = 3
	if _, err := d.Apply(other); !errors.Is(err, rumorlist.ErrDeltaBase) {
		t.Errorf("applying to the wrong version: %v", err)
	}
	if _, err := rumorlist.DecodeDelta(want); !errors.Is(err, rumorlist.ErrMalformed) {
		t.Errorf("a list decoded as a delta: %v", err)
	}
}

func FuzzDecodeDelta(f *testing.F) {
	d := rumorlist.MakeDelta(sample(), sample())
	b, _ := d.MarshalMsg(nil)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := rumorlist.DecodeDelta(b)
		if err == nil && d.Format != rumorlist.DeltaFormat {
			t.Fatal("decoded a delta with another format")
		}
	})
}
