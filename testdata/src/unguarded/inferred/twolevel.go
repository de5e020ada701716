package inferred

import "sync"

// notifier batches peer events: producers take the priority lock for
// reading (so the drainer, which takes it for writing, goes first) and the
// pending set's own mutex exclusively.
type notifier struct {
	prioLk  sync.RWMutex
	pendMx  sync.Mutex
	pending map[string]struct{}
	drained int
}

func (n *notifier) notify(peer string) {
	n.prioLk.RLock()
	n.pendMx.Lock()
	n.pending[peer] = struct{}{} // no diagnostic: pendMx is held exclusively
	n.pendMx.Unlock()
	n.prioLk.RUnlock()
}

func (n *notifier) drain() []string {
	n.prioLk.Lock()
	defer n.prioLk.Unlock()
	var out []string
	for p := range n.pending {
		out = append(out, p)
	}
	n.pending = make(map[string]struct{})
	n.drained += len(out)
	return out
}

func (n *notifier) size() int {
	n.prioLk.Lock()
	defer n.prioLk.Unlock()
	return len(n.pending)
}

// forget deletes holding only the read lock and no other lock: two
// forgetters run at once.
func (n *notifier) forget(peer string) {
	n.prioLk.RLock()
	delete(n.pending, peer) // want `n.pending is written here holding only the read lock of n.prioLk, which guards it in \d+ other accesses`
	n.prioLk.RUnlock()
}
