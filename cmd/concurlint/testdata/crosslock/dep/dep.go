// Package dep keeps a pool of connections; Drain locks the pool and then
// each connection.
package dep

import "sync"

type Conn struct {
	Mu     sync.Mutex
	closed bool
}

func (c *Conn) Close() {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	c.closed = true
}

type Pool struct {
	Mu    sync.Mutex
	conns []*Conn
}

// Drain: Pool.Mu, then Conn.Mu.
func (p *Pool) Drain() {
	p.Mu.Lock()
	defer p.Mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *Pool) Put(c *Conn) {
	p.Mu.Lock()
	p.conns = append(p.conns, c)
	p.Mu.Unlock()
}
