package callers

import "sync"

// A scheduler whose helper shares its name with a method of an interface
// the package calls dynamically. The scheduler does not implement that
// interface, so the interface call never runs the helper: the helper runs
// only where it is called, under the scheduler's lock.
type source interface {
	next(limit int) (int, bool)
}

type scheduler struct {
	mu      sync.Mutex
	active  map[int]source
	pending []int
}

func (s *scheduler) Add(id int, src source) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active[id] = src
	s.pending = append(s.pending, id)
}

func (s *scheduler) Remove(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.active, id)
}

func (s *scheduler) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.active)
}

func (s *scheduler) Has(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.active[id]
	return ok
}

func (s *scheduler) Source(id int) source {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active[id]
}

func (s *scheduler) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active = map[int]source{}
}

func (s *scheduler) Drain(limit int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, id := range s.pending {
		n += s.pick(id, limit)
	}
	s.pending = nil
	return n
}

func (s *scheduler) pick(id, limit int) int {
	return s.next(id, limit)
}

// next has the name of source.next but not its signature.
func (s *scheduler) next(id, limit int) int {
	src := s.active[id]
	n, more := src.next(limit) // the interface call
	if !more {
		delete(s.active, id) // no diagnostic: every caller holds s.mu
	}
	return n
}
