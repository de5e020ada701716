// Package use returns a connection to the pool while holding it: the
// other order of dep's Drain.
package use

import "example.com/crosslock/dep"

func Recycle(p *dep.Pool, c *dep.Conn) {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	p.Put(c)
}

// RecycleOK releases the connection first.
func RecycleOK(p *dep.Pool, c *dep.Conn) {
	c.Mu.Lock()
	c.Mu.Unlock()
	p.Put(c)
}
