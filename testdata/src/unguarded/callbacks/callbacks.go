// Callbacks and helpers whose lock state comes from how they are reached:
// a helper called on the fresh value by the constructor and otherwise
// with the lock held, a method value handed to a part the owner only uses
// under its lock, and (reported) a callback run by a timer on its own
// goroutine.
package callbacks

import (
	"sync"
	"time"
)

type inner struct {
	onEvict func(k int)
	keys    []int
}

func newInner(size int, onEvict func(int)) *inner {
	return &inner{onEvict: onEvict, keys: make([]int, 0, size)}
}

func (in *inner) add(k int) {
	in.keys = append(in.keys, k)
	if len(in.keys) > cap(in.keys) && in.onEvict != nil {
		in.onEvict(in.keys[0])
	}
}

type Cache struct {
	lock    sync.Mutex
	inner   *inner
	evicted []int
	hits    int
}

func New(size int, track bool) *Cache {
	c := &Cache{}
	var cb func(int)
	if track {
		c.initBuffers()
		cb = c.onEvicted
	}
	c.inner = newInner(size, cb)
	return c
}

// initBuffers runs on the fresh cache in New, and from Purge.
func (c *Cache) initBuffers() {
	c.evicted = make([]int, 0, 8) // no diagnostic: fresh in New, locked in Purge
}

// onEvicted is handed to the inner part as a callback; Add calls into
// the inner part.
func (c *Cache) onEvicted(k int) {
	c.evicted = append(c.evicted, k) // no diagnostic: runs under the caller's lock
}

func (c *Cache) Add(k int) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.inner.add(k)
	c.hits++
}

func (c *Cache) Purge() {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.initBuffers()
	c.hits = 0
}

func (c *Cache) Evicted() []int {
	c.lock.Lock()
	defer c.lock.Unlock()
	return append([]int(nil), c.evicted...)
}

func (c *Cache) Hits() int {
	c.lock.Lock()
	defer c.lock.Unlock()
	return c.hits + len(c.evicted)
}

// A callback run by a timer on its own goroutine writes a guarded field
// that Close reads under the lock.
type Session struct {
	mu      sync.Mutex
	expired bool
	timer   *time.Timer
}

func (s *Session) Start(d time.Duration) {
	s.mu.Lock()
	s.timer = time.AfterFunc(d, s.expire)
	s.mu.Unlock()
}

func (s *Session) expire() {
	s.expired = true // want `s.expired is written here without s.mu, which guards it in 3 other accesses`
}

func (s *Session) Touch() {
	s.mu.Lock()
	s.expired = false
	s.mu.Unlock()
}

func (s *Session) Expired() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.expired
}

func (s *Session) Close() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer.Stop()
	return s.expired
}
