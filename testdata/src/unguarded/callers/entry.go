package callers

import "sync"

type conn struct {
	mu    sync.Mutex
	err   error
	state int
}

func (c *conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *conn) State() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

func (c *conn) Fail(err error) {
	c.mu.Lock()
	c.recordFailure(err)
	c.mu.Unlock()
}

// recordFailure notes the error and moves to the failed state.
// Connection lock is held on entry.
func (c *conn) recordFailure(err error) {
	c.err = err // no diagnostic: the contract says the caller holds c.mu
	c.state = 2
}

// Reset clears the error without the lock: nothing says a caller holds it.
func (c *conn) Reset() {
	c.err = nil // want `c.err is written here without c.mu, which guards it in \d+ other accesses`
}

func (c *conn) Failed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err != nil
}

func (c *conn) Describe() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		return "ok"
	}
	return c.err.Error()
}

// clearFailure forgets the error; the caller is responsible for locking c.mu.
func (c *conn) clearFailure() {
	c.err = nil // no diagnostic: the contract says the caller holds c.mu
	c.state = 0
}
