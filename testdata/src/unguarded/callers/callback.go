package callers

import "sync"

type shard struct {
	lock    sync.RWMutex
	index   map[uint64]int
	entries []int
}

func (s *shard) Get(k uint64) int {
	s.lock.RLock()
	defer s.lock.RUnlock()
	return s.index[k]
}

func (s *shard) Len() int {
	s.lock.RLock()
	defer s.lock.RUnlock()
	return len(s.index)
}

func (s *shard) Has(k uint64) bool {
	s.lock.RLock()
	defer s.lock.RUnlock()
	_, ok := s.index[k]
	return ok
}

func (s *shard) Set(k uint64, v int) {
	s.lock.Lock()
	defer s.lock.Unlock()
	if len(s.entries) > 8 {
		s.maybeEvict(s.evictOldest)
	} else if len(s.entries) > 4 {
		s.evictOldest()
	}
	s.index[k] = v
	s.entries = append(s.entries, v)
}

// maybeEvict runs evict right away when the shard is full.
func (s *shard) maybeEvict(evict func()) {
	if len(s.entries) > 0 {
		evict()
	}
}

// evictOldest runs inside maybeEvict, called by Set with s.lock held.
func (s *shard) evictOldest() {
	delete(s.index, uint64(s.entries[0])) // no diagnostic: runs under the caller's lock
	s.entries = s.entries[1:]
}

type pool struct {
	mu    sync.Mutex
	items map[int]int
	drop  func()
}

func (p *pool) Put(k, v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.items[k] = v
}

func (p *pool) Count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.items)
}

func (p *pool) Lookup(k int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.items[k]
}

// Arm stores the method value: it runs later, whoever calls p.drop.
func (p *pool) Arm() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keep(p.clear)
}

func (p *pool) keep(f func()) { p.drop = f }

func (p *pool) clear() {
	p.items = map[int]int{} // want `p.items is written here without p.mu, which guards it in \d+ other accesses`
}
