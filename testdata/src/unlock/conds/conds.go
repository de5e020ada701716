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

// Silent: one computed condition tested twice keeps its outcome, whatever
// is written between (a lookup that fills a cache when there is one).
type index struct {
	mu    sync.RWMutex
	cache map[string]int
	data  map[string]int
}

func (x *index) Lookup(key string, lock bool) int {
	cached := x.cache != nil
	if lock {
		if cached {
			x.mu.Lock()
		} else {
			x.mu.RLock()
		}
	}
	v := x.data[key]
	if cached {
		x.cache[key] = v
	}
	if lock {
		if cached {
			x.mu.Unlock()
		} else {
			x.mu.RUnlock()
		}
	}
	return v
}

// Silent: updating the map does not change whether the field is nil.
func (x *index) Remember(key string, v int) {
	if x.cache != nil {
		x.mu.Lock()
	}
	if x.cache != nil {
		x.cache[key] = v
	}
	if x.cache != nil {
		x.mu.Unlock()
	}
}

// The field itself is stored between two evaluations: the second may
// differ.
func (x *index) Drop() {
	if x.cache != nil {
		x.mu.Lock()
	}
	x.cache = nil
	if x.cache != nil {
		x.mu.Unlock() // want `x.mu is unlocked here on a path where the Lock at line \d+ did not run`
	}
}
