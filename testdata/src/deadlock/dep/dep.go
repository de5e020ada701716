// Package dep: a helper that locks, and a lock-order edge, in another
// package.
package dep

import "sync"

type Conn struct {
	Mu     sync.Mutex
	closed bool
}

// Close locks c.Mu.
func (c *Conn) Close() {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	c.closed = true
}

// CloseLocked expects c.Mu held.
func (c *Conn) CloseLocked() { c.closed = true }

type Pool struct {
	Mu    sync.Mutex
	conns []*Conn
}

// Drain holds the pool lock and closes each connection: Pool.Mu → Conn.Mu.
func (p *Pool) Drain() {
	p.Mu.Lock()
	defer p.Mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// Put takes the pool lock.
func (p *Pool) Put(c *Conn) {
	p.Mu.Lock()
	p.conns = append(p.conns, c)
	p.Mu.Unlock()
}

// Mark is a package function that locks its argument's mutex.
func Mark(c *Conn) {
	c.Mu.Lock()
	c.closed = true
	c.Mu.Unlock()
}
