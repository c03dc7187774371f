//go:build !wasm

package textnorm

var fastBlocks = false

func asciiBlocks(dst []Hashed, s string, i int) ([]Hashed, int, int) { return dst, i, 0 }
