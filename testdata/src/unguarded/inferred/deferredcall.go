package inferred

import (
	"os"
	"sync"
)

// fileLock opens its handle on demand and closes it again, from a
// deferred cleanup, when no lock is left.
type fileLock struct {
	m      sync.Mutex
	fh     *os.File
	locked bool
	path   string
}

func (f *fileLock) open() error {
	fh, err := os.Open(f.path)
	if err != nil {
		return err
	}
	f.fh = fh // no diagnostic: every caller holds f.m
	return nil
}

// closeIfIdle runs deferred, after the lock's deferred Unlock was
// registered: it still holds f.m.
func (f *fileLock) closeIfIdle() {
	if f.locked || f.fh == nil {
		return
	}
	f.fh.Close()
	f.fh = nil // no diagnostic: runs before the deferred Unlock
}

func (f *fileLock) Lock() error {
	f.m.Lock()
	defer f.m.Unlock()
	if f.fh == nil {
		if err := f.open(); err != nil {
			return err
		}
		defer f.closeIfIdle()
	}
	f.locked = true
	return nil
}

func (f *fileLock) Unlock() {
	f.m.Lock()
	defer f.m.Unlock()
	f.locked = false
	f.closeIfIdle()
}

func (f *fileLock) Locked() bool {
	f.m.Lock()
	defer f.m.Unlock()
	return f.locked && f.fh != nil
}

func (f *fileLock) Name() string {
	f.m.Lock()
	defer f.m.Unlock()
	if f.fh == nil {
		return ""
	}
	return f.fh.Name()
}

func (f *fileLock) Fd() uintptr {
	f.m.Lock()
	defer f.m.Unlock()
	if f.fh == nil {
		return 0
	}
	return f.fh.Fd()
}

func (f *fileLock) Stat() (os.FileInfo, error) {
	f.m.Lock()
	defer f.m.Unlock()
	if f.fh == nil {
		return nil, os.ErrClosed
	}
	return f.fh.Stat()
}

// Detach registers the drop while holding f.m but unlocks it plainly
// before returning: the deferred drop runs without the lock.
func (f *fileLock) Detach() *os.File {
	f.m.Lock()
	fh := f.fh
	defer f.dropHandle()
	f.m.Unlock()
	return fh
}

// Reopen drops the handle in place, holding f.m.
func (f *fileLock) Reopen() error {
	f.m.Lock()
	defer f.m.Unlock()
	f.dropHandle()
	return f.open()
}

func (f *fileLock) dropHandle() {
	f.fh = nil // want `f.fh is written here without f.m, which guards it in \d+ other accesses`
}
