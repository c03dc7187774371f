package match_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/perturb"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func listSHA(t testing.TB, l *rumorlist.List) [32]byte {
	t.Helper()
	b, err := l.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// stored compiles l, stores its index and loads it back.
func stored(t testing.TB, l *rumorlist.List, opts match.Options) (compiled, loaded *match.Matcher, index []byte) {
	t.Helper()
	compiled, err := match.Compile(l, opts)
	if err != nil {
		t.Fatal(err)
	}
	sum := listSHA(t, l)
	index = compiled.AppendIndex(nil, sum)
	loaded, err = match.LoadIndex(index, sum, opts)
	if err != nil {
		t.Fatalf("load the index just stored: %v", err)
	}
	return compiled, loaded, index
}

// TestPersistSameMatchesSeeds: the bundled list's stored index finds
// exactly what the compiled one finds in the seed articles and in each
// phrase, at every sensitivity.
func TestPersistSameMatchesSeeds(t *testing.T) {
	l := bundled(t)
	texts := []string{seed(t, "en-lifehacker-meta-dms.txt"), seed(t, "nl-meta-berichten-ai.txt")}
	for _, r := range l.Rumors {
		for _, ps := range r.Phrases {
			texts = append(texts, ps.Texts...)
		}
		for _, e := range r.MustMatch {
			texts = append(texts, e.Text)
		}
		for _, e := range r.MustNotMatch {
			texts = append(texts, e.Text)
		}
	}
	for _, tt := range []struct {
		name string
		opts match.Options
	}{{"default", match.Default}, {"stricter", match.Stricter}, {"looser", match.Looser}} {
		t.Run(tt.name, func(t *testing.T) {
			compiled, loaded, _ := stored(t, l, tt.opts)
			found, n := 0, 0
			for i, text := range texts {
				// Every text at the default sensitivity; every fourth at the
				// others, whose stored index differs only in its options.
				if tt.opts != match.Default && i%4 != 0 {
					continue
				}
				n++
				want := compiled.Scan(text)
				found += len(want)
				if got := loaded.Scan(text); !reflect.DeepEqual(got, want) {
					t.Fatalf("stored index found %+v, compiled %+v in %.80q", got, want, text)
				}
			}
			if found < n/2 {
				t.Fatalf("only %d matches in %d texts: the test finds too little to compare", found, n)
			}
		})
	}
}

// TestPersistSameMatchesPlanted is the property over synthetic lists of
// 1,000 and 10,000 rumors: ordinary text with phrases of the list planted
// in it, verbatim, with typos and truncated, gives exactly the same matches
// from the stored index as from the compiled one.
func TestPersistSameMatchesPlanted(t *testing.T) {
	source, text := loadBench(t)
	sizes := []int{1_000, 10_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			l := synth.List(n, source, 2)
			compiled, loaded, _ := stored(t, l, match.Options{})
			r := rand.New(rand.NewPCG(11, uint64(n)))
			found := 0
			for i := 0; i < 300; i++ {
				ru := l.Rumors[r.IntN(len(l.Rumors))]
				phrase := ru.Phrases[0].Texts[r.IntN(len(ru.Phrases[0].Texts))]
				kind := []perturb.Kind{perturb.Verbatim, perturb.Typos1, perturb.Truncate}[i%3]
				start := r.IntN(len(text) - 20_000)
				doc := perturb.Plant(text[start:start+8_000+r.IntN(12_000)], r.IntN(4_000), 1000, perturb.Apply(kind, phrase, "", r))
				want := compiled.Scan(doc)
				found += len(want)
				if got := loaded.Scan(doc); !reflect.DeepEqual(got, want) {
					t.Fatalf("text %d (%s): stored index found %+v, compiled %+v", i, kind, got, want)
				}
			}
			if found < 200 {
				t.Fatalf("%d matches in 300 texts with planted phrases: too few to compare", found)
			}
		})
	}
}

// TestPersistUnaligned: an index in bytes that are not eight-aligned loads
// by decoding instead of in place, into the same index.
func TestPersistUnaligned(t *testing.T) {
	l := bundled(t)
	_, loaded, index := stored(t, l, match.Options{})
	odd := append(make([]byte, 1, len(index)+1), index...)[1:]
	m, err := match.LoadIndex(odd, listSHA(t, l), match.Options{})
	if err != nil || !match.SameIndex(m, loaded) {
		t.Fatalf("loaded unaligned: %v", err)
	}
}

// TestPersistRefusesStale: an index of another list, or of another format
// or matcher version, is refused as stale, so the caller compiles again.
func TestPersistRefusesStale(t *testing.T) {
	l := bundled(t)
	_, _, index := stored(t, l, match.Options{})
	other := *l
	other.Version++
	bump := func(at int) []byte {
		b := bytes.Clone(index)
		b[at]++
		return b
	}
	for _, tt := range []struct {
		name  string
		index []byte
		sha   [32]byte
	}{
		{"another list version", index, listSHA(t, &other)},
		{"another format", bump(4), listSHA(t, l)},
		{"another IndexVersion", bump(8), listSHA(t, l)},
		{"another compile fingerprint", bump(12), listSHA(t, l)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := match.LoadIndex(tt.index, tt.sha, match.Options{})
			if !errors.Is(err, match.ErrStaleIndex) || m != nil {
				t.Fatalf("got %v, %v; want ErrStaleIndex", m, err)
			}
		})
	}
}

