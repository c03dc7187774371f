package textnorm

// fastBlocks: hashBlocks tries asciiBlocks first. Tests turn it off to
// compare with the Go walk alone.
var fastBlocks = true

// asciiBlocks is hashBlock's loop for blocks of plain ASCII, written in
// WebAssembly (hash_wasm.s): Go's wasm code sends every taken branch through
// its function's jump table, a loop's included, and the word loop takes a
// few per word. It stops at the first block with a byte over 0x7f, at a word
// that ends at an apostrophe or a dot that may join it to more ("don't",
// "A.I."), and where hashBlock would; hashBlock takes it from there. Its
// last result is 1 when it stopped at such a word, which hashBlock then
// takes alone.
//
//go:noescape
func asciiBlocks(dst []Hashed, s string, i int) ([]Hashed, int, int)
