package match

import (
	"errors"
	"reflect"
	"slices"
	"sync"
	"testing"
)

// persistedFields says, for every field of the Matcher and of the types it
// stores, how a stored index restores it. A field added to any of them and
// not listed here fails TestPersistCoversEveryField: store it in
// AppendIndex and LoadIndex (and raise IndexVersion), or say here why it
// need not be stored.
var persistedFields = map[reflect.Type]map[string]string{
	reflect.TypeFor[Matcher](): {
		"opts":     "given to LoadIndex: thresholds, not part of the index",
		"ids":      "stored",
		"fams":     "stored",
		"cuePairs": "rebuilt from debunkPairs, which are constants",
		"trips":    "compile only: nil once compiled",
		"idx":      "stored",
		"patterns": "stored",
		"pool":     "rebuilt: scanners are scratch space",
	},
	reflect.TypeFor[pairIndex](): {
		"filter": "stored", "fdir": "stored", "pairs": "stored", "posts": "stored",
		"pshift": "derived from len(pairs)",
	},
	reflect.TypeFor[pairEntry](): {"key": "stored", "v": "stored"},
	reflect.TypeFor[posting]():   {"pat": "stored", "pos": "stored", "back": "stored"},
	reflect.TypeFor[pattern](): {
		"rumor": "stored", "phrase": "stored", "from": "stored", "to": "stored", "de": "stored",
		"text": "stored once per phrase, shared by its patterns",
	},
}

func TestPersistCoversEveryField(t *testing.T) {
	for typ, known := range persistedFields {
		var fields []string
		for f := range typ.Fields() {
			fields = append(fields, f.Name)
			if _, ok := known[f.Name]; !ok {
				t.Errorf("%s.%s is not in the stored index: store it in AppendIndex and LoadIndex and raise IndexVersion, or list it in persistedFields with why it need not be stored", typ.Name(), f.Name)
			}
		}
		for name := range known {
			if !slices.Contains(fields, name) {
				t.Errorf("persistedFields lists %s.%s, which no longer exists", typ.Name(), name)
			}
		}
	}
}

// TestPersistRestoresEveryField: a loaded index equals the compiled one in
// every field but the scanners' pool.
func TestPersistRestoresEveryField(t *testing.T) {
	m, err := Compile(canonicalList(), Looser)
	if err != nil {
		t.Fatal(err)
	}
	var sum [32]byte
	got, err := LoadIndex(m.AppendIndex(nil, sum), sum, Looser)
	if err != nil {
		t.Fatal(err)
	}
	// Scanners are scratch space; everything else must be equal.
	m.pool, got.pool = sync.Pool{}, sync.Pool{}
	if !reflect.DeepEqual(m, got) {
		t.Fatal("the loaded index differs from the compiled one")
	}
	got.ids[0] += "x"
	if reflect.DeepEqual(m, got) {
		t.Fatal("the comparison cannot fail")
	}
}

// TestPersistRefusesBadFilterDirectory: a stored index whose filter
// directory does not split the filter in order is refused even with its
// checksum right, since the scan indexes the filter with it unchecked.
func TestPersistRefusesBadFilterDirectory(t *testing.T) {
	defer func(w int) { smallFilterWords = w }(smallFilterWords)
	smallFilterWords = 0 // a directory of several slots, as a large list's
	var sum [32]byte
	for _, tt := range []struct {
		name   string
		change func(d []uint32) []uint32
	}{
		{"unchanged", func(d []uint32) []uint32 { return d }},
		{"none", func(d []uint32) []uint32 { return nil }},
		{"one slot bound", func(d []uint32) []uint32 { return d[:1] }},
		{"more slots than layFilter makes", func(d []uint32) []uint32 {
			return append(make([]uint32, 1<<16+2-len(d)), d...) // empty slots first, one too many
		}},
		{"first not 0", func(d []uint32) []uint32 { d[0] = 1; return d }},
		{"last short of the filter", func(d []uint32) []uint32 { d[len(d)-1]--; return d }},
		{"last past the filter", func(d []uint32) []uint32 { d[len(d)-1]++; return d }},
		{"out of order", func(d []uint32) []uint32 { d[1] = d[2] + 1; return d }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Compile(canonicalList(), Default)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.idx.fdir) < 4 || m.idx.fdir[2] == 0 {
				t.Fatalf("directory %v: too small to break", m.idx.fdir)
			}
			m.idx.fdir = tt.change(slices.Clone(m.idx.fdir))
			got, err := LoadIndex(m.AppendIndex(nil, sum), sum, Default)
			if tt.name == "unchanged" {
				if err != nil {
					t.Fatalf("the directory as compiled: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrCorruptIndex) || got != nil {
				t.Fatalf("got %v; want ErrCorruptIndex", err)
			}
		})
	}
}
