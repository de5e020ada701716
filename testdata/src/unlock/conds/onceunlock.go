package conds

import "sync"

type lease struct{ ok bool }

func (l *lease) check() bool { return l.ok }

// Leases unlocks through a Once so that the deferred Once.Do is a no-op
// after an early unlock and the unlock on every other path.
type Leases struct {
	mu   sync.Mutex
	free []*lease
	used int
}

func (s *Leases) Take() *lease {
	s.mu.Lock() // no diagnostic: the deferred Once.Do unlocks whatever path is taken
	var unlock sync.Once
	defer unlock.Do(s.mu.Unlock)
	for len(s.free) > 0 {
		l := s.free[0]
		s.free = s.free[1:]
		unlock.Do(s.mu.Unlock)
		if l.check() {
			return l
		}
		s.mu.Lock()
		unlock = sync.Once{}
	}
	s.used++
	return nil
}

// Peek uses the Once only on its slow path, with no deferred fallback:
// the fast return keeps s.mu.
func (s *Leases) Peek() *lease {
	s.mu.Lock() // want `s.mu is locked here but not unlocked on the return at line 41`
	var unlock sync.Once
	if len(s.free) == 0 {
		return nil
	}
	l := s.free[0]
	unlock.Do(s.mu.Unlock)
	return l
}
