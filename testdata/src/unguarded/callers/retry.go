package callers

import (
	"errors"
	"sync"
	"time"
)

// A transaction manager whose commit runs its request through a local
// retry helper: the request closure runs synchronously, inside commit,
// under the lock commit holds.
type txnManager struct {
	mu      sync.Mutex
	pending map[string]int
	offsets map[string]int
	status  int
}

func (t *txnManager) Add(k string, v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending[k] = v
	t.offsets[k] = v
	t.status = 1
}

func (t *txnManager) Pending() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending) + len(t.offsets)
}

func (t *txnManager) Status() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.status
}

func (t *txnManager) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pending) == 0 {
		return t.complete()
	}
	return t.send()
}

func (t *txnManager) send() error {
	attempts := 3
	exec := func(run func() (bool, error)) error {
		var err error
		for attempts > 0 {
			var again bool
			if again, err = run(); !again {
				return err
			}
			time.Sleep(time.Millisecond)
			attempts--
		}
		return err
	}
	return exec(func() (bool, error) {
		if t.status < 0 {
			return true, errors.New("busy")
		}
		return false, t.complete()
	})
}

// complete resets the transaction; it runs inside Commit, directly or
// through the retried request.
func (t *txnManager) complete() error {
	t.pending = map[string]int{} // no diagnostic: every caller holds t.mu
	t.offsets = map[string]int{} // no diagnostic
	return nil
}

// The same reset run by a background goroutine: no lock.
func (t *txnManager) Expire() {
	go func() {
		t.reset()
	}()
}

func (t *txnManager) reset() {
	t.status = 0 // want `t.status is written here without t.mu, which guards it in \d+ other accesses`
}

func (t *txnManager) Fail() {
	t.mu.Lock()
	t.status = -1
	t.mu.Unlock()
}
