//go:build unix

package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// Lock takes the store's directory for this process: FileStore's
// compare-and-swap is a mutex inside one process, so two servers on one
// directory would overwrite each other's publishes. A second Lock, from
// any process, fails naming the holder's pid. The lock is an flock on
// DIR/.lock, which the kernel drops when the process ends however it ends,
// so a crash leaves no stale lock behind.
func (s *FileStore) Lock() (release func() error, err error) {
	name := filepath.Join(s.dir, ".lock")
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock data directory %s: %w", s.dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(name)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid := string(bytes.TrimSpace(holder))
			if _, perr := strconv.Atoi(pid); perr != nil {
				pid = "unknown"
			}
			return nil, fmt.Errorf("data directory %s is in use by another server (pid %s): stop it, or give this one another -data", s.dir, pid)
		}
		return nil, fmt.Errorf("lock data directory %s: %w", s.dir, err)
	}
	// The pid is for the message above; the flock is the lock.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f.Close, nil
}
