package match

import (
	"fmt"
	"math/bits"

	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// vocab maps the words of a list to ids. The scanner looks up every word of
// every page, so this is the hot path: an open-addressing table keyed by a
// 64-bit hash of the word, each slot holding all the scanner needs (id,
// flags, possible predecessors) in one cache line. Collisions of full 64-bit
// hashes between list words are refused at compile time; a page word whose
// hash collides with a list word could only create a candidate, and the
// verification compares the words themselves.
type vocab struct {
	slots  []vslot
	shift  uint
	slotOf []int32 // id -> index of its slot, for building the index
}

type vslot struct {
	key   uint64 // hashWord of the word, never 0 in a used slot
	preds uint64 // predBit of every word preceding this one in an indexed pair
	id    uint32
	flags uint8
}

// hashWord is textnorm.HashWord: the scanner gets the same hash from
// textnorm.Tokenizer.EachHash without building the word.
func hashWord(w []byte) uint64 { return textnorm.HashWord(w) }

func newVocab(words []string, flags []uint8) (*vocab, error) {
	n := max(16, 2*len(words))
	logn := bits.Len(uint(n - 1))
	v := &vocab{slots: make([]vslot, 1<<logn), shift: uint(64 - logn), slotOf: make([]int32, len(words))}
	for id := 1; id < len(words); id++ {
		h := hashWord([]byte(words[id]))
		mask := uint64(len(v.slots) - 1)
		for i := h >> v.shift; ; i = (i + 1) & mask {
			s := &v.slots[i]
			if s.key == h {
				return nil, fmt.Errorf("words %q and %q have the same hash: rename one", words[s.id], words[id])
			}
			if s.key == 0 {
				*s = vslot{key: h, id: uint32(id), flags: flags[id]}
				v.slotOf[id] = int32(i)
				break
			}
		}
	}
	return v, nil
}

func (v *vocab) lookup(h uint64) *vslot {
	mask := uint64(len(v.slots) - 1)
	for i := h >> v.shift; ; i = (i + 1) & mask {
		s := &v.slots[i]
		if s.key == h {
			return s
		}
		if s.key == 0 {
			return nil
		}
	}
}

func predBit(id uint32) uint64 { return 1 << ((uint64(id) * 0x9E3779B97F4A7C15) >> 58) }
