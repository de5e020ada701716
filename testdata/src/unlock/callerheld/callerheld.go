package callerheld

import (
	"sync"
	"time"
)

type conn struct {
	mu      sync.Mutex
	ready   bool
	pending []string
}

// waitReadyLocked releases and re-takes the lock its caller holds. Silent.
func (c *conn) waitReadyLocked() {
	for !c.ready {
		c.mu.Unlock()
		time.Sleep(time.Millisecond)
		c.mu.Lock()
	}
}

// flushUnsafe: the Unsafe naming says the same. Silent.
func (c *conn) flushUnsafe(send func([]string)) {
	for len(c.pending) > 0 {
		batch := c.pending
		c.pending = nil
		c.mu.Unlock()
		send(batch)
		c.mu.Lock()
	}
}

// drain releases the lock while sending.
// It must be called with c.mu held. Silent.
func (c *conn) drain(send func(string)) {
	for i := 0; i < len(c.pending); i++ {
		p := c.pending[i]
		c.mu.Unlock()
		send(p)
		c.mu.Lock()
	}
}

// pump has no contract, but every call site holds c.mu. Silent.
func (c *conn) pump(send func(string)) {
	for len(c.pending) > 0 {
		p := c.pending[0]
		c.pending = c.pending[1:]
		c.mu.Unlock()
		send(p)
		c.mu.Lock()
	}
}

func (c *conn) Send(s string, send func(string)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, s)
	c.waitReadyLocked()
	c.pump(send)
	c.drain(send)
	c.flushUnsafe(func([]string) {})
}

func (c *conn) Retry(send func(string)) {
	c.mu.Lock()
	c.pump(send)
	c.mu.Unlock()
}

// finish releases the caller's lock for good; both call sites hold it.
// Silent.
func (c *conn) finish(ok bool) {
	if !ok {
		c.mu.Unlock()
		return
	}
	c.ready = true
	c.mu.Unlock()
}

func (c *conn) Done() {
	c.mu.Lock()
	c.finish(true)
}

func (c *conn) Fail() {
	c.mu.Lock()
	c.finish(false)
}

// publish takes the lock itself for a fresh connection; otherwise it
// releases the caller's. Every call site of publish holds c.mu unless it
// passes fresh: silent.
func (c *conn) publish(fresh bool) {
	if fresh {
		c.mu.Lock()
	}
	c.ready = true
	c.mu.Unlock()
}

func (c *conn) Publish() {
	c.mu.Lock()
	c.pending = nil
	c.publish(false)
}

// publish2 is the same, but one call site does not hold c.mu: nothing
// says the Unlock has a lock to release when fresh is false.
func (c *conn) publish2(fresh bool) {
	if fresh {
		c.mu.Lock()
	}
	c.ready = true
	c.mu.Unlock() // want `c.mu is unlocked here on a path where the Lock at line 114 did not run`
}

func (c *conn) Publish2() {
	c.mu.Lock()
	c.publish2(false)
}

func (c *conn) Publish2Fresh() {
	c.publish2(true)
}
