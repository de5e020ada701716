// Idiom 8: locks held by the caller.
package callers

import "sync"

type Registry struct {
	mu    sync.Mutex
	items map[string]int
	gen   int
}

func (r *Registry) Put(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[k] = v
	bump(r)
}

func (r *Registry) Del(k string) {
	r.mu.Lock()
	delete(r.items, k)
	bump(r)
	r.mu.Unlock()
}

func (r *Registry) Gen() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gen
}

func (r *Registry) Snapshot() (int, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gen, len(r.items)
}

// bump is a plain function: every call site holds r.mu.
func bump(r *Registry) {
	r.gen++ // no diagnostic: every caller holds r.mu
}

// touch is called once without the lock: call-site evidence fails.
func touch(r *Registry) {
	r.gen = 1 // want `r.gen is written here without r.mu, which guards it in 4 other accesses`
}

func (r *Registry) Touch() {
	r.mu.Lock()
	touch(r)
	r.mu.Unlock()
	touch(r)
}

// ResetUnsafe takes no lock of its own: the name says the caller holds it.
func (r *Registry) ResetUnsafe() {
	r.gen = 0 // no diagnostic: the caller holds the lock by contract
}

// Clear empties the registry. The caller must hold r.mu.
func (r *Registry) Clear() {
	r.items = map[string]int{} // no diagnostic: the caller holds r.mu by contract
}

// UnsafeBump takes the lock itself, so its name is no contract.
func (r *Registry) UnsafeBump() {
	r.mu.Lock()
	r.mu.Unlock()
	r.items = nil // want `r.items is written here without r.mu, which guards it in 4 other accesses`
}
