// Package use calls another package's lock wrappers: the analyzer learns
// them from facts.
package use

import (
	"errors"
	"sync"

	"unlock/dep"
)

var errEmpty = errors.New("empty")

// Balanced through the wrappers: silent.
func Get(s *dep.Store, k string) string {
	s.Lock()
	defer s.Unlock()
	return s.Data()[k]
}

// Balanced through read wrappers: silent.
func Peek(s *dep.Store, k string) string {
	s.RLock()
	v := s.Data()[k]
	s.RUnlock()
	return v
}

// The wrapper's lock leaks on the early return.
func Put(s *dep.Store, k, v string) error {
	s.Lock() // want `s.mu is locked by this call but not unlocked on the return at line 33`
	if k == "" {
		return errEmpty
	}
	s.Data()[k] = v
	s.Unlock()
	return nil
}

type T struct {
	mu sync.Mutex
	n  int
}

// Released by a helper in another package (facts): silent.
func (t *T) Inc() {
	t.mu.Lock()
	t.n++
	dep.ReleaseAndLog(&t.mu, "inc")
}

// Locked here, released twice: once by the helper, once directly.
func (t *T) IncTwice() {
	t.mu.Lock()
	t.n++
	dep.ReleaseAndLog(&t.mu, "inc")
	t.mu.Unlock() // want `t.mu is unlocked here but was already unlocked at line 56`
}

// Silent: dep.Must does not return when err != nil (a fact from dep).
func SetAll(mu *sync.Mutex, m map[string]string, set func() error) {
	mu.Lock()
	if err := set(); err != nil {
		mu.Unlock()
		dep.Must(err)
	}
	m["done"] = "yes"
	mu.Unlock()
}
