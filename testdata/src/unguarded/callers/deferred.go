package callers

import (
	"os"
	"sync"
)

// A write-ahead log whose repair runs with the caller's lock held; its
// bookkeeping is finished by a deferred closure, which runs before the
// function returns to the caller that still holds the lock.
type wal struct {
	sync.RWMutex
	flushMu  sync.Mutex // serialises flushes
	snapshot string
	applied  uint64
	commit   uint64
}

func (w *wal) Apply(n uint64) {
	w.Lock()
	defer w.Unlock()
	w.applied += n
	if w.applied > w.commit {
		w.commit = w.applied
	}
}

func (w *wal) Status() (uint64, uint64, string) {
	w.Lock()
	defer w.Unlock()
	return w.applied, w.commit, w.snapshot
}

func (w *wal) Flush() {
	w.flushMu.Lock()
	defer w.flushMu.Unlock()
	os.Stdout.Sync()
}

func (w *wal) Repair(index uint64) {
	w.Lock()
	w.truncate(index)
	w.Unlock()
}

// truncate drops the entries above index.
// Lock should be held.
func (w *wal) truncate(index uint64) {
	defer func() {
		if w.snapshot != "" {
			os.Remove(w.snapshot)
			w.snapshot = "" // no diagnostic: runs before truncate returns, under the caller's lock
		}
		if w.applied > index {
			w.applied = index // no diagnostic
		}
	}()
	if w.commit > index {
		w.commit = index
	}
}

// compact is only called with the lock held (call-site evidence).
func (w *wal) compact() {
	defer func() {
		w.applied = w.commit // no diagnostic: under the caller's lock
	}()
	w.snapshot = "snap"
}

func (w *wal) Compact() {
	w.Lock()
	defer w.Unlock()
	w.compact()
}

// Reset runs without the lock: its deferred closure does too.
func (w *wal) Reset() {
	defer func() {
		w.applied = 0 // want `w.applied is written here without w.RWMutex, which guards it in \d+ other accesses`
	}()
	w.Lock()
	w.commit = 0
	w.Unlock()
}
