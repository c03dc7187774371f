package match

import (
	"encoding/binary"
	"reflect"
	"sync"
)

// FixIndexChecksum sets a stored index's payload length and checksum to
// what its payload is, so fuzzing reaches the checks behind them.
func FixIndexChecksum(b []byte) []byte {
	if len(b) < headerSize {
		return b
	}
	body := b[headerSize:]
	binary.LittleEndian.PutUint64(b[headerSize-16:], uint64(len(body)))
	binary.LittleEndian.PutUint64(b[headerSize-8:], Checksum(body))
	return b
}

// SameIndex reports whether two matchers hold the same index, field by
// field (scanners' pools aside). It empties both pools.
func SameIndex(a, b *Matcher) bool {
	a.pool, b.pool = sync.Pool{}, sync.Pool{}
	return reflect.DeepEqual(a, b)
}
