package match

// probeFilter and probeOneSlot are probeFilterGo and probeOneSlotGo written
// in WebAssembly (probe_wasm.s). Go's wasm code sends every taken branch, a
// loop's included, through its function's jump table and keeps slices in
// memory; written by hand each is a wasm loop over locals.

//go:noescape
func probeFilter(toks []textToken, content []int32, pass []passed, filter []uint64, fdir []uint32, prev1, prev2 uint64) (int, uint64, uint64)

//go:noescape
func probeOneSlot(toks []textToken, content []int32, pass []passed, filter []uint64, n uint64, prev1, prev2 uint64) (int, uint64, uint64)

// contentWords is contentWordsGo in WebAssembly (probe_wasm.s).
//
//go:noescape
func contentWords(toks []textToken, from, to int, keys []uint64, flags []uint8, mul, shift uint64, content []int32) int
