//go:build !js

package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// FileStore keeps objects as files under a directory. Writes go to a
// temporary file that is synced, then linked (Create: fails if the name
// exists) or renamed (Swap) into place, and the directory is synced, so a
// crash at any point leaves either the old object or the new one.
type FileStore struct {
	dir string
	mu  sync.Mutex // serializes Swap's read-compare-write within this process
	// BeforePublish, if set, runs after the temporary file is durable and
	// before it becomes visible; tests use it to simulate a crash there.
	BeforePublish func(key string) error
}

// NewFileStore opens (creating) a store in dir.
func NewFileStore(dir string) (*FileStore, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	return &FileStore{dir: dir}, nil
}

func (s *FileStore) path(key string) string { return filepath.Join(s.dir, filepath.FromSlash(key)) }

// Get implements Store.
func (s *FileStore) Get(_ context.Context, key string) ([]byte, error) {
	b, err := os.ReadFile(s.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	return b, err
}

// writeTemp writes value to a synced temporary file next to key's path.
func (s *FileStore) writeTemp(key string, value []byte) (string, error) {
	dir := filepath.Dir(s.path(key))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return "", err
	}
	_, err = f.Write(value)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && s.BeforePublish != nil {
		err = s.BeforePublish(key)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Create implements Store. os.Link fails if the name exists, so two
// concurrent creates of one key, even from two processes, cannot both win.
func (s *FileStore) Create(_ context.Context, key string, value []byte) error {
	tmp, err := s.writeTemp(key, value)
	if err != nil {
		return fmt.Errorf("create %s: %w", key, err)
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, s.path(key)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return ErrExists
		}
		return fmt.Errorf("create %s: %w", key, err)
	}
	return syncDir(filepath.Dir(s.path(key)))
}

// Swap implements Store.
func (s *FileStore) Swap(ctx context.Context, key string, old, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.Get(ctx, key)
	switch {
	case errors.Is(err, ErrNotFound):
		if old != nil {
			return ErrConflict
		}
	case err != nil:
		return err
	case old == nil || !bytes.Equal(cur, old):
		return ErrConflict
	}
	tmp, err := s.writeTemp(key, value)
	if err != nil {
		return fmt.Errorf("swap %s: %w", key, err)
	}
	if err := os.Rename(tmp, s.path(key)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("swap %s: %w", key, err)
	}
	return syncDir(filepath.Dir(s.path(key)))
}

// CleanTemp removes temporary files a crash left behind (a write stopped
// before it was linked or renamed into place; they were never visible). Run
// it only while holding Lock: another process's writes in progress look
// the same.
func (s *FileStore) CleanTemp() (removed int, err error) {
	err = filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), ".tmp-") {
			if err := os.Remove(p); err != nil {
				return err
			}
			removed++
		}
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("clean temporary files in %s: %w", s.dir, err)
	}
	return removed, nil
}

// List implements Store.
func (s *FileStore) List(_ context.Context, prefix string) ([]string, error) {
	var keys []string
	root := s.path(prefix)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".tmp-") {
			return nil
		}
		rel, err := filepath.Rel(s.dir, p)
		if err != nil {
			return err
		}
		keys = append(keys, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(keys)
	return keys, err
}
