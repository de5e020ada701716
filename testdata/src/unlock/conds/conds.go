package conds

import "sync"

const debug = false

type queue struct {
	mu      sync.Mutex
	pending map[int]string
	items   []string
}

// Silent: the early return sits in a constant-false branch.
func (q *queue) Disabled() {
	q.mu.Lock()
	if false {
		return
	}
	q.mu.Unlock()
}

// Silent: a const-folded condition.
func (q *queue) DebugOnly() {
	q.mu.Lock()
	if debug {
		return
	}
	q.mu.Unlock()
}

// Silent: the same len(q.pending) != 0 guards the Lock and the Unlock,
// and nothing between writes q.pending.
func (q *queue) Flush() {
	if len(q.pending) != 0 {
		q.mu.Lock()
	}
	q.items = append(q.items, "flush")
	if len(q.pending) != 0 {
		q.mu.Unlock()
	}
}

// The map is written between the two tests: the second may differ, and
// the Unlock may run without the Lock.
func (q *queue) FlushChanged(k int) {
	if len(q.pending) != 0 {
		q.mu.Lock()
	}
	q.pending[k] = "x"
	if len(q.pending) != 0 {
		q.mu.Unlock() // want `q.mu is unlocked here on a path where the Lock at line 47 did not run`
	}
}

// Silent: the tested flag is a field loaded twice with no store between.
type conn struct {
	mu     sync.Mutex
	shared bool
	n      int
}

func (c *conn) Bump() {
	if c.shared {
		c.mu.Lock()
	}
	c.n++
	if c.shared {
		c.mu.Unlock()
	}
}
