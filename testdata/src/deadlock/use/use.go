// Package use: deadlocks through dep's facts.
package use

import "deadlock/dep"

// Shutdown holds c.Mu and calls dep's Close, which locks it again.
func Shutdown(c *dep.Conn) {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	c.Close() // want `c\.Mu is held \(line 8\) and Close locks it again at dep\.go:\d+, so this call deadlocks`
}

func ShutdownOK(c *dep.Conn) {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	c.CloseLocked() // no diagnostic: the Locked variant
}

// Recycle holds the connection lock and returns it to the pool, which
// dep.Drain locks in the other order.
func Recycle(p *dep.Pool, c *dep.Conn) {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	p.Put(c) // want `lock order inversion: Pool\.Mu is acquired while Conn\.Mu is held \(through Put\), but Pool\.Mu then Conn\.Mu in Pool\.Drain \(through Close\) \(deadlock/dep, dep\.go:\d+\)`
}

// RecycleOK releases the connection first.
func RecycleOK(p *dep.Pool, c *dep.Conn) {
	c.Mu.Lock()
	c.Mu.Unlock()
	p.Put(c) // no diagnostic: c.Mu released
}

// A package-qualified helper: its first argument is the connection (no
// receiver in front).
func Retire(c *dep.Conn) {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	dep.Mark(c) // want `c\.Mu is held \(line \d+\) and Mark locks it again at dep\.go:\d+, so this call deadlocks`
}

func RetireOK(c *dep.Conn) {
	dep.Mark(c)
}
