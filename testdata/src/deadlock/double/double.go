// Package double: a lock acquired again by the goroutine that holds it.
package double

import "sync"

type Store struct {
	mu   sync.Mutex
	data map[string]string
	n    int
}

// Put calls flush with s.mu held, and flush locks s.mu: the re-entrant
// locking of the seed idioms, which Go does not allow.
func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	s.flush() // want `s\.mu is held \(line 15\) and flush locks it again at double\.go:\d+, so this call deadlocks`
}

func (s *Store) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n = 0
}

// PutOK: the correct twin, with a helper that requires the lock.
func (s *Store) PutOK(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	s.flushLocked() // no diagnostic: the helper requires s.mu, it does not take it
}

func (s *Store) flushLocked() { s.n = 0 }

// PutDropped: the lock is released before the call.
func (s *Store) PutDropped(k, v string) {
	s.mu.Lock()
	s.data[k] = v
	s.mu.Unlock()
	s.flush() // no diagnostic: s.mu was released
}

// Through a chain: Reset → clear → flush.
func (s *Store) Reset() {
	s.mu.Lock()
	s.clear() // want `flush`
	s.mu.Unlock()
}

func (s *Store) clear() {
	s.data = nil
	s.flush()
}

// Other instance: a different store's lock is not the same lock.
func (s *Store) CopyTo(o *Store) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.flush() // no diagnostic: o may be a different store
}

// Direct double lock on one path.
func (s *Store) Twice(cond bool) {
	s.mu.Lock()
	if cond {
		s.n++
		s.mu.Lock() // want `s\.mu is already locked \(line 66\); this Lock blocks forever`
	}
	s.mu.Unlock()
}

// Relock after unlock on every path: fine.
func (s *Store) Relock(cond bool) {
	s.mu.Lock()
	if cond {
		s.mu.Unlock()
		s.n++
		s.mu.Lock() // no diagnostic: released just before
	}
	s.mu.Unlock()
}

// TryLock while held is not a blocking acquisition.
func (s *Store) Try() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mu.TryLock() { // no diagnostic: TryLock does not block
		s.mu.Unlock()
	}
}

// A helper that locks only when its flag says the caller does not hold it.
func (s *Store) get(k string, locked bool) string {
	if !locked {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.data[k]
}

func (s *Store) GetBoth(a, b string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.get(a, true) + s.get(b, true) // no diagnostic: locked=true skips the Lock
}

// A goroutine started with the lock held takes it on its own.
func (s *Store) Async() {
	s.mu.Lock()
	defer s.mu.Unlock()
	go s.flush() // no diagnostic: another goroutine waits, it does not deadlock this one
}

// A helper that drops and retakes the caller's lock.
func (s *Store) waitLocked() {
	s.mu.Unlock()
	s.n++
	s.mu.Lock()
}

func (s *Store) Wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waitLocked() // no diagnostic: the helper releases first
}