// TestPersistRefusesCorrupt: a truncated index, or one with any byte of its
// payload changed, is refused, never used.
func TestPersistRefusesCorrupt(t *testing.T) {
	l := bundled(t)
	_, _, index := stored(t, l, match.Options{})
	sum := listSHA(t, l)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		cut := r.IntN(len(index))
		if _, err := match.LoadIndex(index[:cut], sum, match.Options{}); !errors.Is(err, match.ErrCorruptIndex) {
			t.Fatalf("truncated to %d of %d bytes: %v, want ErrCorruptIndex", cut, len(index), err)
		}
		b := bytes.Clone(index)
		at := 64 + r.IntN(len(b)-64) // past the identity (magic, versions, SHA-256)
		b[at] ^= byte(1 + r.IntN(255))
		if _, err := match.LoadIndex(b, sum, match.Options{}); !errors.Is(err, match.ErrCorruptIndex) {
			t.Fatalf("byte %d changed: %v, want ErrCorruptIndex", at, err)
		}
	}
	if _, err := match.LoadIndex(append(bytes.Clone(index), 0), sum, match.Options{}); !errors.Is(err, match.ErrCorruptIndex) {
		t.Fatalf("a byte appended: %v", err)
	}
}

// FuzzLoadIndex: no input makes LoadIndex panic; whatever it accepts is an
// index as AppendIndex writes it: stored again and loaded, it is the same
// index. A changed byte is refused (the checksum); the fuzzer also gets each
// input with its checksum set right, so it reaches the checks behind it.
func FuzzLoadIndex(f *testing.F) {
	// A small list keeps inputs small, so the fuzzer mutates what matters.
	l := &rumorlist.List{Name: "fuzz", Version: 1, Rumors: bundled(f).Rumors[:3]}
	_, _, index := stored(f, l, match.Options{})
	sum := listSHA(f, l)
	f.Add(index)
	f.Add(index[:len(index)/2])
	f.Add(index[:60])
	text := seed(f, "en-lifehacker-meta-dms.txt")
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := match.LoadIndex(b, sum, match.Options{}); err == nil {
			if !bytes.Equal(b, index) {
				t.Fatal("accepted changed bytes: the checksum or a check missed them")
			}
			m.Scan(text)
		} else if m != nil {
			t.Fatal("a matcher with an error")
		}
		fixed := match.FixIndexChecksum(bytes.Clone(b))
		m, err := match.LoadIndex(fixed, sum, match.Options{})
		if err != nil {
			return
		}
		again, err := match.LoadIndex(m.AppendIndex(nil, sum), sum, match.Options{})
		if err != nil || !match.SameIndex(m, again) {
			t.Fatalf("accepted an index that does not store and load back the same: %v", err)
		}
	})
}

func ExampleLoadIndex() {
	sum := sha256.Sum256([]byte("the encoded list's bytes"))
	m, _ := match.Compile(exampleList, match.Options{})
	index := m.AppendIndex(nil, sum)
	// Later, in a restarted worker: no compile.
	loaded, err := match.LoadIndex(index, sum, match.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(loaded.Scan("Every conversation. Every photo. Every voice message. Fed into AI.")), "match")
	_, err = match.LoadIndex(index, sha256.Sum256([]byte("another list")), match.Options{})
	fmt.Println(err)
	// Output:
	// 1 match
	// the stored index is of another list or matcher version: compile the list again: of the list with SHA-256 c1a863622094, not b1fcd24b7e48
}

// TestFilterLayoutsSameMatches: a list's filter laid out with a directory,
// as large lists' are, finds exactly what the one-slot layout of small
// lists finds, compiled and stored alike: the filter only skips table
// lookups, so the layouts may differ in the pairs they pass and in nothing
// after the table.
func TestFilterLayoutsSameMatches(t *testing.T) {
	source, text := loadBench(t)
	for _, tt := range []struct {
		name string
		list *rumorlist.List
	}{
		{"bundled", bundled(t)},
		{"synthetic 1,000", synth.List(1_000, source, 2)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			plain, err := match.Compile(tt.list, match.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var compiled, loaded *match.Matcher
			match.WithFilterDirectory(func() { compiled, loaded, _ = stored(t, tt.list, match.Options{}) })
			if match.FilterSlots(plain) != 1 || match.FilterSlots(compiled) < 2 || match.FilterSlots(loaded) != match.FilterSlots(compiled) {
				t.Fatalf("filter slots: %d one-slot, %d with a directory, %d loaded", match.FilterSlots(plain), match.FilterSlots(compiled), match.FilterSlots(loaded))
			}
			r := rand.New(rand.NewPCG(5, 6))
			docs := append([]string{text[:200_000]}, plantedDocs(r, tt.list, text, 200, []perturb.Kind{perturb.Verbatim, perturb.Typos1, perturb.Truncate})...)
			found := 0
			for i, doc := range docs {
				want := plain.Scan(doc)
				found += len(want)
				for _, m := range []*match.Matcher{compiled, loaded} {
					if got := m.Scan(doc); !reflect.DeepEqual(got, want) {
						t.Fatalf("text %d: with a directory %+v, one slot %+v", i, got, want)
					}
				}
				p0, _, in0, post0, c0 := match.ScanCounts(plain, doc)
				p1, _, in1, post1, c1 := match.ScanCounts(compiled, doc)
				if p0 != p1 || in0 != in1 || post0 != post1 || c0 != c1 {
					t.Fatalf("text %d: probed, in table, postings, candidates %d %d %d %d with a directory, %d %d %d %d with one slot", i, p1, in1, post1, c1, p0, in0, post0, c0)
				}
			}
			if found < 100 {
				t.Fatalf("%d matches in %d texts: too few to compare", found, len(docs))
			}
		})
	}
}
