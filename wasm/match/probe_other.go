//go:build !wasm

package match

func probeFilter(toks []textToken, content []int32, pass []passed, filter []uint64, fdir []uint32, prev1, prev2 uint64) (int, uint64, uint64) {
	return probeFilterGo(toks, content, pass, filter, fdir, prev1, prev2)
}

func probeOneSlot(toks []textToken, content []int32, pass []passed, filter []uint64, n uint64, prev1, prev2 uint64) (int, uint64, uint64) {
	return probeOneSlotGo(toks, content, pass, filter, n, prev1, prev2)
}

func contentWords(toks []textToken, from, to int, keys []uint64, flags []uint8, mul, shift uint64, content []int32) int {
	return contentWordsGo(toks, from, to, keys, flags, mul, shift, content)
}
