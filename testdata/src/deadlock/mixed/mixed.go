// Package mixed: one lock order in the code, the other only in a test.
package mixed

import "sync"

type Client struct {
	mu    sync.RWMutex
	conns []*Conn
	opts  int
}

type Conn struct {
	mu   sync.Mutex
	c    *Client
	opts int
}

func (ac *Conn) dial() {
	ac.mu.Lock()
	ac.c.mu.RLock() // no diagnostic: the other order is only in mixed_test.go
	ac.opts = ac.c.opts
	ac.c.mu.RUnlock()
	ac.mu.Unlock()
}

func (ac *Conn) Update(n int) {
	ac.mu.Lock()
	ac.opts = n
	ac.mu.Unlock()
}
