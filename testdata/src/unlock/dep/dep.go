// Package dep defines lock wrappers used from package use.
package dep

import "sync"

type Store struct {
	mu   sync.RWMutex
	data map[string]string
}

// Lock and Unlock wrap s.mu: they return holding it / release it.
func (s *Store) Lock()    { s.mu.Lock() }
func (s *Store) Unlock()  { s.mu.Unlock() }
func (s *Store) RLock()   { s.mu.RLock() }
func (s *Store) RUnlock() { s.mu.RUnlock() }

// Data may only be used with the lock held.
func (s *Store) Data() map[string]string { return s.data }

// ReleaseAndLog releases a lock it did not take.
func ReleaseAndLog(mu *sync.Mutex, msg string) {
	mu.Unlock()
	_ = msg
}

// Must stops the process when err is not nil (a test helper package's
// shape, used from another package).
func Must(err error) {
	if err != nil {
		panic(err)
	}
}
