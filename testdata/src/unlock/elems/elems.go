package elems

import "sync"

type shard struct {
	mu    sync.Mutex
	items map[string]int
}

type store struct {
	shards [16]shard
	ptrs   []*shard
	byName map[string]*shard
}

func (s *store) Get(i int, k string) (int, bool) {
	s.shards[i].mu.Lock() // want `s.shards\[i\].mu is locked here but not unlocked on the return at line 20`
	v, ok := s.shards[i].items[k]
	if !ok {
		return 0, false
	}
	s.shards[i].mu.Unlock()
	return v, true
}

// Silent: the element's lock is released on every path.
func (s *store) Put(i int, k string, v int) {
	s.shards[i].mu.Lock()
	defer s.shards[i].mu.Unlock()
	s.shards[i].items[k] = v
}

func (s *store) Count() int {
	n := 0
	for _, sh := range s.ptrs {
		sh.mu.Lock() // want `sh.mu is locked here but not unlocked on the return at line 38`
		if sh.items == nil {
			return -1
		}
		n += len(sh.items)
		sh.mu.Unlock()
	}
	return n
}

// Silent: each iteration locks a different shard and defers its Unlock.
func (s *store) Snapshot() map[string]int {
	out := map[string]int{}
	for _, sh := range s.ptrs {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		for k, v := range sh.items {
			out[k] = v
		}
	}
	return out
}

// Silent: lock every shard in one loop, unlock every shard in another.
func (s *store) LockAll() {
	for i := range s.shards {
		s.shards[i].mu.Lock()
	}
	for i := range s.shards {
		s.shards[i].mu.Unlock()
	}
}

func (s *store) Named(name string) int {
	s.byName[name].mu.Lock() // want `s.byName\[name\].mu is locked here but not unlocked on the return at line 73`
	n := len(s.byName[name].items)
	if n == 0 {
		return 0
	}
	s.byName[name].mu.Unlock()
	return n
}

// Silent: two different elements.
func (s *store) Move(i, j int) {
	s.shards[i].mu.Lock()
	s.shards[j].mu.Lock()
	s.shards[j].mu.Unlock()
	s.shards[i].mu.Unlock()
}

// --- TryLock ---

type worker struct {
	mu   sync.Mutex
	busy bool
}

func (w *worker) Poke() {
	if !w.mu.TryLock() {
		w.mu.Unlock() // want `w.mu is unlocked here on the path where TryLock at line 95 failed`
		return
	}
	w.busy = true
	w.mu.Unlock()
}

// Silent: Unlock only on the success branch.
func (w *worker) TryPoke() bool {
	if w.mu.TryLock() {
		w.busy = true
		w.mu.Unlock()
		return true
	}
	return false
}

// Silent: retry until TryLock succeeds.
func (w *worker) Spin() {
	for !w.mu.TryLock() {
	}
	defer w.mu.Unlock()
	w.busy = false
}
