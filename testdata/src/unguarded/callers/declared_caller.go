package callers

import "sync"

type balancer struct {
	cfg string

	mu       sync.Mutex // guards everything following.
	state    int
	backends []string
	inFall   bool
}

func (lb *balancer) Update(addrs []string) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	lb.refresh(addrs, false)
}

func (lb *balancer) Fallback() {
	lb.mu.Lock()
	lb.refresh(nil, true)
	lb.mu.Unlock()
}

// refresh replaces the backends and recomputes the state.
//
// Caller must hold lb.mu.
func (lb *balancer) refresh(addrs []string, fallback bool) {
	lb.backends = addrs // no diagnostic: the caller holds lb.mu by contract
	lb.inFall = fallback
	lb.recompute()
}

// recompute is only called with lb.mu held (call-site evidence).
func (lb *balancer) recompute() {
	lb.state = len(lb.backends) // no diagnostic
}

// Reset forgets the backends without the lock.
func (lb *balancer) Reset() {
	lb.backends = nil // want `lb.backends is written here without lb.mu, which is declared to guard it`
}
