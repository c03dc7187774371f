//go:build !unix && !js

package store

// Lock would take the store's directory for this process; where flock is
// not available it does nothing, and running one server per directory is
// the operator's care.
func (s *FileStore) Lock() (release func() error, err error) {
	return func() error { return nil }, nil
}
