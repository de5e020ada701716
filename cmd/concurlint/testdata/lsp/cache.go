// Package lspdemo is the module the language server test opens: one
// missing Unlock on an early return (with the "Defer the Unlock" fix) in
// cache.go and one in a test file.
package lspdemo

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Get(k string) (int, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	if !ok {
		return 0, false
	}
	c.mu.Unlock()
	return v, true
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}
