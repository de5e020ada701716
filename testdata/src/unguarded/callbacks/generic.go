package callbacks

import "sync"

// The generic form of Cache: the method value handed to the inner part
// is an instance of the generic method, which is where the accesses are.
type ring[K comparable] struct {
	onEvict func(k K)
	keys    []K
}

func newRing[K comparable](size int, onEvict func(K)) *ring[K] {
	return &ring[K]{onEvict: onEvict, keys: make([]K, 0, size)}
}

func (r *ring[K]) add(k K) {
	r.keys = append(r.keys, k)
	if len(r.keys) > cap(r.keys) && r.onEvict != nil {
		r.onEvict(r.keys[0])
	}
}

type LRU[K comparable] struct {
	lock    sync.Mutex
	ring    *ring[K]
	evicted []K
	hits    int
}

func NewLRU[K comparable](size int) *LRU[K] {
	c := &LRU[K]{}
	c.ring = newRing(size, c.onEvicted)
	return c
}

func (c *LRU[K]) onEvicted(k K) {
	c.evicted = append(c.evicted, k) // no diagnostic: runs under the caller's lock
}

func (c *LRU[K]) Add(k K) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.ring.add(k)
	c.hits++
}

func (c *LRU[K]) Purge() {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.evicted = nil
	c.hits = 0
}

func (c *LRU[K]) Evicted() []K {
	c.lock.Lock()
	defer c.lock.Unlock()
	return append([]K(nil), c.evicted...)
}

func (c *LRU[K]) Len() int {
	c.lock.Lock()
	defer c.lock.Unlock()
	return c.hits + len(c.evicted)
}
