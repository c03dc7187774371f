package rumorlist

import (
	"errors"
	"fmt"
)

// MaxVersion is the largest version a list may have: 2^53−1, the largest
// integer a JavaScript number holds exactly. The extension compares
// versions as numbers, so above it two versions can compare equal, and a
// version near 2^64 would leave no higher one to publish.
const MaxVersion = 1<<53 - 1

// ErrVersion: a version outside 1..MaxVersion.
var ErrVersion = errors.New("the version is not a whole number from 1 to 9007199254740991")

type versionError struct{ v uint64 }

func (e versionError) Error() string {
	if e.v == 0 {
		return "version 0: versions start at 1"
	}
	return fmt.Sprintf("version %d is above %d, the largest JavaScript can compare exactly; use a smaller version", e.v, uint64(MaxVersion))
}

func (e versionError) Unwrap() error { return ErrVersion }

// CheckVersion refuses a version outside 1..MaxVersion with an error that
// says what to do; errors.Is(err, ErrVersion) tells it apart. Everything
// that reads or writes a version calls it: the decoders, the manifest
// check, the tools and the server.
func CheckVersion(v uint64) error {
	if v < 1 || v > MaxVersion {
		return versionError{v}
	}
	return nil
}
