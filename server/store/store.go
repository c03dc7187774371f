// Package store keeps published lists. The list server needs only a small
// contract from storage, and every backend keeps it the same way:
//
//   - Create writes an object only if its key is absent, and the object is
//     durable when Create returns. Version bytes are created once and never
//     rewritten.
//   - Swap replaces an object only if it still holds what the caller read
//     (compare-and-swap). The "latest" pointer moves with Swap, after the
//     version it points to was created, so readers see the old version or
//     the new one, never a pointer to bytes that are not there.
//
// FileStore (a directory; the default) and R2Store (Cloudflare R2, in the
// Worker build) implement it, and both pass the same tests.
package store

import (
	"context"
	"errors"
)

// Errors every backend returns for the same conditions.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
	ErrConflict = errors.New("changed since it was read")
)

// Store is where lists live. Keys are slash-separated paths of
// [a-z0-9._-] segments, checked by the caller.
type Store interface {
	// Get returns an object's bytes, or ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Create writes a new object, or returns ErrExists.
	Create(ctx context.Context, key string, value []byte) error
	// Swap replaces the object at key with value if it currently holds old
	// (nil old: if it is absent), or returns ErrConflict.
	Swap(ctx context.Context, key string, old, value []byte) error
	// List returns the keys under prefix, sorted.
	List(ctx context.Context, prefix string) ([]string, error)
}
