package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// parseTokenHashes reads SHA-256 hashes of publish tokens (hex), separated
// by newlines, commas or spaces; # starts a comment. Tokens are never
// stored, only their hashes (rumorctl token makes both).
func parseTokenHashes(text string) ([][sha256.Size]byte, error) {
	var out [][sha256.Size]byte
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			b, err := hex.DecodeString(strings.TrimPrefix(f, "sha256:"))
			if err != nil || len(b) != sha256.Size {
				return nil, fmt.Errorf("token hash %q is not a hex SHA-256 (make one with rumorctl token)", f)
			}
			out = append(out, [sha256.Size]byte(b))
		}
	}
	return out, nil
}
