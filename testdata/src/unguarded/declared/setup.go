package declared

import "sync"

// A ring buffer whose capacity is set once, by contract before anyone
// uses it concurrently.
type Ring struct {
	mu     sync.Mutex
	maxLen int
	items  []int
}

// SetMax sets the capacity. It must be called before any concurrent
// access to the ring.
func (r *Ring) SetMax(n int) {
	r.maxLen = n // no diagnostic: a setup contract, and SetMax takes no lock
}

func (r *Ring) Push(v int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.items) >= r.maxLen {
		return false
	}
	r.items = append(r.items, v)
	return true
}

func (r *Ring) Cap() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.maxLen
}

func (r *Ring) Grow() {
	r.mu.Lock()
	r.maxLen *= 2
	r.mu.Unlock()
}

// Shrink halves the capacity; it is called while pushes run.
func (r *Ring) Shrink() {
	r.maxLen /= 2 // want `r.maxLen is written here without r.mu, which guards it in \d+ other accesses`
}
