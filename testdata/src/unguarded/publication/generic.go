package publication

import "sync"

// A generic cache whose eviction buffers are made by a helper: on the
// fresh value in the constructor, under the lock in Purge.
type GCache[K comparable, V any] struct {
	lock  sync.Mutex
	keys  []K
	vals  []V
	items map[K]V
}

func NewGCache[K comparable, V any](buffered bool) *GCache[K, V] {
	c := &GCache[K, V]{items: map[K]V{}}
	if buffered {
		c.initBuffers()
	}
	return c
}

func (c *GCache[K, V]) initBuffers() {
	c.keys = make([]K, 0, 16) // no diagnostic: fresh value, or under the lock
	c.vals = make([]V, 0, 16)
}

func (c *GCache[K, V]) Purge() {
	c.lock.Lock()
	defer c.lock.Unlock()
	clear(c.items)
	if len(c.keys) > 0 {
		c.initBuffers()
	}
}

func (c *GCache[K, V]) Add(k K, v V) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.items[k] = v
	c.keys = append(c.keys, k)
	c.vals = append(c.vals, v)
}

func (c *GCache[K, V]) Len() int {
	c.lock.Lock()
	defer c.lock.Unlock()
	return len(c.keys) + len(c.vals)
}

func (c *GCache[K, V]) Drain() ([]K, []V) {
	c.lock.Lock()
	defer c.lock.Unlock()
	return c.keys, c.vals
}
