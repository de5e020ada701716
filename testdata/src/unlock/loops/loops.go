package loops

import "sync"

type counter struct {
	mu sync.RWMutex
	n  int
}

// Silent: n read locks, then n read unlocks (the loops run the same
// number of times).
func (c *counter) Nested(n int) int {
	for i := 0; i < n; i++ {
		c.mu.RLock()
	}
	v := c.n
	for i := 0; i < n; i++ {
		c.mu.RUnlock()
	}
	return v
}

// Silent: the same with Lock/Unlock over a fixed count.
func Balanced(mu *sync.Mutex, k int) {
	for i := 0; i < k; i++ {
		mu.Lock()
		mu.Unlock()
	}
}

// Still reported: a write Lock skipped by continue comes back held.
func (c *counter) Loop(xs []int) {
	for _, x := range xs {
		c.mu.Lock() // want `c.mu is still held when the loop comes back to this Lock`
		if x < 0 {
			continue
		}
		c.n += x
		c.mu.Unlock()
	}
}

// Lock-once flag: the lock is taken on the first iteration that needs it
// and released by the defer. Silent.
func (c *counter) Once(xs []int) {
	held := false
	for _, x := range xs {
		if x > 0 && !held {
			c.mu.Lock()
			defer c.mu.Unlock()
			held = true
		}
		c.n += x
	}
}

// Silent: the same flag form with a plain if.
func (c *counter) Once2(xs []int) {
	locked := false
	for _, x := range xs {
		if !locked {
			c.mu.Lock()
			defer c.mu.Unlock()
			locked = true
		}
		c.n += x
	}
}
