// Package cache is a small TTL cache with the kind of locking bugs
// concurlint finds. Run: go run ./cmd/concurlint ./examples/...
package cache

import (
	"errors"
	"sync"
	"time"
)

var ErrExpired = errors.New("cache: entry expired")

type entry struct {
	val     string
	expires time.Time
}

type Cache struct {
	mu      sync.Mutex
	entries map[string]entry
	hits    int // guarded by mu
	misses  int // guarded by mu
}

func New() *Cache { return &Cache{entries: make(map[string]entry)} }

// Get returns the value for key.
// BUG: the expired path returns with c.mu still locked; the next Get blocks forever.
func (c *Cache) Get(key string) (string, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	if ok && time.Now().After(e.expires) {
		delete(c.entries, key)
		return "", ErrExpired
	}
	if !ok {
		c.misses++
		c.mu.Unlock()
		return "", nil
	}
	c.hits++
	c.mu.Unlock()
	return e.val, nil
}

// Set stores val for ttl. Correct: the deferred unlock covers every path.
func (c *Cache) Set(key, val string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = entry{val: val, expires: time.Now().Add(ttl)}
}

// Stats reports hit and miss counts.
func (c *Cache) Stats() (hits, misses int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// ResetStats clears the counters.
// BUG: hits is guarded by mu everywhere else; this write races with Get.
func (c *Cache) ResetStats() {
	c.hits = 0
	c.mu.Lock()
	c.misses = 0
	c.mu.Unlock()
}

// Sweep deletes expired entries.
// BUG: the deferred Unlock inside the loop only runs when Sweep returns, so
// the second iteration's Lock blocks forever.
func (c *Cache) Sweep(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock()
		if e, ok := c.entries[k]; ok && time.Now().After(e.expires) {
			delete(c.entries, k)
		}
	}
}
