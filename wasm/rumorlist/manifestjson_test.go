package rumorlist_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func TestParseManifest(t *testing.T) {
	m := rumorlist.Manifest{List: "default", Version: 42, Created: 1764892800, Size: 30387,
		SHA256: "c46d", SignedSize: 30524, KeyID: "rg2e95", Signature: "r23s+/=="}
	b, _ := json.Marshal(m)
	got, err := rumorlist.ParseManifest(b)
	if err != nil || !reflect.DeepEqual(*got, m) {
		t.Fatalf("ParseManifest(%s) = %+v, %v", b, got, err)
	}
	for _, bad := range []string{``, `[]`, `{"version":"5"}`, `{"version":-1}`, `{"version":1.5}`, `{"list":"x"`, `{"list":"x"} x`, `{"list":"\x01"}`} {
		if _, err := rumorlist.ParseManifest([]byte(bad)); err == nil {
			t.Errorf("ParseManifest(%q) succeeded", bad)
		}
	}
	// Unknown keys and escapes, as JSON.stringify may write them.
	got, err = rumorlist.ParseManifest([]byte(` {"extra":{"a":[1,true,null,"x"]},"list":"d\u00e9f\/x","version":7} `))
	if err != nil || got.List != "déf/x" || got.Version != 7 {
		t.Errorf("got %+v, %v", got, err)
	}
}

// FuzzParseManifest: whatever the hand-written parser accepts, encoding/json
// reads the same way.
func FuzzParseManifest(f *testing.F) {
	b, _ := json.Marshal(rumorlist.Manifest{List: "default", Version: 3, SHA256: "ab", Signature: "c=="})
	f.Add(b)
	f.Add([]byte(`{"LIST":"a","list":"b","x":[{"y":"\ud83d\ude00"}],"version":1e0}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ours, err := rumorlist.ParseManifest(b)
		if err != nil {
			return
		}
		var theirs rumorlist.Manifest
		if err := json.Unmarshal(b, &theirs); err != nil {
			t.Fatalf("ParseManifest accepted what encoding/json refuses (%v): %q", err, b)
		}
		if !reflect.DeepEqual(*ours, theirs) {
			t.Fatalf("ParseManifest and encoding/json differ on %q:\n%+v\n%+v", b, *ours, theirs)
		}
	})
}
