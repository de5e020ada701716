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

// Waiter waits with a deadline: it reports whether it was woken for the
// condition, so a single Wait is enough.
type Waiter struct {
	mu   sync.Mutex
	cond *sync.Cond
	done bool
	gen  int
}

func NewWaiter() *Waiter {
	w := &Waiter{}
	w.cond = sync.NewCond(&w.mu)
	return w
}

func (w *Waiter) Reset() {
	w.mu.Lock()
	w.done = false
	w.gen++
	w.mu.Unlock()
}

func (w *Waiter) Finish() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
	w.cond.Broadcast()
}

// WaitOnce waits for one wake-up and re-tests done: silent.
func (w *Waiter) WaitOnce() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.cond.Wait() // no diagnostic: done is tested again below
	}
	return w.done
}

// RCache waits under a read lock through RLocker: the link is not
// followed, so nothing is said.
type RCache struct {
	mu    sync.RWMutex
	cond  *sync.Cond
	ready bool
}

func NewRCache() *RCache {
	c := &RCache{}
	c.cond = sync.NewCond(c.mu.RLocker())
	return c
}

func (c *RCache) Get() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for !c.ready {
		c.cond.Wait() // no diagnostic: L is the read lock
	}
	return c.ready
}
