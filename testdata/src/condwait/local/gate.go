package local

import (
	"sync"
	"sync/atomic"
)

// Gate opens once; its state is an atomic flag.
type Gate struct {
	mu     sync.Mutex
	c      *sync.Cond
	open   atomic.Bool
	closed bool
}

func NewGate() *Gate {
	g := &Gate{}
	g.c = sync.NewCond(&g.mu)
	return g
}

// Open sets the flag atomically but without g.mu: a waiter between its
// test and its Wait misses the Broadcast.
func (g *Gate) Open() {
	g.open.Store(true) // want `open is changed without g.mu held before g.c.Broadcast`
	g.c.Broadcast()
}

func (g *Gate) lock()   { g.mu.Lock() }
func (g *Gate) unlock() { g.mu.Unlock() }

// Close changes its flag under the lock taken through a wrapper: silent.
func (g *Gate) Close() {
	g.lock()
	g.closed = true
	g.unlock()
	g.c.Broadcast()
}

// Await waits for either flag.
func (g *Gate) Await() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open.Load() && !g.closed {
		g.c.Wait()
	}
}

// viaL takes the Cond's lock as c.L: silent.
func viaL(c *sync.Cond, ready *bool) {
	c.L.Lock()
	for !*ready {
		c.Wait()
	}
	c.L.Unlock()
}
