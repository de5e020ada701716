package publication

import (
	"sort"
	"sync"
)

// A client whose constructor stores a closure over the client in the
// client's own field (its refresh hook): the client is still private
// until the constructor hands it out, so the seed list set up there needs
// no lock, while Refresh sets it up again under the lock.
type Seeds struct {
	mu      sync.Mutex
	seeds   []string
	dead    []string
	refresh func() error
}

func NewSeeds(addrs []string) *Seeds {
	s := &Seeds{}
	s.refresh = func() error { return s.reload() }
	s.shuffle(addrs)
	return s
}

func (s *Seeds) reload() error { return nil }

// shuffle is called on the fresh client and under s.mu.
func (s *Seeds) shuffle(addrs []string) {
	s.seeds = append([]string(nil), addrs...) // no diagnostic
	sort.Strings(s.seeds)
}

func (s *Seeds) Refresh(addrs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dead = append(s.dead, s.seeds...)
	s.seeds = nil
	s.shuffle(addrs)
}

func (s *Seeds) Next() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seeds) == 0 {
		return ""
	}
	return s.seeds[0]
}

func (s *Seeds) Kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dead = append(s.dead, s.seeds[0])
	s.seeds = s.seeds[1:]
}
