// The runs of pair hits the scan follows: a small table of the patterns hit
// in the last few words, not a run per pattern of the list.

package match

import "math/bits"

// hitRun is what the scan keeps of a phrase pattern while pair hits of it
// arrive in order: a run that covers enough phrase words becomes a
// candidate. It lives in a runTable slot, keyed by its pattern.
type hitRun struct {
	key       uint32 // pattern+1
	gen       uint32 // the slot is taken if this is its table's epoch
	first     int32  // text token of the first hit in this run
	last      int32  // text token of the latest hit
	candidate int32  // index into cands, -1 until the run becomes a candidate
	firstPos  uint16
	pos       uint16
	words     uint16 // phrase words the hits of this run cover
}

// runTable is an open-addressing table of hit runs by pattern.
//
// A run ends once maxGap text words pass without a hit of its pattern, and
// the scan meets a few hundred pattern hits per 4,096 words at most, so only
// a handful of runs are alive at any word. A run per pattern of the list
// (as before) was megabytes at 100,000 rumors, and nearly every posting the
// scan recorded was a cache miss there; this table stays a few kilobytes.
// Runs that ended stay in their slots until sweep drops them: a run that
// ended and an empty slot mean the same to the scan (a new run starts).
//
// A slot is taken only if its gen is the table's epoch, so emptying the
// table is one increment: per scan, and per sweep, which then puts back the
// runs still alive, found through taken (the slots taken since the last
// sweep), not by reading every slot.
type runTable struct {
	slots []hitRun
	shift uint   // the home slot is the top log2(len(slots)) bits of key·φ
	epoch uint32 // the gen of taken slots
	taken []uint32
	live  []hitRun
}

// minRunSlots is the table's first size: 28 KB, well inside a core's cache.
// A variable only so that tests can make the table sweep all the time.
var minRunSlots = 1 << 10

// sweep keeps the runs still alive at text token j and makes room for need
// more, growing the table if a quarter of it would not hold them: slots are
// at most half taken between sweeps, so probes stay short.
func (rt *runTable) sweep(j int32, need int) {
	rt.live = rt.live[:0]
	for _, i := range rt.taken {
		if r := rt.slots[i]; j-r.last <= maxGap {
			rt.live = append(rt.live, r)
		}
	}
	n := max(len(rt.slots), minRunSlots)
	for 4*(len(rt.live)+need) > n {
		n *= 2
	}
	if n != len(rt.slots) {
		rt.slots = make([]hitRun, n)
		rt.shift = uint(33 - bits.Len(uint(n)))
	}
	rt.next()
	mask := uint32(n - 1)
	rt.taken = rt.taken[:0]
	for _, r := range rt.live {
		i := r.key * 0x9E3779B1 >> rt.shift
		for rt.slots[i].gen == rt.epoch {
			i = (i + 1) & mask
		}
		r.gen = rt.epoch
		rt.slots[i] = r
		rt.taken = append(rt.taken, i)
	}
}

// next empties the table: a new epoch, after clearing every slot if the
// epoch wrapped around and old slots could look taken.
func (rt *runTable) next() {
	rt.epoch++
	if rt.epoch == 0 {
		clear(rt.slots)
		rt.epoch = 1
	}
	rt.taken = rt.taken[:0]
}
