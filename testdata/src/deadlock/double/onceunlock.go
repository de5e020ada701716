package double

import (
	"errors"
	"sync"
)

type conn struct{ healthy bool }

func (c *conn) ping() bool { return c.healthy }

// Pool lends connections. take unlocks early around the health check
// with a Once, so the deferred Once.Do does nothing on that path and
// unlocks on the others: take never returns holding p.mu, and Borrow can
// call stats, which locks it.
type Pool struct {
	mu    sync.Mutex
	idle  []*conn
	lent  int
	state map[string]int
}

func (p *Pool) take() *conn {
	p.mu.Lock()
	var unlock sync.Once
	defer unlock.Do(p.mu.Unlock)
	for len(p.idle) > 0 {
		c := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		unlock.Do(p.mu.Unlock)
		if c.ping() {
			return c
		}
		p.mu.Lock()
		unlock = sync.Once{}
	}
	p.lent++
	return nil
}

func (p *Pool) stats() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lent
}

func (p *Pool) Borrow() (*conn, int) {
	c := p.take()
	return c, p.stats() // no diagnostic: take released p.mu on every path
}

var (
	errExpired     = errors.New("expired")
	errUnavailable = errors.New("unavailable")
)

// Fail handles one error code: the lock taken for an expired session is
// held to the end of the function (a defer), but the code that resets
// locks again only for another code, never on the same path.
func (p *Pool) Fail(code string) {
	if code == "expired" {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.state["expired"]++
	}
	if code == "unavailable" {
		p.reset() // no diagnostic: code cannot be both
	}
}

// FailAny also resets on a check that can hold together with the first.
func (p *Pool) FailAny(code string, retriable bool) {
	if code == "expired" {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.state["expired"]++
	}
	if retriable {
		p.reset() // want `p\.mu is held \(line \d+\) and reset locks it again at onceunlock\.go:\d+, so this call deadlocks`
	}
}

func (p *Pool) reset() {
	p.mu.Lock()
	p.idle = nil
	p.mu.Unlock()
}
