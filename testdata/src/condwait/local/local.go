// Package local uses Conds that live in one function.
package local

import "sync"

// pingPong waits for a local flag in a goroutine that takes the lock.
func pingPong() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	done := make(chan struct{})
	go func() {
		mu.Lock()
		for !ready {
			c.Wait() // no diagnostic: held, in a loop
		}
		mu.Unlock()
		close(done)
	}()
	mu.Lock()
	ready = true
	c.Broadcast()
	mu.Unlock()
	<-done
}

// forgotLock waits in a goroutine that never took the lock.
func forgotLock() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		for !ready {
			c.Wait() // want `c.Wait is called without c.L held`
		}
	}()
	mu.Lock()
	ready = true
	c.Broadcast()
	mu.Unlock()
}

// waitOnce waits for the next signal without testing anything: a tick.
func waitOnce(mu *sync.Mutex, c *sync.Cond) {
	mu.Lock()
	c.Wait() // no diagnostic: no condition to re-check
	mu.Unlock()
}

type pool struct {
	mu    sync.Mutex
	cond  *sync.Cond
	free  int
	conns []int
}

func newPool() *pool {
	p := &pool{free: 4}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// waitFree tests once; its caller loops: silent.
func (p *pool) waitFree() {
	if p.free == 0 {
		p.cond.Wait()
	}
}

func (p *pool) get() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.free == 0 {
		p.waitFree()
	}
	p.free--
	return p.free
}

func (p *pool) put() {
	p.mu.Lock()
	p.free++
	p.mu.Unlock()
	p.cond.Signal()
}
