package double

import "sync"

// Registry: a reader callback re-acquires the read lock while a writer
// may be waiting.
type Registry struct {
	mu       sync.RWMutex
	handlers map[string]func()
	version  int
}

func (r *Registry) Each(f func(string)) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for name := range r.handlers {
		f(name)
		_ = r.Len() // want `r\.mu is held \(line 14\) and Len read-locks it again, which blocks once a writer queues`
	}
}

func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.handlers)
}

func (r *Registry) Add(name string, f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[name] = f
	r.version++
}

// Upgrade: Lock while the read lock is held.
func (r *Registry) Ensure(name string) {
	r.mu.RLock()
	if _, ok := r.handlers[name]; !ok {
		r.mu.Lock() // want `r\.mu is read-locked \(line 37\); this Lock waits for every reader`
		r.handlers[name] = func() {}
		r.mu.Unlock()
	}
	r.mu.RUnlock()
}

// The correct twin: drop the read lock, then take the write lock and
// check again.
func (r *Registry) EnsureOK(name string) {
	r.mu.RLock()
	_, ok := r.handlers[name]
	r.mu.RUnlock()
	if !ok {
		r.mu.Lock() // no diagnostic: the read lock was released
		if _, ok := r.handlers[name]; !ok {
			r.handlers[name] = func() {}
		}
		r.mu.Unlock()
	}
}

// Upgrade through a callee.
func (r *Registry) Bump() {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.version > 10 {
		r.Add("x", nil) // want `r\.mu is held \(line 63\) and Add write-locks it, waiting for this goroutine's own read lock`
	}
}

// Cache is read-locked recursively but never write-locked: readers never
// wait for a writer, so the recursion cannot block.
type Cache struct {
	mu   sync.RWMutex
	vals []int
}

func (c *Cache) Sum() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.count() * 2 // no diagnostic: nothing write-locks c.mu
}

func (c *Cache) count() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.vals)
}
