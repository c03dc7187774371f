package match

import "encoding/binary"

// FixIndexChecksum sets a stored index's payload length and checksum to
// what its payload is, so fuzzing reaches the checks behind them.
func FixIndexChecksum(b []byte) []byte {
	if len(b) < headerSize {
		return b
	}
	body := b[headerSize:]
	binary.LittleEndian.PutUint64(b[headerSize-16:], uint64(len(body)))
	binary.LittleEndian.PutUint64(b[headerSize-8:], checksum(body))
	return b
}
