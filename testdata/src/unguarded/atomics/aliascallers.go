package atomics

import (
	"sync"
	"sync/atomic"
)

// Registry hands out leases. Lookups run under the read lock and may drop
// an expired lease, which bumps the generation with an atomic add through
// the lease's back pointer (l.reg, the same registry the caller locked).
// Shutdown holds the lock exclusively, so its plain read of the generation
// cannot overlap any of those adds.
type Registry struct {
	mu     sync.RWMutex
	leases map[string]*lease
	gen    int64
}

type lease struct {
	reg  *Registry
	refs int32
	name string
}

func (r *Registry) Lookup(name string) *lease {
	r.mu.RLock()
	defer r.mu.RUnlock()
	l := r.leases[name]
	if l != nil && l.refs == 0 {
		l.drop()
		return nil
	}
	return l
}

// Close drops the lease under its registry's read lock, taken through the
// back pointer.
func (l *lease) Close() {
	l.reg.mu.RLock()
	l.drop()
	l.reg.mu.RUnlock()
}

func (l *lease) drop() {
	if atomic.AddInt32(&l.refs, -1) <= 0 {
		l.reg.retire()
	}
}

func (r *Registry) retire() {
	atomic.AddInt64(&r.gen, 1)
}

func (r *Registry) Generation() int64 {
	return atomic.LoadInt64(&r.gen)
}

func (r *Registry) Shutdown() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	g := r.gen // no diagnostic: every atomic add runs under r.mu's read lock
	r.leases = nil
	return g
}

// Pool has the same shape, but Sweep drops leases with no lock at all:
// its add can run during Drain's plain read.
type Pool struct {
	mu     sync.RWMutex
	leases map[string]*please
	gen    int64
}

type please struct {
	pool *Pool
	refs int32
}

func (p *Pool) Lookup(name string) *please {
	p.mu.RLock()
	defer p.mu.RUnlock()
	l := p.leases[name]
	if l != nil && l.refs == 0 {
		l.drop()
		return nil
	}
	return l
}

func (p *Pool) Sweep(ls []*please) {
	for _, l := range ls {
		l.drop()
	}
}

func (l *please) drop() {
	if atomic.AddInt32(&l.refs, -1) <= 0 {
		l.pool.retire()
	}
}

func (p *Pool) retire() {
	atomic.AddInt64(&p.gen, 1)
}

func (p *Pool) Generation() int64 {
	return atomic.LoadInt64(&p.gen)
}

func (p *Pool) Drain() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.gen // want `p.gen is read here with a plain load but accessed with sync/atomic on line \d+`
	p.leases = nil
	return g
}
