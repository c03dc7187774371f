package match

import "testing"

// TestIndexFingerprint: the fingerprint written into the build is what this
// build's Compile makes of the canonical list, so a stored index of a build
// that compiled differently is refused.
func TestIndexFingerprint(t *testing.T) {
	if got := compileFingerprint(); got != indexFingerprint {
		t.Fatalf("Compile changed what it builds: set indexFingerprint in persist.go to %#v (stored indexes of earlier builds are then refused and rebuilt)", got)
	}
}
